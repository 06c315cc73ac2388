#include <stdio.h>

extern int order[];
extern int count;

__attribute__((constructor(65535))) static void c65535(void) { order[count++] = 65535; printf("c 65535\n"); }
__attribute__((constructor(101))) static void c101(void) { order[count++] = 101; printf("c 101\n"); }
__attribute__((constructor)) static void c_plain(void) { order[count++] = 3; printf("c plain\n"); }
__attribute__((destructor(200))) static void c_dtor(void) { printf("c dtor 200\n"); }
