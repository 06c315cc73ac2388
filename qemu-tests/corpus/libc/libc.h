/* libc.h: the stub's internal interfaces between its archive members. */
#ifndef CORPUS_LIBC_H
#define CORPUS_LIBC_H
#include <stdarg.h>
#include <stddef.h>

void __tls_setup(void);
void __libc_init(int argc, char **argv, char **envp);
void __libc_fini(void);

/* Where formatted output goes: stdout's buffer or a caller's array. */
struct fmt_sink {
	void (*put)(struct fmt_sink *sink, const char *s, size_t n);
	char *buf;
	size_t cap;    /* snprintf: bytes of buf usable, the terminator included */
	size_t total;  /* characters produced so far, stored or not */
};
int __vformat(struct fmt_sink *sink, const char *fmt, va_list ap);

/* Float conversion (%f %e %g and upper-case forms) of v without its sign: writes
 * the text into out (at least FMT_FLOAT_MAX bytes) and returns its length. */
#define FMT_FLOAT_MAX 1200
#define FMT_FLOAT_MAX_PREC 400
#define FMT_ALT 1
size_t __fmt_float(char *out, double v, char conv, int prec, int flags);

void __stdout_put(struct fmt_sink *sink, const char *s, size_t n);
#endif
