/* args: what the kernel put on the stack reaches main: argc, a NULL-terminated argv
 * and an environment after it. */
#include <stdio.h>

int main(int argc, char **argv, char **envp)
{
	printf("argc %d, argv[argc] is null %d, envp follows argv %d\n", argc, argv[argc] == NULL, envp == argv + argc + 1);
	return 66;
}
