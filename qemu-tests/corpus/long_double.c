/* long_double: long double arithmetic (IEEE quad through libgcc's __addtf3, __multf3,
 * __divtf3, __fixtfdi ... on RISC-V; x87 extended on x86). The values are exact in
 * both formats, so every target prints the same. */
#include <stdio.h>

static volatile long double a = 1152921504606846976.0L; /* 2^60 */
static volatile long double b = 3.0L;

int main(void)
{
	long double sum = a + 1;
	long double prod = (long double)12345678901LL * 98765;
	long double quot = prod / 5;
	long double frac = 0;
	for (int k = 1; k <= 20; k++)
		frac += 1.0L / (1LL << k);
	printf("2^60+1 = %lld\n", (long long)(sum - 0));
	printf("product %lld quotient %lld\n", (long long)prod, (long long)quot);
	printf("sum of halves %.20f\n", (double)frac);
	printf("b/4 = %.4f, compare %d %d\n", (double)(b / 4), a > b, sum == a);
	printf("sizeof is at least a double: %d\n", sizeof(long double) >= sizeof(double));
	return 46;
}
