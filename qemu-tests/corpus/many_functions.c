/* many_functions: 256 small functions, each in its own section
 * (-ffunction-sections), called through a table. */
// corpus-cflags: -ffunction-sections
#include <stdio.h>

#define F(n) __attribute__((noinline)) static int f##n(int x) { return x * (n % 7 + 1) + n; }
#define F4(n) F(n##0) F(n##1) F(n##2) F(n##3)
#define F16(n) F4(n##0) F4(n##1) F4(n##2) F4(n##3)
#define F64(n) F16(n##0) F16(n##1) F16(n##2) F16(n##3)
F64(1) F64(2) F64(3) F64(4)
#define R(n) f##n,
#define R4(n) R(n##0) R(n##1) R(n##2) R(n##3)
#define R16(n) R4(n##0) R4(n##1) R4(n##2) R4(n##3)
#define R64(n) R16(n##0) R16(n##1) R16(n##2) R16(n##3)
static int (*const table[])(int) = { R64(1) R64(2) R64(3) R64(4) };

int main(void)
{
	unsigned long long s = 0;
	for (unsigned i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		s = s * 3 + (unsigned)table[i]((int)i);
	printf("%d functions, hash %llx\n", (int)(sizeof(table) / sizeof(table[0])), s);
	return 65;
}
