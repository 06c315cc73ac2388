/* stdlib.h of the corpus libc stub. */
#ifndef CORPUS_STDLIB_H
#define CORPUS_STDLIB_H
#include <stddef.h>

void *malloc(size_t n);
void free(void *p);
void *calloc(size_t count, size_t size);
void *realloc(void *p, size_t n);
void qsort(void *base, size_t count, size_t size, int (*cmp)(const void *, const void *));
__attribute__((noreturn)) void abort(void);
__attribute__((noreturn)) void exit(int status);
__attribute__((noreturn)) void _exit(int status);
int atexit(void (*fn)(void));
int abs(int x);
#endif
