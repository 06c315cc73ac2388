/* snprintf.c: formatted output to memory, always terminated when size > 0. */
#include <stdint.h>
#include <stdio.h>

#include "libc.h"

static void buf_put(struct fmt_sink *sink, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++, sink->total++)
		if (sink->total + 1 < sink->cap)
			sink->buf[sink->total] = s[i];
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_sink sink = { buf_put, buf, size, 0 };
	int n = __vformat(&sink, fmt, ap);
	if (size)
		buf[sink.total < size ? sink.total : size - 1] = '\0';
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int sprintf(char *buf, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, SIZE_MAX, fmt, ap);
	va_end(ap);
	return n;
}
