/*
 * tls.c: the static TLS block of the main program, set up before any constructor runs.
 *
 * The template is the PT_TLS segment, found through the program headers that follow
 * __ehdr_start (the linker defines it when the ELF header is loaded, as both GNU ld's
 * default layout and solder do): p_filesz bytes of .tdata are copied and the rest up to
 * p_memsz (.tbss) is zeroed, into a static area aligned to p_align.
 *
 * Where the thread pointer goes is the psABI's TLS variant, which the linker's
 * local-exec offsets assume:
 *   riscv (variant I, no TCB gap): tp = the start of the block.
 *   x86_64, i386 (variant II): the thread pointer is the end of the block rounded up
 *   to p_align, and the word it points at holds its own address (what %fs:0/%gs:0
 *   loads in initial-exec code expect).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libc.h"
#include "sys.h"

#define PT_TLS 7

#if UINTPTR_MAX > 0xffffffffu
struct ehdr {
	unsigned char e_ident[16];
	uint16_t e_type, e_machine;
	uint32_t e_version;
	uint64_t e_entry, e_phoff, e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};
struct phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};
#else
struct ehdr {
	unsigned char e_ident[16];
	uint16_t e_type, e_machine;
	uint32_t e_version, e_entry, e_phoff, e_shoff, e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};
struct phdr {
	uint32_t p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags, p_align;
};
#endif

extern const struct ehdr __ehdr_start __attribute__((visibility("hidden")));

#define TLS_AREA_SIZE 32768
static unsigned char tls_area[TLS_AREA_SIZE] __attribute__((aligned(64)));

static void tls_fail(const char *why)
{
	write(2, why, strlen(why));
	_exit(127);
}

static void set_thread_pointer(uintptr_t tp)
{
#if defined(__riscv)
	__asm__ volatile("mv tp, %0" : : "r"(tp) : "memory");
#elif defined(__x86_64__)
	if (sys3(SYS_arch_prctl, 0x1002 /* ARCH_SET_FS */, (long)tp, 0) != 0)
		tls_fail("tls: arch_prctl(ARCH_SET_FS) failed\n");
#elif defined(__i386__)
	/* struct user_desc: a 32-bit flat data segment based at tp, limit 4 GiB in pages. */
	struct {
		int32_t entry_number;
		uint32_t base_addr, limit, flags;
	} desc = { -1, (uint32_t)tp, 0xfffff, 0x51 /* seg_32bit, limit_in_pages, useable */ };
	if (sys3(SYS_set_thread_area, (long)&desc, 0, 0) != 0)
		tls_fail("tls: set_thread_area failed\n");
	uint32_t selector = (uint32_t)desc.entry_number * 8 + 3;
	__asm__ volatile("movl %0, %%gs" : : "r"(selector) : "memory");
#endif
}

void __tls_setup(void)
{
	const struct ehdr *eh = &__ehdr_start;
	const struct phdr *ph = (const struct phdr *)((const char *)eh + eh->e_phoff);
	const struct phdr *tls = NULL;
	for (unsigned i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_TLS)
			tls = &ph[i];

	uintptr_t filesz = tls ? (uintptr_t)tls->p_filesz : 0;
	uintptr_t memsz = tls ? (uintptr_t)tls->p_memsz : 0;
	uintptr_t align = tls && tls->p_align > 1 ? (uintptr_t)tls->p_align : 1;
	if (align & (align - 1))
		tls_fail("tls: PT_TLS p_align is not a power of two\n");

	uintptr_t area = (uintptr_t)tls_area;
	uintptr_t block = (area + align - 1) & ~(align - 1);
	uintptr_t rounded = (memsz + align - 1) & ~(align - 1);
	/* Variant II puts the self pointer after the block. */
	if (block - area + rounded + 2 * sizeof(void *) > TLS_AREA_SIZE)
		tls_fail("tls: PT_TLS does not fit the static TLS area\n");

	unsigned char *dst = (unsigned char *)block;
	if (filesz)
		memcpy(dst, (const void *)(uintptr_t)tls->p_vaddr, filesz);
	memset(dst + filesz, 0, memsz - filesz);

#if defined(__riscv)
	set_thread_pointer(block);
#else
	uintptr_t tp = block + rounded;
	*(uintptr_t *)tp = tp;
	set_thread_pointer(tp);
#endif
}
