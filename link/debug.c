/*
 * debug.c: the DWARF of functions and objects handed in through the API, kept up to
 * date in place.
 *
 * One compile unit covers the API code. Each function owns a piece of .debug_info
 * (its subprogram DIE) and a piece of .debug_line (its own sequence), placed with the
 * same block allocator as code, so a changed function rewrites its two pieces and
 * nothing else. The bytes between pieces are always padding that readers skip
 * (padding DIEs, no-op line opcodes): a piece that moves or goes away is overwritten
 * with padding first. .debug_aranges has one fixed tuple per function. The headers
 * (unit lengths, the CU's address range, the line header's file table) are rewritten
 * at flush when they changed. The encoders are dwarf/'s; this file decides where
 * their output goes.
 */
#include "link.h"

#include <elf.h>

#define LINE_HEAD_SLACK 256

static const char *file_name_at(const struct solder_link *l, uint32_t i) { return l->files.v[i]; }

static uint32_t line_header_size(const struct solder_link *l)
{
	return dw_line_header_size(&l->dwf, (const char *const *)l->files.v + 1, l->files.len - 1);
}

static int nomem(struct solder_link *l)
{
	diag_error(&l->diag, SOLDER_ERR_NOMEM, "out of memory");
	return -1;
}

int dbg_init(struct solder_link *l)
{
	l->dwf.offset_size = (uint8_t)l->word;
	l->dwf.addr_size = l->t->ptr_size;
	l->dwf.big_endian = l->t->big_endian;
	l->dwf.min_inst_len = 1;
	char *cu = mem_strdup(&l->alloc, l->cu_name);
	if (!cu || VEC_PUSH(&l->alloc, l->files, NULL) || VEC_PUSH(&l->alloc, l->files, cu)) {
		if (cu && l->files.len < 2)
			mem_free(&l->alloc, cu, strlen(cu) + 1);
		return nomem(l);
	}
	uint32_t page = l->t->page_size;
	l->sec_dbg_abbrev = elfw_add_section(l, ".debug_abbrev", SHT_PROGBITS, 0, 1, 0, 256);
	l->sec_dbg_info = elfw_add_section(l, ".debug_info", SHT_PROGBITS, 0, 1, 0, 4 * page);
	l->sec_dbg_line = elfw_add_section(l, ".debug_line", SHT_PROGBITS, 0, 1, 0, 4 * page);
	l->sec_dbg_aranges = elfw_add_section(l, ".debug_aranges", SHT_PROGBITS, 0, 1, 0, page);
	l->sec_dbg_str = elfw_add_section(l, ".debug_str", SHT_PROGBITS, SHF_MERGE | SHF_STRINGS, 1, 1, 512);
	if (l->diag.count)
		return -1;
	l->secs.v[l->sec_dbg_info].head_reserve = dw_info_header_size(&l->dwf);
	l->secs.v[l->sec_dbg_info].tail = 1;   /* the compile unit's closing 0 */
	l->secs.v[l->sec_dbg_line].head_reserve = line_header_size(l) + LINE_HEAD_SLACK;

	buf_init(&l->dbg_str, &l->alloc, l->t->big_endian);
	l->cu_name_strp = l->dbg_str.len;
	buf_str(&l->dbg_str, l->cu_name);
	l->comp_dir_strp = l->dbg_str.len;
	buf_str(&l->dbg_str, l->comp_dir);
	l->producer_strp = l->dbg_str.len;
	buf_str(&l->dbg_str, l->producer);
	if (l->dbg_str.failed)
		return nomem(l);

	struct buf b;
	buf_init(&b, &l->alloc, l->t->big_endian);
	dw_write_abbrev(&b);
	int rc = b.failed ? nomem(l) : 0;
	/* The abbrev section is written after every section has its place (at flush), so
	 * only its size is claimed here. */
	if (!rc)
		l->dbg_headers_dirty = 1;
	buf_free(&b);
	return rc;
}

/* Writes n bytes of the section's padding at section offset off. */
static int write_pad(struct solder_link *l, uint32_t sec, uint64_t off, uint64_t n)
{
	if (!n)
		return 0;
	struct buf b;
	buf_init(&b, &l->alloc, l->t->big_endian);
	if (sec == l->sec_dbg_info)
		dw_info_pad(&b, (size_t)n);
	else
		dw_line_pad(&b, (size_t)n);
	int rc = b.failed ? nomem(l) : elfw_pwrite(l, b.p, b.len, l->secs.v[sec].sh_offset + off);
	buf_free(&b);
	return rc;
}

/* Where the bytes before block b stop being meaningful: its predecessor's end, or the
 * end of the section's header piece. */
static uint64_t gap_start(const struct solder_link *l, uint32_t sec, uint32_t b)
{
	const struct block *k = &l->blocks.v[b];
	if (k->prev) {
		const struct block *p = &l->blocks.v[k->prev];
		return p->off + p->size;
	}
	return sec == l->sec_dbg_info ? l->secs.v[sec].head_reserve : line_header_size(l);
}

/* Places a piece in a debug section and writes it with the padding around it. The
 * encoder is called with the piece's final offset (info pieces refer to themselves). */
typedef void (*encode_fn)(struct solder_link *l, struct buf *b, uint64_t off, const void *arg);

static int write_piece(struct solder_link *l, uint32_t sec, uint32_t *blockp, uint32_t owner,
                       encode_fn encode, const void *arg)
{
	struct buf b;
	buf_init(&b, &l->alloc, l->t->big_endian);
	encode(l, &b, 0, arg);
	if (b.failed) {
		buf_free(&b);
		return nomem(l);
	}
	uint64_t size = b.len;
	uint64_t old_off = 0, old_size = 0;
	if (*blockp) {
		old_off = l->blocks.v[*blockp].off;
		old_size = l->blocks.v[*blockp].size;
	} else if (!(*blockp = blk_new(l, sec, owner))) {
		buf_free(&b);
		return nomem(l);
	}
	int moved, rc = blk_place(l, *blockp, size, 1, &moved);
	const struct block *k = &l->blocks.v[*blockp];
	/* The old place becomes padding before anything new lands near it. */
	if (!rc && moved && old_size)
		rc = write_pad(l, sec, old_off, old_size);
	if (moved)
		l->dbg_headers_dirty = 1;
	b.len = 0;
	encode(l, &b, k->off, arg);
	if (!rc && (b.failed || b.len != size))
		rc = nomem(l);
	if (!rc && l->secs.v[sec].last_block == *blockp)
		l->dbg_headers_dirty = 1;
	uint64_t before = gap_start(l, sec, *blockp);
	if (!rc && before < k->off)
		rc = write_pad(l, sec, before, k->off - before);
	if (!rc)
		rc = elfw_pwrite(l, b.p, size, l->secs.v[sec].sh_offset + k->off);
	if (!rc && k->next)
		rc = write_pad(l, sec, k->off + size, l->blocks.v[k->next].off - (k->off + size));
	buf_free(&b);
	return rc;
}

static void free_piece(struct solder_link *l, uint32_t *blockp)
{
	if (!*blockp)
		return;
	const struct block *k = &l->blocks.v[*blockp];
	uint32_t sec = k->sec;
	(void)write_pad(l, sec, k->off, k->size);
	if (l->secs.v[sec].last_block == *blockp)
		l->dbg_headers_dirty = 1;
	blk_release(l, *blockp);
	*blockp = 0;
}

/* ---- the pieces */

struct info_arg {
	struct dw_func fn;
};

static void encode_info(struct solder_link *l, struct buf *b, uint64_t off, const void *arg)
{
	dw_write_func(b, &l->dwf, off, &((const struct info_arg *)arg)->fn);
}

struct line_arg {
	uint64_t addr, size;
	uint32_t file;
	const struct solder_line *rows;
	size_t nrows;
};

static void encode_line(struct solder_link *l, struct buf *b, uint64_t off, const void *arg)
{
	const struct line_arg *a = arg;
	(void)off;
	dw_write_line_seq(b, &l->dwf, a->addr, a->size, a->file, a->rows, a->nrows);
}

/* The line header grew past its reserve: move the pieces it now covers to the end.
 * Line pieces hold absolute addresses only, so their bytes move unchanged. */
static int grow_line_head(struct solder_link *l)
{
	uint32_t sec = l->sec_dbg_line;
	struct osec *s = &l->secs.v[sec];
	s->head_reserve = line_header_size(l) + LINE_HEAD_SLACK;
	uint32_t b;
	while ((b = l->secs.v[sec].first_block) && l->blocks.v[b].off < l->secs.v[sec].head_reserve) {
		uint64_t size = l->blocks.v[b].size;
		uint8_t *tmp = mem_realloc(&l->alloc, NULL, 0, (size_t)size);
		if (!tmp)
			return nomem(l);
		int rc = elfw_pread(l, tmp, size, l->secs.v[sec].sh_offset + l->blocks.v[b].off);
		if (rc)
			diag_error(&l->diag, SOLDER_ERR_IO, "cannot read back .debug_line from the output");
		if (!rc)
			rc = blk_move_to_end(l, b, 1);
		const struct block *k = &l->blocks.v[b];
		uint64_t before = gap_start(l, sec, b);
		if (!rc && before < k->off)
			rc = write_pad(l, sec, before, k->off - before);
		if (!rc)
			rc = elfw_pwrite(l, tmp, size, l->secs.v[sec].sh_offset + k->off);
		mem_free(&l->alloc, tmp, (size_t)size);
		if (rc)
			return -1;
	}
	l->dbg_headers_dirty = 1;
	return 0;
}

static uint32_t file_index(struct solder_link *l, const char *name)
{
	for (uint32_t i = 1; i < l->files.len; i++)
		if (str_eq(file_name_at(l, i), name))
			return i;
	char *copy = mem_strdup(&l->alloc, name);
	if (!copy || VEC_PUSH(&l->alloc, l->files, copy)) {
		if (copy)
			mem_free(&l->alloc, copy, strlen(copy) + 1);
		nomem(l);
		return 0;
	}
	l->dbg_headers_dirty = 1;
	if (line_header_size(l) > l->secs.v[l->sec_dbg_line].head_reserve && grow_line_head(l))
		return 0;
	return l->files.len - 1;
}

static int write_aranges_tuple(struct solder_link *l, uint32_t slot, uint64_t addr, uint64_t len)
{
	struct buf b;
	buf_init(&b, &l->alloc, l->t->big_endian);
	dw_write_aranges_tuple(&b, &l->dwf, addr, len);
	uint64_t off = dw_aranges_header_size(&l->dwf) + (uint64_t)(slot - 1) * b.len;
	int rc = b.failed ? nomem(l) : elfw_pwrite(l, b.p, b.len, l->secs.v[l->sec_dbg_aranges].sh_offset + off);
	buf_free(&b);
	return rc;
}

static uint64_t aranges_size(const struct solder_link *l)
{
	return dw_aranges_header_size(&l->dwf) + (uint64_t)(l->aranges_slots + 1) * 2 * l->dwf.addr_size;
}

int dbg_update(struct solder_link *l, uint32_t a, const struct solder_update *u)
{
	const struct atom *at = &l->atoms.v[a];
	const struct block *k = &l->blocks.v[at->block];
	uint64_t addr = elfw_sec_addr(l, k->sec) + k->off;
	uint32_t file = file_index(l, u->file_name ? u->file_name : l->cu_name);
	if (!file)
		return -1;
	uint32_t decl_line = u->debug && u->debug->decl_line ? u->debug->decl_line : u->nlines ? u->lines[0].line : 0;
	l->atoms.v[a].file = file;
	l->atoms.v[a].decl_line = decl_line;

	struct info_arg ia = { .fn = { .name = u->name ? u->name : "", .low_pc = addr, .size = u->size,
		                           .decl_file = file, .decl_line = decl_line, .debug = u->debug,
		                           .is_object = u->kind != SOLDER_FUNC } };
	if (write_piece(l, l->sec_dbg_info, &l->atoms.v[a].dbg_info, a, encode_info, &ia))
		return -1;
	if (u->kind != SOLDER_FUNC)
		return 0;

	struct line_arg la = { addr, u->size, file, u->lines, u->nlines };
	if (write_piece(l, l->sec_dbg_line, &l->atoms.v[a].dbg_line, a, encode_line, &la))
		return -1;

	if (!l->atoms.v[a].aranges_slot) {
		uint32_t slot;
		if (l->free_aranges.len) {
			slot = l->free_aranges.v[--l->free_aranges.len];
		} else {
			slot = ++l->aranges_slots;
			l->dbg_headers_dirty = 1;
			if (elfw_ensure_size(l, l->sec_dbg_aranges, aranges_size(l)))
				return -1;
		}
		l->atoms.v[a].aranges_slot = slot;
	}
	return write_aranges_tuple(l, l->atoms.v[a].aranges_slot, addr, u->size);
}

void dbg_free(struct solder_link *l, uint32_t a)
{
	struct atom *at = &l->atoms.v[a];
	free_piece(l, &at->dbg_info);
	at = &l->atoms.v[a];
	free_piece(l, &at->dbg_line);
	at = &l->atoms.v[a];
	if (at->aranges_slot) {
		/* Never (0, 0): that would end the list for readers. */
		(void)write_aranges_tuple(l, at->aranges_slot, l->image_base ? l->image_base : 1, 0);
		(void)VEC_PUSH(&l->alloc, l->free_aranges, at->aranges_slot);
		at = &l->atoms.v[a];
		at->aranges_slot = 0;
	}
}

/* ---- headers */

static int write_buf_at(struct solder_link *l, struct buf *b, uint32_t sec, uint64_t off)
{
	int rc = b->failed ? nomem(l) : elfw_pwrite(l, b->p, b->len, l->secs.v[sec].sh_offset + off);
	buf_free(b);
	return rc;
}

static int write_info_header(struct solder_link *l)
{
	uint32_t sec = l->sec_dbg_info;
	uint64_t end = blk_section_end(l, sec);
	if (elfw_ensure_size(l, sec, end))
		return -1;
	const struct osec *text = &l->secs.v[l->sec_text];
	struct dw_cu cu = {
		.unit_length = end - dw_initial_length_size(&l->dwf),
		.abbrev_offset = 0,
		.stmt_list = 0,
		.low_pc = text->sh_addr,
		.high_pc = text->sh_addr + text->sh_size,
		.name_strp = l->cu_name_strp,
		.comp_dir_strp = l->comp_dir_strp,
		.producer_strp = l->producer_strp,
		.language = 0x0c,   /* DW_LANG_C99 */
	};
	struct buf b;
	buf_init(&b, &l->alloc, l->t->big_endian);
	dw_write_cu(&b, &l->dwf, &cu);
	if (write_buf_at(l, &b, sec, 0))
		return -1;
	/* The unit's closing 0 after the last piece, and padding up to the first piece. */
	uint8_t zero = 0;
	uint32_t first = l->secs.v[sec].first_block;
	uint64_t head = l->secs.v[sec].head_reserve;
	if (first && write_pad(l, sec, head, l->blocks.v[first].off - head))
		return -1;
	l->dbg_high_pc = cu.high_pc;
	return elfw_pwrite(l, &zero, 1, l->secs.v[sec].sh_offset + end - 1);
}

static int write_line_header(struct solder_link *l)
{
	uint32_t sec = l->sec_dbg_line;
	uint64_t end = blk_section_end(l, sec);
	if (elfw_ensure_size(l, sec, end))
		return -1;
	struct buf b;
	buf_init(&b, &l->alloc, l->t->big_endian);
	dw_write_line_header(&b, &l->dwf, end - dw_initial_length_size(&l->dwf),
	                     (const char *const *)l->files.v + 1, l->files.len - 1);
	uint32_t first = l->secs.v[sec].first_block;
	uint64_t to = first ? l->blocks.v[first].off : end;
	if (b.len < to)
		dw_line_pad(&b, (size_t)(to - b.len));
	return write_buf_at(l, &b, sec, 0);
}

static int write_aranges_frame(struct solder_link *l)
{
	uint32_t sec = l->sec_dbg_aranges;
	if (elfw_ensure_size(l, sec, aranges_size(l)))
		return -1;
	struct buf b;
	buf_init(&b, &l->alloc, l->t->big_endian);
	dw_write_aranges_header(&b, &l->dwf, l->aranges_slots, 0);
	if (write_buf_at(l, &b, sec, 0))
		return -1;
	buf_init(&b, &l->alloc, l->t->big_endian);
	dw_write_aranges_end(&b, &l->dwf);
	return write_buf_at(l, &b, sec, aranges_size(l) - 2 * l->dwf.addr_size);
}

int dbg_flush(struct solder_link *l)
{
	if (l->dbg_str_written < l->dbg_str.len) {
		if (elfw_ensure_size(l, l->sec_dbg_str, l->dbg_str.len) ||
		    elfw_pwrite(l, l->dbg_str.p + l->dbg_str_written, l->dbg_str.len - l->dbg_str_written,
		                l->secs.v[l->sec_dbg_str].sh_offset + l->dbg_str_written))
			return -1;
		l->dbg_str_written = l->dbg_str.len;
	}
	const struct osec *text = &l->secs.v[l->sec_text];
	if (text->sh_addr + text->sh_size != l->dbg_high_pc)
		l->dbg_headers_dirty = 1;
	if (!l->dbg_headers_dirty)
		return 0;
	if (!l->secs.v[l->sec_dbg_abbrev].sh_size) {
		struct buf b;
		buf_init(&b, &l->alloc, l->t->big_endian);
		dw_write_abbrev(&b);
		if (b.failed || elfw_ensure_size(l, l->sec_dbg_abbrev, b.len)) {
			buf_free(&b);
			return b.failed ? nomem(l) : -1;
		}
		if (write_buf_at(l, &b, l->sec_dbg_abbrev, 0))
			return -1;
	}
	if (write_info_header(l) || write_line_header(l) || write_aranges_frame(l))
		return -1;
	l->dbg_headers_dirty = 0;
	return 0;
}
