/*
 * linux_user.c: the console and exit hooks (board.h) of a static Linux executable, on
 * every architecture: the console is file descriptors 1 (out) and 0 (in), and exit is
 * exit_group. How a system call is made, and its number, is the board's (linux_user.h).
 */
#include "board.h"
#include "linux_user.h"

/* Linux's number, not the C library's: the same on every architecture. */
#define LINUX_EINTR 4

/* write may take less than asked (a pipe, a signal): go on with the rest. Other errors
 * leave nowhere to report them, so the rest is dropped. */
void board_console_write(const char *buf, size_t len)
{
	while (len > 0) {
		long n = linux_syscall3(linux_syscall_numbers.write, 1, (long)buf, (long)len);
		if (n == -LINUX_EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

/* read returns 0 at the end of input, as board.h asks; an error reads as the end too. */
size_t board_console_read(char *buf, size_t len)
{
	long n;
	do
		n = linux_syscall3(linux_syscall_numbers.read, 0, (long)buf, (long)len);
	while (n == -LINUX_EINTR);
	return n > 0 ? (size_t)n : 0;
}

_Noreturn void board_exit(int status)
{
	for (;;)
		linux_syscall3(linux_syscall_numbers.exit_group, status, 0, 0);
}
