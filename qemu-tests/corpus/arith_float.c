/* arith_float: double arithmetic. With rv64imac/lp64 and rv32imac/ilp32 every
 * operation is a soft-float call into libgcc.a (__adddf3, __muldf3, __divdf3,
 * __floatsidf, __fixdfsi, __ltdf2, ...). */
#include <stdio.h>

__attribute__((noinline)) static double newton_sqrt(double x)
{
	double r = x > 1 ? x / 2 : 1;
	for (int i = 0; i < 60; i++)
		r = (r + x / r) / 2;
	return r;
}

static volatile double inputs[] = { 2.0, 10.0, 0.25, 1e10, 123.456 };

int main(void)
{
	for (int i = 0; i < 5; i++)
		printf("sqrt(%g) = %.15f\n", inputs[i], newton_sqrt(inputs[i]));
	double sum = 0;
	for (int k = 1; k <= 1000; k++)
		sum += 1.0 / ((double)k * k);
	printf("basel %.12f %e %g\n", sum, sum, sum);
	double pi = 0;
	for (int k = 0; k < 100000; k++)
		pi += (k % 2 ? -4.0 : 4.0) / (2 * k + 1);
	printf("pi %.10f\n", pi);
	volatile double big = 1e300, tiny = 1e-300;
	printf("%e %e %g %g\n", big * 10, tiny / 1e10, big * big, -big * big);
	volatile int n = -17;
	volatile double d = -17.75;
	printf("int<->double %f %d %d %u\n", (double)n, (int)d, (int)-d, (unsigned)(d * -2));
	printf("compare %d %d %d\n", d < n, d > n, (double)n == -17.0);
	return 12;
}
