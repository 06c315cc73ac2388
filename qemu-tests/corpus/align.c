/* align: over-aligned data and functions. -falign-functions=64 makes GNU as emit
 * R_RISCV_ALIGN with padding NOPs that the linker trims while relaxing, keeping each
 * function at a 64-byte boundary. */
// corpus-cflags: -falign-functions=64
#include <stdint.h>
#include <stdio.h>

static char d64[3] __attribute__((aligned(64))) = "ab";
static int d4096 __attribute__((aligned(4096))) = 5;
const char r128[5] __attribute__((aligned(128))) = "ro";
static char b256[7] __attribute__((aligned(256)));
static char odd_one = 'x';

__attribute__((noinline)) int f1(int x) { return x + 1; }
__attribute__((noinline)) int f2(int x) { return f1(x) * 2; }
__attribute__((noinline, aligned(256))) int f256(int x) { return f2(x) - 3; }

static int aligned_to(const void *p, uintptr_t a) { return ((uintptr_t)p & (a - 1)) == 0; }

int main(void)
{
	printf("data: %d %d %d %d\n", aligned_to(d64, 64), aligned_to(&d4096, 4096), aligned_to(r128, 128), aligned_to(b256, 256));
	printf("functions: %d %d %d %d\n", aligned_to((void *)f1, 64), aligned_to((void *)f2, 64), aligned_to((void *)f256, 256),
	       aligned_to((void *)main, 64));
	b256[0] = odd_one;
	printf("values: %s %d %s %c %d\n", d64, d4096, r128, b256[0], f256(10));
	return 43;
}
