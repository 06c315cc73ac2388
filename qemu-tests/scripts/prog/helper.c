/* A second object, so inputs come from more than one file. Its string literal is also
 * main.c's: a script's .rodata holds it once, as the merge section it comes in. */
int helper(int x)
{
	static const char msg[] = "helper";
	return x + msg[1];
}

const char *helper_name(void)
{
	return "strings are merged within an output section";
}
