/* syscall.c: write and _exit, the only system calls the corpus needs. */
#include <stdlib.h>
#include <unistd.h>

#include "sys.h"

ssize_t write(int fd, const void *buf, size_t n)
{
	return sys3(SYS_write, fd, (long)buf, (long)n);
}

void _exit(int status)
{
	for (;;)
		sys3(SYS_exit_group, status, 0, 0);
}
