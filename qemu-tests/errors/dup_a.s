# dup_a: defines dup_sym at .text+0x4 (dup_b.s defines it again).
	.text
	.globl	_start
_start:
	.4byte	0
	.globl	dup_sym
dup_sym:
	.4byte	0
