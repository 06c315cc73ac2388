#include <stdio.h>

__attribute__((constructor)) static void ctor_c(void) { printf("ctor c\n"); }
__attribute__((destructor)) static void dtor_c(void) { printf("dtor c\n"); }
