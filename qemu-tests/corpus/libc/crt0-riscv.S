/*
 * crt0 for riscv64 and riscv32 Linux user mode: the kernel (qemu-riscv*) enters _start
 * with sp at argc, argv[], NULL, envp[], NULL, auxv. gp must hold __global_pointer$
 * before any code the linker may have relaxed to gp-relative runs; the load itself
 * must not be relaxed (it would use gp to compute gp).
 */
	.section .text._start,"ax",@progbits
	.globl	_start
	.type	_start, @function
_start:
	.option	push
	.option	norelax
	lla	gp, __global_pointer$
	.option	pop
	mv	a0, sp
	andi	sp, sp, -16
	call	__libc_start
1:	j	1b
	.size	_start, . - _start
