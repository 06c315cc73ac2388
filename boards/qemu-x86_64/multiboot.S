/*
 * multiboot.S: the multiboot (version 1) header, for qemu-i386 and the
 * qemu-x86_64/multiboot variant.
 *
 * A multiboot loader (QEMU's -kernel, GRUB) finds the header by its magic in the first
 * 8 KiB of the file, on a 4-byte boundary: board.ld puts .multiboot first in the image.
 * With flag bit 16 clear the loader takes the load addresses and the entry from the ELF
 * headers; QEMU accepts only an ELF32 file. It enters the entry in 32-bit protected mode
 * with EAX = 0x2BADB002 and EBX = the multiboot information.
 */
#define MULTIBOOT_MAGIC 0x1BADB002
/* No flags: no module alignment, no memory map and no video mode asked for. */
#define MULTIBOOT_FLAGS 0

	.section .multiboot, "a", @progbits
	.p2align 2
	.long MULTIBOOT_MAGIC
	.long MULTIBOOT_FLAGS
	.long -(MULTIBOOT_MAGIC + MULTIBOOT_FLAGS)	/* the three sum to 0 */

/* No executable stack. */
	.section .note.GNU-stack, "", @progbits
