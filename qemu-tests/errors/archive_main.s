# archive_main: needs member_sym from lib.a(member.o), whose header run-errors.sh
# corrupts.
	.text
	.globl	_start
_start:
	.4byte	0
	.data
	.dc.a	member_sym
