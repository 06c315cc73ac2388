/*
 * test_gdbindex.c: --gdb-index (link/gdbindex.c) on small hand-assembled images.
 *
 * Each test assembles an ELF image (ELF64 or ELF32) with .text, .data and a few units
 * of DWARF 4 or 5, builds its index with gdb_index_build, and reads the index back the
 * way gdb does: the header, the CU list, the address area, and names looked up in the
 * symbol table with gdb's hash and probe sequence, down to each CU vector entry's unit,
 * kind and static bit. DWARF that cannot be read must give one warning and no index.
 * Reproduce a failure with `make unit`.
 */
#define _POSIX_C_SOURCE 200809L /* dup, dup2, fileno */
#include <CUnit/CUnit.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../link/ld.h"
#include "memfile.h"

/* ---- bytes, little-endian */

struct bytes {
	uint8_t *p;
	size_t len, cap;
};

static void b_raw(struct bytes *b, const void *p, size_t n)
{
	if (!n)
		return;
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 64;
		b->p = realloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}
static void b_n(struct bytes *b, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		uint8_t c = (uint8_t)(v >> (8 * i));
		b_raw(b, &c, 1);
	}
}
static void b_u8(struct bytes *b, uint64_t v) { b_n(b, v, 1); }
static void b_u16(struct bytes *b, uint64_t v) { b_n(b, v, 2); }
static void b_u32(struct bytes *b, uint64_t v) { b_n(b, v, 4); }
static void b_uleb(struct bytes *b, uint64_t v)
{
	do {
		uint8_t c = v & 0x7f;
		v >>= 7;
		b_u8(b, c | (v ? 0x80 : 0));
	} while (v);
}
static void b_str(struct bytes *b, const char *s) { b_raw(b, s, strlen(s) + 1); }
static void b_free(struct bytes *b) { free(b->p); memset(b, 0, sizeof(*b)); }

/* ---- DWARF constants the tests write */

enum { TAG_compile_unit = 0x11, TAG_subprogram = 0x2e, TAG_variable = 0x34, TAG_base_type = 0x24,
       TAG_enumeration_type = 0x04, TAG_enumerator = 0x28, TAG_namespace = 0x39, TAG_structure_type = 0x13 };
enum { AT_name = 0x03, AT_low_pc = 0x11, AT_high_pc = 0x12, AT_language = 0x13, AT_location = 0x02,
       AT_external = 0x3f, AT_inline = 0x20, AT_abstract_origin = 0x31, AT_specification = 0x47,
       AT_declaration = 0x3c, AT_const_value = 0x1c, AT_ranges = 0x55, AT_byte_size = 0x0b };
enum { FORM_addr = 0x01, FORM_data1 = 0x0b, FORM_data4 = 0x06, FORM_string = 0x08, FORM_strp = 0x0e,
       FORM_ref4 = 0x13, FORM_sec_offset = 0x17, FORM_exprloc = 0x18, FORM_flag_present = 0x19,
       FORM_line_strp = 0x1f };
enum { LANG_C99 = 0x0c, LANG_CPP = 0x04 };

/* The abbreviation table every test unit uses. */
enum { AB_CU = 1, AB_FN, AB_FN_STATIC, AB_VAR, AB_BASE, AB_ENUM, AB_ENUMERATOR, AB_CONCRETE, AB_ABSTRACT,
       AB_CU_RANGES, AB_NAMESPACE, AB_FN_DECL, AB_SPEC_FN, AB_STRUCT_DECL, AB_CU_LINE_STRP, AB_STRUCT };

static void abbrev(struct bytes *b, unsigned code, unsigned tag, int children, const unsigned *pairs)
{
	b_uleb(b, code);
	b_uleb(b, tag);
	b_u8(b, (uint64_t)children);
	for (; pairs[0]; pairs += 2) {
		b_uleb(b, pairs[0]);
		b_uleb(b, pairs[1]);
	}
	b_uleb(b, 0);
	b_uleb(b, 0);
}

static void write_abbrevs(struct bytes *b)
{
	abbrev(b, AB_CU, TAG_compile_unit, 1, (const unsigned[]){ AT_name, FORM_string, AT_language, FORM_data1,
	                                                          AT_low_pc, FORM_addr, AT_high_pc, FORM_data4, 0 });
	abbrev(b, AB_FN, TAG_subprogram, 0, (const unsigned[]){ AT_external, FORM_flag_present, AT_name, FORM_string,
	                                                        AT_low_pc, FORM_addr, AT_high_pc, FORM_data4, 0 });
	abbrev(b, AB_FN_STATIC, TAG_subprogram, 0,
	       (const unsigned[]){ AT_name, FORM_string, AT_low_pc, FORM_addr, AT_high_pc, FORM_data4, 0 });
	abbrev(b, AB_VAR, TAG_variable, 0, (const unsigned[]){ AT_name, FORM_strp, AT_external, FORM_flag_present,
	                                                       AT_location, FORM_exprloc, 0 });
	abbrev(b, AB_BASE, TAG_base_type, 0, (const unsigned[]){ AT_name, FORM_string, AT_byte_size, FORM_data1, 0 });
	abbrev(b, AB_ENUM, TAG_enumeration_type, 1, (const unsigned[]){ AT_name, FORM_string, 0 });
	abbrev(b, AB_ENUMERATOR, TAG_enumerator, 0, (const unsigned[]){ AT_name, FORM_string, AT_const_value, FORM_data1, 0 });
	abbrev(b, AB_CONCRETE, TAG_subprogram, 0,
	       (const unsigned[]){ AT_abstract_origin, FORM_ref4, AT_low_pc, FORM_addr, AT_high_pc, FORM_data4, 0 });
	abbrev(b, AB_ABSTRACT, TAG_subprogram, 0,
	       (const unsigned[]){ AT_external, FORM_flag_present, AT_name, FORM_string, AT_inline, FORM_data1, 0 });
	abbrev(b, AB_CU_RANGES, TAG_compile_unit, 1, (const unsigned[]){ AT_name, FORM_string, AT_language, FORM_data1,
	                                                                 AT_low_pc, FORM_addr, AT_ranges, FORM_sec_offset, 0 });
	abbrev(b, AB_NAMESPACE, TAG_namespace, 1, (const unsigned[]){ AT_name, FORM_string, 0 });
	abbrev(b, AB_FN_DECL, TAG_subprogram, 0, (const unsigned[]){ AT_external, FORM_flag_present, AT_name, FORM_string,
	                                                             AT_declaration, FORM_flag_present, 0 });
	abbrev(b, AB_SPEC_FN, TAG_subprogram, 0,
	       (const unsigned[]){ AT_specification, FORM_ref4, AT_low_pc, FORM_addr, AT_high_pc, FORM_data4, 0 });
	abbrev(b, AB_STRUCT_DECL, TAG_structure_type, 0,
	       (const unsigned[]){ AT_name, FORM_string, AT_declaration, FORM_flag_present, 0 });
	abbrev(b, AB_CU_LINE_STRP, TAG_compile_unit, 1, (const unsigned[]){ AT_name, FORM_line_strp, AT_language, FORM_data1,
	                                                                    AT_low_pc, FORM_addr, AT_high_pc, FORM_data4, 0 });
	abbrev(b, AB_STRUCT, TAG_structure_type, 0, (const unsigned[]){ AT_name, FORM_string, AT_byte_size, FORM_data1, 0 });
	b_uleb(b, 0);
}

/* A unit being written into .debug_info: DWARF `version`, 32-bit format. */
struct unit_w {
	struct bytes *info;
	size_t start;          /* its unit_length field */
	unsigned addr_size;
};

static void unit_begin(struct unit_w *u, struct bytes *info, unsigned version, unsigned addr_size)
{
	u->info = info;
	u->start = info->len;
	u->addr_size = addr_size;
	b_u32(info, 0);        /* patched by unit_end */
	b_u16(info, version);
	if (version >= 5) {
		b_u8(info, 1);     /* DW_UT_compile */
		b_u8(info, addr_size);
		b_u32(info, 0);    /* abbrev offset */
	} else {
		b_u32(info, 0);
		b_u8(info, addr_size);
	}
}
static void unit_end(struct unit_w *u)
{
	uint32_t len = (uint32_t)(u->info->len - u->start - 4);
	for (int i = 0; i < 4; i++)
		u->info->p[u->start + i] = (uint8_t)(len >> (8 * i));
}
/* The offset of the next DIE from the start of the unit (for DW_FORM_ref4). */
static uint32_t unit_here(const struct unit_w *u) { return (uint32_t)(u->info->len - u->start); }
static void w_addr(struct unit_w *u, uint64_t a) { b_n(u->info, a, u->addr_size); }
static void w_fn(struct unit_w *u, unsigned abbrev_code, const char *name, uint64_t lo, uint32_t size)
{
	b_uleb(u->info, abbrev_code);
	b_str(u->info, name);
	w_addr(u, lo);
	b_u32(u->info, size);
}
/* DW_TAG_variable with DW_AT_location DW_OP_addr addr; the name is .debug_str+strp. */
static void w_var(struct unit_w *u, uint32_t strp, uint64_t addr)
{
	b_uleb(u->info, AB_VAR);
	b_u32(u->info, strp);
	b_uleb(u->info, 1 + u->addr_size);
	b_u8(u->info, 0x03);   /* DW_OP_addr */
	w_addr(u, addr);
}

/* ---- an ELF image holding given sections */

struct sec_in {
	const char *name;
	uint32_t type;
	uint64_t flags, addr;
	const struct bytes *data;   /* NULL: size bytes of zeros */
	uint64_t size;
};

static void build_elf(struct bytes *out, int is64, const struct sec_in *secs, unsigned nsec)
{
	struct bytes shstr = { 0 };
	b_u8(&shstr, 0);
	uint32_t names[16];
	for (unsigned i = 0; i < nsec; i++) {
		names[i] = (uint32_t)shstr.len;
		b_str(&shstr, secs[i].name);
	}
	uint32_t shstr_name = (uint32_t)shstr.len;
	b_str(&shstr, ".shstrtab");
	const unsigned ehsize = is64 ? 64 : 52, shent = is64 ? 64 : 40;
	memset(out, 0, sizeof(*out));
	for (unsigned i = 0; i < ehsize; i++)
		b_u8(out, 0);
	uint64_t offs[16];
	for (unsigned i = 0; i < nsec; i++) {
		while (out->len % 8)
			b_u8(out, 0);
		offs[i] = out->len;
		if (secs[i].data)
			b_raw(out, secs[i].data->p, secs[i].data->len);
		else
			for (uint64_t k = 0; k < secs[i].size; k++)
				b_u8(out, 0);
	}
	uint64_t shstr_off = out->len;
	b_raw(out, shstr.p, shstr.len);
	while (out->len % 8)
		b_u8(out, 0);
	uint64_t shoff = out->len;
	for (unsigned i = 0; i < shent; i++)
		b_u8(out, 0);
	for (unsigned i = 0; i <= nsec; i++) {
		int last = i == nsec;
		uint32_t name = last ? shstr_name : names[i], type = last ? 3 : secs[i].type;
		uint64_t flags = last ? 0 : secs[i].flags, addr = last ? 0 : secs[i].addr;
		uint64_t off = last ? shstr_off : offs[i];
		uint64_t size = last ? shstr.len : secs[i].data ? secs[i].data->len : secs[i].size;
		b_u32(out, name);
		b_u32(out, type);
		b_n(out, flags, is64 ? 8 : 4);
		b_n(out, addr, is64 ? 8 : 4);
		b_n(out, off, is64 ? 8 : 4);
		b_n(out, size, is64 ? 8 : 4);
		b_u32(out, 0);
		b_u32(out, 0);
		b_n(out, 1, is64 ? 8 : 4);
		b_n(out, 0, is64 ? 8 : 4);
	}
	uint8_t *h = out->p;
	memcpy(h, "\177ELF", 4);
	h[4] = is64 ? 2 : 1;
	h[5] = 1;
	h[6] = 1;
	uint8_t *f = h + 16;
	f[0] = 2;                 /* ET_EXEC */
	if (is64) {
		for (int i = 0; i < 8; i++)
			h[40 + i] = (uint8_t)(shoff >> (8 * i));
		h[58] = (uint8_t)shent;
		h[60] = (uint8_t)(nsec + 2);
		h[62] = (uint8_t)(nsec + 1);
	} else {
		for (int i = 0; i < 4; i++)
			h[32 + i] = (uint8_t)(shoff >> (8 * i));
		h[46] = (uint8_t)shent;
		h[48] = (uint8_t)(nsec + 2);
		h[50] = (uint8_t)(nsec + 1);
	}
	b_free(&shstr);
}

/* ---- reading an index back, as gdb does */

static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

/* The index's CU vector for name (count first), or NULL when the name is not in it. */
static const uint8_t *lookup(const uint8_t *idx, const char *name)
{
	uint32_t symtab = rd32(idx + 16), pool = rd32(idx + 20);
	uint32_t size = (pool - symtab) / 8, mask = size - 1;
	uint32_t h = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = h * 67 + (uint32_t)tolower(*p) - 113;
	uint32_t i = h & mask, step = ((h * 17) & mask) | 1;
	for (uint32_t n = 0; n < size; n++, i = (i + step) & mask) {
		const uint8_t *slot = idx + symtab + 8 * (uint64_t)i;
		uint32_t name_off = rd32(slot), vec_off = rd32(slot + 4);
		if (!name_off && !vec_off)
			return NULL;
		if (!strcmp((const char *)idx + pool + name_off, name))
			return idx + pool + vec_off;
	}
	return NULL;
}

enum { KIND_TYPE = 1, KIND_VAR = 2, KIND_FUNC = 3 };
static uint32_t cu_value(uint32_t unit, unsigned kind, int is_static)
{
	return unit | (uint32_t)kind << 28 | (uint32_t)is_static << 31;
}

/* name's CU vector must be exactly the n values given. */
static void expect_vector_at(int line, const uint8_t *idx, const char *name, unsigned n, const uint32_t *want)
{
	const uint8_t *v = lookup(idx, name);
	if (!v) {
		fprintf(stderr, "\n    %s:%d: '%s' is not in the index [reproduce: make unit]\n", __FILE__, line, name);
		CU_FAIL("name missing from the index");
		return;
	}
	int same = rd32(v) == n;
	for (unsigned i = 0; same && i < n; i++)
		same = rd32(v + 4 + 4 * i) == want[i];
	if (!same) {
		fprintf(stderr, "\n    %s:%d: '%s': expected %u entries:", __FILE__, line, name, n);
		for (unsigned i = 0; i < n; i++)
			fprintf(stderr, " 0x%08x", want[i]);
		fprintf(stderr, "; got %u:", rd32(v));
		for (unsigned i = 0; i < rd32(v) && i < 16; i++)
			fprintf(stderr, " 0x%08x", rd32(v + 4 + 4 * i));
		fprintf(stderr, " [reproduce: make unit]\n");
	}
	CU_ASSERT(same);
}
#define EXPECT_VECTOR(idx, name, ...) \
	expect_vector_at(__LINE__, idx, name, sizeof((uint32_t[]){ __VA_ARGS__ }) / 4, (const uint32_t[]){ __VA_ARGS__ })

static void expect_absent_at(int line, const uint8_t *idx, const char *name)
{
	if (lookup(idx, name))
		fprintf(stderr, "\n    %s:%d: '%s' must not be in the index [reproduce: make unit]\n", __FILE__, line, name);
	CU_ASSERT_PTR_NULL(lookup(idx, name));
}
#define EXPECT_ABSENT(idx, name) expect_absent_at(__LINE__, idx, name)

/* ---- the program most tests index
 *
 * Unit 0 (a.c, DWARF 4, C): main (external, [0x1000, 0x1010)), helper (static,
 * [0x1010, 0x1020)), counter (external variable at 0x2000, name in .debug_str), int,
 * enum color { RED, GREEN }, dead (a function whose code was discarded: low_pc 0) and a
 * declared-only struct.
 * Unit 1 (b.c, DWARF 5, C): int, long unsigned int, bar (external, an inline abstract
 * instance and its out-of-line copy at [0x1020, 0x1030)), and local (a static function
 * [0x1030, 0x1038)). With unit1_ranges, unit 1's DIE has DW_AT_ranges: [0x1020, 0x1030)
 * and [0x1034, 0x1038).
 */
struct program {
	struct bytes info, abbrev, str, aranges, ranges, image;
	uint64_t unit1;            /* unit 1's offset in .debug_info */
	uint32_t unit0_len, unit1_len;
};

static void write_units(struct program *pg, unsigned addr_size, int unit1_ranges)
{
	write_abbrevs(&pg->abbrev);
	uint32_t counter_strp = (uint32_t)pg->str.len;
	b_str(&pg->str, "counter");

	struct unit_w u;
	unit_begin(&u, &pg->info, 4, addr_size);
	b_uleb(&pg->info, AB_CU);
	b_str(&pg->info, "a.c");
	b_u8(&pg->info, LANG_C99);
	w_addr(&u, 0x1000);
	b_u32(&pg->info, 0x20);
	w_fn(&u, AB_FN, "main", 0x1000, 0x10);
	w_fn(&u, AB_FN_STATIC, "helper", 0x1010, 0x10);
	w_fn(&u, AB_FN, "dead", 0, 0x10);
	w_var(&u, counter_strp, 0x2000);
	b_uleb(&pg->info, AB_BASE);
	b_str(&pg->info, "int");
	b_u8(&pg->info, 4);
	b_uleb(&pg->info, AB_ENUM);
	b_str(&pg->info, "color");
	b_uleb(&pg->info, AB_ENUMERATOR);
	b_str(&pg->info, "RED");
	b_u8(&pg->info, 0);
	b_uleb(&pg->info, AB_ENUMERATOR);
	b_str(&pg->info, "GREEN");
	b_u8(&pg->info, 1);
	b_u8(&pg->info, 0);       /* end of color's enumerators */
	b_uleb(&pg->info, AB_STRUCT_DECL);
	b_str(&pg->info, "opaque");
	b_u8(&pg->info, 0);       /* end of the unit's children */
	unit_end(&u);
	pg->unit0_len = (uint32_t)pg->info.len;

	pg->unit1 = pg->info.len;
	unit_begin(&u, &pg->info, 5, addr_size);
	if (unit1_ranges) {
		/* DW_AT_ranges (DWARF 5: .debug_rnglists) over two pieces of code */
		b_uleb(&pg->info, AB_CU_RANGES);
		b_str(&pg->info, "b.c");
		b_u8(&pg->info, LANG_C99);
		w_addr(&u, 0);
		b_u32(&pg->info, (uint32_t)pg->ranges.len + 12);
		b_u32(&pg->ranges, 0);            /* unit header: patched below */
		b_u16(&pg->ranges, 5);
		b_u8(&pg->ranges, (uint8_t)addr_size);
		b_u8(&pg->ranges, 0);
		b_u32(&pg->ranges, 0);
		b_u8(&pg->ranges, 6);             /* DW_RLE_start_end */
		b_n(&pg->ranges, 0x1020, addr_size);
		b_n(&pg->ranges, 0x1030, addr_size);
		b_u8(&pg->ranges, 5);             /* DW_RLE_base_address */
		b_n(&pg->ranges, 0x1000, addr_size);
		b_u8(&pg->ranges, 4);             /* DW_RLE_offset_pair */
		b_uleb(&pg->ranges, 0x34);
		b_uleb(&pg->ranges, 0x38);
		b_u8(&pg->ranges, 0);             /* DW_RLE_end_of_list */
		uint32_t len = (uint32_t)pg->ranges.len - 4;
		for (int i = 0; i < 4; i++)
			pg->ranges.p[i] = (uint8_t)(len >> (8 * i));
	} else {
		b_uleb(&pg->info, AB_CU);
		b_str(&pg->info, "b.c");
		b_u8(&pg->info, LANG_C99);
		w_addr(&u, 0x1020);
		b_u32(&pg->info, 0x18);
	}
	b_uleb(&pg->info, AB_BASE);
	b_str(&pg->info, "int");
	b_u8(&pg->info, 4);
	b_uleb(&pg->info, AB_BASE);
	b_str(&pg->info, "long unsigned int");
	b_u8(&pg->info, 8);
	uint32_t abstract = unit_here(&u);
	b_uleb(&pg->info, AB_ABSTRACT);
	b_str(&pg->info, "bar");
	b_u8(&pg->info, 3);       /* DW_INL_declared_inlined */
	b_uleb(&pg->info, AB_CONCRETE);
	b_u32(&pg->info, abstract);
	w_addr(&u, 0x1020);
	b_u32(&pg->info, 0x10);
	w_fn(&u, AB_FN_STATIC, "local", 0x1030, 0x8);
	b_u8(&pg->info, 0);
	unit_end(&u);
	pg->unit1_len = (uint32_t)(pg->info.len - pg->unit1);
}

/* .debug_aranges with one set, for unit 0 only: [0x1000, 0x1020) as two tuples, two
 * tuples of discarded code, and [0x1038, 0x103c). */
static void write_aranges(struct program *pg, unsigned addr_size)
{
	struct bytes *a = &pg->aranges;
	b_u32(a, 0);
	b_u16(a, 2);
	b_u32(a, 0);              /* unit 0 */
	b_u8(a, (uint8_t)addr_size);
	b_u8(a, 0);
	while (a->len % (2 * addr_size))
		b_u8(a, 0);
	b_n(a, 0x1000, addr_size);
	b_n(a, 0x10, addr_size);
	b_n(a, 0x1010, addr_size);
	b_n(a, 0x10, addr_size);
	b_n(a, 0, addr_size);     /* tuples of discarded code: the second reads as the end */
	b_n(a, 0x8, addr_size);
	b_n(a, 0, addr_size);
	b_n(a, 0, addr_size);
	b_n(a, 0x1038, addr_size);
	b_n(a, 0x4, addr_size);
	b_n(a, 0, addr_size);
	b_n(a, 0, addr_size);
	uint32_t len = (uint32_t)a->len - 4;
	for (int i = 0; i < 4; i++)
		a->p[i] = (uint8_t)(len >> (8 * i));
}

static void link_image(struct program *pg, int is64)
{
	struct sec_in secs[] = {
		{ ".text", 1, 6, 0x1000, NULL, 0x40 },
		{ ".data", 1, 3, 0x2000, NULL, 0x10 },
		{ ".debug_abbrev", 1, 0, 0, &pg->abbrev, 0 },
		{ ".debug_info", 1, 0, 0, &pg->info, 0 },
		{ ".debug_str", 1, 0x30, 0, &pg->str, 0 },
		{ ".debug_aranges", 1, 0, 0, &pg->aranges, 0 },
		{ ".debug_rnglists", 1, 0, 0, &pg->ranges, 0 },
	};
	unsigned n = 5 + (pg->aranges.len ? 1 : 0);
	if (pg->ranges.len) {
		secs[n] = secs[6];
		n++;
	}
	build_elf(&pg->image, is64, secs, n);
}

static void program_free(struct program *pg)
{
	b_free(&pg->info);
	b_free(&pg->abbrev);
	b_free(&pg->str);
	b_free(&pg->aranges);
	b_free(&pg->ranges);
	b_free(&pg->image);
}

struct built {
	struct ld_options opt;
	struct ld_ctx ctx;
	uint8_t *idx;
	uint64_t size;
	int rc;
};

static void build(struct built *r, const struct bytes *image)
{
	memset(r, 0, sizeof(*r));
	r->opt.output = "test.elf";
	r->ctx.opt = &r->opt;
	r->rc = gdb_index_build(&r->ctx, image->p, image->len, &r->idx, &r->size);
}

/* ---- tests */

/* Version 8; the CU list gives each unit's offset and whole length, in order; the
 * (empty) types CU list ends where the address area starts. */
static void test_header_and_cu_list(void)
{
	struct program pg = { 0 };
	write_units(&pg, 8, 0);
	link_image(&pg, 1);
	struct built r;
	build(&r, &pg.image);
	EXPECT_U64("gdb_index_build's result", r.rc, 0);
	EXPECT_U64("warnings", r.ctx.warnings, 0);
	if (r.idx) {
		EXPECT_U64("version", rd32(r.idx), 8);
		EXPECT_U64("CU list offset", rd32(r.idx + 4), 24);
		EXPECT_U64("types CU list offset", rd32(r.idx + 8), 24 + 2 * 16);
		EXPECT_U64("address area offset", rd32(r.idx + 12), 24 + 2 * 16);
		EXPECT_U64("unit 0 offset", rd64(r.idx + 24), 0);
		EXPECT_U64("unit 0 length", rd64(r.idx + 32), pg.unit0_len);
		EXPECT_U64("unit 1 offset", rd64(r.idx + 40), pg.unit1);
		EXPECT_U64("unit 1 length", rd64(r.idx + 48), pg.unit1_len);
		uint32_t symtab = rd32(r.idx + 16), pool = rd32(r.idx + 20);
		uint32_t slots = (pool - symtab) / 8;
		EXPECT_TRUE("the symbol table's size is a power of two", slots && !(slots & (slots - 1)));
		EXPECT_U64("the constant pool ends the section", r.size > pool, 1);
	}
	free(r.idx);
	program_free(&pg);
}

/* Without .debug_aranges, a unit's area is its DW_AT_low_pc/DW_AT_high_pc, or its
 * DW_AT_ranges list (DWARF 5 .debug_rnglists, with base address entries). */
static void test_address_area_from_unit_dies(void)
{
	struct program pg = { 0 };
	write_units(&pg, 8, 1);
	link_image(&pg, 1);
	struct built r;
	build(&r, &pg.image);
	EXPECT_U64("gdb_index_build's result", r.rc, 0);
	if (r.idx) {
		uint32_t area = rd32(r.idx + 12), symtab = rd32(r.idx + 16);
		EXPECT_U64("address area entries", (symtab - area) / 20, 3);
		const uint64_t want[3][3] = { { 0x1000, 0x1020, 0 }, { 0x1020, 0x1030, 1 }, { 0x1034, 0x1038, 1 } };
		for (int i = 0; i < 3 && (symtab - area) / 20 == 3; i++) {
			const uint8_t *e = r.idx + area + 20 * i;
			EXPECT_U64("low address", rd64(e), want[i][0]);
			EXPECT_U64("high address", rd64(e + 8), want[i][1]);
			EXPECT_U64("unit", rd32(e + 16), want[i][2]);
		}
	}
	free(r.idx);
	program_free(&pg);
}

/* A unit with a .debug_aranges set takes its area from there (tuples of discarded code,
 * at 0, are left out, even one that reads (0, 0), and two that adjoin are one); a unit
 * without one falls back to its DIE. */
static void test_address_area_from_aranges(void)
{
	struct program pg = { 0 };
	write_units(&pg, 4, 0);
	write_aranges(&pg, 4);
	link_image(&pg, 0);
	struct built r;
	build(&r, &pg.image);
	EXPECT_U64("gdb_index_build's result", r.rc, 0);
	if (r.idx) {
		uint32_t area = rd32(r.idx + 12), symtab = rd32(r.idx + 16);
		EXPECT_U64("address area entries", (symtab - area) / 20, 3);
		const uint64_t want[3][3] = { { 0x1000, 0x1020, 0 }, { 0x1020, 0x1038, 1 }, { 0x1038, 0x103c, 0 } };
		for (int i = 0; i < 3 && (symtab - area) / 20 == 3; i++) {
			const uint8_t *e = r.idx + area + 20 * i;
			EXPECT_U64("low address", rd64(e), want[i][0]);
			EXPECT_U64("high address", rd64(e + 8), want[i][1]);
			EXPECT_U64("unit", rd32(e + 16), want[i][2]);
		}
	}
	free(r.idx);
	program_free(&pg);
}

/* Names map to the units that define them, with gdb's kind and static bits: external
 * functions and variables are global, static functions and C types and enumerators
 * static; a type two units define lists the first, as gdb does; integer types have
 * gdb's names; an out-of-line inline function takes its name from its abstract
 * origin; discarded code and declarations are left out. */
static void test_symbol_lookup_kinds_and_static(void)
{
	for (int is64 = 0; is64 <= 1; is64++) {
		struct program pg = { 0 };
		write_units(&pg, is64 ? 8 : 4, 0);
		link_image(&pg, is64);
		struct built r;
		build(&r, &pg.image);
		EXPECT_U64("gdb_index_build's result", r.rc, 0);
		if (r.idx) {
			EXPECT_VECTOR(r.idx, "main", cu_value(0, KIND_FUNC, 0));
			EXPECT_VECTOR(r.idx, "helper", cu_value(0, KIND_FUNC, 1));
			EXPECT_VECTOR(r.idx, "counter", cu_value(0, KIND_VAR, 0));
			EXPECT_VECTOR(r.idx, "int", cu_value(0, KIND_TYPE, 1));
			EXPECT_VECTOR(r.idx, "unsigned long", cu_value(1, KIND_TYPE, 1));
			EXPECT_ABSENT(r.idx, "long unsigned int");
			EXPECT_VECTOR(r.idx, "color", cu_value(0, KIND_TYPE, 1));
			EXPECT_VECTOR(r.idx, "RED", cu_value(0, KIND_VAR, 1));
			EXPECT_VECTOR(r.idx, "GREEN", cu_value(0, KIND_VAR, 1));
			EXPECT_VECTOR(r.idx, "bar", cu_value(1, KIND_FUNC, 0));
			EXPECT_VECTOR(r.idx, "local", cu_value(1, KIND_FUNC, 1));
			EXPECT_ABSENT(r.idx, "dead");
			EXPECT_ABSENT(r.idx, "opaque");
			EXPECT_ABSENT(r.idx, "a.c");
		}
		free(r.idx);
		program_free(&pg);
	}
}

/* C++: a function declared in a namespace and defined outside it (DW_AT_specification)
 * is indexed under its qualified name, as are the namespace and a type in it; C++
 * types are global, but for base types and typedefs. */
static void test_cplus_qualified_names(void)
{
	struct program pg = { 0 };
	write_abbrevs(&pg.abbrev);
	struct unit_w u;
	unit_begin(&u, &pg.info, 4, 8);
	b_uleb(&pg.info, AB_CU);
	b_str(&pg.info, "c.cc");
	b_u8(&pg.info, LANG_CPP);
	w_addr(&u, 0x1000);
	b_u32(&pg.info, 0x10);
	b_uleb(&pg.info, AB_NAMESPACE);
	b_str(&pg.info, "ns");
	uint32_t decl = unit_here(&u);
	b_uleb(&pg.info, AB_FN_DECL);
	b_str(&pg.info, "run");
	b_uleb(&pg.info, AB_STRUCT);
	b_str(&pg.info, "shape");
	b_u8(&pg.info, 4);
	b_u8(&pg.info, 0);        /* end of ns */
	b_uleb(&pg.info, AB_BASE);
	b_str(&pg.info, "int");
	b_u8(&pg.info, 4);
	b_uleb(&pg.info, AB_SPEC_FN);
	b_u32(&pg.info, decl);
	w_addr(&u, 0x1000);
	b_u32(&pg.info, 0x10);
	b_u8(&pg.info, 0);
	unit_end(&u);
	link_image(&pg, 1);
	struct built r;
	build(&r, &pg.image);
	EXPECT_U64("gdb_index_build's result", r.rc, 0);
	if (r.idx) {
		EXPECT_VECTOR(r.idx, "ns::run", cu_value(0, KIND_FUNC, 0));
		EXPECT_VECTOR(r.idx, "ns", cu_value(0, KIND_TYPE, 0));
		EXPECT_VECTOR(r.idx, "ns::shape", cu_value(0, KIND_TYPE, 0));
		EXPECT_VECTOR(r.idx, "int", cu_value(0, KIND_TYPE, 1));
		EXPECT_ABSENT(r.idx, "run");
	}
	free(r.idx);
	program_free(&pg);
}

/* Names through DW_FORM_line_strp come from .debug_line_str. An image without
 * .debug_info has nothing to index: no index, no warning. */
static void test_line_strp_and_no_dwarf(void)
{
	struct bytes abbrev = { 0 }, info = { 0 }, line_str = { 0 }, image = { 0 };
	write_abbrevs(&abbrev);
	b_str(&line_str, "d.c");
	struct unit_w u;
	unit_begin(&u, &info, 5, 8);
	b_uleb(&info, AB_CU_LINE_STRP);
	b_u32(&info, 0);
	b_u8(&info, LANG_C99);
	w_addr(&u, 0x1000);
	b_u32(&info, 0x10);
	w_fn(&u, AB_FN, "only", 0x1000, 0x10);
	b_u8(&info, 0);
	unit_end(&u);
	const struct sec_in secs[] = {
		{ ".text", 1, 6, 0x1000, NULL, 0x10 },
		{ ".debug_abbrev", 1, 0, 0, &abbrev, 0 },
		{ ".debug_info", 1, 0, 0, &info, 0 },
		{ ".debug_line_str", 1, 0x30, 0, &line_str, 0 },
	};
	build_elf(&image, 1, secs, 4);
	struct built r;
	build(&r, &image);
	EXPECT_U64("gdb_index_build's result", r.rc, 0);
	if (r.idx)
		EXPECT_VECTOR(r.idx, "only", cu_value(0, KIND_FUNC, 0));
	free(r.idx);
	b_free(&image);

	build_elf(&image, 1, secs, 1);
	build(&r, &image);
	EXPECT_U64("gdb_index_build's result without DWARF", r.rc, 0);
	EXPECT_U64("index size without DWARF", r.size, 0);
	EXPECT_U64("warnings without DWARF", r.ctx.warnings, 0);
	free(r.idx);
	b_free(&image);
	b_free(&abbrev);
	b_free(&info);
	b_free(&line_str);
}

/* ---- stderr, captured: the warnings gdb_index_build prints */

static int saved_stderr = -1;
static FILE *captured;

static void capture_begin(void)
{
	fflush(stderr);
	captured = tmpfile();
	saved_stderr = dup(2);
	if (captured)
		dup2(fileno(captured), 2);
}

/* Stops capturing; the text (NUL-terminated, truncated to size) goes to buf. */
static void capture_end(char *buf, size_t size)
{
	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	size_t n = 0;
	if (captured) {
		rewind(captured);
		n = fread(buf, 1, size - 1, captured);
		fclose(captured);
	}
	buf[n] = 0;
}

/* Damaged DWARF gives one warning that names the section and offset, and no index. */
static void test_corrupt_dwarf_warns_without_index(void)
{
	static const struct {
		const char *what, *warning;
	} cases[] = {
		{ "unit 0's length past the section",
		  "solder: warning: test.elf:(.debug_info+0x0): unit length 0xf0 runs past the end of the section; "
		  "no .gdb_index written\n" },
		{ "an unknown form in the unit DIE's abbreviation",
		  "solder: warning: test.elf:(.debug_info+0xc): unknown DW_FORM 0x7f; no .gdb_index written\n" },
		{ "an abbreviation code the table does not have",
		  "solder: warning: test.elf:(.debug_info+0xb): abbreviation code 126 is not in the unit's table "
		  "(.debug_abbrev+0x0); no .gdb_index written\n" },
		{ "a name in .debug_str cut off",
		  "solder: warning: test.elf:(.debug_str+0x0): string is not terminated; no .gdb_index written\n" },
	};
	for (unsigned k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct program pg = { 0 };
		write_units(&pg, 8, 0);
		switch (k) {
		case 0: pg.info.p[0] = 0xf0; break;      /* unit 0's unit_length */
		case 1: pg.abbrev.p[4] = 0x7f; break;    /* AB_CU's first form */
		case 2: pg.info.p[11] = 0x7e; break;     /* unit 0's first DIE */
		default: pg.str.len = 2; break;          /* "counter" */
		}
		link_image(&pg, 1);
		struct built r;
		char text[1024];
		capture_begin();
		build(&r, &pg.image);
		capture_end(text, sizeof(text));
		if (r.rc != -1 || r.ctx.warnings != 1 || r.idx || strcmp(text, cases[k].warning))
			fprintf(stderr, "\n    %s: expected -1, no index and the warning\n      %s    got %d, %s and\n      %s"
			        "    [reproduce: make unit]\n", cases[k].what, cases[k].warning, r.rc, r.idx ? "an index" : "no index",
			        text);
		CU_ASSERT(r.rc == -1 && r.ctx.warnings == 1 && !r.idx && !strcmp(text, cases[k].warning));
		free(r.idx);
		program_free(&pg);
	}
}

/* Every single damaged byte of .debug_info or .debug_abbrev, and every truncation of
 * .debug_info: either an index and no warning, or one warning and no index (or, for an
 * empty .debug_info, neither). */
static void test_damaged_bytes_never_crash(void)
{
	struct program pg = { 0 };
	write_units(&pg, 8, 1);
	write_aranges(&pg, 8);
	unsigned bad_outcomes = 0, warned = 0, runs = 0;
	char text[256];
	capture_begin();
	for (int sec = 0; sec < 3; sec++) {
		struct bytes *b = sec == 1 ? &pg.abbrev : &pg.info;
		for (size_t at = 0; at < b->len; at++) {
			for (int v = 0; v < 3; v++) {
				uint8_t keep = b->p[at];
				size_t len = b->len;
				if (sec == 2)
					b->len = at;
				else
					b->p[at] = v == 0 ? 0xff : v == 1 ? 0x80 : (uint8_t)(keep ^ 0x01);
				link_image(&pg, 1);
				struct built r;
				build(&r, &pg.image);
				runs++;
				warned += r.rc == -1;
				if (!((r.rc == -1 && r.ctx.warnings == 1 && !r.idx) || (r.rc == 0 && !r.ctx.warnings && (r.idx || !at))))
					bad_outcomes++;
				free(r.idx);
				b_free(&pg.image);
				b->p[at] = keep;
				b->len = len;
				if (sec == 2)
					break;
			}
		}
	}
	capture_end(text, sizeof(text));
	EXPECT_U64("outcomes that were neither an index nor one warning", bad_outcomes, 0);
	EXPECT_TRUE("most damage is noticed", warned > runs / 2);
	program_free(&pg);
}

void suite_gdbindex(void)
{
	CU_pSuite s = CU_add_suite("gdbindex", NULL, NULL);
	CU_add_test(s, "header and CU list", test_header_and_cu_list);
	CU_add_test(s, "address area from unit DIEs and rnglists", test_address_area_from_unit_dies);
	CU_add_test(s, "address area from .debug_aranges", test_address_area_from_aranges);
	CU_add_test(s, "symbol lookup: units, kinds, static bits", test_symbol_lookup_kinds_and_static);
	CU_add_test(s, "C++ qualified names", test_cplus_qualified_names);
	CU_add_test(s, "DW_FORM_line_strp names; no DWARF, no index", test_line_strp_and_no_dwarf);
	CU_add_test(s, "corrupt DWARF: one warning, no index", test_corrupt_dwarf_warns_without_index);
	CU_add_test(s, "damaged bytes: an index or one warning", test_damaged_bytes_never_crash);
}
