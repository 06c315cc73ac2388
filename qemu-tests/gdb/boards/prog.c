/*
 * prog.c: the program run-gdb-boards.sh debugs on every board, with util.c and align.c.
 *
 * main -> outer -> middle -> compute (util.c) gives a backtrace of four frames through
 * two files; globals of every kind (a struct, an array, a counter in .bss that gdb
 * watches) sit in .data and .bss. Lines the checks name carry a marker comment
 * L:NAME; the harness finds their numbers with grep, so the source can change freely.
 * Functions are noinline, and arguments are used after the calls they make, so that
 * -Og keeps every frame and every argument.
 */
#include <stdio.h>

#include "prog.h"

struct point origin = { 7, -3, "origin" };
int table[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
int counter;

__attribute__((noinline)) int middle(int m)
{
	int r = compute(m); /* L:middle-call */
	return r + m * 2;
}

__attribute__((noinline)) int outer(int o)
{
	int r = middle(o); /* L:outer-call */
	return r + o;
}

int main(void)
{
	int result = outer(3); /* L:main-call */
	int total = aligned_sum(5);
	printf("result %d total %d counter %d\n", result, total, counter); /* L:main-print */
	return 0;
}
