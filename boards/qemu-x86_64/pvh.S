/*
 * pvh.S: the note that makes an ELF64 image bootable by QEMU's PVH loader
 * (qemu-system-x86_64 -kernel), for qemu-x86_64.
 *
 * QEMU looks through the PT_NOTE segments for a note of type XEN_ELFNOTE_PHYS32_ENTRY,
 * owner "Xen", whose descriptor is the physical address of the 32-bit entry; it loads
 * the PT_LOAD segments at their physical addresses and enters there in 32-bit protected
 * mode. The section is allocated, so the linker gives it a PT_NOTE program header.
 *
 * The multiboot variant leaves this file out: QEMU tries multiboot first, and refuses an
 * ELF64 image that carries a multiboot header.
 */
#define XEN_ELFNOTE_PHYS32_ENTRY 18

	.section .note.Xen, "a", @note
	.p2align 2
	.long 4				/* n_namesz: "Xen" and its NUL */
	.long 4				/* n_descsz */
	.long XEN_ELFNOTE_PHYS32_ENTRY	/* n_type */
	.asciz "Xen"
	.long _start

/* No executable stack. */
	.section .note.GNU-stack, "", @progbits
