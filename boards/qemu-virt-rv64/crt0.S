/*
 * crt0.S: reset entry on QEMU's RISC-V virt machine in M-mode, for qemu-virt-rv64 and
 * qemu-virt-rv32 alike (no instruction here depends on XLEN).
 *
 * With -bios none QEMU starts every hart at the start of RAM, where board.ld puts
 * .text.init, with nothing set up: no stack, no gp, no trap vector. Hart 0 sets those
 * and runs the program through _cstart (common/start.c) with no arguments; the other
 * harts wait in wfi forever, since there is one stack and newlib is single-threaded.
 *
 * A trap (an illegal instruction, a misaligned or faulting access, ebreak with no
 * debugger) goes to trap_entry, which reports it through board_trap (board.c) and ends
 * the run, so a crash shows up as a message and a status rather than a hang.
 */
#include "riscv-crt0.h"

	.section .text.init, "ax", @progbits
	.globl _start
	.type _start, @function
_start:
	riscv_entry_set_gp
	csrr t0, mhartid
	bnez t0, park
	lla sp, __stack_top
	lla t0, trap_entry
	csrw mtvec, t0

	li a0, 0
	li a1, 0
	call _cstart
park:
	wfi
	j park
	.cfi_endproc
	.size _start, . - _start

/* mtvec in direct mode: every trap comes here, on a 4-byte boundary. The code that
 * trapped may have broken sp or gp, so both are set again; its stack is abandoned. */
	.p2align 2
	.type trap_entry, @function
trap_entry:
	riscv_entry_set_gp
	lla sp, __stack_top
	csrr a0, mcause
	csrr a1, mepc
	csrr a2, mtval
	call board_trap
	.cfi_endproc
	.size trap_entry, . - trap_entry
