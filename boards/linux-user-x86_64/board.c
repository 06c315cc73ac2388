/*
 * board.c: how a static x86 Linux executable makes a system call (common/linux_user.h),
 * for linux-user-x86_64 and linux-user-i386 alike; common/linux_user.c makes the console
 * and exit hooks of it.
 *
 * The conventions differ: x86_64 takes the number in rax and arguments in rdi, rsi,
 * rdx, and enters with syscall (which overwrites rcx and r11); i386 takes them in eax
 * and ebx, ecx, edx and enters with int $0x80. Both return in rax/eax. Each has its own
 * numbers.
 */
#include "linux_user.h"

#ifdef __x86_64__
const struct linux_syscall_numbers linux_syscall_numbers = { .read = 0, .write = 1, .exit_group = 231 };

long linux_syscall3(long number, long arg0, long arg1, long arg2)
{
	long ret;
	__asm__ volatile("syscall"
	                 : "=a"(ret)
	                 : "a"(number), "D"(arg0), "S"(arg1), "d"(arg2)
	                 : "rcx", "r11", "memory");
	return ret;
}
#else
const struct linux_syscall_numbers linux_syscall_numbers = { .read = 3, .write = 4, .exit_group = 252 };

long linux_syscall3(long number, long arg0, long arg1, long arg2)
{
	long ret;
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(number), "b"(arg0), "c"(arg1), "d"(arg2) : "memory");
	return ret;
}
#endif
