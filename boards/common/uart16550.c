/*
 * uart16550.c: the console hooks (board.h) on a polled 16550-compatible UART, through
 * the board's register accessors (uart16550.h).
 */
#include "board.h"
#include "uart16550.h"

void uart_putc(char c)
{
	while (!(uart_read(UART_LSR) & LSR_THR_EMPTY))
		;
	uart_write(UART_THR, (uint8_t)c);
}

void board_console_write(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		uart_putc(buf[i]);
}

/* Waits for the first byte, then takes what has already arrived, up to the end of the
 * line: the UART has no end of input, so this never returns 0 for len > 0. */
size_t board_console_read(char *buf, size_t len)
{
	size_t n = 0;
	while (n < len) {
		if (!(uart_read(UART_LSR) & LSR_DATA_READY)) {
			if (n > 0)
				break;
			continue;
		}
		buf[n] = (char)uart_read(UART_RBR);
		if (buf[n++] == '\n')
			break;
	}
	return n;
}
