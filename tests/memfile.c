/*
 * memfile.c: the in-memory output file, the counting allocator and the libelf reader
 * the unit tests share. See memfile.h for their contracts.
 */
#include "memfile.h"

#include <ctype.h>
#include <stdlib.h>

/* ---- the in-memory file */

void memfile_init(struct memfile *m)
{
	memset(m, 0, sizeof(*m));
}

void memfile_free(struct memfile *m)
{
	free(m->data);
	memset(m, 0, sizeof(*m));
}

static int mf_reserve(struct memfile *m, uint64_t need)
{
	if (need <= m->cap)
		return 0;
	if (need > (uint64_t)1 << 32)   /* no test image is anywhere near 4 GiB */
		return -1;
	size_t cap = m->cap ? m->cap : 4096;
	while (cap < need)
		cap *= 2;
	uint8_t *p = realloc(m->data, cap);
	if (!p)
		return -1;
	memset(p + m->cap, 0, cap - m->cap);
	m->data = p;
	m->cap = cap;
	return 0;
}

/* Grows the file to at least end bytes; the new bytes read as zeros, as in a sparse
 * POSIX file. */
static int mf_extend(struct memfile *m, uint64_t end)
{
	if (mf_reserve(m, end))
		return -1;
	if (end > m->size)
		m->size = (size_t)end;
	return 0;
}

int memfile_set(struct memfile *m, const void *p, size_t n)
{
	if (mf_reserve(m, n))
		return -1;
	if (n)
		memcpy(m->data, p, n);
	if (m->cap > n)
		memset(m->data + n, 0, m->cap - n);
	m->size = n;
	return 0;
}

void memfile_reset_counters(struct memfile *m)
{
	m->pread_calls = m->pwrite_calls = m->copy_calls = m->truncate_calls = 0;
	m->bytes_read = m->bytes_written = m->bytes_copied = 0;
}

/* Whether this modifying operation is the one (or past the one) that must fail. */
static int mf_should_fail(struct memfile *m)
{
	m->mutations++;
	if (m->fail_mutation_at &&
	    (m->mutations == m->fail_mutation_at ||
	     (m->fail_sticky && m->mutations > m->fail_mutation_at))) {
		m->failures++;
		return 1;
	}
	return 0;
}

static int64_t mf_pread(void *h, void *buf, size_t len, uint64_t off)
{
	struct memfile *m = h;
	m->pread_calls++;
	if (m->fail_reads)
		return -1;
	if (off >= m->size)
		return 0;
	size_t n = m->size - (size_t)off;
	if (n > len)
		n = len;
	memcpy(buf, m->data + off, n);
	m->bytes_read += n;
	return (int64_t)n;
}

static int mf_pwrite(void *h, const void *buf, size_t len, uint64_t off)
{
	struct memfile *m = h;
	m->pwrite_calls++;
	if (mf_should_fail(m))
		return -1;
	if (off > UINT64_MAX - len || mf_extend(m, off + len))
		return -1;
	if (len)
		memcpy(m->data + off, buf, len);
	m->bytes_written += len;
	return 0;
}

static int mf_copy_range(void *h, uint64_t src, uint64_t dst, uint64_t len)
{
	struct memfile *m = h;
	m->copy_calls++;
	if (mf_should_fail(m))
		return -1;
	if (src > UINT64_MAX - len || dst > UINT64_MAX - len)
		return -1;
	/* Bytes beyond the end of the file read as nothing: like copy_file_range, copy
	 * what exists and leave the rest of the destination as it is (extended with 0). */
	if (mf_extend(m, dst + len))
		return -1;
	uint64_t avail = src < m->size ? m->size - src : 0;
	if (avail > len)
		avail = len;
	if (avail)
		memmove(m->data + dst, m->data + src, (size_t)avail);
	m->bytes_copied += len;
	return 0;
}

static int mf_truncate(void *h, uint64_t len)
{
	struct memfile *m = h;
	m->truncate_calls++;
	if (mf_should_fail(m))
		return -1;
	if (len > m->size) {
		if (mf_extend(m, len))
			return -1;
	} else if (len < m->size) {
		memset(m->data + len, 0, m->size - (size_t)len);
		m->size = (size_t)len;
	}
	return 0;
}

struct solder_file_ops memfile_ops(struct memfile *m)
{
	struct solder_file_ops ops = {
		.handle = m,
		.pread = mf_pread,
		.pwrite = mf_pwrite,
		.copy_range = mf_copy_range,
		.truncate = mf_truncate,
	};
	return ops;
}

/* ---- the counting allocator
 *
 * Each block carries a header with its size and a mark, so that a wrong old_size or a
 * double free is counted (bad_calls) instead of corrupting the heap. */

#define CA_MARK 0x50ddeb10c0ffee11ull
struct ca_header {
	uint64_t mark;
	uint64_t size;
};
_Static_assert(sizeof(struct ca_header) == 16, "keeps malloc's 16-byte alignment");

static void *ca_realloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
	struct countalloc *c = ud;
	struct ca_header *h = NULL;
	if (ptr) {
		h = (struct ca_header *)ptr - 1;
		if (h->mark != CA_MARK) {
			c->bad_calls++;
			return NULL;        /* not ours, or freed twice: leave it alone */
		}
		if (h->size != old_size)
			c->bad_calls++;
	} else if (old_size != 0) {
		c->bad_calls++;
	}
	if (new_size == 0) {
		if (h) {
			c->live_bytes -= h->size;
			c->live_blocks--;
			h->mark = 0;
			free(h);
		}
		return NULL;
	}
	c->calls++;
	if (c->fail_enabled && c->calls > c->fail_after) {
		c->failures++;
		return NULL;
	}
	if (new_size > SIZE_MAX - sizeof(*h))
		return NULL;
	size_t had = h ? h->size : 0;
	struct ca_header *n = realloc(h, sizeof(*n) + new_size);
	if (!n)
		return NULL;
	n->mark = CA_MARK;
	n->size = new_size;
	c->live_bytes = c->live_bytes - had + new_size;
	if (!h)
		c->live_blocks++;
	if (c->live_bytes > c->peak_bytes)
		c->peak_bytes = c->live_bytes;
	return n + 1;
}

void countalloc_init(struct countalloc *c)
{
	memset(c, 0, sizeof(*c));
	c->a.realloc = ca_realloc;
	c->a.ud = c;
}

void countalloc_fail_after(struct countalloc *c, uint64_t n)
{
	c->fail_enabled = 1;
	c->fail_after = c->calls + n;
}

/* ---- reading the image back */

int ev_open(struct elfview *v, const uint8_t *p, size_t n)
{
	memset(v, 0, sizeof(*v));
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -1;
	v->buf = malloc(n ? n : 1);
	if (!v->buf)
		return -1;
	if (n)
		memcpy(v->buf, p, n);
	v->size = n;
	v->e = elf_memory((char *)v->buf, n);
	if (!v->e || elf_kind(v->e) != ELF_K_ELF || !gelf_getehdr(v->e, &v->eh) ||
	    elf_getshdrstrndx(v->e, &v->shstrndx) != 0) {
		ev_close(v);
		return -1;
	}
	return 0;
}

int ev_open_memfile(struct elfview *v, const struct memfile *m)
{
	return ev_open(v, m->data, m->size);
}

void ev_close(struct elfview *v)
{
	if (v->e)
		elf_end(v->e);
	free(v->buf);
	memset(v, 0, sizeof(*v));
}

const char *ev_section_name(struct elfview *v, const GElf_Shdr *sh)
{
	const char *s = elf_strptr(v->e, v->shstrndx, sh->sh_name);
	return s ? s : "";
}

Elf_Scn *ev_section(struct elfview *v, const char *name, GElf_Shdr *sh)
{
	for (Elf_Scn *s = elf_nextscn(v->e, NULL); s; s = elf_nextscn(v->e, s)) {
		GElf_Shdr h;
		if (!gelf_getshdr(s, &h))
			continue;
		if (strcmp(ev_section_name(v, &h), name) == 0) {
			if (sh)
				*sh = h;
			return s;
		}
	}
	return NULL;
}

int ev_symbol(struct elfview *v, const char *name, GElf_Sym *out, size_t *index)
{
	GElf_Shdr sh;
	Elf_Scn *s = ev_section(v, ".symtab", &sh);
	if (!s || !sh.sh_entsize)
		return 0;
	Elf_Data *d = elf_getdata(s, NULL);
	if (!d)
		return 0;
	int found = 0;
	size_t n = sh.sh_size / sh.sh_entsize;
	for (size_t i = 0; i < n; i++) {
		GElf_Sym sym;
		if (!gelf_getsym(d, (int)i, &sym))
			break;
		const char *nm = elf_strptr(v->e, sh.sh_link, sym.st_name);
		if (!nm || strcmp(nm, name) != 0)
			continue;
		if (!found) {
			if (out)
				*out = sym;
			if (index)
				*index = i;
		}
		found++;
	}
	return found;
}

const uint8_t *ev_bytes_at(struct elfview *v, uint64_t vaddr, size_t len)
{
	for (Elf_Scn *s = elf_nextscn(v->e, NULL); s; s = elf_nextscn(v->e, s)) {
		GElf_Shdr h;
		if (!gelf_getshdr(s, &h) || !(h.sh_flags & SHF_ALLOC) || h.sh_type == SHT_NOBITS)
			continue;
		if (vaddr < h.sh_addr || vaddr - h.sh_addr > h.sh_size || len > h.sh_size - (vaddr - h.sh_addr))
			continue;
		uint64_t off = h.sh_offset + (vaddr - h.sh_addr);
		if (off > v->size || len > v->size - off)
			return NULL;
		return v->buf + off;
	}
	return NULL;
}

uint64_t ev_get_le(const uint8_t *p, unsigned size)
{
	uint64_t x = 0;
	for (unsigned i = 0; i < size; i++)
		x |= (uint64_t)p[i] << (8 * i);
	return x;
}

int contains_nocase(const char *hay, const char *needle)
{
	if (!hay || !needle)
		return 0;
	size_t n = strlen(needle);
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i] &&
		       tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return 1;
	}
	return n == 0;
}

/* ---- a link on a memfile */

void rig_init(struct rig *r)
{
	memset(r, 0, sizeof(*r));
	countalloc_init(&r->ca);
	memfile_init(&r->mf);
	r->ops = memfile_ops(&r->mf);
}

solder_status rig_open(struct rig *r, const struct solder_options *o)
{
	r->l = NULL;
	solder_status st = solder_create(&r->l, &r->ca.a);
	if (st != SOLDER_OK) {
		fprintf(stderr, "\n    rig_open: solder_create: status %d\n", (int)st);
		return st;
	}
	st = solder_open(r->l, o, &r->ops);
	if (st != SOLDER_OK)
		fprintf(stderr, "\n    rig_open: solder_open: status %d: %s\n", (int)st, solder_error(r->l));
	return st;
}

static void rig_check_leaks(struct rig *r, const char *what)
{
	if (r->ca.live_bytes || r->ca.live_blocks)
		fprintf(stderr, "\n    %s: %zu bytes in %zu blocks still allocated (expected 0)\n",
		        what, r->ca.live_bytes, r->ca.live_blocks);
	CU_ASSERT(r->ca.live_bytes == 0 && r->ca.live_blocks == 0);
	if (r->ca.bad_calls)
		fprintf(stderr, "\n    %s: %llu allocator calls with a wrong pointer or old_size (expected 0)\n",
		        what, (unsigned long long)r->ca.bad_calls);
	CU_ASSERT(r->ca.bad_calls == 0);
}

solder_status rig_close(struct rig *r)
{
	if (!r->l)
		return SOLDER_OK;
	solder_status st = solder_close(r->l);
	r->l = NULL;
	rig_check_leaks(r, "after solder_close");
	return st;
}

void rig_destroy(struct rig *r)
{
	if (!r->l)
		return;
	solder_destroy(r->l);
	r->l = NULL;
	rig_check_leaks(r, "after solder_destroy");
}

void rig_free(struct rig *r)
{
	rig_destroy(r);
	memfile_free(&r->mf);
}

void pattern_fill(uint8_t *p, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + 7 * i);
}

solder_status rig_update(struct rig *r, solder_sym sym, enum solder_kind kind, const char *name,
                         size_t size, uint32_t align, uint8_t seed)
{
	uint8_t *bytes = malloc(size ? size : 1);
	if (!bytes)
		return SOLDER_ERR_NOMEM;
	pattern_fill(bytes, size, seed);
	struct solder_line line = { 0, 1 };
	struct solder_update u = {
		.name = name, .kind = kind, .bytes = bytes, .size = size, .align = align,
		.lines = &line, .nlines = kind == SOLDER_FUNC ? 1 : 0,
	};
	solder_status st = solder_update_symbol(r->l, sym, &u);
	free(bytes);
	return st;
}

solder_sym rig_new(struct rig *r, enum solder_kind kind, const char *name, size_t size,
                   uint32_t align, uint8_t seed)
{
	solder_sym s = 0;
	solder_status st = solder_alloc_symbol(r->l, &s);
	if (st != SOLDER_OK) {
		fprintf(stderr, "\n    rig_new: solder_alloc_symbol: status %d: %s\n", (int)st, solder_error(r->l));
		CU_FAIL("solder_alloc_symbol failed");
		return 0;
	}
	st = rig_update(r, s, kind, name, size, align, seed);
	if (st != SOLDER_OK) {
		fprintf(stderr, "\n    rig_new(%s, size %zu): solder_update_symbol: status %d: %s\n",
		        name ? name : "?", size, (int)st, solder_error(r->l));
		CU_FAIL("solder_update_symbol failed");
		return 0;
	}
	return s;
}

uint64_t rig_addr(struct rig *r, solder_sym sym)
{
	uint64_t a = 0;
	solder_status st = solder_symbol_addr(r->l, sym, &a);
	if (st != SOLDER_OK) {
		fprintf(stderr, "\n    solder_symbol_addr(%u): status %d: %s\n", sym, (int)st, solder_error(r->l));
		CU_FAIL("solder_symbol_addr failed");
		return UINT64_MAX;
	}
	return a;
}

uint64_t rig_slot(struct rig *r, solder_sym sym)
{
	uint64_t a = 0;
	solder_status st = solder_got_slot_addr(r->l, sym, &a);
	if (st != SOLDER_OK) {
		fprintf(stderr, "\n    solder_got_slot_addr(%u): status %d: %s\n", sym, (int)st, solder_error(r->l));
		CU_FAIL("solder_got_slot_addr failed");
		return UINT64_MAX;
	}
	return a;
}
