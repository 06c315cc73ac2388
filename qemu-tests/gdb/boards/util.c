/*
 * util.c: compute and bump for prog.c, in a second object so that the line table,
 * backtrace and breakpoints cross compilation units. Markers L:NAME as in prog.c.
 */
#include "prog.h"

__attribute__((noinline)) int bump(int v)
{ /* L:bump-open */
	int w = v + origin.x; /* L:bump-body */
	return w * 2;
}

__attribute__((noinline)) static int add_table(int n)
{
	int s = 0;
	for (int i = 0; i < n; i++)
		s += table[i];
	return s;
}

__attribute__((noinline)) int compute(int n)
{ /* L:compute-open */
	int sum = 0; /* L:compute-first */
	sum = add_table(n); /* L:compute-sum */
	counter += sum; /* L:compute-count */
	sum = bump(sum); /* L:compute-bump */
	return sum + n; /* L:compute-ret */
}
