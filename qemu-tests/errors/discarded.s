# discarded: the script discards .data.gone; .data refers to the global gone_var in
# it four times and .text to the section itself (through its section symbol),
# so the link must fail naming both, instead of writing addresses of nothing.
	.text
	.globl	_start
_start:
	.4byte	0
	.dc.a	.data.gone+4
	.data
	.dc.a	gone_var
	.dc.a	gone_var
	.dc.a	gone_var
	.dc.a	gone_var
	.section .data.gone,"aw"
	.globl	gone_var
gone_var:
	.4byte	1
