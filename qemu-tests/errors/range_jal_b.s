# range_jal_b (riscv64): target at .text+0xffffe, right after range_jal_a.o's 4 bytes.
	.option	norelax
	.text
	.skip	0xffffe
	.globl	target
target:
	.4byte	0
