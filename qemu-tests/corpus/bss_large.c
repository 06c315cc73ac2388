/* bss_large: a 4 MiB .bss array (memsz far beyond filesz) next to small .bss and
 * .data objects; all of .bss must read as zero before main writes it. */
#include <stdint.h>
#include <stdio.h>

#define BIG (4u << 20)
static unsigned char big[BIG];
static uint32_t small_before[7];
uint32_t data_after = 0x12345678;
static uint64_t small_after;

int main(void)
{
	uint32_t nonzero = 0;
	for (uint32_t i = 0; i < BIG; i += 4096)
		nonzero += big[i] != 0;
	nonzero += big[BIG - 1] != 0;
	for (int i = 0; i < 7; i++)
		nonzero += small_before[i] != 0;
	nonzero += small_after != 0;
	printf("nonzero before: %u\n", (unsigned)nonzero);
	uint32_t sum = 0;
	for (uint32_t i = 0; i < BIG; i++)
		big[i] = (unsigned char)(i * 7 + (i >> 12));
	for (uint32_t i = 0; i < BIG; i += 333)
		sum = sum * 33 + big[i];
	small_after = 42;
	printf("sum %08x data %08x last %u %llu\n", (unsigned)sum, (unsigned)data_after, big[BIG - 1],
	       (unsigned long long)small_after);
	return 24;
}
