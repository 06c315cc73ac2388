/* float_hard: hardware floating point on RISC-V (rv64gc/lp64d, rv32imafdc/ilp32d):
 * its own libc and libgcc multilib, and objects whose ELF flags say double-float ABI. */
// corpus-abi-riscv64: -march=rv64gc -mabi=lp64d -mcmodel=medany
// corpus-abi-riscv32: -march=rv32imafdc -mabi=ilp32d
#include <stdio.h>

__attribute__((noinline)) static double poly(double x) { return ((2.5 * x - 1.25) * x + 0.5) * x - 3; }
__attribute__((noinline)) static float fpoly(float x) { return (1.5f * x + 2) * x; }

int main(void)
{
	double s = 0;
	for (int i = -10; i <= 10; i++)
		s += poly(i / 4.0);
	printf("%.9f %.6f %g\n", s, (double)fpoly(1.75f), poly(1e3));
	volatile double d = 2.0;
	double r = 1;
	for (int i = 0; i < 30; i++)
		r = 0.5 * (r + d / r);
	printf("sqrt2 %.17g\n", r);
	return 61;
}
