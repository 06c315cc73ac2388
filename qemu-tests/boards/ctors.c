/* Constructors run before main, in priority order, and destructors and atexit handlers
 * after it returns, in reverse; main's status 3 is what the board reports. */
#include <stdio.h>
#include <stdlib.h>

static int order;

__attribute__((constructor(200))) static void second(void)
{
	printf("constructor 200 (%d)\n", order++);
}

__attribute__((constructor(101))) static void first(void)
{
	printf("constructor 101 (%d)\n", order++);
}

__attribute__((constructor)) static void last(void)
{
	printf("constructor default (%d)\n", order++);
}

__attribute__((destructor)) static void cleanup(void)
{
	printf("destructor (%d)\n", order++);
}

static void at_exit(void)
{
	printf("atexit handler (%d)\n", order++);
}

static int initialised = 7;   /* .data, copied or loaded before main */
static int zeroed[100];       /* .bss, zero before main */

int main(int argc, char **argv)
{
	(void)argv;
	atexit(at_exit);
	int sum = 0;
	for (int i = 0; i < 100; i++)
		sum += zeroed[i];
	printf("main (%d): data %d, bss sum %d, argc %s\n", order++, initialised, sum, argc >= 0 ? "ok" : "bad");
	return 3;
}
