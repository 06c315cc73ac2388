/* ctor_multi: constructors spread over three files: priorities sort across files,
 * equal priorities and plain constructors keep the input order (a.o, b.o, c.o). */
#include <stdio.h>

int order[16];
int count;

__attribute__((constructor(150))) static void a150(void) { order[count++] = 150; printf("a 150\n"); }
__attribute__((constructor)) static void a_plain(void) { order[count++] = 1; printf("a plain\n"); }
__attribute__((destructor)) static void a_dtor(void) { printf("a dtor\n"); }

int main(void)
{
	printf("main after %d constructors:", count);
	for (int i = 0; i < count; i++)
		printf(" %d", order[i]);
	printf("\n");
	return 22;
}
