/* hello: the smallest program: puts, printf, and main's return value as exit status. */
#include <stdio.h>

int main(void)
{
	puts("hello, corpus");
	printf("%s %d %u %x %c\n", "printf", -7, 7u, 0xcafeu, '!');
	return 3;
}
