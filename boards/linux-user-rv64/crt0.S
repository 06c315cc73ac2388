/*
 * crt0.S: the entry of a static RISC-V Linux executable, for linux-user-rv64 and
 * linux-user-rv32 alike.
 *
 * The kernel (or qemu-user) enters _start with sp at the initial stack, 16-byte aligned:
 * argc in the first XLEN-sized word, then argv[0..argc-1], a null pointer, the
 * environment and the auxiliary vector. That stack is the program's, so crt0 only sets
 * gp and passes argc and argv to _cstart (common/start.c). argc is read as 32 bits, which
 * is its low half on RV64 (little-endian), so the code is the same for both XLENs.
 */
#include "riscv-crt0.h"

	.section .text.init, "ax", @progbits
	.globl _start
	.type _start, @function
_start:
	riscv_entry_set_gp
	lw a0, 0(sp)
	addi a1, sp, __riscv_xlen / 8
	call _cstart
	.cfi_endproc
	.size _start, . - _start
