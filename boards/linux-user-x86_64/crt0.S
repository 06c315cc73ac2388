/*
 * crt0.S: the entry of a static x86 Linux executable, for linux-user-x86_64 and
 * linux-user-i386 alike.
 *
 * The kernel (or qemu-user) enters _start with the stack pointer at argc, followed by
 * argv[0..argc-1], a null pointer, the environment and the auxiliary vector. That stack
 * is the program's, so crt0 only passes argc and argv to _cstart (common/start.c). The
 * frame pointer is zeroed and the return address left undefined in the unwind table, so
 * that debuggers and backtraces stop here.
 */
	.section .text.init, "ax", @progbits
	.globl _start
	.type _start, @function
_start:
	.cfi_startproc
#ifdef __x86_64__
	.cfi_undefined %rip
	xor %ebp, %ebp
	/* The x86-64 psABI has rsp 16-byte aligned at process entry, as a call needs. */
	mov (%rsp), %edi
	lea 8(%rsp), %rsi
	call _cstart
#else
	.cfi_undefined %eip
	xor %ebp, %ebp
	mov (%esp), %eax
	lea 4(%esp), %ecx
	/* The i386 psABI wants esp 16-byte aligned at a call, after the arguments. */
	and $-16, %esp
	sub $8, %esp
	push %ecx
	push %eax
	call _cstart
#endif
	.cfi_endproc
	.size _start, . - _start

/* No executable stack. */
	.section .note.GNU-stack, "", @progbits
