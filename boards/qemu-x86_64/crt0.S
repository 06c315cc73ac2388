/*
 * crt0.S: the entry on QEMU's PC machine, for qemu-x86_64 (both boot protocols) and
 * qemu-i386 alike. Compiled for x86_64 it goes on into long mode; for i386 it stays in
 * 32-bit protected mode.
 *
 * The boot protocol (PVH, pvh.S; or multiboot, multiboot.S) enters _start in 32-bit
 * protected mode with flat 4 GiB code and data segments, paging and interrupts off, and
 * nothing else: no stack, and GDTR may not point at a usable table, so no segment
 * register is loaded until crt0 has a GDT of its own. EAX and EBX hold the protocol's
 * magic and boot information; the program takes no arguments, so neither is read.
 *
 * Both kinds of code GCC makes need the FPU: x87 for long double (and for every float
 * with -m32), SSE for float and double on x86_64, and SSE for vectorised copies with -m32
 * too, since Debian's GCC defaults to -march=x86-64. So crt0 turns both on before any C.
 *
 * Long mode needs paging. crt0 identity-maps the first 1 GiB with 2 MiB pages, which
 * covers the RAM board.ld uses; the three tables are in .pagetables, outside .bss,
 * because _cstart zeroes .bss while they are in use. Then PAE, EFER.LME, paging, and a
 * far jump through a 64-bit code descriptor into 64-bit code.
 *
 * No IDT is set up: an exception triple-faults the machine, and with QEMU's -no-reboot
 * that ends the run without the exit device, which solder-run reports as a crash.
 */

#define CR0_MP (1 << 1)		/* WAIT/FWAIT honour CR0.TS */
#define CR0_EM (1 << 2)		/* x87 instructions trap: must be off */
#define CR0_NE (1 << 5)		/* x87 errors raise #MF, not the PC's IRQ 13 */
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define CR4_OSFXSR (1 << 9)	/* SSE instructions, FXSAVE/FXRSTOR */
#define CR4_OSXMMEXCPT (1 << 10) /* SIMD floating-point errors raise #XM */
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define PTE_PRESENT (1 << 0)
#define PTE_WRITE (1 << 1)
#define PTE_LARGE (1 << 7)	/* a 2 MiB page in a page directory entry */
#define PAGE_2M 0x200000
#define GDT_CODE64 0x08
#define GDT_DATA 0x10

	.section .text.init, "ax", @progbits
	.code32
	.globl _start
	.type _start, @function
_start:
	cli
	cld
	mov $__stack_top, %esp

	mov %cr0, %eax
	and $~CR0_EM, %eax
	or $(CR0_MP | CR0_NE), %eax
	mov %eax, %cr0
	mov %cr4, %eax
	or $(CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
	mov %eax, %cr4
	fninit

#ifdef __x86_64__
	/* One PML4 entry and one PDPT entry lead to a page directory of 512 2 MiB pages. */
	mov $pml4, %edi
	mov $(3 * 4096 / 4), %ecx
	xor %eax, %eax
	rep stosl
	movl $(pdpt + PTE_PRESENT + PTE_WRITE), pml4
	movl $(page_directory + PTE_PRESENT + PTE_WRITE), pdpt
	mov $page_directory, %edi
	mov $(PTE_PRESENT | PTE_WRITE | PTE_LARGE), %eax
1:	mov %eax, (%edi)
	add $8, %edi
	add $PAGE_2M, %eax
	cmp $(page_directory + 4096), %edi
	jne 1b

	mov $pml4, %eax
	mov %eax, %cr3
	mov %cr4, %eax
	or $CR4_PAE, %eax
	mov %eax, %cr4
	mov $MSR_EFER, %ecx
	rdmsr
	or $EFER_LME, %eax
	wrmsr
	mov %cr0, %eax
	or $CR0_PG, %eax
	mov %eax, %cr0

	lgdt gdt_pointer
	ljmp $GDT_CODE64, $long_mode

	.code64
long_mode:
	.cfi_startproc
	.cfi_undefined %rip
	/* The switch from 32-bit code leaves the upper halves of the registers undefined. */
	mov $__stack_top, %esp
	mov $GDT_DATA, %eax
	mov %eax, %ds
	mov %eax, %es
	mov %eax, %ss
	mov %eax, %fs
	mov %eax, %gs
	xor %edi, %edi
	xor %esi, %esi
	call _cstart
	.cfi_endproc
#else
	.cfi_startproc
	.cfi_undefined %eip
	/* The i386 psABI wants esp 16-byte aligned at a call, after the arguments. */
	sub $8, %esp
	push $0
	push $0
	call _cstart
	.cfi_endproc
#endif
	.size _start, . - _start

#ifdef __x86_64__
	.section .rodata
	.p2align 3
/* Long mode ignores the base and limit of code and data segments; what matters is L in
 * the code descriptor (64-bit code) and that each is present. */
gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* GDT_CODE64: present, ring 0, code, L=1 */
	.quad 0x00cf92000000ffff	/* GDT_DATA: present, ring 0, writable data */
gdt_end:
gdt_pointer:
	.word gdt_end - gdt - 1
	.long gdt

	.section .pagetables, "aw", @nobits
	.p2align 12
pml4:
	.skip 4096
pdpt:
	.skip 4096
page_directory:
	.skip 4096
#endif

/* No executable stack. */
	.section .note.GNU-stack, "", @progbits
