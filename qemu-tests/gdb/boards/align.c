/*
 * align.c: a function with code alignment inside it, built with -falign-labels=16.
 * On RISC-V the assembler pads each aligned label with NOPs and marks the padding
 * R_RISCV_ALIGN; a relaxing linker deletes bytes there (and wherever it shortens a
 * call or an address), so every line after a gap moves, and the line table must
 * move with it. Markers L:NAME as in prog.c.
 */
#include "prog.h"

__attribute__((noinline)) int aligned_sum(int n)
{ /* L:align-open */
	int total = 0; /* L:align-first */
	for (int i = 0; i < n; i++) /* L:align-for */
		total += table[i]; /* L:align-loop */
	counter += total; /* L:align-after */
	return total * 2; /* L:align-ret */
}
