# undef: missing_fn is referenced five times from .data (at 0x0, 0x8, ... on a
# 64-bit target), so the error lists three places and "referenced 2 more times".
	.text
	.globl	_start
_start:
	.4byte	0
	.data
	.dc.a	missing_fn
	.dc.a	missing_fn
	.dc.a	missing_fn
	.dc.a	missing_fn
	.dc.a	missing_fn
