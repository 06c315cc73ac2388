/* A second object, so inputs come from more than one file. */
int helper(int x)
{
	static const char msg[] = "helper";
	return x + msg[1];
}
