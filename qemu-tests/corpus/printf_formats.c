/* printf_formats: the stub's printf and snprintf with widths, precisions and flags;
 * the text must match C11's rules (the .expect file is what glibc prints). */
#include <stdio.h>
#include <string.h>

int main(void)
{
	printf("[%5d][%-5d][%05d][%+d][% d][%.3d][%8.3d][%-8.3d][%.0d]\n", 42, 42, -42, 7, 7, 5, -5, 5, 0);
	printf("[%#x][%#X][%#o][%o][%x][%X]\n", 255, 255, 8, 0777, 0xdeadbeefu, 0xdeadbeefu);
	printf("[%ld][%lld][%lu][%llu][%zu][%i]\n", -123456789L, -1234567890123456789LL, 4000000000UL,
	       18446744073709551615ULL, (size_t)4096, -1);
	printf("[%10s][%-10s][%.2s][%*d][%-*d][%.*s][%c%c]\n", "hi", "hi", "hello", 6, 1, 6, 1, 3, "abcdef", 'o', 'k');
	printf("[%f][%.0f][%.1f][%.3f][%10.2f][%-10.2f][%010.3f][%+.2f]\n", 3.14159, 2.5, 0.05, -1.0005, 3.14159, 3.14159, -3.14159, 1.0);
	printf("[%e][%.0e][%.3E][%g][%G][%.3g][%g][%g][%#.3g]\n", 12345.678, 5e-10, 0.000123456, 100000.0, 1e-10, 1234.5, 0.0001, 123456789.0, 1.0);
	printf("[%g][%g][%g][%.17g][%.20f]\n", 0.1, 1.0 / 3, 2.0 / 3, 0.1, 0.1);
	printf("[%f][%e][%g]\n", 1e22, 1.7976931348623157e308, 4.9e-324);
	printf("[%lld][%lld]\n", (long long)-9223372036854775807LL - 1, 9223372036854775807LL);
	printf("[%%]\n");

	char buf[16];
	int n = snprintf(buf, sizeof(buf), "%s-%d-%s", "truncated", 12345, "string");
	printf("snprintf %d '%s' %d\n", n, buf, (int)strlen(buf));
	n = snprintf(buf, 1, "xyz");
	printf("snprintf size 1: %d '%s'\n", n, buf);
	char big[64];
	sprintf(big, "%08.3f|%-6x|%+5d", 3.14159, 0xabcu, 42);
	printf("sprintf '%s'\n", big);
	return 14;
}
