/*
 * riscv_ld.c: the object-linking half of RV64 and RV32 (struct ld_target), after the
 * RISC-V ELF psABI (riscv-non-isa/riscv-elf-psabi-doc) and what GNU ld 2.40 does
 * with it. Single relocations are applied by targets/riscv.c (t->apply_reloc); this
 * file supplies the addresses, pairs relocations, and relaxes.
 *
 * The quirks this file handles:
 *
 *  - PCREL_LO12_I/S do not name their target. Their symbol is the label of the AUIPC
 *    that carries the matching PCREL_HI20 (or GOT_HI20), and the low part must be
 *    computed from that HI20's S + A and the AUIPC's address, not from the LO12's own
 *    place. We find the HI20 by the label's offset among the section's relocations
 *    (they are sorted by offset). GNU ld ignores the LO12's addend there; so do we.
 *  - A PC-relative reference to an address that AUIPC cannot reach (undefined weak
 *    symbols are 0, far from code linked high on RV64) is turned into an absolute LUI
 *    when LUI can reach it, as GNU ld does; its LO12 partners then take the absolute
 *    value. A CALL to an undefined weak symbol becomes a jump to 0 through x0.
 *  - Local-exec TLS: tp points at the start of the TLS block (the end of the TCB), so
 *    TPREL is S + A - TLS, the block's address; DTPREL in debug information is
 *    measured from 0x800 past the block (TLS_DTV_OFFSET), so that a 12-bit offset
 *    from a DTV pointer reaches 4 KiB. Initial-exec (TLS_GOT_HI20, what GCC emits
 *    for an extern __thread variable even without -fpic) would load the TP offset
 *    from a GOT slot; in a static image that offset is a link-time constant, so the
 *    pair is rewritten in place to compute it (auipc -> lui, ld/lw -> addi), same
 *    size and no slot (GNU ld keeps the load and fills a slot). General-dynamic and
 *    TLSDESC need a runtime solder does not produce: reported as unknown.
 *  - Relaxation is what makes RISC-V code small, and it is not optional: R_RISCV_ALIGN
 *    marks A bytes of NOPs the assembler put down for the worst case, of which only
 *    align_up(P, B) - P may stay, B the smallest power of two above A; GNU ld deletes
 *    the rest even with --no-relax. Everything else needs an R_RISCV_RELAX at the
 *    same offset, which the assembler emits for every sequence it allows to shrink:
 *      CALL (auipc+jalr)   -> c.j / c.jal (RV32 only) / jal, or jalr via x0 near 0
 *      LUI+LO12 (HI20)     -> gp- or x0-relative (LUI deleted), or c.lui
 *      AUIPC+PCREL_LO12    -> gp- or x0-relative (AUIPC deleted)
 *      TPREL_HI20+ADD+LO12 -> tp-relative (LUI and ADD deleted)
 *    The margins are GNU ld's: a deletion elsewhere can only bring things closer,
 *    but an alignment can push them apart again by up to the largest alignment in
 *    between, so that much is added to every distance before it is compared.
 *  - Rewritten sequences keep their relocation with a new type: the retired numbers
 *    46-50 (RVC_LUI, GPREL_I/S, TPREL_I/S) that GNU ld also uses inside, which no
 *    input may carry. Their value is recomputed from the final addresses at
 *    relocation time, so a later deletion cannot leave them stale.
 *  - Order. Relaxation rounds run until nothing shrinks; only then does one round
 *    honour every ALIGN (and turn every remaining RELAX into NONE: like GNU ld, no
 *    sequence is shortened after alignment, which would undo it). The state lives in
 *    the relocations themselves, so relax() needs no memory of its own between calls:
 *    relax(ctx, 1) always runs the alignment round.
 *  - e_flags: EF_RISCV_RVC and EF_RISCV_TSO are unions; the float ABI and RVE must
 *    agree. Whether a call may become a compressed jump depends on the file that
 *    holds it (its EF_RISCV_RVC), as in GNU ld.
 */
#include <stdlib.h>
#include <string.h>

#include "../link/ld.h"

enum {
	R_RISCV_NONE = 0, R_RISCV_32 = 1, R_RISCV_64 = 2,
	R_RISCV_TLS_DTPREL32 = 8, R_RISCV_TLS_DTPREL64 = 9,
	R_RISCV_BRANCH = 16, R_RISCV_JAL = 17, R_RISCV_CALL = 18, R_RISCV_CALL_PLT = 19,
	R_RISCV_GOT_HI20 = 20, R_RISCV_TLS_GOT_HI20 = 21, R_RISCV_PCREL_HI20 = 23, R_RISCV_PCREL_LO12_I = 24,
	R_RISCV_PCREL_LO12_S = 25, R_RISCV_HI20 = 26, R_RISCV_LO12_I = 27, R_RISCV_LO12_S = 28,
	R_RISCV_TPREL_HI20 = 29, R_RISCV_TPREL_LO12_I = 30, R_RISCV_TPREL_LO12_S = 31,
	R_RISCV_TPREL_ADD = 32,
	R_RISCV_ADD8 = 33, R_RISCV_ADD16 = 34, R_RISCV_ADD32 = 35, R_RISCV_ADD64 = 36,
	R_RISCV_SUB8 = 37, R_RISCV_SUB16 = 38, R_RISCV_SUB32 = 39, R_RISCV_SUB64 = 40,
	R_RISCV_GOT32_PCREL = 41, R_RISCV_ALIGN = 43, R_RISCV_RVC_BRANCH = 44, R_RISCV_RVC_JUMP = 45,
	/* Retired from the psABI; only relaxation makes them (see the essay). */
	R_RISCV_RVC_LUI = 46, R_RISCV_GPREL_I = 47, R_RISCV_GPREL_S = 48,
	R_RISCV_TPREL_I = 49, R_RISCV_TPREL_S = 50,
	R_RISCV_RELAX = 51, R_RISCV_SUB6 = 52, R_RISCV_SET6 = 53, R_RISCV_SET8 = 54,
	R_RISCV_SET16 = 55, R_RISCV_SET32 = 56, R_RISCV_32_PCREL = 57, R_RISCV_PLT32 = 59,
	R_RISCV_SET_ULEB128 = 60, R_RISCV_SUB_ULEB128 = 61,
};

enum { EF_RISCV_RVC = 0x1, EF_RISCV_FLOAT_ABI = 0x6, EF_RISCV_RVE = 0x8, EF_RISCV_TSO = 0x10 };
enum { SHF_ALLOC = 0x2, SHF_EXECINSTR = 0x4, SHF_MERGE = 0x10 };
enum { SHT_NOBITS = 8, STT_FUNC = 2, STT_SECTION = 3, SHN_LORESERVE = 0xff00 };
enum { X_ZERO = 0, X_RA = 1, X_SP = 2, X_GP = 3, X_TP = 4 };
enum {
	RV_NOP = 0x00000013,       /* addi x0, x0, 0 */
	RV_C_NOP = 0x0001,
	RV_JAL = 0x6f, RV_JALR = 0x67, RV_LUI = 0x37,
	RV_C_J = 0xa001, RV_C_JAL = 0x2001, RV_C_LUI = 0x6001, RV_C_LI = 0x4001,
};

/* DTPREL is measured from this far into the TLS block (psABI TLS_DTV_OFFSET). */
#define RV_DTV_OFFSET 0x800
/* GNU ld's ELF_MAXPAGESIZE for RISC-V: how far the data segment's alignment may
 * move a section, whatever -z max-page-size says. */
#define RV_DATA_SEGMENT_ALIGN 0x1000

/* ---- small facts about values and instructions */

static int fits_i12(int64_t v)
{
	return v >= -2048 && v < 2048;
}

/* VALID_JTYPE_IMM / VALID_CJTYPE_IMM: even, and within the field. */
static int fits_jal(int64_t v)
{
	return !(v & 1) && v >= -(1 << 20) && v < (1 << 20);
}

static int fits_cj(int64_t v)
{
	return !(v & 1) && v >= -2048 && v < 2048;
}

/* The rounded upper part of a U+I pair, as a value with the low 12 bits clear. */
static uint64_t hi_part(uint64_t v)
{
	return (v + 0x800) & ~(uint64_t)0xfff;
}

/* Whether an AUIPC or LUI (sign-extended 32-bit result) reaches v. */
static int fits_u20(int64_t v)
{
	const int64_t two31 = (int64_t)1 << 31;
	return v >= -two31 - 0x800 && v < two31 - 0x800;
}

/* c.lui takes a non-zero, sign-extended 6-bit immediate for bits 17:12. */
static int fits_clui(uint64_t hi)
{
	uint64_t imm6 = hi >> 12 & 0x3f;
	int64_t back = ((int64_t)(imm6 ^ 0x20) - 0x20) * 4096;
	return imm6 != 0 && (uint64_t)back == hi;
}

static uint32_t with_rs1(uint32_t insn, unsigned rs1)
{
	return (insn & ~(0x1fu << 15)) | rs1 << 15;
}

/* ---- symbols as relocations see them */

struct rv_ref {
	uint64_t SA;           /* S + A */
	int ok;                /* has an address (undefined weak: yes, 0 + A) */
	int undef_weak;
	uint32_t isec;         /* the defining input section; 0 when absolute or linker-made */
	uint32_t osec;         /* its output section, or the one a script defined it in
	                          (for globals, only when gp is defined in a section) */
	uint64_t reserve;      /* how much of the object lies past S + A (GNU ld's reserve_size) */
};

static struct ld_sym *rv_global(struct ld_ctx *ctx, uint32_t file, uint32_t sym)
{
	const struct ld_file *f = &ctx->files.v[file];
	uint32_t g = sym < f->nsyms ? f->syms[sym].global : 0;
	return g && g < ctx->syms.len ? &ctx->syms.v[g] : NULL;
}

static int rv_undef_weak(struct ld_ctx *ctx, uint32_t file, uint32_t sym)
{
	const struct ld_sym *g = rv_global(ctx, file, sym);
	return g && g->def == LD_UNDEF && (g->flags & LD_SYM_WEAK);
}

static void rv_resolve(struct ld_ctx *ctx, uint32_t file, uint32_t sym, int64_t addend, struct rv_ref *r)
{
	const struct ld_file *f = &ctx->files.v[file];
	memset(r, 0, sizeof(*r));
	r->SA = ld_reloc_target(ctx, file, sym, addend, &r->ok);
	if (sym >= f->nsyms)
		return;
	const struct ld_fsym *fs = &f->syms[sym];
	const struct ld_sym *g = rv_global(ctx, file, sym);
	uint64_t size = fs->size;
	int func = fs->type == STT_FUNC;
	if (g) {
		r->undef_weak = g->def == LD_UNDEF && (g->flags & LD_SYM_WEAK);
		if (r->undef_weak) {
			r->ok = 1;
			r->SA = (uint64_t)addend;
		}
		r->isec = g->def == LD_DEF_REGULAR && g->isec < ctx->isecs.len ? g->isec : 0;
		size = g->size;
		func = g->type == STT_FUNC;
		if (ctx->gp_osec)   /* only rv_gp_reach reads it, and only then */
			r->osec = ld_sym_osec(ctx, fs->global);
	} else if (fs->shndx && fs->shndx < f->nsec && fs->shndx < SHN_LORESERVE) {
		r->isec = f->first_isec + fs->shndx;
		r->osec = ctx->isecs.v[r->isec].osec;
	}
	/* Only locals count their size for a function; GNU ld skips STT_FUNC globals. */
	if (!(g && func))
		r->reserve = size - (uint64_t)addend > size ? 0 : size - (uint64_t)addend;
}

/* ---- diagnostics */

struct rv_site_names {
	char where[512];
	int describe;     /* 0: leave where and sym_name unset (the fast path; a failure is
	                     applied again with them to word the message) */
};

static void rv_site(struct ld_ctx *ctx, uint32_t isec, const struct ld_rel *rel, uint8_t *dst,
                    struct rv_site_names *names, struct reloc_site *site)
{
	const struct ld_isec *s = &ctx->isecs.v[isec];
	memset(site, 0, sizeof(*site));
	site->type = rel->type;
	site->loc = dst && rel->offset <= s->size ? dst + rel->offset : dst;
	site->avail = rel->offset <= s->size ? (size_t)(s->size - rel->offset) : 0;
	site->P = ld_isec_addr(ctx, isec, rel->offset);
	if (names->describe) {
		site->sym_name = ld_sym_name(ctx, s->file, rel->sym);
		site->where = ld_where(ctx, isec, rel->offset, names->where, sizeof(names->where));
	}
}

/* Fills in the names of a site set up without them, for a message. */
static void rv_name_site(struct ld_ctx *ctx, uint32_t isec, const struct ld_rel *rel,
                         struct rv_site_names *names, struct reloc_site *site)
{
	if (site->where)
		return;
	site->sym_name = ld_sym_name(ctx, ctx->isecs.v[isec].file, rel->sym);
	site->where = ld_where(ctx, isec, rel->offset, names->where, sizeof(names->where));
}

/* ---- e_flags */

static int rv_merge_e_flags(struct ld_ctx *ctx, uint32_t *acc, uint32_t flags, const char *file)
{
	uint32_t clash = (*acc ^ flags) & (EF_RISCV_FLOAT_ABI | EF_RISCV_RVE);
	if (clash) {
		/* Name an input whose flags started the merge, when one can be found. */
		const char *other = NULL;
		for (uint32_t i = 1; i < ctx->files.len && !other; i++) {
			const struct ld_file *f = &ctx->files.v[i];
			if (f->is_object && f->name && strcmp(f->name, file) != 0 &&
			    !((f->e_flags ^ *acc) & (EF_RISCV_FLOAT_ABI | EF_RISCV_RVE)))
				other = f->name;
		}
		const char *what = clash & EF_RISCV_FLOAT_ABI ? "floating-point ABI" : "EF_RISCV_RVE";
		if (other)
			ld_error(ctx, "%s: cannot link object files with different %s from %s", file, what, other);
		else
			ld_error(ctx, "%s: cannot link object files with different %s", file, what);
		return -1;
	}
	*acc |= flags & (EF_RISCV_RVC | EF_RISCV_TSO);
	return 0;
}

/* ---- scan */

/* Whether solder applies this type from an input object. */
static int rv_supported(uint32_t type)
{
	switch (type) {
	case R_RISCV_NONE: case R_RISCV_32: case R_RISCV_64:
	case R_RISCV_TLS_DTPREL32: case R_RISCV_TLS_DTPREL64:
	case R_RISCV_BRANCH: case R_RISCV_JAL: case R_RISCV_CALL: case R_RISCV_CALL_PLT:
	case R_RISCV_GOT_HI20: case R_RISCV_TLS_GOT_HI20: case R_RISCV_PCREL_HI20: case R_RISCV_PCREL_LO12_I:
	case R_RISCV_PCREL_LO12_S: case R_RISCV_HI20: case R_RISCV_LO12_I: case R_RISCV_LO12_S:
	case R_RISCV_TPREL_HI20: case R_RISCV_TPREL_LO12_I: case R_RISCV_TPREL_LO12_S:
	case R_RISCV_TPREL_ADD:
	case R_RISCV_ADD8: case R_RISCV_ADD16: case R_RISCV_ADD32: case R_RISCV_ADD64:
	case R_RISCV_SUB8: case R_RISCV_SUB16: case R_RISCV_SUB32: case R_RISCV_SUB64:
	case R_RISCV_GOT32_PCREL: case R_RISCV_ALIGN: case R_RISCV_RVC_BRANCH: case R_RISCV_RVC_JUMP:
	case R_RISCV_RELAX: case R_RISCV_SUB6: case R_RISCV_SET6: case R_RISCV_SET8:
	case R_RISCV_SET16: case R_RISCV_SET32: case R_RISCV_32_PCREL: case R_RISCV_PLT32:
	case R_RISCV_SET_ULEB128: case R_RISCV_SUB_ULEB128:
		return 1;
	}
	return 0;
}

static void rv_scan_section(struct ld_ctx *ctx, uint32_t isec)
{
	const struct ld_isec *s = &ctx->isecs.v[isec];
	const struct ld_file *f = &ctx->files.v[s->file];
	struct diag d = { 0 };
	for (uint32_t i = 0; i < s->nrels; i++) {
		const struct ld_rel *rel = &s->rels[i];
		struct rv_site_names names = { .describe = 1 };
		struct reloc_site site;
		if (rel->sym >= f->nsyms) {
			char where[512];
			ld_error(ctx, "%s: relocation %u refers to symbol %u, but there are %u symbols",
			         ld_where(ctx, isec, rel->offset, where, sizeof(where)), i, rel->sym, f->nsyms);
			continue;
		}
		if (!rv_supported(rel->type)) {
			rv_site(ctx, isec, rel, NULL, &names, &site);
			tgt_unknown_reloc(ctx->t, &site, &d);
			ld_diag(ctx, &d);
			continue;
		}
		if (rel->type != R_RISCV_GOT_HI20 && rel->type != R_RISCV_GOT32_PCREL)
			continue;
		struct ld_sym *g = rv_global(ctx, s->file, rel->sym);
		if (g) {
			g->flags |= LD_SYM_NEEDS_GOT;
		} else {
			/* ld.h has GOT slots for globals only; GCC never asks one for a local
			 * (it addresses those PC-relatively), hand-written `la` under
			 * .option pic can. */
			rv_site(ctx, isec, rel, NULL, &names, &site);
			ld_error(ctx, "%s: relocation %s against local symbol '%s' needs a GOT slot, which solder does not make for local symbols",
			         site.where, ctx->t->reloc_name(rel->type), site.sym_name);
		}
	}
}

/* ---- relocate */

/* The first relocation of s at offset off, or s->nrels. */
static uint32_t rv_first_at(const struct ld_isec *s, uint64_t off)
{
	uint32_t lo = 0, hi = s->nrels;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (s->rels[mid].offset < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* What a HI20 gives its LO12 partners. */
struct rv_hi {
	uint64_t SA;           /* the HI20's S + A (the GOT slot for GOT_HI20) */
	uint64_t P;            /* the AUIPC's address */
	int absolute;          /* the AUIPC became a LUI: the LO12 takes SA itself */
	int tls_ie;            /* initial-exec TLS applied as local-exec: SA is TP-relative */
	int ok;
};

/* A PCREL_HI20 whose PC-relative value AUIPC cannot hold, but whose absolute value
 * LUI can, is rewritten to a LUI (RV64; RV32 wraps, so AUIPC always reaches). */
static int rv_hi_absolute(struct ld_ctx *ctx, uint32_t type, uint64_t SA, uint64_t P)
{
	return type == R_RISCV_PCREL_HI20 && ctx->t->ptr_size == 8 &&
	       !fits_u20((int64_t)(SA - P)) && fits_u20((int64_t)SA);
}

static void rv_hi_value(struct ld_ctx *ctx, uint32_t isec, const struct ld_rel *hi, struct rv_hi *out)
{
	const struct ld_isec *s = &ctx->isecs.v[isec];
	out->P = ld_isec_addr(ctx, isec, hi->offset);
	if (hi->type == R_RISCV_GOT_HI20) {
		uint64_t got = ld_got_addr(ctx, s->file, hi->sym);
		out->ok = got != 0;
		out->SA = got + (uint64_t)hi->addend;
		out->absolute = out->tls_ie = 0;
		return;
	}
	if (hi->type == R_RISCV_TLS_GOT_HI20) {
		out->SA = ld_reloc_target(ctx, s->file, hi->sym, hi->addend, &out->ok) - ctx->tls_addr;
		out->absolute = 0;
		out->tls_ie = 1;
		return;
	}
	out->tls_ie = 0;
	out->SA = ld_reloc_target(ctx, s->file, hi->sym, hi->addend, &out->ok);
	if (rv_undef_weak(ctx, s->file, hi->sym)) {
		out->ok = 1;
		out->SA = (uint64_t)hi->addend;
	}
	out->absolute = rv_hi_absolute(ctx, hi->type, out->SA, out->P);
}

/* The HI20 a PCREL_LO12 at rel points to: the relocation at its label's offset.
 * Returns its index, or -1. */
static int64_t rv_find_hi(struct ld_ctx *ctx, uint32_t isec, const struct ld_rel *rel)
{
	const struct ld_isec *s = &ctx->isecs.v[isec];
	const struct ld_file *f = &ctx->files.v[s->file];
	if (rel->sym >= f->nsyms || f->syms[rel->sym].shndx != s->shndx)
		return -1;
	int ok;
	int64_t addend = f->syms[rel->sym].type == STT_SECTION ? rel->addend : 0;
	uint64_t label = ld_reloc_target(ctx, s->file, rel->sym, addend, &ok);
	uint64_t base = ld_isec_addr(ctx, isec, 0);
	if (!ok || label < base)
		return -1;
	uint64_t off = label - base;
	for (uint32_t i = rv_first_at(s, off); i < s->nrels && s->rels[i].offset == off; i++)
		if (s->rels[i].type == R_RISCV_PCREL_HI20 || s->rels[i].type == R_RISCV_GOT_HI20 ||
		    s->rels[i].type == R_RISCV_TLS_GOT_HI20)
			return i;
	return -1;
}

/* Applies a relocation through riscv.c's formula for another type (the field is the
 * same; the range was checked under the real type's name). */
static int rv_apply_as(struct ld_ctx *ctx, struct reloc_site *site, uint32_t type, uint64_t S,
                       uint64_t P_hi, struct diag *d)
{
	struct reloc_site as = *site;
	as.type = type;
	as.S = S;
	as.A = 0;
	as.P_hi = P_hi;
	return ctx->t->apply_reloc(ctx->t, &as, d);
}

/* Rewrites the rs1 field of the 32-bit instruction at the site. */
static int rv_set_rs1(struct ld_ctx *ctx, struct reloc_site *site, unsigned rs1, struct diag *d)
{
	if (tgt_check_room(ctx->t, site, d, 4))
		return -1;
	put32(site->loc, with_rs1(get32(site->loc, 0), rs1), 0);
	return 0;
}

static int rv_apply_one(struct ld_ctx *ctx, uint32_t isec, uint32_t i, uint8_t *dst, struct diag *d,
                        int describe)
{
	const struct ld_isec *s = &ctx->isecs.v[isec];
	const struct ld_rel *rel = &s->rels[i];
	const struct target *t = ctx->t;
	const int alloc = (s->sh_flags & SHF_ALLOC) != 0;
	struct rv_site_names names;
	struct reloc_site site;
	names.describe = describe;

	switch (rel->type) {
	case R_RISCV_NONE: case R_RISCV_RELAX: case R_RISCV_ALIGN: case R_RISCV_TPREL_ADD:
		return 0;
	}
	rv_site(ctx, isec, rel, dst, &names, &site);

	if (rel->type == R_RISCV_PCREL_LO12_I || rel->type == R_RISCV_PCREL_LO12_S) {
		int64_t h = rv_find_hi(ctx, isec, rel);
		if (h < 0) {
			rv_name_site(ctx, isec, rel, &names, &site);
			ld_error(ctx, "%s: %s refers to '%s', which has no R_RISCV_PCREL_HI20 relocation",
			         site.where, t->reloc_name(rel->type), site.sym_name);
			return -1;
		}
		struct rv_hi hi;
		rv_hi_value(ctx, isec, &s->rels[h], &hi);
		if (!hi.ok)
			return 0;     /* the HI20's symbol is undefined: reported there */
		if (hi.tls_ie) {
			/* ld/lw rd, lo(rs1) -> addi rd, rs1, lo: the offset itself, not a load. */
			if (tgt_check_room(t, &site, d, 4))
				return -1;
			uint32_t insn = get32(site.loc, 0);
			if (rel->type != R_RISCV_PCREL_LO12_I || (insn & 0x707f) != (t->ptr_size == 8 ? 0x3003u : 0x2003u)) {
				rv_name_site(ctx, isec, rel, &names, &site);
				ld_error(ctx, "%s: %s pairs with R_RISCV_TLS_GOT_HI20 but is not a %s", site.where,
				         t->reloc_name(rel->type), t->ptr_size == 8 ? "ld" : "lw");
				return -1;
			}
			put32(site.loc, (insn & ~0x707fu) | 0x13, 0);
			return rv_apply_as(ctx, &site, R_RISCV_LO12_I, hi.SA, 0, d);
		}
		if (hi.absolute)
			return rv_apply_as(ctx, &site, rel->type == R_RISCV_PCREL_LO12_I ? R_RISCV_LO12_I : R_RISCV_LO12_S,
			                   hi.SA, 0, d);
		site.S = hi.SA;
		site.P_hi = hi.P;
		return t->apply_reloc(t, &site, d);
	}

	struct rv_ref ref;
	if (rel->type == R_RISCV_GOT_HI20 || rel->type == R_RISCV_GOT32_PCREL) {
		uint64_t got = ld_got_addr(ctx, s->file, rel->sym);
		if (!got) {
			rv_resolve(ctx, s->file, rel->sym, rel->addend, &ref);
			if (!ref.ok)
				return 0;
			rv_name_site(ctx, isec, rel, &names, &site);
			ld_error(ctx, "%s: relocation %s against '%s' has no GOT slot", site.where,
			         t->reloc_name(rel->type), site.sym_name);
			return -1;
		}
		site.S = got;
		site.A = rel->addend;
		return t->apply_reloc(t, &site, d);
	}

	rv_resolve(ctx, s->file, rel->sym, rel->addend, &ref);
	if (!ref.ok) {
		/* Allocated: an undefined symbol, already reported. Debug information about
		 * a discarded section reads as if it sat at 0, as GNU ld writes it. */
		if (alloc)
			return 0;
		ref.SA = (uint64_t)rel->addend;
	}
	const uint64_t SA = ref.SA;
	site.S = SA;
	site.A = 0;

	switch (rel->type) {
	case R_RISCV_CALL:
	case R_RISCV_CALL_PLT:
		if (ref.undef_weak) {
			/* No function: jalr through x0 to 0 + A, the auipc adding nothing. */
			if (tgt_check_room(t, &site, d, 8))
				return -1;
			put32(site.loc + 4, with_rs1(get32(site.loc + 4, 0), X_ZERO), 0);
			site.S = site.P + SA;
		}
		return t->apply_reloc(t, &site, d);

	case R_RISCV_PCREL_HI20:
		if (rv_hi_absolute(ctx, rel->type, SA, site.P)) {
			if (tgt_check_room(t, &site, d, 4))
				return -1;
			put32(site.loc, (get32(site.loc, 0) & ~0x7fu) | RV_LUI, 0);
			return rv_apply_as(ctx, &site, R_RISCV_HI20, SA, 0, d);
		}
		return t->apply_reloc(t, &site, d);

	case R_RISCV_TLS_GOT_HI20: {
		/* auipc rd, %tls_ie_pcrel_hi -> lui rd, %tprel_hi: the image is static, so
		 * the TP offset is known and no GOT slot is needed (GNU ld makes one). */
		int64_t v = (int64_t)(SA - ctx->tls_addr);
		const int64_t two31 = (int64_t)1 << 31;
		if (tgt_check_room(t, &site, d, 4) || tgt_check_range(t, &site, d, v, -two31 - 0x800, two31 - 0x800))
			return -1;
		if ((get32(site.loc, 0) & 0x7f) != 0x17) {
			rv_name_site(ctx, isec, rel, &names, &site);
			ld_error(ctx, "%s: R_RISCV_TLS_GOT_HI20 is not on an auipc", site.where);
			return -1;
		}
		put32(site.loc, (get32(site.loc, 0) & ~0x7fu) | RV_LUI, 0);
		return rv_apply_as(ctx, &site, R_RISCV_HI20, (uint64_t)v, 0, d);
	}

	case R_RISCV_GPREL_I:
	case R_RISCV_GPREL_S: {
		/* x0 when the address itself fits, else gp: GNU ld's order. */
		int64_t v = (int64_t)SA;
		unsigned base = X_ZERO;
		if (!fits_i12(v)) {
			v = (int64_t)(SA - ctx->gp);
			base = X_GP;
			if (tgt_check_range(t, &site, d, v, -2048, 2048))
				return -1;
		}
		if (rv_set_rs1(ctx, &site, base, d))
			return -1;
		return rv_apply_as(ctx, &site, rel->type == R_RISCV_GPREL_I ? R_RISCV_LO12_I : R_RISCV_LO12_S,
		                   (uint64_t)v, 0, d);
	}

	case R_RISCV_TPREL_HI20:
	case R_RISCV_TPREL_LO12_I:
	case R_RISCV_TPREL_LO12_S:
	case R_RISCV_TPREL_I:
	case R_RISCV_TPREL_S: {
		int64_t v = (int64_t)(SA - ctx->tls_addr);
		if (tgt_check_room(t, &site, d, 4))
			return -1;
		if (rel->type == R_RISCV_TPREL_HI20) {
			const int64_t two31 = (int64_t)1 << 31;
			if (tgt_check_range(t, &site, d, v, -two31 - 0x800, two31 - 0x800))
				return -1;
			return rv_apply_as(ctx, &site, R_RISCV_HI20, (uint64_t)v, 0, d);
		}
		if (rel->type == R_RISCV_TPREL_I || rel->type == R_RISCV_TPREL_S) {
			if (tgt_check_range(t, &site, d, v, -2048, 2048) || rv_set_rs1(ctx, &site, X_TP, d))
				return -1;
		}
		int store = rel->type == R_RISCV_TPREL_LO12_S || rel->type == R_RISCV_TPREL_S;
		return rv_apply_as(ctx, &site, store ? R_RISCV_LO12_S : R_RISCV_LO12_I, (uint64_t)v, 0, d);
	}

	case R_RISCV_TLS_DTPREL32:
	case R_RISCV_TLS_DTPREL64: {
		uint64_t v = SA - ctx->tls_addr - RV_DTV_OFFSET;
		if (tgt_check_room(t, &site, d, rel->type == R_RISCV_TLS_DTPREL32 ? 4 : 8))
			return -1;
		return rv_apply_as(ctx, &site, rel->type == R_RISCV_TLS_DTPREL32 ? R_RISCV_SET32 : R_RISCV_64, v, 0, d);
	}

	case R_RISCV_RVC_LUI: {
		/* c.lui rd, hi; a value that relaxation brought below 0x800 has hi 0, which
		 * c.lui cannot encode: c.li rd, 0 then, and the LO12 adds the rest. */
		uint64_t hi = hi_part(SA);
		if (tgt_check_room(t, &site, d, 2))
			return -1;
		uint16_t insn = get16(site.loc, 0) & (0x1f << 7);
		if (hi == 0) {
			put16(site.loc, insn | RV_C_LI, 0);
			return 0;
		}
		/* hi has its low 12 bits clear, so this is exact, and fits_clui(hi) holds
		 * exactly when imm is in [-32, 32). */
		int64_t imm = (int64_t)hi / 4096;
		if (tgt_check_range(t, &site, d, imm, -32, 32))
			return -1;
		put16(site.loc, (uint16_t)(insn | RV_C_LUI | (hi >> 17 & 1) << 12 | (hi >> 12 & 0x1f) << 2), 0);
		return 0;
	}
	}
	return t->apply_reloc(t, &site, d);
}

static uint32_t rv_relocate_section(struct ld_ctx *ctx, uint32_t isec, uint8_t *dst)
{
	const struct ld_isec *s = &ctx->isecs.v[isec];
	uint32_t before = ctx->errors;
	struct diag d = { 0 };
	if (s->sh_type == SHT_NOBITS || !dst)
		return 0;
	for (uint32_t i = 0; i < s->nrels; i++) {
		/* Naming the place costs a formatted string per relocation, so it is only
		 * done for one that failed: checks come before writes, so applying it again
		 * with names just words the message. */
		rv_apply_one(ctx, isec, i, dst, &d, 0);
		if (d.count) {
			diag_reset(&d);
			rv_apply_one(ctx, isec, i, dst, &d, 1);
		}
		ld_diag(ctx, &d);
	}
	return ctx->errors - before;
}

/* ---- relax */

/* Facts about the layout that every pass uses: GNU ld's alignment margins. */
struct rv_layout {
	uint64_t max_align;        /* the largest output section alignment */
};

static void rv_layout_facts(struct ld_ctx *ctx, struct rv_layout *l)
{
	memset(l, 0, sizeof(*l));
	l->max_align = 1;
	for (uint32_t o = 1; o < ctx->osecs.len; o++) {
		const struct ld_osec *os = &ctx->osecs.v[o];
		uint64_t a = os->sh_addralign ? os->sh_addralign : 1;
		if (a > l->max_align)
			l->max_align = a;
	}
}

static uint32_t rv_osec_of(struct ld_ctx *ctx, uint32_t isec)
{
	return isec ? ctx->isecs.v[isec].osec : 0;
}

static uint64_t rv_osec_align(struct ld_ctx *ctx, uint32_t osec)
{
	uint64_t a = ctx->osecs.v[osec].sh_addralign;
	return a ? a : 1;
}

/* The relocations inside count bytes at off of isec, which are going away. */
static void rv_kill_rels(struct ld_ctx *ctx, uint32_t isec, uint64_t off, uint32_t count)
{
	struct ld_isec *s = &ctx->isecs.v[isec];
	for (uint32_t i = rv_first_at(s, off); i < s->nrels && s->rels[i].offset < off + count; i++)
		s->rels[i].type = R_RISCV_NONE;
}

/* One pcrel HI20 that became gp-relative this pass (its AUIPC gone), for the LO12s
 * that point at its label. */
struct rv_pcgp_hi {
	uint64_t off;
	uint32_t sym;
	int64_t addend;
	struct rv_ref ref;
};

struct rv_pass {
	struct ld_ctx *ctx;
	const struct rv_layout *l;
	uint32_t isec;
	int rvc;                   /* the file was built with RVC */
	LD_VEC(struct rv_pcgp_hi) hi;
	LD_VEC(uint64_t) lo_seen;  /* labels of LO12s met before their HI20 */
	LD_VEC(struct ld_delete) dels; /* bytes to delete once the pass is over */
};

/* Deletion waits for the end of the section's pass, as in GNU ld: every decision of
 * one pass then sees the same offsets (a LUI's and its LO12's verdicts agree, and a
 * label still names its deleted AUIPC). The relocations inside die at once. */
static void rv_delete_later(struct rv_pass *p, uint64_t off, uint32_t count)
{
	struct ld_delete del = { .off = off, .count = count };
	rv_kill_rels(p->ctx, p->isec, off, count);
	LD_PUSH(p->dels, del);
}

/* GNU ld's test for a gp- or x0-relative reach, with margins for what alignment may
 * still move. */
static int rv_gp_reach(struct rv_pass *p, const struct rv_ref *ref)
{
	struct ld_ctx *ctx = p->ctx;
	uint64_t gp = ctx->gp, align = p->l->max_align, sv = ref->SA;
	if (ref->undef_weak || fits_i12((int64_t)sv))
		return 1;
	/* GNU ld narrows the margin to the symbol's output section's alignment when gp is
	 * defined in that same section (a board script's `. + 0x800` in .sdata); its
	 * default script defines gp outside every section (an absolute symbol), so the
	 * margin is then the largest one. */
	if (gp && ctx->gp_osec && ref->osec == ctx->gp_osec) {
		align = rv_osec_align(ctx, ctx->gp_osec);
	} else if (gp) {
		/* Beyond its section (or absolute) the symbol may sit across the data
		 * segment's alignment. */
		uint64_t lo = ref->isec ? ld_isec_addr(ctx, ref->isec, 0) : 0;
		uint64_t size = ref->isec ? ctx->isecs.v[ref->isec].size : 0;
		if ((sv < lo || sv > lo + size) && align < RV_DATA_SEGMENT_ALIGN)
			align = RV_DATA_SEGMENT_ALIGN;
	}
	if (sv >= gp)
		return fits_i12((int64_t)(sv - gp + align + ref->reserve));
	return fits_i12((int64_t)(sv - gp - align - ref->reserve));
}

/* auipc+jalr -> c.j/c.jal, jal, or jalr via x0. Returns 1 when it shrank. */
static int rv_relax_call(struct rv_pass *p, uint32_t i, const struct rv_ref *ref)
{
	struct ld_ctx *ctx = p->ctx;
	struct ld_isec *s = &ctx->isecs.v[p->isec];
	struct ld_rel *rel = &s->rels[i];
	uint64_t off = rel->offset;
	int64_t foff = (int64_t)(ref->SA - ld_isec_addr(ctx, p->isec, off));
	int near_zero = ref->SA + 2048 < 4096;

	if (fits_jal(foff)) {
		uint32_t so = rv_osec_of(ctx, ref->isec);
		int64_t align = (int64_t)(so && so == s->osec ? rv_osec_align(ctx, so) : p->l->max_align);
		foff += foff < 0 ? -align : align;
	}
	if (!fits_jal(foff) && !near_zero)
		return 0;
	if (off + 8 > s->size)
		return 0;

	uint8_t *data = ld_isec_writable(ctx, p->isec);
	unsigned rd = get32(data + off + 4, 0) >> 7 & 0x1f;
	int rv32 = ctx->t->ptr_size == 4;
	int rvc = p->rvc && fits_cj(foff) && (rd == X_ZERO || (rd == X_RA && rv32));
	unsigned len = 4;
	if (rvc) {
		rel->type = R_RISCV_RVC_JUMP;
		put16(data + off, rd == X_ZERO ? RV_C_J : RV_C_JAL, 0);
		len = 2;
	} else if (fits_jal(foff)) {
		rel->type = R_RISCV_JAL;
		put32(data + off, RV_JAL | rd << 7, 0);
	} else {
		rel->type = R_RISCV_LO12_I;
		put32(data + off, RV_JALR | rd << 7, 0);
	}
	/* The RELAX is spent: a jal is not looked at again. */
	if (i + 1 < s->nrels && s->rels[i + 1].type == R_RISCV_RELAX)
		s->rels[i + 1].type = R_RISCV_NONE;
	rv_delete_later(p, off + len, 8 - len);
	return 1;
}

/* lui+lo12 -> gp/x0-relative, or lui -> c.lui. */
static int rv_relax_lui(struct rv_pass *p, uint32_t i, const struct rv_ref *ref)
{
	struct ld_ctx *ctx = p->ctx;
	struct ld_isec *s = &ctx->isecs.v[p->isec];
	struct ld_rel *rel = &s->rels[i];
	uint64_t off = rel->offset;
	if (off + 4 > s->size)
		return 0;

	if (rv_gp_reach(p, ref)) {
		switch (rel->type) {
		case R_RISCV_LO12_I: rel->type = R_RISCV_GPREL_I; return 0;
		case R_RISCV_LO12_S: rel->type = R_RISCV_GPREL_S; return 0;
		}
		rv_delete_later(p, off, 4);
		return 1;
	}

	/* c.lui: alignment may still move the target up to a page. */
	uint64_t hi = hi_part(ref->SA);
	if (!p->rvc || rel->type != R_RISCV_HI20 || !fits_clui(hi) || !fits_clui(hi + RV_DATA_SEGMENT_ALIGN))
		return 0;
	uint8_t *data = ld_isec_writable(ctx, p->isec);
	uint32_t lui = get32(data + off, 0);
	unsigned rd = lui >> 7 & 0x1f;
	if (rd == X_ZERO || rd == X_SP)
		return 0;
	put16(data + off, (uint16_t)((lui & (0x1f << 7)) | RV_C_LUI), 0);
	rel->type = R_RISCV_RVC_LUI;
	if (i + 1 < s->nrels && s->rels[i + 1].type == R_RISCV_RELAX)
		s->rels[i + 1].type = R_RISCV_NONE;
	rv_delete_later(p, off + 2, 2);
	return 1;
}

/* lui+add+lo12 (local-exec TLS) -> tp-relative when the offset fits 12 bits. */
static int rv_relax_tls_le(struct rv_pass *p, uint32_t i, const struct rv_ref *ref)
{
	struct ld_ctx *ctx = p->ctx;
	struct ld_isec *s = &ctx->isecs.v[p->isec];
	struct ld_rel *rel = &s->rels[i];
	if (hi_part(ref->SA - ctx->tls_addr) != 0 || rel->offset + 4 > s->size)
		return 0;
	switch (rel->type) {
	case R_RISCV_TPREL_LO12_I: rel->type = R_RISCV_TPREL_I; return 0;
	case R_RISCV_TPREL_LO12_S: rel->type = R_RISCV_TPREL_S; return 0;
	}
	rv_delete_later(p, rel->offset, 4);
	return 1;
}

/* auipc+lo12 -> gp/x0-relative. The HI20 goes first (relocations are in offset
 * order) and leaves a record for its LO12s; a LO12 seen before its HI20 vetoes it. */
static int rv_relax_pc(struct rv_pass *p, uint32_t i, const struct rv_ref *ref)
{
	struct ld_ctx *ctx = p->ctx;
	struct ld_isec *s = &ctx->isecs.v[p->isec];
	struct ld_rel *rel = &s->rels[i];
	if (rel->offset + 4 > s->size)
		return 0;

	if (rel->type == R_RISCV_PCREL_HI20) {
		if (!ref->undef_weak && ref->isec &&
		    (ctx->isecs.v[ref->isec].sh_flags & (SHF_MERGE | SHF_EXECINSTR)))
			return 0;   /* merged data and code might move out of reach later */
		for (uint32_t k = 0; k < p->lo_seen.len; k++)
			if (p->lo_seen.v[k] == rel->offset)
				return 0;
		if (!rv_gp_reach(p, ref))
			return 0;
		struct rv_pcgp_hi h = { .off = rel->offset, .sym = rel->sym, .addend = rel->addend, .ref = *ref };
		LD_PUSH(p->hi, h);
		rv_delete_later(p, rel->offset, 4);
		return 1;
	}

	/* A LO12: its label's offset names the HI20. */
	const struct ld_file *f = &ctx->files.v[s->file];
	if (rel->sym >= f->nsyms || f->syms[rel->sym].shndx != s->shndx)
		return 0;
	int ok;
	int64_t addend = f->syms[rel->sym].type == STT_SECTION ? rel->addend : 0;
	uint64_t label = ld_reloc_target(ctx, s->file, rel->sym, addend, &ok) - ld_isec_addr(ctx, p->isec, 0);
	if (!ok)
		return 0;
	for (uint32_t k = 0; k < p->hi.len; k++) {
		const struct rv_pcgp_hi *h = &p->hi.v[k];
		if (h->off != label)
			continue;
		struct rv_ref r = h->ref;
		r.reserve = 0;
		if (!rv_gp_reach(p, &r))
			return 0;
		rel->type = rel->type == R_RISCV_PCREL_LO12_I ? R_RISCV_GPREL_I : R_RISCV_GPREL_S;
		rel->sym = h->sym;
		rel->addend += h->addend;
		return 0;
	}
	LD_PUSH(p->lo_seen, label);
	return 0;
}

static int rv_relax_section(struct ld_ctx *ctx, const struct rv_layout *l, uint32_t isec)
{
	struct ld_isec *s = &ctx->isecs.v[isec];
	struct rv_pass p = { .ctx = ctx, .l = l, .isec = isec };
	int changed = 0;
	p.rvc = (ctx->files.v[s->file].e_flags & EF_RISCV_RVC) != 0;

	for (uint32_t i = 0; i < s->nrels; i++) {
		struct ld_rel *rel = &s->rels[i];
		int (*relax)(struct rv_pass *, uint32_t, const struct rv_ref *);
		switch (rel->type) {
		case R_RISCV_CALL: case R_RISCV_CALL_PLT:
			relax = rv_relax_call;
			break;
		case R_RISCV_HI20: case R_RISCV_LO12_I: case R_RISCV_LO12_S:
			relax = rv_relax_lui;
			break;
		case R_RISCV_TPREL_HI20: case R_RISCV_TPREL_ADD:
		case R_RISCV_TPREL_LO12_I: case R_RISCV_TPREL_LO12_S:
			relax = rv_relax_tls_le;
			break;
		case R_RISCV_PCREL_HI20: case R_RISCV_PCREL_LO12_I: case R_RISCV_PCREL_LO12_S:
			relax = rv_relax_pc;
			break;
		default:
			continue;
		}
		if (i + 1 >= s->nrels || s->rels[i + 1].type != R_RISCV_RELAX || s->rels[i + 1].offset != rel->offset)
			continue;
		struct rv_ref ref;
		rv_resolve(ctx, s->file, rel->sym, rel->addend, &ref);
		i++;                   /* past the RELAX */
		if (!ref.ok)
			continue;      /* undefined: reported later, never relaxed */
		changed |= relax(&p, i - 1, &ref);
		s = &ctx->isecs.v[isec];
	}
	/* From the end backwards, so that each offset is still the one it was. */
	for (uint32_t k = p.dels.len; k-- > 0;)
		ld_delete_bytes(ctx, isec, p.dels.v[k].off, p.dels.v[k].count);
	LD_FREE(p.hi);
	LD_FREE(p.lo_seen);
	LD_FREE(p.dels);
	return changed;
}

/* Keeps align_up(P, B) - P of the A bytes of NOPs at each ALIGN and deletes the rest;
 * every RELAX left in the section is spent. Returns 1 when bytes were deleted. */
static int rv_align_section(struct ld_ctx *ctx, uint32_t isec)
{
	struct ld_isec *s = &ctx->isecs.v[isec];
	int changed = 0;
	for (uint32_t i = 0; i < s->nrels; i++) {
		struct ld_rel *rel = &s->rels[i];
		if (rel->type == R_RISCV_RELAX) {
			rel->type = R_RISCV_NONE;
			continue;
		}
		if (rel->type != R_RISCV_ALIGN)
			continue;
		char where[512];
		uint64_t off = rel->offset, A = (uint64_t)rel->addend;
		if (rel->addend < 0 || off > s->size || A > s->size - off) {
			ld_error(ctx, "%s: R_RISCV_ALIGN of %lld bytes runs past the end of the section (0x%llx bytes)",
			         ld_where(ctx, isec, off, where, sizeof(where)), (long long)rel->addend,
			         (unsigned long long)s->size);
			rel->type = R_RISCV_NONE;
			continue;
		}
		uint64_t align = 1;
		while (align <= A)
			align *= 2;
		uint64_t P = ld_isec_addr(ctx, isec, off);
		uint64_t nops = ((P + align - 1) & ~(align - 1)) - P;
		rel->type = R_RISCV_NONE;
		if (nops > A) {
			ld_error(ctx, "%s: %llu bytes required for alignment to %llu-byte boundary, but only %llu present",
			         ld_where(ctx, isec, off, where, sizeof(where)), (unsigned long long)nops,
			         (unsigned long long)align, (unsigned long long)A);
			continue;
		}
		if (nops == A)
			continue;
		uint8_t *data = ld_isec_writable(ctx, isec);
		uint64_t pos = 0;
		for (; pos + 4 <= nops; pos += 4)
			put32(data + off + pos, RV_NOP, 0);
		if (pos < nops)
			put16(data + off + pos, RV_C_NOP, 0);
		rv_kill_rels(ctx, isec, off + nops, (uint32_t)(A - nops));
		ld_delete_bytes(ctx, isec, off + nops, (uint32_t)(A - nops));
		changed = 1;
		s = &ctx->isecs.v[isec];
	}
	return changed;
}

static int rv_relaxable(const struct ld_isec *s)
{
	return s->live && s->osec && s->nrels && s->sh_type != SHT_NOBITS && (s->sh_flags & SHF_ALLOC);
}

static int rv_relax(struct ld_ctx *ctx, int no_relax)
{
	int changed = 0;
	if (!no_relax) {
		struct rv_layout l;
		rv_layout_facts(ctx, &l);
		for (uint32_t o = 1; o < ctx->osecs.len; o++)
			for (uint32_t k = 0; k < ctx->osecs.v[o].isecs.len; k++) {
				uint32_t isec = ctx->osecs.v[o].isecs.v[k];
				if (isec && isec < ctx->isecs.len && rv_relaxable(&ctx->isecs.v[isec]))
					changed |= rv_relax_section(ctx, &l, isec);
			}
		if (changed)
			return 1;
	}
	/* Nothing shrinks any more: the alignment round, GNU ld's last pass. */
	for (uint32_t o = 1; o < ctx->osecs.len; o++)
		for (uint32_t k = 0; k < ctx->osecs.v[o].isecs.len; k++) {
			uint32_t isec = ctx->osecs.v[o].isecs.v[k];
			if (isec && isec < ctx->isecs.len && rv_relaxable(&ctx->isecs.v[isec]))
				changed |= rv_align_section(ctx, isec);
		}
	return changed;
}

#define RISCV_LD_COMMON                        \
	.implicit_addend = NULL,               \
	.scan_section = rv_scan_section,       \
	.relocate_section = rv_relocate_section, \
	.relax = rv_relax,                     \
	.merge_e_flags = rv_merge_e_flags,     \
	.gp_symbol = "__global_pointer$",          \
	.attr_phdr_type = 0x70000003, /* PT_RISCV_ATTRIBUTES */ \
	.attr_section = ".riscv.attributes"

const struct ld_target ld_riscv64 = { .t = &target_riscv64, RISCV_LD_COMMON };
const struct ld_target ld_riscv32 = { .t = &target_riscv32, RISCV_LD_COMMON };
