/* arith_int: 32- and 64-bit integer arithmetic. On riscv32 and i386 the 64-bit
 * division and remainder are calls into libgcc.a (__divdi3, __udivdi3, __moddi3,
 * __umoddi3), so the link must pull those archive members. */
#include <stdint.h>
#include <stdio.h>

/* noinline and volatile: the divisions must happen at run time, not in the compiler. */
static volatile int64_t vs[] = { 1234567890123456789LL, -987654321987654321LL, 77, -5, 3, 1000000007 };
static volatile uint64_t vu[] = { 18446744073709551615ULL, 12345678901234567890ULL, 4294967296ULL, 10, 7 };

__attribute__((noinline)) static int64_t sdiv(int64_t a, int64_t b) { return a / b; }
__attribute__((noinline)) static int64_t smod(int64_t a, int64_t b) { return a % b; }
__attribute__((noinline)) static uint64_t udiv(uint64_t a, uint64_t b) { return a / b; }
__attribute__((noinline)) static uint64_t umod(uint64_t a, uint64_t b) { return a % b; }

int main(void)
{
	uint64_t check = 0;
	for (int i = 0; i < 6; i++)
		for (int j = 0; j < 6; j++) {
			int64_t q = sdiv(vs[i], vs[j]), r = smod(vs[i], vs[j]);
			if (q * vs[j] + r != vs[i])
				printf("bad signed %d %d\n", i, j);
			check = check * 31 + (uint64_t)q + (uint64_t)r;
		}
	for (int i = 0; i < 5; i++)
		for (int j = 0; j < 5; j++) {
			uint64_t q = udiv(vu[i], vu[j]), r = umod(vu[i], vu[j]);
			if (q * vu[j] + r != vu[i])
				printf("bad unsigned %d %d\n", i, j);
			check = check * 31 + q + r;
		}
	printf("%lld / %lld = %lld rem %lld\n", (long long)vs[0], (long long)vs[5],
	       (long long)sdiv(vs[0], vs[5]), (long long)smod(vs[0], vs[5]));
	printf("%lld / %lld = %lld rem %lld\n", (long long)vs[1], (long long)vs[2],
	       (long long)sdiv(vs[1], vs[2]), (long long)smod(vs[1], vs[2]));
	printf("%llu / %llu = %llu rem %llu\n", (unsigned long long)vu[1], (unsigned long long)vu[4],
	       (unsigned long long)udiv(vu[1], vu[4]), (unsigned long long)umod(vu[1], vu[4]));
	printf("check %016llx\n", (unsigned long long)check);

	volatile int32_t a = 2147483647, b = -2147483647 - 1;
	uint32_t wrap = (uint32_t)a + 1u;
	printf("int32 %d %d wrap %u\n", (int)(a / 7), (int)(b / 7), (unsigned)wrap);
	volatile uint64_t x = 0x123456789abcdefULL;
	printf("shifts %llx %llx %lld\n", (unsigned long long)(x << 13), (unsigned long long)(x >> 29),
	       (long long)((int64_t)-x >> 7));
	printf("mul %llx\n", (unsigned long long)(x * 0x9e3779b97f4a7c15ULL));
	return 11;
}
