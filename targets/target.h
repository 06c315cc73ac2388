/*
 * target.h: everything the core knows about an architecture, behind one table.
 *
 * The core never switches on the architecture: it asks the table for the machine,
 * class, pointer size, byte order and page size, applies relocations through
 * apply_reloc, and assembles through the encoders. Each targets/<arch>.c defines its
 * tables and opens with the psABI quirks it handles.
 */
#ifndef SOLDER_TARGET_H
#define SOLDER_TARGET_H

#include "../link/base.h"

/* One relocation being applied. The core computes the addresses; the target knows the
 * formula, the instruction fields and the bounds. */
struct reloc_site {
	uint32_t type;         /* the target's ELF relocation type */
	uint8_t *loc;          /* the bytes of the place */
	size_t avail;          /* bytes readable and writable at loc */
	uint64_t P;            /* address of the place */
	uint64_t S;            /* address of the symbol (or of its GOT slot) */
	int64_t A;             /* addend */
	/* For R_RISCV_PCREL_LO12_I/S: the address of the paired HI20 instruction. The low
	 * part is taken from S + A - P_hi, the value the HI20 relocation saw. */
	uint64_t P_hi;
	const char *sym_name;  /* for messages */
	const char *where;     /* for messages: "(.text.main+0x1c)" */
};

struct target {
	const char *name;          /* "riscv64" */
	solder_arch arch;
	uint16_t e_machine;        /* EM_RISCV, EM_X86_64, EM_386 */
	uint8_t default_class;     /* 32 or 64 */
	uint8_t ptr_size;          /* 4 or 8: GOT slot size and DWARF address size */
	uint8_t big_endian;
	uint32_t e_flags;
	uint32_t page_size;
	uint64_t default_image_base;
	uint32_t func_align;       /* default alignment of functions */
	uint8_t code_fill[4];      /* bytes that fill gaps in code: a trapping pattern */
	uint8_t code_fill_len;

	/* The name of a relocation type ("R_RISCV_JAL"), or NULL when the target does not
	 * know it. */
	const char *(*reloc_name)(uint32_t type);
	/* Applies one relocation. Returns 0, or -1 after reporting to d (unknown type, or
	 * a value out of range, through tgt_check_range). */
	int (*apply_reloc)(const struct target *t, const struct reloc_site *r, struct diag *d);

	/* Encoders behind the solder_emit_* functions; see solder.h for their contracts. */
	void (*emit_call_got)(struct solder_code *c, solder_sym callee);
	void (*emit_load_imm)(struct solder_code *c, enum solder_reg reg, uint64_t value);
	void (*emit_load_addr)(struct solder_code *c, enum solder_reg reg, solder_sym sym, int64_t addend);
	void (*emit_enter)(struct solder_code *c);
	void (*emit_leave)(struct solder_code *c);
	void (*emit_ret)(struct solder_code *c);
	void (*emit_sys_write)(struct solder_code *c, int fd, solder_sym buf, int64_t addend, uint64_t len);
	void (*emit_sys_exit)(struct solder_code *c, int status);
};

/* The table for arch, or NULL. */
const struct target *target_for(solder_arch arch);

/* The one range check every immediate goes through: v must lie in [lo, hi). On failure
 * it reports "<where>: relocation <name> against '<sym>' out of range: v is not in
 * [lo, hi)" and returns -1. */
int tgt_check_range(const struct target *t, const struct reloc_site *r, struct diag *d,
                    int64_t v, int64_t lo, int64_t hi);
/* Reports a relocation type the target does not handle, naming it. Returns -1. */
int tgt_unknown_reloc(const struct target *t, const struct reloc_site *r, struct diag *d);
/* Reports a place too small for the relocation's field. Returns -1. */
int tgt_check_room(const struct target *t, const struct reloc_site *r, struct diag *d, size_t need);

/* Appending to a solder_code (shared by the encoders). */
void code_bytes(struct solder_code *c, const void *p, size_t n);
void code_u32le(struct solder_code *c, uint32_t v);
void code_fixup(struct solder_code *c, uint32_t type, solder_sym sym, uint32_t flags,
                int64_t addend, uint32_t hi_offset);

extern const struct target target_riscv64, target_riscv32, target_x86_64, target_i386;

#endif
