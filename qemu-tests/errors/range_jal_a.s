# range_jal_a (riscv64): a JAL to target, which range_jal_b.s puts 0x100002 bytes
# further on (just past JAL's +-1 MiB). No relaxation may shorten the distance.
	.option	norelax
	.text
	.globl	_start
_start:
	jal	ra, target
