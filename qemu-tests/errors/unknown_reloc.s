# unknown_reloc (riscv64): a relocation against foo at .text+0x4; run-errors.sh
# patches its type to 200 (in the range the psABI leaves to vendors), which no
# linker knows.
	.text
	.globl	_start
_start:
	.4byte	0
	.reloc	., R_RISCV_TLS_GD_HI20, foo
	.4byte	0
	.data
	.globl	foo
foo:
	.4byte	1
