/* tls_bss: thread-local data that is all .tbss, so PT_TLS has p_filesz 0. */
#include <stdio.h>

__thread int only_bss[64];
__thread long long also_bss;

int main(void)
{
	int nonzero = 0;
	for (int i = 0; i < 64; i++)
		nonzero += only_bss[i] != 0;
	only_bss[63] = 63;
	also_bss = -1;
	printf("nonzero %d last %d also %lld\n", nonzero, only_bss[63], also_bss);
	return 33;
}
