/* prog.h: what the three sources of the gdb board program share (see prog.c). */
#ifndef GDB_BOARDS_PROG_H
#define GDB_BOARDS_PROG_H

struct point {
	int x;
	int y;
	const char *name;
};

extern struct point origin;
extern int table[8];
extern int counter;

int compute(int n);
int bump(int v);
int aligned_sum(int n);

#endif
