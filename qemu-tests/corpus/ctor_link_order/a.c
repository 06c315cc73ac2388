/* ctor_link_order: constructors without a priority run in the order of the input
 * files on the command line (c.o a.o b.o here), destructors in reverse. */
// corpus-link: c.o a.o b.o
#include <stdio.h>

__attribute__((constructor)) static void ctor_a(void) { printf("ctor a\n"); }
__attribute__((destructor)) static void dtor_a(void) { printf("dtor a\n"); }

int main(void)
{
	printf("main\n");
	return 54;
}
