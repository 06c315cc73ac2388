/* tls_le: __thread variables in .tdata and .tbss accessed with the local-exec model
 * (R_RISCV_TPREL_HI20/LO12/ADD, R_X86_64_TPOFF32, R_386_TLS_LE): offsets from the
 * thread pointer that crt0 sets up from PT_TLS. */
// corpus-cflags: -ftls-model=local-exec
#include <stdint.h>
#include <stdio.h>

__thread int counter = 5;
__thread long long wide = 0x1122334455667788LL;
__thread char name[16] = "tls-name";
__thread int zeroed[100];
__thread int aligned64 __attribute__((aligned(64))) = 64;
static __thread short local_tls = -3;
static __thread char small_bss;

__attribute__((noinline)) static int bump(void) { return ++counter; }

int main(void)
{
	int zero = 1;
	for (int i = 0; i < 100; i++)
		zero &= zeroed[i] == 0;
	printf("counter %d wide %llx name %s local %d bss %d zero %d\n", counter, (unsigned long long)wide, name,
	       local_tls, small_bss, zero);
	printf("aligned64 %d at a 64-byte boundary: %d\n", aligned64, ((uintptr_t)&aligned64 & 63) == 0);
	bump();
	bump();
	zeroed[99] = 99;
	name[3] = '_';
	local_tls = (short)(local_tls * 100);
	small_bss = 'x';
	printf("counter %d zeroed[99] %d name %s local %d bss %c\n", counter, zeroed[99], name, local_tls, small_bss);
	return 31;
}
