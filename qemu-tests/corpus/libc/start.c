/*
 * start.c: what _start (crt0-<arch>.S) calls with the initial stack pointer. The order
 * is the one a hosted C library keeps: thread pointer first (a constructor may touch a
 * __thread variable), then .preinit_array/.init_array, then main, then exit, which runs
 * atexit handlers and .fini_array.
 */
#include <stdlib.h>

#include "libc.h"

extern int main(int argc, char **argv, char **envp);

__attribute__((noreturn, used)) void __libc_start(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;

	__tls_setup();
	__libc_init(argc, argv, envp);
	exit(main(argc, argv, envp));
}
