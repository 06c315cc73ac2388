/*
 * output.c: the image. Sections are copied from their inputs and relocated in place
 * inside a mapping of a temporary file next to the output; the symbol table follows
 * GNU ld (file symbols and locals first, minus compiler temporaries, then globals).
 * The temporary file replaces the output only after everything succeeded, so a
 * failed link never leaves a half-written image where a good one was.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ld.h"

enum { SHT_PROGBITS_ = 1, SHT_SYMTAB_ = 2, SHT_STRTAB_ = 3, SHT_NOBITS_ = 8 };
enum { SHF_ALLOC_ = 2, SHF_EXECINSTR_ = 4, SHF_TLS_ = 0x400 };
enum { SHN_ABS_ = 0xfff1, SHN_UNDEF_ = 0, SHN_COMMON_ = 0xfff2 };
enum { STB_LOCAL_ = 0, STB_GLOBAL_ = 1, STB_WEAK_ = 2 };
enum { STT_NOTYPE_ = 0, STT_SECTION_ = 3, STT_FILE_ = 4, STT_TLS_ = 6 };
enum { PT_LOAD_ = 1, PT_NOTE_ = 4, PT_TLS_ = 7, PT_GNU_STACK_ = 0x6474e551 };
enum { PF_X_ = 1, PF_W_ = 2, PF_R_ = 4 };

struct strtab {
	char *p;
	size_t len, cap;
};

static uint32_t str_add(struct strtab *t, const char *s)
{
	size_t n = strlen(s) + 1;
	if (t->len + n > t->cap) {
		t->cap = (t->len + n) * 2 + 4096;
		t->p = ld_xrealloc(t->p, t->cap);
	}
	memcpy(t->p + t->len, s, n);
	t->len += n;
	return (uint32_t)(t->len - n);
}

struct out_sym {
	uint32_t name;
	uint8_t info, other;
	uint16_t shndx;
	uint64_t value, size;
};

struct image {
	struct ld_ctx *ctx;
	int be, is64;
	LD_VEC(struct out_sym) syms;
	uint32_t first_global;
	struct strtab strtab, shstrtab;
	LD_VEC(uint32_t) shorder;     /* output section header order: osec indices */
	uint32_t shnum, symtab_idx, strtab_idx, shstrtab_idx;
	uint64_t symtab_off, strtab_off, shstrtab_off, shoff, file_size;
	uint32_t *osec_name;          /* shstrtab offsets per osec */
	uint32_t n_symtab, n_strtab, n_shstrtab;
	uint32_t phnum;
};

/* The output section header index of an address (for linker-defined symbols), or
 * SHN_ABS when no section holds it. */
static uint16_t shndx_of_addr(struct ld_ctx *ctx, uint64_t addr)
{
	uint16_t best = SHN_ABS_;
	for (uint32_t i = 1; i < ctx->osecs.len; i++) {
		const struct ld_osec *o = &ctx->osecs.v[i];
		if (!(o->sh_flags & SHF_ALLOC_) || !o->shndx)
			continue;
		if (addr >= o->addr && addr <= o->addr + o->size)
			best = (uint16_t)o->shndx;
		if (addr >= o->addr && addr < o->addr + o->size)
			return (uint16_t)o->shndx;
	}
	return best;
}

static uint16_t shndx_of_isec(struct ld_ctx *ctx, uint32_t isec)
{
	const struct ld_isec *s = &ctx->isecs.v[isec];
	if (!s->osec || !ctx->osecs.v[s->osec].shndx)
		return SHN_ABS_;
	return (uint16_t)ctx->osecs.v[s->osec].shndx;
}

static void add_sym(struct image *im, const char *name, uint8_t bind, uint8_t type, uint8_t other,
                    uint16_t shndx, uint64_t value, uint64_t size)
{
	/* A TLS symbol's value is its offset in the TLS block, as in GNU ld's output. */
	if (type == STT_TLS_ && shndx != SHN_ABS_ && shndx != SHN_UNDEF_)
		value -= im->ctx->tls_addr;
	struct out_sym s = {
		.name = *name ? str_add(&im->strtab, name) : 0,
		.info = (uint8_t)(bind << 4 | (type & 0xf)), .other = other, .shndx = shndx,
		.value = value, .size = size,
	};
	LD_PUSH(im->syms, s);
}

static int keep_local(const struct ld_ctx *ctx, const char *name)
{
	if (!*name)
		return 0;
	/* Compiler temporaries (.L*) are dropped, as GNU ld does by default (-X). */
	if (ctx->opt->discard_locals && name[0] == '.' && name[1] == 'L')
		return 0;
	return 1;
}

static void build_symtab(struct image *im)
{
	struct ld_ctx *ctx = im->ctx;
	str_add(&im->strtab, "");
	add_sym(im, "", 0, 0, 0, 0, 0, 0);

	// File symbols and locals, object by object.
	for (uint32_t fi = 1; fi < ctx->files.len; fi++) {
		struct ld_file *f = &ctx->files.v[fi];
		if (!f->is_object)
			continue;
		uint32_t last = f->first_global < f->nsyms ? f->first_global : f->nsyms;
		for (uint32_t i = 1; i < last; i++) {
			const struct ld_fsym *fs = &f->syms[i];
			if (fs->type == STT_SECTION_ || fs->discarded || !fs->name)
				continue;
			if (fs->type == STT_FILE_) {
				if (*fs->name)
					add_sym(im, fs->name, STB_LOCAL_, STT_FILE_, 0, SHN_ABS_, 0, 0);
				continue;
			}
			if (!keep_local(ctx, fs->name) || fs->shndx == SHN_UNDEF_ || fs->shndx == SHN_COMMON_)
				continue;
			if (fs->shndx == SHN_ABS_) {
				add_sym(im, fs->name, STB_LOCAL_, fs->type, fs->visibility, SHN_ABS_, fs->value, fs->size);
				continue;
			}
			if (fs->shndx >= f->nsec)
				continue;
			uint32_t isec = f->first_isec + fs->shndx;
			if (!ctx->isecs.v[isec].osec)
				continue;
			int ok;
			uint64_t a = ld_sym_addr(ctx, fi, i, &ok);
			if (!ok)
				continue;
			add_sym(im, fs->name, STB_LOCAL_, fs->type, fs->visibility, shndx_of_isec(ctx, isec), a, fs->size);
		}
	}
	// Hidden globals become locals, as in GNU ld's output.
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1)
			im->first_global = im->syms.len;
		for (uint32_t i = 1; i < ctx->syms.len; i++) {
			const struct ld_sym *y = &ctx->syms.v[i];
			int hidden = (y->flags & LD_SYM_HIDDEN) != 0;
			if (hidden != (pass == 0))
				continue;
			uint8_t bind = hidden ? STB_LOCAL_ : (y->flags & LD_SYM_WEAK ? STB_WEAK_ : STB_GLOBAL_);
			uint8_t other = hidden ? 2 /* STV_HIDDEN */ : 0;
			switch (y->def) {
			case LD_DEF_REGULAR:
				/* defined in a section that was removed (--gc-sections, /DISCARD/):
				 * gone from the image, and from its symbol table as in GNU ld */
				if (!ctx->isecs.v[y->isec].osec)
					break;
				add_sym(im, y->name, bind, y->type, other, shndx_of_isec(ctx, y->isec), y->addr, y->size);
				break;
			case LD_DEF_ABS:
				add_sym(im, y->name, bind, y->type, other, SHN_ABS_, y->addr, y->size);
				break;
			case LD_DEF_LINKER:
				add_sym(im, y->name, bind, STT_NOTYPE_, other, shndx_of_addr(ctx, y->addr), y->addr, 0);
				break;
			case LD_UNDEF:
				/* A strong undefined symbol in a finished link is one whose every
				 * use was relaxed away (__tls_get_addr) or that the user let
				 * through (--unresolved-symbols, --noinhibit-exec). */
				if ((y->flags & LD_SYM_REFERENCED) && !hidden &&
				    ((y->flags & LD_SYM_WEAK) || ctx->opt->unresolved != LD_UNRES_REPORT_ALL ||
				     ctx->opt->noinhibit_exec))
					add_sym(im, y->name, y->flags & LD_SYM_WEAK ? STB_WEAK_ : STB_GLOBAL_, y->type, 0,
					        SHN_UNDEF_, 0, 0);
				break;
			default:
				break;
			}
		}
	}
}

/* Section header order, and file offsets of the sections that are not loaded. */
static void number_sections(struct image *im)
{
	struct ld_ctx *ctx = im->ctx;
	im->osec_name = calloc(ctx->osecs.len + 1, sizeof(uint32_t));
	if (!im->osec_name)
		ld_fatal("out of memory");
	str_add(&im->shstrtab, "");
	uint32_t n = 1;
	uint64_t end = (im->is64 ? 64 : 52) + (uint64_t)im->phnum * (im->is64 ? 56 : 32);
	for (uint32_t s = 1; s < ctx->segs.len; s++) {
		const struct ld_seg *g = &ctx->segs.v[s];
		if (g->p_offset + g->p_filesz > end)
			end = g->p_offset + g->p_filesz;
	}
	for (uint32_t i = 1; i < ctx->osecs.len; i++) {
		struct ld_osec *o = &ctx->osecs.v[i];
		o->shndx = 0;
		if (!o->size && !o->is_got)
			continue;
		o->shndx = n++;
		im->osec_name[i] = str_add(&im->shstrtab, o->name);
		LD_PUSH(im->shorder, i);
		if (!(o->sh_flags & SHF_ALLOC_)) {
			uint64_t al = o->sh_addralign ? o->sh_addralign : 1;
			o->offset = align_up(end, al);
			end = o->offset + o->size;
		} else if (o->sh_type != SHT_NOBITS_ && o->offset + o->size > end) {
			end = o->offset + o->size;
		}
	}
	if (!ctx->opt->strip_all) {
		im->symtab_idx = n++;
		im->strtab_idx = n++;
	}
	im->shstrtab_idx = n++;
	im->shnum = n;
	im->n_symtab = str_add(&im->shstrtab, ".symtab");
	im->n_strtab = str_add(&im->shstrtab, ".strtab");
	im->n_shstrtab = str_add(&im->shstrtab, ".shstrtab");
	im->file_size = end;   /* so far: place_tables goes on from here */
}

/* The symbol and string tables and the section header table, at the end. */
static void place_tables(struct image *im)
{
	uint64_t end = im->file_size;
	if (!im->ctx->opt->strip_all) {
		const unsigned syment = im->is64 ? 24 : 16;
		im->symtab_off = align_up(end, im->is64 ? 8 : 4);
		end = im->symtab_off + (uint64_t)im->syms.len * syment;
		im->strtab_off = end;
		end += im->strtab.len;
	}
	im->shstrtab_off = end;
	end += im->shstrtab.len;
	im->shoff = align_up(end, im->is64 ? 8 : 4);
	im->file_size = im->shoff + (uint64_t)im->shnum * (im->is64 ? 64 : 40);
}

static void put_half(uint8_t *p, uint64_t v, int be) { put16(p, (uint16_t)v, be); }

static void write_ehdr(struct image *im, uint8_t *m)
{
	struct ld_ctx *ctx = im->ctx;
	const int be = im->be;
	memcpy(m, "\177ELF", 4);
	m[4] = im->is64 ? 2 : 1;
	m[5] = be ? 2 : 1;
	m[6] = 1;
	put_half(m + 16, 2 /* ET_EXEC */, be);
	put_half(m + 18, ctx->e_machine ? ctx->e_machine : ctx->t->e_machine, be);
	put32(m + 20, 1, be);
	if (im->is64) {
		put64(m + 24, ctx->entry, be);
		put64(m + 32, im->phnum ? 64 : 0, be);
		put64(m + 40, im->shoff, be);
		put32(m + 48, ctx->e_flags, be);
		put_half(m + 52, 64, be);
		put_half(m + 54, 56, be);
		put_half(m + 56, im->phnum, be);
		put_half(m + 58, 64, be);
		put_half(m + 60, im->shnum, be);
		put_half(m + 62, im->shstrtab_idx, be);
	} else {
		put32(m + 24, (uint32_t)ctx->entry, be);
		put32(m + 28, im->phnum ? 52 : 0, be);
		put32(m + 32, (uint32_t)im->shoff, be);
		put32(m + 36, ctx->e_flags, be);
		put_half(m + 40, 52, be);
		put_half(m + 42, 32, be);
		put_half(m + 44, im->phnum, be);
		put_half(m + 46, 40, be);
		put_half(m + 48, im->shnum, be);
		put_half(m + 50, im->shstrtab_idx, be);
	}
}

static void write_phdr(struct image *im, uint8_t *p, const struct ld_seg *g)
{
	const int be = im->be;
	if (im->is64) {
		put32(p, g->p_type, be);
		put32(p + 4, g->p_flags, be);
		put64(p + 8, g->p_offset, be);
		put64(p + 16, g->p_vaddr, be);
		put64(p + 24, g->p_paddr, be);
		put64(p + 32, g->p_filesz, be);
		put64(p + 40, g->p_memsz, be);
		put64(p + 48, g->p_align, be);
	} else {
		put32(p, g->p_type, be);
		put32(p + 4, (uint32_t)g->p_offset, be);
		put32(p + 8, (uint32_t)g->p_vaddr, be);
		put32(p + 12, (uint32_t)g->p_paddr, be);
		put32(p + 16, (uint32_t)g->p_filesz, be);
		put32(p + 20, (uint32_t)g->p_memsz, be);
		put32(p + 24, g->p_flags, be);
		put32(p + 28, (uint32_t)g->p_align, be);
	}
}

/* The program headers: each PT_LOAD, PT_TLS when there is TLS, a PT_NOTE per allocated
 * note section, PT_GNU_STACK. */
static void collect_phdrs(struct image *im, struct ld_seg *out, uint32_t *n)
{
	struct ld_ctx *ctx = im->ctx;
	*n = 0;
	for (uint32_t s = 1; s < ctx->segs.len; s++)
		out[(*n)++] = ctx->segs.v[s];
	if (ctx->phdrs_explicit)
		goto attributes;   /* a script's PHDRS are all there is, but for the target's */
	if (ctx->tls_memsz || ctx->tls_addr) {
		struct ld_seg t = { .p_type = PT_TLS_, .p_flags = PF_R_, .p_vaddr = ctx->tls_addr,
		                    .p_paddr = ctx->tls_addr, .p_memsz = ctx->tls_memsz, .p_align = ctx->tls_align };
		for (uint32_t i = 1; i < ctx->osecs.len; i++) {
			const struct ld_osec *o = &ctx->osecs.v[i];
			if ((o->sh_flags & SHF_TLS_) && (o->sh_flags & SHF_ALLOC_)) {
				if (!t.p_offset)
					t.p_offset = o->offset;
				if (o->sh_type != SHT_NOBITS_)
					t.p_filesz = o->addr + o->size - ctx->tls_addr;
			}
		}
		out[(*n)++] = t;
	}
	for (uint32_t i = 1; i < ctx->osecs.len; i++) {
		const struct ld_osec *o = &ctx->osecs.v[i];
		if (lay_is_note_osec(o))
			out[(*n)++] = (struct ld_seg){ .p_type = PT_NOTE_, .p_flags = PF_R_, .p_offset = o->offset,
			                               .p_vaddr = o->addr, .p_paddr = o->lma, .p_filesz = o->size,
			                               .p_memsz = o->size, .p_align = o->sh_addralign };
	}
	if (lay_has_gnu_stack(ctx))
		out[(*n)++] = (struct ld_seg){ .p_type = PT_GNU_STACK_,
		                               .p_flags = PF_R_ | PF_W_ | (ctx->opt->execstack ? PF_X_ : 0),
		                               .p_align = 16 };
attributes:;
	uint32_t attr = lay_attr_osec(ctx);
	if (attr) {
		const struct ld_osec *o = &ctx->osecs.v[attr];
		out[(*n)++] = (struct ld_seg){ .p_type = ctx->lt->attr_phdr_type, .p_flags = PF_R_,
		                               .p_offset = o->offset, .p_filesz = o->size, .p_align = 1 };
	}
}

static void write_shdr(struct image *im, uint8_t *p, uint32_t name, uint32_t type, uint64_t flags,
                       uint64_t addr, uint64_t off, uint64_t size, uint32_t link, uint32_t info,
                       uint64_t align, uint64_t entsize)
{
	const int be = im->be;
	if (im->is64) {
		put32(p, name, be);
		put32(p + 4, type, be);
		put64(p + 8, flags, be);
		put64(p + 16, addr, be);
		put64(p + 24, off, be);
		put64(p + 32, size, be);
		put32(p + 40, link, be);
		put32(p + 44, info, be);
		put64(p + 48, align, be);
		put64(p + 56, entsize, be);
	} else {
		put32(p, name, be);
		put32(p + 4, type, be);
		put32(p + 8, (uint32_t)flags, be);
		put32(p + 12, (uint32_t)addr, be);
		put32(p + 16, (uint32_t)off, be);
		put32(p + 20, (uint32_t)size, be);
		put32(p + 24, link, be);
		put32(p + 28, info, be);
		put32(p + 32, (uint32_t)align, be);
		put32(p + 36, (uint32_t)entsize, be);
	}
}

/* Copies and relocates every section, then writes the tables. Returns errors seen. */
static uint32_t fill_image(struct image *im, uint8_t *m)
{
	struct ld_ctx *ctx = im->ctx;
	const int be = im->be;
	const unsigned ptr = ctx->t->ptr_size;
	uint32_t errors = 0;

	write_ehdr(im, m);
	struct ld_seg ph[64];
	uint32_t nph;
	collect_phdrs(im, ph, &nph);
	for (uint32_t i = 0; i < nph; i++)
		write_phdr(im, m + (im->is64 ? 64 : 52) + (uint64_t)i * (im->is64 ? 56 : 32), &ph[i]);

	for (uint32_t k = 0; k < im->shorder.len; k++) {
		struct ld_osec *o = &ctx->osecs.v[im->shorder.v[k]];
		if (o->sh_type == SHT_NOBITS_)
			continue;
		uint8_t *base = m + o->offset;
		if (o->is_got) {
			for (uint32_t g = 1; g < ctx->got.len; g++) {
				const struct ld_sym *y = &ctx->syms.v[ctx->got.v[g].sym];
				uint64_t v = y->def == LD_UNDEF || y->def == LD_DEF_LAZY ? 0 : y->addr;
				put_word(base + (uint64_t)g * ptr, v, ptr, be);
			}
			continue;
		}
		/* gaps between blocks: the script's fill in effect where the gap starts,
		 * restarted at each gap as GNU ld does; else the target's code fill in
		 * code; else zeros */
		int code_fill = (o->sh_flags & SHF_EXECINSTR_) && ctx->lt->fill_code;
		if (o->nfills || code_fill) {
			uint64_t at = 0;
			for (uint32_t j = 0; j <= o->isecs.len; j++) {
				const struct ld_isec *s = j < o->isecs.len ? &ctx->isecs.v[o->isecs.v[j]] : NULL;
				uint64_t next = s ? s->off : o->size;
				if (next > at) {
					const struct ld_fill *f = NULL;
					for (uint32_t k = 0; k < o->nfills; k++)
						if (o->fills[k].from <= at)
							f = &o->fills[k];
					if (f)
						for (uint64_t b = 0; b < next - at; b++)
							base[at + b] = f->pattern[b % f->len];
					else if (code_fill)
						ctx->lt->fill_code(base + at, next - at);
				}
				if (s && s->off + s->size > at)
					at = s->off + s->size;
			}
		}
		for (uint32_t j = 0; j < o->isecs.len; j++) {
			uint32_t idx = o->isecs.v[j];
			struct ld_isec *s = &ctx->isecs.v[idx];
			if (!s->data || !s->size || s->sh_type == SHT_NOBITS_)
				continue;
			uint8_t *dst = base + s->off;
			memcpy(dst, s->data, s->size);
			if (s->nrels && s->file)
				errors += ctx->lt->relocate_section(ctx, idx, dst);
			/* ehframe.c: CIE pointers into other input sections (merged CIEs) */
			eh_frame_write(ctx, idx, dst);
		}
	}

	if (!ctx->opt->strip_all) {
		const unsigned syment = im->is64 ? 24 : 16;
		for (uint32_t i = 0; i < im->syms.len; i++) {
			const struct out_sym *s = &im->syms.v[i];
			uint8_t *p = m + im->symtab_off + (uint64_t)i * syment;
			put32(p, s->name, be);
			if (im->is64) {
				p[4] = s->info;
				p[5] = s->other;
				put16(p + 6, s->shndx, be);
				put64(p + 8, s->value, be);
				put64(p + 16, s->size, be);
			} else {
				put32(p + 4, (uint32_t)s->value, be);
				put32(p + 8, (uint32_t)s->size, be);
				p[12] = s->info;
				p[13] = s->other;
				put16(p + 14, s->shndx, be);
			}
		}
		memcpy(m + im->strtab_off, im->strtab.p, im->strtab.len);
	}
	memcpy(m + im->shstrtab_off, im->shstrtab.p, im->shstrtab.len);

	const unsigned shent = im->is64 ? 64 : 40;
	uint8_t *sh = m + im->shoff;
	memset(sh, 0, shent);
	for (uint32_t k = 0; k < im->shorder.len; k++) {
		uint32_t i = im->shorder.v[k];
		const struct ld_osec *o = &ctx->osecs.v[i];
		write_shdr(im, sh + (uint64_t)o->shndx * shent, im->osec_name[i], o->sh_type, o->sh_flags,
		           o->addr, o->offset, o->size, 0, 0, o->sh_addralign ? o->sh_addralign : 1,
		           o->is_got ? ptr : o->sh_entsize);
	}
	if (!ctx->opt->strip_all) {
		const unsigned syment = im->is64 ? 24 : 16;
		write_shdr(im, sh + (uint64_t)im->symtab_idx * shent, im->n_symtab, SHT_SYMTAB_, 0, 0, im->symtab_off,
		           (uint64_t)im->syms.len * syment, im->strtab_idx, im->first_global, im->is64 ? 8 : 4, syment);
		write_shdr(im, sh + (uint64_t)im->strtab_idx * shent, im->n_strtab, SHT_STRTAB_, 0, 0, im->strtab_off,
		           im->strtab.len, 0, 0, 1, 0);
	}
	write_shdr(im, sh + (uint64_t)im->shstrtab_idx * shent, im->n_shstrtab, SHT_STRTAB_, 0, 0, im->shstrtab_off,
	           im->shstrtab.len, 0, 0, 1, 0);
	return errors;
}

/* --build-id: 160 bits that depend on every byte of the image (with the descriptor
 * still zero), so identical links give identical ids and any change gives another.
 * Five 64-bit multiply-xorshift lanes over the words of the file, each lane seeded
 * differently; this is a content hash, not SHA-1, which nothing reading the note
 * checks. */
static void write_build_id(struct ld_ctx *ctx, uint8_t *m, uint64_t size)
{
	uint64_t lane[5] = { 0x9e3779b97f4a7c15ull, 0xc2b2ae3d27d4eb4full, 0x165667b19e3779f9ull,
	                     0x27d4eb2f165667c5ull, 0x94d049bb133111ebull };
	for (uint64_t i = 0; i < size; i += 8) {
		uint64_t w = 0;
		for (unsigned k = 0; k < 8 && i + k < size; k++)
			w |= (uint64_t)m[i + k] << (8 * k);
		for (unsigned l = 0; l < 5; l++) {
			uint64_t h = (lane[l] ^ w) * 0xff51afd7ed558ccdull;
			lane[l] = h ^ (h >> 29) ^ (uint64_t)l;
		}
	}
	const struct ld_isec *n = &ctx->isecs.v[ctx->build_id_isec];
	uint8_t *desc = m + ctx->osecs.v[n->osec].offset + n->off + 16;
	for (unsigned b = 0; b < 20; b++) {
		uint64_t h = lane[b % 5] * 0xc4ceb9fe1a85ec53ull + b;
		desc[b] = (uint8_t)(h >> (8 * (b / 5) + 24));
	}
}

/* --gdb-index: the index is read from the relocated DWARF, so it is known only once the
 * image is filled in. It goes after the section name table, which grows by its name,
 * and its header is appended to the header table, which moves past it. Without DWARF,
 * or with DWARF gdb_index_build could not read (it warned), the image is left as is;
 * with --fatal-warnings that warning was an error, and there is no image. */
static int append_gdb_index(struct image *im, int fd, uint8_t **m)
{
	static const char name[] = ".gdb_index";
	struct ld_ctx *ctx = im->ctx;
	uint8_t *idx;
	uint64_t idx_size;
	if (gdb_index_build(ctx, *m, im->file_size, &idx, &idx_size) != 0)
		return ctx->opt->fatal_warnings && !ctx->opt->noinhibit_exec ? -1 : 0;
	if (!idx_size)
		return 0;
	const unsigned shent = im->is64 ? 64 : 40;
	const uint64_t old_shoff = im->shoff, shstrtab_size = im->shstrtab.len + sizeof(name);
	const uint64_t idx_off = align_up(im->shstrtab_off + shstrtab_size, 4);
	const uint64_t shoff = align_up(idx_off + idx_size, im->is64 ? 8 : 4);
	const uint64_t size = shoff + (uint64_t)(im->shnum + 1) * shent;
	munmap(*m, im->file_size);
	*m = MAP_FAILED;
	if (ftruncate(fd, (off_t)size) != 0 ||
	    (*m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) == MAP_FAILED) {
		ld_error(ctx, "cannot write output file %s: %s", ctx->opt->output ? ctx->opt->output : "a.out",
		         strerror(errno));
		free(idx);
		return -1;
	}
	im->file_size = size;
	uint8_t *p = *m;
	memmove(p + shoff, p + old_shoff, (uint64_t)im->shnum * shent);
	memset(p + im->shstrtab_off + im->shstrtab.len, 0, shoff - (im->shstrtab_off + im->shstrtab.len));
	memcpy(p + im->shstrtab_off + im->shstrtab.len, name, sizeof(name));
	memcpy(p + idx_off, idx, idx_size);
	free(idx);
	write_shdr(im, p + shoff + (uint64_t)im->shstrtab_idx * shent, im->n_shstrtab, SHT_STRTAB_, 0, 0,
	           im->shstrtab_off, shstrtab_size, 0, 0, 1, 0);
	write_shdr(im, p + shoff + (uint64_t)im->shnum * shent, (uint32_t)im->shstrtab.len, SHT_PROGBITS_, 0, 0,
	           idx_off, idx_size, 0, 0, 4, 0);
	im->shoff = shoff;
	im->shnum++;
	if (im->is64) {
		put64(p + 40, shoff, im->be);
		put_half(p + 60, im->shnum, im->be);
	} else {
		put32(p + 32, (uint32_t)shoff, im->be);
		put_half(p + 48, im->shnum, im->be);
	}
	return 0;
}

static void free_image(struct image *im)
{
	LD_FREE(im->syms);
	LD_FREE(im->shorder);
	free(im->strtab.p);
	free(im->shstrtab.p);
	free(im->osec_name);
}

int out_write(struct ld_ctx *ctx)
{
	struct image im = { .ctx = ctx, .be = ctx->t->big_endian, .is64 = ctx->elf_class == 64 };
	const char *path = ctx->opt->output ? ctx->opt->output : "a.out";
	int rc = -1;

	uint32_t nload = ctx->segs.len ? ctx->segs.len - 1 : 0;
	im.phnum = lay_phnum(ctx, nload, ctx->tls_memsz || ctx->tls_addr);
	if (im.phnum > 64) {
		ld_error(ctx, "%s: too many program headers (%u)", path, im.phnum);
		return -1;
	}
	if (ctx->entry_missing)
		ld_warn(ctx, "cannot find entry symbol %s; defaulting to 0x%llx",
		        ctx->opt->entry ? ctx->opt->entry : "_start", (unsigned long long)ctx->entry);
	number_sections(&im);
	if (!ctx->opt->strip_all)
		build_symtab(&im);
	place_tables(&im);
	/* Layout reserved room for the headers; they must not run into a section. */
	uint64_t hdr_end = (im.is64 ? 64 : 52) + (uint64_t)im.phnum * (im.is64 ? 56 : 32);
	for (uint32_t i = 1; i < ctx->osecs.len; i++) {
		const struct ld_osec *o = &ctx->osecs.v[i];
		if ((o->sh_flags & SHF_ALLOC_) && o->shndx && o->sh_type != SHT_NOBITS_ && o->size && o->offset < hdr_end) {
			ld_error(ctx, "internal error: section %s at file offset 0x%llx overlaps the program headers",
			         o->name, (unsigned long long)o->offset);
			free_image(&im);
			return -1;
		}
	}

	size_t plen = strlen(path);
	char *tmp = ld_xrealloc(NULL, plen + 32);
	snprintf(tmp, plen + 32, "%s.solder-XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		ld_error(ctx, "cannot open output file %s: %s", path, strerror(errno));
		free(tmp);
		free_image(&im);
		return -1;
	}
	uint8_t *m = MAP_FAILED;
	if (ftruncate(fd, (off_t)im.file_size) != 0) {
		ld_error(ctx, "cannot write output file %s: %s", path, strerror(errno));
		goto fail;
	}
	m = mmap(NULL, im.file_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED) {
		ld_error(ctx, "cannot map output file %s: %s", path, strerror(errno));
		goto fail;
	}
	if (fill_image(&im, m) && !ctx->opt->noinhibit_exec)
		goto fail;
	if (ctx->opt->gdb_index && ctx->opt->oformat == LD_OFORMAT_ELF && append_gdb_index(&im, fd, &m) != 0)
		goto fail;
	if (ctx->build_id_isec)
		write_build_id(ctx, m, im.file_size);
	/* --oformat binary/ihex/srec/c: the ELF image was only the means. */
	if (ctx->opt->oformat != LD_OFORMAT_ELF) {
		int orc = of_write(ctx, m, im.file_size, path);
		munmap(m, im.file_size);
		close(fd);
		unlink(tmp);
		free(tmp);
		free_image(&im);
		return orc;
	}
	if (munmap(m, im.file_size) != 0) {
		m = MAP_FAILED;
		ld_error(ctx, "cannot write output file %s: %s", path, strerror(errno));
		goto fail;
	}
	m = MAP_FAILED;
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0777 & ~mask) != 0 || close(fd) != 0) {
		fd = -1;
		ld_error(ctx, "cannot write output file %s: %s", path, strerror(errno));
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		ld_error(ctx, "cannot create output file %s: %s", path, strerror(errno));
		goto fail;
	}
	rc = 0;
	free(tmp);
	free_image(&im);
	return rc;
fail:
	if (m != MAP_FAILED)
		munmap(m, im.file_size);
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	free_image(&im);
	return -1;
}
