/*
 * solder.h: the library interface of solder, an incremental, statically placing
 * ELF linker.
 *
 * A compiler or JIT hands solder machine code one symbol at a time and gets an ELF
 * image that is updated in place as symbols change: each symbol's code sits in a
 * block with spare capacity so it can grow where it is, calls go through a GOT at a
 * fixed virtual address so code can move without re-patching its callers, and the
 * DWARF for each function is rewritten in place.
 *
 * Contract:
 *  - The caller supplies the allocator and the file operations; solder keeps no
 *    global state, never prints and never exits. Every call returns a status; when
 *    it is not SOLDER_OK, solder_error() says what went wrong in one line.
 *  - Symbols are small integers (solder_sym); 0 is never a valid symbol.
 *  - Nothing is guaranteed to be on disk before solder_flush(). solder_close()
 *    flushes, records the state that lets a later solder_open() of the same file
 *    resume incrementally, and frees the link.
 *
 * Typical use:
 *     solder_link *l;
 *     solder_create(&l, &my_allocator);
 *     solder_open(l, &opts, &file_ops);          // file_ops: solder_posix_file() on a host
 *     solder_sym f; solder_alloc_symbol(l, &f);
 *     solder_update_symbol(l, f, &(struct solder_update){ .kind = SOLDER_FUNC, ... });
 *     solder_export(l, f, "_start", SOLDER_GLOBAL);
 *     solder_flush(l);                            // the image runs now
 *     ... more updates and flushes ...
 *     solder_close(l);
 */
#ifndef SOLDER_H
#define SOLDER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SOLDER_VERSION "0.1.0"

typedef enum solder_status {
	SOLDER_OK = 0,
	SOLDER_ERR_NOMEM,     /* the allocator returned NULL */
	SOLDER_ERR_IO,        /* a file operation failed */
	SOLDER_ERR_INVALID,   /* a bad argument: unknown or freed symbol, bad option, misuse */
	SOLDER_ERR_RANGE,     /* a value does not fit: relocation out of range, address beyond ELF32 */
	SOLDER_ERR_LAYOUT,    /* the layout is impossible: segments overlap, GOT inside code */
	SOLDER_ERR_UNDEFINED, /* a name that must exist does not: the entry symbol */
} solder_status;

typedef enum solder_arch {
	SOLDER_ARCH_RISCV64 = 1,
	SOLDER_ARCH_RISCV32,
	SOLDER_ARCH_X86_64,
	SOLDER_ARCH_I386,
} solder_arch;

/* Memory comes from here, Lua style: realloc(ud, ptr, old_size, new_size) behaves as
 * realloc; new_size == 0 frees ptr and returns NULL. old_size is the size the block
 * was allocated with (0 when ptr is NULL). */
struct solder_allocator {
	void *(*realloc)(void *ud, void *ptr, size_t old_size, size_t new_size);
	void *ud;
};

/* The output file. solder reads and writes it only through these. */
struct solder_file_ops {
	void *handle;
	/* Read up to len bytes at off. Returns the count read (short only at end of file), or -1. */
	int64_t (*pread)(void *handle, void *buf, size_t len, uint64_t off);
	/* Write all len bytes at off, extending the file as needed. Returns 0, or -1. */
	int (*pwrite)(void *handle, const void *buf, size_t len, uint64_t off);
	/* Copy len bytes from src_off to dst_off; the ranges may overlap. Returns 0, or -1. */
	int (*copy_range)(void *handle, uint64_t src_off, uint64_t dst_off, uint64_t len);
	/* Set the file's size. Returns 0, or -1. */
	int (*truncate)(void *handle, uint64_t len);
};

struct solder_options {
	solder_arch arch;
	unsigned elf_class;    /* 0: the target's default; 32 or 64 */
	uint64_t image_base;   /* 0: the target's default. Virtual address of the code segment. */
	uint64_t rodata_addr;  /* 0: image_base + 1 window (see below) */
	uint64_t data_addr;    /* 0: image_base + 2 windows */
	uint64_t got_addr;     /* 0: image_base + 3 windows */
	uint64_t window;       /* 0: 64 MiB. Default distance between the segments above. */
	/* The entry point: entry_addr when has_entry_addr, else the symbol exported as
	 * entry_name (NULL: "_start"). A missing entry symbol is an error at flush. */
	const char *entry_name;
	uint64_t entry_addr;
	int has_entry_addr;
	/* DWARF for the functions handed in (line rows and subprograms). */
	int debug_info;
	const char *cu_name;   /* DW_AT_name of the compile unit; NULL: "solder-api" */
	const char *comp_dir;  /* DW_AT_comp_dir; NULL: "." */
	const char *producer;  /* DW_AT_producer; NULL: "solder " SOLDER_VERSION */
};

typedef struct solder_link solder_link;
typedef uint32_t solder_sym;

/* Creates an empty link that uses alloc for all its memory. Fails only for memory. */
solder_status solder_create(solder_link **out, const struct solder_allocator *alloc);

/* Validates opts and attaches the output file. An existing file that solder wrote and
 * closed cleanly, with the same version, machine and class, is resumed: its symbols
 * keep their indices and solder_resumed() returns 1. Anything else (not ELF, another
 * machine or class, truncated, corrupt, another version, an update that never
 * finished) is rewritten from scratch and solder_rebuild_reason() says why. */
solder_status solder_open(solder_link *l, const struct solder_options *opts,
                          const struct solder_file_ops *file);
int solder_resumed(const solder_link *l);
const char *solder_rebuild_reason(const solder_link *l);

/* The message for the last status that was not SOLDER_OK ("" when there was none). */
const char *solder_error(const solder_link *l);

/* Reserves a symbol index and its GOT slot. The slot's address is fixed from now on. */
solder_status solder_alloc_symbol(solder_link *l, solder_sym *out);

enum solder_kind {
	SOLDER_FUNC = 1,  /* .text, in the read+execute segment */
	SOLDER_RODATA,    /* .rodata, in the read-only segment */
	SOLDER_DATA,      /* .data, in the writable segment */
};

/* A place in the symbol's bytes that refers to another symbol. type is the target's
 * ELF relocation type (R_RISCV_*, R_X86_64_*, R_386_*); the value is S + A where S is
 * the address of sym, or of sym's GOT slot when flags has SOLDER_FIXUP_GOT. For
 * R_RISCV_PCREL_LO12_I/S, hi_offset is the offset of the paired AUIPC (whose fixup
 * names the same target). solder re-applies a fixup whenever either end moves. */
#define SOLDER_FIXUP_GOT 1u
struct solder_fixup {
	uint32_t offset;
	uint32_t type;
	solder_sym sym;
	uint32_t flags;
	int64_t addend;
	uint32_t hi_offset;
	uint32_t reserved;
};

struct solder_line {
	uint32_t offset;  /* byte offset into the function */
	uint32_t line;    /* 1-based source line */
};

struct solder_type {
	const char *name;   /* "int", "unsigned long" */
	uint8_t byte_size;
	uint8_t encoding;   /* DW_ATE_signed (5), DW_ATE_unsigned (8), DW_ATE_boolean (2), ... */
};

struct solder_param {
	const char *name;
	const struct solder_type *type;
	int dwarf_reg;      /* DWARF register number that holds it, or -1 for unknown */
};

struct solder_fn_debug {
	const struct solder_type *ret;   /* NULL: void */
	const struct solder_param *params;
	size_t nparams;
	uint32_t decl_line;
};

struct solder_update {
	const char *name;                /* the symbol's local name, also its DWARF name */
	enum solder_kind kind;
	const uint8_t *bytes;
	size_t size;
	uint32_t align;                  /* a power of two; 0: the target's default for kind */
	const struct solder_fixup *fixups;
	size_t nfixups;
	/* Line rows, offsets ascending; used when the link has debug_info. */
	const struct solder_line *lines;
	size_t nlines;
	const char *file_name;           /* source file of the rows; NULL: cu_name */
	const struct solder_fn_debug *debug; /* optional: return type and parameters */
};

/* Places (or re-places) the symbol's bytes. It stays where it is when the new size
 * fits its block's capacity, and moves otherwise; callers through the GOT never
 * notice, direct references to it are re-applied. */
solder_status solder_update_symbol(solder_link *l, solder_sym sym, const struct solder_update *u);

enum solder_linkage { SOLDER_GLOBAL = 1, SOLDER_WEAK, SOLDER_LOCAL };

/* Gives the symbol a further name in the symbol table. A name exported again moves
 * to the new symbol or linkage. */
solder_status solder_export(solder_link *l, solder_sym sym, const char *name, enum solder_linkage linkage);
/* Removes an exported name. */
solder_status solder_unexport(solder_link *l, const char *name);

/* Frees the symbol: its space, index and GOT slot are reused by later allocations.
 * Its exports go with it. */
solder_status solder_free_symbol(solder_link *l, solder_sym sym);

/* The symbol's virtual address (it must have been updated) and its GOT slot's. */
solder_status solder_symbol_addr(solder_link *l, solder_sym sym, uint64_t *out);
solder_status solder_got_slot_addr(solder_link *l, solder_sym sym, uint64_t *out);

/* Finds a live symbol by exported name, or else by its local name. */
solder_status solder_find_symbol(solder_link *l, const char *name, solder_sym *out);

/* Changes the entry point: a symbol name, or an explicit address. */
solder_status solder_set_entry(solder_link *l, const char *name);
solder_status solder_set_entry_addr(solder_link *l, uint64_t addr);

/* Writes everything that changed since the last flush, headers last. After it the
 * file is a complete image. */
solder_status solder_flush(solder_link *l);

/* Flushes, records the state a later solder_open() resumes from, marks the file
 * clean, and frees the link. The link is freed whatever the status. */
solder_status solder_close(solder_link *l);

/* Frees the link without flushing. A file it modified is left marked unfinished, so
 * the next solder_open() rewrites it from scratch. */
void solder_destroy(solder_link *l);

/* Counters for benchmarks and tests: bytes handed to pwrite/copy_range since open. */
struct solder_stats {
	uint64_t bytes_written;
	uint64_t bytes_copied;
	uint64_t write_calls;
};
void solder_get_stats(const solder_link *l, struct solder_stats *out);

/* ---- Encoders: enough machine code to assemble small functions without an assembler.
 *
 * Each appends to a caller-owned buffer and records the fixups it needs. When the
 * buffer is too small, `overflow` is set and nothing further is appended. */
struct solder_code {
	uint8_t *bytes;
	size_t len, cap;
	struct solder_fixup *fixups;
	size_t nfixups, fixups_cap;
	int overflow;
};

/* Abstract registers: the first three Linux syscall argument registers, and the
 * register that holds a syscall number / return value. */
enum solder_reg { SOLDER_REG_ARG0, SOLDER_REG_ARG1, SOLDER_REG_ARG2, SOLDER_REG_RET };

/* Calls callee through its GOT slot: x86_64 `call [abs32]`, i386 `call *abs32`,
 * riscv `auipc ra,%got_pcrel_hi; ld/lw ra,%pcrel_lo(ra); jalr ra`. */
void solder_emit_call_got(solder_arch arch, struct solder_code *c, solder_sym callee);
void solder_emit_load_imm(solder_arch arch, struct solder_code *c, enum solder_reg reg, uint64_t value);
void solder_emit_load_addr(solder_arch arch, struct solder_code *c, enum solder_reg reg, solder_sym sym, int64_t addend);
/* A frame that keeps the return address across calls, and its matching return. */
void solder_emit_enter(solder_arch arch, struct solder_code *c);
void solder_emit_leave(solder_arch arch, struct solder_code *c);
void solder_emit_ret(solder_arch arch, struct solder_code *c);
/* Linux write(fd, sym + addend, len) and exit(status). */
void solder_emit_sys_write(solder_arch arch, struct solder_code *c, int fd, solder_sym buf, int64_t addend, uint64_t len);
void solder_emit_sys_exit(solder_arch arch, struct solder_code *c, int status);

/* ---- Host layer (not part of the freestanding engine): POSIX files and malloc. */
/* Opens (creating if needed, never truncating) path for read/write. Returns 0, or -1
 * with errno set. The handle is released by solder_posix_close(). */
int solder_posix_open(const char *path, struct solder_file_ops *out);
void solder_posix_close(struct solder_file_ops *ops);
extern const struct solder_allocator solder_malloc_allocator;

#ifdef __cplusplus
}
#endif
#endif
