/* far_call: far.c lies after a 2.5 MiB block of .text (pad.c), beyond the +-1 MiB of
 * a RISC-V JAL: calls between a.c and far.c keep their AUIPC+JALR pair, while the
 * calls inside a.c relax to JAL (or C.JAL). Link order: a.o pad.o far.o. */
// corpus-link: a.o pad.o far.o
#include <stdint.h>
#include <stdio.h>

int far_function(int x);
int far_calls_back(int x);

__attribute__((noinline)) int near_square(int x) { return x * x; }
__attribute__((noinline)) static int near_twice(int x) { return near_square(x) * 2; }

int main(void)
{
	printf("near %d far %d back %d\n", near_twice(3), far_function(4), far_calls_back(5));
	uintptr_t distance = (uintptr_t)far_function - (uintptr_t)main;
	printf("far is more than 2 MiB away: %d\n", distance > (2u << 20));
	return 35;
}
