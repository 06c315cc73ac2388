/* archive_chain: main.o needs b (lib1.a), whose member needs c (lib2.a), whose member
 * needs d (lib2.a again, later member). Archives are searched in command-line order. */
// corpus-archive: lib1.a b.c
// corpus-archive: lib2.a d.c c.c
#include <stdio.h>

int b(int);

int main(void)
{
	printf("b(5) = %d\n", b(5));
	return 26;
}
