/*
 * stdio.c: stdout, line buffered: a newline or a full buffer writes it out, and exit
 * flushes the rest. Fewer system calls keep the QEMU runs short.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libc.h"

static char out_buf[1024];
static size_t out_len;

void __stdout_flush(void)
{
	size_t done = 0;
	while (done < out_len) {
		ssize_t n = write(1, out_buf + done, out_len - done);
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	out_len = 0;
}

void __stdout_put(struct fmt_sink *sink, const char *s, size_t n)
{
	int newline = 0;
	for (size_t i = 0; i < n; i++) {
		if (out_len == sizeof(out_buf))
			__stdout_flush();
		out_buf[out_len++] = s[i];
		newline |= s[i] == '\n';
	}
	if (newline)
		__stdout_flush();
	if (sink)
		sink->total += n;
}

int putchar(int c)
{
	char ch = (char)c;
	__stdout_put(NULL, &ch, 1);
	return (unsigned char)c;
}

int puts(const char *s)
{
	__stdout_put(NULL, s, strlen(s));
	__stdout_put(NULL, "\n", 1);
	return 1;
}
