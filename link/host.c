/*
 * host.c: the host layer: solder_file_ops over a POSIX file descriptor and an
 * allocator over malloc. Not part of the freestanding engine.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "solder.h"

static int fd_of(void *h) { return (int)(intptr_t)h; }

static int64_t posix_pread(void *h, void *buf, size_t len, uint64_t off)
{
	size_t done = 0;
	while (done < len) {
		ssize_t n = pread(fd_of(h), (char *)buf + done, len - done, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (int64_t)done;
}

static int posix_pwrite(void *h, const void *buf, size_t len, uint64_t off)
{
	size_t done = 0;
	while (done < len) {
		ssize_t n = pwrite(fd_of(h), (const char *)buf + done, len - done, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

/* Copies through a buffer, back to front when the destination is after the source,
 * so overlapping ranges come out right. */
static int posix_copy_range(void *h, uint64_t src, uint64_t dst, uint64_t len)
{
	char buf[1 << 16];
	int backward = dst > src;
	uint64_t done = 0;
	while (done < len) {
		uint64_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);
		uint64_t at = backward ? len - done - n : done;
		int64_t got = posix_pread(h, buf, (size_t)n, src + at);
		if (got < 0)
			return -1;
		/* Bytes past the end of the file read as zeros. */
		for (int64_t i = got; i < (int64_t)n; i++)
			buf[i] = 0;
		if (posix_pwrite(h, buf, (size_t)n, dst + at))
			return -1;
		done += n;
	}
	return 0;
}

static int posix_truncate(void *h, uint64_t len)
{
	return ftruncate(fd_of(h), (off_t)len) ? -1 : 0;
}

int solder_posix_open(const char *path, struct solder_file_ops *out)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0777);
	if (fd < 0)
		return -1;
	out->handle = (void *)(intptr_t)fd;
	out->pread = posix_pread;
	out->pwrite = posix_pwrite;
	out->copy_range = posix_copy_range;
	out->truncate = posix_truncate;
	return 0;
}

void solder_posix_close(struct solder_file_ops *ops)
{
	if (ops->pread == posix_pread)
		close(fd_of(ops->handle));
	ops->handle = (void *)(intptr_t)-1;
}

static void *malloc_realloc(void *ud, void *p, size_t old_size, size_t new_size)
{
	(void)ud;
	(void)old_size;
	if (!new_size) {
		free(p);
		return NULL;
	}
	return realloc(p, new_size);
}

const struct solder_allocator solder_malloc_allocator = { malloc_realloc, NULL };
