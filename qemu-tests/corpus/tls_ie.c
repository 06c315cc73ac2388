/* tls_ie: the initial-exec model (a GOT slot holding the offset from the thread
 * pointer: R_X86_64_GOTTPOFF, which GNU ld relaxes to local-exec in an executable;
 * R_386_TLS_GOTIE; R_RISCV_TLS_GOT_HI20). Built -fpic: for a variable defined in the
 * same file GCC would otherwise pick local-exec whatever -ftls-model says. */
// corpus-cflags: -fpic -ftls-model=initial-exec
#include <stdio.h>

__thread int ie_a = 100;
__thread long ie_b;
__thread char ie_text[8] = "ie";

__attribute__((noinline)) static void work(int n)
{
	for (int i = 0; i < n; i++) {
		ie_a += i;
		ie_b -= i;
	}
	ie_text[2] = (char)('0' + n);
}

int main(void)
{
	work(5);
	printf("ie_a %d ie_b %ld ie_text %s\n", ie_a, ie_b, ie_text);
	return 32;
}
