/* x86_large: -mcmodel=large: 64-bit absolute addresses in code (MOVABS with
 * R_X86_64_64) for data and calls. */
// corpus-arches: x86_64
// corpus-cflags: -mcmodel=large
#include <stdio.h>

static long table[4] = { 1, 2, 3, 4 };
__attribute__((noinline)) static long total(void) { return table[0] + table[1] + table[2] + table[3]; }

int main(void)
{
	table[2] = 30;
	printf("large model total %ld\n", total());
	return 64;
}
