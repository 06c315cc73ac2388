/*
 * api.c: solder.h on top of the writer, the block allocator, the symbol table, the
 * GOT and the DWARF pieces.
 *
 * Every entry point clears the message, checks its arguments before it changes
 * anything, and returns the status of the first error recorded. An update writes the
 * symbol's bytes, with its fixups applied, at once; when the symbol moved, its GOT
 * slot, its symbol-table entries and the fixups of the symbols that refer to it
 * directly are rewritten too. Headers wait for solder_flush().
 */
#include "link.h"

#include <elf.h>

#define WINDOW_DEFAULT (64ull << 20)

static solder_status fail(struct solder_link *l, solder_status st, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	diag_verror(&l->diag, st, f, ap);
	va_end(ap);
	return l->diag.status;
}

static solder_status nomem(struct solder_link *l)
{
	diag_error(&l->diag, SOLDER_ERR_NOMEM, "out of memory");
	return SOLDER_ERR_NOMEM;
}

static solder_status status(const struct solder_link *l)
{
	return l->diag.count ? l->diag.status : SOLDER_OK;
}

static char *dup_or(struct solder_link *l, const char *s, const char *dflt)
{
	return mem_strdup(&l->alloc, s ? s : dflt);
}

static void free_str(struct solder_link *l, char **s)
{
	if (*s)
		mem_free(&l->alloc, *s, strlen(*s) + 1);
	*s = NULL;
}

solder_status solder_create(solder_link **out, const struct solder_allocator *alloc)
{
	*out = NULL;
	if (!alloc || !alloc->realloc)
		return SOLDER_ERR_INVALID;
	struct solder_link *l = alloc->realloc(alloc->ud, NULL, 0, sizeof(*l));
	if (!l)
		return SOLDER_ERR_NOMEM;
	memset(l, 0, sizeof(*l));
	l->alloc = *alloc;
	*out = l;
	return SOLDER_OK;
}

const char *solder_error(const solder_link *l) { return l->diag.count ? l->diag.msg : ""; }
int solder_resumed(const solder_link *l) { return l->resumed; }
const char *solder_rebuild_reason(const solder_link *l) { return l->rebuild_reason; }
void solder_get_stats(const solder_link *l, struct solder_stats *out) { *out = l->stats; }

/* Each segment owns the virtual range from its start to the next segment's start. At
 * open the starts must be page-aligned and at least a page apart; a segment that later
 * grows into the next one is a layout error at that update (writer.c), never an overlap
 * written silently. */
static solder_status check_segment_starts(struct solder_link *l)
{
	static const char *const names[] = { "image base", "rodata address", "data address", "GOT address" };
	static const char *const segs[] = { "code", "read-only data", "data", "GOT" };
	uint64_t starts[4] = { l->image_base, l->rodata_addr, l->data_addr, l->got_addr };
	uint64_t page = l->t->page_size;
	for (int i = 0; i < 4; i++) {
		if (starts[i] % page)
			return fail(l, SOLDER_ERR_INVALID, "%s 0x%llx is not aligned to the page size 0x%llx", names[i],
			            (unsigned long long)starts[i], (unsigned long long)page);
		if (elfw_check_addr(l, starts[i], names[i]))
			return status(l);
	}
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++)
			if (i != j && starts[i] >= starts[j] && starts[i] - starts[j] < page && (starts[i] != starts[j] || i > j))
				return fail(l, SOLDER_ERR_LAYOUT, "%s 0x%llx is inside the %s segment, which starts at 0x%llx",
				            names[i], (unsigned long long)starts[i], segs[j], (unsigned long long)starts[j]);
	return SOLDER_OK;
}

solder_status solder_open(solder_link *l, const struct solder_options *o, const struct solder_file_ops *file)
{
	diag_reset(&l->diag);
	if (l->have_file)
		return fail(l, SOLDER_ERR_INVALID, "this link already has an output");
	if (!o || !file || !file->pread || !file->pwrite || !file->copy_range || !file->truncate)
		return fail(l, SOLDER_ERR_INVALID, "solder_open needs options and all four file operations");
	l->t = target_for(o->arch);
	if (!l->t)
		return fail(l, SOLDER_ERR_INVALID, "unknown architecture %llu", (unsigned long long)o->arch);
	l->elf_class = o->elf_class ? o->elf_class : l->t->default_class;
	if (l->elf_class != 32 && l->elf_class != 64)
		return fail(l, SOLDER_ERR_INVALID, "ELF class must be 32 or 64, not %llu", (unsigned long long)o->elf_class);
	l->word = l->elf_class == 64 ? 8 : 4;
	uint64_t window = o->window ? o->window : WINDOW_DEFAULT;
	l->image_base = o->image_base ? o->image_base : l->t->default_image_base;
	l->rodata_addr = o->rodata_addr ? o->rodata_addr : l->image_base + window;
	l->data_addr = o->data_addr ? o->data_addr : l->image_base + 2 * window;
	l->got_addr = o->got_addr ? o->got_addr : l->image_base + 3 * window;
	if (check_segment_starts(l))
		return status(l);
	l->entry_addr = o->entry_addr;
	l->has_entry_addr = o->has_entry_addr;
	if (l->has_entry_addr && elfw_check_addr(l, l->entry_addr, "entry address"))
		return status(l);
	l->debug_info = o->debug_info != 0;
	l->entry_name = dup_or(l, o->entry_name, "_start");
	l->cu_name = dup_or(l, o->cu_name, "solder-api");
	l->comp_dir = dup_or(l, o->comp_dir, ".");
	l->producer = dup_or(l, o->producer, "solder " SOLDER_VERSION);
	if (!l->entry_name || !l->cu_name || !l->comp_dir || !l->producer)
		return nomem(l);
	l->file = *file;
	l->have_file = 1;

	int rc = state_load(l);
	if (rc < 0)
		return status(l) ? status(l) : nomem(l);
	/* A file that cannot be read is not rebuilt over: the user must see why. */
	if (l->diag.count)
		return status(l);
	if (rc == 1) {
		l->resumed = 1;
		return SOLDER_OK;
	}
	buf_init(&l->strtab, &l->alloc, l->t->big_endian);
	buf_u8(&l->strtab, 0);
	if (l->strtab.failed)
		return nomem(l);
	if (elfw_create(l))
		return status(l);
	return SOLDER_OK;
}

/* ---- symbols */

/* After a failed write the file holds an unknown mix of old and new bytes: every
 * later call says so instead of building on it. solder_destroy (or close) and a new
 * solder_open, which rebuilds the unfinished file, is the way on. */
static int io_poisoned(struct solder_link *l, const char *what)
{
	if (!l->io_failed)
		return 0;
	diag_error(&l->diag, SOLDER_ERR_IO, "%s: an earlier write to the output failed; reopen it to rebuild", what);
	return 1;
}

static struct atom *live_atom(struct solder_link *l, solder_sym sym, const char *what)
{
	if (!l->have_file) {
		diag_error(&l->diag, SOLDER_ERR_INVALID, "%s: the link has no output; call solder_open first", what);
		return NULL;
	}
	if (io_poisoned(l, what))
		return NULL;
	if (sym == 0 || sym >= l->atoms.len) {
		diag_error(&l->diag, SOLDER_ERR_INVALID, "%s: %u is not a symbol index", what, sym);
		return NULL;
	}
	if (!l->atoms.v[sym].live) {
		diag_error(&l->diag, SOLDER_ERR_INVALID, "%s: symbol %u was freed", what, sym);
		return NULL;
	}
	return &l->atoms.v[sym];
}

static const char *atom_name(const struct solder_link *l, uint32_t a)
{
	return l->atoms.v[a].name ? sym_name_at(l, l->atoms.v[a].name) : "(unnamed)";
}

static uint64_t atom_addr(const struct solder_link *l, uint32_t a)
{
	const struct block *k = &l->blocks.v[l->atoms.v[a].block];
	return elfw_sec_addr(l, k->sec) + k->off;
}

solder_status solder_alloc_symbol(solder_link *l, solder_sym *out)
{
	diag_reset(&l->diag);
	*out = 0;
	if (!l->have_file)
		return fail(l, SOLDER_ERR_INVALID, "solder_alloc_symbol: the link has no output; call solder_open first");
	if (io_poisoned(l, "solder_alloc_symbol"))
		return status(l);
	if (!l->atoms.len && VEC_PUSH(&l->alloc, l->atoms, (struct atom){ 0 }))
		return nomem(l);
	int reuse = l->free_atoms.len > 0;
	uint32_t a = reuse ? l->free_atoms.v[l->free_atoms.len - 1] : l->atoms.len;
	if (VEC_RESERVE(&l->alloc, l->atoms, a + 1) || VEC_RESERVE(&l->alloc, l->ref_head, a + 1))
		return nomem(l);
	uint32_t slot = got_alloc(l);
	if (!slot)
		return status(l) ? status(l) : nomem(l);
	if (got_write(l, slot, 0))
		return status(l);
	if (reuse)
		l->free_atoms.len--;
	else
		l->atoms.len++;
	if (l->ref_head.len < l->atoms.len)
		l->ref_head.len = l->atoms.len;
	l->ref_head.v[a] = 0;
	l->atoms.v[a] = (struct atom){ .live = 1, .got_slot = slot };
	*out = a;
	return SOLDER_OK;
}

/* ---- fixups and the places that refer to a symbol */

/* Refs are unlinked lazily: dropping one marks it dead (from = 0) in O(1) through the
 * index its fixup keeps in `reserved`, and dead refs are swept out of a target's list
 * when that list is walked. Updating a symbol thus costs its own fixups, not the
 * number of symbols that refer to the same target. */
static void sweep_refs(struct solder_link *l, uint32_t target)
{
	uint32_t *link = &l->ref_head.v[target];
	while (*link) {
		uint32_t r = *link;
		if (l->refs.v[r].from) {
			link = &l->refs.v[r].next;
			continue;
		}
		*link = l->refs.v[r].next;
		l->refs.v[r] = (struct ref){ 0 };
		(void)VEC_PUSH(&l->alloc, l->free_refs, r);
	}
}

static uint32_t add_ref(struct solder_link *l, uint32_t target, uint32_t from)
{
	/* Dead refs at the head are the common case (the referrer's previous version). */
	uint32_t h;
	while ((h = l->ref_head.v[target]) && !l->refs.v[h].from) {
		l->ref_head.v[target] = l->refs.v[h].next;
		l->refs.v[h] = (struct ref){ 0 };
		(void)VEC_PUSH(&l->alloc, l->free_refs, h);
	}
	uint32_t r;
	if (l->free_refs.len) {
		r = l->free_refs.v[--l->free_refs.len];
	} else {
		if (!l->refs.len && VEC_PUSH(&l->alloc, l->refs, (struct ref){ 0 }))
			return 0;
		if (VEC_PUSH(&l->alloc, l->refs, (struct ref){ 0 }))
			return 0;
		r = l->refs.len - 1;
	}
	l->refs.v[r] = (struct ref){ .target = target, .from = from, .next = l->ref_head.v[target] };
	l->ref_head.v[target] = r;
	return r;
}

static void drop_refs_from(struct solder_link *l, uint32_t a)
{
	const struct atom *at = &l->atoms.v[a];
	for (uint32_t i = 0; i < at->nfix; i++) {
		struct solder_fixup *f = &l->fixups.v[at->fix_start + i];
		uint32_t r = f->reserved;
		/* The index came from a saved file: check it before trusting it. */
		if (r && r < l->refs.len && l->refs.v[r].from == a && l->refs.v[r].target == f->sym)
			l->refs.v[r].from = 0;
		f->reserved = 0;
	}
}

/* S of a fixup: the target's address, or its GOT slot's. */
static uint64_t fixup_S(const struct solder_link *l, const struct solder_fixup *f)
{
	const struct atom *t = &l->atoms.v[f->sym];
	if (f->flags & SOLDER_FIXUP_GOT)
		return got_slot_addr(l, t->got_slot);
	return atom_addr(l, f->sym);
}

/* Applies fixups [first, first + n) of atom a to its bytes `code`, which sit at addr.
 * only: when non-zero, just the fixups naming that target. */
static int apply_fixups(struct solder_link *l, uint32_t a, uint8_t *code, uint64_t size, uint64_t addr,
                        const struct solder_fixup *fx, uint32_t n, uint32_t only)
{
	int rc = 0;
	const struct block *k = &l->blocks.v[l->atoms.v[a].block];
	for (uint32_t i = 0; i < n; i++) {
		const struct solder_fixup *f = &fx[i];
		if (only && (f->sym != only || (f->flags & SOLDER_FIXUP_GOT)))
			continue;
		if (!(f->flags & SOLDER_FIXUP_GOT) && !l->atoms.v[f->sym].block) {
			/* Applied when the target gets its bytes (reapply_referrers). */
			if (VEC_PUSH(&l->alloc, l->pending_targets, f->sym)) {
				diag_error(&l->diag, SOLDER_ERR_NOMEM, "out of memory");
				rc = -1;
			}
			continue;
		}
		char where[160];
		fmt(where, sizeof(where), "(%s.%s+0x%llx)", elfw_sec_name(l, k->sec), atom_name(l, a),
		    (unsigned long long)f->offset);
		struct reloc_site rs = {
			.type = f->type,
			.loc = code + f->offset,
			.avail = (size_t)(size - f->offset),
			.P = addr + f->offset,
			.S = fixup_S(l, f),
			.A = f->addend,
			.P_hi = addr + f->hi_offset,
			.sym_name = atom_name(l, f->sym),
			.where = where,
		};
		if (l->t->apply_reloc(l->t, &rs, &l->diag))
			rc = -1;
	}
	return rc;
}

/* The target moved: re-apply the direct fixups that name it, in the symbols that
 * refer to it, reading and rewriting only their bytes. */
static int reapply_referrers(struct solder_link *l, uint32_t target)
{
	sweep_refs(l, target);
	for (uint32_t r = l->ref_head.v[target]; r; r = l->refs.v[r].next) {
		uint32_t from = l->refs.v[r].from;
		const struct atom *fa = &l->atoms.v[from];
		const struct block *k = &l->blocks.v[fa->block];
		uint64_t off = l->secs.v[k->sec].sh_offset + k->off;
		uint8_t *code = mem_realloc(&l->alloc, NULL, 0, (size_t)k->size);
		if (!code) {
			diag_error(&l->diag, SOLDER_ERR_NOMEM, "out of memory");
			return -1;
		}
		int rc = elfw_pread(l, code, k->size, off);
		if (rc)
			diag_error(&l->diag, SOLDER_ERR_IO, "cannot read back %s from the output", atom_name(l, from));
		if (!rc)
			rc = apply_fixups(l, from, code, k->size, atom_addr(l, from), &l->fixups.v[fa->fix_start],
			                  fa->nfix, target);
		if (!rc)
			rc = elfw_pwrite(l, code, k->size, off);
		mem_free(&l->alloc, code, (size_t)k->size);
		if (rc)
			return -1;
	}
	return 0;
}

static solder_status check_fixups(struct solder_link *l, const struct solder_update *u)
{
	if (u->nfixups && !u->fixups)
		return fail(l, SOLDER_ERR_INVALID, "%s: %llu fixups but no array", u->name ? u->name : "(unnamed)",
		            (unsigned long long)u->nfixups);
	for (size_t i = 0; i < u->nfixups; i++) {
		const struct solder_fixup *f = &u->fixups[i];
		if (f->offset >= u->size || f->hi_offset >= u->size)
			return fail(l, SOLDER_ERR_INVALID, "%s: fixup at offset 0x%llx lies outside the symbol's bytes",
			            u->name ? u->name : "(unnamed)", (unsigned long long)(f->offset >= u->size ? f->offset : f->hi_offset));
		if (f->sym == 0 || f->sym >= l->atoms.len || !l->atoms.v[f->sym].live)
			return fail(l, SOLDER_ERR_INVALID, "%s: fixup refers to symbol %u, which does not exist",
			            u->name ? u->name : "(unnamed)", f->sym);
		if (!l->t->reloc_name(f->type))
			return fail(l, SOLDER_ERR_INVALID, "%s: unknown relocation type %u", u->name ? u->name : "(unnamed)",
			            f->type);
	}
	return SOLDER_OK;
}

/* Stores the atom's new fixups, reusing its old run when it is long enough. */
static int store_fixups(struct solder_link *l, uint32_t a, const struct solder_update *u)
{
	struct atom *at = &l->atoms.v[a];
	if (u->nfixups > UINT32_MAX - l->fixups.len)
		return -1;
	uint32_t n = (uint32_t)u->nfixups;
	if (n > at->nfix) {
		if (VEC_RESERVE(&l->alloc, l->fixups, l->fixups.len + n))
			return -1;
		at = &l->atoms.v[a];
		at->fix_start = l->fixups.len;
		l->fixups.len += n;
	}
	if (n)
		memcpy(&l->fixups.v[at->fix_start], u->fixups, n * sizeof(*u->fixups));
	at->nfix = n;
	for (uint32_t i = 0; i < n; i++) {
		struct solder_fixup *f = &l->fixups.v[at->fix_start + i];
		f->reserved = 0;
		if ((f->flags & SOLDER_FIXUP_GOT) || f->sym == a)
			continue;
		/* One ref per target: an earlier fixup of this symbol may have made it. */
		for (uint32_t j = 0; j < i && !f->reserved; j++) {
			const struct solder_fixup *g = &l->fixups.v[at->fix_start + j];
			if (g->reserved && g->sym == f->sym)
				f->reserved = g->reserved;
		}
		if (!f->reserved && !(f->reserved = add_ref(l, f->sym, a)))
			return -1;
	}
	return 0;
}

static uint32_t section_of(const struct solder_link *l, enum solder_kind kind)
{
	return kind == SOLDER_FUNC ? l->sec_text : kind == SOLDER_RODATA ? l->sec_rodata : l->sec_data;
}

static struct esym atom_esym(const struct solder_link *l, uint32_t a, uint32_t name, uint8_t bind)
{
	const struct atom *at = &l->atoms.v[a];
	struct esym e = { .st_name = name };
	uint8_t type = at->kind == SOLDER_FUNC ? STT_FUNC : STT_OBJECT;
	e.st_info = (uint8_t)((bind << 4) | type);
	if (at->block) {
		const struct block *k = &l->blocks.v[at->block];
		e.st_shndx = (uint16_t)k->sec;
		e.st_value = atom_addr(l, a);
		e.st_size = k->size;
	}
	return e;
}

static uint8_t bind_of(uint32_t linkage)
{
	return linkage == SOLDER_WEAK ? STB_WEAK : linkage == SOLDER_LOCAL ? STB_LOCAL : STB_GLOBAL;
}

/* Rewrites the atom's own symbol and all its exports (after a move or a resize). */
static int write_atom_symbols(struct solder_link *l, uint32_t a)
{
	const struct atom *at = &l->atoms.v[a];
	if (at->local_sym) {
		l->locals.v[at->local_sym] = atom_esym(l, a, at->name, STB_LOCAL);
		if (sym_write_local(l, at->local_sym))
			return -1;
	}
	for (uint32_t e = at->first_export; e; e = l->exports.v[e].next_of_atom) {
		const struct export *x = &l->exports.v[e];
		struct esym s = atom_esym(l, a, x->name, bind_of(x->linkage));
		if (x->linkage == SOLDER_LOCAL) {
			l->locals.v[x->sym] = s;
			if (sym_write_local(l, x->sym))
				return -1;
		} else {
			s.owner = e;
			l->globals.v[x->sym - 1] = s;
			if (sym_write_global(l, x->sym))
				return -1;
		}
	}
	return 0;
}

static solder_status set_name(struct solder_link *l, uint32_t a, const char *name)
{
	struct atom *at = &l->atoms.v[a];
	const char *old = at->name ? sym_name_at(l, at->name) : NULL;
	if (old && name && str_eq(old, name))
		return SOLDER_OK;
	if (old && name_map_get(&l->atom_by_name, &l->strtab, old) == a)
		name_map_del(&l->atom_by_name, &l->strtab, old);
	at->name = 0;
	if (!name || !*name)
		return SOLDER_OK;
	uint32_t off = sym_string(l, name);
	if (!off || name_map_put(&l->alloc, &l->atom_by_name, &l->strtab, off, a))
		return nomem(l);
	at = &l->atoms.v[a];
	at->name = off;
	if (!at->local_sym) {
		uint32_t s = sym_new_local(l);
		if (!s)
			return status(l) ? status(l) : nomem(l);
		l->atoms.v[a].local_sym = s;
	}
	return SOLDER_OK;
}

solder_status solder_update_symbol(solder_link *l, solder_sym sym, const struct solder_update *u)
{
	diag_reset(&l->diag);
	struct atom *at = live_atom(l, sym, "solder_update_symbol");
	if (!at)
		return status(l);
	if (!u || !u->bytes || !u->size)
		return fail(l, SOLDER_ERR_INVALID, "solder_update_symbol: symbol %u needs at least one byte", sym);
	if (u->kind != SOLDER_FUNC && u->kind != SOLDER_RODATA && u->kind != SOLDER_DATA)
		return fail(l, SOLDER_ERR_INVALID, "solder_update_symbol: unknown kind %llu", (unsigned long long)u->kind);
	uint64_t align = u->align ? u->align : u->kind == SOLDER_FUNC ? l->t->func_align : l->t->ptr_size;
	if (!is_pow2(align))
		return fail(l, SOLDER_ERR_INVALID, "solder_update_symbol: alignment %llu is not a power of two",
		            (unsigned long long)align);
	if (u->nlines && !u->lines)
		return fail(l, SOLDER_ERR_INVALID, "solder_update_symbol: %s has line rows but no array", u->name ? u->name : "");
	for (size_t i = 0; i < u->nlines; i++)
		if (u->lines[i].offset >= u->size || (i && u->lines[i].offset < u->lines[i - 1].offset))
			return fail(l, SOLDER_ERR_INVALID,
			            "solder_update_symbol: %s: line rows must be ascending offsets inside the symbol (row %llu)",
			            u->name ? u->name : "", (unsigned long long)i);
	if (check_fixups(l, u))
		return status(l);

	uint32_t sec = section_of(l, u->kind);
	if (at->block && l->blocks.v[at->block].sec != sec) {
		blk_release(l, at->block);
		at->block = 0;
	}
	if (!at->block) {
		uint32_t b = blk_new(l, sec, sym);
		if (!b)
			return nomem(l);
		at = &l->atoms.v[sym];
		at->block = b;
	}
	at->kind = (uint8_t)u->kind;
	at->align = (uint32_t)align;
	uint64_t old_size = l->blocks.v[at->block].size;
	int moved;
	if (blk_place(l, at->block, u->size, align, &moved))
		return status(l);
	if (set_name(l, sym, u->name))
		return status(l);
	drop_refs_from(l, sym);
	if (store_fixups(l, sym, u))
		return nomem(l);

	at = &l->atoms.v[sym];
	const struct block *k = &l->blocks.v[at->block];
	uint8_t *code = mem_realloc(&l->alloc, NULL, 0, u->size);
	if (!code)
		return nomem(l);
	memcpy(code, u->bytes, u->size);
	int rc = apply_fixups(l, sym, code, u->size, atom_addr(l, sym), &l->fixups.v[at->fix_start], at->nfix, 0);
	if (!rc)
		rc = elfw_pwrite(l, code, u->size, l->secs.v[k->sec].sh_offset + k->off);
	mem_free(&l->alloc, code, u->size);
	if (rc)
		return status(l);

	if (moved && (got_write(l, at->got_slot, atom_addr(l, sym)) || reapply_referrers(l, sym)))
		return status(l);
	if (moved || old_size != u->size || u->name)
		if (write_atom_symbols(l, sym))
			return status(l);
	if (l->debug_info && dbg_update(l, sym, u))
		return status(l);
	return status(l);
}

/* ---- exports */

static void remove_export(struct solder_link *l, uint32_t e)
{
	struct export *x = &l->exports.v[e];
	struct atom *at = &l->atoms.v[x->atom];
	uint32_t *link = &at->first_export;
	while (*link && *link != e)
		link = &l->exports.v[*link].next_of_atom;
	if (*link)
		*link = x->next_of_atom;
	name_map_del(&l->export_by_name, &l->strtab, sym_name_at(l, x->name));
	if (x->linkage == SOLDER_LOCAL)
		sym_free_local(l, x->sym);
	else
		sym_free_global(l, x->sym);
	l->exports.v[e] = (struct export){ 0 };
}

solder_status solder_export(solder_link *l, solder_sym sym, const char *name, enum solder_linkage linkage)
{
	diag_reset(&l->diag);
	if (!live_atom(l, sym, "solder_export"))
		return status(l);
	if (!name || !*name)
		return fail(l, SOLDER_ERR_INVALID, "solder_export: symbol %u needs a name", sym);
	if (linkage != SOLDER_GLOBAL && linkage != SOLDER_WEAK && linkage != SOLDER_LOCAL)
		return fail(l, SOLDER_ERR_INVALID, "solder_export: %s: unknown linkage %u", name, (unsigned)linkage);
	uint32_t e = name_map_get(&l->export_by_name, &l->strtab, name);
	if (e && l->exports.v[e].atom == sym && l->exports.v[e].linkage == linkage)
		return SOLDER_OK;
	if (e)
		remove_export(l, e);
	/* Find a free export slot (slot 0 is the sentinel). */
	if (!l->exports.len && VEC_PUSH(&l->alloc, l->exports, (struct export){ 0 }))
		return nomem(l);
	if (VEC_PUSH(&l->alloc, l->exports, (struct export){ 0 }))
		return nomem(l);
	e = l->exports.len - 1;
	uint32_t off = sym_string(l, name);
	if (!off || name_map_put(&l->alloc, &l->export_by_name, &l->strtab, off, e))
		return nomem(l);
	uint32_t s = linkage == SOLDER_LOCAL ? sym_new_local(l) : sym_new_global(l);
	if (!s)
		return status(l) ? status(l) : nomem(l);
	struct atom *at = &l->atoms.v[sym];
	l->exports.v[e] = (struct export){ .atom = sym, .name = off, .linkage = linkage, .sym = s,
		                                .next_of_atom = at->first_export };
	at->first_export = e;
	if (write_atom_symbols(l, sym))
		return status(l);
	return SOLDER_OK;
}

solder_status solder_unexport(solder_link *l, const char *name)
{
	diag_reset(&l->diag);
	if (!l->have_file)
		return fail(l, SOLDER_ERR_INVALID, "solder_unexport: the link has no output; call solder_open first");
	if (io_poisoned(l, "solder_unexport"))
		return status(l);
	uint32_t e = name ? name_map_get(&l->export_by_name, &l->strtab, name) : 0;
	if (!e)
		return fail(l, SOLDER_ERR_INVALID, "solder_unexport: '%s' is not exported", name ? name : "");
	remove_export(l, e);
	return status(l);
}

solder_status solder_free_symbol(solder_link *l, solder_sym sym)
{
	diag_reset(&l->diag);
	struct atom *at = live_atom(l, sym, "solder_free_symbol");
	if (!at)
		return status(l);
	sweep_refs(l, sym);
	uint32_t r = l->ref_head.v[sym];
	if (r) {
		diag_error(&l->diag, SOLDER_ERR_INVALID,
		           "solder_free_symbol: %s is still referred to directly by %s; update that symbol first",
		           atom_name(l, sym), atom_name(l, l->refs.v[r].from));
		return status(l);
	}
	while (at->first_export) {
		remove_export(l, at->first_export);
		at = &l->atoms.v[sym];
	}
	if (l->debug_info)
		dbg_free(l, sym);
	(void)set_name(l, sym, NULL);
	at = &l->atoms.v[sym];
	if (at->local_sym)
		sym_free_local(l, at->local_sym);
	drop_refs_from(l, sym);
	at = &l->atoms.v[sym];
	if (at->block)
		blk_release(l, at->block);
	got_free(l, at->got_slot);
	l->atoms.v[sym] = (struct atom){ 0 };
	if (VEC_PUSH(&l->alloc, l->free_atoms, sym))
		return nomem(l);
	return status(l);
}

/* ---- queries */

solder_status solder_symbol_addr(solder_link *l, solder_sym sym, uint64_t *out)
{
	diag_reset(&l->diag);
	*out = 0;
	const struct atom *at = live_atom(l, sym, "solder_symbol_addr");
	if (!at)
		return status(l);
	if (!at->block)
		return fail(l, SOLDER_ERR_INVALID, "solder_symbol_addr: symbol %u has no bytes yet", sym);
	*out = atom_addr(l, sym);
	return SOLDER_OK;
}

solder_status solder_got_slot_addr(solder_link *l, solder_sym sym, uint64_t *out)
{
	diag_reset(&l->diag);
	*out = 0;
	const struct atom *at = live_atom(l, sym, "solder_got_slot_addr");
	if (!at)
		return status(l);
	*out = got_slot_addr(l, at->got_slot);
	return SOLDER_OK;
}

solder_status solder_find_symbol(solder_link *l, const char *name, solder_sym *out)
{
	diag_reset(&l->diag);
	*out = 0;
	if (!l->have_file || !name)
		return fail(l, SOLDER_ERR_INVALID, "solder_find_symbol: no output or no name");
	uint32_t e = name_map_get(&l->export_by_name, &l->strtab, name);
	uint32_t a = e ? l->exports.v[e].atom : name_map_get(&l->atom_by_name, &l->strtab, name);
	if (!a)
		return fail(l, SOLDER_ERR_UNDEFINED, "no symbol is named '%s'", name);
	*out = a;
	return SOLDER_OK;
}

solder_status solder_set_entry(solder_link *l, const char *name)
{
	diag_reset(&l->diag);
	if (!name || !*name)
		return fail(l, SOLDER_ERR_INVALID, "solder_set_entry needs a name");
	char *copy = mem_strdup(&l->alloc, name);
	if (!copy)
		return nomem(l);
	free_str(l, &l->entry_name);
	l->entry_name = copy;
	l->has_entry_addr = 0;
	return SOLDER_OK;
}

solder_status solder_set_entry_addr(solder_link *l, uint64_t addr)
{
	diag_reset(&l->diag);
	if (elfw_check_addr(l, addr, "entry address"))
		return status(l);
	l->entry_addr = addr;
	l->has_entry_addr = 1;
	return SOLDER_OK;
}

/* ---- flush and close */

/* Every direct reference must have found its target by the time the image is written. */
static int check_pending(struct solder_link *l)
{
	uint32_t keep = 0;
	for (uint32_t i = 0; i < l->pending_targets.len; i++) {
		uint32_t a = l->pending_targets.v[i];
		if (a < l->ref_head.len)
			sweep_refs(l, a);
		uint32_t r = a < l->ref_head.len ? l->ref_head.v[a] : 0;
		if (!l->atoms.v[a].live || l->atoms.v[a].block || !r)
			continue;
		if (!keep)
			diag_error(&l->diag, SOLDER_ERR_UNDEFINED,
			           "%s refers directly to symbol %u (%s), which has no bytes; update it before flushing",
			           atom_name(l, l->refs.v[r].from), a, atom_name(l, a));
		l->pending_targets.v[keep++] = a;
	}
	l->pending_targets.len = keep;
	return keep ? -1 : 0;
}

static int resolve_entry(struct solder_link *l)
{
	if (l->has_entry_addr) {
		l->entry_resolved = l->entry_addr;
		return 0;
	}
	uint32_t e = name_map_get(&l->export_by_name, &l->strtab, l->entry_name);
	uint32_t a = e ? l->exports.v[e].atom : 0;
	if (!a || !l->atoms.v[a].block) {
		diag_error(&l->diag, SOLDER_ERR_UNDEFINED,
		           "entry symbol '%s' is not defined; export a symbol under that name or set an entry address",
		           l->entry_name);
		return -1;
	}
	l->entry_resolved = atom_addr(l, a);
	return 0;
}

solder_status solder_flush(solder_link *l)
{
	diag_reset(&l->diag);
	if (!l->have_file)
		return fail(l, SOLDER_ERR_INVALID, "solder_flush: the link has no output; call solder_open first");
	if (io_poisoned(l, "solder_flush"))
		return status(l);
	if (check_pending(l) || resolve_entry(l))
		return status(l);
	// Strings and globals first: symbol entries written earlier point into them.
	if (sym_flush(l))
		return status(l);
	// The DWARF headers follow the sections' new extents.
	if (l->debug_info && dbg_flush(l))
		return status(l);
	// Headers last, the ELF header last of all, so a reader never sees them ahead of
	// what they describe.
	if (elfw_write_headers(l))
		return status(l);
	return SOLDER_OK;
}

solder_status solder_close(solder_link *l)
{
	if (!l->have_file) {
		/* Never opened: nothing to write. */
		solder_destroy(l);
		return SOLDER_OK;
	}
	solder_status st = solder_flush(l);
	if (st == SOLDER_OK) {
		// The state goes out marked unfinished, the headers that point at it next, and
		// a 4-byte write clearing the mark last: a crash anywhere leaves it unfinished.
		l->generation++;
		/* The saved state holds live refs only. */
		for (uint32_t a = 1; a < l->ref_head.len; a++)
			sweep_refs(l, a);
		if (state_save(l) || elfw_write_headers(l) || state_mark_finished(l))
			st = status(l) ? status(l) : SOLDER_ERR_IO;
	}
	solder_destroy(l);
	return st;
}

void solder_destroy(solder_link *l)
{
	if (!l)
		return;
	link_free_state(l);
	struct solder_allocator a = l->alloc;
	a.realloc(a.ud, l, sizeof(*l), 0);
}
