/* archive_group: lib1.a(ping.o) needs pong in lib2.a, whose member needs ping_tail
 * back in lib1.a: only a --start-group/--end-group rescan finds it. */
// corpus-archive: lib1.a ping.c tail.c
// corpus-archive: lib2.a pong.c
// corpus-link: main.o --start-group lib1.a lib2.a --end-group
#include <stdio.h>

int ping(int);

int main(void)
{
	printf("ping(3) = %d\n", ping(3));
	return 27;
}
