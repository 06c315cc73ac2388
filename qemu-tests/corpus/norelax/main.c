/* norelax: one file built -mno-relax (no R_RISCV_RELAX: its calls and accesses keep
 * their full length) linked with relaxable ones. */
// corpus-file-cflags-riscv64: -mno-relax
// corpus-file-cflags-riscv32: -mno-relax
#include <stdio.h>

int relaxed_value(int);
int strict_value = 9;

__attribute__((noinline)) int strict_twice(int x) { return 2 * x; }

int main(void)
{
	printf("%d %d\n", relaxed_value(strict_twice(5)), strict_value);
	return 63;
}
