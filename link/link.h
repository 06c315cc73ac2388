/*
 * link.h: the link context and the passes over it that other link/ files call.
 *
 * All engine state is here, referred to by uint32_t index with 0 meaning none, so
 * that it survives reallocation and can be saved into the output and loaded back
 * (state.c). Arrays keep element 0 as an unused sentinel.
 *
 * Who does what:
 *   writer.c  the output file: sections and segments, file-space search, headers,
 *             positioned writes (the only place that calls the file operations)
 *   blocks.c  placement inside a section: capacity, growth in place, free lists
 *   symtab.c  .symtab/.strtab (locals before globals), exports
 *   got.c     GOT slots
 *   debug.c   DWARF pieces for API functions, patched in place
 *   state.c   saving the context into .solder.state and trusting it on open
 *   api.c     solder.h on top of the above
 */
#ifndef SOLDER_LINK_H
#define SOLDER_LINK_H

#include "base.h"
#include "../targets/target.h"
#include "../dwarf/dwarf.h"

/* alloc_num / alloc_den: the ideal capacity of a block is size * 4/3 (Zig's Elf.zig). */
#define ALLOC_NUM 4
#define ALLOC_DEN 3
/* A block whose surplus over its ideal capacity can hold a block of this size (with
 * its own ideal capacity) goes on its section's free list. */
#define MIN_BLOCK_SIZE 64
#define MIN_BLOCK_CAPACITY (MIN_BLOCK_SIZE * ALLOC_NUM / ALLOC_DEN)

#define PHDR_CAPACITY 8   /* program headers reserved after the ELF header */
#define STATE_SECTION ".solder.state"

/* One output section. Blocks are placed at offsets relative to the section start, so
 * the same allocator serves code (address = sh_addr + offset) and debug sections. */
struct osec {
	uint32_t name;           /* offset into .shstrtab */
	uint32_t sh_type;
	uint64_t sh_flags;
	uint64_t sh_addr;
	uint64_t sh_offset;
	uint64_t sh_size;
	uint32_t sh_link, sh_info;
	uint64_t sh_addralign, sh_entsize;
	uint32_t seg;            /* the segment that loads it, or 0 */
	uint64_t head_reserve;   /* bytes before the first block (a header piece) */
	uint64_t tail;           /* bytes after the last block (e.g. the CU's closing 0) */
	uint64_t file_align;     /* alignment of sh_offset when the section moves */
	uint32_t first_block, last_block;
	VEC(uint32_t) free_list; /* blocks with surplus capacity (false positives allowed) */
	uint8_t fill;            /* byte pattern between blocks, see pad_fn */
	uint8_t dirty;           /* header must be rewritten */
};

struct seg {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
	uint32_t sec;            /* the one section it loads (API layout) */
};

/* A placed piece of a section: a function's code, an object's bytes, a DWARF piece. */
struct block {
	uint64_t off;            /* from the section start */
	uint64_t size;
	uint32_t prev, next;     /* neighbours by offset */
	uint32_t sec;
	uint32_t owner;          /* the atom it belongs to, or 0 */
};
_Static_assert(sizeof(struct block) == 32, "struct block is hot: keep it small");

/* A symbol handed in through the API. */
struct atom {
	uint8_t live;            /* allocated and not freed */
	uint8_t kind;            /* enum solder_kind, 0 before the first update */
	uint16_t pad;
	uint32_t align;
	uint32_t block;          /* its code or data, 0 before the first update */
	uint32_t got_slot;       /* 1-based slot index */
	uint32_t local_sym;      /* its STB_LOCAL entry in .symtab, 0 when unnamed */
	uint32_t name;           /* .strtab offset of its local name, 0 when unnamed */
	uint32_t first_export;   /* chain through struct export.next_of_atom */
	uint32_t fix_start, nfix;/* its fixups: ctx->fixups[fix_start .. +nfix) */
	uint32_t dbg_info;       /* block in .debug_info, 0 when none */
	uint32_t dbg_line;       /* block in .debug_line, 0 when none */
	uint32_t aranges_slot;   /* 1-based tuple index in .debug_aranges, 0 when none */
	uint32_t file;           /* 1-based line-table file index */
	uint32_t decl_line;
};

/* A name given to an atom by solder_export. */
struct export {
	uint32_t atom;           /* 0: this slot is free */
	uint32_t name;           /* .strtab offset */
	uint32_t linkage;        /* enum solder_linkage */
	uint32_t sym;            /* .symtab index: global or local per linkage */
	uint32_t next_of_atom;
};

/* Places that refer to a symbol directly (not through its GOT slot): when the symbol
 * moves, the fixups of these atoms that name it are re-applied. */
struct ref {
	uint32_t target;         /* the atom referred to */
	uint32_t from;           /* the atom whose fixup refers */
	uint32_t next;           /* next ref to the same target */
};

/* A .symtab entry, kept in host form; written through symtab.c. */
struct esym {
	uint32_t st_name;
	uint8_t st_info, st_other;
	uint16_t st_shndx;       /* a section index (engine index = ELF index) */
	uint64_t st_value, st_size;
	uint32_t owner;          /* globals: the export it belongs to (for swap-removal) */
};

struct solder_link {
	struct solder_allocator alloc;
	struct solder_file_ops file;
	int have_file;
	const struct target *t;
	struct diag diag;
	struct solder_stats stats;

	/* options, resolved */
	unsigned elf_class;        /* 32 or 64 */
	unsigned word;             /* 4 or 8: ELF word size of the class */
	uint64_t image_base, rodata_addr, data_addr, got_addr;
	char *entry_name;          /* owned */
	uint64_t entry_addr;
	int has_entry_addr;
	int debug_info;
	char *cu_name, *comp_dir, *producer;   /* owned */

	/* the file */
	VEC(struct osec) secs;     /* [0] is the null section */
	VEC(struct seg) segs;      /* [0] unused */
	uint64_t phdr_off;         /* e_phoff; PHDR_CAPACITY entries reserved */
	uint64_t shdr_off;         /* e_shoff */
	uint32_t shdr_cap;         /* section headers the reserved space holds */
	uint32_t sec_text, sec_rodata, sec_data, sec_got, sec_symtab, sec_strtab, sec_shstrtab;
	uint32_t sec_dbg_info, sec_dbg_abbrev, sec_dbg_line, sec_dbg_aranges, sec_dbg_str;
	uint32_t sec_state;
	struct buf shstrtab;       /* .shstrtab contents; fixed after creation */
	uint64_t entry_resolved;   /* e_entry as of the last flush */
	uint64_t entry_written;    /* e_entry in the file */
	int ehdr_dirty, phdrs_dirty, shdrs_dirty;
	int marked_unfinished;     /* the state in the file says "update in progress" */
	int resumed;
	int io_failed;              /* a write failed: the file's contents are unknown from here on */
	char rebuild_reason[160];
	uint64_t generation;       /* bumped at every close */

	VEC(struct block) blocks;  /* [0] unused */
	VEC(uint32_t) free_blocks; /* recycled block indices */

	VEC(struct atom) atoms;    /* [0] unused; index = solder_sym */
	VEC(uint32_t) free_atoms;
	VEC(struct solder_fixup) fixups;  /* atoms' fixups, in runs */
	VEC(struct ref) refs;      /* [0] unused */
	VEC(uint32_t) ref_head;    /* per atom: first ref whose target it is */
	VEC(uint32_t) free_refs;
	/* Atoms referred to directly before they had bytes: their referrers' fixups wait
	 * for them, and a flush fails while any is still without bytes. Always empty
	 * after a successful flush, so it is never saved. */
	VEC(uint32_t) pending_targets;

	/* GOT */
	uint32_t got_slots;        /* slots in use or freed (the GOT's length) */
	VEC(uint32_t) free_got;

	/* symbol table */
	VEC(struct esym) locals;   /* [0] is the null symbol */
	VEC(struct esym) globals;
	VEC(uint32_t) free_locals, free_globals;
	int globals_dirty;         /* all globals must be rewritten (their indices moved) */
	VEC(struct export) exports;/* [0] unused */
	struct name_map export_by_name;   /* name → export index (keys in strtab) */
	struct name_map atom_by_name;     /* local name → atom (keys in strtab) */
	struct buf strtab;         /* .strtab contents; written as it grows */
	uint64_t strtab_written;   /* bytes of strtab already in the file */
	struct name_map str_offsets;      /* string → its offset in strtab (dedup) */

	/* DWARF */
	struct dw_format dwf;
	VEC(char *) files;         /* line-table files, [0] unused; owned */
	uint32_t aranges_slots;
	VEC(uint32_t) free_aranges;
	struct buf dbg_str;
	uint64_t dbg_str_written;
	uint64_t cu_name_strp, comp_dir_strp, producer_strp;
	int dbg_headers_dirty;     /* CU header, line header, aranges header */
	uint64_t dbg_high_pc;      /* the CU's high_pc as last written */
};

/* ---- writer.c */
int elfw_create(struct solder_link *l);                /* a fresh, empty image */
/* Adds a section and claims `reserve` bytes of file space for it. Returns its index,
 * or 0 after reporting. */
uint32_t elfw_add_section(struct solder_link *l, const char *name, uint32_t type, uint64_t flags,
                          uint64_t addralign, uint64_t entsize, uint64_t reserve);
int elfw_pwrite(struct solder_link *l, const void *p, uint64_t len, uint64_t off);
int elfw_pread(struct solder_link *l, void *p, uint64_t len, uint64_t off);
/* Makes room for `size` bytes of section content; moves the section in the file when
 * it does not fit where it is, and checks that its segment stays clear of the others. */
int elfw_ensure_size(struct solder_link *l, uint32_t sec, uint64_t size);
uint64_t elfw_find_free_space(struct solder_link *l, uint64_t size, uint64_t align);
uint64_t elfw_allocated_size(struct solder_link *l, uint64_t start);
int elfw_write_headers(struct solder_link *l);           /* dirty ones; ELF header last */
/* Marks the state in the file unfinished before the first write of an update. */
int elfw_mark_unfinished(struct solder_link *l);
uint64_t elfw_sec_addr(const struct solder_link *l, uint32_t sec);
const char *elfw_sec_name(const struct solder_link *l, uint32_t sec);
int elfw_check_addr(struct solder_link *l, uint64_t addr, const char *what);

/* ---- blocks.c */
uint32_t blk_new(struct solder_link *l, uint32_t sec, uint32_t owner);
/* Gives block b room for size bytes at the alignment; it stays where it is when it
 * can. Sets *moved when its offset changed (or it was placed for the first time). */
int blk_place(struct solder_link *l, uint32_t b, uint64_t size, uint64_t align, int *moved);
void blk_release(struct solder_link *l, uint32_t b);   /* frees its space and index */
/* Moves a placed block after the section's last block (the head reserve grew over it). */
int blk_move_to_end(struct solder_link *l, uint32_t b, uint64_t align);
uint64_t blk_capacity(const struct solder_link *l, uint32_t b);
/* Where the section's content ends: the last block's end plus the section's tail. */
uint64_t blk_section_end(const struct solder_link *l, uint32_t sec);

/* ---- symtab.c */
uint32_t sym_string(struct solder_link *l, const char *s);   /* .strtab offset, 0 on failure */
const char *sym_name_at(const struct solder_link *l, uint32_t off);
uint32_t sym_new_local(struct solder_link *l);
void sym_free_local(struct solder_link *l, uint32_t i);
uint32_t sym_new_global(struct solder_link *l);
void sym_free_global(struct solder_link *l, uint32_t i);
int sym_write_local(struct solder_link *l, uint32_t i);
int sym_write_global(struct solder_link *l, uint32_t i);
int sym_flush(struct solder_link *l);   /* strtab tail, globals if they moved, header */

/* ---- got.c */
uint32_t got_alloc(struct solder_link *l);              /* 1-based slot, 0 on failure */
void got_free(struct solder_link *l, uint32_t slot);
uint64_t got_slot_addr(const struct solder_link *l, uint32_t slot);
int got_write(struct solder_link *l, uint32_t slot, uint64_t value);

/* ---- debug.c */
int dbg_init(struct solder_link *l);                    /* sections and headers of a fresh image */
int dbg_update(struct solder_link *l, uint32_t atom, const struct solder_update *u);
void dbg_free(struct solder_link *l, uint32_t atom);
int dbg_flush(struct solder_link *l);

/* ---- state.c */
/* Tries to resume the file's saved state. Returns 1 when resumed, 0 when the file must
 * be rebuilt (l->rebuild_reason says why), -1 on an I/O or memory failure. */
int state_load(struct solder_link *l);
int state_save(struct solder_link *l);
/* Rewrite only the flags word of the blob already in the file (a 4-byte write):
 * unfinished before the first write of an update, finished as close's last write. */
int state_mark_unfinished(struct solder_link *l);
int state_mark_finished(struct solder_link *l);
/* Frees everything the context owns except the context itself. */
void link_free_state(struct solder_link *l);

#endif
