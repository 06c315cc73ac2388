/* tls_gd: the general-dynamic model (-fpic: R_X86_64_TLSGD with a call to
 * __tls_get_addr, R_386_TLS_GD with ___tls_get_addr), which GNU ld rewrites to
 * local-exec in a static executable: the call must be gone, since nothing defines
 * __tls_get_addr. (RISC-V keeps the call in a static link, so it is left out.) */
// corpus-arches: x86_64 i386
// corpus-cflags: -fpic -ftls-model=global-dynamic
#include <stdio.h>

__thread int gd_counter = 40;
__thread char gd_buf[4];

__attribute__((noinline)) int gd_bump(void)
{
	gd_buf[0] = 'g';
	return ++gd_counter;
}

int main(void)
{
	gd_bump();
	printf("gd_counter %d gd_buf %s\n", gd_bump(), gd_buf);
	return 67;
}
