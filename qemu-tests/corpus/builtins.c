/* builtins: bit operations GCC turns into libgcc calls where the ISA lacks them
 * (__popcountdi2, __clzdi2, __ctzdi2, __bswapdi2 on rv64imac/rv32imac). */
#include <stdio.h>

static volatile unsigned long long x = 0x00f0f0f0f0f0f0f0ULL;
static volatile unsigned y = 0x80000001u;

int main(void)
{
	printf("popcount %d %d\n", __builtin_popcountll(x), __builtin_popcount(y));
	printf("clz %d %d ctz %d %d\n", __builtin_clzll(x), __builtin_clz(y), __builtin_ctzll(x), __builtin_ctz(y));
	printf("bswap %llx %x\n", (unsigned long long)__builtin_bswap64(x), (unsigned)__builtin_bswap32(y));
	printf("parity %d ffs %d\n", __builtin_parityll(x), __builtin_ffsll((long long)x));
	return 53;
}
