/* int128: __int128 multiplication and division on the 64-bit targets (__divti3,
 * __udivti3, __modti3, __umodti3 from libgcc.a). */
// corpus-arches: riscv64 x86_64
#include <stdio.h>

typedef unsigned __int128 u128;
typedef __int128 i128;

static void print_u128(u128 v)
{
	char digits[48];
	int n = 0;
	do {
		digits[n++] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v);
	while (n)
		putchar(digits[--n]);
}

static volatile unsigned long long seed = 0xfedcba9876543210ULL;

int main(void)
{
	u128 a = (u128)seed * seed;
	u128 b = a / 0x123456789ULL;
	i128 c = -(i128)(a >> 2) / 7;
	printf("a = ");
	print_u128(a);
	printf("\nb = ");
	print_u128(b);
	printf("\n-c = ");
	print_u128((u128)-c);
	printf("\na %% 1000000007 = %llu\n", (unsigned long long)(a % 1000000007));
	printf("high %016llx low %016llx\n", (unsigned long long)(a >> 64), (unsigned long long)a);
	return 52;
}
