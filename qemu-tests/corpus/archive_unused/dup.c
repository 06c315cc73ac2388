#include <stdio.h>
__attribute__((constructor)) static void loud(void) { printf("dup member was loaded (wrong)\n"); }
int used(void) { return -1; }
