/*
 * board.c: the console's registers and the exit device on QEMU's PC machine, for
 * qemu-x86_64 (both variants) and qemu-i386 alike: port I/O is the same in 32-bit and
 * 64-bit code. common/uart16550.c makes the console hooks of the register accessors.
 *
 * The console is COM1, a 16550 UART at I/O ports 0x3f8..0x3ff.
 *
 * The exit device is QEMU's isa-debug-exit at port 0xf4 (-device
 * isa-debug-exit,iobase=0xf4,iosize=0x04): writing v makes QEMU exit with (v << 1) | 1.
 * Status s is written as s + 1, so it comes out as 2s + 3: never 0 (QEMU shut down by a
 * triple fault under -no-reboot) nor 1 (QEMU could not load the image), which tells an
 * exit through the device from QEMU ending any other way. solder-run maps it back
 * (BOARD_EXIT=isa-debug-exit). Statuses 0 to 126 survive QEMU's 8-bit exit status.
 */
#include <stdint.h>

#include "board.h"
#include "uart16550.h"

#define COM1 0x3f8
#define DEBUG_EXIT_PORT 0xf4

uint8_t uart_read(unsigned reg)
{
	uint8_t value;
	__asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"((uint16_t)(COM1 + reg)));
	return value;
}

void uart_write(unsigned reg, uint8_t value)
{
	__asm__ volatile("outb %0, %1" : : "a"(value), "Nd"((uint16_t)(COM1 + reg)));
}

_Noreturn void board_exit(int status)
{
	__asm__ volatile("outl %0, %1" : : "a"((uint32_t)status + 1), "Nd"((uint16_t)DEBUG_EXIT_PORT));
	/* QEMU is gone by now; on hardware without the device, stop here. Interrupts are
	 * off, so hlt does not return. */
	for (;;)
		__asm__ volatile("hlt");
}
