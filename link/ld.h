/*
 * ld.h: the object linker: relocatable objects and archives in, a static image out.
 *
 * This is the command-line side of solder (GNU ld's job). Unlike the API engine it is
 * hosted: it maps its inputs, uses the C library's allocator and prints diagnostics to
 * stderr. It shares the target tables (targets/) with the engine.
 *
 * The passes, in the order ld.c runs them, each in its own file:
 *   input.c    map files; parse ELF objects and ar archives, every offset checked
 *   resolve.c  the global symbol table; archive members pulled on demand; COMDAT;
 *              COMMON; --wrap, --defsym, -u; undefined and duplicate errors
 *   layout.c   output sections, merge sections, segments, GOT, linker-defined symbols,
 *              addresses (and re-layout after a target's relaxation)
 *   (target)   scan_section, relax, relocate_section: the psABI per architecture
 *   output.c   the image: headers, sections, symtab, written through a mapping of a
 *              temporary file that replaces the output only when the link succeeded
 *
 * Design constraint (issue 3): input sections are the blocks of an incremental link.
 * Each ld_isec has its place (osec + off), its capacity (the bytes up to the next
 * block) and its relocation sites, so a later relink can move or patch one section.
 *
 * Indices: files, input sections, global symbols and output sections live in arrays
 * in struct ld_ctx and refer to each other by uint32_t index, 0 meaning none
 * (element 0 of each array is an unused sentinel).
 */
#ifndef SOLDER_LD_H
#define SOLDER_LD_H

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>

#include "../targets/target.h"

/* ---- growable arrays (hosted: the C library's allocator; out of memory is fatal) */

void *ld_xrealloc(void *p, size_t size);
#define LD_VEC(T) struct { T *v; uint32_t len, cap; }
#define LD_PUSH(vec, x)                                                                         \
	do {                                                                                    \
		if ((vec).len == (vec).cap) {                                                   \
			(vec).cap = (vec).cap ? (vec).cap * 2 : 16;                             \
			(vec).v = ld_xrealloc((vec).v, (size_t)(vec).cap * sizeof(*(vec).v));    \
		}                                                                               \
		(vec).v[(vec).len++] = (x);                                                     \
	} while (0)
#define LD_FREE(vec) (free((vec).v), (vec).v = NULL, (vec).len = (vec).cap = 0)

/* ---- options (filled by the command line, toolchain/solder.c) */

/* One input on the command line, in order. Groups and --whole-archive apply to ranges. */
enum ld_input_kind {
	LD_IN_FILE = 1,        /* path: an object, an archive, or (issue 4) a script */
	LD_IN_LIB,             /* -lNAME: searched in lib_dirs as libNAME.a */
	LD_IN_GROUP_START,     /* --start-group / -( */
	LD_IN_GROUP_END,       /* --end-group / -) */
	LD_IN_WHOLE_ARCHIVE,   /* --whole-archive: from here, archives load every member */
	LD_IN_NO_WHOLE_ARCHIVE,
};
struct ld_input {
	enum ld_input_kind kind;
	const char *arg;       /* path or library name */
	uint8_t binary;        /* -b binary was in force: a raw file becomes an object
	                          with _binary_<name>_start/_end/_size */
};

enum ld_unresolved { LD_UNRES_REPORT_ALL = 0, LD_UNRES_IGNORE_ALL, LD_UNRES_IGNORE_IN_OBJECT_FILES,
                     LD_UNRES_IGNORE_IN_SHARED_LIBS };

struct ld_section_start {
	const char *name;      /* ".text" for -Ttext */
	uint64_t addr;
};
struct ld_defsym {
	const char *name;
	const char *expr;      /* a number, a symbol, or symbol+/-number */
};

struct ld_target;
struct ls_script;
struct sl_state;
struct ld_options {
	const struct ld_target *target; /* from -m, or from the first object */
	const char *output;            /* -o, default "a.out" */
	const char *entry;             /* -e; default "_start" */
	LD_VEC(struct ld_input) inputs;
	LD_VEC(const char *) lib_dirs;    /* -L, in order */
	LD_VEC(const char *) undefined;   /* -u */
	LD_VEC(const char *) wrap;        /* --wrap */
	LD_VEC(struct ld_defsym) defsyms; /* --defsym */
	LD_VEC(struct ld_section_start) section_starts; /* -Ttext/-Tdata/-Tbss/--section-start */
	uint64_t image_base;           /* --image-base; valid when has_image_base */
	uint64_t got_addr;             /* --got-address; valid when has_got_addr */
	uint64_t max_page_size;        /* -z max-page-size; 0: the target's */
	uint8_t has_image_base, has_got_addr;
	uint8_t elf_class;             /* 0: the target's; 32 or 64 (--elf-class) */
	const char *board;             /* --board: written into .note.solder.board, or NULL */
	const char *oformat_name;      /* --oformat naming an ELF target, or NULL */
	uint16_t oformat_machine;      /* its e_machine and class */
	uint8_t oformat_class;
	uint8_t relax;                 /* 1 unless --no-relax */
	uint8_t omagic;                /* -N: text writable, no page alignment */
	uint8_t nmagic;                /* -n: no page alignment of segments */
	uint8_t execstack;             /* -z execstack (PT_GNU_STACK RWX) */
	uint8_t noinhibit_exec;        /* --noinhibit-exec: write the image despite errors */
	uint8_t discard_locals;        /* -X (default on): drop .L* locals */
	uint8_t strip_all;             /* -s */
	uint8_t strip_debug;           /* -S */
	uint8_t verbose;               /* --verbose / -t (trace) */
	uint8_t trace;                 /* -t: print each input file */
	uint8_t build_id;              /* --build-id (a .note.gnu.build-id) */
	uint8_t eh_frame_hdr;          /* --eh-frame-hdr */
	uint8_t fatal_warnings;
	enum ld_unresolved unresolved;
	const char *map_file;          /* -Map FILE ("-" with -M: stdout) */
	LD_VEC(const char *) scripts;  /* -T, in order */
	uint8_t gc_sections;           /* --gc-sections */
	uint8_t print_gc_sections;     /* --print-gc-sections */
	uint8_t cref;                  /* --cref: cross reference table in the map */
	uint8_t print_memory_usage;    /* --print-memory-usage */
	enum ld_orphan { LD_ORPHAN_PLACE = 0, LD_ORPHAN_WARN, LD_ORPHAN_ERROR,
	                 LD_ORPHAN_DISCARD } orphan_handling;  /* --orphan-handling */
	enum ld_oformat { LD_OFORMAT_ELF = 0, LD_OFORMAT_BINARY, LD_OFORMAT_IHEX, LD_OFORMAT_SREC,
	                  LD_OFORMAT_C } oformat;  /* --oformat */
	uint8_t gdb_index;             /* --gdb-index: a .gdb_index section for gdb */
};

/* ---- inputs */

/* A file as read: an object on its own, an archive, or an archive member. */
struct ld_file {
	const char *path;        /* on the command line (the archive's for members) */
	const char *name;        /* for messages: "x.o" or "lib.a(x.o)" */
	const uint8_t *data;     /* the whole file (mapped) or the member's bytes */
	uint64_t size;
	uint8_t is_archive;
	uint8_t is_object;       /* parsed as an ELF relocatable object */
	uint8_t loaded;          /* an archive member: pulled into the link */
	uint8_t whole_archive;   /* an archive given under --whole-archive */
	uint32_t group;          /* 1-based --start-group number, or 0 */
	uint32_t priority;       /* command-line order: earlier definitions win ties */

	/* An object: its sections and symbols. Section i of the file is isecs[first_isec + i]
	 * (i = 0 .. nsec-1; entry 0 stays unused, like SHN_UNDEF). */
	uint32_t first_isec, nsec;
	struct ld_fsym *syms;    /* nsyms entries, in the file's symtab order */
	uint32_t nsyms, first_global; /* sh_info of SHT_SYMTAB: locals come first */
	uint8_t elf_class;       /* 32 or 64 */
	uint32_t e_flags;

	/* Its symbols grouped by section (built by ld_delete_bytes on first use, so that
	 * relaxation touches only the symbols of the section it shrinks):
	 * sec_syms[sec_syms_start[k] .. sec_syms_start[k + 1]) are section k's. */
	uint32_t *sec_syms, *sec_syms_start;

	/* An archive: its members, in file order, and the symbol index. */
	uint32_t first_member, nmembers;  /* members are files[first_member ..] */
	struct ld_armap { const char *name; uint32_t member; } *armap;  /* member: file index */
	uint32_t narmap;
};

/* A symbol of one object, as its symtab says, plus where resolution put it. */
struct ld_fsym {
	const char *name;
	uint64_t value;          /* st_value, adjusted by relaxation for defined symbols */
	uint64_t size;           /* st_size */
	uint32_t shndx;          /* st_shndx (SHN_XINDEX already resolved) */
	uint8_t bind, type, visibility; /* STB_*, STT_*, STV_* */
	uint8_t discarded;       /* defined in a section that is not in the output */
	uint32_t global;         /* index into ctx->syms for non-local symbols, else 0 */
};

/* One relocation of an input section, RELA or REL alike (REL addends are read out of
 * the place by the target's implicit_addend when the file is parsed). */
struct ld_rel {
	uint64_t offset;         /* r_offset within the section (moved by relaxation) */
	int64_t addend;
	uint32_t type;
	uint32_t sym;            /* index into the file's syms */
};

/* An input section: one block of the output. */
struct ld_isec {
	uint32_t file;
	uint32_t shndx;          /* in its file */
	const char *name;
	uint32_t sh_type;
	uint64_t sh_flags;
	uint64_t sh_addralign;
	uint64_t sh_entsize;
	uint32_t sh_link, sh_info;
	const uint8_t *data;     /* sh_size bytes (NULL for SHT_NOBITS), in the mapped file
	                            or, once a target relaxed it, a private copy */
	uint64_t size;           /* current size (relaxation shrinks it) */
	struct ld_rel *rels;     /* sorted by offset */
	uint32_t nrels;
	uint32_t osec;           /* the output section it is placed in, 0: not in the output */
	uint64_t off;            /* its place: offset from the output section's start */
	uint64_t capacity;       /* bytes it owns up to the next block (>= size) */
	uint8_t live;            /* kept: not a discarded COMDAT copy, not gc'd */
	uint8_t keep;            /* a --gc-sections root (KEEP in a script) */
	uint32_t script_slot;    /* linker script: its input section description (1-based
	                            into the script layout's slots), 0: an orphan */
	uint8_t owned_data;      /* data is a private copy (free it) */
	uint8_t is_merge;        /* SHF_MERGE: its contents go through the merge table */
	uint32_t group;          /* its SHT_GROUP section (COMDAT), or 0 */
	/* Relaxation: bytes deleted so far, as (offset in the original section, count),
	 * sorted; used to map original offsets (symbols, DWARF) to new ones. */
	struct ld_delete { uint64_t off; uint32_t count; } *deletes;
	uint32_t ndeletes;
	void *merge;             /* merge sections: per-piece output offsets (layout.c) */
};

/* ---- global symbols */

enum ld_sym_def {
	LD_UNDEF = 0,            /* referenced, not (yet) defined */
	LD_DEF_REGULAR,          /* defined in an object's section */
	LD_DEF_ABS,              /* SHN_ABS, --defsym, or a linker-defined absolute */
	LD_DEF_COMMON,           /* COMMON: size and alignment are the largest seen */
	LD_DEF_LAZY,             /* an archive member defines it and has not been pulled */
	LD_DEF_LINKER,           /* defined by the linker (_end, __bss_start, ...) */
};

enum {
	LD_SYM_WEAK = 1,         /* the winning definition (or every reference) is weak */
	LD_SYM_NEEDS_GOT = 2,    /* a GOT-relative reference that stays GOT-relative */
	LD_SYM_REFERENCED = 4,   /* some kept object refers to it */
	LD_SYM_USED_REGULAR = 8, /* referenced from a regular object (not only by -u) */
	LD_SYM_WRAPPED = 16,
	LD_SYM_TLS = 32,         /* STT_TLS */
	LD_SYM_HIDDEN = 64,      /* STV_HIDDEN/INTERNAL seen: local in the output symtab */
};

struct ld_sym {
	const char *name;
	uint32_t hash;
	uint8_t def;             /* enum ld_sym_def */
	uint8_t type;            /* STT_* of the definition */
	uint16_t flags;          /* LD_SYM_* */
	uint32_t file;           /* the defining file (LAZY: the archive member), or 0 */
	uint32_t fsym;           /* its index in that file's syms */
	uint32_t isec;           /* REGULAR: its input section */
	uint64_t value;          /* REGULAR: offset in isec; ABS/LINKER: the address;
	                            COMMON: alignment (until layout gives it an address) */
	uint64_t size;
	uint64_t addr;           /* the final address (layout) */
	uint32_t got;            /* 1-based GOT slot, or 0 */
	uint32_t first_ref_file; /* the first object that referred to it (messages) */
	uint32_t alias;          /* --defsym name=other+off: other's index (value = off) */
	uint32_t next;           /* hash chain */
};

/* ---- output */

struct ld_osec {
	const char *name;
	uint32_t sh_type;
	uint64_t sh_flags;
	uint64_t sh_addralign;
	uint64_t sh_entsize;
	uint64_t addr;           /* VMA */
	uint64_t lma;            /* load address (issue 4: AT) */
	uint64_t offset;         /* in the file */
	uint64_t size;
	LD_VEC(uint32_t) isecs;  /* its input sections, in output order */
	uint8_t *synth;          /* contents made by the linker (.got, merged strings), or NULL */
	uint32_t shndx;          /* its index in the output section header table */
	uint32_t seg;            /* the PT_LOAD that holds it (1-based), or 0 */
	uint8_t fixed_addr;      /* address given by -Ttext/--section-start */
	/* Gaps between blocks get the fill in effect where they start: a script's =fill
	 * from the section's start, each FILL() from where it stands. A gap no fill covers
	 * gets the target's code fill in code, zeros elsewhere. */
	struct ld_fill {
		uint64_t from;       /* section offset where this pattern takes over */
		uint8_t len;         /* 1..8 bytes, restarted at each gap */
		uint8_t pattern[8];
	} fills[4];
	uint8_t nfills;          /* more FILLs than that: the last one takes the last slot */
	uint8_t is_got;
};

struct ld_seg {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

/* One GOT slot: the symbol whose address it holds. */
struct ld_got_slot { uint32_t sym; };

struct ld_ctx {
	struct ld_options *opt;
	const struct ld_target *lt;
	const struct target *t;          /* lt->t */
	uint8_t elf_class;       /* of the output */
	uint16_t e_machine;      /* of the output: the target's, but EM_386 for x86_64 code in ELF32 */
	uint8_t needs_got_base;  /* a GOTOFF/GOTPC-style reference: .got must exist */
	uint32_t e_flags;        /* merged from the inputs */
	uint32_t page_size;

	LD_VEC(struct ld_file) files;    /* [0] unused */
	LD_VEC(uint32_t) link_order;     /* the objects in the order they joined the link: an
	                                    archive member where it was pulled (GNU ld lays
	                                    input sections out in this order) */
	uint32_t *file_rank;             /* per file: its place in link_order (ld_link_order) */
	LD_VEC(struct ld_isec) isecs;    /* [0] unused */
	LD_VEC(struct ld_sym) syms;      /* [0] unused */
	uint32_t *sym_buckets;           /* hash table over syms (resolve.c) */
	uint32_t nbuckets;
	LD_VEC(struct ld_osec) osecs;    /* [0] unused; in address order after layout */
	LD_VEC(struct ld_seg) segs;      /* [0] unused */
	LD_VEC(struct ld_got_slot) got;  /* [0] unused */
	uint32_t got_osec;               /* .got's output section, or 0 */
	uint64_t got_addr;               /* start of .got (_GLOBAL_OFFSET_TABLE_); word 0 is
	                                    reserved, slot n is at got_addr + n * ptr_size */

	/* TLS block (PT_TLS): where .tdata/.tbss sit, for the targets' TPREL formulas. */
	uint64_t tls_addr, tls_memsz, tls_align;
	uint64_t gp;                     /* __global_pointer$ (RISC-V), 0 when absent */
	uint32_t gp_osec;                /* the output section gp is defined in (a script's
	                                    `. + 0x800` in .sdata), 0 when absolute */
	uint64_t entry;
	uint8_t entry_missing;           /* the entry symbol is undefined (a warning) */
	uint32_t build_id_isec;          /* the .note.gnu.build-id block (--build-id), or 0 */
	uint8_t headers_loaded;          /* ELF and program headers are in the first PT_LOAD */
	uint8_t saw_gnu_stack;           /* an input has .note.GNU-stack: PT_GNU_STACK */
	uint8_t phdrs_explicit;          /* segs is a script's PHDRS, every type: output.c
	                                    adds no PT_TLS/PT_NOTE/PT_GNU_STACK of its own */
	uint64_t header_addr;            /* their address then (__ehdr_start) */

	struct ls_script *script;        /* -T's script (SECTIONS replaces the default
	                                    layout), or NULL */
	struct sl_state *sl;             /* script_layout.c's state */
	LD_VEC(struct ls_script *) implicit_scripts; /* scripts given as input files */

	uint32_t errors;                 /* errors reported so far */
	uint32_t warnings;

	/* ---- ehframe.c's (helper "ehframe"): CIE pointers written after layout */
	struct eh_frame_fixups *eh_frame;
};

/* ---- the object-linking half of a target (targets/<arch>_ld.c)
 *
 * struct target (targets/target.h) is what the freestanding engine needs; this is
 * what linking objects adds. It is hosted and works on the ld_ctx data model. */
struct ld_target {
	const struct target *t;
	/* The addend of a REL relocation, stored in the place (i386). NULL for RELA
	 * targets. loc has avail bytes. */
	int64_t (*implicit_addend)(uint32_t type, const uint8_t *loc, size_t avail);
	/* Looks at every relocation of input section isec before layout: marks the
	 * global symbols that need a GOT slot (LD_SYM_NEEDS_GOT) and sets
	 * ctx->needs_got_base for GOT-relative forms (GOTOFF, GOTPC); reports types the
	 * target does not handle (naming file, section, offset, symbol). */
	void (*scan_section)(struct ld_ctx *ctx, uint32_t isec);
	/* Applies every relocation of isec to dst, its output bytes (already a copy of
	 * the input's current bytes). Addresses come from ctx (ld_reloc_target,
	 * ld_isec_addr, ld_got_addr, ctx->tls_*, ctx->gp, ctx->got_addr). Returns the
	 * number of errors reported. */
	uint32_t (*relocate_section)(struct ld_ctx *ctx, uint32_t isec, uint8_t *dst);
	/* One relaxation pass over every live input section, after addresses were
	 * assigned; shrinks sections through ld_delete_bytes and rewrites instructions.
	 * Returns 1 when something changed (layout runs again, then relax again), else
	 * 0. With no_relax only the mandatory part (R_RISCV_ALIGN) is done. NULL: the
	 * target never relaxes. */
	int (*relax)(struct ld_ctx *ctx, int no_relax);
	/* Merges one input's e_flags into *acc (the first input's flags start it).
	 * Returns 0, or -1 after reporting an incompatible ABI, naming file. NULL: the
	 * output's e_flags are the target's. */
	int (*merge_e_flags)(struct ld_ctx *ctx, uint32_t *acc, uint32_t flags, const char *file);
	/* The symbol that gp-relative code is relative to ("__global_pointer$" on
	 * RISC-V), defined by layout as GNU ld's default script does; NULL: none. */
	const char *gp_symbol;
	/* A program header GNU ld adds for the target's attribute section
	 * (PT_RISCV_ATTRIBUTES for .riscv.attributes); 0/NULL: none. */
	uint32_t attr_phdr_type;
	const char *attr_section;
	/* Fills n bytes of a gap between input sections in code, as GNU ld does (NOPs
	 * on x86). NULL: gaps stay zero. */
	void (*fill_code)(uint8_t *p, uint64_t n);
};
extern const struct ld_target ld_riscv64, ld_riscv32, ld_x86_64, ld_i386;
/* x86 code fill (targets/x86_64_ld.c), shared by x86_64 and i386. */
void x86_fill_code(uint8_t *p, uint64_t n);
/* The target for an object's e_machine and class (ELFCLASS32/64 as 32 or 64), or
 * NULL. x86_64 code in an ELF32 container is not an input we accept. */
const struct ld_target *ld_target_for(uint16_t e_machine, uint8_t elf_class);
/* The target for -m's emulation name ("elf64lriscv"), or NULL. */
const struct ld_target *ld_target_for_emulation(const char *m);
/* The -m name of lt ("elf64lriscv"), for messages and --help. */
const char *ld_emulation_name(const struct ld_target *lt);

/* ---- diagnostics: lld's format, "solder: error: <text>", to stderr */
void ld_error(struct ld_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ld_warn(struct ld_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reports and stops: only where going on is impossible (out of memory). */
_Noreturn void ld_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Reports a target's struct diag message as an error and resets it. */
void ld_diag(struct ld_ctx *ctx, struct diag *d);
/* "x.o:(.text.main+0x1c)" for a place in an input section, into buf. */
const char *ld_where(struct ld_ctx *ctx, uint32_t isec, uint64_t off, char *buf, size_t size);

/* ---- the passes (ld.c runs them in order) */

/* Runs a whole link. Returns 0 on success, 1 after errors (nothing written in place
 * of the output then, unless --noinhibit-exec). */
int ld_link(struct ld_options *opt);

/* input.c */
/* Reads every command-line input: objects are parsed, archives indexed (members are
 * parsed when resolve pulls them). */
void in_read_inputs(struct ld_ctx *ctx);
/* Parses archive member `file` (a files[] index) as an object. Returns 0 or -1 after
 * reporting. */
int in_load_member(struct ld_ctx *ctx, uint32_t file);
/* Releases every mapping and parse. */
void in_add_linker_notes(struct ld_ctx *ctx);
void in_free(struct ld_ctx *ctx);

/* resolve.c */
void res_resolve(struct ld_ctx *ctx);      /* symbols, archives, COMDAT, wrap, defsym */
struct ld_sym *res_find(struct ld_ctx *ctx, const char *name);  /* NULL if absent */
/* Interns name (a string that outlives the link) and returns its index, creating an
 * undefined symbol when absent. */
uint32_t res_intern(struct ld_ctx *ctx, const char *name);
void res_report_undefined(struct ld_ctx *ctx);  /* after layout: undefined errors */
void res_report_discarded(struct ld_ctx *ctx);  /* after layout: references to discarded sections */
void res_free(struct ld_ctx *ctx);

/* layout.c */
void lay_create_sections(struct ld_ctx *ctx);  /* group input sections into outputs */
void lay_scan_relocs(struct ld_ctx *ctx);      /* target scan: GOT slots, TLS */
void lay_assign_addresses(struct ld_ctx *ctx); /* addresses, segments, symbols */
void lay_free(struct ld_ctx *ctx);
/* The default output section for an input section name (".text.main" -> ".text"). */
/* The output section global symbol sym is defined in, or that a script's assignment
 * made it relative to; 0 when it is absolute or undefined. */
uint32_t ld_sym_osec(struct ld_ctx *ctx, uint32_t sym);
/* Fixes the link order once resolution is done (every object in file order, when the
 * resolver recorded none) and ranks the files; returns link_order's length. */
uint32_t ld_link_order(struct ld_ctx *ctx);
/* Frees link_order and the ranks (lay_free and res_free both do; either may be last). */
void ld_link_order_free(struct ld_ctx *ctx);
/* Input order of input sections x and y (<0, 0, >0): their files' places in the link,
 * then their places in the file; sections the linker made come last. */
int ld_input_cmp(const struct ld_ctx *ctx, uint32_t x, uint32_t y);
const char *lay_output_name(const char *in);
/* An input section no script statement places, headed for output section oname:
 * --orphan-handling warns or errs about it, or discards it (returns 1 then). */
int lay_orphan(struct ld_ctx *ctx, uint32_t idx, const char *oname);
/* Drops input section idx from the link, as /DISCARD/ does. */
void lay_discard_isec(struct ld_ctx *ctx, uint32_t idx);
/* The default order's rank of an output section: notes, code, read-only data, TLS,
 * data, bss, then what is not loaded. */
int lay_section_rank(const struct ld_osec *o);
/* The COMMON symbols in the order they get space (larger alignment first); returns
 * how many, *out malloc'ed. */
uint32_t lay_common_order(struct ld_ctx *ctx, uint32_t **out);
/* The number of program headers for nload PT_LOADs (or a script's PHDRS), with what
 * GNU ld adds: PT_TLS, the build-id PT_NOTE, the target's attribute header and
 * PT_GNU_STACK. */
int lay_is_note_osec(const struct ld_osec *o);
/* Merge sections (SHF_MERGE): their pieces go into one synthetic block per output
 * section and kind, duplicates kept once. lay_merge_add returns the group's block when
 * this section created it (the caller puts it into the output section, where the
 * section would have gone), else 0; lay_merge_finish hands the blocks their contents. */
struct lay_merge;
struct lay_merge *lay_merge_new(void);
uint32_t lay_merge_add(struct ld_ctx *ctx, struct lay_merge *m, uint32_t o, uint32_t idx);
void lay_merge_finish(struct ld_ctx *ctx, struct lay_merge *m);
uint32_t lay_phnum(struct ld_ctx *ctx, uint32_t nload, int has_tls);
/* The output section the target's attribute program header covers, or 0. */
uint32_t lay_attr_osec(struct ld_ctx *ctx);
/* Whether the image gets PT_GNU_STACK: not with a script's PHDRS; else when -z
 * execstack asks or an input says how it uses the stack (.note.GNU-stack). */
int lay_has_gnu_stack(struct ld_ctx *ctx);

/* The address of symbol `sym` of `file`'s symtab, as a relocation sees it: a section
 * symbol is its section's address, a global its resolution. *ok is 0 when it has no
 * address (undefined, or defined in a discarded section). */
uint64_t ld_sym_addr(struct ld_ctx *ctx, uint32_t file, uint32_t sym, int *ok);
/* The address of an input section's byte at (current) offset off. */
uint64_t ld_isec_addr(struct ld_ctx *ctx, uint32_t isec, uint64_t off);
/* The GOT slot address of the global behind file's symbol `sym` (0: none). */
uint64_t ld_got_addr(struct ld_ctx *ctx, uint32_t file, uint32_t sym);
/* S + A for a relocation of file against its symbol `sym`: a section symbol's addend
 * is mapped through its section's deletions (relaxation). *ok is 0 when the symbol has
 * no address: undefined and not weak (already reported), or in a discarded section;
 * the caller then writes 0 (debug sections) or skips the place. */
uint64_t ld_reloc_target(struct ld_ctx *ctx, uint32_t file, uint32_t sym, int64_t addend, int *ok);
/* Deletes count bytes at (current) offset off of input section isec: its bytes after
 * them move down, and every symbol value and size, relocation offset and later
 * address that depends on them is fixed up. For the targets' relaxation. */
void ld_delete_bytes(struct ld_ctx *ctx, uint32_t isec, uint64_t off, uint32_t count);
/* Makes isec's data a private, writable copy (once) and returns it. */
uint8_t *ld_isec_writable(struct ld_ctx *ctx, uint32_t isec);
/* A name for file's symbol `sym` in messages (a section symbol: its section's name). */
const char *ld_sym_name(struct ld_ctx *ctx, uint32_t file, uint32_t sym);

/* script_layout.c: layout driven by a linker script's SECTIONS, MEMORY and PHDRS.
 * layout.c calls these instead of its defaults when ctx->script has SECTIONS. */
/* Before the inputs are read: ENTRY, EXTERN, SEARCH_DIR, INPUT and GROUP become
 * options, as if given on the command line. */
void sl_commands(struct ld_ctx *ctx);
/* After the inputs: OUTPUT_ARCH and OUTPUT_FORMAT must name the link's target. */
void sl_check_target(struct ld_ctx *ctx);
void sl_prepare(struct ld_ctx *ctx);          /* after resolve: script symbols, which
                                                 description takes each input section,
                                                 KEEP and /DISCARD/ */
void sl_create_sections(struct ld_ctx *ctx);  /* output sections in script order */
/* Addresses of every output section and script symbol, and the segments; hdr_size is
 * what the ELF and program headers take. */
void sl_assign(struct ld_ctx *ctx, uint64_t hdr_size);
/* How many program headers the script's layout needs (PT_LOADs or PHDRS). */
uint32_t sl_count_loads(struct ld_ctx *ctx);
uint32_t sl_sym_osec(struct ld_ctx *ctx, uint32_t sym);  /* see ld_sym_osec */
void sl_finish(struct ld_ctx *ctx);           /* ASSERTs, region overflow, memory usage */
void sl_free(struct ld_ctx *ctx);

/* output.c */
int out_write(struct ld_ctx *ctx);             /* writes opt->output; 0 or -1 */

/* gc.c: --gc-sections. Runs after resolution, before lay_create_sections: marks
 * live every input section reachable through relocations from the roots (the
 * entry, -u symbols, isec->keep, .init_array/.fini_array/.preinit_array, notes
 * GNU keeps, sections named like C identifiers whose __start_/__stop_ symbols are
 * referenced, every non-alloc section) and clears live on the rest, marking their
 * symbols discarded. --print-gc-sections lists what it removed, as GNU ld does. */
void gc_sections(struct ld_ctx *ctx);

/* oformat.c: --oformat binary|ihex|srec|c. image is the finished ELF (size bytes,
 * in memory); writes the chosen format to path through a temporary file renamed
 * into place. Returns 0 or -1 after reporting. */
int of_write(struct ld_ctx *ctx, const uint8_t *image, uint64_t size, const char *path);

/* binary_input.c: -b binary. Makes files[file] (whose data/size are the raw bytes
 * and name the path as given) an object with one .data section holding the bytes
 * and the symbols _binary_<path>_start, _end (in .data) and _size (absolute),
 * <path> with every character that is not alphanumeric turned into '_', as GNU ld
 * does. Returns 0 or -1 after reporting. */
int bin_make_object(struct ld_ctx *ctx, uint32_t file);

/* map.c: -Map FILE / -M (opt->map_file, "-" for stdout) and --cref; run after the
 * image is written, when every address is final. Returns 0 or -1 after reporting. */
int map_write(struct ld_ctx *ctx);

/* ---- resolve.c's additions (helper "resolve"): more ld_sym flags */
enum {
	LD_SYM_DEFSYM = 0x2000,     /* defined by --defsym: definitions in objects do not replace it */
	LD_SYM_STRONG_REF = 0x4000, /* some reference is not weak (it pulls archive members) */
	LD_SYM_OWNED_NAME = 0x8000, /* name was allocated by resolve.c; res_free frees it */
};

/* ---- ehframe.c's additions (helper "ehframe"): .eh_frame as GNU ld merges it.
 * eh_frame_prepare runs after the output sections are made and before the relocation
 * scan: in every output section it drops the FDEs of functions not in the output,
 * merges identical CIEs across input sections (dropping unused ones), trims and pads
 * records as GNU ld 2.40 does, and restores .eh_frame inputs' own alignment.
 * eh_frame_write then writes the CIE pointers that cross input sections into dst,
 * input section isec's output bytes, once addresses are final (output.c, right after
 * relocate_section). eh_frame_free releases what prepare recorded. */
void eh_frame_prepare(struct ld_ctx *ctx);
void eh_frame_write(struct ld_ctx *ctx, uint32_t isec, uint8_t *dst);
void eh_frame_free(struct ld_ctx *ctx);

/* ---- gdbindex.c (helper "gdbindex"): --gdb-index.
 * Builds a .gdb_index section (version 8 of the format gdb's manual documents) from
 * the DWARF of image, the finished ELF image (size bytes, relocated). Returns 0 with
 * the section's bytes in *out (malloc'ed, *out_size bytes), or with *out_size 0 when
 * the image has no .debug_info; returns -1 after a warning that names the section and
 * offset of DWARF it cannot read, and then there is no index to write. */
int gdb_index_build(struct ld_ctx *ctx, const uint8_t *image, uint64_t size, uint8_t **out, uint64_t *out_size);

#endif
