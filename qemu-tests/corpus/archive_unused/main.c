/* archive_unused: a member nobody needs is not loaded (its constructor would print,
 * and its strong 'used' would clash with main.o's); a member that only defines a
 * symbol main.o already defines is not loaded either. */
// corpus-archive: libx.a needed.c unneeded.c dup.c
#include <stdio.h>

int needed(void);
int used(void) { return 7; }

int main(void)
{
	printf("needed() = %d, used() = %d\n", needed(), used());
	return 28;
}
