/*
 * uart16550.h: the console of the boards whose console is a 16550-compatible UART
 * (qemu-virt-*: ns16550a in memory; qemu-x86_64 and qemu-i386: COM1 in I/O space),
 * polled. uart16550.c gives board_console_write and board_console_read (board.h); the
 * board's board.c gives the two register accessors, the only part that differs between
 * such boards.
 *
 * The UART needs no set-up on QEMU; a real one would want its baud rate and FIFOs set
 * before the first write. Bytes go out as they are, with no "\n" to "\r\n" translation:
 * the output is byte for byte what the program printed.
 */
#ifndef SOLDER_UART16550_H
#define SOLDER_UART16550_H

#include <stdint.h>

#define UART_RBR 0 /* receive buffer, read */
#define UART_THR 0 /* transmit holding, write */
#define UART_LSR 5 /* line status */
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20

/* Reads, or writes, the UART's register number reg (0..7). From board.c. */
uint8_t uart_read(unsigned reg);
void uart_write(unsigned reg, uint8_t value);

/* Sends one byte, once the transmitter can take it. */
void uart_putc(char c);

#endif
