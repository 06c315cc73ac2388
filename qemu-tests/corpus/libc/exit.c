/* exit.c: atexit handlers (last registered runs first), destructors, flush, exit. */
#include <stdio.h>
#include <stdlib.h>

#include "libc.h"

#define ATEXIT_MAX 32
static void (*handlers[ATEXIT_MAX])(void);
static int handler_count;

int atexit(void (*fn)(void))
{
	if (handler_count == ATEXIT_MAX)
		return -1;
	handlers[handler_count++] = fn;
	return 0;
}

void exit(int status)
{
	while (handler_count > 0)
		handlers[--handler_count]();
	__libc_fini();
	__stdout_flush();
	_exit(status);
}
