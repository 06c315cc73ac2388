/*
 * test_dwarf.c: the DWARF encoders of dwarf/dwarf.c.
 *
 * Pieces are checked byte for byte where the layout is the point (abbrev table, unit
 * headers, aranges), and decoded back by the small DIE and line-program readers below
 * where the meaning is the point (type references, line rows, padding). Readers written
 * here can share a misreading with the encoder, so one test also assembles a whole
 * ELF file from the pieces and hands it to llvm-dwarfdump --verify, readelf and gdb,
 * which must accept it without a word of complaint and read back what was written.
 *
 * Reproduce a failure with: make unit   (or build/unit-tests for the binary alone)
 */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../dwarf/dwarf.h"

/* ---- assertions that say what they expected */

static void check_eq_at(uint64_t got, uint64_t want, const char *what, int line)
{
	if (got != want)
		fprintf(stderr, "\n    %s:%d: %s: expected %llu (0x%llx), got %llu (0x%llx); reproduce: make unit\n",
		        __FILE__, line, what, (unsigned long long)want, (unsigned long long)want,
		        (unsigned long long)got, (unsigned long long)got);
	CU_assertImplementation(got == want, (unsigned)line, what, __FILE__, "", CU_FALSE);
}
#define CHECK_EQ(got, want) check_eq_at((uint64_t)(got), (uint64_t)(want), #got, __LINE__)

static void hex(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s%02x", i % 16 ? " " : "\n      ", p[i]);
}

static void check_bytes_at(const uint8_t *got, size_t got_len, const uint8_t *want, size_t want_len,
                           const char *what, int line)
{
	int ok = got_len == want_len && memcmp(got, want, want_len) == 0;
	if (!ok) {
		fprintf(stderr, "\n    %s:%d: %s: expected %zu bytes:", __FILE__, line, what, want_len);
		hex(want, want_len);
		fprintf(stderr, "\n    got %zu bytes:", got_len);
		hex(got, got_len);
		fprintf(stderr, "\n    reproduce: make unit\n");
	}
	CU_assertImplementation(ok, (unsigned)line, what, __FILE__, "", CU_FALSE);
}
#define CHECK_BYTES(b, ...) do { \
		static const uint8_t want_[] = { __VA_ARGS__ }; \
		check_bytes_at((b)->p, (b)->len, want_, sizeof(want_), #b, __LINE__); \
	} while (0)

static void check_str_at(const char *got, const char *want, const char *what, int line)
{
	int ok = got && strcmp(got, want) == 0;
	if (!ok)
		fprintf(stderr, "\n    %s:%d: %s: expected \"%s\", got \"%s\"; reproduce: make unit\n",
		        __FILE__, line, what, want, got ? got : "(none)");
	CU_assertImplementation(ok, (unsigned)line, what, __FILE__, "", CU_FALSE);
}
#define CHECK_STR(got, want) check_str_at((got), (want), #got, __LINE__)

/* ---- buffers */

static void *test_realloc(void *ud, void *p, size_t old_size, size_t new_size)
{
	(void)ud;
	(void)old_size;
	if (new_size == 0) {
		free(p);
		return NULL;
	}
	return realloc(p, new_size);
}
static const struct solder_allocator test_alloc = { test_realloc, NULL };

static struct buf new_buf(const struct dw_format *f)
{
	struct buf b;
	buf_init(&b, &test_alloc, f ? f->big_endian : 0);
	return b;
}

/* The formats the targets use: i386, x86_64 in an ELF32 container, x86_64 and riscv64
 * (64-bit DWARF in ELF64), riscv32, and a big-endian one so byte order is exercised. */
static const struct dw_format F_I386 = { 4, 4, 0, 1 };
static const struct dw_format F_X64_ELF32 = { 4, 8, 0, 1 };
static const struct dw_format F_X64 = { 8, 8, 0, 1 };
static const struct dw_format F_RV64 = { 8, 8, 0, 2 };
static const struct dw_format F_RV32 = { 4, 4, 0, 2 };
static const struct dw_format F_BE32 = { 4, 4, 1, 4 };
static const struct dw_format *const all_formats[] = { &F_I386, &F_X64_ELF32, &F_X64, &F_RV64, &F_RV32, &F_BE32 };
#define NFORMATS (sizeof(all_formats) / sizeof(all_formats[0]))

/* ---- a reader for what the encoders write, independent of link/base.c */

struct rd {
	const uint8_t *p;
	size_t len, at;
	int be, bad;
};

static uint64_t rd_n(struct rd *r, unsigned n)
{
	if (r->bad || n > r->len - r->at) {
		r->bad = 1;
		return 0;
	}
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)r->p[r->at + (r->be ? n - 1 - i : i)] << (8 * i);
	r->at += n;
	return v;
}

static uint64_t rd_uleb(struct rd *r)
{
	uint64_t v = 0;
	for (unsigned shift = 0;; shift += 7) {
		uint8_t byte = (uint8_t)rd_n(r, 1);
		if (r->bad)
			return 0;
		if (shift < 64)
			v |= (uint64_t)(byte & 0x7f) << shift;
		if (!(byte & 0x80))
			return v;
	}
}

static int64_t rd_sleb(struct rd *r)
{
	uint64_t v = 0;
	unsigned shift = 0;
	uint8_t byte;
	do {
		byte = (uint8_t)rd_n(r, 1);
		if (r->bad)
			return 0;
		if (shift < 64)
			v |= (uint64_t)(byte & 0x7f) << shift;
		shift += 7;
	} while (byte & 0x80);
	if (shift < 64 && (byte & 0x40))
		v |= ~(uint64_t)0 << shift;
	return (int64_t)v;
}

static const char *rd_str(struct rd *r)
{
	const char *s = (const char *)r->p + r->at;
	size_t n = 0;
	while (r->at + n < r->len && r->p[r->at + n])
		n++;
	if (r->at + n >= r->len) {
		r->bad = 1;
		return "";
	}
	r->at += n + 1;
	return s;
}

/* The initial length field: returns the unit length, sets *offset_size. */
static uint64_t rd_initial_length(struct rd *r, unsigned *offset_size)
{
	uint64_t len = rd_n(r, 4);
	*offset_size = 4;
	if (len == 0xffffffffu) {
		*offset_size = 8;
		len = rd_n(r, 8);
	}
	return len;
}

/* ---- .debug_abbrev and DIEs */

enum { MAX_ATTRS = 16, MAX_ABBREVS = 16 };
struct abbrev { uint64_t code, tag; int children, n; uint64_t at[MAX_ATTRS], form[MAX_ATTRS]; };
struct abbrevs { struct abbrev a[MAX_ABBREVS]; int n; };

static int parse_abbrevs(const uint8_t *p, size_t len, struct abbrevs *t)
{
	struct rd r = { p, len, 0, 0, 0 };
	t->n = 0;
	for (;;) {
		uint64_t code = rd_uleb(&r);
		if (r.bad)
			return -1;
		if (code == 0)
			return r.at == len ? 0 : -1;
		if (t->n == MAX_ABBREVS)
			return -1;
		struct abbrev *a = &t->a[t->n++];
		a->code = code;
		a->tag = rd_uleb(&r);
		a->children = (int)rd_n(&r, 1);
		for (a->n = 0;; a->n++) {
			uint64_t at = rd_uleb(&r), form = rd_uleb(&r);
			if (r.bad || (at == 0 && form == 0))
				break;
			if (a->n == MAX_ATTRS)
				return -1;
			a->at[a->n] = at;
			a->form[a->n] = form;
		}
		if (r.bad)
			return -1;
	}
}

struct attr { uint64_t at, form, v; const char *s; const uint8_t *blk; size_t blen; };
struct die {
	size_t off;           /* where it starts in the buffer read */
	uint64_t code, tag;
	int children, n;
	struct attr a[MAX_ATTRS];
};

/* Reads one DIE (code 0: a null entry). Returns 0, or -1 when it does not parse. */
static int read_die(struct rd *r, const struct abbrevs *t, const struct dw_format *f, struct die *d)
{
	memset(d, 0, sizeof(*d));
	d->off = r->at;
	d->code = rd_uleb(r);
	if (r->bad)
		return -1;
	if (d->code == 0)
		return 0;
	const struct abbrev *a = NULL;
	for (int i = 0; i < t->n; i++)
		if (t->a[i].code == d->code)
			a = &t->a[i];
	if (!a)
		return -1;
	d->tag = a->tag;
	d->children = a->children;
	d->n = a->n;
	for (int i = 0; i < a->n; i++) {
		struct attr *x = &d->a[i];
		x->at = a->at[i];
		x->form = a->form[i];
		switch (x->form) {
		case 0x01: x->v = rd_n(r, f->addr_size); break;        /* addr */
		case 0x05: x->v = rd_n(r, 2); break;                   /* data2 */
		case 0x06: x->v = rd_n(r, 4); break;                   /* data4 */
		case 0x0b: x->v = rd_n(r, 1); break;                   /* data1 */
		case 0x08: x->s = rd_str(r); break;                    /* string */
		case 0x0e: case 0x17: x->v = rd_n(r, f->offset_size); break; /* strp, sec_offset */
		case 0x0f: x->v = rd_uleb(r); break;                   /* udata */
		case 0x13: x->v = rd_n(r, 4); break;                   /* ref4 */
		case 0x19: x->v = 1; break;                            /* flag_present */
		case 0x18:                                             /* exprloc */
			x->blen = (size_t)rd_uleb(r);
			x->blk = r->p + r->at;
			rd_n(r, 0);
			if (x->blen > r->len - r->at)
				r->bad = 1;
			else
				r->at += x->blen;
			break;
		default: return -1;
		}
	}
	return r->bad ? -1 : 0;
}

static const struct attr *die_attr(const struct die *d, uint64_t at)
{
	for (int i = 0; i < d->n; i++)
		if (d->a[i].at == at)
			return &d->a[i];
	return NULL;
}

enum {
	TAG_formal_parameter = 0x05, TAG_compile_unit = 0x11, TAG_base_type = 0x24,
	TAG_subprogram = 0x2e, TAG_variable = 0x34, TAG_unspecified_type = 0x3b,
	AT_location = 0x02, AT_name = 0x03, AT_byte_size = 0x0b, AT_stmt_list = 0x10,
	AT_low_pc = 0x11, AT_high_pc = 0x12, AT_language = 0x13, AT_comp_dir = 0x1b,
	AT_producer = 0x25, AT_prototyped = 0x27, AT_decl_file = 0x3a, AT_decl_line = 0x3b,
	AT_encoding = 0x3e, AT_external = 0x3f, AT_frame_base = 0x40, AT_type = 0x49,
};

static uint64_t attr_v(const struct die *d, uint64_t at)
{
	const struct attr *x = die_attr(d, at);
	return x ? x->v : 0xdeadbeefu;
}

static const char *attr_s(const struct die *d, uint64_t at)
{
	const struct attr *x = die_attr(d, at);
	return x ? x->s : NULL;
}

static void load_abbrevs(struct abbrevs *t)
{
	struct buf b = new_buf(NULL);
	dw_write_abbrev(&b);
	CU_ASSERT_FATAL(!b.failed && parse_abbrevs(b.p, b.len, t) == 0);
	buf_free(&b);
}

/* ---- the line-number program */

struct row { uint64_t addr; uint64_t line, file; int is_stmt, basic_block, end_seq; };
struct line_table {
	unsigned min_inst, opcode_base, line_range;
	int line_base, default_is_stmt;
	uint8_t std_len[32];
	const char *files[16];
	unsigned nfiles;
	struct row rows[256];
	size_t nrows;
	const char *err;     /* why decoding stopped, NULL when it did not */
};

/* Runs the program in p[at, end) with the parameters already in t, appending rows. */
static void run_line_program(struct rd *r, size_t end, const struct dw_format *f, struct line_table *t)
{
	struct row s;
	int in_seq = 0;
#define RESET() (memset(&s, 0, sizeof(s)), s.line = 1, s.file = 1, s.is_stmt = t->default_is_stmt)
#define EMIT() do { \
		if (t->nrows == 256) { t->err = "too many rows"; return; } \
		t->rows[t->nrows++] = s; \
		s.basic_block = 0; \
	} while (0)
	RESET();
	while (r->at < end && !r->bad) {
		uint8_t op = (uint8_t)rd_n(r, 1);
		if (op >= t->opcode_base) {
			unsigned adj = op - t->opcode_base;
			s.addr += (uint64_t)(adj / t->line_range) * t->min_inst;
			s.line += (uint64_t)(int64_t)(t->line_base + (int)(adj % t->line_range));
			EMIT();
			in_seq = 1;
			continue;
		}
		switch (op) {
		case 0: {
			uint64_t n = rd_uleb(r);
			size_t at = r->at;
			uint8_t sub = (uint8_t)rd_n(r, 1);
			if (sub == 1) {
				s.end_seq = 1;
				EMIT();
				RESET();
				in_seq = 0;
			} else if (sub == 2) {
				if (n != 1u + f->addr_size) {
					t->err = "DW_LNE_set_address with the wrong length";
					return;
				}
				uint64_t a = rd_n(r, f->addr_size);
				if (in_seq && a < s.addr) {
					t->err = "address went back inside a sequence";
					return;
				}
				s.addr = a;
			} else {
				t->err = "unexpected extended opcode";
				return;
			}
			if (r->at != at + n) {
				t->err = "extended opcode length mismatch";
				return;
			}
			break;
		}
		case 1: EMIT(); in_seq = 1; break;
		case 2: s.addr += rd_uleb(r) * t->min_inst; break;
		case 3: s.line += (uint64_t)rd_sleb(r); break;
		case 4: s.file = rd_uleb(r); break;
		case 6: s.is_stmt = !s.is_stmt; break;
		case 7: s.basic_block = 1; break;
		default:
			for (unsigned i = 0; i < t->std_len[op - 1]; i++)
				rd_uleb(r);
			break;
		}
	}
	if (r->bad)
		t->err = "truncated line program";
	else if (r->at != end)
		t->err = "line program overruns its unit";
#undef RESET
#undef EMIT
}

/* Decodes a whole unit: header fields are checked against what the writer promises. */
static void decode_line_unit(const uint8_t *p, size_t len, const struct dw_format *f, struct line_table *t)
{
	struct rd r = { p, len, 0, f->big_endian, 0 };
	memset(t, 0, sizeof(*t));
	unsigned os;
	uint64_t unit_length = rd_initial_length(&r, &os);
	if (os != f->offset_size || unit_length != len - r.at) {
		t->err = "unit_length or offset size wrong";
		return;
	}
	if (rd_n(&r, 2) != 4) {
		t->err = "version is not 4";
		return;
	}
	uint64_t header_length = rd_n(&r, os);
	size_t program = r.at + (size_t)header_length;
	t->min_inst = (unsigned)rd_n(&r, 1);
	if (rd_n(&r, 1) != 1) {
		t->err = "maximum_operations_per_instruction is not 1";
		return;
	}
	t->default_is_stmt = (int)rd_n(&r, 1);
	t->line_base = (int8_t)rd_n(&r, 1);
	t->line_range = (unsigned)rd_n(&r, 1);
	t->opcode_base = (unsigned)rd_n(&r, 1);
	for (unsigned i = 1; i < t->opcode_base && i < 32; i++)
		t->std_len[i - 1] = (uint8_t)rd_n(&r, 1);
	while (!r.bad && *rd_str(&r))
		;
	for (;;) {
		const char *name = rd_str(&r);
		if (r.bad || !*name)
			break;
		if (t->nfiles < 16)
			t->files[t->nfiles++] = name;
		rd_uleb(&r);
		rd_uleb(&r);
		rd_uleb(&r);
	}
	if (r.bad || r.at != program) {
		t->err = "header_length does not reach the program";
		return;
	}
	run_line_program(&r, len, f, t);
}

/* The rows a line table must decode to, as (offset from addr, line, file, end). */
struct want_row { uint64_t addr, line, file; int end_seq; };

static void check_rows_at(const struct line_table *t, const struct want_row *w, size_t n, int line)
{
	int ok = !t->err && t->nrows == n;
	for (size_t i = 0; ok && i < n; i++)
		ok = t->rows[i].addr == w[i].addr && t->rows[i].line == w[i].line &&
		     t->rows[i].file == w[i].file && t->rows[i].end_seq == w[i].end_seq &&
		     t->rows[i].is_stmt;
	if (!ok) {
		fprintf(stderr, "\n    %s:%d: line rows (addr line file end): expected", __FILE__, line);
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, "\n      %#llx %llu %llu%s", (unsigned long long)w[i].addr,
			        (unsigned long long)w[i].line, (unsigned long long)w[i].file, w[i].end_seq ? " end" : "");
		fprintf(stderr, "\n    got%s%s", t->err ? " (error: " : "", t->err ? t->err : "");
		for (size_t i = 0; i < t->nrows; i++)
			fprintf(stderr, "\n      %#llx %llu %llu%s%s", (unsigned long long)t->rows[i].addr,
			        (unsigned long long)t->rows[i].line, (unsigned long long)t->rows[i].file,
			        t->rows[i].end_seq ? " end" : "", t->rows[i].is_stmt ? "" : " !stmt");
		fprintf(stderr, "\n    reproduce: make unit\n");
	}
	CU_assertImplementation(ok, (unsigned)line, "line rows", __FILE__, "", CU_FALSE);
}
#define CHECK_ROWS(t, ...) do { \
		static const struct want_row want_[] = { __VA_ARGS__ }; \
		check_rows_at((t), want_, sizeof(want_) / sizeof(want_[0]), __LINE__); \
	} while (0)

/* Header + one sequence, decoded. */
static void line_unit_of(const struct dw_format *f, uint64_t addr, uint64_t size, uint32_t file,
                         const struct solder_line *rows, size_t nrows, struct line_table *t, struct buf *seq_out)
{
	static const char *const files[] = { "main.c", "inc/util.h", "/abs/gen.c" };
	struct buf seq = new_buf(f), b = new_buf(f);
	dw_write_line_seq(&seq, f, addr, size, file, rows, nrows);
	uint32_t hsize = dw_line_header_size(f, files, 3);
	dw_write_line_header(&b, f, hsize - dw_initial_length_size(f) + seq.len, files, 3);
	buf_bytes(&b, seq.p, seq.len);
	CU_ASSERT_FATAL(!b.failed && !seq.failed);
	decode_line_unit(b.p, b.len, f, t);
	buf_free(&b);
	if (seq_out)
		*seq_out = seq;
	else
		buf_free(&seq);
}

/* ---- LEB128 (link/base.c): the encoders below build everything on these */

static void test_uleb128_encodings(void)
{
	struct buf b = new_buf(NULL);
	buf_uleb(&b, 0);
	CHECK_BYTES(&b, 0x00);
	b.len = 0;
	buf_uleb(&b, 127);
	CHECK_BYTES(&b, 0x7f);
	b.len = 0;
	buf_uleb(&b, 128);
	CHECK_BYTES(&b, 0x80, 0x01);
	b.len = 0;
	buf_uleb(&b, 624485);
	CHECK_BYTES(&b, 0xe5, 0x8e, 0x26);
	b.len = 0;
	buf_uleb(&b, UINT64_MAX);
	CHECK_BYTES(&b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
	static const uint64_t vals[] = { 0, 1, 127, 128, 16383, 16384, 624485, 1ull << 35, UINT64_MAX };
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		b.len = 0;
		buf_uleb(&b, vals[i]);
		CHECK_EQ(uleb_size(vals[i]), b.len);
		struct rd r = { b.p, b.len, 0, 0, 0 };
		CHECK_EQ(rd_uleb(&r), vals[i]);
	}
	buf_free(&b);
}

static void test_sleb128_encodings(void)
{
	struct buf b = new_buf(NULL);
	buf_sleb(&b, 0);
	CHECK_BYTES(&b, 0x00);
	b.len = 0;
	buf_sleb(&b, -1);
	CHECK_BYTES(&b, 0x7f);
	b.len = 0;
	buf_sleb(&b, 63);
	CHECK_BYTES(&b, 0x3f);
	b.len = 0;
	buf_sleb(&b, 64);
	CHECK_BYTES(&b, 0xc0, 0x00);
	b.len = 0;
	buf_sleb(&b, -64);
	CHECK_BYTES(&b, 0x40);
	b.len = 0;
	buf_sleb(&b, -65);
	CHECK_BYTES(&b, 0xbf, 0x7f);
	b.len = 0;
	buf_sleb(&b, -123456);
	CHECK_BYTES(&b, 0xc0, 0xbb, 0x78);
	b.len = 0;
	buf_sleb(&b, INT64_MIN);
	CHECK_BYTES(&b, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f);
	b.len = 0;
	buf_sleb(&b, INT64_MAX);
	CHECK_BYTES(&b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00);
	static const int64_t vals[] = { 0, 1, -1, 63, 64, -64, -65, 8191, -8192, 100000, -100000, INT64_MIN, INT64_MAX };
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		b.len = 0;
		buf_sleb(&b, vals[i]);
		CHECK_EQ(sleb_size(vals[i]), b.len);
		struct rd r = { b.p, b.len, 0, 0, 0 };
		CHECK_EQ(rd_sleb(&r), vals[i]);
	}
	buf_free(&b);
}

/* ---- .debug_abbrev */

/* Spelled out from the DWARF 4 tables (tag, attribute and form codes), not from dwarf.c. */
static void test_abbrev_table_bytes(void)
{
	struct buf b = new_buf(NULL);
	dw_write_abbrev(&b);
	CHECK_BYTES(&b,
		/* 1: compile_unit, children; producer strp, language data2, name strp,
		 * comp_dir strp, low_pc addr, high_pc addr, stmt_list sec_offset */
		0x01, 0x11, 0x01, 0x25, 0x0e, 0x13, 0x05, 0x03, 0x0e, 0x1b, 0x0e, 0x11, 0x01, 0x12, 0x01, 0x10, 0x17, 0, 0,
		/* 2: subprogram, children; name string, decl_file udata, decl_line udata, low_pc
		 * addr, high_pc udata, frame_base exprloc, external, prototyped, type ref4 */
		0x02, 0x2e, 0x01, 0x03, 0x08, 0x3a, 0x0f, 0x3b, 0x0f, 0x11, 0x01, 0x12, 0x0f, 0x40, 0x18,
		0x3f, 0x19, 0x27, 0x19, 0x49, 0x13, 0, 0,
		/* 3: the same without type */
		0x03, 0x2e, 0x01, 0x03, 0x08, 0x3a, 0x0f, 0x3b, 0x0f, 0x11, 0x01, 0x12, 0x0f, 0x40, 0x18,
		0x3f, 0x19, 0x27, 0x19, 0, 0,
		/* 4: base_type; name string, encoding data1, byte_size data1 */
		0x04, 0x24, 0x00, 0x03, 0x08, 0x3e, 0x0b, 0x0b, 0x0b, 0, 0,
		/* 5: formal_parameter; name, type ref4, location exprloc; 6: without location */
		0x05, 0x05, 0x00, 0x03, 0x08, 0x49, 0x13, 0x02, 0x18, 0, 0,
		0x06, 0x05, 0x00, 0x03, 0x08, 0x49, 0x13, 0, 0,
		/* 7: variable; name, decl_file, decl_line, external, location exprloc */
		0x07, 0x34, 0x00, 0x03, 0x08, 0x3a, 0x0f, 0x3b, 0x0f, 0x3f, 0x19, 0x02, 0x18, 0, 0,
		/* 8: the padding DIE: unspecified_type, no children, no attributes */
		0x08, 0x3b, 0x00, 0, 0,
		/* 9, 10: subprograms without parameters, so without children */
		0x09, 0x2e, 0x00, 0x03, 0x08, 0x3a, 0x0f, 0x3b, 0x0f, 0x11, 0x01, 0x12, 0x0f, 0x40, 0x18,
		0x3f, 0x19, 0x27, 0x19, 0x49, 0x13, 0, 0,
		0x0a, 0x2e, 0x00, 0x03, 0x08, 0x3a, 0x0f, 0x3b, 0x0f, 0x11, 0x01, 0x12, 0x0f, 0x40, 0x18,
		0x3f, 0x19, 0x27, 0x19, 0, 0,
		0x00);
	buf_free(&b);
}

static void test_abbrev_codes_match_the_enum(void)
{
	struct abbrevs t;
	load_abbrevs(&t);
	static const struct { unsigned code, tag; int children; } want[] = {
		{ DW_ABBREV_CU, TAG_compile_unit, 1 },
		{ DW_ABBREV_SUBPROGRAM, TAG_subprogram, 1 },
		{ DW_ABBREV_SUBPROGRAM_VOID, TAG_subprogram, 1 },
		{ DW_ABBREV_BASE_TYPE, TAG_base_type, 0 },
		{ DW_ABBREV_PARAM, TAG_formal_parameter, 0 },
		{ DW_ABBREV_PARAM_NOLOC, TAG_formal_parameter, 0 },
		{ DW_ABBREV_VARIABLE, TAG_variable, 0 },
		{ DW_ABBREV_PAD, TAG_unspecified_type, 0 },
		{ DW_ABBREV_PAD + 1, TAG_subprogram, 0 },
		{ DW_ABBREV_PAD + 2, TAG_subprogram, 0 },
	};
	CHECK_EQ(t.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]) && i < (size_t)t.n; i++) {
		CHECK_EQ(t.a[i].code, want[i].code);
		CHECK_EQ(t.a[i].tag, want[i].tag);
		CHECK_EQ(t.a[i].children, want[i].children);
	}
	CHECK_EQ(t.a[DW_ABBREV_PAD - 1].n, 0);
	CHECK_EQ(uleb_size(DW_ABBREV_PAD), 1);
}

/* ---- .debug_info */

static const struct dw_cu sample_cu = {
	.unit_length = 0x1234, .abbrev_offset = 0x10, .stmt_list = 0x20,
	.low_pc = 0x80001000, .high_pc = 0x80001080,
	.name_strp = 0x0d, .comp_dir_strp = 0x14, .producer_strp = 0x01, .language = 0x0c,
};

static void test_initial_length_size(void)
{
	CHECK_EQ(dw_initial_length_size(&F_I386), 4);
	CHECK_EQ(dw_initial_length_size(&F_X64_ELF32), 4);
	CHECK_EQ(dw_initial_length_size(&F_X64), 12);
	CHECK_EQ(dw_initial_length_size(&F_RV64), 12);
}

static void test_cu_header_bytes_i386(void)
{
	struct buf b = new_buf(&F_I386);
	dw_write_cu(&b, &F_I386, &sample_cu);
	CHECK_EQ(dw_info_header_size(&F_I386), 64);
	CHECK_BYTES(&b,
		0x34, 0x12, 0, 0,  0x04, 0x00,  0x10, 0, 0, 0,  0x04,   /* unit header */
		0x01,                                                   /* DW_ABBREV_CU */
		0x01, 0, 0, 0,  0x0c, 0x00,  0x0d, 0, 0, 0,  0x14, 0, 0, 0,
		0x00, 0x10, 0x00, 0x80,  0x80, 0x10, 0x00, 0x80,  0x20, 0, 0, 0,
		8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,                  /* 26 padding DIEs */
		8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8);
	buf_free(&b);
}

static void test_cu_header_prefix_dwarf64_and_big_endian(void)
{
	struct buf b = new_buf(&F_X64);
	dw_write_cu(&b, &F_X64, &sample_cu);
	static const uint8_t want64[] = {
		0xff, 0xff, 0xff, 0xff, 0x34, 0x12, 0, 0, 0, 0, 0, 0,   /* 64-bit initial length */
		0x04, 0x00, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x01,
	};
	check_bytes_at(b.p, b.len < sizeof(want64) ? b.len : sizeof(want64), want64, sizeof(want64), "64-bit DWARF CU prefix", __LINE__);
	buf_free(&b);

	b = new_buf(&F_BE32);
	dw_write_cu(&b, &F_BE32, &sample_cu);
	static const uint8_t want_be[] = { 0, 0, 0x12, 0x34, 0x00, 0x04, 0, 0, 0, 0x10, 0x04, 0x01, 0, 0, 0, 0x01, 0x00, 0x0c };
	check_bytes_at(b.p, b.len < sizeof(want_be) ? b.len : sizeof(want_be), want_be, sizeof(want_be), "big-endian CU prefix", __LINE__);
	buf_free(&b);
}

/* Every format: exactly dw_info_header_size bytes, the fields read back, and the tail
 * reads as padding DIEs up to the end. */
static void test_cu_header_fixed_size_every_format(void)
{
	struct abbrevs t;
	load_abbrevs(&t);
	for (size_t k = 0; k < NFORMATS; k++) {
		const struct dw_format *f = all_formats[k];
		struct buf b = new_buf(f);
		dw_write_cu(&b, f, &sample_cu);
		CU_ASSERT_FATAL(!b.failed);
		CHECK_EQ(b.len, dw_info_header_size(f));
		struct rd r = { b.p, b.len, 0, f->big_endian, 0 };
		unsigned os;
		CHECK_EQ(rd_initial_length(&r, &os), sample_cu.unit_length);
		CHECK_EQ(os, f->offset_size);
		CHECK_EQ(r.at, dw_initial_length_size(f));
		CHECK_EQ(rd_n(&r, 2), 4);
		CHECK_EQ(rd_n(&r, os), sample_cu.abbrev_offset);
		CHECK_EQ(rd_n(&r, 1), f->addr_size);
		struct die d;
		CU_ASSERT_FATAL(read_die(&r, &t, f, &d) == 0);
		CHECK_EQ(d.tag, TAG_compile_unit);
		CHECK_EQ(attr_v(&d, AT_producer), sample_cu.producer_strp);
		CHECK_EQ(attr_v(&d, AT_language), sample_cu.language);
		CHECK_EQ(attr_v(&d, AT_name), sample_cu.name_strp);
		CHECK_EQ(attr_v(&d, AT_comp_dir), sample_cu.comp_dir_strp);
		CHECK_EQ(attr_v(&d, AT_low_pc), sample_cu.low_pc);
		CHECK_EQ(attr_v(&d, AT_high_pc), sample_cu.high_pc);
		CHECK_EQ(attr_v(&d, AT_stmt_list), sample_cu.stmt_list);
		size_t pads = 0;
		while (r.at < b.len && read_die(&r, &t, f, &d) == 0 && d.code == DW_ABBREV_PAD)
			pads++;
		CHECK_EQ(r.at, b.len);
		CU_ASSERT(pads >= 1);
		buf_free(&b);
	}
}

static void test_info_pad_is_one_byte_dies(void)
{
	struct buf b = new_buf(NULL);
	dw_info_pad(&b, 0);
	CHECK_EQ(b.len, 0);
	dw_info_pad(&b, 5);
	CHECK_BYTES(&b, 8, 8, 8, 8, 8);
	buf_free(&b);
}

static const struct solder_type ty_int = { "int", 4, 5 };
static const struct solder_type ty_int_again = { "int", 4, 5 };   /* equal content, another object */
static const struct solder_type ty_long = { "long", 8, 5 };
static const struct solder_type ty_uchar = { "unsigned char", 1, 8 };

static void test_func_piece_bytes(void)
{
	static const struct solder_param params[] = { { "x", &ty_int, 5 } };
	static const struct solder_fn_debug dbg = { &ty_int, params, 1, 0 };
	struct dw_func fn = { .name = "f", .low_pc = 0x1000, .size = 0x10, .decl_file = 1, .decl_line = 3, .debug = &dbg };
	struct buf b = new_buf(&F_X64);
	dw_write_func(&b, &F_X64, 0x60, &fn);
	CHECK_BYTES(&b,
		0x02, 'f', 0, 0x01, 0x03, 0x00, 0x10, 0, 0, 0, 0, 0, 0, 0x10, 0x01, 0x9c,
		0x7e, 0, 0, 0,                          /* DW_AT_type: 0x60 + 30 */
		0x05, 'x', 0, 0x7e, 0, 0, 0, 0x01, 0x55,  /* x: int, DW_OP_reg5 */
		0x00,
		0x04, 'i', 'n', 't', 0, 0x05, 0x04);    /* at piece offset 30 */
	buf_free(&b);
}

/* Refs point inside the piece at the right DIEs, equal types share one DIE, in every
 * format (the big-endian one checks the patched references' byte order). */
static void test_func_piece_refs_and_dedup(void)
{
	static const struct solder_param params[] = {
		{ "a", &ty_int, 5 },
		{ "b", &ty_long, 4 },
		{ "c", &ty_int_again, 40 },   /* DW_OP_regx */
		{ "d", NULL, -1 },             /* unknown type, no location */
		{ "e", &ty_uchar, -1 },
		{ "g", NULL, 1 },
	};
	static const struct solder_fn_debug dbg = { &ty_long, params, 6, 0 };
	static const char *const want_type[] = { "long", "int", "long", "int", NULL, "unsigned char", NULL };
	struct abbrevs t;
	load_abbrevs(&t);
	for (size_t k = 0; k < NFORMATS; k++) {
		const struct dw_format *f = all_formats[k];
		const uint64_t die_offset = 0x1234;
		struct dw_func fn = { .name = "mix", .low_pc = 0x2000, .size = 300, .decl_file = 2, .decl_line = 7, .debug = &dbg };
		struct buf b = new_buf(f);
		buf_fill(&b, 0xee, die_offset);   /* the piece sits at its unit offset */
		dw_write_func(&b, f, die_offset, &fn);
		CU_ASSERT_FATAL(!b.failed);
		struct rd r = { b.p, b.len, die_offset, f->big_endian, 0 };
		struct die sub, d;
		CU_ASSERT_FATAL(read_die(&r, &t, f, &sub) == 0);
		CHECK_EQ(sub.code, DW_ABBREV_SUBPROGRAM);
		CHECK_STR(attr_s(&sub, AT_name), "mix");
		CHECK_EQ(attr_v(&sub, AT_decl_file), 2);
		CHECK_EQ(attr_v(&sub, AT_decl_line), 7);
		CHECK_EQ(attr_v(&sub, AT_low_pc), 0x2000);
		CHECK_EQ(attr_v(&sub, AT_high_pc), 300);
		CHECK_EQ(attr_v(&sub, AT_external), 1);
		CHECK_EQ(attr_v(&sub, AT_prototyped), 1);
		const struct attr *fb = die_attr(&sub, AT_frame_base);
		CU_ASSERT_FATAL(fb && fb->blen == 1);
		CHECK_EQ(fb->blk[0], 0x9c);
		uint64_t refs[7];
		refs[0] = attr_v(&sub, AT_type);
		for (int i = 0; i < 6; i++) {
			CU_ASSERT_FATAL(read_die(&r, &t, f, &d) == 0);
			CHECK_EQ(d.tag, TAG_formal_parameter);
			CHECK_STR(attr_s(&d, AT_name), params[i].name);
			refs[i + 1] = attr_v(&d, AT_type);
			const struct attr *loc = die_attr(&d, AT_location);
			CHECK_EQ(loc != NULL, params[i].dwarf_reg >= 0);
			if (loc && params[i].dwarf_reg < 32) {
				CHECK_EQ(loc->blen, 1);
				CHECK_EQ(loc->blk[0], 0x50 + params[i].dwarf_reg);
			} else if (loc) {
				CHECK_EQ(loc->blen, 2);
				CHECK_EQ(loc->blk[0], 0x90);
				CHECK_EQ(loc->blk[1], params[i].dwarf_reg);
			}
		}
		CU_ASSERT_FATAL(read_die(&r, &t, f, &d) == 0);
		CHECK_EQ(d.code, 0);          /* the subprogram's children end */
		size_t types_at = r.at, ntypes = 0;
		while (r.at < b.len && read_die(&r, &t, f, &d) == 0)
			ntypes++;
		CHECK_EQ(r.at, b.len);
		CHECK_EQ(ntypes, 4);          /* long, int, unspecified, unsigned char */
		for (int i = 0; i < 7; i++) {
			CU_ASSERT(refs[i] >= types_at && refs[i] < b.len);
			if (refs[i] < types_at || refs[i] >= b.len)
				continue;
			struct rd rt = { b.p, b.len, (size_t)refs[i], f->big_endian, 0 };
			CU_ASSERT_FATAL(read_die(&rt, &t, f, &d) == 0);
			if (want_type[i]) {
				CHECK_EQ(d.tag, TAG_base_type);
				CHECK_STR(attr_s(&d, AT_name), want_type[i]);
			} else {
				CHECK_EQ(d.tag, TAG_unspecified_type);
			}
		}
		CHECK_EQ(refs[0], refs[2]);
		CHECK_EQ(refs[1], refs[3]);
		CHECK_EQ(refs[4], refs[6]);
		CHECK_EQ(refs[0], types_at);  /* types in order of first reference */
		buf_free(&b);
	}
}

static void test_func_piece_without_debug(void)
{
	struct abbrevs t;
	load_abbrevs(&t);
	struct dw_func fn = { .name = "tick", .low_pc = 0x40, .size = 8, .decl_file = 1, .decl_line = 4 };
	struct buf b = new_buf(&F_I386);
	dw_write_func(&b, &F_I386, 0x40, &fn);
	CHECK_BYTES(&b, 0x0a, 't', 'i', 'c', 'k', 0, 0x01, 0x04, 0x40, 0, 0, 0, 0x08, 0x01, 0x9c);
	buf_free(&b);

	/* No parameters but a return type: no children, the type right after the DIE. */
	static const struct solder_fn_debug ret_only = { &ty_int, NULL, 0, 0 };
	fn.debug = &ret_only;
	b = new_buf(&F_I386);
	dw_write_func(&b, &F_I386, 0x40, &fn);
	CHECK_BYTES(&b, 0x09, 't', 'i', 'c', 'k', 0, 0x01, 0x04, 0x40, 0, 0, 0, 0x08, 0x01, 0x9c,
	            0x53, 0, 0, 0,  0x04, 'i', 'n', 't', 0, 0x05, 0x04);
	buf_free(&b);

	/* decl_line 0 takes the debug description's; a void function has no DW_AT_type. */
	static const struct solder_param params[] = { { "v", &ty_uchar, -1 } };
	static const struct solder_fn_debug dbg = { NULL, params, 1, 42 };
	fn.decl_line = 0;
	fn.debug = &dbg;
	b = new_buf(&F_I386);
	dw_write_func(&b, &F_I386, 0x40, &fn);
	struct rd r = { b.p, b.len, 0, 0, 0 };
	struct die d;
	CU_ASSERT_FATAL(read_die(&r, &t, &F_I386, &d) == 0);
	CHECK_EQ(d.code, DW_ABBREV_SUBPROGRAM_VOID);
	CHECK_EQ(attr_v(&d, AT_decl_line), 42);
	CU_ASSERT(die_attr(&d, AT_type) == NULL);
	CU_ASSERT_FATAL(read_die(&r, &t, &F_I386, &d) == 0);
	CHECK_EQ(d.code, DW_ABBREV_PARAM_NOLOC);
	CHECK_EQ(attr_v(&d, AT_type), 0x40 + r.at + 1);   /* just past the closing 0 */
	buf_free(&b);
}

static void test_object_piece_bytes(void)
{
	struct dw_func obj = { .name = "cnt", .low_pc = 0x80002000, .size = 4, .decl_file = 1, .decl_line = 5, .is_object = 1 };
	struct buf b = new_buf(&F_I386);
	dw_write_func(&b, &F_I386, 0x100, &obj);
	CHECK_BYTES(&b, 0x07, 'c', 'n', 't', 0, 0x01, 0x05, 0x05, 0x03, 0x00, 0x20, 0x00, 0x80);
	buf_free(&b);
	b = new_buf(&F_BE32);
	dw_write_func(&b, &F_BE32, 0x100, &obj);
	CHECK_BYTES(&b, 0x07, 'c', 'n', 't', 0, 0x01, 0x05, 0x05, 0x03, 0x80, 0x00, 0x20, 0x00);
	buf_free(&b);
	b = new_buf(&F_X64);
	dw_write_func(&b, &F_X64, 0x100, &obj);
	CHECK_BYTES(&b, 0x07, 'c', 'n', 't', 0, 0x01, 0x05, 0x09, 0x03, 0x00, 0x20, 0x00, 0x80, 0, 0, 0, 0);
	buf_free(&b);
}

/* ---- .debug_line */

static void test_line_header_bytes_i386(void)
{
	static const char *const files[] = { "a.c" };
	struct buf b = new_buf(&F_I386);
	dw_write_line_header(&b, &F_I386, 0x40, files, 1);
	CHECK_EQ(dw_line_header_size(&F_I386, files, 1), 37);
	CHECK_BYTES(&b,
		0x40, 0, 0, 0,  0x04, 0x00,  0x1b, 0, 0, 0,   /* unit_length, version, header_length */
		0x01, 0x01, 0x01, 0xfb, 0x0e, 0x0d,           /* min_inst, max_ops, is_stmt, -5, 14, 13 */
		0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1,            /* standard_opcode_lengths */
		0x00,                                         /* no include_directories */
		'a', '.', 'c', 0, 0, 0, 0,  0x00);
	buf_free(&b);
}

static void test_line_header_size_matches_written(void)
{
	static char longname[300];
	memset(longname, 'n', sizeof(longname) - 1);
	const char *const sets[][3] = { { "x.c", "", "" }, { "main.c", "inc/util.h", "/abs/gen.c" }, { longname, "b.c", "c.c" } };
	static const uint32_t counts[] = { 0, 1, 3, 3 };
	for (size_t k = 0; k < NFORMATS; k++) {
		const struct dw_format *f = all_formats[k];
		for (size_t s = 0; s < 4; s++) {
			const char *const *files = sets[s ? s - 1 : 0];
			struct buf b = new_buf(f);
			uint32_t size = dw_line_header_size(f, files, counts[s]);
			dw_write_line_header(&b, f, size - dw_initial_length_size(f), files, counts[s]);
			CU_ASSERT_FATAL(!b.failed);
			CHECK_EQ(b.len, size);
			struct line_table t;
			decode_line_unit(b.p, b.len, f, &t);   /* checks unit_length and header_length */
			CU_ASSERT(t.err == NULL);
			if (t.err)
				fprintf(stderr, "\n    decode: %s\n", t.err);
			CHECK_EQ(t.nfiles, counts[s]);
			for (uint32_t i = 0; i < t.nfiles && i < counts[s]; i++)
				CHECK_STR(t.files[i], files[i]);
			CHECK_EQ(t.min_inst, f->min_inst_len);
			CHECK_EQ(t.nrows, 0);
			buf_free(&b);
		}
	}
}

static void test_line_seq_bytes(void)
{
	static const struct solder_line rows[] = { { 0, 1 }, { 4, 2 } };
	struct buf b = new_buf(&F_I386);
	dw_write_line_seq(&b, &F_I386, 0x1000, 8, 1, rows, 2);
	CHECK_BYTES(&b,
		0x00, 0x05, 0x02, 0x00, 0x10, 0x00, 0x00,   /* DW_LNE_set_address 0x1000 */
		0x12,                                       /* special: +0 bytes, +0 lines */
		0x4b,                                       /* special: +4 bytes, +1 line */
		0x02, 0x04,                                 /* DW_LNS_advance_pc 4 */
		0x00, 0x01, 0x01);                          /* DW_LNE_end_sequence */
	buf_free(&b);
}

static void test_line_seq_rows_decode(void)
{
	static const struct solder_line rows[] = { { 0, 10 }, { 4, 11 }, { 9, 12 }, { 9, 14 }, { 30, 13 } };
	struct line_table t;
	line_unit_of(&F_I386, 0x1000, 0x20, 1, rows, 5, &t, NULL);
	CHECK_ROWS(&t, { 0x1000, 10, 1, 0 }, { 0x1004, 11, 1, 0 }, { 0x1009, 12, 1, 0 }, { 0x1009, 14, 1, 0 },
	           { 0x101e, 13, 1, 0 }, { 0x1020, 13, 1, 1 });
	line_unit_of(&F_X64, 0xffffffff80001000ull, 0x20, 1, rows, 5, &t, NULL);
	CHECK_ROWS(&t, { 0xffffffff80001000ull, 10, 1, 0 }, { 0xffffffff80001004ull, 11, 1, 0 },
	           { 0xffffffff80001009ull, 12, 1, 0 }, { 0xffffffff80001009ull, 14, 1, 0 },
	           { 0xffffffff8000101eull, 13, 1, 0 }, { 0xffffffff80001020ull, 13, 1, 1 });
}

static void test_line_seq_first_row_late_and_other_file(void)
{
	static const struct solder_line rows[] = { { 6, 20 }, { 8, 21 } };
	struct line_table t;
	line_unit_of(&F_I386, 0x2000, 0x10, 2, rows, 2, &t, NULL);
	CHECK_ROWS(&t, { 0x2000, 20, 2, 0 }, { 0x2006, 20, 2, 0 }, { 0x2008, 21, 2, 0 }, { 0x2010, 21, 2, 1 });
	line_unit_of(&F_BE32, 0x2000, 0x10, 3, rows, 2, &t, NULL);
	CHECK_ROWS(&t, { 0x2000, 20, 3, 0 }, { 0x2006, 20, 3, 0 }, { 0x2008, 21, 3, 0 }, { 0x2010, 21, 3, 1 });
}

/* RISC-V with C: advances count 2-byte units, so odd offsets (and an odd size) need
 * DW_LNE_set_address; the decoder rejects an address that goes back. */
static void test_line_seq_offsets_off_the_instruction_unit(void)
{
	static const struct solder_line rows[] = { { 0, 1 }, { 3, 2 }, { 4, 3 }, { 7, 4 }, { 8, 4 } };
	struct line_table t;
	line_unit_of(&F_RV64, 0x80000000, 9, 1, rows, 5, &t, NULL);
	CHECK_EQ(t.min_inst, 2);
	CHECK_ROWS(&t, { 0x80000000, 1, 1, 0 }, { 0x80000003, 2, 1, 0 }, { 0x80000004, 3, 1, 0 },
	           { 0x80000007, 4, 1, 0 }, { 0x80000008, 4, 1, 0 }, { 0x80000009, 4, 1, 1 });
	line_unit_of(&F_BE32, 0x1000, 10, 1, rows, 5, &t, NULL);
	CHECK_ROWS(&t, { 0x1000, 1, 1, 0 }, { 0x1003, 2, 1, 0 }, { 0x1004, 3, 1, 0 },
	           { 0x1007, 4, 1, 0 }, { 0x1008, 4, 1, 0 }, { 0x100a, 4, 1, 1 });
}

static void test_line_seq_large_advances(void)
{
	static const struct solder_line rows[] = { { 0, 100000 }, { 5000, 3 }, { 75000, 70000 }, { 75004, 69990 } };
	struct line_table t;
	line_unit_of(&F_RV32, 0x10000, 200000, 1, rows, 4, &t, NULL);
	CHECK_ROWS(&t, { 0x10000, 100000, 1, 0 }, { 0x10000 + 5000, 3, 1, 0 }, { 0x10000 + 75000, 70000, 1, 0 },
	           { 0x10000 + 75004, 69990, 1, 0 }, { 0x10000 + 200000, 69990, 1, 1 });
}

/* Rows it cannot place are dropped, so the program stays valid. */
static void test_line_seq_drops_rows_out_of_order_or_range(void)
{
	static const struct solder_line rows[] = { { 4, 7 }, { 2, 8 }, { 6, 9 }, { 16, 10 } };
	struct line_table t;
	line_unit_of(&F_I386, 0x3000, 16, 1, rows, 4, &t, NULL);
	CHECK_ROWS(&t, { 0x3000, 7, 1, 0 }, { 0x3004, 7, 1, 0 }, { 0x3006, 9, 1, 0 }, { 0x3010, 9, 1, 1 });
}

static void test_line_seq_without_rows_is_empty(void)
{
	static const struct solder_line beyond[] = { { 8, 3 } };
	struct buf b = new_buf(&F_I386);
	dw_write_line_seq(&b, &F_I386, 0x1000, 8, 2, NULL, 0);
	CHECK_BYTES(&b, 0x00, 0x05, 0x02, 0x00, 0x10, 0x00, 0x00, 0x00, 0x01, 0x01);
	b.len = 0;
	dw_write_line_seq(&b, &F_I386, 0x1000, 8, 2, beyond, 1);
	CHECK_BYTES(&b, 0x00, 0x05, 0x02, 0x00, 0x10, 0x00, 0x00, 0x00, 0x01, 0x01);
	buf_free(&b);
	struct line_table t;
	line_unit_of(&F_X64, 0x1000, 8, 2, NULL, 0, &t, NULL);
	CHECK_ROWS(&t, { 0x1000, 1, 1, 1 });
}

static void test_line_pad_bytes(void)
{
	struct buf b = new_buf(NULL);
	dw_line_pad(&b, 0);
	CHECK_EQ(b.len, 0);
	dw_line_pad(&b, 3);
	CHECK_BYTES(&b, 0x07, 0x07, 0x07);
	buf_free(&b);
}

/* A program with padding between, before and after its sequences decodes to the same
 * rows as without. The only trace is DW_LNS_set_basic_block's flag on the first row of
 * a sequence, which is true of a function's first instruction anyway. */
static void test_line_padding_is_neutral(void)
{
	static const char *const files[] = { "main.c", "util.h" };
	static const struct solder_line r1[] = { { 0, 3 }, { 2, 4 }, { 12, 9 } };
	static const struct solder_line r2[] = { { 4, 30 }, { 5, 28 } };
	static const size_t pads[2][5] = { { 0, 0, 0, 0, 0 }, { 7, 1, 13, 5, 2 } };
	const struct dw_format *fs[] = { &F_I386, &F_X64, &F_RV32, &F_BE32 };
	for (size_t k = 0; k < 4; k++) {
		const struct dw_format *f = fs[k];
		struct line_table t[2];
		for (int v = 0; v < 2; v++) {
			struct buf body = new_buf(f), b = new_buf(f);
			dw_line_pad(&body, pads[v][0]);
			dw_write_line_seq(&body, f, 0x1000, 16, 1, r1, 3);
			dw_line_pad(&body, pads[v][1]);
			dw_write_line_seq(&body, f, 0x1010, 8, 2, r2, 2);
			dw_line_pad(&body, pads[v][2]);
			dw_write_line_seq(&body, f, 0x1018, 8, 1, NULL, 0);
			dw_line_pad(&body, pads[v][3]);
			dw_write_line_seq(&body, f, 0x1020, 8, 1, r1, 1);
			dw_line_pad(&body, pads[v][4]);
			uint32_t hs = dw_line_header_size(f, files, 2);
			dw_write_line_header(&b, f, hs - dw_initial_length_size(f) + body.len, files, 2);
			buf_bytes(&b, body.p, body.len);
			CU_ASSERT_FATAL(!b.failed);
			decode_line_unit(b.p, b.len, f, &t[v]);
			memset(t[v].files, 0, sizeof(t[v].files));
			buf_free(&b);
			buf_free(&body);
		}
		check_rows_at(&t[1], (const struct want_row[]){
			{ 0x1000, 3, 1, 0 }, { 0x1002, 4, 1, 0 }, { 0x100c, 9, 1, 0 }, { 0x1010, 9, 1, 1 },
			{ 0x1010, 30, 2, 0 }, { 0x1014, 30, 2, 0 }, { 0x1015, 28, 2, 0 }, { 0x1018, 28, 2, 1 },
			{ 0x1018, 1, 1, 1 },
			{ 0x1020, 3, 1, 0 }, { 0x1028, 3, 1, 1 } }, 11, __LINE__);
		CHECK_EQ(t[1].nrows, t[0].nrows);
		for (size_t i = 0; i < t[0].nrows && i < t[1].nrows; i++) {
			CHECK_EQ(t[1].rows[i].addr, t[0].rows[i].addr);
			CHECK_EQ(t[1].rows[i].line, t[0].rows[i].line);
			CHECK_EQ(t[1].rows[i].file, t[0].rows[i].file);
			CHECK_EQ(t[1].rows[i].is_stmt, t[0].rows[i].is_stmt);
			CHECK_EQ(t[1].rows[i].end_seq, t[0].rows[i].end_seq);
			int starts_seq = i == 0 || t[1].rows[i - 1].end_seq;
			CHECK_EQ(t[1].rows[i].basic_block, starts_seq && pads[1][0] > 0);
			CHECK_EQ(t[0].rows[i].basic_block, 0);
		}
	}
}

/* ---- .debug_aranges */

static void test_aranges_layout_addr4(void)
{
	struct buf b = new_buf(&F_I386);
	CHECK_EQ(dw_aranges_header_size(&F_I386), 16);
	dw_write_aranges_header(&b, &F_I386, 2, 0x30);
	CHECK_EQ(b.len, 16);
	dw_write_aranges_tuple(&b, &F_I386, 0x1000, 0x20);
	dw_write_aranges_tuple(&b, &F_I386, 0x1040, 0);   /* a freed slot */
	dw_write_aranges_end(&b, &F_I386);
	CHECK_BYTES(&b,
		0x24, 0, 0, 0,  0x02, 0x00,  0x30, 0, 0, 0,  0x04, 0x00,  0, 0, 0, 0,
		0x00, 0x10, 0, 0,  0x20, 0, 0, 0,
		0x40, 0x10, 0, 0,  0, 0, 0, 0,
		0, 0, 0, 0,  0, 0, 0, 0);
	buf_free(&b);
	b = new_buf(&F_BE32);
	dw_write_aranges_header(&b, &F_BE32, 1, 0x30);
	dw_write_aranges_tuple(&b, &F_BE32, 0x1000, 0x20);
	dw_write_aranges_end(&b, &F_BE32);
	CHECK_BYTES(&b,
		0, 0, 0, 0x1c,  0x00, 0x02,  0, 0, 0, 0x30,  0x04, 0x00,  0, 0, 0, 0,
		0, 0, 0x10, 0x00,  0, 0, 0, 0x20,
		0, 0, 0, 0,  0, 0, 0, 0);
	buf_free(&b);
}

static void test_aranges_layout_addr8(void)
{
	struct buf b = new_buf(&F_X64);
	CHECK_EQ(dw_aranges_header_size(&F_X64), 32);
	dw_write_aranges_header(&b, &F_X64, 1, 0x30);
	CHECK_EQ(b.len, 32);
	dw_write_aranges_tuple(&b, &F_X64, 0xffffffff80001000ull, 0x20);
	dw_write_aranges_end(&b, &F_X64);
	CHECK_BYTES(&b,
		0xff, 0xff, 0xff, 0xff,  0x34, 0, 0, 0, 0, 0, 0, 0,   /* 32 - 12 + 2 * 16 */
		0x02, 0x00,  0x30, 0, 0, 0, 0, 0, 0, 0,  0x08, 0x00,
		0, 0, 0, 0, 0, 0, 0, 0,                               /* to 16-byte alignment */
		0x00, 0x10, 0x00, 0x80, 0xff, 0xff, 0xff, 0xff,  0x20, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0);
	buf_free(&b);
	b = new_buf(&F_X64_ELF32);
	CHECK_EQ(dw_aranges_header_size(&F_X64_ELF32), 16);
	dw_write_aranges_header(&b, &F_X64_ELF32, 0, 0);
	CHECK_BYTES(&b, 0x1c, 0, 0, 0,  0x02, 0x00,  0, 0, 0, 0,  0x08, 0x00,  0, 0, 0, 0);
	buf_free(&b);
	for (size_t k = 0; k < NFORMATS; k++) {
		uint32_t h = dw_aranges_header_size(all_formats[k]);
		CHECK_EQ(h % (2u * all_formats[k]->addr_size), 0);
		CU_ASSERT(h >= dw_initial_length_size(all_formats[k]) + 4u + all_formats[k]->offset_size);
	}
}

/* ---- the real readers: an ELF file built from the pieces, as the writer lays them out */

struct sec { const char *name; uint32_t type; uint64_t flags, addr, entsize; struct buf *data; };

/* A relocation-free ELF file with section headers only, written with plain stdio. */
static int write_elf(const char *path, int is64, int be, uint16_t machine, const struct sec *secs, size_t n)
{
	struct buf shstr, out;
	buf_init(&shstr, &test_alloc, be);
	buf_init(&out, &test_alloc, be);
	uint32_t names[16];
	buf_u8(&shstr, 0);
	for (size_t i = 0; i < n; i++) {
		names[i] = (uint32_t)shstr.len;
		buf_str(&shstr, secs[i].name);
	}
	uint32_t shstr_name = (uint32_t)shstr.len;
	buf_str(&shstr, ".shstrtab");
	unsigned ws = is64 ? 8 : 4, ehsize = is64 ? 64 : 52, shentsize = is64 ? 64 : 40;

	uint64_t offs[17];
	uint64_t at = ehsize;
	for (size_t i = 0; i <= n; i++) {
		at = align_up(at, 8);
		offs[i] = at;
		at += i < n ? secs[i].data->len : shstr.len;
	}
	uint64_t shoff = align_up(at, 8);

	static const uint8_t ident[4] = { 0x7f, 'E', 'L', 'F' };
	buf_bytes(&out, ident, 4);
	buf_u8(&out, is64 ? 2 : 1);
	buf_u8(&out, be ? 2 : 1);
	buf_u8(&out, 1);
	buf_fill(&out, 0, 9);
	buf_u16(&out, 2);                     /* ET_EXEC */
	buf_u16(&out, machine);
	buf_u32(&out, 1);
	buf_word(&out, 0, ws);                /* e_entry */
	buf_word(&out, 0, ws);                /* e_phoff */
	buf_word(&out, shoff, ws);
	buf_u32(&out, 0);
	buf_u16(&out, (uint16_t)ehsize);
	buf_u16(&out, 0);
	buf_u16(&out, 0);
	buf_u16(&out, (uint16_t)shentsize);
	buf_u16(&out, (uint16_t)(n + 2));
	buf_u16(&out, (uint16_t)(n + 1));
	for (size_t i = 0; i <= n; i++) {
		buf_fill(&out, 0, offs[i] - out.len);
		if (i < n)
			buf_bytes(&out, secs[i].data->p, secs[i].data->len);
		else
			buf_bytes(&out, shstr.p, shstr.len);
	}
	buf_fill(&out, 0, shoff - out.len);
	buf_fill(&out, 0, shentsize);         /* SHN_UNDEF */
	for (size_t i = 0; i <= n; i++) {
		int last = i == n;
		buf_u32(&out, last ? shstr_name : names[i]);
		buf_u32(&out, last ? 3 : secs[i].type);
		buf_word(&out, last ? 0 : secs[i].flags, ws);
		buf_word(&out, last ? 0 : secs[i].addr, ws);
		buf_word(&out, offs[i], ws);
		buf_word(&out, last ? shstr.len : secs[i].data->len, ws);
		buf_u32(&out, 0);
		buf_u32(&out, 0);
		buf_word(&out, 1, ws);
		buf_word(&out, last ? 0 : secs[i].entsize, ws);
	}
	int ok = !out.failed && !shstr.failed;
	FILE *fp = ok ? fopen(path, "wb") : NULL;
	ok = fp && fwrite(out.p, 1, out.len, fp) == out.len;
	if (fp && fclose(fp) != 0)
		ok = 0;
	buf_free(&out);
	buf_free(&shstr);
	return ok ? 0 : -1;
}

/* The debug sections for three functions and a data object, with padding of assorted
 * sizes between pieces, the way link/debug.c places them. */
struct debug_fixture {
	struct buf text, data, abbrev, info, line, aranges, str;
};

#define TEXT_ADDR 0x1000u
#define DATA_ADDR 0x2000u

static void build_fixture(const struct dw_format *f, struct debug_fixture *x)
{
	static const char *const files[] = { "main.c", "inc/util.h" };
	static const struct solder_param add_params[] = {
		{ "a", &ty_int, 5 }, { "b", &ty_long, 4 }, { "c", &ty_int_again, 2 }, { "d", &ty_uchar, -1 },
	};
	static const struct solder_fn_debug add_dbg = { &ty_int, add_params, 4, 9 };
	static const struct solder_param noop_params[] = { { "x", &ty_uchar, -1 } };
	static const struct solder_fn_debug noop_dbg = { NULL, noop_params, 1, 0 };
	static const struct solder_fn_debug answer_dbg = { &ty_long, NULL, 0, 0 };
	static const struct solder_line add_rows[] = { { 0, 10 }, { 4, 11 }, { 9, 12 } };
	static const struct solder_line tick_rows[] = { { 2, 20 }, { 6, 21 } };
	static const struct solder_line answer_rows[] = { { 0, 41 } };
	const struct dw_func fns[] = {
		{ .name = "add", .low_pc = TEXT_ADDR, .size = 0x20, .decl_file = 1, .decl_line = 0, .debug = &add_dbg },
		{ .name = "tick", .low_pc = TEXT_ADDR + 0x40, .size = 0x10, .decl_file = 2, .decl_line = 19 },
		{ .name = "noop", .low_pc = TEXT_ADDR + 0x60, .size = 0x8, .decl_file = 1, .decl_line = 30, .debug = &noop_dbg },
		{ .name = "answer", .low_pc = TEXT_ADDR + 0x68, .size = 0x8, .decl_file = 1, .decl_line = 40, .debug = &answer_dbg },
		{ .name = "counter", .low_pc = DATA_ADDR, .size = 4, .decl_file = 1, .decl_line = 2, .is_object = 1 },
	};
	static const size_t pads[] = { 5, 3, 1, 7, 4, 2 };
	struct buf *all[] = { &x->text, &x->data, &x->abbrev, &x->info, &x->line, &x->aranges, &x->str };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		*all[i] = new_buf(f);
	buf_fill(&x->text, 0x90, 0x80);
	buf_fill(&x->data, 0, 4);

	buf_u8(&x->str, 0);
	uint64_t producer = x->str.len;
	buf_str(&x->str, "solder-test 0.1");
	uint64_t name = x->str.len;
	buf_str(&x->str, "main.c");
	uint64_t comp_dir = x->str.len;
	buf_str(&x->str, "/tmp/solder");

	dw_write_abbrev(&x->abbrev);

	/* .debug_info: header piece, then each piece after its padding, then the closing 0. */
	struct buf body = new_buf(f);
	uint32_t h = dw_info_header_size(f);
	for (size_t i = 0; i < 5; i++) {
		dw_info_pad(&body, pads[i]);
		dw_write_func(&body, f, h + body.len, &fns[i]);
	}
	dw_info_pad(&body, pads[5]);
	buf_u8(&body, 0);
	struct dw_cu cu = {
		.unit_length = h + body.len - dw_initial_length_size(f), .abbrev_offset = 0, .stmt_list = 0,
		.low_pc = TEXT_ADDR, .high_pc = TEXT_ADDR + 0x80,
		.name_strp = name, .comp_dir_strp = comp_dir, .producer_strp = producer, .language = 0x0c,
	};
	dw_write_cu(&x->info, f, &cu);
	buf_bytes(&x->info, body.p, body.len);

	/* .debug_line: header, then one sequence per function between padding. */
	body.len = 0;
	dw_line_pad(&body, pads[0]);
	dw_write_line_seq(&body, f, fns[0].low_pc, fns[0].size, 1, add_rows, 3);
	dw_line_pad(&body, pads[1]);
	dw_write_line_seq(&body, f, fns[1].low_pc, fns[1].size, 2, tick_rows, 2);
	dw_line_pad(&body, pads[2]);
	dw_write_line_seq(&body, f, fns[2].low_pc, fns[2].size, 1, NULL, 0);
	dw_line_pad(&body, pads[3]);
	dw_write_line_seq(&body, f, fns[3].low_pc, fns[3].size, 1, answer_rows, 1);
	dw_line_pad(&body, pads[4]);
	uint32_t lh = dw_line_header_size(f, files, 2);
	dw_write_line_header(&x->line, f, lh + body.len - dw_initial_length_size(f), files, 2);
	buf_bytes(&x->line, body.p, body.len);
	buf_free(&body);

	/* .debug_aranges: one tuple per function slot, one of them freed. */
	dw_write_aranges_header(&x->aranges, f, 5, 0);
	dw_write_aranges_tuple(&x->aranges, f, fns[0].low_pc, fns[0].size);
	dw_write_aranges_tuple(&x->aranges, f, fns[1].low_pc, fns[1].size);
	dw_write_aranges_tuple(&x->aranges, f, TEXT_ADDR + 0x70, 0);
	dw_write_aranges_tuple(&x->aranges, f, fns[2].low_pc, fns[2].size);
	dw_write_aranges_tuple(&x->aranges, f, fns[3].low_pc, fns[3].size);
	dw_write_aranges_end(&x->aranges, f);
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		CU_ASSERT_FATAL(!all[i]->failed);
}

static void free_fixture(struct debug_fixture *x)
{
	struct buf *all[] = { &x->text, &x->data, &x->abbrev, &x->info, &x->line, &x->aranges, &x->str };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		buf_free(all[i]);
}

static int have_tool(const char *tool)
{
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

/* Runs cmd with its output in a file; returns the exit status and the output (malloc'd). */
static int run_tool(const char *cmd, const char *out_path, char **out)
{
	char full[1024];
	snprintf(full, sizeof(full), "%s >%s 2>&1", cmd, out_path);
	int st = system(full);
	*out = NULL;
	FILE *fp = fopen(out_path, "rb");
	if (fp) {
		size_t cap = 1 << 20, n = 0;
		char *s = malloc(cap + 1);
		if (s) {
			n = fread(s, 1, cap, fp);
			s[n] = 0;
			*out = s;
		}
		fclose(fp);
	}
	remove(out_path);
	return st;
}

/* A line of tool output that is a complaint: mentions an error or a warning (llvm's
 * "No errors." summary aside). */
static const char *first_complaint(const char *s)
{
	static char line[512];
	while (*s) {
		size_t n = strcspn(s, "\n");
		size_t m = n < sizeof(line) - 1 ? n : sizeof(line) - 1;
		memcpy(line, s, m);
		line[m] = 0;
		for (char *c = line; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		if ((strstr(line, "error") || strstr(line, "warning")) && !strstr(line, "no errors."))
			return line;
		s += n + (s[n] == '\n');
	}
	return NULL;
}

/* The tool's output must not complain and must contain every one of want. */
static void check_tool_at(const char *cmd, const char *path, const char *const *want, size_t nwant, int line)
{
	char out_path[256], *out;
	snprintf(out_path, sizeof(out_path), "%s.out", path);
	int st = run_tool(cmd, out_path, &out);
	const char *complaint = out ? first_complaint(out) : "(no output)";
	const char *missing = NULL;
	for (size_t i = 0; out && i < nwant && !missing; i++)
		if (!strstr(out, want[i]))
			missing = want[i];
	int ok = st == 0 && !complaint && !missing;
	if (!ok)
		fprintf(stderr, "\n    %s:%d: `%s` (exit %d) %s%s%s%s\n    output:\n%s\n    reproduce: make unit; %s (file kept)\n",
		        __FILE__, line, cmd, st, complaint ? "complains: " : "", complaint ? complaint : "",
		        missing ? " lacks: " : "", missing ? missing : "", out ? out : "", cmd);
	CU_assertImplementation(ok, (unsigned)line, cmd, __FILE__, "", CU_FALSE);
	free(out);
}
#define CHECK_TOOL(cmd, path, ...) do { \
		const char *const want_[] = { __VA_ARGS__ }; \
		check_tool_at((cmd), (path), want_, sizeof(want_) / sizeof(want_[0]), __LINE__); \
	} while (0)

/* A target's container: ELF class and e_machine, with the DWARF format it implies. The
 * ELF32 files with 8-byte addresses are the x86_64-in-ELF32 multiboot container. */
struct elf_case { const char *tag; const struct dw_format *f; int is64; uint16_t machine; };

static void test_real_readers_accept_the_output(void)
{
	static const struct elf_case cases[] = {
		{ "x86_64", &F_X64, 1, 62 },
		{ "i386", &F_I386, 0, 3 },
		{ "riscv64", &F_RV64, 1, 243 },
		{ "riscv32", &F_RV32, 0, 243 },
		{ "ppc-be", &F_BE32, 0, 20 },
		{ "x86_64-elf32", &F_X64_ELF32, 0, 62 },
		{ "i386-elf32-addr8", &F_X64_ELF32, 0, 3 },
	};
	int have_llvm = have_tool("llvm-dwarfdump"), have_readelf = have_tool("readelf");
	int have_gdb = have_tool("gdb-multiarch");
	if (!have_llvm || !have_readelf || !have_gdb)
		fprintf(stderr, "\n    note: skipping the readers that are missing:%s%s%s\n",
		        have_llvm ? "" : " llvm-dwarfdump", have_readelf ? "" : " readelf", have_gdb ? "" : " gdb-multiarch");
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const struct elf_case *c = &cases[k];
		struct debug_fixture x;
		build_fixture(c->f, &x);
		const struct sec secs[] = {
			{ ".text", 1, 0x6, TEXT_ADDR, 0, &x.text },
			{ ".data", 1, 0x3, DATA_ADDR, 0, &x.data },
			{ ".debug_abbrev", 1, 0, 0, 0, &x.abbrev },
			{ ".debug_info", 1, 0, 0, 0, &x.info },
			{ ".debug_line", 1, 0, 0, 0, &x.line },
			{ ".debug_aranges", 1, 0, 0, 0, &x.aranges },
			{ ".debug_str", 1, 0x30, 0, 1, &x.str },
		};
		char path[256], cmd[512];
		snprintf(path, sizeof(path), "/tmp/solder-test-dwarf-%ld-%s.elf", (long)getpid(), c->tag);
		int wrote = write_elf(path, c->is64, c->f->big_endian, c->machine, secs, sizeof(secs) / sizeof(secs[0]));
		CU_ASSERT_FATAL(wrote == 0);
		unsigned failures = CU_get_number_of_failures();
		if (have_llvm) {
			snprintf(cmd, sizeof(cmd), "llvm-dwarfdump --verify %s", path);
			CHECK_TOOL(cmd, path, "No errors.");
			snprintf(cmd, sizeof(cmd), "llvm-dwarfdump --debug-info --debug-line --debug-aranges %s", path);
			CHECK_TOOL(cmd, path, "DW_AT_name\t(\"add\")", "DW_AT_name\t(\"counter\")", "DW_AT_producer\t(\"solder-test 0.1\")",
			           "DW_TAG_unspecified_type", "inc/util.h", "end_sequence");
		}
		if (have_readelf) {
			snprintf(cmd, sizeof(cmd), "readelf --debug-dump=info,line,aranges %s", path);
			CHECK_TOOL(cmd, path, ": add", ": tick", ": noop", ": counter", "main.c", "inc/util.h");
		}
		if (have_gdb) {
			snprintf(cmd, sizeof(cmd),
			         "gdb-multiarch -batch -nx -ex 'ptype add' -ex 'info line *0x1004' -ex 'info line *0x1046'"
			         " -ex 'info address counter' -ex 'info scope add' -ex 'ptype tick' -ex 'ptype noop' -ex 'ptype answer' -ex 'info line *0x106a' %s", path);
			CHECK_TOOL(cmd, path, "type = int (int, long, int, unsigned char)", "Line 11 of \"main.c\"", "Line 21 of \"inc/util.h\"",
			           "Symbol \"counter\" is static storage at address 0x2000.",
			           "Symbol a is a variable in $", "Symbol d is optimized out.",
			           "type = void (void)", "type = void (unsigned char)", "type = long (void)",
			           "Line 41 of \"main.c\"");
		}
		if (CU_get_number_of_failures() == failures)
			remove(path);
		free_fixture(&x);
	}
}

void suite_dwarf(void)
{
	CU_pSuite s = CU_add_suite("dwarf", NULL, NULL);
	if (!s)
		return;
	CU_add_test(s, "uleb128 encodings", test_uleb128_encodings);
	CU_add_test(s, "sleb128 encodings", test_sleb128_encodings);
	CU_add_test(s, "abbrev table bytes", test_abbrev_table_bytes);
	CU_add_test(s, "abbrev codes match the enum", test_abbrev_codes_match_the_enum);
	CU_add_test(s, "initial length size", test_initial_length_size);
	CU_add_test(s, "CU header bytes (i386)", test_cu_header_bytes_i386);
	CU_add_test(s, "CU header prefix: 64-bit DWARF, big endian", test_cu_header_prefix_dwarf64_and_big_endian);
	CU_add_test(s, "CU header fixed size in every format", test_cu_header_fixed_size_every_format);
	CU_add_test(s, "info padding is one-byte DIEs", test_info_pad_is_one_byte_dies);
	CU_add_test(s, "function piece bytes", test_func_piece_bytes);
	CU_add_test(s, "function piece refs and type dedup", test_func_piece_refs_and_dedup);
	CU_add_test(s, "function piece without debug", test_func_piece_without_debug);
	CU_add_test(s, "object piece bytes", test_object_piece_bytes);
	CU_add_test(s, "line header bytes (i386)", test_line_header_bytes_i386);
	CU_add_test(s, "line header size matches written", test_line_header_size_matches_written);
	CU_add_test(s, "line sequence bytes", test_line_seq_bytes);
	CU_add_test(s, "line sequence rows decode", test_line_seq_rows_decode);
	CU_add_test(s, "line sequence: first row late, other file", test_line_seq_first_row_late_and_other_file);
	CU_add_test(s, "line sequence: offsets off the instruction unit", test_line_seq_offsets_off_the_instruction_unit);
	CU_add_test(s, "line sequence: large advances", test_line_seq_large_advances);
	CU_add_test(s, "line sequence drops rows out of order or range", test_line_seq_drops_rows_out_of_order_or_range);
	CU_add_test(s, "line sequence without rows is empty", test_line_seq_without_rows_is_empty);
	CU_add_test(s, "line padding bytes", test_line_pad_bytes);
	CU_add_test(s, "line padding is neutral", test_line_padding_is_neutral);
	CU_add_test(s, "aranges layout, 4-byte addresses", test_aranges_layout_addr4);
	CU_add_test(s, "aranges layout, 8-byte addresses", test_aranges_layout_addr8);
	CU_add_test(s, "llvm-dwarfdump, readelf and gdb accept the output", test_real_readers_accept_the_output);
}
