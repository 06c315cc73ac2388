/* stdio.h of the corpus libc stub: output to fd 1 only, line buffered. */
#ifndef CORPUS_STDIO_H
#define CORPUS_STDIO_H
#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)

int putchar(int c);
int puts(const char *s);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int sprintf(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
/* Writes out what putchar/printf buffered; exit and abort call it. */
void __stdout_flush(void);
#endif
