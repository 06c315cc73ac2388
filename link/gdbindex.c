/*
 * gdbindex.c: --gdb-index: the .gdb_index section, built from the finished image.
 *
 * With an index gdb does not scan every DIE when it loads a program: it reads the list
 * of units, which addresses each unit covers, and a hash table from every name it may
 * look up to the units that define it, and expands a unit only when a lookup needs it.
 * The format is version 8 of the one gdb's manual documents (appendix "Index Section
 * Format"); every datum in it is little-endian, whatever the target's byte order.
 *
 * The index is built from the image's DWARF after relocation (output.c hands over the
 * mapped image), so addresses are final, and code that was discarded is recognisable:
 * its addresses were relocated to 0 and lie in no allocated section. What goes in is
 * what gdb 13 itself indexes (and writes with "save gdb-index"), because a name the
 * index leaves out is a name gdb with the index cannot find:
 *  - units: every compile and partial unit of .debug_info, DWARF 2 to 5, 32- and
 *    64-bit DWARF, in section order;
 *  - addresses: a unit's .debug_aranges set, or when it has none its DIE's
 *    DW_AT_ranges (.debug_ranges, .debug_rnglists) or DW_AT_low_pc/DW_AT_high_pc;
 *  - names, from DIEs at file scope (in C++ also in namespaces and classes, qualified
 *    with "::" as gdb spells them): subprograms with code or an inline abstract
 *    instance, variables with a location or a constant value, named types, namespaces
 *    and enumerators, but no declarations. A DIE without a name takes it, and
 *    DW_AT_external, from its DW_AT_specification or DW_AT_abstract_origin. Integer
 *    types get gdb's canonical names ("unsigned long", not "long unsigned int").
 *  - each name's units carry gdb's attribute bits: the kind (function, variable, type)
 *    and "static", which is "not DW_AT_external" for functions and variables, and for
 *    types and enumerators "not C++" (C types are file-local), base types and typedefs
 *    being static in C++ too. A type is listed with the first unit that defines it
 *    only, as gdb lists it.
 * Type units and split DWARF are refused: an index must list every unit, and it has no
 * place for the names those units hold.
 *
 * Every read is bounds-checked. DWARF that cannot be read gives one warning naming the
 * section and offset, and no index; the image itself is written as it is.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld.h"

enum { GDB_INDEX_VERSION = 8, GDB_INDEX_HEADER = 24, CU_INDEX_LIMIT = 1u << 24 };
/* A CU vector entry: the unit in bits 0-23, the kind in 28-30, static in bit 31. */
enum { KIND_TYPE = 1, KIND_VARIABLE = 2, KIND_FUNCTION = 3 };

enum {
	DW_UT_compile = 1, DW_UT_type, DW_UT_partial, DW_UT_skeleton, DW_UT_split_compile, DW_UT_split_type,
};
enum {
	DW_TAG_class_type = 0x02, DW_TAG_enumeration_type = 0x04, DW_TAG_compile_unit = 0x11,
	DW_TAG_structure_type = 0x13, DW_TAG_typedef = 0x16, DW_TAG_union_type = 0x17,
	DW_TAG_base_type = 0x24, DW_TAG_constant = 0x27, DW_TAG_enumerator = 0x28, DW_TAG_subprogram = 0x2e,
	DW_TAG_variable = 0x34, DW_TAG_interface_type = 0x38, DW_TAG_namespace = 0x39,
	DW_TAG_unspecified_type = 0x3b, DW_TAG_partial_unit = 0x3c,
};
enum {
	DW_AT_sibling = 0x01, DW_AT_location = 0x02, DW_AT_name = 0x03, DW_AT_low_pc = 0x11,
	DW_AT_high_pc = 0x12, DW_AT_language = 0x13, DW_AT_const_value = 0x1c, DW_AT_inline = 0x20,
	DW_AT_abstract_origin = 0x31, DW_AT_declaration = 0x3c, DW_AT_external = 0x3f,
	DW_AT_specification = 0x47, DW_AT_ranges = 0x55, DW_AT_enum_class = 0x6d,
	DW_AT_str_offsets_base = 0x72, DW_AT_addr_base = 0x73, DW_AT_rnglists_base = 0x74,
	DW_AT_dwo_name = 0x76, DW_AT_GNU_dwo_name = 0x2130,
};
enum {
	DW_FORM_addr = 0x01, DW_FORM_block2 = 0x03, DW_FORM_block4, DW_FORM_data2, DW_FORM_data4,
	DW_FORM_data8, DW_FORM_string, DW_FORM_block, DW_FORM_block1, DW_FORM_data1, DW_FORM_flag,
	DW_FORM_sdata, DW_FORM_strp, DW_FORM_udata, DW_FORM_ref_addr, DW_FORM_ref1, DW_FORM_ref2,
	DW_FORM_ref4, DW_FORM_ref8, DW_FORM_ref_udata, DW_FORM_indirect, DW_FORM_sec_offset,
	DW_FORM_exprloc, DW_FORM_flag_present, DW_FORM_strx, DW_FORM_addrx, DW_FORM_ref_sup4,
	DW_FORM_strp_sup, DW_FORM_data16, DW_FORM_line_strp, DW_FORM_ref_sig8, DW_FORM_implicit_const,
	DW_FORM_loclistx, DW_FORM_rnglistx, DW_FORM_ref_sup8, DW_FORM_strx1, DW_FORM_strx2,
	DW_FORM_strx3, DW_FORM_strx4, DW_FORM_addrx1, DW_FORM_addrx2, DW_FORM_addrx3, DW_FORM_addrx4,
	DW_FORM_GNU_addr_index = 0x1f01, DW_FORM_GNU_str_index = 0x1f02, DW_FORM_GNU_ref_alt = 0x1f20,
	DW_FORM_GNU_strp_alt = 0x1f21,
};
enum { DW_OP_addr = 0x03, DW_OP_addrx = 0xa1, DW_OP_GNU_addr_index = 0xfb };
enum {
	DW_RLE_end_of_list, DW_RLE_base_addressx, DW_RLE_startx_endx, DW_RLE_startx_length,
	DW_RLE_offset_pair, DW_RLE_base_address, DW_RLE_start_end, DW_RLE_start_length,
};
enum { SHT_NOBITS_ = 8, SHF_ALLOC_ = 2, SHF_COMPRESSED_ = 0x800 };

/* The sections read, by name. */
enum sec_id { INFO, ABBREV, STR, LINE_STR, ARANGES, RANGES, RNGLISTS, ADDR, STR_OFFSETS, TYPES, NSEC };
static const char *const sec_names[NSEC] = {
	".debug_info", ".debug_abbrev", ".debug_str", ".debug_line_str", ".debug_aranges",
	".debug_ranges", ".debug_rnglists", ".debug_addr", ".debug_str_offsets", ".debug_types",
};

struct abbrev_attr {
	uint32_t at, form;
	int64_t implicit_const;
};
struct abbrev {
	uint64_t code;
	uint32_t tag;
	uint8_t children;
	uint32_t first, n;      /* its attributes: attrs[first .. first + n) */
};
/* One abbreviation table; codes below DENSE_CODES are found through by_code. */
enum { DENSE_CODES = 1024 };
struct abbrev_table {
	uint64_t off;
	LD_VEC(struct abbrev) abbrevs;
	LD_VEC(struct abbrev_attr) attrs;
	uint32_t by_code[DENSE_CODES];   /* abbrevs index + 1, 0: none */
};

/* One unit of .debug_info and what its unit DIE says about all of its DIEs. */
struct unit {
	uint64_t off, end;          /* [off, end): the whole unit, header included */
	uint64_t die_off;           /* its unit DIE */
	uint64_t children_off;      /* the DIE after it */
	uint64_t abbrev_off;
	uint32_t table;             /* index into tables */
	uint16_t version;
	uint8_t offset_size, addr_size;
	uint8_t cplus;              /* C++: names are qualified, types are global */
	uint8_t has_children;
	uint8_t has_aranges;        /* .debug_aranges has a set for it */
	uint8_t has_str_offsets_base, has_addr_base, has_rnglists_base;
	uint64_t str_offsets_base, addr_base, rnglists_base;
	uint64_t base_addr;         /* DW_AT_low_pc of the unit DIE: range lists' base */
};

/* A form's value, by the class of its form. */
enum val_class { V_NONE, V_CONST, V_FLAG, V_ADDR, V_ADDRX, V_STRING, V_STRP, V_LINE_STRP, V_STRX,
                 V_REF_UNIT, V_REF_ADDR, V_BLOCK, V_SECOFF, V_RNGLISTX, V_ALT, V_OTHER };
struct val {
	uint8_t cls;
	uint64_t u;
	const uint8_t *p;           /* V_STRING: the string; V_BLOCK: its bytes */
	uint64_t len;
};

/* What the index needs of one DIE. */
struct die {
	uint64_t off;
	uint32_t tag;
	uint8_t children;
	uint8_t external, declaration, has_inline, enum_class, has_const_value, has_location;
	struct val name, low_pc, high_pc, ranges, location, ref, sibling;
	struct val language, str_offsets_base, addr_base, rnglists_base;
	uint8_t split;              /* DW_AT_dwo_name: a skeleton of split DWARF */
};

struct addr_range { uint64_t lo, hi; };
struct area_entry { uint64_t lo, hi; uint32_t unit; };

/* One name for the symbol table: its text, and the CU vector entry. */
struct entry {
	const char *name;           /* in the image; NULL: qname */
	uint32_t qname;             /* a qualified name in the arena (offset + 1) */
	uint32_t value;
	uint64_t scope_die;         /* C++, a name taken from another DIE: that DIE's scope
	                               qualifies it once every unit has been read (0: none) */
};
/* C++: a DIE inside a namespace or class, and that scope's qualified name. */
struct scope { uint64_t die; uint32_t prefix; };

/* How the DIEs below one level are indexed. */
enum level_kind { L_SKIP, L_FILE, L_CLASS, L_ENUM };
struct level {
	uint8_t kind;
	uint32_t prefix;            /* the qualified scope (arena offset + 1), 0: file scope */
};

struct sym {
	const char *name;
	uint32_t hash;
	uint32_t first_pair, npairs;
	uint32_t vec_off, name_off;  /* in the constant pool */
};

struct gx {
	struct ld_ctx *ctx;
	const char *path;
	int be;
	struct { const uint8_t *p; uint64_t size; } sec[NSEC];
	LD_VEC(struct addr_range) alloc;     /* allocated sections, by address */
	LD_VEC(struct unit) units;
	LD_VEC(struct abbrev_table *) tables;
	LD_VEC(struct area_entry) area;
	LD_VEC(struct addr_range) tmp;       /* one range list as read */
	LD_VEC(struct entry) entries;
	LD_VEC(struct scope) scopes;
	LD_VEC(struct level) levels;
	LD_VEC(char) arena;
	LD_VEC(struct sym) syms;
	uint32_t *slots;                     /* the hash table: syms index + 1, 0: empty */
	uint32_t nslots;
	int failed;
};

/* ---- failures: the first one is reported, everything after it is skipped */

__attribute__((format(printf, 4, 5))) static void bad(struct gx *g, int sec, uint64_t off, const char *fmt, ...)
{
	if (g->failed)
		return;
	g->failed = 1;
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (sec < 0)
		ld_warn(g->ctx, "%s: %s; no .gdb_index written", g->path, msg);
	else
		ld_warn(g->ctx, "%s:(%s+0x%llx): %s; no .gdb_index written", g->path, sec_names[sec],
		        (unsigned long long)off, msg);
}

/* ---- reading a section through a bounded cursor */

struct cur {
	struct gx *g;
	int sec;
	uint64_t pos, end;          /* pos <= end <= the section's size */
};

static struct cur cursor(struct gx *g, int sec, uint64_t pos, uint64_t end)
{
	if (end > g->sec[sec].size)
		end = g->sec[sec].size;
	if (pos > end)
		pos = end;
	return (struct cur){ g, sec, pos, end };
}

static int need(struct cur *c, uint64_t n)
{
	if (c->g->failed)
		return 0;
	if (c->end - c->pos < n) {
		bad(c->g, c->sec, c->pos, "unexpected end of data");
		c->pos = c->end;
		return 0;
	}
	return 1;
}

static uint64_t get_n(const uint8_t *p, unsigned n, int be)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[be ? n - 1 - i : i] << (8 * i);
	return v;
}

/* An n-byte unsigned number (n = 1 to 8) in the image's byte order. */
static uint64_t rd(struct cur *c, unsigned n)
{
	if (!need(c, n))
		return 0;
	uint64_t v = get_n(c->g->sec[c->sec].p + c->pos, n, c->g->be);
	c->pos += n;
	return v;
}

static uint64_t rd_uleb(struct cur *c)
{
	uint64_t v = 0;
	for (unsigned shift = 0;; shift += 7) {
		if (!need(c, 1))
			return 0;
		uint8_t b = c->g->sec[c->sec].p[c->pos++];
		if (shift < 64)
			v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
}

static int64_t rd_sleb(struct cur *c)
{
	uint64_t v = 0;
	unsigned shift = 0;
	uint8_t b;
	do {
		if (!need(c, 1))
			return 0;
		b = c->g->sec[c->sec].p[c->pos++];
		if (shift < 64)
			v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
	} while (b & 0x80);
	if (shift < 64 && (b & 0x40))
		v |= ~(uint64_t)0 << shift;
	return (int64_t)v;
}

static void skip(struct cur *c, uint64_t n)
{
	if (need(c, n))
		c->pos += n;
}

/* A NUL-terminated string at off in section sec; a reference from (from, at). */
static const char *str_at(struct gx *g, int sec, uint64_t off, int from, uint64_t at)
{
	if (off >= g->sec[sec].size) {
		bad(g, from, at, "string offset 0x%llx is past the end of %s (0x%llx bytes)", (unsigned long long)off,
		    sec_names[sec], (unsigned long long)g->sec[sec].size);
		return NULL;
	}
	const char *s = (const char *)g->sec[sec].p + off;
	if (!memchr(s, 0, g->sec[sec].size - off)) {
		bad(g, sec, off, "string is not terminated");
		return NULL;
	}
	return s;
}

/* ---- the image: its debug sections and the address ranges of its allocated sections */

static int cmp_range(const void *a, const void *b)
{
	const struct addr_range *x = a, *y = b;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

struct shdr { uint64_t name, type, flags, addr, offset, size; };

static struct shdr read_shdr(const uint8_t *p, int is64, int be)
{
	if (is64)
		return (struct shdr){ get_n(p, 4, be), get_n(p + 4, 4, be), get_n(p + 8, 8, be), get_n(p + 16, 8, be),
		                      get_n(p + 24, 8, be), get_n(p + 32, 8, be) };
	return (struct shdr){ get_n(p, 4, be), get_n(p + 4, 4, be), get_n(p + 8, 4, be), get_n(p + 12, 4, be),
	                      get_n(p + 16, 4, be), get_n(p + 20, 4, be) };
}

static void read_elf(struct gx *g, const uint8_t *m, uint64_t size)
{
	if (size < 52 || memcmp(m, "\177ELF", 4) || (m[4] != 1 && m[4] != 2) || (m[5] != 1 && m[5] != 2)) {
		bad(g, -1, 0, "not an ELF image");
		return;
	}
	const int is64 = m[4] == 2, be = m[5] == 2;
	g->be = be;
	if (is64 && size < 64) {
		bad(g, -1, 0, "ELF header truncated");
		return;
	}
	uint64_t shoff = is64 ? get_n(m + 40, 8, be) : get_n(m + 32, 4, be);
	unsigned shentsize = (unsigned)get_n(m + (is64 ? 58 : 46), 2, be);
	uint64_t shnum = get_n(m + (is64 ? 60 : 48), 2, be);
	uint64_t shstrndx = get_n(m + (is64 ? 62 : 50), 2, be);
	if (!shoff)
		return;
	if (shentsize < (is64 ? 64u : 40u) || shoff > size || (size - shoff) / shentsize < (shnum ? shnum : 1)) {
		bad(g, -1, 0, "section header table out of bounds");
		return;
	}
	/* more than 0xff00 sections: the count and the name table's index are in section 0 */
	if (!shnum)
		shnum = read_shdr(m + shoff, is64, be).size;
	if (shstrndx == 0xffff)
		shstrndx = get_n(m + shoff + (is64 ? 40 : 24), 4, be);
	if ((size - shoff) / shentsize < shnum || shstrndx >= shnum) {
		bad(g, -1, 0, "section header table out of bounds");
		return;
	}
	const uint8_t *sh0 = m + shoff;
	struct shdr s = read_shdr(sh0 + shstrndx * shentsize, is64, be);
	uint64_t strs_off = s.offset, strs_size = s.size;
	if (strs_off > size || strs_size > size - strs_off) {
		bad(g, -1, 0, "section name table out of bounds");
		return;
	}
	for (uint64_t i = 1; i < shnum; i++) {
		s = read_shdr(sh0 + i * shentsize, is64, be);
		if ((s.flags & SHF_ALLOC_) && s.size)
			LD_PUSH(g->alloc, ((struct addr_range){ s.addr, s.addr + s.size }));
		if (s.name >= strs_size || !memchr(m + strs_off + s.name, 0, strs_size - s.name))
			continue;
		const char *name = (const char *)m + strs_off + s.name;
		for (int k = 0; k < NSEC; k++) {
			if (strcmp(name, sec_names[k]) || s.type == SHT_NOBITS_)
				continue;
			if (s.offset > size || s.size > size - s.offset) {
				bad(g, -1, 0, "section %s out of bounds", name);
				return;
			}
			if (s.flags & SHF_COMPRESSED_) {
				bad(g, k, 0, "compressed debug sections are not indexed");
				return;
			}
			g->sec[k].p = m + s.offset;
			g->sec[k].size = s.size;
		}
	}
	if (g->alloc.len > 1)
		qsort(g->alloc.v, g->alloc.len, sizeof(*g->alloc.v), cmp_range);
}

/* Whether addr is in an allocated section; with end_ok, its end counts too (a
 * zero-sized object may sit there). Discarded code and data were relocated to 0. */
static int in_image(const struct gx *g, uint64_t addr, int end_ok)
{
	uint32_t lo = 0, hi = g->alloc.len;
	while (lo < hi) {     /* the first section that starts above addr */
		uint32_t mid = lo + (hi - lo) / 2;
		if (g->alloc.v[mid].lo <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* sections may overlap (TLS .tbss); look back at each one that starts at or below */
	for (uint32_t i = lo; i-- > 0;)
		if (addr < g->alloc.v[i].hi || (end_ok && addr == g->alloc.v[i].hi))
			return 1;
	return 0;
}

/* ---- abbreviation tables */

static const struct abbrev *find_abbrev(const struct abbrev_table *t, uint64_t code)
{
	if (code < DENSE_CODES)
		return t->by_code[code] ? &t->abbrevs.v[t->by_code[code] - 1] : NULL;
	for (uint32_t i = 0; i < t->abbrevs.len; i++)
		if (t->abbrevs.v[i].code == code)
			return &t->abbrevs.v[i];
	return NULL;
}

static void free_table(struct abbrev_table *t)
{
	LD_FREE(t->abbrevs);
	LD_FREE(t->attrs);
	free(t);
}

/* The table at .debug_abbrev offset off (read once); returns its index. */
static uint32_t load_table(struct gx *g, uint64_t off, uint64_t unit_off)
{
	for (uint32_t i = g->tables.len; i-- > 0;)
		if (g->tables.v[i]->off == off)
			return i;
	if (off >= g->sec[ABBREV].size) {
		bad(g, INFO, unit_off, "abbreviation offset 0x%llx is past the end of .debug_abbrev",
		    (unsigned long long)off);
		return 0;
	}
	struct abbrev_table *t = ld_xrealloc(NULL, sizeof(*t));
	memset(t, 0, sizeof(*t));
	t->off = off;
	struct cur c = cursor(g, ABBREV, off, g->sec[ABBREV].size);
	while (!g->failed) {
		uint64_t at = c.pos;
		uint64_t code = rd_uleb(&c);
		if (!code)
			break;
		struct abbrev a = { .code = code, .tag = (uint32_t)rd_uleb(&c), .first = t->attrs.len };
		a.children = (uint8_t)rd(&c, 1);
		for (;;) {
			uint64_t name = rd_uleb(&c), form = rd_uleb(&c);
			if (g->failed || (!name && !form))
				break;
			/* numbers past 32 bits name no attribute or form (0 is an unknown form) */
			struct abbrev_attr x = { name > UINT32_MAX ? 0 : (uint32_t)name, form > UINT32_MAX ? 0 : (uint32_t)form, 0 };
			if (form == DW_FORM_implicit_const)
				x.implicit_const = rd_sleb(&c);
			LD_PUSH(t->attrs, x);
		}
		a.n = t->attrs.len - a.first;
		if (find_abbrev(t, code)) {
			bad(g, ABBREV, at, "abbreviation code %llu is defined twice", (unsigned long long)code);
			break;
		}
		LD_PUSH(t->abbrevs, a);
		if (code < DENSE_CODES)
			t->by_code[code] = t->abbrevs.len;
	}
	LD_PUSH(g->tables, t);
	return g->tables.len - 1;
}

/* ---- DIEs */

static void read_form(struct cur *c, const struct unit *u, uint32_t form, int64_t implicit_const, struct val *v,
                      int depth)
{
	struct gx *g = c->g;
	*v = (struct val){ .cls = V_OTHER };
	switch (form) {
	case DW_FORM_addr: v->cls = V_ADDR; v->u = rd(c, u->addr_size); break;
	case DW_FORM_block2: v->len = rd(c, 2); goto block;
	case DW_FORM_block4: v->len = rd(c, 4); goto block;
	case DW_FORM_block: case DW_FORM_exprloc: v->len = rd_uleb(c); goto block;
	case DW_FORM_block1: v->len = rd(c, 1);
	block:
		v->cls = V_BLOCK;
		if (need(c, v->len)) {
			v->p = g->sec[c->sec].p + c->pos;
			c->pos += v->len;
		}
		break;
	case DW_FORM_data1: v->cls = V_CONST; v->u = rd(c, 1); break;
	case DW_FORM_data2: v->cls = V_CONST; v->u = rd(c, 2); break;
	case DW_FORM_data4: v->cls = V_CONST; v->u = rd(c, 4); break;
	case DW_FORM_data8: v->cls = V_CONST; v->u = rd(c, 8); break;
	case DW_FORM_data16: skip(c, 16); break;
	case DW_FORM_sdata: v->cls = V_CONST; v->u = (uint64_t)rd_sleb(c); break;
	case DW_FORM_udata: v->cls = V_CONST; v->u = rd_uleb(c); break;
	case DW_FORM_implicit_const: v->cls = V_CONST; v->u = (uint64_t)implicit_const; break;
	case DW_FORM_flag: v->cls = V_FLAG; v->u = rd(c, 1); break;
	case DW_FORM_flag_present: v->cls = V_FLAG; v->u = 1; break;
	case DW_FORM_string: {
		const uint8_t *s = g->sec[c->sec].p + c->pos;
		const uint8_t *nul = memchr(s, 0, c->end - c->pos);
		if (!nul) {
			bad(g, c->sec, c->pos, "string is not terminated");
			c->pos = c->end;
			break;
		}
		v->cls = V_STRING;
		v->p = s;
		c->pos += (uint64_t)(nul - s) + 1;
		break;
	}
	case DW_FORM_strp: v->cls = V_STRP; v->u = rd(c, u->offset_size); break;
	case DW_FORM_line_strp: v->cls = V_LINE_STRP; v->u = rd(c, u->offset_size); break;
	case DW_FORM_strx: case DW_FORM_GNU_str_index: v->cls = V_STRX; v->u = rd_uleb(c); break;
	case DW_FORM_strx1: case DW_FORM_strx2: case DW_FORM_strx3: case DW_FORM_strx4:
		v->cls = V_STRX;
		v->u = rd(c, form - DW_FORM_strx1 + 1);
		break;
	case DW_FORM_addrx: case DW_FORM_GNU_addr_index: v->cls = V_ADDRX; v->u = rd_uleb(c); break;
	case DW_FORM_addrx1: case DW_FORM_addrx2: case DW_FORM_addrx3: case DW_FORM_addrx4:
		v->cls = V_ADDRX;
		v->u = rd(c, form - DW_FORM_addrx1 + 1);
		break;
	case DW_FORM_ref1: v->cls = V_REF_UNIT; v->u = rd(c, 1); break;
	case DW_FORM_ref2: v->cls = V_REF_UNIT; v->u = rd(c, 2); break;
	case DW_FORM_ref4: v->cls = V_REF_UNIT; v->u = rd(c, 4); break;
	case DW_FORM_ref8: v->cls = V_REF_UNIT; v->u = rd(c, 8); break;
	case DW_FORM_ref_udata: v->cls = V_REF_UNIT; v->u = rd_uleb(c); break;
	case DW_FORM_ref_addr:
		v->cls = V_REF_ADDR;
		v->u = rd(c, u->version == 2 ? u->addr_size : u->offset_size);
		break;
	case DW_FORM_sec_offset: v->cls = V_SECOFF; v->u = rd(c, u->offset_size); break;
	case DW_FORM_rnglistx: v->cls = V_RNGLISTX; v->u = rd_uleb(c); break;
	case DW_FORM_loclistx: rd_uleb(c); break;
	case DW_FORM_ref_sig8: case DW_FORM_ref_sup8: skip(c, 8); break;
	case DW_FORM_ref_sup4: skip(c, 4); break;
	case DW_FORM_strp_sup: case DW_FORM_GNU_strp_alt: case DW_FORM_GNU_ref_alt:
		v->cls = V_ALT;
		v->u = rd(c, u->offset_size);
		break;
	case DW_FORM_indirect: {
		uint64_t real = rd_uleb(c);
		if (depth > 4 || real == DW_FORM_indirect || real == DW_FORM_implicit_const) {
			bad(g, c->sec, c->pos, "DW_FORM_indirect names form 0x%llx", (unsigned long long)real);
			break;
		}
		read_form(c, u, (uint32_t)real, 0, v, depth + 1);
		break;
	}
	default:
		bad(g, c->sec, c->pos, "unknown DW_FORM 0x%x", form);
		c->pos = c->end;
		break;
	}
}

/* Reads the DIE at c's position (into d, which keeps the attributes the index uses).
 * Returns its abbreviation, or NULL for the 0 that ends a list of children (or after a
 * failure). */
static const struct abbrev *read_die(struct gx *g, const struct unit *u, struct cur *c, struct die *d)
{
	memset(d, 0, sizeof(*d));
	d->off = c->pos;
	uint64_t code = rd_uleb(c);
	if (!code || g->failed)
		return NULL;
	const struct abbrev_table *t = g->tables.v[u->table];
	const struct abbrev *a = find_abbrev(t, code);
	if (!a) {
		bad(g, INFO, d->off, "abbreviation code %llu is not in the unit's table (.debug_abbrev+0x%llx)",
		    (unsigned long long)code, (unsigned long long)t->off);
		return NULL;
	}
	d->tag = a->tag;
	d->children = a->children;
	for (uint32_t i = 0; i < a->n && !g->failed; i++) {
		const struct abbrev_attr *x = &t->attrs.v[a->first + i];
		struct val v;
		read_form(c, u, x->form, x->implicit_const, &v, 0);
		switch (x->at) {
		case DW_AT_name: d->name = v; break;
		case DW_AT_low_pc: d->low_pc = v; break;
		case DW_AT_high_pc: d->high_pc = v; break;
		case DW_AT_ranges: d->ranges = v; break;
		case DW_AT_location: d->location = v; d->has_location = 1; break;
		case DW_AT_specification: case DW_AT_abstract_origin: d->ref = v; break;
		case DW_AT_sibling: d->sibling = v; break;
		case DW_AT_language: d->language = v; break;
		case DW_AT_str_offsets_base: d->str_offsets_base = v; break;
		case DW_AT_addr_base: d->addr_base = v; break;
		case DW_AT_rnglists_base: d->rnglists_base = v; break;
		case DW_AT_external: d->external = v.u != 0; break;
		case DW_AT_declaration: d->declaration = v.u != 0; break;
		case DW_AT_enum_class: d->enum_class = v.u != 0; break;
		case DW_AT_inline: d->has_inline = 1; break;
		case DW_AT_const_value: d->has_const_value = 1; break;
		case DW_AT_dwo_name: case DW_AT_GNU_dwo_name: d->split = 1; break;
		default: break;
		}
	}
	return g->failed ? NULL : a;
}

/* The name of d (NULL: it has none). */
static const char *die_name(struct gx *g, const struct unit *u, const struct die *d)
{
	const struct val *v = &d->name;
	switch (v->cls) {
	case V_NONE: return NULL;
	case V_STRING: return (const char *)v->p;
	case V_STRP: return str_at(g, STR, v->u, INFO, d->off);
	case V_LINE_STRP: return str_at(g, LINE_STR, v->u, INFO, d->off);
	case V_STRX: {
		if (!u->has_str_offsets_base) {
			bad(g, INFO, d->off, "DW_FORM_strx in a unit without DW_AT_str_offsets_base");
			return NULL;
		}
		struct cur c = cursor(g, STR_OFFSETS, u->str_offsets_base, g->sec[STR_OFFSETS].size);
		if (v->u >= (c.end - c.pos) / u->offset_size) {
			bad(g, INFO, d->off, "string index %llu is past the end of .debug_str_offsets",
			    (unsigned long long)v->u);
			return NULL;
		}
		c.pos += v->u * u->offset_size;
		return str_at(g, STR, rd(&c, u->offset_size), STR_OFFSETS, c.pos - u->offset_size);
	}
	case V_ALT:
		bad(g, INFO, d->off, "names in a supplementary object file (dwz) cannot be indexed");
		return NULL;
	default:
		bad(g, INFO, d->off, "DW_AT_name is not a string");
		return NULL;
	}
}

/* Entry idx of the unit's .debug_addr table. */
static uint64_t addr_at(struct gx *g, const struct unit *u, uint64_t idx, int from, uint64_t at)
{
	if (!u->has_addr_base) {
		bad(g, from, at, "address index in a unit without DW_AT_addr_base");
		return 0;
	}
	struct cur c = cursor(g, ADDR, u->addr_base, g->sec[ADDR].size);
	if (idx >= (c.end - c.pos) / u->addr_size) {
		bad(g, from, at, "address index %llu is past the end of .debug_addr", (unsigned long long)idx);
		return 0;
	}
	c.pos += idx * u->addr_size;
	return rd(&c, u->addr_size);
}

/* An address attribute's value (DW_FORM_addr or an index into .debug_addr). */
static uint64_t die_addr(struct gx *g, const struct unit *u, const struct die *d, const struct val *v)
{
	return v->cls == V_ADDRX ? addr_at(g, u, v->u, INFO, d->off) : v->u;
}

/* The unit that holds .debug_info offset off, or NULL. */
static struct unit *unit_of(struct gx *g, uint64_t off)
{
	uint32_t lo = 0, hi = g->units.len;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (g->units.v[mid].end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < g->units.len && off >= g->units.v[lo].off ? &g->units.v[lo] : NULL;
}

/* The unit whose header is at .debug_info offset off, or NULL. */
static struct unit *unit_at(struct gx *g, uint64_t off)
{
	struct unit *u = unit_of(g, off);
	return u && u->off == off ? u : NULL;
}

/* ---- address ranges */

/* Reads d's DW_AT_ranges list into g->tmp. */
static void read_ranges(struct gx *g, const struct unit *u, const struct die *d)
{
	g->tmp.len = 0;
	const uint64_t all_ones = u->addr_size == 8 ? ~(uint64_t)0 : ((uint64_t)1 << (8 * u->addr_size)) - 1;
	uint64_t base = u->base_addr;
	if (u->version < 5) {
		struct cur c = cursor(g, RANGES, d->ranges.u, g->sec[RANGES].size);
		if (d->ranges.u >= g->sec[RANGES].size) {
			bad(g, INFO, d->off, "DW_AT_ranges 0x%llx is past the end of .debug_ranges",
			    (unsigned long long)d->ranges.u);
			return;
		}
		while (!g->failed) {
			uint64_t b = rd(&c, u->addr_size), e = rd(&c, u->addr_size);
			if (g->failed || (!b && !e))
				return;
			if (b == all_ones)
				base = e;
			else
				LD_PUSH(g->tmp, ((struct addr_range){ base + b, base + e }));
		}
		return;
	}
	uint64_t off = d->ranges.u;
	if (d->ranges.cls == V_RNGLISTX) {
		if (!u->has_rnglists_base) {
			bad(g, INFO, d->off, "DW_FORM_rnglistx in a unit without DW_AT_rnglists_base");
			return;
		}
		struct cur t = cursor(g, RNGLISTS, u->rnglists_base, g->sec[RNGLISTS].size);
		if (d->ranges.u >= (t.end - t.pos) / u->offset_size) {
			bad(g, INFO, d->off, "range list index %llu is past the end of .debug_rnglists",
			    (unsigned long long)d->ranges.u);
			return;
		}
		t.pos += d->ranges.u * u->offset_size;
		off = u->rnglists_base + rd(&t, u->offset_size);
	}
	if (off >= g->sec[RNGLISTS].size) {
		bad(g, INFO, d->off, "range list offset 0x%llx is past the end of .debug_rnglists",
		    (unsigned long long)off);
		return;
	}
	struct cur c = cursor(g, RNGLISTS, off, g->sec[RNGLISTS].size);
	while (!g->failed) {
		uint64_t at = c.pos, lo, hi;
		switch (rd(&c, 1)) {
		case DW_RLE_end_of_list:
			return;
		case DW_RLE_base_addressx:
			base = addr_at(g, u, rd_uleb(&c), RNGLISTS, at);
			continue;
		case DW_RLE_startx_endx:
			lo = addr_at(g, u, rd_uleb(&c), RNGLISTS, at);
			hi = addr_at(g, u, rd_uleb(&c), RNGLISTS, at);
			break;
		case DW_RLE_startx_length:
			lo = addr_at(g, u, rd_uleb(&c), RNGLISTS, at);
			hi = lo + rd_uleb(&c);
			break;
		case DW_RLE_offset_pair:
			lo = base + rd_uleb(&c);
			hi = base + rd_uleb(&c);
			break;
		case DW_RLE_base_address:
			base = rd(&c, u->addr_size);
			continue;
		case DW_RLE_start_end:
			lo = rd(&c, u->addr_size);
			hi = rd(&c, u->addr_size);
			break;
		case DW_RLE_start_length:
			lo = rd(&c, u->addr_size);
			hi = lo + rd_uleb(&c);
			break;
		default:
			bad(g, RNGLISTS, at, "unknown range list entry kind 0x%x", g->sec[RNGLISTS].p[at]);
			return;
		}
		LD_PUSH(g->tmp, ((struct addr_range){ lo, hi }));
	}
}

static void add_area(struct gx *g, uint32_t unit, uint64_t lo, uint64_t hi)
{
	if (lo < hi && in_image(g, lo, 0))
		LD_PUSH(g->area, ((struct area_entry){ lo, hi, unit }));
}

/* The address area from .debug_aranges: each set names the unit it covers. */
static void read_aranges(struct gx *g)
{
	struct cur c = cursor(g, ARANGES, 0, g->sec[ARANGES].size);
	while (c.pos < c.end && !g->failed) {
		uint64_t set = c.pos;
		uint64_t len = rd(&c, 4);
		unsigned offset_size = 4;
		if (len == 0xffffffff) {
			len = rd(&c, 8);
			offset_size = 8;
		}
		if (g->failed)
			return;
		if (len > c.end - c.pos) {
			bad(g, ARANGES, set, "set length 0x%llx runs past the end of the section", (unsigned long long)len);
			return;
		}
		struct cur s = cursor(g, ARANGES, c.pos, c.pos + len);
		c.pos += len;
		uint64_t version = rd(&s, 2);
		uint64_t info_off = rd(&s, offset_size);
		unsigned addr_size = (unsigned)rd(&s, 1), seg_size = (unsigned)rd(&s, 1);
		if (g->failed)
			return;
		if (version != 2 || (addr_size != 4 && addr_size != 8 && addr_size != 2) || seg_size) {
			bad(g, ARANGES, set, "version %llu, address size %u, segment selector size %u is not supported",
			    (unsigned long long)version, addr_size, seg_size);
			return;
		}
		struct unit *u = unit_at(g, info_off);
		if (!u) {
			bad(g, ARANGES, set, "set refers to .debug_info+0x%llx, which is not a unit",
			    (unsigned long long)info_off);
			return;
		}
		u->has_aranges = 1;
		/* tuples start at a multiple of their size from the start of the set */
		uint64_t tuple = 2 * (uint64_t)addr_size;
		s.pos = set + align_up(s.pos - set, tuple);
		if (s.pos > s.end)
			s.pos = s.end;
		/* (0, 0) ends the list, but discarded code leaves such tuples in the middle of
		 * it too: as gdb does, the set's length is what ends it */
		while (s.end - s.pos >= tuple && !g->failed) {
			uint64_t lo = rd(&s, addr_size), n = rd(&s, addr_size);
			add_area(g, (uint32_t)(u - g->units.v), lo, lo + n);
		}
	}
}

/* ---- units */

static int is_cplus(uint64_t lang)
{
	/* DW_LANG_C_plus_plus, _03, _11, _14 */
	return lang == 0x04 || lang == 0x19 || lang == 0x1a || lang == 0x21;
}

/* Every unit's header and unit DIE (the bases its other DIEs' forms need). */
static void read_units(struct gx *g)
{
	struct cur c = cursor(g, INFO, 0, g->sec[INFO].size);
	while (c.pos < c.end && !g->failed) {
		struct unit u = { .off = c.pos, .offset_size = 4 };
		uint64_t len = rd(&c, 4);
		if (len == 0xffffffff) {
			len = rd(&c, 8);
			u.offset_size = 8;
		} else if (len >= 0xfffffff0) {
			bad(g, INFO, u.off, "unit length 0x%llx is reserved", (unsigned long long)len);
		}
		if (g->failed)
			return;
		if (len > c.end - c.pos) {
			bad(g, INFO, u.off, "unit length 0x%llx runs past the end of the section", (unsigned long long)len);
			return;
		}
		u.end = c.pos + len;
		struct cur h = cursor(g, INFO, c.pos, u.end);
		c.pos = u.end;
		u.version = (uint16_t)rd(&h, 2);
		uint8_t type = DW_UT_compile;
		if (!g->failed && (u.version < 2 || u.version > 5)) {
			bad(g, INFO, u.off, "DWARF version %u is not supported", u.version);
			return;
		}
		if (u.version >= 5) {
			type = (uint8_t)rd(&h, 1);
			u.addr_size = (uint8_t)rd(&h, 1);
			u.abbrev_off = rd(&h, u.offset_size);
		} else {
			u.abbrev_off = rd(&h, u.offset_size);
			u.addr_size = (uint8_t)rd(&h, 1);
		}
		if (g->failed)
			return;
		if (type == DW_UT_type || type == DW_UT_split_type) {
			bad(g, INFO, u.off, "type units (-fdebug-types-section) cannot be indexed");
			return;
		}
		if (type != DW_UT_compile && type != DW_UT_partial) {
			bad(g, INFO, u.off, "split DWARF units cannot be indexed");
			return;
		}
		if (u.addr_size != 2 && u.addr_size != 4 && u.addr_size != 8) {
			bad(g, INFO, u.off, "address size %u is not supported", u.addr_size);
			return;
		}
		if (g->units.len == CU_INDEX_LIMIT) {
			bad(g, INFO, u.off, "more than %u units", CU_INDEX_LIMIT);
			return;
		}
		u.die_off = h.pos;
		u.table = load_table(g, u.abbrev_off, u.off);
		if (g->failed)
			return;

		struct die d;
		if (!read_die(g, &u, &h, &d)) {
			bad(g, INFO, u.die_off, "unit has no unit DIE");
			return;
		}
		if (d.tag != DW_TAG_compile_unit && d.tag != DW_TAG_partial_unit) {
			bad(g, INFO, d.off, "unit DIE has tag 0x%x, not DW_TAG_compile_unit", d.tag);
			return;
		}
		if (d.split) {
			bad(g, INFO, d.off, "split DWARF units cannot be indexed");
			return;
		}
		u.children_off = h.pos;
		u.has_children = d.children;
		u.cplus = is_cplus(d.language.u);
		u.has_str_offsets_base = d.str_offsets_base.cls != V_NONE;
		u.str_offsets_base = d.str_offsets_base.u;
		u.has_addr_base = d.addr_base.cls != V_NONE;
		u.addr_base = d.addr_base.u;
		u.has_rnglists_base = d.rnglists_base.cls != V_NONE;
		u.rnglists_base = d.rnglists_base.u;
		u.base_addr = d.low_pc.cls != V_NONE ? die_addr(g, &u, &d, &d.low_pc) : 0;
		LD_PUSH(g->units, u);
	}
}

/* The address area of the units .debug_aranges does not cover: their unit DIE's
 * DW_AT_ranges, or DW_AT_low_pc and DW_AT_high_pc. */
static void unit_areas(struct gx *g)
{
	for (uint32_t i = 0; i < g->units.len && !g->failed; i++) {
		const struct unit *u = &g->units.v[i];
		if (u->has_aranges)
			continue;
		struct cur c = cursor(g, INFO, u->die_off, u->end);
		struct die d;
		read_die(g, u, &c, &d);
		if (d.ranges.cls != V_NONE) {
			read_ranges(g, u, &d);
			for (uint32_t k = 0; k < g->tmp.len; k++)
				add_area(g, i, g->tmp.v[k].lo, g->tmp.v[k].hi);
		} else if (d.low_pc.cls != V_NONE && d.high_pc.cls != V_NONE) {
			uint64_t lo = die_addr(g, u, &d, &d.low_pc);
			uint64_t hi = d.high_pc.cls == V_CONST ? lo + d.high_pc.u : die_addr(g, u, &d, &d.high_pc);
			add_area(g, i, lo, hi);
		}
	}
}

/* ---- names */

static uint32_t arena_add(struct gx *g, const char *prefix, const char *name)
{
	size_t pn = prefix ? strlen(prefix) : 0, nn = strlen(name);
	uint32_t at = g->arena.len;
	for (size_t i = 0; i < pn; i++)
		LD_PUSH(g->arena, prefix[i]);
	if (pn) {
		LD_PUSH(g->arena, ':');
		LD_PUSH(g->arena, ':');
	}
	for (size_t i = 0; i <= nn; i++)
		LD_PUSH(g->arena, name[i]);
	return at + 1;
}

/* "scope::name" in the arena, or name alone at file scope. */
static uint32_t qualify(struct gx *g, uint32_t prefix, const char *name)
{
	if (!prefix)
		return arena_add(g, NULL, name);
	/* the prefix moves when the arena grows: copy it out first */
	size_t n = strlen(g->arena.v + prefix - 1);
	char *p = ld_xrealloc(NULL, n + 1);
	memcpy(p, g->arena.v + prefix - 1, n + 1);
	uint32_t q = arena_add(g, p, name);
	free(p);
	return q;
}

struct named {
	const char *name;
	uint64_t name_die;          /* the DIE the name was read from */
	uint8_t external;
};

/* d's name and DW_AT_external, taking what d lacks from the DIEs its
 * DW_AT_specification or DW_AT_abstract_origin lead to. */
static void resolve_name(struct gx *g, const struct unit *u, const struct die *d, struct named *out)
{
	out->name = die_name(g, u, d);
	out->name_die = d->off;
	out->external = d->external;
	struct die t;
	const struct die *cur = d;
	for (int depth = 0; depth < 8 && !g->failed && (!out->name || !out->external); depth++) {
		uint64_t to = 0;
		if (cur->ref.cls == V_REF_UNIT)
			to = u->off + cur->ref.u;
		else if (cur->ref.cls == V_REF_ADDR)
			to = cur->ref.u;
		else if (cur->ref.cls == V_ALT)
			bad(g, INFO, cur->off, "references into a supplementary object file (dwz) cannot be indexed");
		if (cur->ref.cls != V_REF_UNIT && cur->ref.cls != V_REF_ADDR)
			return;
		const struct unit *tu = unit_of(g, to);
		if (!tu || to < tu->children_off) {
			bad(g, INFO, cur->off, "DW_AT_specification or DW_AT_abstract_origin 0x%llx is not in a unit",
			    (unsigned long long)to);
			return;
		}
		struct cur c = cursor(g, INFO, to, tu->end);
		if (!read_die(g, tu, &c, &t)) {
			bad(g, INFO, cur->off, "DW_AT_specification or DW_AT_abstract_origin 0x%llx is not a DIE",
			    (unsigned long long)to);
			return;
		}
		if (!out->name) {
			out->name = die_name(g, tu, &t);
			out->name_die = t.off;
		}
		out->external |= t.external;
		u = tu;
		cur = &t;
	}
}

static void add_entry(struct gx *g, uint32_t unit, const struct named *n, const struct level *lv, uint64_t die_off,
                      int kind, int is_static, int cplus)
{
	struct entry e = { .value = unit | (uint32_t)kind << 28 | (uint32_t)(is_static != 0) << 31 };
	if (!cplus)
		e.name = n->name;
	else if (n->name_die != die_off) {
		e.name = n->name;
		e.scope_die = n->name_die;
	} else
		e.qname = qualify(g, lv->prefix, n->name);
	LD_PUSH(g->entries, e);
}

/* Whether d has code in the image: DW_AT_low_pc or a range in an allocated section. */
static int has_code(struct gx *g, const struct unit *u, const struct die *d)
{
	if (d->low_pc.cls != V_NONE)
		return in_image(g, die_addr(g, u, d, &d->low_pc), 0);
	if (d->ranges.cls == V_NONE)
		return 0;
	read_ranges(g, u, d);
	for (uint32_t k = 0; k < g->tmp.len; k++)
		if (g->tmp.v[k].lo < g->tmp.v[k].hi && in_image(g, g->tmp.v[k].lo, 0))
			return 1;
	return 0;
}

/* Whether a variable's DW_AT_location is an address that was discarded. */
static int location_discarded(struct gx *g, const struct unit *u, const struct die *d)
{
	const struct val *v = &d->location;
	if (v->cls != V_BLOCK || !v->len)
		return 0;
	uint64_t addr;
	if (v->p[0] == DW_OP_addr && v->len >= 1 + (uint64_t)u->addr_size) {
		addr = get_n(v->p + 1, u->addr_size, g->be);
	} else if (v->p[0] == DW_OP_addrx || v->p[0] == DW_OP_GNU_addr_index) {
		uint64_t idx = 0;
		unsigned shift = 0;
		for (uint64_t i = 1; i < v->len && shift < 64; i++, shift += 7) {
			idx |= (uint64_t)(v->p[i] & 0x7f) << shift;
			if (!(v->p[i] & 0x80))
				break;
		}
		addr = addr_at(g, u, idx, INFO, d->off);
	} else {
		return 0;
	}
	return !in_image(g, addr, 1);
}

static int is_type(uint32_t tag)
{
	switch (tag) {
	case DW_TAG_base_type: case DW_TAG_typedef: case DW_TAG_structure_type: case DW_TAG_union_type:
	case DW_TAG_class_type: case DW_TAG_enumeration_type: case DW_TAG_interface_type:
	case DW_TAG_unspecified_type:
		return 1;
	default:
		return 0;
	}
}

/* gdb looks C and C++ names up in their canonical spelling, and for the integer types
 * that is not GCC's: "long unsigned int" is "unsigned long". */
static const char *canonical_base_type(const char *name)
{
	static const char *const names[][2] = {
		{ "long int", "long" }, { "long unsigned int", "unsigned long" },
		{ "long long int", "long long" }, { "long long unsigned int", "unsigned long long" },
		{ "short int", "short" }, { "short unsigned int", "unsigned short" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i][0]))
			return names[i][1];
	return name;
}

/* Adds what d contributes at level lv, and says how its children are indexed. */
static void index_die(struct gx *g, uint32_t ui, const struct unit *u, const struct level *lv, const struct die *d,
                      struct level *child)
{
	*child = (struct level){ L_SKIP, 0 };
	if (lv->prefix)
		LD_PUSH(g->scopes, ((struct scope){ d->off, lv->prefix }));
	struct named n;
	if (lv->kind == L_ENUM) {
		n = (struct named){ die_name(g, u, d), d->off, 0 };
		if (d->tag == DW_TAG_enumerator && n.name)
			add_entry(g, ui, &n, lv, d->off, KIND_VARIABLE, !u->cplus, u->cplus);
		return;
	}
	if (lv->kind == L_CLASS && !is_type(d->tag))
		return;
	switch (d->tag) {
	case DW_TAG_subprogram:
		if (d->declaration || (!d->has_inline && !has_code(g, u, d)))
			return;
		resolve_name(g, u, d, &n);
		if (n.name)
			add_entry(g, ui, &n, lv, d->off, KIND_FUNCTION, !n.external, u->cplus);
		return;
	case DW_TAG_variable:
	case DW_TAG_constant:
		if (d->declaration)
			return;
		resolve_name(g, u, d, &n);
		if (!n.name || (d->has_location ? location_discarded(g, u, d) : !d->has_const_value && !n.external))
			return;
		add_entry(g, ui, &n, lv, d->off, KIND_VARIABLE, !n.external, u->cplus);
		return;
	case DW_TAG_namespace:
		if (!u->cplus)
			return;
		resolve_name(g, u, d, &n);
		if (!n.name)
			n.name = "(anonymous namespace)";
		add_entry(g, ui, &n, lv, d->off, KIND_TYPE, 0, 1);
		*child = (struct level){ L_FILE, qualify(g, lv->prefix, n.name) };
		return;
	default:
		break;
	}
	if (!is_type(d->tag) || d->declaration)
		return;
	n = (struct named){ die_name(g, u, d), d->off, 0 };
	if (d->tag == DW_TAG_base_type && n.name)
		n.name = canonical_base_type(n.name);
	/* base types and typedefs are file-local in C++ too, as gdb keeps them */
	if (n.name)
		add_entry(g, ui, &n, lv, d->off, KIND_TYPE,
		          !u->cplus || d->tag == DW_TAG_base_type || d->tag == DW_TAG_typedef, u->cplus);
	if (d->tag == DW_TAG_enumeration_type)
		*child = (struct level){ L_ENUM, u->cplus && d->enum_class && n.name ? qualify(g, lv->prefix, n.name)
		                                                                        : lv->prefix };
	else if (u->cplus && n.name)
		*child = (struct level){ L_CLASS, qualify(g, lv->prefix, n.name) };
}

/* Walks the DIEs of unit ui below its unit DIE. */
static void walk_unit(struct gx *g, uint32_t ui)
{
	const struct unit *u = &g->units.v[ui];
	if (!u->has_children)
		return;
	struct cur c = cursor(g, INFO, u->children_off, u->end);
	g->levels.len = 0;
	LD_PUSH(g->levels, ((struct level){ L_FILE, 0 }));
	while (g->levels.len && c.pos < c.end && !g->failed) {
		struct die d;
		const struct abbrev *a = read_die(g, u, &c, &d);
		if (!a) {
			g->levels.len--;
			continue;
		}
		struct level child = { L_SKIP, 0 };
		struct level lv = g->levels.v[g->levels.len - 1];
		if (lv.kind != L_SKIP)
			index_die(g, ui, u, &lv, &d, &child);
		if (!a->children)
			continue;
		/* a subtree nothing is taken from: jump over it when DW_AT_sibling says where */
		if (child.kind == L_SKIP && d.sibling.cls == V_REF_UNIT && u->off + d.sibling.u > c.pos &&
		    u->off + d.sibling.u <= u->end) {
			c.pos = u->off + d.sibling.u;
			continue;
		}
		LD_PUSH(g->levels, child);
	}
}

/* ---- the symbol table */

/* gdb's mapped-index string hash for index versions 5 and later. */
static uint32_t index_hash(const char *s)
{
	uint32_t r = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned c = *p >= 'A' && *p <= 'Z' ? *p + ('a' - 'A') : *p;
		r = r * 67 + c - 113;
	}
	return r;
}

/* The slot of name in the table (hash h): where it is, or the empty slot that ends its
 * probe sequence. */
static uint32_t probe(const struct gx *g, const char *name, uint32_t h)
{
	uint32_t mask = g->nslots - 1, i = h & mask, step = ((h * 17) & mask) | 1;
	while (g->slots[i] && strcmp(g->syms.v[g->slots[i] - 1].name, name))
		i = (i + step) & mask;
	return i;
}

static void grow_slots(struct gx *g)
{
	free(g->slots);
	g->nslots = g->nslots ? g->nslots * 2 : 1024;
	g->slots = ld_xrealloc(NULL, (size_t)g->nslots * sizeof(uint32_t));
	memset(g->slots, 0, (size_t)g->nslots * sizeof(uint32_t));
	for (uint32_t i = 0; i < g->syms.len; i++)
		g->slots[probe(g, g->syms.v[i].name, g->syms.v[i].hash)] = i + 1;
}

static uint32_t intern(struct gx *g, const char *name)
{
	uint32_t h = index_hash(name);
	uint32_t i = probe(g, name, h);
	if (g->slots[i])
		return g->slots[i] - 1;
	/* at most 3/4 full, as gdb keeps its own tables */
	if ((uint64_t)(g->syms.len + 1) * 4 > (uint64_t)g->nslots * 3) {
		grow_slots(g);
		i = probe(g, name, h);
	}
	LD_PUSH(g->syms, ((struct sym){ .name = name, .hash = h }));
	g->slots[i] = g->syms.len;
	return g->syms.len - 1;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_scope(const void *key, const void *elem)
{
	uint64_t k = *(const uint64_t *)key, d = ((const struct scope *)elem)->die;
	return k < d ? -1 : k > d;
}

static int cmp_area(const void *a, const void *b)
{
	const struct area_entry *x = a, *y = b;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return x->unit < y->unit ? -1 : x->unit > y->unit;
}

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Lays the index out: header, CU list, (empty) types CU list, address area, symbol
 * table, constant pool (every CU vector, then every name). */
static void write_index(struct gx *g, uint8_t **out, uint64_t *out_size)
{
	/* C++ names taken from another DIE get that DIE's scope (every unit is read now) */
	for (uint32_t i = 0; i < g->entries.len; i++) {
		struct entry *e = &g->entries.v[i];
		if (!e->scope_die)
			continue;
		const struct scope *s = bsearch(&e->scope_die, g->scopes.v, g->scopes.len, sizeof(*s), cmp_scope);
		e->qname = qualify(g, s ? s->prefix : 0, e->name);
		e->name = NULL;
	}
	/* (name, CU vector entry) pairs, sorted by name and then entry, without repeats */
	g->nslots = 0;
	grow_slots(g);
	uint64_t *pairs = ld_xrealloc(NULL, (size_t)(g->entries.len ? g->entries.len : 1) * sizeof(uint64_t));
	for (uint32_t i = 0; i < g->entries.len; i++) {
		const struct entry *e = &g->entries.v[i];
		uint32_t s = intern(g, e->name ? e->name : g->arena.v + e->qname - 1);
		pairs[i] = (uint64_t)s << 32 | e->value;
	}
	/* A type is listed with the first unit that defines it, as gdb lists types in its
	 * own indexes: every unit that uses a type has a copy of its DIE, and any copy will
	 * do. Pairs sort by name, then static bit, kind and unit. */
	uint32_t npairs = 0;
	if (g->entries.len)
		qsort(pairs, g->entries.len, sizeof(*pairs), cmp_u64);
	for (uint32_t i = 0; i < g->entries.len; i++) {
		if (npairs && pairs[i] == pairs[npairs - 1])
			continue;
		if (npairs && (pairs[i] >> 28 & 7) == KIND_TYPE &&
		    (pairs[i] & ~(uint64_t)(CU_INDEX_LIMIT - 1)) == (pairs[npairs - 1] & ~(uint64_t)(CU_INDEX_LIMIT - 1)))
			continue;
		pairs[npairs++] = pairs[i];
	}
	for (uint32_t i = 0; i < npairs; i++) {
		struct sym *s = &g->syms.v[pairs[i] >> 32];
		if (!s->npairs)
			s->first_pair = i;
		s->npairs++;
	}
	uint64_t pool = 0;
	for (uint32_t i = 0; i < g->syms.len; i++) {
		g->syms.v[i].vec_off = (uint32_t)pool;
		pool += 4 + 4 * (uint64_t)g->syms.v[i].npairs;
	}
	for (uint32_t i = 0; i < g->syms.len; i++) {
		g->syms.v[i].name_off = (uint32_t)pool;
		pool += strlen(g->syms.v[i].name) + 1;
	}
	/* the address area by address, a unit's adjoining or overlapping ranges as one */
	if (g->area.len > 1)
		qsort(g->area.v, g->area.len, sizeof(*g->area.v), cmp_area);
	uint32_t narea = 0;
	for (uint32_t i = 0; i < g->area.len; i++) {
		struct area_entry *last = narea ? &g->area.v[narea - 1] : NULL;
		if (last && last->unit == g->area.v[i].unit && g->area.v[i].lo <= last->hi) {
			if (g->area.v[i].hi > last->hi)
				last->hi = g->area.v[i].hi;
			continue;
		}
		g->area.v[narea++] = g->area.v[i];
	}
	g->area.len = narea;

	const uint64_t cu_list = GDB_INDEX_HEADER, area = cu_list + 16 * (uint64_t)g->units.len;
	const uint64_t symtab = area + 20 * (uint64_t)g->area.len, cpool = symtab + 8 * (uint64_t)g->nslots;
	const uint64_t size = cpool + pool;
	if (size > UINT32_MAX) {
		free(pairs);
		bad(g, -1, 0, "the index would be larger than 4 GiB");
		return;
	}
	uint8_t *p = ld_xrealloc(NULL, size);
	memset(p, 0, size);
	const uint64_t header[6] = { GDB_INDEX_VERSION, cu_list, area, area, symtab, cpool };
	for (int i = 0; i < 6; i++)
		put_le(p + 4 * i, header[i], 4);
	for (uint32_t i = 0; i < g->units.len; i++) {
		put_le(p + cu_list + 16 * (uint64_t)i, g->units.v[i].off, 8);
		put_le(p + cu_list + 16 * (uint64_t)i + 8, g->units.v[i].end - g->units.v[i].off, 8);
	}
	for (uint32_t i = 0; i < g->area.len; i++) {
		uint8_t *a = p + area + 20 * (uint64_t)i;
		put_le(a, g->area.v[i].lo, 8);
		put_le(a + 8, g->area.v[i].hi, 8);
		put_le(a + 16, g->area.v[i].unit, 4);
	}
	for (uint32_t i = 0; i < g->nslots; i++) {
		if (!g->slots[i])
			continue;
		const struct sym *s = &g->syms.v[g->slots[i] - 1];
		put_le(p + symtab + 8 * (uint64_t)i, s->name_off, 4);
		put_le(p + symtab + 8 * (uint64_t)i + 4, s->vec_off, 4);
	}
	for (uint32_t i = 0; i < g->syms.len; i++) {
		const struct sym *s = &g->syms.v[i];
		uint8_t *v = p + cpool + s->vec_off;
		put_le(v, s->npairs, 4);
		for (uint32_t k = 0; k < s->npairs; k++)
			put_le(v + 4 + 4 * (uint64_t)k, (uint32_t)pairs[s->first_pair + k], 4);
		memcpy(p + cpool + s->name_off, s->name, strlen(s->name) + 1);
	}
	free(pairs);
	*out = p;
	*out_size = size;
}

static void free_gx(struct gx *g)
{
	for (uint32_t i = 0; i < g->tables.len; i++)
		free_table(g->tables.v[i]);
	LD_FREE(g->tables);
	LD_FREE(g->alloc);
	LD_FREE(g->units);
	LD_FREE(g->area);
	LD_FREE(g->tmp);
	LD_FREE(g->entries);
	LD_FREE(g->scopes);
	LD_FREE(g->levels);
	LD_FREE(g->arena);
	LD_FREE(g->syms);
	free(g->slots);
}

int gdb_index_build(struct ld_ctx *ctx, const uint8_t *image, uint64_t size, uint8_t **out, uint64_t *out_size)
{
	struct gx g = { .ctx = ctx, .path = ctx->opt && ctx->opt->output ? ctx->opt->output : "a.out" };
	*out = NULL;
	*out_size = 0;
	read_elf(&g, image, size);
	if (!g.failed && !g.sec[INFO].size) {
		free_gx(&g);
		return 0;
	}
	if (!g.failed && g.sec[TYPES].size)
		bad(&g, TYPES, 0, "type units (-fdebug-types-section) cannot be indexed");
	if (!g.failed)
		read_units(&g);
	if (!g.failed)
		read_aranges(&g);
	if (!g.failed)
		unit_areas(&g);
	for (uint32_t i = 0; i < g.units.len && !g.failed; i++)
		walk_unit(&g, i);
	if (!g.failed)
		write_index(&g, out, out_size);
	free_gx(&g);
	return g.failed ? -1 : 0;
}
