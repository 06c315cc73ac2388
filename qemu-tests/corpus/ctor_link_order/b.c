#include <stdio.h>

__attribute__((constructor)) static void ctor_b(void) { printf("ctor b\n"); }
__attribute__((destructor)) static void dtor_b(void) { printf("dtor b\n"); }
