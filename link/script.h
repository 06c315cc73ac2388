/*
 * script.h: GNU ld linker scripts: the parser (text to a tree) and the expression
 * evaluator. The layout engine (layout.c) walks the tree and places sections; this
 * module knows nothing of input files or addresses beyond what the engine hands the
 * evaluator through struct ls_eval_env.
 *
 * The tree lives in one arena that ls_free releases; every string in it (names,
 * patterns, messages, file names) stays valid until then. Lists are singly linked
 * through `next`, in script order. INCLUDE is expanded while parsing: the included
 * file's statements appear in the tree where INCLUDE stood, each statement keeping
 * the file and line it was written at.
 *
 * Compound assignments are folded when parsed: `x += e` is stored as `x = x + e`, so
 * the engine only ever sees `=`.
 */
#ifndef SOLDER_SCRIPT_H
#define SOLDER_SCRIPT_H

#include <stdint.h>
#include <stddef.h>

struct ld_ctx;

/* ---- expressions */

enum ls_expr_kind {
	LS_E_NUM = 1,     /* num */
	LS_E_SYM,         /* name: a symbol */
	LS_E_DOT,         /* . */
	/* unary: a */
	LS_E_NEG, LS_E_NOT, LS_E_BITNOT,
	/* binary: a op b */
	LS_E_MUL, LS_E_DIV, LS_E_MOD, LS_E_ADD, LS_E_SUB, LS_E_SHL, LS_E_SHR,
	LS_E_LT, LS_E_LE, LS_E_GT, LS_E_GE, LS_E_EQ, LS_E_NE,
	LS_E_AND, LS_E_XOR, LS_E_OR, LS_E_ANDAND, LS_E_OROR,
	LS_E_COND,        /* a ? b : c */
	/* functions */
	LS_E_ABSOLUTE,    /* ABSOLUTE(a) */
	LS_E_ADDR,        /* ADDR(name): an output section */
	LS_E_ALIGN,       /* ALIGN(a) (b NULL: align .) or ALIGN(a, b): a aligned to b */
	LS_E_ALIGNOF,     /* ALIGNOF(name) */
	LS_E_BLOCK,       /* BLOCK(a): ALIGN(a) */
	LS_E_DSA,         /* DATA_SEGMENT_ALIGN(a = maxpagesize, b = commonpagesize) */
	LS_E_DSE,         /* DATA_SEGMENT_END(a) */
	LS_E_DSRE,        /* DATA_SEGMENT_RELRO_END(a, b) */
	LS_E_DEFINED,     /* DEFINED(name) */
	LS_E_LENGTH,      /* LENGTH(name): a memory region */
	LS_E_LOADADDR,    /* LOADADDR(name) */
	LS_E_LOG2CEIL,    /* LOG2CEIL(a) */
	LS_E_MAX, LS_E_MIN, /* MAX(a, b), MIN(a, b) */
	LS_E_NEXT,        /* NEXT(a) */
	LS_E_ORIGIN,      /* ORIGIN(name) */
	LS_E_SEGMENT_START, /* SEGMENT_START(name, a) */
	LS_E_SIZEOF,      /* SIZEOF(name) */
	LS_E_SIZEOF_HEADERS,
	LS_E_MAXPAGESIZE, /* CONSTANT(MAXPAGESIZE) */
	LS_E_COMMONPAGESIZE, /* CONSTANT(COMMONPAGESIZE) */
};

struct ls_expr {
	enum ls_expr_kind kind;
	uint32_t line;           /* where it is written (file: the statement's) */
	uint64_t num;            /* LS_E_NUM */
	uint32_t hex_digits;     /* LS_E_NUM written as a bare 0x literal (no suffix): its
	                            digit count, which sizes a fill pattern (=0xabcd is 2
	                            bytes, leading zeros included) */
	const char *name;        /* SYM, ADDR, ALIGNOF, DEFINED, LENGTH, LOADADDR,
	                            ORIGIN, SEGMENT_START, SIZEOF */
	struct ls_expr *a, *b, *c;
};

/* ---- statements */

struct ls_name {                 /* a list of names or patterns */
	struct ls_name *next;
	const char *name;
};

/* An assignment: `sym = expr;`, PROVIDE(sym = expr), HIDDEN(...), PROVIDE_HIDDEN(...).
 * sym is "." for the location counter. */
struct ls_assign {
	const char *sym;
	struct ls_expr *expr;    /* compound forms already folded: x += e is x = x + e */
	uint8_t provide;         /* defined only if referenced and not defined elsewhere */
	uint8_t hidden;          /* STV_HIDDEN */
};

enum ls_sort {
	LS_SORT_NOT_GIVEN = 0,
	LS_SORT_BY_NAME,         /* SORT or SORT_BY_NAME */
	LS_SORT_BY_ALIGNMENT,    /* descending alignment */
	LS_SORT_BY_INIT_PRIORITY,/* ls_init_priority(), ascending */
	LS_SORT_NONE,            /* SORT_NONE: input order even with --sort-section */
};

/* One section pattern of an input section description. SORT_BY_NAME(SORT_BY_ALIGNMENT(p))
 * gives sort = BY_NAME, sort2 = BY_ALIGNMENT (the second key breaks ties). */
struct ls_secpat {
	struct ls_secpat *next;
	const char *pattern;             /* glob; "COMMON" for common symbols */
	struct ls_name *exclude_files;   /* EXCLUDE_FILE(...) inside the list, before it */
	uint8_t sort, sort2;             /* enum ls_sort */
};

/* An input section description: `[EXCLUDE_FILE(...)] filepattern(secpatterns)`, maybe
 * inside KEEP(...). filepattern may be "archive:member" (either side may be empty or
 * a glob). A bare file name without parentheses has sections == NULL: every section. */
struct ls_input_desc {
	const char *file_pattern;
	struct ls_name *exclude_files;   /* EXCLUDE_FILE before the file pattern: for all */
	struct ls_secpat *sections;      /* NULL: all sections */
	uint8_t file_sort;               /* SORT(*)(...): files in name order (enum ls_sort) */
	uint8_t keep;                    /* KEEP(...): a --gc-sections root */
};

enum ls_osec_type {
	LS_TYPE_NORMAL = 0,
	LS_TYPE_NOLOAD,          /* SHT_NOBITS, allocated, not loaded */
	LS_TYPE_COPY,            /* not allocated */
	LS_TYPE_INFO,            /* not allocated */
	LS_TYPE_DSECT,           /* not allocated */
	LS_TYPE_OVERLAY,         /* not allocated */
	LS_TYPE_READONLY,        /* writable inputs, read-only output */
};

enum ls_constraint { LS_CONSTRAINT_NONE = 0, LS_ONLY_IF_RO, LS_ONLY_IF_RW };

struct ls_cmd;

/* An output section description (also each section of an OVERLAY). */
struct ls_osec {
	const char *name;                /* "/DISCARD/" discards (discard = 1) */
	struct ls_expr *addr;            /* its VMA, or NULL */
	struct ls_expr *at;              /* AT(lma), or NULL */
	struct ls_expr *align;           /* ALIGN(a) after the colon, or NULL */
	struct ls_expr *subalign;        /* SUBALIGN(a), or NULL */
	struct ls_expr *fill;            /* =fill after the closing brace, or NULL */
	struct ls_cmd *body;             /* its contents */
	const char *region;              /* >region, or NULL */
	const char *lma_region;          /* AT>region, or NULL */
	struct ls_name *phdrs;           /* :phdr ... */
	uint8_t type;                    /* enum ls_osec_type */
	uint8_t constraint;              /* enum ls_constraint */
	uint8_t align_with_input;        /* ALIGN_WITH_INPUT */
	uint8_t discard;                 /* /DISCARD/ */
	uint8_t noload;                  /* type == NOLOAD */
};

/* OVERLAY [start] : [NOCROSSREFS] [AT(lma)] { sections } [>region] [:phdr] [=fill] */
struct ls_overlay {
	struct ls_expr *start;           /* NULL: at the location counter */
	struct ls_expr *at;              /* the first section's LMA, or NULL */
	struct ls_cmd *sections;         /* LS_CMD_OSEC entries */
	const char *region;
	const char *lma_region;
	struct ls_name *phdrs;
	struct ls_expr *fill;
	uint8_t nocrossrefs;
};

/* INPUT(...) and GROUP(...) entries. */
struct ls_file_arg {
	struct ls_file_arg *next;
	const char *name;        /* a path, or a library name for -lNAME */
	uint8_t is_lib;          /* written -lNAME */
	uint8_t as_needed;       /* inside AS_NEEDED(...) */
};

enum ls_cmd_kind {
	LS_CMD_ASSIGN = 1,       /* assign */
	LS_CMD_ASSERT,           /* expr, message */
	LS_CMD_ENTRY,            /* name */
	LS_CMD_INPUT,            /* files */
	LS_CMD_GROUP,            /* files */
	LS_CMD_SECTIONS,         /* body: its statements (OSEC, OVERLAY, ASSIGN, ASSERT, ENTRY) */
	LS_CMD_OSEC,             /* osec */
	LS_CMD_OVERLAY,          /* overlay */
	LS_CMD_INPUT_DESC,       /* input: inside an output section */
	LS_CMD_DATA,             /* data: BYTE/SHORT/LONG/QUAD/SQUAD */
	LS_CMD_FILL,             /* expr: FILL(expr) */
	LS_CMD_INSERT,           /* INSERT AFTER|BEFORE name (after = 1 / 0) */
	LS_CMD_CONSTRUCTORS,     /* CONSTRUCTORS: ignored for ELF */
	LS_CMD_CREATE_OBJECT_SYMBOLS,
};

struct ls_cmd {
	enum ls_cmd_kind kind;
	struct ls_cmd *next;
	const char *file;        /* the script it is written in (INCLUDE keeps its own) */
	uint32_t line;
	union {
		struct ls_assign assign;
		struct { struct ls_expr *expr; const char *message; } assert_;
		const char *name;                /* ENTRY */
		struct ls_file_arg *files;       /* INPUT, GROUP */
		struct ls_cmd *body;             /* SECTIONS */
		struct ls_osec osec;
		struct ls_overlay overlay;
		struct ls_input_desc input;
		struct { uint8_t size, is_signed; struct ls_expr *expr; } data;  /* size 1,2,4,8 */
		struct ls_expr *expr;            /* FILL */
		struct { const char *name; uint8_t after; } insert;
	};
};

/* MEMORY { name (attrs) : ORIGIN = e, LENGTH = e } and REGION_ALIAS. The attribute
 * letters are kept as LS_MEM_* bits: `flags` for those before '!', `not_flags` after. */
enum { LS_MEM_R = 1, LS_MEM_W = 2, LS_MEM_X = 4, LS_MEM_A = 8, LS_MEM_I = 16 /* I or L */ };
struct ls_region {
	struct ls_region *next;
	const char *name;
	const char *alias_of;    /* REGION_ALIAS(name, alias_of): origin/length are NULL */
	struct ls_expr *origin, *length;
	uint32_t flags, not_flags;
	const char *file;
	uint32_t line;
};

/* PHDRS { name TYPE [FILEHDR] [PHDRS] [AT(e)] [FLAGS(e)]; } */
struct ls_phdr {
	struct ls_phdr *next;
	const char *name;
	uint32_t p_type;         /* PT_LOAD ... or the number written */
	uint8_t filehdr, phdrs;
	struct ls_expr *at;      /* NULL if absent */
	struct ls_expr *flags;   /* NULL if absent: the engine computes p_flags */
	const char *file;
	uint32_t line;
};

struct ls_script {
	const char *path;                /* as given */
	struct ls_cmd *cmds;             /* every top-level statement, in order */
	struct ls_region *regions;       /* MEMORY (all blocks) and REGION_ALIAS, in order */
	struct ls_phdr *phdrs;           /* PHDRS, in order */
	const char *entry;               /* the last ENTRY(name), or NULL */
	const char *output_arch;         /* OUTPUT_ARCH, or NULL */
	const char *output_format[3];    /* OUTPUT_FORMAT(default, big, little); [1],[2] NULL
	                                    with one argument */
	const char *output;              /* OUTPUT(file), or NULL */
	struct ls_name *search_dirs;     /* SEARCH_DIR, in order */
	struct ls_name *externs;         /* EXTERN symbols (like -u) */
	uint8_t has_sections;            /* a SECTIONS command: the default layout is replaced */
	void *arena;                     /* owned */
};

/* ---- parsing */

/* Parses the script at path (INCLUDE files are looked up as given, then in the
 * directory of the including script, then in ctx->opt->lib_dirs and SEARCH_DIRs).
 * On a syntax error reports "file:line:col: <what> expected, but got '<token>'" (with
 * the line and a caret) through ld_error and returns NULL. */
struct ls_script *ls_parse_file(struct ld_ctx *ctx, const char *path);
/* The same on text[0..len) named `name` in messages. */
struct ls_script *ls_parse_text(struct ld_ctx *ctx, const char *name, const char *text, size_t len);
void ls_free(struct ls_script *s);

/* True if the file looks like a linker script rather than an object or archive (for
 * implicit scripts given as inputs): text without NUL bytes. */
int ls_is_script(const uint8_t *data, size_t size);

/* ---- evaluation
 *
 * GNU ld gives each value a section: a plain number, an absolute address, or an
 * offset relative to an output section. Inside an output section, numbers assigned to
 * `.` or to a symbol are relative to that section (`. = 0x10` is 0x10 past its start),
 * absolute symbols read as numbers, ALIGN(n), `.` and ORIGIN are relative to the
 * current section, ADDR(s) to s; ABSOLUTE() and LOADADDR() are absolute, SIZEOF,
 * ALIGNOF, LENGTH, DEFINED and comparisons are numbers. ls_value carries this. */
enum ls_vclass { LS_V_NUMBER = 0, LS_V_ABS, LS_V_REL };
struct ls_value {
	uint64_t value;          /* REL: offset from the section's VMA */
	uint8_t cls;             /* enum ls_vclass */
	const char *section;     /* REL: the output section's name */
};

/* What the engine knows about an output section, for ADDR, LOADADDR, SIZEOF, ALIGNOF. */
struct ls_section_info {
	uint64_t vma, lma, size, align;
};

struct ls_eval_env {
	struct ld_ctx *ctx;      /* errors go through ld_error (NULL: not reported) */
	void *user;              /* passed to the callbacks */
	const struct ls_script *script;  /* MEMORY regions for ORIGIN/LENGTH (region NULL) */
	const char *file;        /* where the expression is written, for messages */

	uint64_t dot;            /* the location counter, an absolute address */
	uint8_t dot_valid;       /* 0 outside SECTIONS: `.` is an error */
	const char *section;     /* the output section whose { } we are in, or NULL */
	uint64_t section_vma;    /* its VMA */
	uint8_t quiet;           /* a pre-pass: an unknown symbol or section fails the
	                            evaluation without an error message (GNU ld lays
	                            out several times; only the last pass reports) */

	uint64_t max_page_size, common_page_size, sizeof_headers;

	/* A symbol's absolute address; *section is its output section's name, or NULL
	 * for an absolute symbol. Returns 1 if defined, 0 if not (undefined or only
	 * referenced). */
	int (*symbol)(void *user, const char *name, uint64_t *addr, const char **section);
	/* An output section; returns 0 if there is none by that name (yet). GNU gives
	 * SIZEOF/ADDR of a section the script describes but no input fills (.got.plt
	 * in the default scripts) as size 0 at the location counter, so answer for
	 * those too. */
	int (*section_info)(void *user, const char *name, struct ls_section_info *out);
	/* A memory region's origin and length; NULL: evaluated from script's MEMORY. */
	int (*region)(void *user, const char *name, uint64_t *origin, uint64_t *length);
	/* SEGMENT_START's value from -Ttext-segment and friends ("text-segment",
	 * "data-segment", "bss-segment"); returns 0 to use the default. NULL: default. */
	int (*segment_start)(void *user, const char *name, uint64_t *addr);
	/* DATA_SEGMENT_ALIGN's value; returns 0 if it cannot be computed. NULL gives
	 * GNU's value without relro and without its page-saving second pass:
	 * ALIGN(maxpagesize) + (. & (maxpagesize - 1)). */
	int (*data_segment_align)(void *user, uint64_t dot, uint64_t maxpagesize,
	                          uint64_t commonpagesize, uint64_t *out);
};

/* Evaluates e. Returns 0, or -1 after reporting (undefined symbol, unknown section or
 * region, division by zero, `.` outside SECTIONS) as "file:line: <what>". */
int ls_eval(const struct ls_expr *e, const struct ls_eval_env *env, struct ls_value *out);
/* The absolute value of e; *is_abs is 1 when a symbol assigned this value is absolute,
 * 0 when it belongs to a section (the value's, or env->section for a number inside an
 * output section: ls_value_section names it). */
int ls_eval_addr(const struct ls_expr *e, const struct ls_eval_env *env, uint64_t *out, int *is_abs);
/* The absolute address v stands for (REL: the section's VMA plus the offset; a number
 * inside an output section: relative to it, as for an assignment). */
uint64_t ls_value_addr(const struct ls_value *v, const struct ls_eval_env *env);
/* The output section a symbol assigned v belongs to, or NULL when it is absolute. */
const char *ls_value_section(const struct ls_value *v, const struct ls_eval_env *env);
/* The new location counter for `. = e` (what ls_value_addr gives); reports
 * "file:line: unable to move location counter backward" (inside a section) and returns -1. */
int ls_eval_dot(const struct ls_expr *e, const struct ls_eval_env *env, uint64_t *new_dot);

/* Evaluates an expression that must not depend on layout (MEMORY's ORIGIN/LENGTH,
 * PHDRS FLAGS): symbols and sections are errors. */
int ls_eval_const(struct ld_ctx *ctx, const char *file, const struct ls_expr *e, uint64_t *out);

/* The region named `name` with aliases followed, or NULL. */
const struct ls_region *ls_find_region(const struct ls_script *s, const char *name);

/* ---- matching input sections */

/* fnmatch without flags, as GNU ld matches names: * ? [set] [!set] [^set] \x. */
int ls_glob(const char *pattern, const char *name);
/* Whether input section section_name of file_path (for an archive member: the
 * archive's path, with member_name its member; NULL for a plain object) is selected by
 * d, with GNU's rules for archive:member patterns and EXCLUDE_FILE. Returns the
 * matching ls_secpat's 1-based position in d->sections (1 when sections is NULL), or
 * 0 when it does not match. */
int ls_match_input(const struct ls_input_desc *d, const char *file_path, const char *member_name,
                   const char *section_name);
/* The key SORT_BY_INIT_PRIORITY sorts by (ascending, ties by name): N of
 * .init_array.N / .fini_array.N, 65535 - N of .ctors.N / .dtors.N, and 0 for a name
 * without a decimal priority. */
uint64_t ls_init_priority(const char *section_name);

/* An output section's flags as MEMORY attributes see them (LS_MEM_*): GNU's mapping
 * of SEC_READONLY (R), SEC_DATA (W: loaded and not code), SEC_CODE (X), SEC_ALLOC (A),
 * SEC_LOAD (I/L). */
uint32_t ls_mem_flags(uint32_t sh_type, uint64_t sh_flags);
/* Whether a section without an explicit >region goes to r (GNU: some attribute of r
 * matches and none of its !attributes does; a region without attributes takes none). */
int ls_region_accepts(const struct ls_region *r, uint32_t sh_type, uint64_t sh_flags);

/* Writes e as GNU ld's map file prints it (e.g. "ALIGN (0x4)") into buf; returns buf. */
const char *ls_expr_format(const struct ls_expr *e, char *buf, size_t size);

#endif
