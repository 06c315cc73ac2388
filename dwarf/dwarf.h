/*
 * dwarf.h: the DWARF encoders behind the writer's debug sections for API code.
 *
 * The writer owns placement (offsets in each section, capacity, free lists); these
 * functions only produce bytes into a struct buf. Every piece they produce is
 * self-contained so that one function's change rewrites one piece:
 *  - .debug_info: a fixed-size compile-unit header piece, then one piece per
 *    function (its DW_TAG_subprogram with parameters, followed by the base types it
 *    references), separated by padding DIEs, then the CU's closing 0.
 *  - .debug_line: a header piece, then one sequence per function, separated by
 *    no-op opcodes.
 *  - .debug_aranges: a header, then one fixed-size tuple per function slot.
 * DWARF version 4. The 32-bit or 64-bit DWARF format follows the ELF class
 * (offset_size 4 or 8); addresses are the target's pointer size.
 */
#ifndef SOLDER_DWARF_H
#define SOLDER_DWARF_H

#include "../link/base.h"

struct dw_format {
	uint8_t offset_size;   /* 4: 32-bit DWARF, 8: 64-bit DWARF */
	uint8_t addr_size;     /* 4 or 8 */
	uint8_t big_endian;
	uint8_t min_inst_len;  /* 1 on x86, 2 on RISC-V with C, else 4 */
};

/* Abbreviation codes used by dw_write_abbrev(). */
enum {
	DW_ABBREV_CU = 1,
	DW_ABBREV_SUBPROGRAM,          /* with DW_AT_type (returns a value), has children */
	DW_ABBREV_SUBPROGRAM_VOID,     /* no DW_AT_type, has children */
	DW_ABBREV_BASE_TYPE,
	DW_ABBREV_PARAM,               /* DW_AT_location exprloc */
	DW_ABBREV_PARAM_NOLOC,
	DW_ABBREV_VARIABLE,            /* a data object: name, type-less, DW_AT_location addr */
	DW_ABBREV_PAD,                 /* one byte; no attributes, no children */
	DW_ABBREV_SUBPROGRAM_LEAF,     /* as SUBPROGRAM, without parameters: no children */
	DW_ABBREV_SUBPROGRAM_VOID_LEAF,/* as SUBPROGRAM_VOID, without parameters */
};

/* The whole .debug_abbrev contents for API compile units. */
void dw_write_abbrev(struct buf *b);

/* .debug_info unit header + the DW_TAG_compile_unit DIE. Always exactly
 * dw_info_header_size(f) bytes: the tail is padding DIEs, so functions can start at a
 * fixed offset. unit_length covers everything after the initial length field up to and
 * including the CU's closing 0. */
struct dw_cu {
	uint64_t unit_length;
	uint64_t abbrev_offset;
	uint64_t stmt_list;
	uint64_t low_pc, high_pc;
	uint64_t name_strp, comp_dir_strp, producer_strp;  /* offsets into .debug_str */
	uint16_t language;                                 /* DW_LANG_C99 = 0x0c */
};
uint32_t dw_info_header_size(const struct dw_format *f);
void dw_write_cu(struct buf *b, const struct dw_format *f, const struct dw_cu *cu);
/* Offset in .debug_info where a unit's content after unit_length starts: 4 or 12. */
uint32_t dw_initial_length_size(const struct dw_format *f);

/* One function's .debug_info piece. die_offset is where the piece will sit relative to
 * the start of the unit (type references are unit-relative DW_FORM_ref4). kind_object
 * writes a DW_TAG_variable with DW_AT_location DW_OP_addr instead of a subprogram. */
struct dw_func {
	const char *name;
	uint64_t low_pc;
	uint64_t size;
	uint32_t decl_file;   /* index into the line header's file table, 1-based */
	uint32_t decl_line;
	const struct solder_fn_debug *debug;  /* may be NULL */
	int is_object;
};
void dw_write_func(struct buf *b, const struct dw_format *f, uint64_t die_offset, const struct dw_func *fn);

/* n bytes of padding DIEs (DW_ABBREV_PAD), n may be 0. */
void dw_info_pad(struct buf *b, size_t n);

/* .debug_line header for version 4 with the given include directory (index 1, the
 * comp_dir) and files (all in directory 0). unit_length covers the whole section after
 * the initial length. Returns nothing; the header's size is dw_line_header_size(). */
uint32_t dw_line_header_size(const struct dw_format *f, const char *const *files, uint32_t nfiles);
void dw_write_line_header(struct buf *b, const struct dw_format *f, uint64_t unit_length,
                          const char *const *files, uint32_t nfiles);
/* One function's line sequence: DW_LNE_set_address addr, DW_LNS_set_file file, rows,
 * then DW_LNE_end_sequence at addr + size. Rows must be sorted by offset. */
void dw_write_line_seq(struct buf *b, const struct dw_format *f, uint64_t addr, uint64_t size,
                       uint32_t file, const struct solder_line *rows, size_t nrows);
/* n bytes of no-op line opcodes (DW_LNS_set_basic_block: no row, no state a reader keeps). */
void dw_line_pad(struct buf *b, size_t n);

/* .debug_aranges: the header for one unit with ntuples tuples, and one tuple. A tuple
 * of a freed slot is written with a non-zero address and length 0 so it never reads as
 * the terminating (0, 0). */
uint32_t dw_aranges_header_size(const struct dw_format *f);
void dw_write_aranges_header(struct buf *b, const struct dw_format *f, uint32_t ntuples, uint64_t info_offset);
void dw_write_aranges_tuple(struct buf *b, const struct dw_format *f, uint64_t addr, uint64_t len);
void dw_write_aranges_end(struct buf *b, const struct dw_format *f);

#endif
