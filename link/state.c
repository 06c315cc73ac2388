/*
 * state.c: the engine's state saved into the output, and trusted again on open.
 *
 * solder_close() leaves behind, in the non-alloc section .solder.state, everything in
 * the link context that cannot be derived from the rest of the file: the resolved
 * options, sections, segments, blocks, atoms, fixups, references, and the GOT, symbol
 * table and DWARF bookkeeping with their free lists. A later solder_open() of the same
 * file reads it back and carries on with the same symbol indices, addresses and GOT
 * slots. The bytes of .shstrtab, .strtab and .debug_str are read back from their
 * sections rather than saved twice, and the name maps are rebuilt from them. The
 * entry point is not saved: the one asked for at open applies, flush resolves it
 * every time, and the e_entry in the file says what was written last.
 *
 * The file is untrusted input: foreign, truncated, corrupt, written by another
 * version, or left behind by an update that never finished. Every read is
 * bounds-checked, every count is checked against the bytes that remain before
 * anything is allocated, and every index, list and chain is validated before the
 * state reaches the other modules, which trust it as if they had built it. Any doubt
 * means "rebuild from scratch" with a reason a user can read; only running out of
 * memory or a failing file operation is an error.
 *
 * The blob is a 64-byte header and a payload, little-endian whatever the target's
 * byte order (the blob is solder's, not the target's):
 *    0  magic "SOLDERST"        8  format version u32     12  flags u32
 *   16  SOLDER_VERSION, NUL-padded to 16 bytes
 *   32  e_machine u16          34  ELF class u8 (32/64)  35  zero[5]
 *   40  generation u64         48  payload length u64    56  checksum u64
 * The checksum (FNV-1a 64) covers header bytes 16..56 and the payload. The flags
 * word is outside it because it is rewritten alone, in place: it says UNFINISHED
 * from the first write of an update until the headers that end it are on disk.
 */
#include "link.h"

#include <elf.h>

#define STATE_MAGIC "SOLDERST"
#define STATE_FORMAT 1u
#define STATE_HDR_SIZE 64u
#define STATE_VERSION_SIZE 16u
#define STATE_FLAGS_OFF 12u
#define STATE_UNFINISHED 1u

/* The bytes one element takes in the payload at the least: a count read from the
 * file is checked against them before anything is allocated for it. */
#define SEC_BYTES 105u
#define SEG_BYTES 60u
#define BLOCK_BYTES 32u
#define ATOM_BYTES 56u
#define FIXUP_BYTES 32u
#define REF_BYTES 12u
#define ESYM_BYTES 28u
#define EXPORT_BYTES 20u
#define STR_BYTES 4u

_Static_assert(sizeof(SOLDER_VERSION) <= STATE_VERSION_SIZE, "SOLDER_VERSION must fit the state header");

static uint64_t fnv1a(uint64_t h, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

static uint64_t state_checksum(const uint8_t *hdr, const uint8_t *payload, size_t n)
{
	uint64_t h = fnv1a(0xcbf29ce484222325ull, hdr + 16, 40);
	return fnv1a(h, payload, n);
}

/* ---- freeing */

static void free_str(struct solder_link *l, char **s)
{
	if (*s)
		mem_free(&l->alloc, *s, strlen(*s) + 1);
	*s = NULL;
}

/* Everything owned except the option strings: what state_load builds, and the
 * runtime-only lists (pending_targets, empty whenever the state is saved). */
static void free_engine_state(struct solder_link *l)
{
	const struct solder_allocator *a = &l->alloc;
	for (uint32_t i = 0; i < l->secs.len; i++)
		VEC_FREE(a, l->secs.v[i].free_list);
	VEC_FREE(a, l->secs);
	VEC_FREE(a, l->segs);
	VEC_FREE(a, l->blocks);
	VEC_FREE(a, l->free_blocks);
	VEC_FREE(a, l->atoms);
	VEC_FREE(a, l->free_atoms);
	VEC_FREE(a, l->fixups);
	VEC_FREE(a, l->refs);
	VEC_FREE(a, l->ref_head);
	VEC_FREE(a, l->free_refs);
	VEC_FREE(a, l->pending_targets);
	VEC_FREE(a, l->free_got);
	VEC_FREE(a, l->locals);
	VEC_FREE(a, l->globals);
	VEC_FREE(a, l->free_locals);
	VEC_FREE(a, l->free_globals);
	VEC_FREE(a, l->exports);
	name_map_free(a, &l->export_by_name);
	name_map_free(a, &l->atom_by_name);
	name_map_free(a, &l->str_offsets);
	buf_free(&l->shstrtab);
	buf_free(&l->strtab);
	for (uint32_t i = 0; i < l->files.len; i++)
		free_str(l, &l->files.v[i]);
	VEC_FREE(a, l->files);
	VEC_FREE(a, l->free_aranges);
	buf_free(&l->dbg_str);
}

void link_free_state(struct solder_link *l)
{
	free_engine_state(l);
	free_str(l, &l->entry_name);
	free_str(l, &l->cu_name);
	free_str(l, &l->comp_dir);
	free_str(l, &l->producer);
}

/* ---- saving */

/* A string: its length + 1 (0 for NULL), then its bytes without the NUL. */
static void save_str(struct buf *b, const char *s)
{
	if (!s) {
		buf_u32(b, 0);
		return;
	}
	size_t n = strlen(s);
	if (n >= UINT32_MAX) {
		b->failed = 1;
		return;
	}
	buf_u32(b, (uint32_t)n + 1);
	buf_bytes(b, s, n);
}

static void save_u32s(struct buf *b, const uint32_t *v, uint32_t n)
{
	buf_u32(b, n);
	for (uint32_t i = 0; i < n; i++)
		buf_u32(b, v[i]);
}

static void save_esyms(struct buf *b, const struct esym *v, uint32_t n)
{
	buf_u32(b, n);
	for (uint32_t i = 0; i < n; i++) {
		buf_u32(b, v[i].st_name);
		buf_u8(b, v[i].st_info);
		buf_u8(b, v[i].st_other);
		buf_u16(b, v[i].st_shndx);
		buf_u64(b, v[i].st_value);
		buf_u64(b, v[i].st_size);
		buf_u32(b, v[i].owner);
	}
}

/* The payload, in the order load_payload() reads it. Its size depends only on the
 * counts and strings, never on the values: state_save() relies on that. */
static void save_payload(const struct solder_link *l, struct buf *b)
{
	/* options */
	buf_u64(b, l->image_base);
	buf_u64(b, l->rodata_addr);
	buf_u64(b, l->data_addr);
	buf_u64(b, l->got_addr);
	buf_u8(b, l->debug_info != 0);
	save_str(b, l->cu_name);
	save_str(b, l->comp_dir);
	save_str(b, l->producer);
	buf_u8(b, l->dwf.offset_size);
	buf_u8(b, l->dwf.addr_size);
	buf_u8(b, l->dwf.big_endian);
	buf_u8(b, l->dwf.min_inst_len);

	/* the file's layout */
	buf_u64(b, l->phdr_off);
	buf_u64(b, l->shdr_off);
	buf_u32(b, l->shdr_cap);
	const uint32_t sec_idx[] = {
		l->sec_text, l->sec_rodata, l->sec_data, l->sec_got, l->sec_symtab, l->sec_strtab,
		l->sec_shstrtab, l->sec_dbg_info, l->sec_dbg_abbrev, l->sec_dbg_line,
		l->sec_dbg_aranges, l->sec_dbg_str, l->sec_state,
	};
	for (size_t i = 0; i < sizeof(sec_idx) / sizeof(sec_idx[0]); i++)
		buf_u32(b, sec_idx[i]);

	buf_u32(b, l->secs.len);
	for (uint32_t i = 0; i < l->secs.len; i++) {
		const struct osec *s = &l->secs.v[i];
		buf_u32(b, s->name);
		buf_u32(b, s->sh_type);
		buf_u64(b, s->sh_flags);
		buf_u64(b, s->sh_addr);
		buf_u64(b, s->sh_offset);
		buf_u64(b, s->sh_size);
		buf_u32(b, s->sh_link);
		buf_u32(b, s->sh_info);
		buf_u64(b, s->sh_addralign);
		buf_u64(b, s->sh_entsize);
		buf_u32(b, s->seg);
		buf_u64(b, s->head_reserve);
		buf_u64(b, s->tail);
		buf_u64(b, s->file_align);
		buf_u32(b, s->first_block);
		buf_u32(b, s->last_block);
		buf_u8(b, s->fill);
		save_u32s(b, s->free_list.v, s->free_list.len);
	}

	buf_u32(b, l->segs.len);
	for (uint32_t i = 0; i < l->segs.len; i++) {
		const struct seg *g = &l->segs.v[i];
		buf_u32(b, g->p_type);
		buf_u32(b, g->p_flags);
		buf_u64(b, g->p_offset);
		buf_u64(b, g->p_vaddr);
		buf_u64(b, g->p_paddr);
		buf_u64(b, g->p_filesz);
		buf_u64(b, g->p_memsz);
		buf_u64(b, g->p_align);
		buf_u32(b, g->sec);
	}

	buf_u32(b, l->blocks.len);
	for (uint32_t i = 0; i < l->blocks.len; i++) {
		const struct block *k = &l->blocks.v[i];
		buf_u64(b, k->off);
		buf_u64(b, k->size);
		buf_u32(b, k->prev);
		buf_u32(b, k->next);
		buf_u32(b, k->sec);
		buf_u32(b, k->owner);
	}
	save_u32s(b, l->free_blocks.v, l->free_blocks.len);

	buf_u32(b, l->atoms.len);
	for (uint32_t i = 0; i < l->atoms.len; i++) {
		const struct atom *a = &l->atoms.v[i];
		buf_u8(b, a->live);
		buf_u8(b, a->kind);
		buf_u16(b, a->pad);
		buf_u32(b, a->align);
		buf_u32(b, a->block);
		buf_u32(b, a->got_slot);
		buf_u32(b, a->local_sym);
		buf_u32(b, a->name);
		buf_u32(b, a->first_export);
		buf_u32(b, a->fix_start);
		buf_u32(b, a->nfix);
		buf_u32(b, a->dbg_info);
		buf_u32(b, a->dbg_line);
		buf_u32(b, a->aranges_slot);
		buf_u32(b, a->file);
		buf_u32(b, a->decl_line);
	}
	save_u32s(b, l->free_atoms.v, l->free_atoms.len);

	buf_u32(b, l->fixups.len);
	for (uint32_t i = 0; i < l->fixups.len; i++) {
		const struct solder_fixup *f = &l->fixups.v[i];
		buf_u32(b, f->offset);
		buf_u32(b, f->type);
		buf_u32(b, f->sym);
		buf_u32(b, f->flags);
		buf_u64(b, (uint64_t)f->addend);
		buf_u32(b, f->hi_offset);
		buf_u32(b, f->reserved);
	}

	buf_u32(b, l->refs.len);
	for (uint32_t i = 0; i < l->refs.len; i++) {
		buf_u32(b, l->refs.v[i].target);
		buf_u32(b, l->refs.v[i].from);
		buf_u32(b, l->refs.v[i].next);
	}
	save_u32s(b, l->ref_head.v, l->ref_head.len);
	save_u32s(b, l->free_refs.v, l->free_refs.len);

	buf_u32(b, l->got_slots);
	save_u32s(b, l->free_got.v, l->free_got.len);

	save_esyms(b, l->locals.v, l->locals.len);
	save_esyms(b, l->globals.v, l->globals.len);
	save_u32s(b, l->free_locals.v, l->free_locals.len);
	save_u32s(b, l->free_globals.v, l->free_globals.len);

	buf_u32(b, l->exports.len);
	for (uint32_t i = 0; i < l->exports.len; i++) {
		const struct export *e = &l->exports.v[i];
		buf_u32(b, e->atom);
		buf_u32(b, e->name);
		buf_u32(b, e->linkage);
		buf_u32(b, e->sym);
		buf_u32(b, e->next_of_atom);
	}
	buf_u64(b, l->strtab_written);

	buf_u32(b, l->files.len);
	for (uint32_t i = 0; i < l->files.len; i++)
		save_str(b, l->files.v[i]);
	buf_u32(b, l->aranges_slots);
	save_u32s(b, l->free_aranges.v, l->free_aranges.len);
	buf_u64(b, l->dbg_str_written);
	buf_u64(b, l->cu_name_strp);
	buf_u64(b, l->comp_dir_strp);
	buf_u64(b, l->producer_strp);
	buf_u64(b, l->dbg_high_pc);
}

static void fill_header(const struct solder_link *l, uint8_t *hdr, const uint8_t *payload, size_t n)
{
	memset(hdr, 0, STATE_HDR_SIZE);
	memcpy(hdr, STATE_MAGIC, 8);
	put32(hdr + 8, STATE_FORMAT, 0);
	put32(hdr + STATE_FLAGS_OFF, STATE_UNFINISHED, 0);
	memcpy(hdr + 16, SOLDER_VERSION, sizeof(SOLDER_VERSION));
	put16(hdr + 32, l->t->e_machine, 0);
	put8(hdr + 34, (uint8_t)l->elf_class);
	put64(hdr + 40, l->generation, 0);
	put64(hdr + 48, n, 0);
	put64(hdr + 56, state_checksum(hdr, payload, n), 0);
}

int state_save(struct solder_link *l)
{
	if (!l->sec_state || l->sec_state >= l->secs.len) {
		diag_error(&l->diag, SOLDER_ERR_INVALID, "the image has no %s section", STATE_SECTION);
		return -1;
	}
	struct buf b;
	buf_init(&b, &l->alloc, 0);
	/* Room first, for the payload's size; then the payload again, because making room
	 * may move the state section itself, whose header the payload records. */
	buf_grow(&b, STATE_HDR_SIZE);
	save_payload(l, &b);
	if (b.failed) {
		buf_free(&b);
		diag_error(&l->diag, SOLDER_ERR_NOMEM, "out of memory");
		return -1;
	}
	/* This sets sh_size and marks the section's header for elfw_write_headers(). */
	size_t total = b.len;
	if (elfw_ensure_size(l, l->sec_state, total)) {
		buf_free(&b);
		return -1;
	}
	b.len = STATE_HDR_SIZE;
	save_payload(l, &b);
	/* The payload's size depends on counts and strings only, which making room does
	 * not change, and the buffer already holds that much: this cannot fail unless
	 * making room starts changing them. */
	if (b.failed || b.len != total) {
		buf_free(&b);
		diag_error(&l->diag, SOLDER_ERR_INVALID, "the link state changed size while it was saved");
		return -1;
	}
	fill_header(l, b.p, b.p + STATE_HDR_SIZE, total - STATE_HDR_SIZE);
	int r = elfw_pwrite(l, b.p, total, l->secs.v[l->sec_state].sh_offset);
	buf_free(&b);
	return r;
}

/* Rewrites the flags word of the blob already in the file; a file without a blob has
 * nothing to mark (its next open rebuilds anyway). */
static int state_set_flags(struct solder_link *l, uint32_t flags)
{
	if (!l->sec_state || l->sec_state >= l->secs.len || l->secs.v[l->sec_state].sh_size < STATE_HDR_SIZE)
		return 0;
	uint8_t word[4];
	put32(word, flags, 0);
	return elfw_pwrite(l, word, sizeof(word), l->secs.v[l->sec_state].sh_offset + STATE_FLAGS_OFF);
}

int state_mark_finished(struct solder_link *l)
{
	if (state_set_flags(l, 0))
		return -1;
	l->marked_unfinished = 0;
	return 0;
}

/* elfw_mark_unfinished() owns l->marked_unfinished and calls this once per update. */
int state_mark_unfinished(struct solder_link *l)
{
	return state_set_flags(l, STATE_UNFINISHED);
}

/* ---- loading */

/* What the loader has read from the file, and why it gave up. */
struct loader {
	struct solder_link *l;
	int fatal;                 /* memory ran out: state_load returns -1 */
	char why[sizeof(((struct solder_link *)0)->rebuild_reason)];
	/* the ELF header */
	uint64_t e_entry, e_phoff, e_shoff;
	uint16_t e_phnum, e_shnum, e_shstrndx;
	unsigned shentsize, phentsize;
	int be;
	/* the file's section and program headers, in engine form */
	struct osec *fsec;         /* e_shnum of them */
	struct seg *fseg;          /* e_phnum of them */
	uint8_t *shstrtab;
	uint64_t shstrtab_size;
	uint32_t state_shndx;
	uint8_t *blob;
	size_t blob_size;
	uint8_t *mark;             /* scratch for list checks */
	size_t mark_size;
};

static int reject(struct loader *ld, const char *f, ...)
{
	if (!ld->why[0]) {
		va_list ap;
		va_start(ap, f);
		fmt_v(ld->why, sizeof(ld->why), f, ap);
		va_end(ap);
	}
	return -1;
}

static int out_of_memory(struct loader *ld)
{
	ld->fatal = 1;
	diag_error(&ld->l->diag, SOLDER_ERR_NOMEM, "out of memory");
	return -1;
}

static void *ld_alloc(struct loader *ld, uint64_t n)
{
	if (n == 0 || n > SIZE_MAX)
		return NULL;
	return mem_realloc(&ld->l->alloc, NULL, 0, (size_t)n);
}

/* Whether [off, off + len) lies inside the file; a 1-byte read at its end tells, so
 * that nothing is allocated for a range a malicious header invents. */
static int in_file(struct loader *ld, uint64_t off, uint64_t len)
{
	if (len == 0)
		return 1;
	if (off > UINT64_MAX - len)
		return 0;
	uint8_t byte;
	return elfw_pread(ld->l, &byte, 1, off + len - 1) == 0;
}

/* A section's name from the file's .shstrtab, for messages; never out of bounds. */
static const char *file_sec_name(const struct loader *ld, uint32_t shndx)
{
	if (!ld->fsec || shndx >= ld->e_shnum || !ld->shstrtab)
		return "?";
	uint64_t off = ld->fsec[shndx].name;
	for (uint64_t i = off; i < ld->shstrtab_size; i++)
		if (!ld->shstrtab[i])
			return (const char *)ld->shstrtab + off;
	return "?";
}

static int read_ehdr(struct loader *ld)
{
	struct solder_link *l = ld->l;
	uint8_t h[64];
	if (elfw_pread(l, h, 16, 0)) {
		uint8_t byte;
		if (elfw_pread(l, &byte, 1, 0))
			return reject(ld, "the file is empty");
		return reject(ld, "not an ELF file");
	}
	if (memcmp(h, "\x7f" "ELF", 4) != 0)
		return reject(ld, "not an ELF file");
	unsigned cls = h[4] == ELFCLASS32 ? 32 : h[4] == ELFCLASS64 ? 64 : 0;
	if (!cls)
		return reject(ld, "not an ELF file: EI_CLASS %u", h[4]);
	if (cls != l->elf_class)
		return reject(ld, "an ELF%u file; the link wants ELF%u", cls, l->elf_class);
	if (h[5] != ELFDATA2LSB && h[5] != ELFDATA2MSB)
		return reject(ld, "not an ELF file: EI_DATA %u", h[5]);
	ld->be = h[5] == ELFDATA2MSB;
	if (ld->be != (l->t->big_endian != 0))
		return reject(ld, "a %s-endian file; %s is %s-endian", ld->be ? "big" : "little",
		              l->t->name, l->t->big_endian ? "big" : "little");
	if (h[6] != EV_CURRENT)
		return reject(ld, "bad ELF header: EI_VERSION %u", h[6]);

	int w64 = cls == 64;
	unsigned ehsize = w64 ? 64 : 52;
	if (elfw_pread(l, h, ehsize, 0))
		return reject(ld, "truncated: the ELF header ends past the end of the file");
	int be = ld->be;
	unsigned ws = w64 ? 8 : 4;
	uint16_t e_machine = get16(h + 18, be);
	uint32_t e_version = get32(h + 20, be);
	ld->e_entry = get_word(h + 24, ws, be);
	ld->e_phoff = get_word(h + 24 + ws, ws, be);
	ld->e_shoff = get_word(h + 24 + 2 * ws, ws, be);
	const uint8_t *q = h + 24 + 3 * ws + 4;   /* past e_flags */
	uint16_t e_ehsize = get16(q, be);
	uint16_t e_phentsize = get16(q + 2, be);
	ld->e_phnum = get16(q + 4, be);
	uint16_t e_shentsize = get16(q + 6, be);
	ld->e_shnum = get16(q + 8, be);
	ld->e_shstrndx = get16(q + 10, be);
	ld->phentsize = w64 ? 56 : 32;
	ld->shentsize = w64 ? 64 : 40;

	if (e_machine != l->t->e_machine)
		return reject(ld, "written for e_machine %u; %s is %u", e_machine, l->t->name, l->t->e_machine);
	if (e_version != EV_CURRENT)
		return reject(ld, "bad ELF header: e_version %u", e_version);
	if (e_ehsize != ehsize)
		return reject(ld, "bad ELF header: e_ehsize %u", e_ehsize);
	if (e_phentsize != ld->phentsize)
		return reject(ld, "bad ELF header: e_phentsize %u", e_phentsize);
	if (e_shentsize != ld->shentsize)
		return reject(ld, "bad ELF header: e_shentsize %u", e_shentsize);
	if (ld->e_shnum == 0 || ld->e_shoff == 0)
		return reject(ld, "no section headers");
	if (ld->e_shstrndx >= ld->e_shnum)
		return reject(ld, "bad ELF header: e_shstrndx %u of %u sections", ld->e_shstrndx, ld->e_shnum);
	if (ld->e_phnum > PHDR_CAPACITY)
		return reject(ld, "%u program headers; solder writes at most %u", ld->e_phnum, PHDR_CAPACITY);
	uint64_t shlen = (uint64_t)ld->e_shnum * ld->shentsize;
	if (!in_file(ld, ld->e_shoff, shlen))
		return reject(ld, "truncated: section headers at 0x%llx end past the end of the file",
		              (unsigned long long)ld->e_shoff);
	uint64_t phlen = (uint64_t)ld->e_phnum * ld->phentsize;
	if (!in_file(ld, ld->e_phoff, phlen))
		return reject(ld, "truncated: program headers at 0x%llx end past the end of the file",
		              (unsigned long long)ld->e_phoff);
	return 0;
}

/* Reads the section and program header tables into engine form. */
static int read_headers(struct loader *ld)
{
	struct solder_link *l = ld->l;
	unsigned ws = l->elf_class == 64 ? 8 : 4;
	int be = ld->be;
	uint64_t shlen = (uint64_t)ld->e_shnum * ld->shentsize;
	uint8_t *raw = ld_alloc(ld, shlen);
	ld->fsec = ld_alloc(ld, (uint64_t)ld->e_shnum * sizeof(struct osec));
	if (!raw || !ld->fsec) {
		mem_free(&l->alloc, raw, shlen);
		return out_of_memory(ld);
	}
	memset(ld->fsec, 0, (size_t)ld->e_shnum * sizeof(struct osec));
	if (elfw_pread(l, raw, shlen, ld->e_shoff)) {
		mem_free(&l->alloc, raw, shlen);
		return reject(ld, "truncated: section headers end past the end of the file");
	}
	for (uint32_t i = 0; i < ld->e_shnum; i++) {
		const uint8_t *p = raw + (size_t)i * ld->shentsize;
		struct osec *s = &ld->fsec[i];
		s->name = get32(p, be);
		s->sh_type = get32(p + 4, be);
		s->sh_flags = get_word(p + 8, ws, be);
		s->sh_addr = get_word(p + 8 + ws, ws, be);
		s->sh_offset = get_word(p + 8 + 2 * ws, ws, be);
		s->sh_size = get_word(p + 8 + 3 * ws, ws, be);
		s->sh_link = get32(p + 8 + 4 * ws, be);
		s->sh_info = get32(p + 12 + 4 * ws, be);
		s->sh_addralign = get_word(p + 16 + 4 * ws, ws, be);
		s->sh_entsize = get_word(p + 16 + 5 * ws, ws, be);
	}
	mem_free(&l->alloc, raw, shlen);

	if (ld->e_phnum) {
		uint64_t phlen = (uint64_t)ld->e_phnum * ld->phentsize;
		raw = ld_alloc(ld, phlen);
		ld->fseg = ld_alloc(ld, (uint64_t)ld->e_phnum * sizeof(struct seg));
		if (!raw || !ld->fseg) {
			mem_free(&l->alloc, raw, phlen);
			return out_of_memory(ld);
		}
		memset(ld->fseg, 0, (size_t)ld->e_phnum * sizeof(struct seg));
		if (elfw_pread(l, raw, phlen, ld->e_phoff)) {
			mem_free(&l->alloc, raw, phlen);
			return reject(ld, "truncated: program headers end past the end of the file");
		}
		for (uint32_t i = 0; i < ld->e_phnum; i++) {
			const uint8_t *p = raw + (size_t)i * ld->phentsize;
			struct seg *g = &ld->fseg[i];
			g->p_type = get32(p, be);
			if (ws == 8) {
				g->p_flags = get32(p + 4, be);
				g->p_offset = get64(p + 8, be);
				g->p_vaddr = get64(p + 16, be);
				g->p_paddr = get64(p + 24, be);
				g->p_filesz = get64(p + 32, be);
				g->p_memsz = get64(p + 40, be);
				g->p_align = get64(p + 48, be);
			} else {
				g->p_offset = get32(p + 4, be);
				g->p_vaddr = get32(p + 8, be);
				g->p_paddr = get32(p + 12, be);
				g->p_filesz = get32(p + 16, be);
				g->p_memsz = get32(p + 20, be);
				g->p_flags = get32(p + 24, be);
				g->p_align = get32(p + 28, be);
			}
		}
		mem_free(&l->alloc, raw, phlen);
	}

	/* Solder's section names are a few hundred bytes; a larger table is not solder's. */
	const struct osec *ss = &ld->fsec[ld->e_shstrndx];
	if (ss->sh_type != SHT_STRTAB || ss->sh_size == 0 || ss->sh_size > (1u << 20))
		return reject(ld, "bad section name table (type %u, 0x%llx bytes)", ss->sh_type,
		              (unsigned long long)ss->sh_size);
	if (!in_file(ld, ss->sh_offset, ss->sh_size))
		return reject(ld, "truncated: the section name table ends past the end of the file");
	ld->shstrtab_size = ss->sh_size;
	ld->shstrtab = ld_alloc(ld, ss->sh_size);
	if (!ld->shstrtab)
		return out_of_memory(ld);
	if (elfw_pread(l, ld->shstrtab, ss->sh_size, ss->sh_offset))
		return reject(ld, "truncated: the section name table ends past the end of the file");
	return 0;
}

static int name_is(const struct loader *ld, uint32_t off, const char *want)
{
	size_t n = strlen(want) + 1;
	return off < ld->shstrtab_size && ld->shstrtab_size - off >= n &&
	       memcmp(ld->shstrtab + off, want, n) == 0;
}

/* Finds .solder.state, reads the blob and checks everything its header promises. */
static int read_blob(struct loader *ld)
{
	struct solder_link *l = ld->l;
	for (uint32_t i = 1; i < ld->e_shnum && !ld->state_shndx; i++)
		if (name_is(ld, ld->fsec[i].name, STATE_SECTION))
			ld->state_shndx = i;
	if (!ld->state_shndx)
		return reject(ld, "no %s section", STATE_SECTION);
	const struct osec *s = &ld->fsec[ld->state_shndx];
	if (s->sh_size < STATE_HDR_SIZE)
		return reject(ld, "no saved state: the link that wrote the file was never closed");
	if (!in_file(ld, s->sh_offset, s->sh_size))
		return reject(ld, "truncated: section %s ends at 0x%llx past the end of the file", STATE_SECTION,
		              (unsigned long long)(s->sh_offset + s->sh_size));

	uint8_t h[STATE_HDR_SIZE];
	if (elfw_pread(l, h, sizeof(h), s->sh_offset))
		return reject(ld, "truncated: section %s ends past the end of the file", STATE_SECTION);
	if (memcmp(h, STATE_MAGIC, 8) != 0)
		return reject(ld, "%s does not hold a solder state", STATE_SECTION);
	uint32_t format = get32(h + 8, 0);
	if (format != STATE_FORMAT)
		return reject(ld, "state format %u; this solder reads format %u", format, STATE_FORMAT);
	char version[STATE_VERSION_SIZE];
	for (unsigned i = 0; i < STATE_VERSION_SIZE; i++) {
		uint8_t c = h[16 + i];
		version[i] = (char)(c == 0 || (c >= 0x20 && c < 0x7f) ? c : '?');
	}
	version[STATE_VERSION_SIZE - 1] = 0;
	if (memcmp(h + 16, SOLDER_VERSION, sizeof(SOLDER_VERSION)) != 0)
		return reject(ld, "written by solder %s", version);
	uint16_t machine = get16(h + 32, 0);
	if (machine != l->t->e_machine || h[34] != l->elf_class)
		return reject(ld, "the state is for e_machine %u ELF%u; the link is %s ELF%u", machine, h[34],
		              l->t->name, l->elf_class);
	if (get32(h + STATE_FLAGS_OFF, 0) & STATE_UNFINISHED)
		return reject(ld, "an update did not finish");
	uint64_t n = get64(h + 48, 0);
	if (n > s->sh_size - STATE_HDR_SIZE)
		return reject(ld, "state payload of 0x%llx bytes overruns its section", (unsigned long long)n);
	if (n == 0)
		return reject(ld, "corrupt state: the payload is empty");
	ld->blob = ld_alloc(ld, n);
	if (!ld->blob)
		return out_of_memory(ld);
	ld->blob_size = (size_t)n;
	if (elfw_pread(l, ld->blob, n, s->sh_offset + STATE_HDR_SIZE))
		return reject(ld, "truncated: section %s ends past the end of the file", STATE_SECTION);
	if (state_checksum(h, ld->blob, ld->blob_size) != get64(h + 56, 0))
		return reject(ld, "state checksum mismatch");
	l->generation = get64(h + 40, 0);
	return 0;
}

/* ---- the payload reader: every read is bounds-checked; after a short one `bad`
 * is set and every later read yields 0, so a sequence needs one check at its end. */

struct rd {
	const uint8_t *p;
	size_t len, pos;
	int bad;
};

static uint64_t rd_n(struct rd *r, unsigned n)
{
	if (r->bad || r->len - r->pos < n) {
		r->bad = 1;
		return 0;
	}
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)r->p[r->pos + i] << (8 * i);
	r->pos += n;
	return v;
}

static uint8_t rd8(struct rd *r) { return (uint8_t)rd_n(r, 1); }
static uint16_t rd16(struct rd *r) { return (uint16_t)rd_n(r, 2); }
static uint32_t rd32(struct rd *r) { return (uint32_t)rd_n(r, 4); }
static uint64_t rd64(struct rd *r) { return rd_n(r, 8); }

/* A count of elements of at least elem bytes each: more than the bytes left can hold
 * is corruption, caught before anything is allocated for it. */
static uint32_t rd_count(struct rd *r, size_t elem)
{
	uint32_t n = rd32(r);
	if (r->bad || (uint64_t)n * elem > r->len - r->pos) {
		r->bad = 1;
		return 0;
	}
	return n;
}

/* A saved string, as a view into the payload. */
struct str_view {
	const uint8_t *p;
	uint32_t len;
	int null;
};

static struct str_view rd_str(struct rd *r)
{
	struct str_view v = { NULL, 0, 1 };
	uint32_t n = rd32(r);
	if (r->bad || n == 0)
		return v;
	if (n - 1 > r->len - r->pos) {
		r->bad = 1;
		return v;
	}
	/* A string with a NUL inside was never saved by solder (and would be freed by a
	 * length its owner cannot know). */
	for (uint32_t i = 0; i < n - 1; i++) {
		if (!r->p[r->pos + i]) {
			r->bad = 1;
			return v;
		}
	}
	v.p = r->p + r->pos;
	v.len = n - 1;
	v.null = 0;
	r->pos += v.len;
	return v;
}

static int view_eq(struct str_view v, const char *s)
{
	if (v.null || !s)
		return v.null && !s;
	return strlen(s) == v.len && memcmp(s, v.p, v.len) == 0;
}

static int load_u32s(struct loader *ld, struct rd *r, uint32_t **v, uint32_t *len, uint32_t *cap)
{
	uint32_t n = rd_count(r, 4);
	if (vec_reserve(&ld->l->alloc, (void **)v, cap, n, sizeof(uint32_t)))
		return out_of_memory(ld);
	for (uint32_t i = 0; i < n; i++)
		(*v)[(*len)++] = rd32(r);
	return 0;
}
#define LOAD_U32S(ld, r, vec) load_u32s((ld), (r), &(vec).v, &(vec).len, &(vec).cap)

static int load_esyms(struct loader *ld, struct rd *r, struct esym **v, uint32_t *len, uint32_t *cap)
{
	uint32_t n = rd_count(r, ESYM_BYTES);
	if (vec_reserve(&ld->l->alloc, (void **)v, cap, n, sizeof(struct esym)))
		return out_of_memory(ld);
	for (uint32_t i = 0; i < n; i++) {
		struct esym *e = &(*v)[(*len)++];
		e->st_name = rd32(r);
		e->st_info = rd8(r);
		e->st_other = rd8(r);
		e->st_shndx = rd16(r);
		e->st_value = rd64(r);
		e->st_size = rd64(r);
		e->owner = rd32(r);
	}
	return 0;
}
#define LOAD_ESYMS(ld, r, vec) load_esyms((ld), (r), &(vec).v, &(vec).len, &(vec).cap)

/* The options saved with the state must be the ones asked for now: another address
 * or debug setting means another layout, so the file is rebuilt. */
static int load_options(struct loader *ld, struct rd *r)
{
	struct solder_link *l = ld->l;
	static const char *const names[] = { "image_base", "rodata_addr", "data_addr", "got_addr" };
	const uint64_t want[] = { l->image_base, l->rodata_addr, l->data_addr, l->got_addr };
	uint64_t saved[4];
	for (int i = 0; i < 4; i++)
		saved[i] = rd64(r);
	uint8_t debug_info = rd8(r);
	struct str_view cu_name = rd_str(r), comp_dir = rd_str(r), producer = rd_str(r);
	struct dw_format f;
	f.offset_size = rd8(r);
	f.addr_size = rd8(r);
	f.big_endian = rd8(r);
	f.min_inst_len = rd8(r);
	if (r->bad)
		return reject(ld, "corrupt state: the options are cut short");
	for (int i = 0; i < 4; i++)
		if (saved[i] != want[i])
			return reject(ld, "option %s is 0x%llx; the file was laid out for 0x%llx", names[i],
			              (unsigned long long)want[i], (unsigned long long)saved[i]);
	if (debug_info != (l->debug_info != 0))
		return reject(ld, "option debug_info is %s; the file was written with it %s",
		              l->debug_info ? "on" : "off", debug_info ? "on" : "off");
	if (l->debug_info) {
		if (!view_eq(cu_name, l->cu_name))
			return reject(ld, "option cu_name differs from the saved one");
		if (!view_eq(comp_dir, l->comp_dir))
			return reject(ld, "option comp_dir differs from the saved one");
		if (!view_eq(producer, l->producer))
			return reject(ld, "option producer differs from the saved one");
	}
	/* The DWARF format is set when the debug sections are made; without them it is
	 * all zero. */
	int zero = !f.offset_size && !f.addr_size && !f.big_endian && !f.min_inst_len;
	int sane = (f.offset_size == 4 || f.offset_size == 8) && (f.addr_size == 4 || f.addr_size == 8) &&
	           f.big_endian == (l->t->big_endian != 0) &&
	           (f.min_inst_len == 1 || f.min_inst_len == 2 || f.min_inst_len == 4);
	if (l->debug_info ? !sane : !zero && !sane)
		return reject(ld, "corrupt state: DWARF format %u/%u/%u", f.offset_size, f.addr_size, f.min_inst_len);
	l->dwf = f;
	return 0;
}

static int load_payload(struct loader *ld)
{
	struct solder_link *l = ld->l;
	const struct solder_allocator *a = &l->alloc;
	struct rd rr = { ld->blob, ld->blob_size, 0, 0 }, *r = &rr;

	if (load_options(ld, r))
		return -1;

	l->phdr_off = rd64(r);
	l->shdr_off = rd64(r);
	l->shdr_cap = rd32(r);
	uint32_t *const sec_idx[] = {
		&l->sec_text, &l->sec_rodata, &l->sec_data, &l->sec_got, &l->sec_symtab, &l->sec_strtab,
		&l->sec_shstrtab, &l->sec_dbg_info, &l->sec_dbg_abbrev, &l->sec_dbg_line,
		&l->sec_dbg_aranges, &l->sec_dbg_str, &l->sec_state,
	};
	for (size_t i = 0; i < sizeof(sec_idx) / sizeof(sec_idx[0]); i++)
		*sec_idx[i] = rd32(r);

	uint32_t n = rd_count(r, SEC_BYTES);
	if (VEC_RESERVE(a, l->secs, n))
		return out_of_memory(ld);
	for (uint32_t i = 0; i < n; i++) {
		struct osec *s = &l->secs.v[l->secs.len++];
		s->name = rd32(r);
		s->sh_type = rd32(r);
		s->sh_flags = rd64(r);
		s->sh_addr = rd64(r);
		s->sh_offset = rd64(r);
		s->sh_size = rd64(r);
		s->sh_link = rd32(r);
		s->sh_info = rd32(r);
		s->sh_addralign = rd64(r);
		s->sh_entsize = rd64(r);
		s->seg = rd32(r);
		s->head_reserve = rd64(r);
		s->tail = rd64(r);
		s->file_align = rd64(r);
		s->first_block = rd32(r);
		s->last_block = rd32(r);
		s->fill = rd8(r);
		if (LOAD_U32S(ld, r, s->free_list))
			return -1;
	}

	n = rd_count(r, SEG_BYTES);
	if (VEC_RESERVE(a, l->segs, n))
		return out_of_memory(ld);
	for (uint32_t i = 0; i < n; i++) {
		struct seg *g = &l->segs.v[l->segs.len++];
		g->p_type = rd32(r);
		g->p_flags = rd32(r);
		g->p_offset = rd64(r);
		g->p_vaddr = rd64(r);
		g->p_paddr = rd64(r);
		g->p_filesz = rd64(r);
		g->p_memsz = rd64(r);
		g->p_align = rd64(r);
		g->sec = rd32(r);
	}

	n = rd_count(r, BLOCK_BYTES);
	if (VEC_RESERVE(a, l->blocks, n))
		return out_of_memory(ld);
	for (uint32_t i = 0; i < n; i++) {
		struct block *k = &l->blocks.v[l->blocks.len++];
		k->off = rd64(r);
		k->size = rd64(r);
		k->prev = rd32(r);
		k->next = rd32(r);
		k->sec = rd32(r);
		k->owner = rd32(r);
	}
	if (LOAD_U32S(ld, r, l->free_blocks))
		return -1;

	n = rd_count(r, ATOM_BYTES);
	if (VEC_RESERVE(a, l->atoms, n))
		return out_of_memory(ld);
	for (uint32_t i = 0; i < n; i++) {
		struct atom *t = &l->atoms.v[l->atoms.len++];
		t->live = rd8(r);
		t->kind = rd8(r);
		t->pad = rd16(r);
		t->align = rd32(r);
		t->block = rd32(r);
		t->got_slot = rd32(r);
		t->local_sym = rd32(r);
		t->name = rd32(r);
		t->first_export = rd32(r);
		t->fix_start = rd32(r);
		t->nfix = rd32(r);
		t->dbg_info = rd32(r);
		t->dbg_line = rd32(r);
		t->aranges_slot = rd32(r);
		t->file = rd32(r);
		t->decl_line = rd32(r);
	}
	if (LOAD_U32S(ld, r, l->free_atoms))
		return -1;

	n = rd_count(r, FIXUP_BYTES);
	if (VEC_RESERVE(a, l->fixups, n))
		return out_of_memory(ld);
	for (uint32_t i = 0; i < n; i++) {
		struct solder_fixup *f = &l->fixups.v[l->fixups.len++];
		f->offset = rd32(r);
		f->type = rd32(r);
		f->sym = rd32(r);
		f->flags = rd32(r);
		f->addend = (int64_t)rd64(r);
		f->hi_offset = rd32(r);
		f->reserved = rd32(r);
	}

	n = rd_count(r, REF_BYTES);
	if (VEC_RESERVE(a, l->refs, n))
		return out_of_memory(ld);
	for (uint32_t i = 0; i < n; i++) {
		struct ref *f = &l->refs.v[l->refs.len++];
		f->target = rd32(r);
		f->from = rd32(r);
		f->next = rd32(r);
	}
	if (LOAD_U32S(ld, r, l->ref_head) || LOAD_U32S(ld, r, l->free_refs))
		return -1;

	l->got_slots = rd32(r);
	if (LOAD_U32S(ld, r, l->free_got))
		return -1;

	if (LOAD_ESYMS(ld, r, l->locals) || LOAD_ESYMS(ld, r, l->globals) ||
	    LOAD_U32S(ld, r, l->free_locals) || LOAD_U32S(ld, r, l->free_globals))
		return -1;

	n = rd_count(r, EXPORT_BYTES);
	if (VEC_RESERVE(a, l->exports, n))
		return out_of_memory(ld);
	for (uint32_t i = 0; i < n; i++) {
		struct export *e = &l->exports.v[l->exports.len++];
		e->atom = rd32(r);
		e->name = rd32(r);
		e->linkage = rd32(r);
		e->sym = rd32(r);
		e->next_of_atom = rd32(r);
	}
	l->strtab_written = rd64(r);

	n = rd_count(r, STR_BYTES);
	if (VEC_RESERVE(a, l->files, n))
		return out_of_memory(ld);
	for (uint32_t i = 0; i < n; i++) {
		struct str_view v = rd_str(r);
		char *s = NULL;
		if (!v.null) {
			s = ld_alloc(ld, (uint64_t)v.len + 1);
			if (!s)
				return out_of_memory(ld);
			memcpy(s, v.p, v.len);
			s[v.len] = 0;
		}
		l->files.v[l->files.len++] = s;
	}
	l->aranges_slots = rd32(r);
	if (LOAD_U32S(ld, r, l->free_aranges))
		return -1;
	l->dbg_str_written = rd64(r);
	l->cu_name_strp = rd64(r);
	l->comp_dir_strp = rd64(r);
	l->producer_strp = rd64(r);
	l->dbg_high_pc = rd64(r);

	if (r->bad)
		return reject(ld, "corrupt state: the payload is cut short");
	if (r->pos != r->len)
		return reject(ld, "corrupt state: 0x%llx bytes past the end of the payload",
		              (unsigned long long)(r->len - r->pos));
	return 0;
}

/* ---- cross-checks against the file */

/* Whether [start, start + len) is addressable in the link's ELF class. */
static int addr_fits(const struct solder_link *l, uint64_t start, uint64_t len)
{
	uint64_t end_max = l->elf_class == 64 ? UINT64_MAX : (uint64_t)1 << 32;
	return start <= end_max && len <= end_max - start;
}

/* The saved sections and segments must be what the file's headers say, field by
 * field, and lie inside the file: the state is trusted only for a file it describes. */
static int check_against_file(struct loader *ld)
{
	struct solder_link *l = ld->l;
	if (l->secs.len != ld->e_shnum)
		return reject(ld, "the state has %u sections, the file %u", l->secs.len, ld->e_shnum);
	if (l->shdr_off != ld->e_shoff || l->phdr_off != ld->e_phoff)
		return reject(ld, "the state does not match the file's header table offsets");
	if (l->shdr_cap < l->secs.len ||
	    (uint64_t)l->shdr_cap * ld->shentsize > UINT64_MAX - l->shdr_off ||
	    (uint64_t)PHDR_CAPACITY * ld->phentsize > UINT64_MAX - l->phdr_off)
		return reject(ld, "corrupt state: header table reservations");
	if (l->sec_state != ld->state_shndx)
		return reject(ld, "corrupt state: %s is section %u, the state says %u", STATE_SECTION,
		              ld->state_shndx, l->sec_state);
	if (l->sec_shstrtab != ld->e_shstrndx)
		return reject(ld, "corrupt state: e_shstrndx %u, the state says %u", ld->e_shstrndx, l->sec_shstrtab);
	if (ld->shstrtab[ld->shstrtab_size - 1])
		return reject(ld, "the section name table does not end with a NUL");
	if (l->segs.len == 0 || l->segs.len > PHDR_CAPACITY)
		return reject(ld, "corrupt state: %u segments", l->segs.len);

	for (uint32_t i = 0; i < l->secs.len; i++) {
		const struct osec *s = &l->secs.v[i], *f = &ld->fsec[i];
		const char *name = file_sec_name(ld, i);
		const char *field = s->name != f->name ? "sh_name"
		                  : s->sh_type != f->sh_type ? "sh_type"
		                  : s->sh_flags != f->sh_flags ? "sh_flags"
		                  : s->sh_addr != f->sh_addr ? "sh_addr"
		                  : s->sh_offset != f->sh_offset ? "sh_offset"
		                  : s->sh_size != f->sh_size ? "sh_size"
		                  : s->sh_link != f->sh_link ? "sh_link"
		                  : s->sh_info != f->sh_info ? "sh_info"
		                  : s->sh_addralign != f->sh_addralign ? "sh_addralign"
		                  : s->sh_entsize != f->sh_entsize ? "sh_entsize" : NULL;
		if (field)
			return reject(ld, "the state does not match the file: %s of section %s", field, name);
		if (s->name >= ld->shstrtab_size)
			return reject(ld, "corrupt state: section %u's name is past the section name table", i);
		if (s->sh_offset > UINT64_MAX - s->sh_size)
			return reject(ld, "corrupt state: section %s wraps around", name);
		/* solder makes no SHT_NOBITS section: every section's bytes are in the file,
		 * which bounds where the engine will write. */
		if (i && s->sh_type == SHT_NOBITS)
			return reject(ld, "section %s has no bytes in the file; solder does not make such sections", name);
		if ((s->sh_flags & SHF_ALLOC) && !addr_fits(l, s->sh_addr, s->sh_size))
			return reject(ld, "corrupt state: section %s does not fit ELF%u addresses", name, l->elf_class);
		if (!in_file(ld, s->sh_offset, s->sh_size))
			return reject(ld, "truncated: section %s ends at 0x%llx past the end of the file", name,
			              (unsigned long long)(s->sh_offset + s->sh_size));
		if (s->seg >= l->segs.len || (s->seg && l->segs.v[s->seg].sec != i))
			return reject(ld, "corrupt state: section %s names segment %u", name, s->seg);
		if (s->file_align && !is_pow2(s->file_align))
			return reject(ld, "corrupt state: section %s file alignment 0x%llx", name,
			              (unsigned long long)s->file_align);
	}

	/* The writer leaves empty load segments out of the table and may add segments of
	 * its own (PT_GNU_STACK) after the ones it loads. */
	uint32_t n = 0;
	for (uint32_t i = 1; i < l->segs.len; i++) {
		const struct seg *g = &l->segs.v[i];
		if (!g->sec || g->sec >= l->secs.len || l->secs.v[g->sec].seg != i)
			return reject(ld, "corrupt state: segment %u loads section %u", i, g->sec);
		if (g->p_offset > UINT64_MAX - g->p_filesz || !addr_fits(l, g->p_vaddr, g->p_memsz) ||
		    !addr_fits(l, g->p_paddr, g->p_memsz))
			return reject(ld, "corrupt state: segment %u does not fit ELF%u addresses", i, l->elf_class);
		if (g->p_type == PT_LOAD && !g->p_memsz)
			continue;
		if (n >= ld->e_phnum)
			return reject(ld, "the state has more segments than the file");
		const struct seg *f = &ld->fseg[n++];
		if (g->p_type != f->p_type || g->p_flags != f->p_flags || g->p_offset != f->p_offset ||
		    g->p_vaddr != f->p_vaddr || g->p_paddr != f->p_paddr || g->p_filesz != f->p_filesz ||
		    g->p_memsz != f->p_memsz || g->p_align != f->p_align)
			return reject(ld, "the state does not match the file: program header %u", n - 1);
		if (!in_file(ld, g->p_offset, g->p_filesz))
			return reject(ld, "truncated: segment %u ends at 0x%llx past the end of the file", i,
			              (unsigned long long)(g->p_offset + g->p_filesz));
	}
	for (; n < ld->e_phnum; n++)
		if (ld->fseg[n].p_type == PT_LOAD)
			return reject(ld, "the state does not match the file: program header %u", n);
	return 0;
}

/* ---- validation: after it, every index the other modules follow is in range, every
 * chain they walk ends, and nothing is owned twice. */

static int ensure_mark(struct loader *ld, uint64_t n)
{
	if (n + 1 > ld->mark_size) {
		mem_free(&ld->l->alloc, ld->mark, ld->mark_size);
		ld->mark_size = 0;
		ld->mark = ld_alloc(ld, n + 1);
		if (!ld->mark)
			return out_of_memory(ld);
		ld->mark_size = (size_t)n + 1;
	}
	memset(ld->mark, 0, ld->mark_size);
	return 0;
}

/* Clears the marks for indices 0..hi, then marks a free list's entries 1: every entry
 * in [lo, hi], none twice. hi is bounded by a count already checked. */
static int mark_free_list(struct loader *ld, const uint32_t *v, uint32_t n, uint32_t lo, uint64_t hi, const char *what)
{
	if (ensure_mark(ld, hi))
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		if (v[i] < lo || v[i] > hi)
			return reject(ld, "corrupt state: %s entry %u is out of range", what, v[i]);
		if (ld->mark[v[i]]++)
			return reject(ld, "corrupt state: %s lists %u twice", what, v[i]);
	}
	return 0;
}

/* Claims index i for one owner: it must be neither free nor claimed already. */
static int claim(struct loader *ld, uint32_t i, const char *what, uint32_t by)
{
	if (ld->mark[i])
		return reject(ld, "corrupt state: %s %u of symbol %u is %s", what, i, by,
		              ld->mark[i] == 1 ? "also free" : "owned twice");
	ld->mark[i] = 2;
	return 0;
}

static int idx_ok(uint32_t i, uint32_t len)
{
	return i == 0 || i < len;
}

static int is_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

static int check_layout(struct loader *ld)
{
	struct solder_link *l = ld->l;
	const uint32_t always[] = {
		l->sec_text, l->sec_rodata, l->sec_data, l->sec_got, l->sec_symtab, l->sec_strtab,
		l->sec_shstrtab, l->sec_state,
	};
	const uint32_t debug[] = {
		l->sec_dbg_info, l->sec_dbg_abbrev, l->sec_dbg_line, l->sec_dbg_aranges, l->sec_dbg_str,
	};
	for (size_t i = 0; i < sizeof(always) / sizeof(always[0]); i++)
		if (!always[i] || always[i] >= l->secs.len)
			return reject(ld, "corrupt state: section index %u of %u", always[i], l->secs.len);
	for (size_t i = 0; i < sizeof(debug) / sizeof(debug[0]); i++)
		if (debug[i] >= l->secs.len || !debug[i] != !l->debug_info)
			return reject(ld, "corrupt state: debug section index %u of %u", debug[i], l->secs.len);
	const uint32_t placed[] = { l->sec_text, l->sec_rodata, l->sec_data, l->sec_got };
	const uint64_t at[] = { l->image_base, l->rodata_addr, l->data_addr, l->got_addr };
	for (int i = 0; i < 4; i++)
		if (l->secs.v[placed[i]].sh_addr != at[i] || !l->secs.v[placed[i]].seg)
			return reject(ld, "corrupt state: section %u is not at 0x%llx", placed[i], (unsigned long long)at[i]);
	const struct osec *null_sec = &l->secs.v[0];
	if (null_sec->first_block || null_sec->last_block || null_sec->free_list.len || null_sec->seg)
		return reject(ld, "corrupt state: the null section holds blocks");

	/* Slot counts bound the free lists checked later: every slot has its bytes. */
	if ((uint64_t)l->got_slots * l->t->ptr_size > l->secs.v[l->sec_got].sh_size)
		return reject(ld, "corrupt state: %u GOT slots in 0x%llx bytes", l->got_slots,
		              (unsigned long long)l->secs.v[l->sec_got].sh_size);
	if (l->debug_info) {
		uint64_t need = dw_aranges_header_size(&l->dwf) + ((uint64_t)l->aranges_slots + 1) * 2 * l->dwf.addr_size;
		if (need > l->secs.v[l->sec_dbg_aranges].sh_size)
			return reject(ld, "corrupt state: %u aranges slots in .debug_aranges", l->aranges_slots);
		if (l->files.len == 0 || l->files.v[0])
			return reject(ld, "corrupt state: the line-table file list");
		for (uint32_t i = 1; i < l->files.len; i++)
			if (!l->files.v[i])
				return reject(ld, "corrupt state: line-table file %u has no name", i);
	} else if (l->aranges_slots || l->free_aranges.len || l->files.len) {
		return reject(ld, "corrupt state: DWARF bookkeeping without debug sections");
	}

	const struct osec *st = &l->secs.v[l->sec_symtab];
	uint64_t entsize = l->elf_class == 64 ? 24 : 16;
	if (l->locals.len == 0 || st->sh_info != l->locals.len ||
	    st->sh_size != ((uint64_t)l->locals.len + l->globals.len) * entsize)
		return reject(ld, "corrupt state: %u local and %u global symbols in .symtab", l->locals.len, l->globals.len);
	if (l->strtab_written == 0)
		return reject(ld, "corrupt state: .strtab is empty");
	return 0;
}

static int check_blocks(struct loader *ld)
{
	struct solder_link *l = ld->l;
	uint32_t nb = l->blocks.len;
	if (nb && !is_zero(&l->blocks.v[0], sizeof(struct block)))
		return reject(ld, "corrupt state: block 0 is used");
	for (uint32_t i = 1; i < nb; i++) {
		const struct block *k = &l->blocks.v[i];
		if (!idx_ok(k->prev, nb) || !idx_ok(k->next, nb) || k->sec >= l->secs.len || !idx_ok(k->owner, l->atoms.len))
			return reject(ld, "corrupt state: block %u is out of range", i);
	}
	for (uint32_t i = 0; i < l->secs.len; i++) {
		const struct osec *s = &l->secs.v[i];
		if (!idx_ok(s->first_block, nb) || !idx_ok(s->last_block, nb) || !s->first_block != !s->last_block)
			return reject(ld, "corrupt state: section %u's block list", i);
	}
	if (mark_free_list(ld, l->free_blocks.v, l->free_blocks.len, 1, nb ? nb - 1 : 0, "the free block list"))
		return -1;
	for (uint32_t i = 0; i < l->free_blocks.len; i++)
		if (!is_zero(&l->blocks.v[l->free_blocks.v[i]], sizeof(struct block)))
			return reject(ld, "corrupt state: free block %u is in use", l->free_blocks.v[i]);

	/* Each section's chain: in order of offset, without overlap, inside the section,
	 * every block in one chain at most. The walk ends: a block is met once. */
	for (uint32_t i = 1; i < l->secs.len; i++) {
		const struct osec *s = &l->secs.v[i];
		uint32_t prev = 0;
		uint64_t end = s->head_reserve;
		for (uint32_t b = s->first_block; b; b = l->blocks.v[b].next) {
			const struct block *k = &l->blocks.v[b];
			if (ld->mark[b])
				return reject(ld, "corrupt state: block %u is %s", b,
				              ld->mark[b] == 1 ? "both free and placed" : "placed twice");
			ld->mark[b] = 2;
			if (k->sec != i || k->prev != prev || k->off < end || k->size > UINT64_MAX - k->off)
				return reject(ld, "corrupt state: block %u in section %u", b, i);
			end = k->off + k->size;
			prev = b;
		}
		if (prev != s->last_block || end > s->sh_size || s->tail > s->sh_size - end)
			return reject(ld, "corrupt state: the blocks of section %u overrun it", i);
	}
	for (uint32_t i = 1; i < l->secs.len; i++) {
		const struct osec *s = &l->secs.v[i];
		for (uint32_t k = 0; k < s->free_list.len; k++) {
			uint32_t b = s->free_list.v[k];
			if (!b || b >= nb || ld->mark[b] != 2 || l->blocks.v[b].sec != i)
				return reject(ld, "corrupt state: section %u's free list names block %u", i, b);
		}
	}
	/* A block outside every chain and not free was made but never placed: it has no
	 * neighbours that unlinking it could corrupt. */
	for (uint32_t i = 1; i < nb; i++)
		if (!ld->mark[i] && (l->blocks.v[i].prev || l->blocks.v[i].next))
			return reject(ld, "corrupt state: unplaced block %u has neighbours", i);
	return 0;
}

/* A block an atom owns: its owner says so, and it lies in the section it must. */
static int check_owned(struct loader *ld, uint32_t a, uint32_t b, uint32_t sec, const char *what)
{
	const struct block *k = &ld->l->blocks.v[b];
	if (b && (k->owner != a || k->sec != sec))
		return reject(ld, "corrupt state: %s block %u of symbol %u belongs to %u in section %u", what, b, a,
		              k->owner, k->sec);
	return 0;
}

static int check_atoms(struct loader *ld)
{
	struct solder_link *l = ld->l;
	uint32_t na = l->atoms.len;
	if (na && !is_zero(&l->atoms.v[0], sizeof(struct atom)))
		return reject(ld, "corrupt state: symbol 0 is used");
	if (mark_free_list(ld, l->free_atoms.v, l->free_atoms.len, 1, na ? na - 1 : 0, "the free symbol list"))
		return -1;
	for (uint32_t i = 1; i < na; i++) {
		const struct atom *t = &l->atoms.v[i];
		if (!t->live) {
			/* A freed symbol is cleared whole; it is reused from the free list. */
			if (!is_zero(t, sizeof(*t)))
				return reject(ld, "corrupt state: freed symbol %u keeps its fields", i);
			continue;
		}
		if (t->live != 1 || ld->mark[i])
			return reject(ld, "corrupt state: symbol %u is both live and free", i);
		if (t->kind > SOLDER_DATA || (t->block && !t->kind) || (t->align && !is_pow2(t->align)))
			return reject(ld, "corrupt state: symbol %u kind %u align %u", i, t->kind, t->align);
		if (!idx_ok(t->block, l->blocks.len) || !idx_ok(t->dbg_info, l->blocks.len) ||
		    !idx_ok(t->dbg_line, l->blocks.len) || !t->got_slot || t->got_slot > l->got_slots ||
		    !idx_ok(t->local_sym, l->locals.len) || (t->name && (t->name >= l->strtab_written || !t->local_sym)) ||
		    !idx_ok(t->first_export, l->exports.len) || t->aranges_slot > l->aranges_slots ||
		    !idx_ok(t->file, l->files.len) || (uint64_t)t->fix_start + t->nfix > l->fixups.len)
			return reject(ld, "corrupt state: symbol %u refers out of range", i);
		uint32_t text_sec = t->kind == SOLDER_FUNC ? l->sec_text : t->kind == SOLDER_RODATA ? l->sec_rodata : l->sec_data;
		if (check_owned(ld, i, t->block, text_sec, "code") ||
		    check_owned(ld, i, t->dbg_info, l->sec_dbg_info, ".debug_info") ||
		    check_owned(ld, i, t->dbg_line, l->sec_dbg_line, ".debug_line"))
			return -1;
		if (!l->debug_info && (t->dbg_info || t->dbg_line || t->aranges_slot || t->file))
			return reject(ld, "corrupt state: symbol %u has DWARF without debug sections", i);
		/* Fixups are applied to the symbol's bytes: each place lies inside them. */
		uint64_t size = t->block ? l->blocks.v[t->block].size : 0;
		for (uint32_t k = 0; k < t->nfix; k++) {
			const struct solder_fixup *f = &l->fixups.v[t->fix_start + k];
			if (f->offset >= size || f->hi_offset >= size || !f->sym || f->sym >= na)
				return reject(ld, "corrupt state: fixup %u of symbol %u", k, i);
		}
	}

	/* Slots of the GOT and of .debug_aranges: each free or owned by one symbol. */
	if (mark_free_list(ld, l->free_got.v, l->free_got.len, 1, l->got_slots, "the free GOT slot list"))
		return -1;
	for (uint32_t i = 1; i < na; i++)
		if (l->atoms.v[i].live && claim(ld, l->atoms.v[i].got_slot, "GOT slot", i))
			return -1;
	if (mark_free_list(ld, l->free_aranges.v, l->free_aranges.len, 1, l->aranges_slots, "the free aranges list"))
		return -1;
	for (uint32_t i = 1; i < na; i++)
		if (l->atoms.v[i].aranges_slot && claim(ld, l->atoms.v[i].aranges_slot, "aranges slot", i))
			return -1;
	return 0;
}

static int check_refs(struct loader *ld)
{
	struct solder_link *l = ld->l;
	uint32_t nr = l->refs.len, na = l->atoms.len;
	if (l->ref_head.len != na)
		return reject(ld, "corrupt state: %u reference lists for %u symbols", l->ref_head.len, na);
	if (nr && !is_zero(&l->refs.v[0], sizeof(struct ref)))
		return reject(ld, "corrupt state: reference 0 is used");
	if (mark_free_list(ld, l->free_refs.v, l->free_refs.len, 1, nr ? nr - 1 : 0, "the free reference list"))
		return -1;
	/* A referrer's fixups are re-applied when its target moves: it must have bytes
	 * and fixups, and the target must be live. */
	for (uint32_t t = 0; t < na; t++) {
		for (uint32_t f = l->ref_head.v[t]; f; f = l->refs.v[f].next) {
			if (f >= nr || ld->mark[f])
				return reject(ld, "corrupt state: reference %u is %s", f,
				              f >= nr ? "out of range" : ld->mark[f] == 1 ? "also free" : "listed twice");
			ld->mark[f] = 2;
			const struct ref *r = &l->refs.v[f];
			if (r->target != t || !l->atoms.v[t].live || !r->from || r->from >= na ||
			    !l->atoms.v[r->from].live || !l->atoms.v[r->from].block || !l->atoms.v[r->from].nfix ||
			    !idx_ok(r->next, nr))
				return reject(ld, "corrupt state: reference %u in the list of symbol %u", f, t);
		}
	}
	for (uint32_t i = 1; i < nr; i++)
		if (ld->mark[i] != 2 && !is_zero(&l->refs.v[i], sizeof(struct ref)))
			return reject(ld, "corrupt state: reference %u is in no list", i);
	return 0;
}

static int check_esyms(struct loader *ld, const struct esym *v, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if ((v[i].st_name && v[i].st_name >= ld->l->strtab_written) || !idx_ok(v[i].owner, ld->l->exports.len))
			return reject(ld, "corrupt state: symbol table entry %u", i);
	return 0;
}

static int check_symbols(struct loader *ld)
{
	struct solder_link *l = ld->l;
	uint32_t ne = l->exports.len, na = l->atoms.len;
	if (check_esyms(ld, l->locals.v, l->locals.len) || check_esyms(ld, l->globals.v, l->globals.len))
		return -1;
	if (mark_free_list(ld, l->free_globals.v, l->free_globals.len, 1, l->globals.len, "the free global symbol list"))
		return -1;
	if (ne && !is_zero(&l->exports.v[0], sizeof(struct export)))
		return reject(ld, "corrupt state: export 0 is used");
	for (uint32_t i = 1; i < ne; i++) {
		const struct export *e = &l->exports.v[i];
		if (!e->atom) {
			if (!is_zero(e, sizeof(*e)))
				return reject(ld, "corrupt state: free export %u keeps its fields", i);
			continue;
		}
		/* Local exports are .symtab indices; global handles are 1-based into globals. */
		int local = e->linkage == SOLDER_LOCAL;
		if (e->atom >= na || !l->atoms.v[e->atom].live || e->linkage < SOLDER_GLOBAL ||
		    e->linkage > SOLDER_LOCAL || !e->name || e->name >= l->strtab_written || !e->sym ||
		    (local ? e->sym >= l->locals.len : e->sym > l->globals.len) || !idx_ok(e->next_of_atom, ne))
			return reject(ld, "corrupt state: export %u", i);
	}
	for (uint32_t g = 0; g < l->globals.len; g++) {
		uint32_t owner = l->globals.v[g].owner;
		if (owner && (!l->exports.v[owner].atom || l->exports.v[owner].linkage == SOLDER_LOCAL ||
		              l->exports.v[owner].sym != g + 1))
			return reject(ld, "corrupt state: global symbol %u belongs to export %u", g + 1, owner);
	}

	/* .symtab locals: each free, or the entry of one symbol or one local export. */
	if (mark_free_list(ld, l->free_locals.v, l->free_locals.len, 1, l->locals.len - 1, "the free local symbol list"))
		return -1;
	for (uint32_t i = 1; i < na; i++)
		if (l->atoms.v[i].local_sym && claim(ld, l->atoms.v[i].local_sym, "local symbol", i))
			return -1;
	for (uint32_t i = 1; i < ne; i++)
		if (l->exports.v[i].atom && l->exports.v[i].linkage == SOLDER_LOCAL &&
		    claim(ld, l->exports.v[i].sym, "local symbol", l->exports.v[i].atom))
			return -1;

	/* Each live symbol's export chain: its own exports, each once; the walk ends. */
	if (ensure_mark(ld, ne))
		return -1;
	for (uint32_t a = 1; a < na; a++) {
		if (!l->atoms.v[a].live)
			continue;
		for (uint32_t e = l->atoms.v[a].first_export; e; e = l->exports.v[e].next_of_atom)
			if (ld->mark[e]++ || l->exports.v[e].atom != a)
				return reject(ld, "corrupt state: export %u in the list of symbol %u", e, a);
	}
	for (uint32_t i = 1; i < ne; i++)
		if (l->exports.v[i].atom && !ld->mark[i])
			return reject(ld, "corrupt state: export %u is missing from its symbol's list", i);
	return 0;
}

/* Reads a string table's first `written` bytes back from its section: the state saved
 * its length, the file holds its bytes. It must end in a NUL so that every offset
 * below `written` names a string that ends inside it. */
static int read_strings(struct loader *ld, uint32_t sec, uint64_t written, struct buf *out, const char *what)
{
	struct solder_link *l = ld->l;
	buf_init(out, &l->alloc, l->t->big_endian);
	if (!written)
		return 0;
	if (!sec || written > l->secs.v[sec].sh_size || written > UINT32_MAX)
		return reject(ld, "corrupt state: %s holds 0x%llx bytes", what, (unsigned long long)written);
	uint8_t *p = buf_grow(out, (size_t)written);
	if (!p)
		return out_of_memory(ld);
	if (elfw_pread(l, p, written, l->secs.v[sec].sh_offset))
		return reject(ld, "truncated: section %s ends past the end of the file", what);
	if (p[written - 1])
		return reject(ld, "corrupt state: %s does not end with a NUL", what);
	return 0;
}

/* The name maps, rebuilt as symtab.c and api.c keep them: keys are .strtab offsets. */
static int rebuild_maps(struct loader *ld)
{
	struct solder_link *l = ld->l;
	const struct solder_allocator *a = &l->alloc;
	const struct buf *st = &l->strtab;
	const char *base = (const char *)st->p;
	if (base[0])
		return reject(ld, "corrupt state: .strtab does not start with a NUL");
	for (uint64_t off = 1; off < l->strtab_written; off += strlen(base + off) + 1)
		if (!name_map_get(&l->str_offsets, st, base + off) &&
		    name_map_put(a, &l->str_offsets, st, (uint32_t)off, (uint32_t)off))
			return out_of_memory(ld);
	for (uint32_t i = 1; i < l->exports.len; i++) {
		const struct export *e = &l->exports.v[i];
		if (!e->atom)
			continue;
		if (name_map_get(&l->export_by_name, st, base + e->name))
			return reject(ld, "corrupt state: '%s' is exported twice", base + e->name);
		if (name_map_put(a, &l->export_by_name, st, e->name, i))
			return out_of_memory(ld);
	}
	for (uint32_t i = 1; i < l->atoms.len; i++) {
		const struct atom *t = &l->atoms.v[i];
		if (t->live && t->name && !name_map_get(&l->atom_by_name, st, base + t->name) &&
		    name_map_put(a, &l->atom_by_name, st, t->name, i))
			return out_of_memory(ld);
	}
	return 0;
}

static int load(struct loader *ld)
{
	struct solder_link *l = ld->l;
	if (read_ehdr(ld) || read_headers(ld) || read_blob(ld) || load_payload(ld) ||
	    check_against_file(ld) || check_layout(ld) || check_blocks(ld) || check_atoms(ld) ||
	    check_refs(ld) || check_symbols(ld))
		return -1;
	if (read_strings(ld, l->sec_strtab, l->strtab_written, &l->strtab, ".strtab") ||
	    read_strings(ld, l->sec_dbg_str, l->dbg_str_written, &l->dbg_str, ".debug_str"))
		return -1;
	if (l->debug_info && (l->cu_name_strp >= l->dbg_str_written || l->comp_dir_strp >= l->dbg_str_written ||
	                      l->producer_strp >= l->dbg_str_written))
		return reject(ld, "corrupt state: compile unit strings past .debug_str");
	buf_init(&l->shstrtab, &l->alloc, l->t->big_endian);
	buf_bytes(&l->shstrtab, ld->shstrtab, (size_t)ld->shstrtab_size);
	if (l->shstrtab.failed)
		return out_of_memory(ld);
	l->entry_resolved = l->entry_written = ld->e_entry;
	return rebuild_maps(ld);
}

int state_load(struct solder_link *l)
{
	struct solder_link given = *l;
	uint32_t errors = l->diag.count;
	struct loader ld;
	memset(&ld, 0, sizeof(ld));
	ld.l = l;
	int r = load(&ld);
	const struct solder_allocator *a = &l->alloc;
	mem_free(a, ld.fsec, (size_t)ld.e_shnum * sizeof(struct osec));
	mem_free(a, ld.fseg, (size_t)ld.e_phnum * sizeof(struct seg));
	mem_free(a, ld.shstrtab, (size_t)ld.shstrtab_size);
	mem_free(a, ld.blob, ld.blob_size);
	mem_free(a, ld.mark, ld.mark_size);
	if (r == 0) {
		l->rebuild_reason[0] = 0;
		l->resumed = 1;
		return 1;
	}
	/* Give l back as it came, keeping only what was reported: a file operation that
	 * failed (not a short read) is an error, not a reason to rebuild. */
	free_engine_state(l);
	struct diag d = l->diag;
	*l = given;
	l->diag = d;
	if (ld.fatal || l->diag.count > errors)
		return -1;
	memcpy(l->rebuild_reason, ld.why, sizeof(l->rebuild_reason));
	return 0;
}
