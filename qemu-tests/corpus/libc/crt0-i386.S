/*
 * crt0 for i386 Linux user mode: argc at (%esp). __libc_start takes the original stack
 * pointer as its one (stack) argument; the stack is 16-byte aligned at the call.
 */
	.section .text._start,"ax",@progbits
	.globl	_start
	.type	_start, @function
_start:
	xorl	%ebp, %ebp
	movl	%esp, %eax
	andl	$-16, %esp
	subl	$12, %esp
	pushl	%eax
	call	__libc_start
	hlt
	.size	_start, . - _start
	.section .note.GNU-stack,"",@progbits
