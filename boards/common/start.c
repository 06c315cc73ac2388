/*
 * start.c: the C half of every board's crt0. The board's crt0.S runs first with no
 * stack, sets the stack pointer (and gp on RISC-V, and long mode on x86_64 system
 * mode), then calls _cstart with the program's arguments: those the kernel left on the
 * stack for linux-user boards, none for system-mode boards.
 *
 * _cstart brings C's memory model into being, in the order the language needs it:
 * .data holds its initial values (copied from ROM when the script loads it elsewhere),
 * .bss is zero, constructors have run, and destructors will run at exit.
 *
 * The board's linker script defines the symbols below. This code runs before .data and
 * .bss are valid, so it uses neither until they are.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

extern char __data_start[], __data_end[], __data_load[];
extern char __bss_start[], __bss_end[];

/* newlib: run .preinit_array, _init and .init_array; .fini_array and _fini. */
extern void __libc_init_array(void);
extern void __libc_fini_array(void);

extern int main(int argc, char **argv);

_Noreturn void _cstart(int argc, char **argv);

_Noreturn void _cstart(int argc, char **argv)
{
	static char *no_args[] = { NULL };

	if ((uintptr_t)__data_load != (uintptr_t)__data_start)
		memmove(__data_start, __data_load, (size_t)(__data_end - __data_start));
	memset(__bss_start, 0, (size_t)(__bss_end - __bss_start));

	if (!argv) {
		argc = 0;
		argv = no_args;
	}
	atexit(__libc_fini_array);
	__libc_init_array();
	exit(main(argc, argv));
}
