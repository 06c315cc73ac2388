# good: a valid object with code, data and a relocation section (.rela.text), the
# material the corrupt-object cases patch.
	.text
	.globl	_start
_start:
	call	helper
	.4byte	0
	.globl	helper
helper:
	ret
	.data
	.globl	table
table:
	.dc.a	helper
	.dc.a	_start
