/*
 * linux_user.h: what a linux-user board's board.c gives linux_user.c, which implements
 * the console and exit hooks (board.h) of a static Linux executable on top of it: the
 * architecture's way into the kernel and its numbers for the system calls used.
 */
#ifndef SOLDER_LINUX_USER_H
#define SOLDER_LINUX_USER_H

struct linux_syscall_numbers {
	long read, write, exit_group;
};

extern const struct linux_syscall_numbers linux_syscall_numbers;

/* Makes system call number with three arguments and returns what the kernel returned,
 * -4095..-1 being -errno. */
long linux_syscall3(long number, long arg0, long arg1, long arg2);

#endif
