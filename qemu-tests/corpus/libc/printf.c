/* printf.c: formatted output to stdout. */
#include <stdio.h>

#include "libc.h"

int vprintf(const char *fmt, va_list ap)
{
	struct fmt_sink sink = { __stdout_put, NULL, 0, 0 };
	return __vformat(&sink, fmt, ap);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}
