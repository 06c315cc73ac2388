# range_x86 (x86_64): R_X86_64_32 at .text+0x1 against high_sym, which the command
# line puts at 4 GiB (--defsym=high_sym=0x100000000).
	.text
	.globl	_start
_start:
	movl	$high_sym, %eax
	.section .note.GNU-stack, "", @progbits
