#include <stdio.h>

extern int order[];
extern int count;

__attribute__((constructor(120))) static void b120(void) { order[count++] = 120; printf("b 120\n"); }
__attribute__((constructor(150))) static void b150(void) { order[count++] = 150; printf("b 150\n"); }
__attribute__((constructor)) static void b_plain(void) { order[count++] = 2; printf("b plain\n"); }
__attribute__((destructor)) static void b_dtor(void) { printf("b dtor\n"); }
