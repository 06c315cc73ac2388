/*
 * crt0 for x86_64 Linux user mode: argc at (%rsp). The psABI wants %rsp 16-byte
 * aligned at a call; %rbp zero marks the outermost frame.
 */
	.section .text._start,"ax",@progbits
	.globl	_start
	.type	_start, @function
_start:
	xorl	%ebp, %ebp
	movq	%rsp, %rdi
	andq	$-16, %rsp
	call	__libc_start
	hlt
	.size	_start, . - _start
	.section .note.GNU-stack,"",@progbits
