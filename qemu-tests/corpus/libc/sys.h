/*
 * sys.h: raw Linux system calls for the four corpus targets (internal to the stub).
 * Numbers: riscv uses the generic table, x86_64 and i386 their own.
 */
#ifndef CORPUS_SYS_H
#define CORPUS_SYS_H

#if defined(__riscv)
#define SYS_write 64
#define SYS_exit_group 94
static inline long sys3(long n, long a, long b, long c)
{
	register long a7 __asm__("a7") = n;
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2) : "memory");
	return a0;
}
#elif defined(__x86_64__)
#define SYS_write 1
#define SYS_arch_prctl 158
#define SYS_exit_group 231
static inline long sys3(long n, long a, long b, long c)
{
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
	return ret;
}
#elif defined(__i386__)
#define SYS_write 4
#define SYS_set_thread_area 243
#define SYS_exit_group 252
static inline long sys3(long n, long a, long b, long c)
{
	long ret;
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(n), "b"(a), "c"(b), "d"(c) : "memory");
	return ret;
}
#else
#error "corpus libc: unsupported architecture"
#endif

#endif
