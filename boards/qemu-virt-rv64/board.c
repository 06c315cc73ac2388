/*
 * board.c: the console and exit hooks (common/board.h) on QEMU's RISC-V virt machine,
 * for qemu-virt-rv64 and qemu-virt-rv32 alike, and the report of a trap for crt0.
 *
 * The console is the ns16550a UART at 0x10000000, byte registers one apart;
 * common/uart16550.c makes the console hooks of the register accessors.
 *
 * The exit device is SiFive's test device at 0x100000: a 32-bit write of 0x5555 makes
 * QEMU exit with status 0, of (status << 16) | 0x3333 with that status.
 */
#include <stdint.h>

#include "board.h"
#include "uart16550.h"

#define UART_BASE 0x10000000u

#define TEST_DEVICE 0x100000u
#define TEST_PASS 0x5555u
#define TEST_FAIL 0x3333u

/* What crt0's trap_entry reports with: board_trap never returns, it ends the run. */
#define TRAP_STATUS 99

static volatile uint8_t *const uart = (volatile uint8_t *)UART_BASE;

uint8_t uart_read(unsigned reg)
{
	return uart[reg];
}

void uart_write(unsigned reg, uint8_t value)
{
	uart[reg] = value;
}

_Noreturn void board_exit(int status)
{
	*(volatile uint32_t *)TEST_DEVICE = status == 0 ? TEST_PASS : ((uint32_t)status << 16) | TEST_FAIL;
	/* QEMU is gone by now; on hardware without the device, stop here. */
	for (;;)
		__asm__ volatile("wfi");
}

static void put_hex(const char *name, uintptr_t value)
{
	char text[2 + 2 * sizeof(value)];
	size_t n = sizeof(text);
	do {
		text[--n] = "0123456789abcdef"[value & 0xf];
		value >>= 4;
	} while (value);
	text[--n] = 'x';
	text[--n] = '0';
	for (; *name; name++)
		uart_putc(*name);
	board_console_write(text + n, sizeof(text) - n);
}

/* Called by crt0's trap_entry on a fresh stack with the trap's CSRs. It formats the
 * numbers itself rather than with printf: the trap may have come from inside newlib. */
_Noreturn void board_trap(uintptr_t mcause, uintptr_t mepc, uintptr_t mtval);

_Noreturn void board_trap(uintptr_t mcause, uintptr_t mepc, uintptr_t mtval)
{
	put_hex("\ntrap: mcause=", mcause);
	put_hex(" mepc=", mepc);
	put_hex(" mtval=", mtval);
	board_console_write("\n", 1);
	board_exit(TRAP_STATUS);
}
