/* The program for scripts that ship with a C library (picolibc.ld): only the sections
 * such a script expects, no custom ones, so its own ASSERTs hold. */
int counter = 40;
int zeroed[100];
const char banner[] = "plain";

int helper(int x);

void _start(void)
{
	counter += helper(zeroed[3] + banner[0]);
	for (;;)
		;
}
