/*
 * input.c: the command line's inputs, mapped and parsed.
 *
 * Every input is mapped read-only and stays mapped until in_free: input sections,
 * symbol names and archive member names point into the mappings, nothing is copied.
 * Relocatable objects (ELF32 and ELF64, little-endian) become ld_file entries with
 * their sections in ctx->isecs, their symbols in file->syms and their relocations
 * attached to the sections they patch. Archives (GNU, BSD and thin) become an
 * ld_file for the archive followed by one per member, and a symbol index (the
 * archive's own, or one built from the members' symbols when there is none); resolve.c
 * decides which members to pull and calls in_load_member for each.
 *
 * Everything read from a file is checked before use: offsets and sizes against the
 * file, indices against their tables, strings against their string tables. A bad
 * input is reported as "<file>: <what is wrong>: <detail>" and that file is left out;
 * reading goes on so one run reports every broken input.
 *
 * What input.c leaves to others: which sections reach the output (layout.c; here
 * live=0 only marks those that never can), COMDAT groups and symbol resolution
 * (resolve.c; here each member section's `group` names its SHT_GROUP section), and
 * the meaning of relocation types (the targets).
 *
 * Ownership, for in_free: a command-line file owns its path (a copy; its name is the
 * same string) and its mapping. A member's name is its own "lib.a(x.o)" string; its
 * path is its archive's; its bytes are the archive's, except in a thin archive, where
 * each member is a separate mapping. Members always directly follow their archive in
 * ctx->files (files[first_member] is files[archive + 1]).
 */
#define _POSIX_C_SOURCE 200809L /* strnlen */

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ld.h"
#include "script.h"

/* ---- little-endian fields, at any alignment (archive members are only 2-aligned) */

static inline uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }
static inline uint32_t rd32be(const uint8_t *p)
{
	return (uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24;
}
static inline uint64_t rd64be(const uint8_t *p) { return (uint64_t)rd32be(p) << 32 | rd32be(p + 4); }

typedef unsigned long long ull;

static const char ar_magic[8] = "!<arch>\n", thin_magic[8] = "!<thin>\n";

static int is_elf(const uint8_t *d, uint64_t size)
{
	return size >= 4 && !memcmp(d, ELFMAG, SELFMAG);
}
static int is_ar(const uint8_t *d, uint64_t size)
{
	return size >= 8 && (!memcmp(d, ar_magic, 8) || !memcmp(d, thin_magic, 8));
}
static int is_thin(const uint8_t *d, uint64_t size)
{
	return size >= 8 && !memcmp(d, thin_magic, 8);
}

/* ---- mapping files */

static const uint8_t empty_file[1];

/* Maps path read-only. Returns 0, or -1 with errno set. An empty file gets a static
 * empty buffer (mmap refuses length 0); unmap_file knows it by its size. */
static int map_file(const char *path, const uint8_t **data, uint64_t *size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		errno = EISDIR;
		return -1;
	}
	*size = (uint64_t)st.st_size;
	*data = empty_file;
	if (st.st_size > 0) {
		void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED) {
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		*data = p;
	}
	close(fd);
	return 0;
}

static void unmap_file(const uint8_t *data, uint64_t size)
{
	if (data && size)
		munmap((void *)data, (size_t)size);
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(ld_xrealloc(NULL, n), s, n);
}

/* Appends a file entry (after the unused entry 0) and returns its index. */
static uint32_t add_file(struct ld_ctx *ctx, const char *path, const char *name, const uint8_t *data,
                         uint64_t size)
{
	if (ctx->files.len == 0)
		LD_PUSH(ctx->files, (struct ld_file){ 0 });
	struct ld_file f = { .path = path, .name = name, .data = data, .size = size };
	f.priority = ctx->files.len;
	LD_PUSH(ctx->files, f);
	return ctx->files.len - 1;
}

/* ---- ELF headers */

static const char *em_name(uint16_t m, char *buf, size_t n)
{
	switch (m) {
	case EM_386: return "EM_386";
	case EM_X86_64: return "EM_X86_64";
	case EM_RISCV: return "EM_RISCV";
	case EM_ARM: return "EM_ARM";
	case EM_AARCH64: return "EM_AARCH64";
	case EM_MIPS: return "EM_MIPS";
	case EM_PPC: return "EM_PPC";
	case EM_PPC64: return "EM_PPC64";
	}
	snprintf(buf, n, "%u", m);
	return buf;
}

/* The ELF header fields input.c needs, with extended section numbering resolved. */
struct ehdr {
	int is64;
	uint16_t e_type, e_machine;
	uint32_t e_flags;
	uint64_t shoff;
	uint32_t shnum, shstrndx;
	uint32_t shentsize;
};

/* One section header, either class. */
struct shdr {
	uint32_t sh_name, sh_type, sh_link, sh_info;
	uint64_t sh_flags, sh_offset, sh_size, sh_addralign, sh_entsize;
};

static void read_shdr(const uint8_t *p, int is64, struct shdr *sh)
{
	sh->sh_name = rd32(p);
	sh->sh_type = rd32(p + 4);
	if (is64) {
		sh->sh_flags = rd64(p + 8);
		sh->sh_offset = rd64(p + 24);
		sh->sh_size = rd64(p + 32);
		sh->sh_link = rd32(p + 40);
		sh->sh_info = rd32(p + 44);
		sh->sh_addralign = rd64(p + 48);
		sh->sh_entsize = rd64(p + 56);
	} else {
		sh->sh_flags = rd32(p + 8);
		sh->sh_offset = rd32(p + 16);
		sh->sh_size = rd32(p + 20);
		sh->sh_link = rd32(p + 24);
		sh->sh_info = rd32(p + 28);
		sh->sh_addralign = rd32(p + 32);
		sh->sh_entsize = rd32(p + 36);
	}
}

/* Checks the ELF header and the extent of the section header table. Returns 0, or -1
 * with the reason in why ("<what is wrong>: <detail>"). */
static int read_ehdr(const uint8_t *d, uint64_t size, struct ehdr *eh, char *why, size_t n)
{
	if (size < SELFMAG || memcmp(d, ELFMAG, SELFMAG)) {
		snprintf(why, n, "not an ELF file");
		return -1;
	}
	if (size < EI_NIDENT) {
		snprintf(why, n, "truncated file: the ELF identification needs 0x%x bytes, the file has 0x%llx",
		         EI_NIDENT, (ull)size);
		return -1;
	}
	if (d[EI_CLASS] != ELFCLASS32 && d[EI_CLASS] != ELFCLASS64) {
		snprintf(why, n, "corrupt ELF header: unknown class %u", d[EI_CLASS]);
		return -1;
	}
	eh->is64 = d[EI_CLASS] == ELFCLASS64;
	if (d[EI_DATA] != ELFDATA2LSB) {
		snprintf(why, n, "unsupported byte order: only little-endian objects are linked (EI_DATA is %u)",
		         d[EI_DATA]);
		return -1;
	}
	uint64_t ehsize = eh->is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
	if (size < ehsize) {
		snprintf(why, n, "truncated file: the ELF header needs 0x%llx bytes, the file has 0x%llx",
		         (ull)ehsize, (ull)size);
		return -1;
	}
	eh->e_type = rd16(d + 16);
	eh->e_machine = rd16(d + 18);
	uint32_t e_shnum, e_shstrndx;
	if (eh->is64) {
		eh->shoff = rd64(d + 40);
		eh->e_flags = rd32(d + 48);
		eh->shentsize = rd16(d + 58);
		e_shnum = rd16(d + 60);
		e_shstrndx = rd16(d + 62);
	} else {
		eh->shoff = rd32(d + 32);
		eh->e_flags = rd32(d + 36);
		eh->shentsize = rd16(d + 46);
		e_shnum = rd16(d + 48);
		e_shstrndx = rd16(d + 50);
	}
	eh->shnum = 0;
	eh->shstrndx = 0;
	if (eh->shoff == 0)
		return 0;
	uint32_t want = eh->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	if (eh->shentsize != want) {
		snprintf(why, n, "corrupt ELF header: e_shentsize is %u, expected %u", eh->shentsize, want);
		return -1;
	}
	if (eh->shoff > size || size - eh->shoff < want) {
		/* e_shnum 0 means extended numbering, where section 0 alone is known */
		snprintf(why, n,
		         "truncated file: section header table at 0x%llx (%u x %u bytes) runs past the end of the file (0x%llx bytes)",
		         (ull)eh->shoff, e_shnum ? e_shnum : 1, want, (ull)size);
		return -1;
	}
	/* Extended numbering: section 0's sh_size and sh_link hold what did not fit. */
	struct shdr sh0;
	read_shdr(d + eh->shoff, eh->is64, &sh0);
	uint64_t shnum = e_shnum ? e_shnum : sh0.sh_size;
	eh->shstrndx = e_shstrndx == SHN_XINDEX ? sh0.sh_link : e_shstrndx;
	if (shnum > (size - eh->shoff) / want) {
		snprintf(why, n,
		         "truncated file: section header table at 0x%llx (%llu x %u bytes) runs past the end of the file (0x%llx bytes)",
		         (ull)eh->shoff, (ull)shnum, want, (ull)size);
		return -1;
	}
	eh->shnum = (uint32_t)shnum;
	if (eh->shstrndx && eh->shstrndx >= eh->shnum) {
		snprintf(why, n, "corrupt ELF header: section name table index %u, but there are %u sections",
		         eh->shstrndx, eh->shnum);
		return -1;
	}
	return 0;
}

/* Whether s[off..] is a NUL-terminated string inside a table of size bytes. A table
 * that ends in NUL (every table a compiler writes) needs no scan. */
static int str_ok(const uint8_t *s, uint64_t size, uint64_t off)
{
	if (off >= size)
		return 0;
	return s[size - 1] == 0 || memchr(s + off, 0, size - off) != NULL;
}

/* ---- objects */

/* Sections that are read here but never copied to the output. */
static int never_output(const struct ld_isec *s)
{
	switch (s->sh_type) {
	case SHT_NULL:
	case SHT_SYMTAB:
	case SHT_REL:
	case SHT_RELA:
	case SHT_GROUP:
	case SHT_SYMTAB_SHNDX:
	case 0x6fff4c03: /* SHT_LLVM_ADDRSIG: lld's --icf hint */
		return 1;
	}
	if (s->sh_flags & SHF_EXCLUDE)
		return 1;
	/* The stack's executability is decided by -z execstack, not by the inputs. */
	if (!strcmp(s->name, ".note.GNU-stack"))
		return 1;
	/* GCC's intermediate language; a fat LTO object also carries real code. */
	if (!strncmp(s->name, ".gnu.lto_", 9) || !strncmp(s->name, ".gnu.debuglto_", 14))
		return 1;
	return 0;
}

static void free_isec_range(struct ld_ctx *ctx, uint32_t from, uint32_t to)
{
	for (uint32_t j = from; j < to; j++) {
		free(ctx->isecs.v[j].rels);
		ctx->isecs.v[j].rels = NULL;
		ctx->isecs.v[j].nrels = 0;
	}
}

/* Undoes a partial parse: the file contributes nothing. */
static int drop_object(struct ld_ctx *ctx, uint32_t fi)
{
	struct ld_file *f = &ctx->files.v[fi];
	if (f->nsec) {
		free_isec_range(ctx, f->first_isec + 1, ctx->isecs.len);
		ctx->isecs.len = f->first_isec + 1;
	}
	f->first_isec = f->nsec = 0;
	free(f->syms);
	f->syms = NULL;
	f->nsyms = f->first_global = 0;
	f->is_object = 0;
	return -1;
}

/* Picks (or checks) the link's target for an object. Returns 0 or -1 after reporting. */
static int check_target(struct ld_ctx *ctx, struct ld_file *f, const struct ehdr *eh)
{
	uint8_t cls = eh->is64 ? 64 : 32;
	const struct ld_target *lt = ld_target_for(eh->e_machine, cls);
	char mbuf[16];
	const struct ld_target *want = ctx->lt ? ctx->lt : ctx->opt->target;
	if (!lt && !want) {
		ld_error(ctx, "%s: unsupported machine: %s (ELF%u); solder links riscv64, riscv32, x86_64 and i386",
		         f->name, em_name(eh->e_machine, mbuf, sizeof(mbuf)), cls);
		return -1;
	}
	if (want && lt != want) {
		ld_error(ctx, "%s: incompatible object: machine %s (ELF%u), the link is for %s", f->name,
		         em_name(eh->e_machine, mbuf, sizeof(mbuf)), cls, want->t->name);
		return -1;
	}
	if (!ctx->lt) {
		ctx->lt = lt;
		ctx->t = lt->t;
		ctx->elf_class = ctx->opt->elf_class ? ctx->opt->elf_class : cls;
		ctx->e_flags = eh->e_flags;
		ctx->page_size = ctx->opt->max_page_size ? (uint32_t)ctx->opt->max_page_size : ctx->t->page_size;
		return 0;
	}
	if (ctx->lt->merge_e_flags)
		return ctx->lt->merge_e_flags(ctx, &ctx->e_flags, eh->e_flags, f->name);
	return 0;
}

/* The section headers become input sections isecs[first_isec + 1 ..]. */
static int read_sections(struct ld_ctx *ctx, uint32_t fi, const struct ehdr *eh)
{
	struct ld_file *f = &ctx->files.v[fi];
	const uint8_t *d = f->data;
	uint32_t nsec = eh->shnum;

	if (ctx->isecs.len == 0)
		LD_PUSH(ctx->isecs, (struct ld_isec){ 0 });
	f->first_isec = ctx->isecs.len - 1;
	f->nsec = nsec;
	if (nsec <= 1)
		return 0;
	if ((uint64_t)ctx->isecs.len + nsec >= UINT32_MAX) {
		ld_error(ctx, "%s: too many input sections in the link", f->name);
		return -1;
	}
	if (ctx->isecs.cap - ctx->isecs.len < nsec - 1) {
		uint64_t cap = (uint64_t)ctx->isecs.cap * 2;
		if (cap < (uint64_t)ctx->isecs.len + nsec)
			cap = (uint64_t)ctx->isecs.len + nsec;
		if (cap > UINT32_MAX)
			cap = UINT32_MAX;
		ctx->isecs.v = ld_xrealloc(ctx->isecs.v, (size_t)cap * sizeof(*ctx->isecs.v));
		ctx->isecs.cap = (uint32_t)cap;
	}

	/* The section name table first: names are filled in as the headers are read. */
	const uint8_t *names = NULL;
	uint64_t names_size = 0;
	if (eh->shstrndx) {
		struct shdr sh;
		read_shdr(d + eh->shoff + (uint64_t)eh->shstrndx * eh->shentsize, eh->is64, &sh);
		if (sh.sh_type != SHT_STRTAB) {
			ld_error(ctx, "%s: corrupt ELF header: the section name table (section %u) is not SHT_STRTAB",
			         f->name, eh->shstrndx);
			return -1;
		}
		if (sh.sh_offset > f->size || f->size - sh.sh_offset < sh.sh_size) {
			ld_error(ctx,
			         "%s: truncated file: section name table (section %u) at 0x%llx (0x%llx bytes) runs past the end of the file (0x%llx bytes)",
			         f->name, eh->shstrndx, (ull)sh.sh_offset, (ull)sh.sh_size, (ull)f->size);
			return -1;
		}
		names = d + sh.sh_offset;
		names_size = sh.sh_size;
	}

	int bad = 0;
	for (uint32_t i = 1; i < nsec; i++) {
		struct shdr sh;
		read_shdr(d + eh->shoff + (uint64_t)i * eh->shentsize, eh->is64, &sh);
		struct ld_isec s = { .file = fi, .shndx = i, .sh_type = sh.sh_type, .sh_flags = sh.sh_flags,
		                     .sh_addralign = sh.sh_addralign ? sh.sh_addralign : 1,
		                     .sh_entsize = sh.sh_entsize, .sh_link = sh.sh_link, .sh_info = sh.sh_info,
		                     .size = sh.sh_size, .name = "" };
		if (names) {
			if (!str_ok(names, names_size, sh.sh_name)) {
				ld_error(ctx,
				         "%s: corrupt section header table: section %u has name offset 0x%x, but the section name table has 0x%llx bytes",
				         f->name, i, sh.sh_name, (ull)names_size);
				bad = 1;
			} else {
				s.name = (const char *)names + sh.sh_name;
			}
		}
		if (sh.sh_type != SHT_NOBITS) {
			if (sh.sh_offset > f->size || f->size - sh.sh_offset < sh.sh_size) {
				ld_error(ctx,
				         "%s: truncated file: section %u (%s) at 0x%llx (0x%llx bytes) runs past the end of the file (0x%llx bytes)",
				         f->name, i, s.name, (ull)sh.sh_offset, (ull)sh.sh_size, (ull)f->size);
				bad = 1;
			} else {
				s.data = d + sh.sh_offset;
			}
		}
		if (s.sh_addralign & (s.sh_addralign - 1)) {
			ld_error(ctx, "%s: corrupt section header table: section %u (%s) has sh_addralign 0x%llx, which is not a power of 2",
			         f->name, i, s.name, (ull)s.sh_addralign);
			bad = 1;
		}
		/* .eh_frame is one chain of length-prefixed records across every input:
		 * padding between inputs would read as a zero terminator and hide the rest
		 * from unwinders, so the pieces are packed at the records' own 4-byte
		 * alignment, as GNU ld lays them out. */
		if (!strcmp(s.name, ".eh_frame") && s.sh_addralign > 4)
			s.sh_addralign = 4;
		/* GNU ld writes PT_GNU_STACK when some input says how it uses the stack */
		if (!strcmp(s.name, ".note.GNU-stack"))
			ctx->saw_gnu_stack = 1;
		s.live = !never_output(&s);
		/* A merge section whose size is not a whole number of entries cannot be split
		 * into pieces; it is copied as it is, as GNU ld does. */
		s.is_merge = (sh.sh_flags & SHF_MERGE) && sh.sh_entsize && sh.sh_size % sh.sh_entsize == 0;
		ctx->isecs.v[ctx->isecs.len++] = s;
	}
	if (eh->shstrndx)
		ctx->isecs.v[f->first_isec + eh->shstrndx].live = 0;
	return bad ? -1 : 0;
}

/* Checks that section i's sh_link names a section (and, when type is not 0, one of
 * that type). */
static int check_link(struct ld_ctx *ctx, const struct ld_file *f, uint32_t i, uint32_t type)
{
	const struct ld_isec *s = &ctx->isecs.v[f->first_isec + i];
	if (s->sh_link == 0 || s->sh_link >= f->nsec) {
		ld_error(ctx, "%s: corrupt section header table: section %u (%s) has sh_link %u, but there are %u sections",
		         f->name, i, s->name, s->sh_link, f->nsec);
		return -1;
	}
	const struct ld_isec *l = &ctx->isecs.v[f->first_isec + s->sh_link];
	if (type && l->sh_type != type) {
		ld_error(ctx, "%s: corrupt section header table: section %u (%s) has sh_link %u (%s), which is not a %s section",
		         f->name, i, s->name, s->sh_link, l->name, type == SHT_STRTAB ? "SHT_STRTAB" : "SHT_SYMTAB");
		return -1;
	}
	return 0;
}

/* Checks that a table section's size is a whole number of entsize entries. */
static int check_table(struct ld_ctx *ctx, const struct ld_file *f, uint32_t i, uint64_t entsize)
{
	const struct ld_isec *s = &ctx->isecs.v[f->first_isec + i];
	if ((s->sh_entsize != entsize && s->sh_entsize != 0) || s->size % entsize || !s->data) {
		ld_error(ctx, "%s: corrupt section header table: section %u (%s) has sh_entsize 0x%llx and sh_size 0x%llx; expected entries of 0x%llx bytes",
		         f->name, i, s->name, (ull)s->sh_entsize, (ull)s->size, (ull)entsize);
		return -1;
	}
	return 0;
}

static int read_symbols(struct ld_ctx *ctx, uint32_t fi, int is64, uint32_t symtab, uint32_t shndx_sec,
                        int *lto_slim)
{
	struct ld_file *f = &ctx->files.v[fi];
	const struct ld_isec *st = &ctx->isecs.v[f->first_isec + symtab];
	uint32_t entsize = is64 ? sizeof(Elf64_Sym) : sizeof(Elf32_Sym);
	if (check_table(ctx, f, symtab, entsize) || check_link(ctx, f, symtab, SHT_STRTAB))
		return -1;
	struct ld_isec *strsec = &ctx->isecs.v[f->first_isec + st->sh_link];
	strsec->live = 0;
	if (!strsec->data) {
		ld_error(ctx, "%s: corrupt section header table: string table %u (%s) has no contents", f->name,
		         st->sh_link, strsec->name);
		return -1;
	}
	const uint8_t *strtab = strsec->data;
	uint64_t strsize = strsec->size;
	uint64_t nsyms = st->size / entsize;
	if (nsyms > UINT32_MAX) {
		ld_error(ctx, "%s: corrupt symbol table: 0x%llx entries", f->name, (ull)nsyms);
		return -1;
	}
	if (st->sh_info > nsyms) {
		ld_error(ctx, "%s: corrupt symbol table: sh_info (first global) is %u, but there are %llu symbols",
		         f->name, st->sh_info, (ull)nsyms);
		return -1;
	}

	const uint8_t *xtab = NULL;
	if (shndx_sec) {
		const struct ld_isec *xs = &ctx->isecs.v[f->first_isec + shndx_sec];
		if (check_table(ctx, f, shndx_sec, 4))
			return -1;
		if (xs->sh_link != symtab || xs->size / 4 < nsyms) {
			ld_error(ctx, "%s: corrupt section header table: section %u (%s) has 0x%llx entries for symbol table %u, expected 0x%llx for section %u",
			         f->name, shndx_sec, xs->name, (ull)(xs->size / 4), xs->sh_link, (ull)nsyms, symtab);
			return -1;
		}
		xtab = xs->data;
	}

	f->nsyms = (uint32_t)nsyms;
	f->first_global = st->sh_info;
	f->syms = ld_xrealloc(NULL, (nsyms ? nsyms : 1) * sizeof(*f->syms));
	const uint8_t *p = st->data;
	for (uint32_t i = 0; i < nsyms; i++, p += entsize) {
		struct ld_fsym *y = &f->syms[i];
		uint32_t st_name = rd32(p);
		uint8_t info, other;
		uint16_t sh;
		if (is64) {
			info = p[4];
			other = p[5];
			sh = rd16(p + 6);
			y->value = rd64(p + 8);
			y->size = rd64(p + 16);
		} else {
			y->value = rd32(p + 4);
			y->size = rd32(p + 8);
			info = p[12];
			other = p[13];
			sh = rd16(p + 14);
		}
		y->bind = ELF64_ST_BIND(info);
		y->type = ELF64_ST_TYPE(info);
		y->visibility = ELF64_ST_VISIBILITY(other);
		y->discarded = 0;
		y->global = 0;
		if (!str_ok(strtab, strsize, st_name)) {
			ld_error(ctx, "%s: corrupt symbol table: symbol %u has name offset 0x%x, but the string table (%s) has 0x%llx bytes",
			         f->name, i, st_name, strsec->name, (ull)strsize);
			return -1;
		}
		y->name = (const char *)strtab + st_name;
		uint32_t shndx = sh;
		if (sh == SHN_XINDEX) {
			if (!xtab) {
				ld_error(ctx, "%s: corrupt symbol table: symbol %u (%s) has st_shndx SHN_XINDEX, but there is no SHT_SYMTAB_SHNDX section",
				         f->name, i, y->name);
				return -1;
			}
			shndx = rd32(xtab + (uint64_t)i * 4);
		} else if (sh >= SHN_LORESERVE && sh != SHN_ABS && sh != SHN_COMMON) {
			ld_error(ctx, "%s: corrupt symbol table: symbol %u (%s) has st_shndx 0x%x, a reserved index solder does not know",
			         f->name, i, y->name, sh);
			return -1;
		}
		if (shndx >= f->nsec && !(sh == SHN_ABS || sh == SHN_COMMON)) {
			ld_error(ctx, "%s: corrupt symbol table: symbol %u (%s) has section index %u, but there are %u sections",
			         f->name, i, y->name, shndx, f->nsec);
			return -1;
		}
		y->shndx = shndx;
		if ((i < f->first_global) != (y->bind == STB_LOCAL) && i != 0) {
			ld_error(ctx, "%s: corrupt symbol table: symbol %u (%s) is %s, but sh_info (%u) puts it among the %s",
			         f->name, i, y->name, y->bind == STB_LOCAL ? "STB_LOCAL" : "not STB_LOCAL", f->first_global,
			         i < f->first_global ? "locals" : "globals");
			return -1;
		}
		if (sh != SHN_XINDEX ? (sh != SHN_UNDEF && sh < SHN_LORESERVE) : shndx != 0)
			y->discarded = !ctx->isecs.v[f->first_isec + shndx].live;
		if (y->name[0] == '_' && i >= f->first_global && !strcmp(y->name, "__gnu_lto_slim"))
			*lto_slim = 1;
	}
	return 0;
}

/* SHT_GROUP: a flag word, then the member section indices. */
static int read_group(struct ld_ctx *ctx, uint32_t fi, uint32_t gi, uint32_t symtab)
{
	struct ld_file *f = &ctx->files.v[fi];
	const struct ld_isec *g = &ctx->isecs.v[f->first_isec + gi];
	if (check_table(ctx, f, gi, 4))
		return -1;
	if (g->size < 4) {
		ld_error(ctx, "%s: corrupt section group %u (%s): it has no flag word", f->name, gi, g->name);
		return -1;
	}
	if (g->sh_link != symtab || !symtab || g->sh_info >= f->nsyms) {
		ld_error(ctx, "%s: corrupt section group %u (%s): signature symbol %u in section %u, but the symbol table is section %u with %u symbols",
		         f->name, gi, g->name, g->sh_info, g->sh_link, symtab, f->nsyms);
		return -1;
	}
	uint32_t gidx = f->first_isec + gi;
	for (uint64_t k = 4; k < g->size; k += 4) {
		uint32_t m = rd32(g->data + k);
		if (m == 0 || m >= f->nsec || m == gi) {
			ld_error(ctx, "%s: corrupt section group %u (%s): member section index %u, but there are %u sections",
			         f->name, gi, g->name, m, f->nsec);
			return -1;
		}
		ctx->isecs.v[f->first_isec + m].group = gidx;
	}
	return 0;
}

/* Stable sort by offset (relocations at one offset keep their order: RISC-V pairs a
 * relocation with the R_RISCV_RELAX after it). */
static void sort_rels(struct ld_rel *r, uint32_t n)
{
	uint32_t i = 1;
	while (i < n && r[i - 1].offset <= r[i].offset)
		i++;
	if (i >= n)
		return;
	struct ld_rel *tmp = ld_xrealloc(NULL, (size_t)n * sizeof(*r));
	struct ld_rel *src = r, *dst = tmp;
	for (uint64_t width = 1; width < n; width *= 2) {
		for (uint64_t lo = 0; lo < n; lo += 2 * width) {
			uint64_t mid = lo + width < n ? lo + width : n;
			uint64_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			uint64_t a = lo, b = mid, k = lo;
			while (a < mid && b < hi)
				dst[k++] = src[b].offset < src[a].offset ? src[b++] : src[a++];
			while (a < mid)
				dst[k++] = src[a++];
			while (b < hi)
				dst[k++] = src[b++];
		}
		struct ld_rel *t = src;
		src = dst;
		dst = t;
	}
	if (src != r)
		memcpy(r, src, (size_t)n * sizeof(*r));
	free(tmp);
}

static int read_relocs(struct ld_ctx *ctx, uint32_t fi, int is64, uint32_t ri, uint32_t symtab)
{
	struct ld_file *f = &ctx->files.v[fi];
	const struct ld_isec *rs = &ctx->isecs.v[f->first_isec + ri];
	int rela = rs->sh_type == SHT_RELA;
	uint32_t entsize = rela ? (is64 ? sizeof(Elf64_Rela) : sizeof(Elf32_Rela))
	                        : (is64 ? sizeof(Elf64_Rel) : sizeof(Elf32_Rel));
	if (rs->size == 0)
		return 0;
	if (check_table(ctx, f, ri, entsize))
		return -1;
	if (rs->sh_info == 0 || rs->sh_info >= f->nsec || rs->sh_info == ri) {
		ld_error(ctx, "%s: corrupt section header table: relocation section %u (%s) applies to section %u, but there are %u sections",
		         f->name, ri, rs->name, rs->sh_info, f->nsec);
		return -1;
	}
	if (!symtab || rs->sh_link != symtab) {
		ld_error(ctx, "%s: corrupt section header table: relocation section %u (%s) has sh_link %u, but the symbol table is section %u",
		         f->name, ri, rs->name, rs->sh_link, symtab);
		return -1;
	}
	uint32_t ti = f->first_isec + rs->sh_info;
	struct ld_isec *t = &ctx->isecs.v[ti];
	if (!t->live)
		return 0;
	/* A merge section with relocations is not merged, as in GNU ld: its bytes are not
	 * final (newlib's .rodata.cst8 holds function pointers as zeros plus R_X86_64_64),
	 * so pieces equal now may differ once relocated. */
	t->is_merge = 0;
	char where[512];
	if (t->sh_type == SHT_NOBITS || (!t->data && t->size)) {
		ld_error(ctx, "%s: relocation section %s applies to a section without contents",
		         ld_where(ctx, ti, 0, where, sizeof(where)), rs->name);
		return -1;
	}
	if (!rela && !ctx->lt->implicit_addend) {
		ld_error(ctx, "%s: corrupt section header table: section %u (%s) is SHT_REL, but %s relocations carry explicit addends (SHT_RELA)",
		         f->name, ri, rs->name, ctx->t->name);
		return -1;
	}
	uint64_t n = rs->size / entsize;
	if (n > UINT32_MAX - t->nrels) {
		ld_error(ctx, "%s: too many relocations for section %s", f->name, t->name);
		return -1;
	}
	uint32_t base = t->nrels;
	t->rels = ld_xrealloc(t->rels, (size_t)(base + n) * sizeof(*t->rels));
	const uint8_t *p = rs->data;
	for (uint64_t k = 0; k < n; k++, p += entsize) {
		struct ld_rel *r = &t->rels[base + k];
		if (is64) {
			uint64_t info = rd64(p + 8);
			r->offset = rd64(p);
			r->sym = (uint32_t)(info >> 32);
			r->type = (uint32_t)info;
			r->addend = rela ? (int64_t)rd64(p + 16) : 0;
		} else {
			uint32_t info = rd32(p + 4);
			r->offset = rd32(p);
			r->sym = info >> 8;
			r->type = info & 0xff;
			r->addend = rela ? (int64_t)(int32_t)rd32(p + 8) : 0;
		}
		if (r->sym >= f->nsyms) {
			ld_error(ctx, "%s: relocation refers to symbol index %u, but the symbol table has %u entries",
			         ld_where(ctx, ti, r->offset, where, sizeof(where)), r->sym, f->nsyms);
			t->nrels = base + (uint32_t)k;
			return -1;
		}
		if (r->offset >= t->size) {
			ld_error(ctx, "%s: relocation offset is past the end of the section (0x%llx bytes)",
			         ld_where(ctx, ti, r->offset, where, sizeof(where)), (ull)t->size);
			t->nrels = base + (uint32_t)k;
			return -1;
		}
		if (!rela)
			r->addend = ctx->lt->implicit_addend(r->type, t->data + r->offset, (size_t)(t->size - r->offset));
	}
	t->nrels = base + (uint32_t)n;
	/* Also merges a second relocation section for the same target by offset. */
	sort_rels(t->rels, t->nrels);
	return 0;
}

/* Parses files[fi] (a command-line object or an archive member) as a relocatable
 * object. Returns 0, or -1 after reporting; the file then contributes nothing. */
static int parse_object(struct ld_ctx *ctx, uint32_t fi)
{
	struct ld_file *f = &ctx->files.v[fi];
	struct ehdr eh;
	char why[256];
	if (f->size == 0) {
		ld_error(ctx, "%s: truncated file: the file is empty", f->name);
		return -1;
	}
	if (read_ehdr(f->data, f->size, &eh, why, sizeof(why))) {
		ld_error(ctx, "%s: %s", f->name, why);
		return -1;
	}
	if (eh.e_type != ET_REL) {
		if (eh.e_type == ET_DYN)
			ld_error(ctx, "%s: shared objects are not supported: solder links static images from relocatable objects",
			         f->name);
		else
			ld_error(ctx, "%s: not a relocatable object: e_type is %s", f->name,
			         eh.e_type == ET_EXEC ? "ET_EXEC (an executable)" : eh.e_type == ET_CORE ? "ET_CORE" : "unknown");
		return -1;
	}
	if (check_target(ctx, f, &eh))
		return -1;
	f->elf_class = eh.is64 ? 64 : 32;
	f->e_flags = eh.e_flags;

	if (read_sections(ctx, fi, &eh))
		return drop_object(ctx, fi);
	f = &ctx->files.v[fi];

	uint32_t symtab = 0, shndx_sec = 0;
	int has_lto = 0, has_contents = 0, lto_slim = 0;
	for (uint32_t i = 1; i < f->nsec; i++) {
		const struct ld_isec *s = &ctx->isecs.v[f->first_isec + i];
		if (s->sh_type == SHT_SYMTAB) {
			if (symtab) {
				ld_error(ctx, "%s: corrupt section header table: two symbol tables (sections %u and %u)", f->name,
				         symtab, i);
				return drop_object(ctx, fi);
			}
			symtab = i;
		} else if (s->sh_type == SHT_SYMTAB_SHNDX) {
			shndx_sec = i;
		}
		if ((s->sh_flags & SHF_LINK_ORDER) && s->sh_link >= f->nsec) {
			ld_error(ctx, "%s: corrupt section header table: section %u (%s) has sh_link %u, but there are %u sections",
			         f->name, i, s->name, s->sh_link, f->nsec);
			return drop_object(ctx, fi);
		}
		if (!strncmp(s->name, ".gnu.lto_", 9))
			has_lto = 1;
		else if (s->live && (s->sh_flags & SHF_ALLOC) && s->size)
			has_contents = 1;
	}
	if (symtab && read_symbols(ctx, fi, eh.is64, symtab, shndx_sec, &lto_slim))
		return drop_object(ctx, fi);
	if ((has_lto && !has_contents) || lto_slim) {
		ld_error(ctx, "%s: is an LTO object (compiled with -flto); solder does not perform link-time optimisation: rebuild it without -flto",
		         f->name);
		return drop_object(ctx, fi);
	}
	int bad = 0;
	for (uint32_t i = 1; i < f->nsec && !bad; i++) {
		uint32_t type = ctx->isecs.v[f->first_isec + i].sh_type;
		if (type == SHT_GROUP)
			bad = read_group(ctx, fi, i, symtab) != 0;
	}
	for (uint32_t i = 1; i < f->nsec && !bad; i++) {
		uint32_t type = ctx->isecs.v[f->first_isec + i].sh_type;
		if (type == SHT_RELA || type == SHT_REL)
			bad = read_relocs(ctx, fi, eh.is64, i, symtab) != 0;
	}
	if (bad)
		return drop_object(ctx, fi);
	f->is_object = 1;
	return 0;
}

/* ---- archives */

/* One member header, decoded. */
struct ar_member {
	uint64_t hdr;            /* offset of its header in the archive */
	const char *name;        /* not NUL-terminated: name_len bytes */
	size_t name_len;
	const uint8_t *data;     /* in the archive (NULL for a thin archive's members) */
	uint64_t size;
};

/* Parses a decimal header field of n bytes (digits, then spaces). Returns 0 or -1. */
static int ar_decimal(const uint8_t *p, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;
	while (i < n && p[i] >= '0' && p[i] <= '9') {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(p[i++] - '0');
	}
	if (i == 0)
		return -1;
	while (i < n && p[i] == ' ')
		i++;
	if (i != n)
		return -1;
	*out = v;
	return 0;
}

static int is_special(const struct ar_member *m, const char *s)
{
	size_t n = strlen(s);
	return m->name_len == n && !memcmp(m->name, s, n);
}

static uint32_t member_by_header(const uint64_t *hdrs, uint32_t n, uint64_t off)
{
	uint32_t lo = 0, hi = n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (hdrs[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && hdrs[lo] == off ? lo : UINT32_MAX;
}

/* The archive's symbol table ("/" or "/SYM64/": big-endian count, member header
 * offsets, then NUL-terminated names; "__.SYMDEF": little-endian ranlib structs and a
 * string table). Returns 0 or -1 after reporting. */
static int read_armap(struct ld_ctx *ctx, uint32_t ai, const struct ar_member *st, int bsd, int w,
                      const uint64_t *hdrs)
{
	struct ld_file *a = &ctx->files.v[ai];
	const uint8_t *p = st->data;
	uint64_t size = st->size, count;
	const uint8_t *names, *entries;
	uint64_t names_size;
	if (!bsd) {
		if (size < (uint64_t)w) goto truncated;
		count = w == 8 ? rd64be(p) : rd32be(p);
		if (count > (size - w) / w) goto truncated;
		entries = p + w;
		names = entries + count * w;
		names_size = size - w - count * w;
	} else {
		if (size < (uint64_t)w) goto truncated;
		uint64_t rsize = w == 8 ? rd64(p) : rd32(p);
		if (rsize % (2 * w) || rsize > size - w || size - w - rsize < (uint64_t)w) goto truncated;
		count = rsize / (2 * w);
		entries = p + w;
		names_size = w == 8 ? rd64(entries + rsize) : rd32(entries + rsize);
		names = entries + rsize + w;
		if (names_size > size - w - rsize - w) goto truncated;
	}
	if (count > UINT32_MAX) goto truncated;
	a->armap = ld_xrealloc(NULL, (count ? count : 1) * sizeof(*a->armap));
	a->narmap = 0;
	uint64_t name_off = 0;
	for (uint64_t i = 0; i < count; i++) {
		uint64_t hdr;
		if (!bsd) {
			hdr = w == 8 ? rd64be(entries + i * w) : rd32be(entries + i * w);
			if (!str_ok(names, names_size, name_off)) {
				ld_error(ctx, "%s: corrupt archive: symbol table entry %llu has no NUL-terminated name inside the table (0x%llx bytes)",
				         a->name, (ull)i, (ull)size);
				return -1;
			}
		} else {
			const uint8_t *e = entries + i * 2 * w;
			name_off = w == 8 ? rd64(e) : rd32(e);
			hdr = w == 8 ? rd64(e + w) : rd32(e + w);
			if (!str_ok(names, names_size, name_off)) {
				ld_error(ctx, "%s: corrupt archive: symbol table entry %llu has name offset 0x%llx, but the string table has 0x%llx bytes",
				         a->name, (ull)i, (ull)name_off, (ull)names_size);
				return -1;
			}
		}
		const char *name = (const char *)names + name_off;
		uint32_t m = member_by_header(hdrs, a->nmembers, hdr);
		if (m == UINT32_MAX) {
			ld_error(ctx, "%s: corrupt archive: symbol table entry %llu (%s) points to 0x%llx, which is not a member header",
			         a->name, (ull)i, name, (ull)hdr);
			return -1;
		}
		a->armap[a->narmap++] = (struct ld_armap){ name, a->first_member + m };
		if (!bsd)
			name_off += strlen(name) + 1;
	}
	return 0;
truncated:
	ld_error(ctx, "%s: corrupt archive: symbol table at 0x%llx (0x%llx bytes) is truncated", a->name, (ull)st->hdr,
	         (ull)size);
	return -1;
}

/* An index for an archive without a symbol table, from the global definitions of its
 * ELF members (as lld does; GNU ld would ask for ranlib). Members that do not parse
 * are left out quietly: nothing can pull them. */
static void index_members(struct ld_ctx *ctx, uint32_t ai)
{
	LD_VEC(struct ld_armap) map = { 0 };
	uint32_t first = ctx->files.v[ai].first_member, n = ctx->files.v[ai].nmembers;
	for (uint32_t m = first; m < first + n; m++) {
		const struct ld_file *f = &ctx->files.v[m];
		struct ehdr eh;
		char why[256];
		if (!is_elf(f->data, f->size) || read_ehdr(f->data, f->size, &eh, why, sizeof(why)) || eh.e_type != ET_REL)
			continue;
		const uint8_t *shdrs = f->data + eh.shoff;
		for (uint32_t i = 1; i < eh.shnum; i++) {
			struct shdr st, ss;
			read_shdr(shdrs + (uint64_t)i * eh.shentsize, eh.is64, &st);
			if (st.sh_type != SHT_SYMTAB || st.sh_link == 0 || st.sh_link >= eh.shnum)
				continue;
			read_shdr(shdrs + (uint64_t)st.sh_link * eh.shentsize, eh.is64, &ss);
			uint32_t entsize = eh.is64 ? sizeof(Elf64_Sym) : sizeof(Elf32_Sym);
			if (st.sh_offset > f->size || f->size - st.sh_offset < st.sh_size || ss.sh_offset > f->size ||
			    f->size - ss.sh_offset < ss.sh_size)
				break;
			const uint8_t *strtab = f->data + ss.sh_offset;
			for (uint64_t k = st.sh_info; k < st.sh_size / entsize; k++) {
				const uint8_t *p = f->data + st.sh_offset + k * entsize;
				uint16_t shndx = rd16(p + (eh.is64 ? 6 : 14));
				uint8_t bind = ELF64_ST_BIND(p[eh.is64 ? 4 : 12]);
				uint32_t st_name = rd32(p);
				if (shndx == SHN_UNDEF || bind == STB_LOCAL || !str_ok(strtab, ss.sh_size, st_name))
					continue;
				LD_PUSH(map, ((struct ld_armap){ (const char *)strtab + st_name, m }));
			}
			break;
		}
	}
	ctx->files.v[ai].armap = map.v;
	ctx->files.v[ai].narmap = map.len;
}

/* A thin archive's member lives at its name, relative to the archive's directory. */
static char *thin_member_path(const char *archive, const char *name, size_t len)
{
	const char *slash = strrchr(archive, '/');
	size_t dir = name[0] == '/' || !slash ? 0 : (size_t)(slash - archive) + 1;
	char *p = ld_xrealloc(NULL, dir + len + 1);
	memcpy(p, archive, dir);
	memcpy(p + dir, name, len);
	p[dir + len] = 0;
	return p;
}

/* Walks the member headers of archive files[ai] and adds each member as a file; then
 * its symbol index. Returns 0 or -1 after reporting. */
static int read_archive(struct ld_ctx *ctx, uint32_t ai)
{
	const struct ld_file *a = &ctx->files.v[ai];
	const uint8_t *d = a->data;
	uint64_t size = a->size;
	const char *aname = a->name, *apath = a->path;
	int thin = is_thin(d, size);
	struct ar_member symtab = { 0 }, longnames = { 0 };
	int symtab_kind = 0, symtab_w = 4; /* 1: GNU, 2: BSD */
	LD_VEC(uint64_t) hdrs = { 0 };
	int rc = 0;

	ctx->files.v[ai].first_member = ctx->files.len;
	for (uint64_t off = 8; off < size; off += off & 1) {
		if (off + 1 == size && d[off] == '\n')
			break;
		if (size - off < 60) {
			ld_error(ctx, "%s: corrupt archive: member header at 0x%llx: needs 60 bytes, only 0x%llx remain", aname,
			         (ull)off, (ull)(size - off));
			rc = -1;
			break;
		}
		const uint8_t *h = d + off;
		struct ar_member m = { .hdr = off, .name = (const char *)h, .name_len = 16 };
		if (h[58] != '`' || h[59] != '\n') {
			ld_error(ctx, "%s: corrupt archive: member header at 0x%llx: bad terminator (expected \"`\\n\")", aname,
			         (ull)off);
			rc = -1;
			break;
		}
		if (ar_decimal(h + 48, 10, &m.size)) {
			int len = 10;
			while (len && h[48 + len - 1] == ' ')
				len--;
			ld_error(ctx, "%s: corrupt archive: member header at 0x%llx: size field '%.*s' is not a number", aname,
			         (ull)off, len, (const char *)h + 48);
			rc = -1;
			break;
		}
		uint64_t data_off = off + 60;
		while (m.name_len && m.name[m.name_len - 1] == ' ')
			m.name_len--;
		int special = is_special(&m, "/") || is_special(&m, "//") || is_special(&m, "/SYM64/");
		int bsd_name = !thin && m.name_len > 3 && !memcmp(m.name, "#1/", 3);
		/* In a thin archive only the tables are stored; members live in their files. */
		int stored = !thin || special;
		if (stored && m.size > size - data_off) {
			ld_error(ctx, "%s: corrupt archive: member at 0x%llx has size 0x%llx, but only 0x%llx bytes remain", aname,
			         (ull)off, (ull)m.size, (ull)(size - data_off));
			rc = -1;
			break;
		}
		if (stored)
			m.data = d + data_off;
		uint64_t next = stored ? data_off + m.size : data_off;

		if (bsd_name) {
			uint64_t len;
			if (ar_decimal(h + 3, m.name_len - 3, &len) || len > m.size) {
				ld_error(ctx, "%s: corrupt archive: member header at 0x%llx: BSD name length '%.*s' is not a number up to the member size 0x%llx",
				         aname, (ull)off, (int)m.name_len, m.name, (ull)m.size);
				rc = -1;
				break;
			}
			m.name = (const char *)m.data;
			m.name_len = strnlen(m.name, (size_t)len);
			m.data += len;
			m.size -= len;
		} else if (is_special(&m, "/") || is_special(&m, "/SYM64/")) {
			if (!symtab_kind) {
				symtab = m;
				symtab_kind = 1;
				symtab_w = m.name_len == 1 ? 4 : 8;
			}
			off = next;
			continue;
		} else if (is_special(&m, "//")) {
			longnames = m;
			off = next;
			continue;
		} else if (m.name_len > 1 && m.name[0] == '/') {
			uint64_t lo;
			if (ar_decimal((const uint8_t *)m.name + 1, m.name_len - 1, &lo) || lo >= longnames.size) {
				ld_error(ctx, "%s: corrupt archive: member header at 0x%llx: long name '%.*s' is outside the long name table (0x%llx bytes)",
				         aname, (ull)off, (int)m.name_len, m.name, (ull)longnames.size);
				rc = -1;
				break;
			}
			const char *s = (const char *)longnames.data + lo;
			const char *nl = memchr(s, '\n', (size_t)(longnames.size - lo));
			size_t len = nl ? (size_t)(nl - s) : (size_t)(longnames.size - lo);
			if (len && s[len - 1] == '/')
				len--;
			m.name = s;
			m.name_len = len;
		} else if (m.name_len && m.name[m.name_len - 1] == '/') {
			m.name_len--;
		}
		/* BSD's symbol tables come as ordinary-looking names. */
		if (is_special(&m, "__.SYMDEF") || is_special(&m, "__.SYMDEF SORTED") || is_special(&m, "__.SYMDEF_64") ||
		    is_special(&m, "__.SYMDEF_64 SORTED")) {
			if (!symtab_kind) {
				symtab = m;
				symtab_kind = 2;
				symtab_w = m.name_len >= 12 && m.name[9] == '_' ? 8 : 4;
			}
			off = next;
			continue;
		}

		size_t nlen = strlen(aname) + m.name_len + 3;
		char *name = ld_xrealloc(NULL, nlen);
		snprintf(name, nlen, "%s(%.*s)", aname, (int)m.name_len, m.name);
		const uint8_t *mdata = m.data;
		uint64_t msize = m.size;
		if (thin) {
			char *path = thin_member_path(apath, m.name, m.name_len);
			if (map_file(path, &mdata, &msize)) {
				ld_error(ctx, "cannot open %s (member of thin archive %s): %s", path, aname, strerror(errno));
				mdata = NULL;
				msize = 0;
				rc = -1;
			}
			free(path);
		}
		uint32_t mi = add_file(ctx, apath, name, mdata, msize);
		ctx->files.v[mi].group = ctx->files.v[ai].group;
		ctx->files.v[mi].whole_archive = ctx->files.v[ai].whole_archive;
		LD_PUSH(hdrs, off);
		off = next;
	}
	struct ld_file *af = &ctx->files.v[ai];
	af->nmembers = ctx->files.len - af->first_member;
	if (rc == 0) {
		if (symtab_kind)
			rc = read_armap(ctx, ai, &symtab, symtab_kind == 2, symtab_w, hdrs.v);
		else
			index_members(ctx, ai);
	}
	LD_FREE(hdrs);
	return rc;
}

/* ---- the command line */

/* GNU ld prints an archive once with -t, and with -t -t each member it pulls, as
 * "(lib.a)x.o". A member's name is "<archive path>(<member>)". */
static void trace_member(struct ld_ctx *ctx, uint32_t fi)
{
	if (ctx->opt->trace < 2)
		return;
	const struct ld_file *f = &ctx->files.v[fi];
	size_t alen = strlen(f->path), nlen = strlen(f->name);
	printf("(%s)%.*s\n", f->path, (int)(nlen - alen - 2), f->name + alen + 1);
}

int in_load_member(struct ld_ctx *ctx, uint32_t fi)
{
	struct ld_file *f = &ctx->files.v[fi];
	if (f->loaded)
		return f->is_object ? 0 : -1;
	f->loaded = 1;
	trace_member(ctx, fi);
	if (!f->data) /* a thin member that could not be opened: already reported */
		return -1;
	if (!is_elf(f->data, f->size)) {
		ld_error(ctx, "%s: not an ELF relocatable object", f->name);
		return -1;
	}
	return parse_object(ctx, fi);
}

/* A linker script given as an input file (GNU ld's implicit script): without -T it
 * is the link's script; with one, its INPUT and GROUP still bring in files (the
 * usual case: a libc.a that is a GROUP of archives). Either way its INPUT/GROUP files
 * join the command line's inputs after this one. */
static void read_implicit_script(struct ld_ctx *ctx, const char *path, const uint8_t *data, uint64_t size)
{
	struct ls_script *sc = ls_parse_text(ctx, path, (const char *)data, (size_t)size);
	if (!sc)
		return;
	LD_PUSH(ctx->implicit_scripts, sc);
	struct ls_script *main_script = ctx->script;
	/* GNU ld merges such a script into its default one, which is rarely what was
	 * meant (it says "did you forget -T?"); solder lays the image out by it. */
	if (sc->has_sections && !main_script)
		ld_warn(ctx, "%s contains output sections; did you forget -T? (it is used as the linker script)", path);
	ctx->script = sc;
	sl_commands(ctx);
	if (main_script) {
		if (sc->has_sections || sc->regions)
			ld_warn(ctx, "%s: SECTIONS and MEMORY of a script given as an input are ignored: -T %s already lays the image out",
			        path, main_script->path);
		ctx->script = main_script;
	}
}

/* Maps one command-line file (path as found, name for messages) and reads it; under
 * -b binary (binary set) its raw bytes become an object (binary_input.c). */
static void open_input(struct ld_ctx *ctx, const char *path, uint32_t group, int whole, int binary)
{
	const uint8_t *data;
	uint64_t size;
	if (map_file(path, &data, &size)) {
		ld_error(ctx, "cannot open %s: %s", path, strerror(errno));
		return;
	}
	char *owned = xstrdup(path);
	uint32_t fi = add_file(ctx, owned, owned, data, size);
	ctx->files.v[fi].group = group;
	if (ctx->opt->trace)
		printf("%s\n", path);
	if (binary) {
		ctx->files.v[fi].loaded = 1;
		bin_make_object(ctx, fi);
		return;
	}
	if (is_ar(data, size)) {
		ctx->files.v[fi].is_archive = 1;
		ctx->files.v[fi].whole_archive = (uint8_t)whole;
		if (read_archive(ctx, fi) || !whole)
			return;
		const struct ld_file *a = &ctx->files.v[fi];
		for (uint32_t m = a->first_member; m < a->first_member + a->nmembers; m++)
			in_load_member(ctx, m);
		return;
	}
	ctx->files.v[fi].loaded = 1;
	if (!is_elf(data, size) && size && ls_is_script(data, size)) {
		read_implicit_script(ctx, path, data, size);
		return;
	}
	if (!is_elf(data, size)) {
		if (size == 0)
			ld_error(ctx, "%s: truncated file: the file is empty", path);
		else
			ld_error(ctx, "%s: file format not recognized: not an ELF relocatable object or an ar archive", path);
		return;
	}
	parse_object(ctx, fi);
}

/* -lNAME: libNAME.a in the -L directories, in order; -l:FILE: FILE there. Returns a
 * path (allocated) or NULL. */
static char *find_library(struct ld_ctx *ctx, const char *arg)
{
	int exact = arg[0] == ':';
	for (uint32_t i = 0; i < ctx->opt->lib_dirs.len; i++) {
		const char *dir = ctx->opt->lib_dirs.v[i];
		size_t n = strlen(dir) + strlen(arg) + 8;
		char *p = ld_xrealloc(NULL, n);
		if (exact)
			snprintf(p, n, "%s/%s", dir, arg + 1);
		else
			snprintf(p, n, "%s/lib%s.a", dir, arg);
		struct stat st;
		if (stat(p, &st) == 0 && !S_ISDIR(st.st_mode))
			return p;
		free(p);
	}
	return NULL;
}

/* With no object to say which target the link is for, -m says it, or else the first
 * ELF member of an archive does. */
static void default_target(struct ld_ctx *ctx)
{
	const struct ld_target *lt = ctx->opt->target;
	uint32_t flags_from = 0;
	for (uint32_t i = 1; i < ctx->files.len && !flags_from; i++) {
		const struct ld_file *f = &ctx->files.v[i];
		struct ehdr eh;
		char why[256];
		/* An object here came from -b binary (an ELF object would have set the target):
		 * its bytes say nothing about the target, even if they are an ELF file. */
		if (f->is_archive || f->is_object || !is_elf(f->data, f->size) ||
		    read_ehdr(f->data, f->size, &eh, why, sizeof(why)))
			continue;
		const struct ld_target *m = ld_target_for(eh.e_machine, eh.is64 ? 64 : 32);
		if (m && (!lt || lt == m)) {
			lt = m;
			ctx->e_flags = eh.e_flags;
			flags_from = i;
		}
	}
	if (!lt) {
		if (ctx->errors)
			return; /* a broken input is the reason; saying more is noise */
		if (ctx->files.len <= 1)
			ld_error(ctx, "no input files");
		else
			ld_error(ctx, "cannot tell which target to link for: no input is an ELF object; give it with -m");
		return;
	}
	ctx->lt = lt;
	ctx->t = lt->t;
	ctx->elf_class = ctx->opt->elf_class ? ctx->opt->elf_class : lt->t->default_class;
	if (!flags_from)
		ctx->e_flags = lt->t->e_flags;
	ctx->page_size = ctx->opt->max_page_size ? (uint32_t)ctx->opt->max_page_size : ctx->t->page_size;
}

void in_read_inputs(struct ld_ctx *ctx)
{
	const struct ld_options *opt = ctx->opt;
	uint32_t group = 0, ngroups = 0;
	int whole = 0;
	if (ctx->files.len == 0)
		LD_PUSH(ctx->files, (struct ld_file){ 0 });
	for (uint32_t i = 0; i < opt->inputs.len; i++) {
		const struct ld_input *in = &opt->inputs.v[i];
		switch (in->kind) {
		case LD_IN_GROUP_START:
			if (group)
				ld_error(ctx, "--start-group inside another group: groups cannot be nested");
			else
				group = ++ngroups;
			break;
		case LD_IN_GROUP_END:
			if (!group)
				ld_error(ctx, "--end-group without a matching --start-group");
			group = 0;
			break;
		case LD_IN_WHOLE_ARCHIVE:
			whole = 1;
			break;
		case LD_IN_NO_WHOLE_ARCHIVE:
			whole = 0;
			break;
		case LD_IN_FILE:
			open_input(ctx, in->arg, group, whole, in->binary);
			break;
		case LD_IN_LIB: {
			char *path = find_library(ctx, in->arg);
			if (!path) {
				ld_error(ctx, "unable to find library -l%s", in->arg);
				break;
			}
			open_input(ctx, path, group, whole, 0);
			free(path);
			break;
		}
		}
	}
	if (!ctx->lt)
		default_target(ctx);
}

/* An ELF note: name and descriptor each padded to 4 bytes. Returns its malloc'ed bytes. */
static uint8_t *make_note(struct ld_ctx *ctx, const char *owner, uint32_t type, const void *desc, size_t descsz,
                          uint64_t *size)
{
	size_t namesz = strlen(owner) + 1;
	size_t desc_at = 12 + ((namesz + 3) & ~(size_t)3);
	*size = desc_at + ((descsz + 3) & ~(size_t)3);
	uint8_t *note = calloc(1, (size_t)*size);
	if (!note)
		ld_fatal("out of memory");
	int be = ctx->t->big_endian;
	put32(note, (uint32_t)namesz, be);
	put32(note + 4, (uint32_t)descsz, be);
	put32(note + 8, type, be);
	memcpy(note + 12, owner, namesz);
	if (desc)
		memcpy(note + desc_at, desc, descsz);
	return note;
}

/* The notes the linker writes itself. They come from an input of their own,
 * "<internal>", so that a script places them (or they are orphans) and gc keeps them
 * like any other input:
 *   --build-id: .note.gnu.build-id, owner "GNU", NT_GNU_BUILD_ID, a 20-byte descriptor
 *     that output.c fills with a hash of the finished image (ctx->build_id_isec);
 *   --board NAME: .note.solder.board, owner "solder", type 1 (NT_SOLDER_BOARD), the
 *     name with its NUL as the descriptor, which solder-run reads. It is not
 *     allocated: it costs the board no memory. */
void in_add_linker_notes(struct ld_ctx *ctx)
{
	const struct ld_options *opt = ctx->opt;
	if (!opt->build_id && !opt->board)
		return;
	if (ctx->isecs.len == 0)
		LD_PUSH(ctx->isecs, (struct ld_isec){ 0 });
	struct ld_fsym *syms = calloc(1, sizeof(*syms));
	if (!syms)
		ld_fatal("out of memory");
	syms->name = "";
	uint32_t fi = add_file(ctx, xstrdup("<internal>"), NULL, NULL, 0);
	struct ld_file *f = &ctx->files.v[fi];
	f->name = f->path;
	f->first_isec = ctx->isecs.len - 1;  /* section 1 of the file is the next isec */
	f->nsec = 1;
	f->syms = syms;
	f->nsyms = 1;
	f->first_global = 1;
	f->elf_class = ctx->elf_class;
	f->loaded = 1;
	f->is_object = 1;

	uint64_t size;
	if (opt->build_id) {
		uint8_t *note = make_note(ctx, "GNU", 3 /* NT_GNU_BUILD_ID */, NULL, 20, &size);
		ctx->build_id_isec = ctx->isecs.len;
		LD_PUSH(ctx->isecs, ((struct ld_isec){ .file = fi, .shndx = f->nsec, .name = ".note.gnu.build-id",
		                                        .sh_type = SHT_NOTE, .sh_flags = SHF_ALLOC, .sh_addralign = 4,
		                                        .data = note, .size = size, .owned_data = 1, .live = 1,
		                                        .keep = 1 }));
		f->nsec++;
	}
	if (opt->board) {
		uint8_t *note = make_note(ctx, "solder", 1, opt->board, strlen(opt->board) + 1, &size);
		LD_PUSH(ctx->isecs, ((struct ld_isec){ .file = fi, .shndx = f->nsec, .name = ".note.solder.board",
		                                        .sh_type = SHT_NOTE, .sh_addralign = 4, .data = note,
		                                        .size = size, .owned_data = 1, .live = 1 }));
		f->nsec++;
	}
}

void in_free(struct ld_ctx *ctx)
{
	for (uint32_t i = 1; i < ctx->isecs.len; i++)
		free(ctx->isecs.v[i].rels);
	for (uint32_t i = 1; i < ctx->files.len; i++) {
		struct ld_file *f = &ctx->files.v[i];
		free(f->syms);
		free(f->armap);
		if (f->is_archive) {
			int thin = is_thin(f->data, f->size);
			for (uint32_t m = f->first_member; m < f->first_member + f->nmembers; m++) {
				struct ld_file *mf = &ctx->files.v[m];
				free(mf->syms);
				free((char *)mf->name);
				if (thin)
					unmap_file(mf->data, mf->size);
			}
			i += f->nmembers;
		}
		unmap_file(f->data, f->size);
		free((char *)f->path);
	}
	LD_FREE(ctx->isecs);
	LD_FREE(ctx->files);
}
