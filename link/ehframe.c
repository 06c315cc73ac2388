/*
 * ehframe.c: the output .eh_frame as GNU ld 2.40 builds it (bfd's elf-eh-frame.c and
 * bfd_elf_discard_info), because solder is its drop-in and every address after
 * .eh_frame depends on its size.
 *
 * .eh_frame is a chain of length-prefixed records: CIEs (common information) and FDEs
 * (one per function), each FDE naming its CIE by the distance back from its own
 * CIE_pointer field. Every object brings its own copy of the same CIE. GNU ld, over the
 * .eh_frame input sections of one output section, in order:
 *
 * - drops the FDEs whose function is not in the output (pc_begin's relocation names a
 *   symbol in a discarded COMDAT copy, a gc'd or /DISCARD/ed section), with or
 *   without --gc-sections;
 * - keeps one CIE of each kind: a CIE identical to one kept earlier (same bytes, same
 *   relocations: type, resolved target, addend) goes, and its FDEs point at the kept
 *   one, possibly in another input section; a CIE no kept FDE uses goes too;
 * - trims each record's trailing DW_CFA_nop padding and pads it to 4 bytes again
 *   (the assembler padded the last record to the section's alignment);
 * - pads every non-empty input section but the last to the alignment of the first
 *   (by lengthening its last record with DW_CFA_nop), so that no zero padding
 *   between sections reads as a terminator; input sections keep their own alignment;
 * - keeps one zero terminator, in the last input section only.
 *
 * A section whose records it cannot read (a 64-bit length, an unknown augmentation,
 * a CFA opcode it does not know, an FDE whose CIE pointer names no CIE) is left as
 * it is, as GNU ld does: its CIEs are not shared and its FDEs not dropped.
 *
 * The engine keeps input sections as blocks, so the cuts are made in each block
 * (ld_delete_bytes moves relocations and symbols after a cut) before layout, and a
 * CIE pointer that crosses blocks is recorded and written by eh_frame_write once the
 * blocks have addresses (output.c calls it after relocate_section).
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "ld.h"

enum { EH_CIE = 1, EH_FDE, EH_TERM };

/* One record of an .eh_frame input section, as read. */
struct eh_rec {
	uint64_t off;            /* in the section as read */
	uint64_t size;           /* bytes, length field included */
	uint64_t used;           /* bytes up to the end of the last CFA instruction */
	uint64_t out_size;       /* bytes it keeps: used rounded up to 4, or size */
	uint64_t new_off;        /* offset in the section after the cuts */
	uint32_t rel_lo, rel_hi; /* its relocations */
	uint32_t cie;            /* FDE: its CIE (index into recs) */
	uint32_t kept;           /* CIE: the kept CIE it is merged into, 0: not yet seen */
	uint32_t isec;
	uint8_t kind;
	uint8_t removed;
	/* CIE: what its FDEs need to be read */
	uint8_t fde_enc, aug_z;
};

/* A CIE pointer written after layout: the 32-bit field at (isec, off) gets the
 * distance from itself back to (cie_isec, cie_off). */
struct eh_fixup {
	uint32_t isec, cie_isec;
	uint64_t off, cie_off;
};

struct eh_frame_fixups {
	LD_VEC(struct eh_fixup) v;   /* sorted by isec once prepared */
};

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static int skip_leb(const uint8_t **p, const uint8_t *end)
{
	while (*p < end)
		if (!(*(*p)++ & 0x80))
			return 1;
	return 0;
}

static int read_uleb(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	uint64_t x = 0;
	unsigned shift = 0;
	while (*p < end) {
		uint8_t b = *(*p)++;
		if (shift < 64)
			x |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
		if (!(b & 0x80)) {
			*v = x;
			return 1;
		}
	}
	return 0;
}

static int skip_bytes(const uint8_t **p, const uint8_t *end, uint64_t n)
{
	if ((uint64_t)(end - *p) < n)
		return 0;
	*p += n;
	return 1;
}

/* The width of a pointer in DW_EH_PE encoding enc, or 0 when it has none we read. */
static unsigned enc_width(uint8_t enc, unsigned ptr_size)
{
	switch (enc & 0x0f) {
	case 0x00: return ptr_size;     /* absptr */
	case 0x02: case 0x0a: return 2; /* udata2, sdata2 */
	case 0x03: case 0x0b: return 4; /* udata4, sdata4 */
	case 0x04: case 0x0c: return 8; /* udata8, sdata8 */
	}
	return 0;
}

/* Steps over one CFA instruction (DWARF 5 section 6.4.2, and GNU's), as bfd's
 * skip_cfa_op does. 0: one it does not know, or truncated. */
static int skip_cfa_op(const uint8_t **p, const uint8_t *end, unsigned set_loc_width)
{
	uint8_t op = *(*p)++;
	uint64_t n;
	switch (op & 0xc0 ? op & 0xc0 : op) {
	case 0x00: case 0x40: case 0xc0:   /* nop, advance_loc, restore */
	case 0x0a: case 0x0b: case 0x2d:   /* remember_state, restore_state, GNU_window_save */
		return 1;
	case 0x80: case 0x06: case 0x07: case 0x08: case 0x0d: case 0x0e: case 0x13: case 0x2e:
		/* offset, restore_extended, undefined, same_value, def_cfa_register,
		 * def_cfa_offset, def_cfa_offset_sf, GNU_args_size */
		return skip_leb(p, end);
	case 0x05: case 0x09: case 0x0c: case 0x11: case 0x12: case 0x14: case 0x15: case 0x2f:
		/* offset_extended, register, def_cfa, offset_extended_sf, def_cfa_sf,
		 * val_offset, val_offset_sf, GNU_negative_offset_extended */
		return skip_leb(p, end) && skip_leb(p, end);
	case 0x0f:                         /* def_cfa_expression */
		return read_uleb(p, end, &n) && skip_bytes(p, end, n);
	case 0x10: case 0x16:              /* expression, val_expression */
		return skip_leb(p, end) && read_uleb(p, end, &n) && skip_bytes(p, end, n);
	case 0x01:                         /* set_loc */
		return set_loc_width && skip_bytes(p, end, set_loc_width);
	case 0x02: return skip_bytes(p, end, 1);  /* advance_loc1 */
	case 0x03: return skip_bytes(p, end, 2);  /* advance_loc2 */
	case 0x04: return skip_bytes(p, end, 4);  /* advance_loc4 */
	case 0x1d: return skip_bytes(p, end, 8);  /* MIPS_advance_loc8 */
	}
	return 0;
}

/* The end of the last instruction that is not DW_CFA_nop in [p, end), or NULL for
 * instructions it cannot read. */
static const uint8_t *last_insn_end(const uint8_t *p, const uint8_t *end, unsigned set_loc_width)
{
	const uint8_t *last = p;
	while (p < end) {
		if (*p == 0) {
			p++;
			continue;
		}
		if (!skip_cfa_op(&p, end, set_loc_width))
			return NULL;
		last = p;
	}
	return last;
}

/* Reads CIE r's header: its FDE encoding and where its instructions start. */
static int parse_cie(struct eh_rec *r, const uint8_t *rec, unsigned ptr_size, const uint8_t **insns)
{
	const uint8_t *end = rec + r->size, *p = rec + 8;
	if (p >= end)
		return 0;
	uint8_t version = *p++;
	if (version != 1 && version != 3)
		return 0;
	const char *aug = (const char *)p;
	const uint8_t *nul = memchr(p, 0, (size_t)(end - p));
	if (!nul)
		return 0;
	p = nul + 1;
	if (!strcmp(aug, "eh") && !skip_bytes(&p, end, ptr_size))
		return 0;
	if (!skip_leb(&p, end) || !skip_leb(&p, end))   /* code and data alignment */
		return 0;
	if (version == 1 ? !skip_bytes(&p, end, 1) : !skip_leb(&p, end))
		return 0;
	r->fde_enc = 0;
	if (aug[0] == 'z') {
		uint64_t len;
		if (!read_uleb(&p, end, &len) || (uint64_t)(end - p) < len)
			return 0;
		const uint8_t *data = p, *data_end = p + len;
		for (const char *a = aug + 1; *a; a++) {
			switch (*a) {
			case 'L':
				if (!skip_bytes(&data, data_end, 1))
					return 0;
				break;
			case 'R':
				if (data >= data_end)
					return 0;
				r->fde_enc = *data++;
				break;
			case 'P': {
				if (data >= data_end)
					return 0;
				uint8_t enc = *data++;
				unsigned w = enc_width(enc, ptr_size);
				if ((enc & 0x70) == 0x50) {   /* DW_EH_PE_aligned */
					uint64_t at = (uint64_t)(data - rec);
					w = ptr_size;
					data += (ptr_size - at % ptr_size) % ptr_size;
				}
				if (!w || data > data_end || !skip_bytes(&data, data_end, w))
					return 0;
				break;
			}
			case 'S':
			case 'B':
				break;
			default:
				return 0;
			}
		}
		r->aug_z = 1;
		p = data_end;
	} else if (aug[0] && strcmp(aug, "eh")) {
		return 0;
	}
	*insns = p;
	return enc_width(r->fde_enc, ptr_size) != 0;
}

/* The input section file's symbol names: an identity two files share when they name
 * the same thing (a global, or a byte of one input section). */
struct eh_target { uint32_t kind, id; uint64_t value; };

static struct eh_target rel_target(struct ld_ctx *ctx, uint32_t file, const struct ld_rel *rel)
{
	const struct ld_file *f = &ctx->files.v[file];
	struct eh_target t = { 4, 0, ((uint64_t)file << 32) | rel->sym };
	if (rel->sym >= f->nsyms)
		return t;
	const struct ld_fsym *fs = &f->syms[rel->sym];
	if (fs->global)
		return (struct eh_target){ 1, fs->global, 0 };
	if (fs->shndx == SHN_ABS)
		return (struct eh_target){ 2, 0, fs->value };
	if (fs->shndx != SHN_UNDEF && fs->shndx < f->nsec)
		return (struct eh_target){ 3, f->first_isec + fs->shndx, fs->type == STT_SECTION ? 0 : fs->value };
	return t;
}

/* Whether CIEs a and b say the same: same bytes after the length field (up to their
 * last instruction), same relocations in the same places. */
static int same_cie(struct ld_ctx *ctx, const struct eh_rec *a, const struct eh_rec *b)
{
	const struct ld_isec *sa = &ctx->isecs.v[a->isec], *sb = &ctx->isecs.v[b->isec];
	if (a->used != b->used || a->out_size != b->out_size || a->rel_hi - a->rel_lo != b->rel_hi - b->rel_lo)
		return 0;
	if (memcmp(sa->data + a->off + 4, sb->data + b->off + 4, (size_t)a->used - 4))
		return 0;
	for (uint32_t i = 0; i < a->rel_hi - a->rel_lo; i++) {
		const struct ld_rel *ra = &sa->rels[a->rel_lo + i], *rb = &sb->rels[b->rel_lo + i];
		if (ra->offset - a->off != rb->offset - b->off || ra->type != rb->type || ra->addend != rb->addend)
			return 0;
		struct eh_target ta = rel_target(ctx, sa->file, ra), tb = rel_target(ctx, sb->file, rb);
		if (ta.kind != tb.kind || ta.id != tb.id || ta.value != tb.value || ta.kind == 4)
			return 0;
	}
	return 1;
}

/* Splits section isec into records, appended to recs. Returns 0 when it cannot read
 * them all (recs is then left as it was). */
static int parse_section(struct ld_ctx *ctx, uint32_t isec, void *recs_vec)
{
	LD_VEC(struct eh_rec) *recs = recs_vec;
	const struct ld_isec *s = &ctx->isecs.v[isec];
	const struct ld_file *f = &ctx->files.v[s->file];
	const unsigned ptr_size = f->elf_class == 32 ? 4 : 8;
	const uint32_t first = recs->len;
	uint64_t off = 0;
	uint32_t r = 0;
	while (off < s->size) {
		if (s->size - off < 4)
			goto fail;
		uint32_t len = rd32(s->data + off);
		struct eh_rec x = { .off = off, .isec = isec };
		if (len == 0) {
			/* a terminator: only zero words may follow it */
			for (uint64_t k = off; k < s->size; k++)
				if (s->data[k])
					goto fail;
			if ((s->size - off) % 4)
				goto fail;
			x.kind = EH_TERM;
			x.size = x.used = x.out_size = s->size - off;
		} else {
			if (len == 0xffffffffu || len < 4 || len > s->size - off - 4)
				goto fail;
			x.size = x.used = x.out_size = 4 + (uint64_t)len;
			x.kind = rd32(s->data + off + 4) == 0 ? EH_CIE : EH_FDE;
		}
		x.rel_lo = r;
		while (r < s->nrels && s->rels[r].offset < off + x.size)
			r++;
		x.rel_hi = r;
		const uint8_t *rec = s->data + off, *end = rec + x.size, *insns = NULL;
		unsigned set_loc_width = 0;
		if (x.kind == EH_CIE) {
			if (!parse_cie(&x, rec, ptr_size, &insns))
				goto fail;
		} else if (x.kind == EH_FDE) {
			uint64_t cie_off = off + 4 - rd32(rec + 4);
			uint32_t c = recs->len;
			while (c-- > first)
				if (recs->v[c].kind == EH_CIE && recs->v[c].off == cie_off)
					break;
			if (c == UINT32_MAX || c < first)
				goto fail;
			x.cie = c;
			const struct eh_rec *cie = &recs->v[c];
			set_loc_width = enc_width(cie->fde_enc, ptr_size);
			insns = rec + 8;
			if (!skip_bytes(&insns, end, 2 * (uint64_t)set_loc_width))
				goto fail;
			uint64_t aug_len;
			if (cie->aug_z && (!read_uleb(&insns, end, &aug_len) || !skip_bytes(&insns, end, aug_len)))
				goto fail;
		}
		if (insns) {
			const uint8_t *last = last_insn_end(insns, end, x.kind == EH_FDE ? set_loc_width : 0);
			if (!last)
				goto fail;
			x.used = (uint64_t)(last - rec);
			x.out_size = (x.used + 3) & ~(uint64_t)3;
			/* a relocation among the padding: keep the record as it is */
			if (x.rel_hi > x.rel_lo && s->rels[x.rel_hi - 1].offset >= off + x.out_size)
				x.out_size = x.size;
		}
		LD_PUSH(*recs, x);
		off += x.size;
	}
	return 1;
fail:
	recs->len = first;
	return 0;
}

/* The original sh_addralign of input section isec, from its file's section header
 * (input.c lowers .eh_frame's to 4); the current one if the header cannot be read. */
static uint64_t orig_align(struct ld_ctx *ctx, uint32_t isec)
{
	const struct ld_isec *s = &ctx->isecs.v[isec];
	const struct ld_file *f = &ctx->files.v[s->file];
	if (!f->data || f->size < 0x40)
		return s->sh_addralign;
	const uint8_t *d = f->data;
	uint64_t shoff, ent, at;
	if (f->elf_class == 64) {
		shoff = rd32(d + 0x28) | (uint64_t)rd32(d + 0x2c) << 32;
		ent = (uint64_t)d[0x3a] | (uint64_t)d[0x3b] << 8;
		at = 0x30;
	} else {
		shoff = rd32(d + 0x20);
		ent = (uint64_t)d[0x2e] | (uint64_t)d[0x2f] << 8;
		at = 0x20;
	}
	if (ent < at + 4 || shoff > f->size || s->shndx > (f->size - shoff) / ent ||
	    shoff + (uint64_t)s->shndx * ent + ent > f->size)
		return s->sh_addralign;
	uint64_t al = rd32(d + shoff + (uint64_t)s->shndx * ent + at);
	return al && !(al & (al - 1)) && al <= 64 ? al : s->sh_addralign;
}

static int is_eh_frame(const struct ld_isec *s)
{
	return s->live && s->file && s->data && s->sh_type == SHT_PROGBITS && !strcmp(s->name, ".eh_frame");
}

/* Drops relocations first..hi of s that lie in [lo, hi) of the section. */
static void drop_rels(struct ld_isec *s, uint64_t lo, uint64_t hi)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < s->nrels; i++)
		if (s->rels[i].offset < lo || s->rels[i].offset >= hi)
			s->rels[n++] = s->rels[i];
	s->nrels = n;
}

/* Applies the decisions to one section: cuts, lengths, padding, CIE pointers. */
static void rewrite_section(struct ld_ctx *ctx, uint32_t isec, struct eh_rec *recs, uint32_t lo, uint32_t hi,
                            uint64_t pad, struct eh_frame_fixups *fx)
{
	struct ld_isec *s = &ctx->isecs.v[isec];
	int changed = pad != 0;
	uint64_t at = 0;
	for (uint32_t i = lo; i < hi; i++) {
		struct eh_rec *r = &recs[i];
		r->new_off = at;
		if (r->removed || r->out_size != r->size || r->new_off != r->off)
			changed = 1;
		if (r->kind == EH_FDE && recs[recs[r->cie].kept].isec != isec)
			changed = 1;
		if (!r->removed)
			at += r->out_size;
	}
	if (!changed)
		return;
	for (uint32_t i = hi; i-- > lo;) {
		struct eh_rec *r = &recs[i];
		uint64_t keep = r->removed ? 0 : r->out_size;
		if (keep < r->size) {
			drop_rels(s, r->off + keep, r->off + r->size);
			ld_delete_bytes(ctx, isec, r->off + keep, (uint32_t)(r->size - keep));
		}
	}
	uint8_t *p = ld_isec_writable(ctx, isec);
	if (pad) {
		p = ld_xrealloc(p, s->size + pad);
		memset(p + s->size, 0, pad);   /* DW_CFA_nop */
		s->data = p;
		s->size += pad;
	}
	uint32_t last = UINT32_MAX;
	for (uint32_t i = lo; i < hi; i++) {
		struct eh_rec *r = &recs[i];
		if (r->removed || r->kind == EH_TERM)
			continue;
		last = i;
		if (r->out_size != r->size)
			wr32(p + r->new_off, (uint32_t)(r->out_size - 4));
		if (r->kind != EH_FDE)
			continue;
		const struct eh_rec *cie = &recs[recs[r->cie].kept];
		if (cie->isec == isec)
			wr32(p + r->new_off + 4, (uint32_t)(r->new_off + 4 - cie->new_off));
		else
			LD_PUSH(fx->v, ((struct eh_fixup){ isec, cie->isec, r->new_off + 4, cie->new_off }));
	}
	if (pad && last != UINT32_MAX)
		wr32(p + recs[last].new_off, (uint32_t)(recs[last].out_size + pad - 4));
}

static int fixup_cmp(const void *a, const void *b)
{
	const struct eh_fixup *x = a, *y = b;
	return x->isec < y->isec ? -1 : x->isec > y->isec ? 1 : x->off < y->off ? -1 : x->off > y->off;
}

/* One output section's .eh_frame inputs. */
static void prepare_osec(struct ld_ctx *ctx, struct ld_osec *o, struct eh_frame_fixups *fx)
{
	LD_VEC(struct eh_rec) recs = { 0 };
	LD_VEC(uint32_t) secs = { 0 };          /* the .eh_frame inputs, in output order */
	LD_VEC(uint32_t) first_rec = { 0 };     /* per input: its records, or UINT32_MAX */
	LD_VEC(uint32_t) kept_cies = { 0 };
	for (uint32_t k = 0; k < o->isecs.len; k++) {
		uint32_t i = o->isecs.v[k];
		if (i && i < ctx->isecs.len && is_eh_frame(&ctx->isecs.v[i])) {
			LD_PUSH(secs, i);
			uint32_t at = recs.len;
			LD_PUSH(first_rec, parse_section(ctx, i, &recs) ? at : UINT32_MAX);
		}
	}
	if (!secs.len)
		goto done;
	LD_PUSH(first_rec, recs.len);

	// Decide: FDEs of functions not in the output go, CIEs merge, unused CIEs and
	// all terminators but the last go.
	for (uint32_t n = 0; n < secs.len; n++) {
		if (first_rec.v[n] == UINT32_MAX)
			continue;
		uint32_t end = recs.len;
		for (uint32_t m = n + 1; m <= secs.len; m++)
			if (m == secs.len || first_rec.v[m] != UINT32_MAX) {
				end = m == secs.len ? recs.len : first_rec.v[m];
				break;
			}
		const struct ld_isec *s = &ctx->isecs.v[secs.v[n]];
		for (uint32_t i = first_rec.v[n]; i < end; i++) {
			struct eh_rec *r = &recs.v[i];
			if (r->kind == EH_TERM) {
				r->removed = n + 1 < secs.len;
			} else if (r->kind == EH_CIE) {
				r->removed = 1;    /* until a kept FDE uses it */
			} else {
				for (uint32_t k = r->rel_lo; k < r->rel_hi; k++)
					if (s->rels[k].offset == r->off + 8) {
						int ok;
						ld_reloc_target(ctx, s->file, s->rels[k].sym, s->rels[k].addend, &ok);
						r->removed = !ok;
						break;
					}
				if (r->removed)
					continue;
				struct eh_rec *cie = &recs.v[r->cie];
				if (!cie->kept) {
					uint32_t c = 0;
					while (c < kept_cies.len && !same_cie(ctx, &recs.v[kept_cies.v[c]], cie))
						c++;
					if (c == kept_cies.len) {
						LD_PUSH(kept_cies, r->cie);
						cie->removed = 0;
					}
					cie->kept = kept_cies.v[c];
				}
			}
		}
	}

	// Sizes: every non-empty input but the last is padded to the first's alignment.
	uint64_t eh_align = 0;
	uint32_t last_nonempty = UINT32_MAX;
	LD_VEC(uint64_t) sizes = { 0 };
	for (uint32_t n = 0; n < secs.len; n++) {
		struct ld_isec *s = &ctx->isecs.v[secs.v[n]];
		uint64_t al = orig_align(ctx, secs.v[n]);
		uint64_t size = s->size;
		if (first_rec.v[n] != UINT32_MAX) {
			size = 0;
			for (uint32_t i = first_rec.v[n]; i < recs.len && recs.v[i].isec == secs.v[n]; i++)
				if (!recs.v[i].removed)
					size += recs.v[i].out_size;
		}
		LD_PUSH(sizes, size);
		if (size && !eh_align)
			eh_align = al;
		if (size > 4)
			last_nonempty = n;
		/* an emptied input takes no room, not even alignment padding (GNU ld
		 * excludes it) */
		s->sh_addralign = size ? al : 1;
		if (size && al > o->sh_addralign)
			o->sh_addralign = al;
	}
	for (uint32_t n = 0; n < secs.len; n++) {
		if (first_rec.v[n] == UINT32_MAX)
			continue;
		uint64_t pad = 0;
		if (n < last_nonempty && sizes.v[n] && eh_align > 1)
			pad = (eh_align - sizes.v[n] % eh_align) % eh_align;
		uint32_t lo = first_rec.v[n], hi = lo;
		while (hi < recs.len && recs.v[hi].isec == secs.v[n])
			hi++;
		rewrite_section(ctx, secs.v[n], recs.v, lo, hi, pad, fx);
	}
	LD_FREE(sizes);
done:
	LD_FREE(recs);
	LD_FREE(secs);
	LD_FREE(first_rec);
	LD_FREE(kept_cies);
}

void eh_frame_prepare(struct ld_ctx *ctx)
{
	struct eh_frame_fixups *fx = calloc(1, sizeof(*fx));
	if (!fx)
		ld_fatal("out of memory");
	for (uint32_t i = 1; i < ctx->osecs.len; i++)
		prepare_osec(ctx, &ctx->osecs.v[i], fx);
	if (!fx->v.len) {
		free(fx);
		return;
	}
	qsort(fx->v.v, fx->v.len, sizeof(*fx->v.v), fixup_cmp);
	eh_frame_free(ctx);
	ctx->eh_frame = fx;
}

void eh_frame_write(struct ld_ctx *ctx, uint32_t isec, uint8_t *dst)
{
	const struct eh_frame_fixups *fx = ctx->eh_frame;
	if (!fx)
		return;
	uint32_t lo = 0, hi = fx->v.len;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (fx->v.v[mid].isec < isec)
			lo = mid + 1;
		else
			hi = mid;
	}
	const uint64_t size = ctx->isecs.v[isec].size;
	for (; lo < fx->v.len && fx->v.v[lo].isec == isec; lo++) {
		const struct eh_fixup *x = &fx->v.v[lo];
		if (x->off > size || size - x->off < 4)
			continue;
		uint64_t from = ld_isec_addr(ctx, isec, x->off), to = ld_isec_addr(ctx, x->cie_isec, x->cie_off);
		wr32(dst + x->off, (uint32_t)(from - to));
	}
}

void eh_frame_free(struct ld_ctx *ctx)
{
	if (ctx->eh_frame) {
		LD_FREE(ctx->eh_frame->v);
		free(ctx->eh_frame);
		ctx->eh_frame = NULL;
	}
}
