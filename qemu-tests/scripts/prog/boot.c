/* A bare-metal program for qemu-system-riscv64 -machine virt -bios none, linked with
 * qemu-tests/scripts/kernel.ld: the boot code (kept by name in .text.boot) sets the
 * stack, prints through the ns16550a UART and exits through the SiFive test device. */
#include <stdint.h>

#define UART0 ((volatile uint8_t *)0x10000000)
#define TEST_DEVICE ((volatile uint32_t *)0x100000)

static uint8_t stack[4096] __attribute__((aligned(16)));
static const char message[] = "booted from a linker script\n";
static int initialised = 7;       /* .data: proves the image was loaded whole */

static void put(const char *s)
{
	while (*s)
		*UART0 = (uint8_t)*s++;
}

__attribute__((noreturn, used)) static void boot_main(void)
{
	put(initialised == 7 ? message : "bad .data\n");
	*TEST_DEVICE = 0x5555;   /* pass: QEMU exits 0 */
	for (;;)
		;
}

__attribute__((section(".text.boot"), naked, noreturn)) void _start(void)
{
	__asm__ volatile("la sp, %0 + 4096\n\tj boot_main" : : "i"(stack));
}
