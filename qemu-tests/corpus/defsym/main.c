/* defsym: symbols the command line defines: an absolute value and an alias of a
 * function (--defsym=NAME=EXPR). */
// corpus-ldflags: --defsym=magic_marker=0x1234 --defsym=alias_of_real=real_function
#include <stdint.h>
#include <stdio.h>

extern char magic_marker[];
int alias_of_real(int);
int real_function(int x) { return x + 40; }

int main(void)
{
	printf("magic_marker = %#lx\n", (unsigned long)(uintptr_t)magic_marker);
	/* Through volatile: the compiler may assume two declared functions differ. */
	void *volatile alias = (void *)alias_of_real, *volatile real = (void *)real_function;
	printf("alias_of_real(2) = %d, same address %d\n", alias_of_real(2), alias == real);
	return 57;
}
