/* pic_got: position-independent objects in a static, non-PIE link. Extern data and
 * functions go through the GOT: R_X86_64_REX_GOTPCRELX (GNU ld relaxes the load to
 * LEA; lib.c is -fpie, main.c -fpic), R_386_GOT32X with %ebx and
 * _GLOBAL_OFFSET_TABLE_, R_RISCV_GOT_HI20 (a GOT slot the linker fills in). */
// corpus-file-cflags: -fpic
#include <stdio.h>

extern int lib_data;
extern const char lib_text[];
extern int *lib_data_ptr;
int lib_func(int);
static int local_data = 3;

int main(void)
{
	lib_data += local_data;
	printf("%s %d %d %d\n", lib_text, lib_data, lib_func(4), *lib_data_ptr);
	int (*fp)(int) = lib_func;
	printf("through pointer %d, same data %d\n", fp(1), &lib_data == lib_data_ptr);
	return 51;
}
