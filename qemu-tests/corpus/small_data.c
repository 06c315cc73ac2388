/* small_data: many small globals, which RISC-V GCC puts in .sdata/.sbss; the linker
 * relaxes their LUI/AUIPC accesses to gp-relative ones around __global_pointer$. */
#include <stdio.h>

int s1 = 1, s2 = 2, s3 = 3;
short h1 = -4;
char c1 = 'c';
long long ll1 = 5;
int z1, z2, z3;
static int st1 = 6;
static char stz;

__attribute__((noinline)) static void touch(int k)
{
	s1 += k;
	s2 *= k;
	s3 -= k;
	h1 = (short)(h1 * k);
	c1 = (char)(c1 + k);
	ll1 <<= k;
	z1 = k;
	z2 = z1 + k;
	z3 = z2 + k;
	st1 ^= k;
	stz = (char)(stz + 1);
}

int main(void)
{
	touch(3);
	touch(2);
	printf("%d %d %d %d %c %lld %d %d %d %d %d\n", s1, s2, s3, h1, c1, ll1, z1, z2, z3, st1, stz);
	return 55;
}
