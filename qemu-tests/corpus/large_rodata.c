/* large_rodata: a 512 KiB constant table in .rodata, read at its ends and middle;
 * code after it must still reach its own data. */
#include <stdint.h>
#include <stdio.h>

#define N (512 * 1024)
static const unsigned char table[N] = { [0] = 1, [1] = 2, [N / 2] = 3, [N - 1] = 4 };
static const char after[] = "after the table";

int main(void)
{
	volatile uint32_t i = N / 2;
	uint32_t sum = 0;
	for (uint32_t k = 0; k < N; k += 1024)
		sum += table[k];
	printf("%d %d %d %d sum %u %s\n", table[0], table[1], table[i], table[N - 1], (unsigned)sum, after);
	return 56;
}
