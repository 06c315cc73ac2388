/*
 * riscv-crt0.h: what every RISC-V board's crt0.S does first, as an assembler macro.
 * Include it from a .S file (the board's compile has -I boards/common).
 */
#ifndef SOLDER_RISCV_CRT0_H
#define SOLDER_RISCV_CRT0_H

/* Opens a code entry that nothing called and nothing returns to (a reset or trap entry,
 * a process's entry), ended by .cfi_endproc: debuggers stop unwinding there. Then sets
 * gp, which the linker's gp-relative relaxations of the code after it rely on. The
 * instructions setting gp must not themselves be relaxed into gp-relative ones. */
.macro riscv_entry_set_gp
	.cfi_startproc
	.cfi_undefined ra
	.option push
	.option norelax
	lla gp, __global_pointer$
	.option pop
.endm

#endif
