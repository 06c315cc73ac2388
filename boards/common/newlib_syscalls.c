/*
 * newlib_syscalls.c: the system interface newlib calls when it is configured with
 * --disable-newlib-supplied-syscalls, the same on every board. It has no devices of its
 * own: file descriptors 0, 1 and 2 are the board's console (board.h) and there is no
 * file system, so opening a file fails with ENOENT as it would on an empty disk.
 *
 * The heap is the region the board's linker script sets aside; running past its end
 * makes malloc return NULL (ENOMEM), never overwrite the stack.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/times.h>
#include <sys/time.h>
#include <unistd.h>

#include "board.h"

#undef errno
extern int errno;

/* The board's console stands behind descriptors 0, 1 and 2; there are no others. */
static int is_console(int fd)
{
	return fd >= 0 && fd <= 2;
}

int _write(int fd, const void *buf, size_t len)
{
	if (!is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	board_console_write(buf, len);
	return (int)len;
}

int _read(int fd, void *buf, size_t len)
{
	if (!is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	return (int)board_console_read(buf, len);
}

void *_sbrk(ptrdiff_t incr)
{
	static char *brk = __heap_start;
	char *old = brk;
	/* Compare sizes, not pointers past the end: incr may be large or negative. */
	if (incr > 0 ? (uintptr_t)incr > (uintptr_t)(__heap_end - brk)
	             : (uintptr_t)-incr > (uintptr_t)(brk - __heap_start)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	brk += incr;
	return old;
}

_Noreturn void _exit(int status)
{
	board_exit(status & 0xff);
}

int _close(int fd)
{
	if (!is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	return 0;
}

int _fstat(int fd, struct stat *st)
{
	if (!is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	*st = (struct stat){ .st_mode = S_IFCHR };
	return 0;
}

int _isatty(int fd)
{
	if (!is_console(fd)) {
		errno = EBADF;
		return 0;
	}
	return 1;
}

off_t _lseek(int fd, off_t offset, int whence)
{
	(void)offset;
	(void)whence;
	errno = is_console(fd) ? ESPIPE : EBADF;
	return -1;
}

int _open(const char *path, int flags, ...)
{
	(void)path;
	(void)flags;
	errno = ENOENT;
	return -1;
}

/* There is one process. abort() and raise() end up here; like a shell, report a
 * signal's death as status 128 + signal. */
int _getpid(void)
{
	return 1;
}

int _kill(int pid, int sig)
{
	if (pid != 1 || sig <= 0 || sig >= NSIG) {
		errno = EINVAL;
		return -1;
	}
	board_exit(128 + sig);
}

/* No clock on these boards: time() and clock() report failure rather than a made-up time. */
int _gettimeofday(struct timeval *tv, void *tz)
{
	(void)tv;
	(void)tz;
	errno = ENOSYS;
	return -1;
}

clock_t _times(struct tms *buf)
{
	(void)buf;
	errno = ENOSYS;
	return (clock_t)-1;
}

/* newlib's __libc_init_array and __libc_fini_array call _init and _fini around the
 * .init_array and .fini_array entries. The boards need no code there (crt0 does the
 * set-up), so these stand in for the crti/crtn a hosted toolchain would link. */
void _init(void)
{
}

void _fini(void)
{
}
