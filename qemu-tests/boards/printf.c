/* printf in all its formats: integers of every length and base, characters and strings
 * with widths and precisions, floating point in %f, %e, %g and %a, and %n. */
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int main(void)
{
	int n = 0;
	printf("int: %d %i %+d % d %05d %-5d| %x %X %#x %o %#o %u\n", -42, 42, 42, 42, 42, 42, 255, 255, 255, 8, 8, 3000000000u);
	printf("long: %ld %lu %lx %lld %llu %llx\n", -123456789L, 123456789UL, 0xabcdefUL, -1234567890123LL,
	       18446744073709551615ULL, 0x123456789abcdefULL);
	printf("short/char: %hd %hu %hhd %hhu\n", (short)-1234, (unsigned short)65535, (signed char)-5, (unsigned char)250);
	printf("sized: %zu %td %jd %" PRId32 " %" PRIu64 " %" PRIx64 "\n", (size_t)4096, (ptrdiff_t)-7, (intmax_t)-99,
	       (int32_t)-2147483647, (uint64_t)1 << 40, (uint64_t)0xdeadbeefcafeULL);
	printf("char/string: %c%c%c [%s] [%10s] [%-10s] [%.3s] [%*s]\n", 'a', 'b', 'c', "hello", "right", "left",
	       "truncate", 6, "star");
	printf("percent: 100%%%n\n", &n);
	printf("n: %d\n", n);
	printf("float: %f %.2f %10.3f %-10.1f| %+.1f\n", 3.14159265358979, 2.71828, -1.5, 0.25, 7.0);
	printf("exp: %e %.3E %g %g %g %G\n", 123456.789, 0.000123, 100000.0, 1000000.0, 0.0001, 1e-10);
	printf("hex float: %a %A\n", 1.0, 0.5);
	printf("special: %f %f %f\n", 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0 == 0.0 ? 0.0 : -0.0);
	printf("big: %.0f %.10f\n", 1e22, 1.0 / 3.0);
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%08.3f|%s", -3.5, "snprintf truncates this string");
	printf("snprintf: %d [%s]\n", len, buf);
	return 0;
}
