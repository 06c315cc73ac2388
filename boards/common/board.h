/*
 * board.h: the three things a board gives the shared newlib syscall layer
 * (newlib_syscalls.c). Everything else newlib needs from the system (the heap, file
 * descriptors, signals) is the same on every board and lives in newlib_syscalls.c.
 *
 * A system-mode board implements these with its UART and its exit device; a
 * linux-user board with the write, read and exit_group system calls. A port to real
 * hardware copies a board folder and rewrites its board.c.
 */
#ifndef SOLDER_BOARD_H
#define SOLDER_BOARD_H

#include <stddef.h>

/* Writes len bytes of buf to the console, all of them, in order. */
void board_console_write(const char *buf, size_t len);

/* Reads at most len bytes from the console into buf. Returns how many it read: at
 * least 1 when len > 0, unless the console has no more input, when it returns 0. */
size_t board_console_read(char *buf, size_t len);

/* Ends the program with status (0..255) as the board reports it: the exit status of
 * qemu-user, or the board's exit device in system mode. Never returns. */
_Noreturn void board_exit(int status);

/* The heap, between two symbols the board's linker script defines: _sbrk hands out
 * [__heap_start, __heap_end) and fails with ENOMEM beyond it. */
extern char __heap_start[];
extern char __heap_end[];

#endif
