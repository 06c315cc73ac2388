# dup_b: a second dup_sym, at .text.dup+0x8.
	.section .text.dup, "ax", @progbits
	.4byte	0
	.4byte	0
	.globl	dup_sym
dup_sym:
	.4byte	0
