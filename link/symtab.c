/*
 * symtab.c: .symtab and .strtab, written a symbol at a time.
 *
 * ELF wants every local symbol before the first global (sh_info is the index of the
 * first global). Locals therefore keep their indices for life and are reused from a
 * free list; globals sit after them and are swap-removed, so freeing one rewrites at
 * most one other entry. Only adding a local moves the globals, which then are all
 * rewritten at the next flush. .strtab is append-only and deduplicated; its new tail
 * is written at flush.
 */
#include "link.h"

#include <elf.h>

uint32_t sym_string(struct solder_link *l, const char *s)
{
	if (!*s)
		return 0;
	uint32_t off = name_map_get(&l->str_offsets, &l->strtab, s);
	if (off)
		return off;
	if (l->strtab.len > UINT32_MAX - strlen(s) - 1)
		return 0;
	off = (uint32_t)l->strtab.len;
	buf_str(&l->strtab, s);
	if (l->strtab.failed || name_map_put(&l->alloc, &l->str_offsets, &l->strtab, off, off))
		return 0;
	return off;
}

const char *sym_name_at(const struct solder_link *l, uint32_t off)
{
	return off < l->strtab.len ? (const char *)l->strtab.p + off : "";
}

static unsigned entsize(const struct solder_link *l) { return l->word == 8 ? 24 : 16; }

static int ensure_table(struct solder_link *l)
{
	uint64_t n = (uint64_t)l->locals.len + l->globals.len;
	struct osec *s = &l->secs.v[l->sec_symtab];
	s->sh_info = l->locals.len;
	return elfw_ensure_size(l, l->sec_symtab, n * entsize(l));
}

static void encode_entry(const struct solder_link *l, uint8_t *b, const struct esym *e)
{
	int be = l->t->big_endian;
	if (l->word == 8) {
		put32(b, e->st_name, be);
		b[4] = e->st_info;
		b[5] = e->st_other;
		put16(b + 6, e->st_shndx, be);
		put64(b + 8, e->st_value, be);
		put64(b + 16, e->st_size, be);
	} else {
		put32(b, e->st_name, be);
		put32(b + 4, (uint32_t)e->st_value, be);
		put32(b + 8, (uint32_t)e->st_size, be);
		b[12] = e->st_info;
		b[13] = e->st_other;
		put16(b + 14, e->st_shndx, be);
	}
}

static int write_entry(struct solder_link *l, uint64_t index, const struct esym *e)
{
	uint8_t b[24];
	encode_entry(l, b, e);
	const struct osec *s = &l->secs.v[l->sec_symtab];
	return elfw_pwrite(l, b, entsize(l), s->sh_offset + index * entsize(l));
}

uint32_t sym_new_local(struct solder_link *l)
{
	if (l->free_locals.len)
		return l->free_locals.v[--l->free_locals.len];
	if (!l->locals.len && VEC_PUSH(&l->alloc, l->locals, (struct esym){ 0 }))
		return 0;
	if (VEC_PUSH(&l->alloc, l->locals, (struct esym){ 0 }))
		return 0;
	/* Every global's index moved by one. */
	l->globals_dirty = 1;
	if (ensure_table(l))
		return 0;
	return l->locals.len - 1;
}

void sym_free_local(struct solder_link *l, uint32_t i)
{
	l->locals.v[i] = (struct esym){ 0 };
	(void)sym_write_local(l, i);
	(void)VEC_PUSH(&l->alloc, l->free_locals, i);
}

uint32_t sym_new_global(struct solder_link *l)
{
	if (VEC_PUSH(&l->alloc, l->globals, (struct esym){ 0 }))
		return 0;
	if (ensure_table(l))
		return 0;
	/* Global handles are 1-based so that 0 can mean none. */
	return l->globals.len;
}

void sym_free_global(struct solder_link *l, uint32_t g)
{
	uint32_t last = l->globals.len;
	if (g != last) {
		l->globals.v[g - 1] = l->globals.v[last - 1];
		uint32_t owner = l->globals.v[g - 1].owner;
		if (owner)
			l->exports.v[owner].sym = g;
		(void)sym_write_global(l, g);
	}
	l->globals.len--;
	(void)ensure_table(l);
}

int sym_write_local(struct solder_link *l, uint32_t i)
{
	if (ensure_table(l))
		return -1;
	return write_entry(l, i, &l->locals.v[i]);
}

int sym_write_global(struct solder_link *l, uint32_t g)
{
	if (l->globals_dirty)
		return 0;   /* all of them go out at flush */
	if (ensure_table(l))
		return -1;
	return write_entry(l, (uint64_t)l->locals.len + g - 1, &l->globals.v[g - 1]);
}

int sym_flush(struct solder_link *l)
{
	if (!l->locals.len && VEC_PUSH(&l->alloc, l->locals, (struct esym){ 0 })) {
		diag_error(&l->diag, SOLDER_ERR_NOMEM, "out of memory");
		return -1;
	}
	if (ensure_table(l))
		return -1;
	if (l->strtab_written < l->strtab.len) {
		if (elfw_ensure_size(l, l->sec_strtab, l->strtab.len) ||
		    elfw_pwrite(l, l->strtab.p + l->strtab_written, l->strtab.len - l->strtab_written,
		                l->secs.v[l->sec_strtab].sh_offset + l->strtab_written))
			return -1;
		l->strtab_written = l->strtab.len;
	}
	if (l->globals_dirty) {
		l->globals_dirty = 0;
		/* One write for all of them. */
		struct buf b;
		buf_init(&b, &l->alloc, l->t->big_endian);
		uint8_t *p = buf_grow(&b, (size_t)l->globals.len * entsize(l));
		if (!p && l->globals.len) {
			buf_free(&b);
			diag_error(&l->diag, SOLDER_ERR_NOMEM, "out of memory");
			return -1;
		}
		for (uint32_t g = 0; g < l->globals.len; g++)
			encode_entry(l, p + (size_t)g * entsize(l), &l->globals.v[g]);
		int rc = elfw_pwrite(l, p, b.len, l->secs.v[l->sec_symtab].sh_offset +
		                                      (uint64_t)l->locals.len * entsize(l));
		buf_free(&b);
		if (rc)
			return -1;
	}
	return 0;
}
