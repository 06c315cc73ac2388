/*
 * board.c: how a static RISC-V Linux executable makes a system call
 * (common/linux_user.h), for linux-user-rv64 and linux-user-rv32 alike;
 * common/linux_user.c makes the console and exit hooks of it.
 *
 * System calls follow the RISC-V Linux convention, the same for both XLENs: the number
 * in a7, arguments in a0..a5, ecall, the result in a0. The numbers are the asm-generic
 * ones RISC-V uses.
 */
#include "linux_user.h"

const struct linux_syscall_numbers linux_syscall_numbers = { .read = 63, .write = 64, .exit_group = 94 };

long linux_syscall3(long number, long arg0, long arg1, long arg2)
{
	register long a0 __asm__("a0") = arg0;
	register long a1 __asm__("a1") = arg1;
	register long a2 __asm__("a2") = arg2;
	register long a7 __asm__("a7") = number;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
	return a0;
}
