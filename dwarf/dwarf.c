/*
 * dwarf.c: DWARF 4 encoders for the debug sections of code handed in through the API.
 *
 * Each function here appends one self-contained piece to a struct buf; the writer
 * (link/debug.c) decides where the pieces go and patches them in place. Two properties
 * make in-place patching possible and are kept by everything below:
 *  - a piece never refers outside itself except to the unit start (.debug_info type
 *    references are unit-relative, computed from the piece's die_offset) and to
 *    addresses and .debug_str offsets the caller passes in;
 *  - the gaps between pieces are filled with a one-byte pattern that readers skip:
 *    DW_ABBREV_PAD DIEs in .debug_info (a childless DW_TAG_unspecified_type with no
 *    attributes, which llvm-dwarfdump --verify, readelf and gdb accept silently) and
 *    DW_LNS_set_basic_block in .debug_line. That opcode's flag lands on the first row
 *    of the next sequence, the start of a function, which is a basic block anyway.
 *
 * Multi-byte fields follow dw_format.big_endian, not the buffer's own byte order, so a
 * caller cannot mix the two up. Form choices (fixed, since .debug_abbrev is shared):
 * the CU's DW_AT_high_pc is an address (DW_FORM_addr), a subprogram's is its length
 * (DW_FORM_udata, so any size is exact); decl_file and decl_line are DW_FORM_udata;
 * type references are DW_FORM_ref4, so a piece must start in the first 4 GiB of its
 * unit, in 64-bit DWARF too.
 */
#include "dwarf.h"

/* Tags, attributes, forms and opcodes: the DWARF 4 standard's names and values. */
enum {
	DW_TAG_formal_parameter = 0x05,
	DW_TAG_compile_unit = 0x11,
	DW_TAG_base_type = 0x24,
	DW_TAG_subprogram = 0x2e,
	DW_TAG_variable = 0x34,
	DW_TAG_unspecified_type = 0x3b,

	DW_CHILDREN_no = 0,
	DW_CHILDREN_yes = 1,

	DW_AT_location = 0x02,
	DW_AT_name = 0x03,
	DW_AT_byte_size = 0x0b,
	DW_AT_stmt_list = 0x10,
	DW_AT_low_pc = 0x11,
	DW_AT_high_pc = 0x12,
	DW_AT_language = 0x13,
	DW_AT_comp_dir = 0x1b,
	DW_AT_producer = 0x25,
	DW_AT_prototyped = 0x27,
	DW_AT_decl_file = 0x3a,
	DW_AT_decl_line = 0x3b,
	DW_AT_encoding = 0x3e,
	DW_AT_external = 0x3f,
	DW_AT_frame_base = 0x40,
	DW_AT_type = 0x49,

	DW_FORM_addr = 0x01,
	DW_FORM_data2 = 0x05,
	DW_FORM_string = 0x08,
	DW_FORM_data1 = 0x0b,
	DW_FORM_strp = 0x0e,
	DW_FORM_udata = 0x0f,
	DW_FORM_ref4 = 0x13,
	DW_FORM_sec_offset = 0x17,
	DW_FORM_exprloc = 0x18,
	DW_FORM_flag_present = 0x19,

	DW_OP_addr = 0x03,
	DW_OP_reg0 = 0x50,
	DW_OP_regx = 0x90,
	DW_OP_call_frame_cfa = 0x9c,

	DW_LNS_copy = 1,
	DW_LNS_advance_pc = 2,
	DW_LNS_advance_line = 3,
	DW_LNS_set_file = 4,
	DW_LNS_set_basic_block = 7,
	DW_LNE_end_sequence = 1,
	DW_LNE_set_address = 2,
};


/* The line program's special-opcode parameters (the values GCC uses). */
#define LINE_BASE (-5)
#define LINE_RANGE 14
#define OPCODE_BASE 13
/* Operand counts of standard opcodes 1 .. OPCODE_BASE-1, as DWARF 4 defines them. */
static const uint8_t standard_opcode_lengths[OPCODE_BASE - 1] = { 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1 };

/* Size of the fixed .debug_info header piece. The unit header plus CU DIE needs at most
 * 46 bytes (32-bit DWARF, 8-byte addresses) or 74 (64-bit DWARF); the rest is padding,
 * and fixing the size per format lets the first function sit at a constant offset. */
#define INFO_HEADER_SIZE_32 64
#define INFO_HEADER_SIZE_64 96

/* ---- fields in the format's byte order */

static void put_u16(struct buf *b, const struct dw_format *f, uint16_t v)
{
	uint8_t *p = buf_grow(b, 2);
	if (p) put16(p, v, f->big_endian);
}

static void put_u32(struct buf *b, const struct dw_format *f, uint32_t v)
{
	uint8_t *p = buf_grow(b, 4);
	if (p) put32(p, v, f->big_endian);
}

static void put_sized(struct buf *b, const struct dw_format *f, uint64_t v, unsigned size)
{
	uint8_t *p = buf_grow(b, size);
	if (p) put_word(p, v, size, f->big_endian);
}

static void put_offset(struct buf *b, const struct dw_format *f, uint64_t v) { put_sized(b, f, v, f->offset_size); }
static void put_addr(struct buf *b, const struct dw_format *f, uint64_t v) { put_sized(b, f, v, f->addr_size); }

/* The initial length field: 4 bytes, or 0xffffffff then 8 bytes in 64-bit DWARF. */
static void put_initial_length(struct buf *b, const struct dw_format *f, uint64_t len)
{
	if (f->offset_size == 8) {
		put_u32(b, f, 0xffffffffu);
		put_sized(b, f, len, 8);
	} else {
		put_u32(b, f, (uint32_t)len);
	}
}

static void put_cstr(struct buf *b, const char *s) { buf_str(b, s ? s : ""); }
static size_t cstr_size(const char *s) { return (s ? strlen(s) : 0) + 1; }

uint32_t dw_initial_length_size(const struct dw_format *f)
{
	return f->offset_size == 8 ? 12 : 4;
}

/* ---- .debug_abbrev */

static void abbrev(struct buf *b, unsigned code, unsigned tag, int children, const uint8_t *attrs, size_t n)
{
	buf_uleb(b, code);
	buf_uleb(b, tag);
	buf_u8(b, children ? DW_CHILDREN_yes : DW_CHILDREN_no);
	/* Every attribute and form code used here is below 0x80: one ULEB byte each. */
	buf_bytes(b, attrs, n);
	buf_u8(b, 0);
	buf_u8(b, 0);
}

void dw_write_abbrev(struct buf *b)
{
	static const uint8_t cu[] = {
		DW_AT_producer, DW_FORM_strp,
		DW_AT_language, DW_FORM_data2,
		DW_AT_name, DW_FORM_strp,
		DW_AT_comp_dir, DW_FORM_strp,
		DW_AT_low_pc, DW_FORM_addr,
		DW_AT_high_pc, DW_FORM_addr,
		DW_AT_stmt_list, DW_FORM_sec_offset,
	};
	/* DW_AT_type, when present, comes last so both subprogram forms share a prefix. */
	static const uint8_t subprogram[] = {
		DW_AT_name, DW_FORM_string,
		DW_AT_decl_file, DW_FORM_udata,
		DW_AT_decl_line, DW_FORM_udata,
		DW_AT_low_pc, DW_FORM_addr,
		DW_AT_high_pc, DW_FORM_udata,
		DW_AT_frame_base, DW_FORM_exprloc,
		DW_AT_external, DW_FORM_flag_present,
		DW_AT_prototyped, DW_FORM_flag_present,
		DW_AT_type, DW_FORM_ref4,
	};
	static const uint8_t base_type[] = {
		DW_AT_name, DW_FORM_string,
		DW_AT_encoding, DW_FORM_data1,
		DW_AT_byte_size, DW_FORM_data1,
	};
	static const uint8_t param[] = {
		DW_AT_name, DW_FORM_string,
		DW_AT_type, DW_FORM_ref4,
		DW_AT_location, DW_FORM_exprloc,
	};
	static const uint8_t variable[] = {
		DW_AT_name, DW_FORM_string,
		DW_AT_decl_file, DW_FORM_udata,
		DW_AT_decl_line, DW_FORM_udata,
		DW_AT_external, DW_FORM_flag_present,
		DW_AT_location, DW_FORM_exprloc,
	};

	abbrev(b, DW_ABBREV_CU, DW_TAG_compile_unit, 1, cu, sizeof(cu));
	abbrev(b, DW_ABBREV_SUBPROGRAM, DW_TAG_subprogram, 1, subprogram, sizeof(subprogram));
	abbrev(b, DW_ABBREV_SUBPROGRAM_VOID, DW_TAG_subprogram, 1, subprogram, sizeof(subprogram) - 2);
	abbrev(b, DW_ABBREV_BASE_TYPE, DW_TAG_base_type, 0, base_type, sizeof(base_type));
	abbrev(b, DW_ABBREV_PARAM, DW_TAG_formal_parameter, 0, param, sizeof(param));
	abbrev(b, DW_ABBREV_PARAM_NOLOC, DW_TAG_formal_parameter, 0, param, sizeof(param) - 2);
	abbrev(b, DW_ABBREV_VARIABLE, DW_TAG_variable, 0, variable, sizeof(variable));
	abbrev(b, DW_ABBREV_PAD, DW_TAG_unspecified_type, 0, NULL, 0);
	abbrev(b, DW_ABBREV_SUBPROGRAM_LEAF, DW_TAG_subprogram, 0, subprogram, sizeof(subprogram));
	abbrev(b, DW_ABBREV_SUBPROGRAM_VOID_LEAF, DW_TAG_subprogram, 0, subprogram, sizeof(subprogram) - 2);
	buf_u8(b, 0);
}

/* ---- .debug_info */

uint32_t dw_info_header_size(const struct dw_format *f)
{
	return f->offset_size == 8 ? INFO_HEADER_SIZE_64 : INFO_HEADER_SIZE_32;
}

void dw_info_pad(struct buf *b, size_t n)
{
	_Static_assert(DW_ABBREV_PAD < 0x80, "a padding DIE must be one byte");
	buf_fill(b, DW_ABBREV_PAD, n);
}

void dw_write_cu(struct buf *b, const struct dw_format *f, const struct dw_cu *cu)
{
	size_t start = b->len;
	put_initial_length(b, f, cu->unit_length);
	put_u16(b, f, 4);
	put_offset(b, f, cu->abbrev_offset);
	buf_u8(b, f->addr_size);

	buf_uleb(b, DW_ABBREV_CU);
	put_offset(b, f, cu->producer_strp);
	put_u16(b, f, cu->language);
	put_offset(b, f, cu->name_strp);
	put_offset(b, f, cu->comp_dir_strp);
	put_addr(b, f, cu->low_pc);
	put_addr(b, f, cu->high_pc);
	put_offset(b, f, cu->stmt_list);

	dw_info_pad(b, dw_info_header_size(f) - (b->len - start));
}

static int name_eq(const char *x, const char *y)
{
	size_t n = cstr_size(x);
	return n == cstr_size(y) && (n == 1 || memcmp(x, y, n) == 0);
}

/* Types are compared by content, so two solder_type objects describing the same base
 * type share one DIE. NULL (a parameter of unknown type) is written as a
 * DW_ABBREV_PAD DIE: a DW_TAG_unspecified_type, which is what DWARF has for it. */
static int same_type(const struct solder_type *x, const struct solder_type *y)
{
	if (x == y)
		return 1;
	if (!x || !y)
		return 0;
	return x->byte_size == y->byte_size && x->encoding == y->encoding && name_eq(x->name, y->name);
}

/* The types a subprogram refers to, in reference order: its return type (when it has
 * one), then each parameter's. */
static uint32_t type_count(const struct solder_fn_debug *d)
{
	return (d->ret ? 1u : 0u) + (uint32_t)d->nparams;
}

static const struct solder_type *type_at(const struct solder_fn_debug *d, uint32_t i)
{
	if (d->ret) {
		if (i == 0)
			return d->ret;
		i--;
	}
	return d->params[i].type;
}

/* A parameter's DW_AT_location expression: DW_OP_regN for registers 0..31, else
 * DW_OP_regx N. Sizes include the exprloc's ULEB length. */
static unsigned param_loc_size(const struct solder_param *p)
{
	if (p->dwarf_reg < 0)
		return 0;
	unsigned expr = p->dwarf_reg < 32 ? 1 : 1 + uleb_size((uint64_t)p->dwarf_reg);
	return uleb_size(expr) + expr;
}

static void put_param_loc(struct buf *b, const struct solder_param *p)
{
	if (p->dwarf_reg < 32) {
		buf_uleb(b, 1);
		buf_u8(b, (uint8_t)(DW_OP_reg0 + p->dwarf_reg));
	} else {
		buf_uleb(b, 1 + uleb_size((uint64_t)p->dwarf_reg));
		buf_u8(b, DW_OP_regx);
		buf_uleb(b, (uint64_t)p->dwarf_reg);
	}
}

/* Points every reference to type t (or an equal one) in the piece at offset off. The
 * references sit at ret_ref (the subprogram's DW_AT_type) and inside each parameter
 * DIE, whose layout is recomputed from params_at on. */
static void patch_type_refs(struct buf *b, const struct dw_format *f, const struct solder_fn_debug *d,
                            const struct solder_type *t, size_t ret_ref, size_t params_at, uint32_t off)
{
	if (b->failed)
		return;
	if (d->ret && same_type(d->ret, t))
		put32(b->p + ret_ref, off, f->big_endian);
	size_t at = params_at;
	for (size_t i = 0; i < d->nparams; i++) {
		const struct solder_param *p = &d->params[i];
		size_t ref = at + 1 + cstr_size(p->name);
		if (same_type(p->type, t))
			put32(b->p + ref, off, f->big_endian);
		at = ref + 4 + param_loc_size(p);
	}
}

static void write_variable(struct buf *b, const struct dw_format *f, const struct dw_func *fn)
{
	buf_uleb(b, DW_ABBREV_VARIABLE);
	put_cstr(b, fn->name);
	buf_uleb(b, fn->decl_file);
	buf_uleb(b, fn->decl_line);
	buf_uleb(b, 1u + f->addr_size);
	buf_u8(b, DW_OP_addr);
	put_addr(b, f, fn->low_pc);
}

/* The piece: the DW_TAG_subprogram, its DW_TAG_formal_parameter children and their
 * closing 0 (a subprogram without parameters has no children), then one DIE per
 * distinct type referred to, in order of first reference. References are written as
 * placeholders and patched once each type's place is known. decl_line falls back to
 * the debug description's when the caller gives none. */
void dw_write_func(struct buf *b, const struct dw_format *f, uint64_t die_offset, const struct dw_func *fn)
{
	if (fn->is_object) {
		write_variable(b, f, fn);
		return;
	}
	const struct solder_fn_debug *d = fn->debug;
	size_t start = b->len;
	uint32_t decl_line = fn->decl_line || !d ? fn->decl_line : d->decl_line;

	int has_type = d && d->ret, has_params = d && d->nparams;
	if (has_params)
		buf_uleb(b, has_type ? DW_ABBREV_SUBPROGRAM : DW_ABBREV_SUBPROGRAM_VOID);
	else
		buf_uleb(b, has_type ? DW_ABBREV_SUBPROGRAM_LEAF : DW_ABBREV_SUBPROGRAM_VOID_LEAF);
	put_cstr(b, fn->name);
	buf_uleb(b, fn->decl_file);
	buf_uleb(b, decl_line);
	put_addr(b, f, fn->low_pc);
	buf_uleb(b, fn->size);
	buf_uleb(b, 1);
	buf_u8(b, DW_OP_call_frame_cfa);
	size_t ret_ref = b->len;
	if (has_type)
		put_u32(b, f, 0);
	size_t params_at = b->len;
	for (size_t i = 0; has_params && i < d->nparams; i++) {
		const struct solder_param *p = &d->params[i];
		buf_uleb(b, p->dwarf_reg < 0 ? DW_ABBREV_PARAM_NOLOC : DW_ABBREV_PARAM);
		put_cstr(b, p->name);
		put_u32(b, f, 0);
		if (p->dwarf_reg >= 0)
			put_param_loc(b, p);
	}
	if (has_params)
		buf_u8(b, 0);
	if (!d)
		return;

	uint32_t n = type_count(d);
	for (uint32_t i = 0; i < n; i++) {
		const struct solder_type *t = type_at(d, i);
		int seen = 0;
		for (uint32_t j = 0; j < i && !seen; j++)
			seen = same_type(type_at(d, j), t);
		if (seen)
			continue;
		patch_type_refs(b, f, d, t, ret_ref, params_at, (uint32_t)(die_offset + (b->len - start)));
		if (!t) {
			dw_info_pad(b, 1);
			continue;
		}
		buf_uleb(b, DW_ABBREV_BASE_TYPE);
		put_cstr(b, t->name);
		buf_u8(b, t->encoding);
		buf_u8(b, t->byte_size);
	}
}

/* ---- .debug_line */

/* Address advances are counted in minimum instruction lengths; 0 would make every
 * advance meaningless, so it reads as 1 (the header carries the same value). */
static unsigned inst_unit(const struct dw_format *f)
{
	return f->min_inst_len ? f->min_inst_len : 1;
}

uint32_t dw_line_header_size(const struct dw_format *f, const char *const *files, uint32_t nfiles)
{
	size_t n = dw_initial_length_size(f) + 2u + f->offset_size;
	n += 6 + sizeof(standard_opcode_lengths);
	n += 1;                           /* include_directories: none, its terminating 0 */
	for (uint32_t i = 0; i < nfiles; i++)
		n += cstr_size(files[i]) + 3; /* directory, mtime, length: ULEB 0 each */
	n += 1;                           /* file_names' terminating 0 */
	return (uint32_t)n;
}

/* include_directories is empty: every file is in directory 0, the CU's DW_AT_comp_dir,
 * so relative names resolve against it and absolute names stand as given. */
void dw_write_line_header(struct buf *b, const struct dw_format *f, uint64_t unit_length,
                          const char *const *files, uint32_t nfiles)
{
	uint32_t size = dw_line_header_size(f, files, nfiles);
	put_initial_length(b, f, unit_length);
	put_u16(b, f, 4);
	put_offset(b, f, size - dw_initial_length_size(f) - 2u - f->offset_size);
	buf_u8(b, (uint8_t)inst_unit(f));
	buf_u8(b, 1);                     /* maximum_operations_per_instruction */
	buf_u8(b, 1);                     /* default_is_stmt */
	buf_u8(b, (uint8_t)LINE_BASE);
	buf_u8(b, LINE_RANGE);
	buf_u8(b, OPCODE_BASE);
	buf_bytes(b, standard_opcode_lengths, sizeof(standard_opcode_lengths));
	buf_u8(b, 0);
	for (uint32_t i = 0; i < nfiles; i++) {
		put_cstr(b, files[i]);
		buf_uleb(b, 0);
		buf_uleb(b, 0);
		buf_uleb(b, 0);
	}
	buf_u8(b, 0);
}

static void set_address(struct buf *b, const struct dw_format *f, uint64_t addr)
{
	buf_u8(b, 0);
	buf_uleb(b, 1u + f->addr_size);
	buf_u8(b, DW_LNE_set_address);
	put_addr(b, f, addr);
}

/* Moves the address register by delta bytes to addr: DW_LNS_advance_pc when delta is
 * a whole number of instruction units, else DW_LNE_set_address. Returns the advance
 * left for a special opcode to make (always 0 here when it set the address). */
static uint64_t advance_units(struct buf *b, const struct dw_format *f, uint64_t addr, uint64_t delta)
{
	if (delta % inst_unit(f) == 0)
		return delta / inst_unit(f);
	set_address(b, f, addr);
	return 0;
}

/* Appends one row delta bytes (reaching addr) and dline lines after the previous one,
 * as a special opcode when both advances fit one. */
static void line_row(struct buf *b, const struct dw_format *f, uint64_t addr, uint64_t delta, int64_t dline)
{
	uint64_t adv = advance_units(b, f, addr, delta);
	if (dline < LINE_BASE || dline >= LINE_BASE + LINE_RANGE) {
		buf_u8(b, DW_LNS_advance_line);
		buf_sleb(b, dline);
		dline = 0;
	}
	unsigned line_part = (unsigned)(dline - LINE_BASE);
	if (adv <= (255u - OPCODE_BASE - line_part) / LINE_RANGE) {
		buf_u8(b, (uint8_t)(OPCODE_BASE + line_part + LINE_RANGE * adv));
		return;
	}
	buf_u8(b, DW_LNS_advance_pc);
	buf_uleb(b, adv);
	if (dline) {
		buf_u8(b, DW_LNS_advance_line);
		buf_sleb(b, dline);
	}
	buf_u8(b, DW_LNS_copy);
}

/* Rows that cannot belong to the sequence are skipped so the program stays valid: an
 * offset at or past size (no byte of the function is there) or below the previous
 * row's (the address register never goes back inside a sequence). A row at offset 0
 * always exists, on the first kept row's line. With no row kept the sequence is
 * empty: DW_LNE_set_address then DW_LNE_end_sequence, covering no address. */
void dw_write_line_seq(struct buf *b, const struct dw_format *f, uint64_t addr, uint64_t size,
                       uint32_t file, const struct solder_line *rows, size_t nrows)
{
	size_t first = 0;
	while (first < nrows && rows[first].offset >= size)
		first++;
	set_address(b, f, addr);
	if (first == nrows) {
		buf_u8(b, 0);
		buf_uleb(b, 1);
		buf_u8(b, DW_LNE_end_sequence);
		return;
	}
	if (file != 1) {
		buf_u8(b, DW_LNS_set_file);
		buf_uleb(b, file);
	}
	uint64_t off = 0;
	int64_t line = 1;
	if (rows[first].offset != 0) {
		line_row(b, f, addr, 0, (int64_t)rows[first].line - line);
		line = rows[first].line;
	}
	for (size_t i = first; i < nrows; i++) {
		if (rows[i].offset < off || rows[i].offset >= size)
			continue;
		line_row(b, f, addr + rows[i].offset, rows[i].offset - off, (int64_t)rows[i].line - line);
		off = rows[i].offset;
		line = rows[i].line;
	}
	uint64_t adv = advance_units(b, f, addr + size, size - off);
	if (adv) {
		buf_u8(b, DW_LNS_advance_pc);
		buf_uleb(b, adv);
	}
	buf_u8(b, 0);
	buf_uleb(b, 1);
	buf_u8(b, DW_LNE_end_sequence);
}

void dw_line_pad(struct buf *b, size_t n)
{
	buf_fill(b, DW_LNS_set_basic_block, n);
}

/* ---- .debug_aranges (version 2, the only version DWARF 4 defines) */

uint32_t dw_aranges_header_size(const struct dw_format *f)
{
	/* unit_length, version, debug_info_offset, address_size, segment_size, then padding
	 * so the first tuple is aligned to its own size from the start of the set. */
	uint32_t fields = dw_initial_length_size(f) + 2u + f->offset_size + 2u;
	return (uint32_t)align_up(fields, 2u * f->addr_size);
}

void dw_write_aranges_header(struct buf *b, const struct dw_format *f, uint32_t ntuples, uint64_t info_offset)
{
	uint32_t size = dw_aranges_header_size(f);
	size_t start = b->len;
	uint64_t tuples = ((uint64_t)ntuples + 1) * 2u * f->addr_size;   /* + the (0, 0) end */
	put_initial_length(b, f, size - dw_initial_length_size(f) + tuples);
	put_u16(b, f, 2);
	put_offset(b, f, info_offset);
	buf_u8(b, f->addr_size);
	buf_u8(b, 0);
	buf_fill(b, 0, size - (b->len - start));
}

void dw_write_aranges_tuple(struct buf *b, const struct dw_format *f, uint64_t addr, uint64_t len)
{
	put_addr(b, f, addr);
	put_addr(b, f, len);
}

void dw_write_aranges_end(struct buf *b, const struct dw_format *f)
{
	dw_write_aranges_tuple(b, f, 0, 0);
}
