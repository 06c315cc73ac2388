#include <stdio.h>
__attribute__((constructor)) static void loud(void) { printf("unneeded member was loaded (wrong)\n"); }
int unneeded(void) { return 1; }
