/* A firmware that never exits: solder-run --timeout must stop it and say so. */
#include <stdio.h>

int main(void)
{
	printf("spinning\n");
	fflush(stdout);
	for (volatile unsigned long i = 0;; i++)
		;
}
