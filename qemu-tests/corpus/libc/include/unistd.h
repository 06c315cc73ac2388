/* unistd.h of the corpus libc stub: the two system calls programs may use. */
#ifndef CORPUS_UNISTD_H
#define CORPUS_UNISTD_H
#include <stddef.h>

typedef long ssize_t;
ssize_t write(int fd, const void *buf, size_t n);
#endif
