/*
 * gc.c: --gc-sections. Which input sections of the loaded objects the image needs:
 * those reachable through relocations from the roots. GNU ld 2.40's rules (bfd's
 * elflink.c with ld's default scripts), because solder is its drop-in:
 *
 * - Roots: the entry symbol, every -u symbol, _init and _fini (GNU ld's -init/-fini
 *   defaults), the --defsym targets, sections the script KEEPs (isec->keep), the
 *   sections GNU's default script KEEPs (.init, .fini, .init_array*, .fini_array*,
 *   .preinit_array, .ctors*, .dtors*, .eh_frame, .jcr, .gnu.attributes) and any of
 *   type SHT_INIT_ARRAY/FINI_ARRAY/PREINIT_ARRAY, every SHT_NOTE section that is
 *   neither in a group nor SHF_LINK_ORDER, and SHF_GNU_RETAIN sections.
 *   GNU ld does not keep --defsym targets: the symbol then reads 0, silently. solder
 *   keeps them (as lld does), because an address that is quietly wrong is worse than
 *   a few kept bytes.
 * - A live section keeps what its relocations' symbols are defined in. A reference to
 *   __start_NAME or __stop_NAME that no object defines keeps every section named NAME,
 *   when NAME is made of letters, digits and '_' (layout defines those symbols).
 * - A live section keeps the rest of its section group, and the SHF_LINK_ORDER
 *   sections that name it in sh_link.
 * - .eh_frame is kept whole, but its relocations keep nothing on their own: each FDE
 *   belongs to the section its pc_begin points at, and its relocations (the LSDA, on
 *   RISC-V the pc_range and advance_loc label pairs) and those of its CIE (the
 *   personality routine) count only once that section is live. After the sweep the
 *   FDEs of functions that are not in the output are cut out of .eh_frame (its bytes
 *   become a private copy, its relocations move down, later FDEs' CIE pointers are
 *   fixed), as GNU ld does: an unwinder or debugger must not find an FDE whose
 *   pc_begin was never relocated. CIEs stay, even unused ones.
 * - Debug and other non-allocated sections are kept, without following their
 *   relocations, in every file that keeps an allocated section other than a note;
 *   in a file that keeps nothing they go too. Exactly: those named .debug*, .zdebug*,
 *   .gnu.linkonce.wi.*, .line*, .stab*, .gdb_index, and the non-allocated ones without
 *   relocations (.comment, .riscv.attributes), when not in a group; a group made only
 *   of such sections stays whole.
 *
 * --print-gc-sections lists every removed section with bytes, in file order and then
 * section order, as GNU ld does: also the COMDAT copies resolution dropped, '.group'
 * sections whose first member went, and a group member's name followed by its group's
 * signature in brackets.
 *
 * Marking is one worklist over section indices, no recursion, so 100k sections cost
 * one walk over their relocations.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld.h"

#ifndef SHF_GNU_RETAIN
#define SHF_GNU_RETAIN 0x200000
#endif
#ifndef SHT_LLVM_ADDRSIG
#define SHT_LLVM_ADDRSIG 0x6fff4c03
#endif

enum {
	GC_MARKED = 1,        /* reachable */
	GC_EH_OWNED = 2,      /* .eh_frame whose relocations belong to its FDEs */
	GC_REMOVED = 4,       /* was live, gc removed it */
};

/* One FDE of an .eh_frame: relocations rel_lo..rel_hi of section eh, and its CIE's
 * cie_lo..cie_hi, which count once the section its pc_begin names is live. */
struct gc_fde {
	uint32_t eh;
	uint32_t rel_lo, rel_hi;
	uint32_t cie_lo, cie_hi;
	uint32_t next;        /* the next FDE of the same section, 0: none */
};

struct gc {
	struct ld_ctx *ctx;
	uint8_t *state;                 /* GC_* per input section */
	LD_VEC(uint32_t) work;          /* marked, relocations not yet walked */
	uint32_t *fde_head;             /* per input section: its first FDE, or NULL */
	LD_VEC(struct gc_fde) fdes;     /* [0] unused */
	uint32_t *link_head, *link_next; /* SHF_LINK_ORDER sections, chained by sh_link */
	LD_VEC(uint32_t) ident_secs;    /* sections named like C identifiers */
	uint8_t *start_stop_done;       /* per global: __start_/__stop_ already followed */
};

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Letters, digits and '_' only, as GNU ld tests a name for __start_/__stop_. */
static int is_c_ident(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++) {
		char c = *s;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
			return 0;
	}
	return 1;
}

/* bfd's SEC_DEBUGGING: decided by the name, for non-allocated sections. */
static int is_debug(const struct ld_isec *s)
{
	if (s->sh_flags & SHF_ALLOC)
		return 0;
	return has_prefix(s->name, ".debug") || has_prefix(s->name, ".gnu.debuglto_.debug_") ||
	       has_prefix(s->name, ".gnu.linkonce.wi.") || has_prefix(s->name, ".zdebug") ||
	       has_prefix(s->name, ".line") || has_prefix(s->name, ".stab") || !strcmp(s->name, ".gdb_index");
}

/* A non-allocated section without relocations (.comment): kept like debug info. */
static int is_special(const struct ld_isec *s)
{
	return !(s->sh_flags & SHF_ALLOC) && s->nrels == 0;
}

/* What GNU ld's default script KEEPs, and the array types lld keeps wherever they sit. */
static int is_default_root(const struct ld_isec *s)
{
	switch (s->sh_type) {
	case SHT_INIT_ARRAY:
	case SHT_FINI_ARRAY:
	case SHT_PREINIT_ARRAY:
		return 1;
	case SHT_NOTE:
		return !s->group && !(s->sh_flags & SHF_LINK_ORDER);
	}
	if (s->sh_flags & SHF_GNU_RETAIN)
		return 1;
	const char *n = s->name;
	return has_prefix(n, ".init_array") || has_prefix(n, ".fini_array") || has_prefix(n, ".preinit_array") ||
	       has_prefix(n, ".ctors") || has_prefix(n, ".dtors") || !strcmp(n, ".init") || !strcmp(n, ".fini") ||
	       !strcmp(n, ".eh_frame") || !strcmp(n, ".jcr") || !strcmp(n, ".gnu.attributes");
}

/* Sections that are never output whatever gc decides (input.c's never_output): they
 * are not sections to GNU ld either, so --print-gc-sections does not name them. */
static int never_a_section(const struct ld_isec *s)
{
	switch (s->sh_type) {
	case SHT_NULL:
	case SHT_SYMTAB:
	case SHT_REL:
	case SHT_RELA:
	case SHT_GROUP:
	case SHT_SYMTAB_SHNDX:
	case SHT_LLVM_ADDRSIG:
		return 1;
	}
	return (s->sh_flags & SHF_EXCLUDE) != 0;
}

static void mark(struct gc *g, uint32_t isec)
{
	struct ld_ctx *ctx = g->ctx;
	if (!isec || isec >= ctx->isecs.len || (g->state[isec] & GC_MARKED) || !ctx->isecs.v[isec].live)
		return;
	g->state[isec] |= GC_MARKED;
	LD_PUSH(g->work, isec);
}

/* __start_NAME / __stop_NAME: every section named NAME, once per symbol. */
static void mark_start_stop(struct gc *g, uint32_t sym)
{
	struct ld_ctx *ctx = g->ctx;
	if (g->start_stop_done[sym])
		return;
	g->start_stop_done[sym] = 1;
	const char *name = ctx->syms.v[sym].name;
	const char *sec = has_prefix(name, "__start_") ? name + 8 : name + 7;
	if (!is_c_ident(sec))
		return;
	for (uint32_t i = 0; i < g->ident_secs.len; i++)
		if (!strcmp(ctx->isecs.v[g->ident_secs.v[i]].name, sec))
			mark(g, g->ident_secs.v[i]);
}

/* A global: the section of its definition; through --defsym's alias to its target. */
static void mark_global(struct gc *g, uint32_t sym)
{
	struct ld_ctx *ctx = g->ctx;
	for (int hop = 0; hop < 8 && sym && sym < ctx->syms.len; hop++) {
		const struct ld_sym *y = &ctx->syms.v[sym];
		if (y->def == LD_DEF_REGULAR) {
			mark(g, y->isec);
			return;
		}
		if (y->alias) {
			sym = y->alias;
			continue;
		}
		if ((y->def == LD_UNDEF || y->def == LD_DEF_LINKER) &&
		    (has_prefix(y->name, "__start_") || has_prefix(y->name, "__stop_")))
			mark_start_stop(g, sym);
		return;
	}
}

static void mark_named(struct gc *g, const char *name)
{
	struct ld_sym *y = name ? res_find(g->ctx, name) : NULL;
	if (y)
		mark_global(g, (uint32_t)(y - g->ctx->syms.v));
}

/* The input section of file's section index shndx (SHN_XINDEX already resolved by
 * input.c, so an index may be above SHN_LORESERVE), or 0 for SHN_UNDEF, SHN_ABS,
 * SHN_COMMON and indices out of range. */
static uint32_t isec_at(const struct ld_file *f, uint32_t shndx)
{
	if (shndx == SHN_UNDEF || shndx == SHN_ABS || shndx == SHN_COMMON || shndx >= f->nsec)
		return 0;
	return f->first_isec + shndx;
}

/* The input section file's symbol sym is defined in, or 0 (undefined, absolute,
 * COMMON, a global not defined in a section). */
static uint32_t sym_isec(struct ld_ctx *ctx, uint32_t file, uint32_t sym)
{
	const struct ld_file *f = &ctx->files.v[file];
	if (sym >= f->nsyms)
		return 0;
	const struct ld_fsym *fs = &f->syms[sym];
	if (fs->global) {
		const struct ld_sym *y = fs->global < ctx->syms.len ? &ctx->syms.v[fs->global] : NULL;
		return y && y->def == LD_DEF_REGULAR && y->isec < ctx->isecs.len ? y->isec : 0;
	}
	return isec_at(f, fs->shndx);
}

static void mark_rel_target(struct gc *g, uint32_t file, uint32_t sym)
{
	struct ld_ctx *ctx = g->ctx;
	const struct ld_file *f = &ctx->files.v[file];
	if (sym < f->nsyms && f->syms[sym].global)
		mark_global(g, f->syms[sym].global);
	else
		mark(g, sym_isec(ctx, file, sym));
}

static void mark_rels(struct gc *g, uint32_t isec, uint32_t lo, uint32_t hi)
{
	const struct ld_isec *s = &g->ctx->isecs.v[isec];
	for (uint32_t r = lo; r < hi && r < s->nrels; r++)
		mark_rel_target(g, s->file, s->rels[r].sym);
}

/* ---- .eh_frame: which FDE belongs to which section */

static void add_fde(struct gc *g, uint32_t owner, const struct gc_fde *fde)
{
	if (!g->fde_head)
		g->fde_head = calloc(g->ctx->isecs.len, sizeof(uint32_t));
	if (!g->fde_head)
		ld_fatal("out of memory");
	if (g->fdes.len == 0)
		LD_PUSH(g->fdes, ((struct gc_fde){ 0 }));
	struct gc_fde x = *fde;
	x.next = g->fde_head[owner];
	LD_PUSH(g->fdes, x);
	g->fde_head[owner] = g->fdes.len - 1;
}

/* Splits an .eh_frame's relocations among its FDEs. The section's own relocations are
 * then not followed when it is marked. A malformed section (or a 64-bit length) stops
 * the split: the relocations not yet handed to an FDE keep their targets alive, which
 * errs on the side of keeping. */
static void split_eh_frame(struct gc *g, uint32_t eh)
{
	struct ld_ctx *ctx = g->ctx;
	const struct ld_isec *s = &ctx->isecs.v[eh];
	if (!s->data || !s->nrels)
		return;
	struct cie { uint64_t off; uint32_t lo, hi; };
	LD_VEC(struct cie) cies = { 0 };
	uint64_t off = 0;
	uint32_t r = 0;
	while (s->size - off >= 8) {
		uint32_t len = rd32(s->data + off);
		if (len == 0 || len == 0xffffffffu || len < 4 || len > s->size - off - 4)
			break;
		uint64_t end = off + 4 + len;
		uint32_t id = rd32(s->data + off + 4);
		uint32_t lo = r;
		while (r < s->nrels && s->rels[r].offset < end)
			r++;
		if (id == 0) {
			LD_PUSH(cies, ((struct cie){ off, lo, r }));
		} else {
			struct gc_fde fde = { .eh = eh, .rel_lo = lo, .rel_hi = r };
			/* CIE_pointer: the distance back from its own field to the CIE */
			uint64_t cie_off = off + 4 - id;
			for (uint32_t c = cies.len; c-- > 0;)
				if (cies.v[c].off == cie_off) {
					fde.cie_lo = cies.v[c].lo;
					fde.cie_hi = cies.v[c].hi;
					break;
				}
			uint32_t owner = 0;
			for (uint32_t k = lo; k < r; k++)
				if (s->rels[k].offset == off + 8) {
					owner = sym_isec(ctx, s->file, s->rels[k].sym);
					break;
				}
			if (owner) {
				add_fde(g, owner, &fde);
			} else {
				/* pc_begin names no section: nothing to wait for */
				mark_rels(g, eh, lo, r);
				mark_rels(g, eh, fde.cie_lo, fde.cie_hi);
			}
		}
		off = end;
	}
	/* after a terminator or a malformed record: follow the rest as they are */
	mark_rels(g, eh, r, s->nrels);
	LD_FREE(cies);
	g->state[eh] |= GC_EH_OWNED;
}

/* ---- the walk */

static void mark_group(struct gc *g, uint32_t grp)
{
	struct ld_ctx *ctx = g->ctx;
	const struct ld_isec *gs = &ctx->isecs.v[grp];
	const struct ld_file *f = &ctx->files.v[gs->file];
	if (!gs->data)
		return;
	for (uint64_t k = 4; k + 4 <= gs->size; k += 4) {
		uint32_t m = rd32(gs->data + k);
		if (m && m < f->nsec)
			mark(g, f->first_isec + m);
	}
}

static void walk(struct gc *g)
{
	struct ld_ctx *ctx = g->ctx;
	while (g->work.len) {
		uint32_t i = g->work.v[--g->work.len];
		const struct ld_isec *s = &ctx->isecs.v[i];
		if (!(g->state[i] & GC_EH_OWNED))
			mark_rels(g, i, 0, s->nrels);
		if (s->group && s->group < ctx->isecs.len)
			mark_group(g, s->group);
		if (g->link_head)
			for (uint32_t d = g->link_head[i]; d; d = g->link_next[d])
				mark(g, d);
		if (g->fde_head)
			for (uint32_t x = g->fde_head[i]; x; x = g->fdes.v[x].next) {
				const struct gc_fde *fde = &g->fdes.v[x];
				mark(g, fde->eh);
				mark_rels(g, fde->eh, fde->rel_lo, fde->rel_hi);
				mark_rels(g, fde->eh, fde->cie_lo, fde->cie_hi);
			}
	}
}

/* Every group member is debug information, or every one is "special" (non-allocated,
 * no relocations): GNU ld keeps such a group with the file's debug information. */
static int debug_or_special_group(struct ld_ctx *ctx, const struct ld_isec *gs)
{
	const struct ld_file *f = &ctx->files.v[gs->file];
	int all_debug = 1, all_special = 1, any = 0;
	for (uint64_t k = 4; gs->data && k + 4 <= gs->size; k += 4) {
		uint32_t m = rd32(gs->data + k);
		if (!m || m >= f->nsec)
			continue;
		const struct ld_isec *s = &ctx->isecs.v[f->first_isec + m];
		if (never_a_section(s))
			continue;
		any = 1;
		all_debug &= is_debug(s);
		all_special &= is_special(s);
	}
	return any && (all_debug || all_special);
}

/* Debug information and .comment-like sections of every file that keeps code or data. */
static void keep_debug_sections(struct gc *g)
{
	struct ld_ctx *ctx = g->ctx;
	for (uint32_t fi = 1; fi < ctx->files.len; fi++) {
		const struct ld_file *f = &ctx->files.v[fi];
		if (!f->is_object)
			continue;
		int some_kept = 0;
		for (uint32_t k = 1; k < f->nsec && !some_kept; k++) {
			const struct ld_isec *s = &ctx->isecs.v[f->first_isec + k];
			some_kept = (g->state[f->first_isec + k] & GC_MARKED) && (s->sh_flags & SHF_ALLOC) &&
			            s->sh_type != SHT_NOTE;
		}
		if (!some_kept)
			continue;
		for (uint32_t k = 1; k < f->nsec; k++) {
			uint32_t i = f->first_isec + k;
			const struct ld_isec *s = &ctx->isecs.v[i];
			if (s->sh_type == SHT_GROUP) {
				if (debug_or_special_group(ctx, s))
					for (uint64_t m = 4; s->data && m + 4 <= s->size; m += 4) {
						uint32_t x = rd32(s->data + m);
						if (x && x < f->nsec && ctx->isecs.v[f->first_isec + x].live)
							g->state[f->first_isec + x] |= GC_MARKED;
					}
			} else if (s->live && !s->group && (is_debug(s) || is_special(s))) {
				/* marked without a walk: debug information keeps nothing alive */
				g->state[i] |= GC_MARKED;
			}
		}
	}
}

/* ---- roots */

static void collect(struct gc *g)
{
	struct ld_ctx *ctx = g->ctx;
	for (uint32_t fi = 1; fi < ctx->files.len; fi++) {
		const struct ld_file *f = &ctx->files.v[fi];
		if (!f->is_object)
			continue;
		for (uint32_t k = 1; k < f->nsec; k++) {
			uint32_t i = f->first_isec + k;
			const struct ld_isec *s = &ctx->isecs.v[i];
			if (!s->live)
				continue;
			if (is_c_ident(s->name))
				LD_PUSH(g->ident_secs, i);
			if ((s->sh_flags & SHF_LINK_ORDER) && s->sh_link && s->sh_link < f->nsec) {
				if (!g->link_head) {
					g->link_head = calloc(ctx->isecs.len, sizeof(uint32_t));
					g->link_next = calloc(ctx->isecs.len, sizeof(uint32_t));
					if (!g->link_head || !g->link_next)
						ld_fatal("out of memory");
				}
				uint32_t to = f->first_isec + s->sh_link;
				g->link_next[i] = g->link_head[to];
				g->link_head[to] = i;
			}
		}
	}
}

static void mark_roots(struct gc *g)
{
	struct ld_ctx *ctx = g->ctx;
	const struct ld_options *opt = ctx->opt;
	mark_named(g, opt->entry ? opt->entry : "_start");
	mark_named(g, "_init");
	mark_named(g, "_fini");
	for (uint32_t i = 0; i < opt->undefined.len; i++)
		mark_named(g, opt->undefined.v[i]);
	for (uint32_t i = 0; i < opt->defsyms.len; i++)
		mark_named(g, opt->defsyms.v[i].name);
	for (uint32_t fi = 1; fi < ctx->files.len; fi++) {
		const struct ld_file *f = &ctx->files.v[fi];
		if (!f->is_object)
			continue;
		for (uint32_t k = 1; k < f->nsec; k++) {
			uint32_t i = f->first_isec + k;
			const struct ld_isec *s = &ctx->isecs.v[i];
			if (!s->live)
				continue;
			if (!strcmp(s->name, ".eh_frame"))
				split_eh_frame(g, i);
			if (s->keep || is_default_root(s))
				mark(g, i);
		}
	}
}

/* ---- the sweep */

/* The section an FDE's pc_begin (at fde + 8) points at, via relocations lo..hi of s:
 * *has_pc is 0 when no relocation is there. */
static uint32_t fde_owner(struct ld_ctx *ctx, const struct ld_isec *s, uint64_t fde, uint32_t lo, uint32_t hi,
                          int *has_pc)
{
	*has_pc = 0;
	for (uint32_t k = lo; k < hi; k++)
		if (s->rels[k].offset == fde + 8) {
			*has_pc = 1;
			return sym_isec(ctx, s->file, s->rels[k].sym);
		}
	return 0;
}

/* Cuts out of .eh_frame section eh the FDEs whose function is not in the output.
 * Records are walked as split_eh_frame walked them; what follows a terminator or a
 * malformed record is kept as it is. */
static void drop_dead_fdes(struct ld_ctx *ctx, uint32_t eh)
{
	struct ld_isec *s = &ctx->isecs.v[eh];
	const uint64_t align = s->sh_addralign <= 16 ? s->sh_addralign : 1;
	uint8_t *out = ld_xrealloc(NULL, s->size + align);
	struct ld_rel *rels = ld_xrealloc(NULL, (size_t)s->nrels * sizeof(*rels));
	struct cie_move { uint64_t from, to; };
	LD_VEC(struct cie_move) cies = { 0 };
	uint64_t off = 0, dst = 0, last = UINT64_MAX;
	uint32_t r = 0, nr = 0;
	while (s->size - off >= 8) {
		uint32_t len = rd32(s->data + off);
		if (len == 0 || len == 0xffffffffu || len < 4 || len > s->size - off - 4)
			break;
		uint64_t end = off + 4 + len;
		uint32_t id = rd32(s->data + off + 4);
		uint32_t lo = r;
		while (r < s->nrels && s->rels[r].offset < end)
			r++;
		if (id != 0) {
			int has_pc;
			uint32_t owner = fde_owner(ctx, s, off, lo, r, &has_pc);
			if (has_pc && owner && !ctx->isecs.v[owner].live) {
				off = end;
				continue;
			}
		}
		memcpy(out + dst, s->data + off, end - off);
		last = dst;
		if (id == 0) {
			LD_PUSH(cies, ((struct cie_move){ off, dst }));
		} else {
			uint64_t cie = off + 4 - id;
			for (uint32_t c = cies.len; c-- > 0;)
				if (cies.v[c].from == cie) {
					uint64_t ptr = dst + 4 - cies.v[c].to;
					out[dst + 4] = (uint8_t)ptr;
					out[dst + 5] = (uint8_t)(ptr >> 8);
					out[dst + 6] = (uint8_t)(ptr >> 16);
					out[dst + 7] = (uint8_t)(ptr >> 24);
					break;
				}
		}
		for (uint32_t k = lo; k < r; k++) {
			rels[nr] = s->rels[k];
			rels[nr++].offset -= off - dst;
		}
		dst += end - off;
		off = end;
	}
	LD_FREE(cies);
	if (dst == off) {           /* nothing was cut */
		free(out);
		free(rels);
		return;
	}
	memcpy(out + dst, s->data + off, s->size - off);
	for (; r < s->nrels; r++) {
		rels[nr] = s->rels[r];
		rels[nr++].offset -= off - dst;
	}
	uint64_t size = dst + (s->size - off);
	/* The assembler pads the last record to the section's alignment; when that record
	 * went, the new last one takes the padding (DW_CFA_nop bytes), as GNU ld does, so
	 * that no stray zero word reads as a terminator between two inputs. */
	if (size == dst && last != UINT64_MAX && align > 1 && size % align) {
		uint64_t pad = align - size % align;
		uint32_t len = rd32(out + last) + (uint32_t)pad;
		memset(out + size, 0, pad);
		out[last] = (uint8_t)len;
		out[last + 1] = (uint8_t)(len >> 8);
		out[last + 2] = (uint8_t)(len >> 16);
		out[last + 3] = (uint8_t)(len >> 24);
		size += pad;
	}
	if (s->owned_data)
		free((void *)s->data);
	free(s->rels);
	s->data = out;
	s->owned_data = 1;
	s->size = size;
	s->rels = rels;
	s->nrels = nr;
}

static void print_removed(struct ld_ctx *ctx, uint32_t isec)
{
	const struct ld_isec *s = &ctx->isecs.v[isec];
	const struct ld_file *f = &ctx->files.v[s->file];
	if (!s->size)
		return;
	if (s->group && s->group < ctx->isecs.len && s->sh_type != SHT_GROUP)
		fprintf(stderr, "solder: removing unused section '%s[%s]' in file '%s'\n", s->name,
		        ld_sym_name(ctx, s->file, ctx->isecs.v[s->group].sh_info), f->name);
	else
		fprintf(stderr, "solder: removing unused section '%s' in file '%s'\n", s->name, f->name);
}

static void sweep(struct gc *g)
{
	struct ld_ctx *ctx = g->ctx;
	const int print = ctx->opt->print_gc_sections;
	for (uint32_t fi = 1; fi < ctx->files.len; fi++) {
		struct ld_file *f = &ctx->files.v[fi];
		if (!f->is_object)
			continue;
		for (uint32_t k = 1; k < f->nsec; k++) {
			uint32_t i = f->first_isec + k;
			struct ld_isec *s = &ctx->isecs.v[i];
			if (s->sh_type == SHT_GROUP) {
				/* a group goes with its first member */
				uint32_t first = s->data && s->size >= 8 ? rd32(s->data + 4) : 0;
				if (print && first && first < f->nsec && !(g->state[f->first_isec + first] & GC_MARKED))
					print_removed(ctx, i);
			} else if (s->live && !(g->state[i] & GC_MARKED)) {
				s->live = 0;
				g->state[i] |= GC_REMOVED;
				if (print)
					print_removed(ctx, i);
			} else if (print && !s->live && s->group && !never_a_section(s)) {
				print_removed(ctx, i);    /* a COMDAT copy resolution dropped */
			}
		}
		for (uint32_t j = 1; j < f->nsyms; j++) {
			uint32_t i = isec_at(f, f->syms[j].shndx);
			if (i && (g->state[i] & GC_REMOVED))
				f->syms[j].discarded = 1;
		}
	}
	for (uint32_t i = 1; i < ctx->isecs.len; i++)
		if ((g->state[i] & GC_EH_OWNED) && ctx->isecs.v[i].live)
			drop_dead_fdes(ctx, i);
}

void gc_sections(struct ld_ctx *ctx)
{
	struct gc g = { .ctx = ctx };
	g.state = calloc(ctx->isecs.len ? ctx->isecs.len : 1, 1);
	g.start_stop_done = calloc(ctx->syms.len ? ctx->syms.len : 1, 1);
	if (!g.state || !g.start_stop_done)
		ld_fatal("out of memory");

	collect(&g);
	mark_roots(&g);
	walk(&g);
	keep_debug_sections(&g);
	sweep(&g);

	free(g.state);
	free(g.start_stop_done);
	free(g.fde_head);
	free(g.link_head);
	free(g.link_next);
	LD_FREE(g.fdes);
	LD_FREE(g.work);
	LD_FREE(g.ident_secs);
}
