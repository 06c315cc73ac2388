	.data
	.globl	member_sym
member_sym:
	.4byte	42
