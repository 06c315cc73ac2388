/*
 * riscv.c: RV64 and RV32, little-endian, after the RISC-V ELF psABI
 * (riscv-non-isa/riscv-elf-psabi-doc, "ELF Object Files: Relocations").
 *
 * The quirks this file handles:
 *
 *  - Immediates are scattered. JAL (J-type), branches (B-type), stores (S-type) and
 *    the compressed c.j/c.beqz forms (CJ/CB) each spread their offset bits over the
 *    instruction differently; the rv_*_field() writers below own that knowledge and
 *    always overwrite the field, so re-applying a relocation after a move is
 *    idempotent.
 *  - 32-bit values are split into a 20-bit upper part (LUI/AUIPC) and a 12-bit lower
 *    part that the I- or S-type instruction sign-extends, so the upper part is
 *    rounded: hi20 = (v + 0x800) >> 12, lo12 = v & 0xfff. Both halves of a pair must
 *    use the same v. For PCREL_LO12_* the psABI makes the relocation point at the
 *    AUIPC's label; the core resolves that and hands us S + A - P_hi, the value the
 *    HI20 saw.
 *  - Range. On RV64 LUI and AUIPC sign-extend their 32-bit result, so a U+I pair
 *    reaches [-2^31 - 0x800, 2^31 - 0x800). On RV32 the arithmetic wraps at 32
 *    bits: an absolute HI20/LO12 pair reaches any 32-bit address, written signed or
 *    unsigned as GNU ld accepts, and a PC-relative pair takes [-2^31, 2^31).
 *  - GOT_HI20 is G + GOT + A - P in the psABI; the core passes S as the address of
 *    the symbol's GOT slot, so it is S + A - P like PCREL_HI20 (and likewise
 *    GOT32_PCREL like 32_PCREL). CALL and CALL_PLT cover an AUIPC+JALR pair: in a
 *    static image there is no PLT, so both are S + A - P.
 *  - ADD*, SUB*, SUB6 and SUB_ULEB128 read the place (V): they compute label
 *    differences in debug and exception tables. They are not idempotent, so whoever
 *    re-applies them must start from the input section's original bytes.
 *  - RELAX and ALIGN change no bytes when applied, so both are no-ops here. RELAX
 *    only permits shortening the instruction it marks. ALIGN is not optional,
 *    though: an assembler that relaxes pads with the worst case, A bytes of NOPs at
 *    P, and relies on the linker to delete all but align_up(P, B) - P of them, B
 *    the smallest power of two above A (GNU ld does so even with --no-relax).
 *    Deleting bytes moves what follows, which is layout work for the core before
 *    addresses are final; code built with -mno-relax carries no ALIGN at all.
 *  - TLS relocations need a thread pointer layout solder does not produce; they
 *    are reported as unknown, naming the type. TPREL_ADD alone is a marker for
 *    relaxation that changes no bytes, so it passes; its TPREL_HI20/LO12 partners
 *    are what stop a TLS link.
 *
 * Encoders emit only 32-bit base-ISA instructions (RV64I/RV32I, no compressed forms,
 * no floating point): hence e_flags 0 (soft-float ABI, no EF_RISCV_RVC). Gaps in code
 * are filled with zero bytes: every 16-bit parcel of zeros is a defined illegal
 * instruction whether or not the C extension is present, so a jump into padding
 * traps at once even when the gap is 2 bytes after compressed code, where a 4-byte
 * ebreak pattern would be cut in half into garbage.
 */
#include "target.h"

enum {
	R_RISCV_NONE = 0, R_RISCV_32 = 1, R_RISCV_64 = 2,
	R_RISCV_BRANCH = 16, R_RISCV_JAL = 17, R_RISCV_CALL = 18, R_RISCV_CALL_PLT = 19,
	R_RISCV_GOT_HI20 = 20, R_RISCV_PCREL_HI20 = 23, R_RISCV_PCREL_LO12_I = 24,
	R_RISCV_PCREL_LO12_S = 25, R_RISCV_HI20 = 26, R_RISCV_LO12_I = 27, R_RISCV_LO12_S = 28,
	R_RISCV_TPREL_ADD = 32,
	R_RISCV_ADD8 = 33, R_RISCV_ADD16 = 34, R_RISCV_ADD32 = 35, R_RISCV_ADD64 = 36,
	R_RISCV_SUB8 = 37, R_RISCV_SUB16 = 38, R_RISCV_SUB32 = 39, R_RISCV_SUB64 = 40,
	R_RISCV_GOT32_PCREL = 41, R_RISCV_ALIGN = 43, R_RISCV_RVC_BRANCH = 44, R_RISCV_RVC_JUMP = 45,
	R_RISCV_RELAX = 51, R_RISCV_SUB6 = 52, R_RISCV_SET6 = 53, R_RISCV_SET8 = 54,
	R_RISCV_SET16 = 55, R_RISCV_SET32 = 56, R_RISCV_32_PCREL = 57, R_RISCV_PLT32 = 59,
	R_RISCV_SET_ULEB128 = 60, R_RISCV_SUB_ULEB128 = 61,
};

/* Every type the psABI defines, plus the retired ones (46-50) that old objects may
 * still carry, so a message can name what it refuses. */
static const char *const rv_names[] = {
	[0] = "R_RISCV_NONE", [1] = "R_RISCV_32", [2] = "R_RISCV_64", [3] = "R_RISCV_RELATIVE",
	[4] = "R_RISCV_COPY", [5] = "R_RISCV_JUMP_SLOT", [6] = "R_RISCV_TLS_DTPMOD32",
	[7] = "R_RISCV_TLS_DTPMOD64", [8] = "R_RISCV_TLS_DTPREL32", [9] = "R_RISCV_TLS_DTPREL64",
	[10] = "R_RISCV_TLS_TPREL32", [11] = "R_RISCV_TLS_TPREL64", [12] = "R_RISCV_TLSDESC",
	[16] = "R_RISCV_BRANCH", [17] = "R_RISCV_JAL", [18] = "R_RISCV_CALL",
	[19] = "R_RISCV_CALL_PLT", [20] = "R_RISCV_GOT_HI20", [21] = "R_RISCV_TLS_GOT_HI20",
	[22] = "R_RISCV_TLS_GD_HI20", [23] = "R_RISCV_PCREL_HI20", [24] = "R_RISCV_PCREL_LO12_I",
	[25] = "R_RISCV_PCREL_LO12_S", [26] = "R_RISCV_HI20", [27] = "R_RISCV_LO12_I",
	[28] = "R_RISCV_LO12_S", [29] = "R_RISCV_TPREL_HI20", [30] = "R_RISCV_TPREL_LO12_I",
	[31] = "R_RISCV_TPREL_LO12_S", [32] = "R_RISCV_TPREL_ADD", [33] = "R_RISCV_ADD8",
	[34] = "R_RISCV_ADD16", [35] = "R_RISCV_ADD32", [36] = "R_RISCV_ADD64",
	[37] = "R_RISCV_SUB8", [38] = "R_RISCV_SUB16", [39] = "R_RISCV_SUB32",
	[40] = "R_RISCV_SUB64", [41] = "R_RISCV_GOT32_PCREL", [43] = "R_RISCV_ALIGN",
	[44] = "R_RISCV_RVC_BRANCH", [45] = "R_RISCV_RVC_JUMP", [46] = "R_RISCV_RVC_LUI",
	[47] = "R_RISCV_GPREL_I", [48] = "R_RISCV_GPREL_S", [49] = "R_RISCV_TPREL_I",
	[50] = "R_RISCV_TPREL_S", [51] = "R_RISCV_RELAX", [52] = "R_RISCV_SUB6",
	[53] = "R_RISCV_SET6", [54] = "R_RISCV_SET8", [55] = "R_RISCV_SET16",
	[56] = "R_RISCV_SET32", [57] = "R_RISCV_32_PCREL", [58] = "R_RISCV_IRELATIVE",
	[59] = "R_RISCV_PLT32", [60] = "R_RISCV_SET_ULEB128", [61] = "R_RISCV_SUB_ULEB128",
	[62] = "R_RISCV_TLSDESC_HI20", [63] = "R_RISCV_TLSDESC_LOAD_LO12",
	[64] = "R_RISCV_TLSDESC_ADD_LO12", [65] = "R_RISCV_TLSDESC_CALL",
};

static const char *rv_reloc_name(uint32_t type)
{
	return type < sizeof(rv_names) / sizeof(rv_names[0]) ? rv_names[type] : NULL;
}

/* ---- instruction fields. Each takes the instruction and returns it with the field
 * replaced by the low bits of v; the caller has range-checked v. */

static uint32_t rv_u_field(uint32_t insn, uint32_t hi20)
{
	return (insn & 0xfff) | (hi20 & 0xfffff) << 12;
}

static uint32_t rv_i_field(uint32_t insn, uint32_t lo12)
{
	return (insn & 0xfffff) | (lo12 & 0xfff) << 20;
}

static uint32_t rv_s_field(uint32_t insn, uint32_t lo12)
{
	return (insn & 0x01fff07f) | (lo12 >> 5 & 0x7f) << 25 | (lo12 & 0x1f) << 7;
}

/* imm[12|10:5] in 31:25, imm[4:1|11] in 11:7. */
static uint32_t rv_b_field(uint32_t insn, uint32_t v)
{
	return (insn & 0x01fff07f) | (v >> 12 & 1) << 31 | (v >> 5 & 0x3f) << 25 |
	       (v >> 1 & 0xf) << 8 | (v >> 11 & 1) << 7;
}

/* imm[20|10:1|11|19:12] in 31:12. */
static uint32_t rv_j_field(uint32_t insn, uint32_t v)
{
	return (insn & 0xfff) | (v >> 20 & 1) << 31 | (v >> 1 & 0x3ff) << 21 |
	       (v >> 11 & 1) << 20 | (v >> 12 & 0xff) << 12;
}

/* c.beqz/c.bnez: offset[8|4:3] in 12:10, offset[7:6|2:1|5] in 6:2. */
static uint16_t rv_cb_field(uint16_t insn, uint32_t v)
{
	return (uint16_t)((insn & 0xe383) | (v >> 8 & 1) << 12 | (v >> 3 & 3) << 10 |
	                  (v >> 6 & 3) << 5 | (v >> 1 & 3) << 3 | (v >> 5 & 1) << 2);
}

/* c.j/c.jal: offset[11|4|9:8|10|6|7|3:1|5] in 12:2. */
static uint16_t rv_cj_field(uint16_t insn, uint32_t v)
{
	return (uint16_t)((insn & 0xe003) | (v >> 11 & 1) << 12 | (v >> 4 & 1) << 11 |
	                  (v >> 8 & 3) << 9 | (v >> 10 & 1) << 8 | (v >> 6 & 1) << 7 |
	                  (v >> 7 & 1) << 6 | (v >> 1 & 7) << 3 | (v >> 5 & 1) << 2);
}

/* The rounded upper 20 bits of a U+I pair. */
static uint32_t rv_hi20(int64_t v)
{
	return (uint32_t)(((uint64_t)v + 0x800) >> 12) & 0xfffff;
}

/* Checks the value a U+I pair (LUI/AUIPC plus an I- or S-type instruction) must
 * carry; see the essay for the bounds. */
static int rv_check_pair(const struct target *t, const struct reloc_site *r, struct diag *d,
                         int64_t v, int pcrel)
{
	const int64_t two31 = (int64_t)1 << 31;
	if (t->ptr_size == 4)
		return pcrel ? tgt_check_range(t, r, d, v, -two31, two31)
		             : tgt_check_range(t, r, d, v, -two31, 2 * two31);
	return tgt_check_range(t, r, d, v, -two31 - 0x800, two31 - 0x800);
}

/* Branch and jump targets are 2-byte aligned: the field has no bit 0, so an odd
 * offset would silently land one byte off. */
static int rv_check_even(const struct target *t, const struct reloc_site *r, struct diag *d, int64_t v)
{
	if (!(v & 1))
		return 0;
	diag_error(d, SOLDER_ERR_RANGE, "%s: improper alignment for relocation %s against '%s': %lld is not aligned to 2 bytes",
	           r->where && *r->where ? r->where : "(unknown place)", t->reloc_name(r->type),
	           r->sym_name ? r->sym_name : "", (long long)v);
	return -1;
}

/* A PC-relative branch or jump: range, alignment, then the field. */
static int rv_check_jump(const struct target *t, const struct reloc_site *r, struct diag *d,
                         int64_t v, unsigned bits)
{
	const int64_t half = (int64_t)1 << (bits - 1);
	if (tgt_check_range(t, r, d, v, -half, half))
		return -1;
	return rv_check_even(t, r, d, v);
}

/* V +/- value in a little field of n bytes, wrapping as the psABI's wordN does. */
static void rv_add_word(const struct target *t, uint8_t *p, unsigned n, uint64_t value, int sub)
{
	const int be = t->big_endian;
	uint64_t old = n == 1 ? p[0] : n == 2 ? get16(p, be) : n == 4 ? get32(p, be) : get64(p, be);
	uint64_t v = sub ? old - value : old + value;
	if (n == 1) put8(p, (uint8_t)v);
	else if (n == 2) put16(p, (uint16_t)v, be);
	else if (n == 4) put32(p, (uint32_t)v, be);
	else put64(p, v, be);
}

/* SET_ULEB128 and SUB_ULEB128: the assembler reserved the field's width (its bytes
 * carry continuation bits); the value is rewritten into exactly that width. */
static int rv_uleb(const struct target *t, const struct reloc_site *r, struct diag *d, uint64_t value, int sub)
{
	/* At most 10 bytes (64 bits); a tenth byte is the last whatever it says. */
	size_t n = 0;
	while (n < 9 && n < r->avail && (r->loc[n] & 0x80))
		n++;
	if (tgt_check_room(t, r, d, n + 1))
		return -1;
	n++;
	uint64_t old = 0;
	for (size_t i = 0; i < n; i++)
		old |= (uint64_t)(r->loc[i] & 0x7f) << (7 * i);
	uint64_t v = sub ? old - value : value;
	int64_t hi = n >= 9 ? INT64_MAX : (int64_t)1 << (7 * n);
	if (tgt_check_range(t, r, d, (int64_t)v, 0, hi))
		return -1;
	for (size_t i = 0; i < n; i++)
		r->loc[i] = (uint8_t)((v >> (7 * i) & 0x7f) | (i + 1 < n ? 0x80 : 0));
	return 0;
}

static int rv_apply_reloc(const struct target *t, const struct reloc_site *r, struct diag *d)
{
	const int be = t->big_endian;
	uint8_t *loc = r->loc;
	const uint64_t SA = r->S + (uint64_t)r->A;            /* S + A */
	const int64_t pcrel = (int64_t)(SA - r->P);           /* S + A - P */
	const int64_t two31 = (int64_t)1 << 31;

	switch (r->type) {
	case R_RISCV_NONE:
	case R_RISCV_RELAX:
	case R_RISCV_ALIGN:
	case R_RISCV_TPREL_ADD:
		return 0;

	case R_RISCV_32:
		if (tgt_check_room(t, r, d, 4) || tgt_check_range(t, r, d, (int64_t)SA, -two31, 2 * two31))
			return -1;
		put32(loc, (uint32_t)SA, be);
		return 0;
	case R_RISCV_64:
		if (tgt_check_room(t, r, d, 8))
			return -1;
		put64(loc, SA, be);
		return 0;

	case R_RISCV_HI20:
		if (tgt_check_room(t, r, d, 4) || rv_check_pair(t, r, d, (int64_t)SA, 0))
			return -1;
		put32(loc, rv_u_field(get32(loc, be), rv_hi20((int64_t)SA)), be);
		return 0;
	case R_RISCV_LO12_I:
		if (tgt_check_room(t, r, d, 4))
			return -1;
		put32(loc, rv_i_field(get32(loc, be), (uint32_t)SA), be);
		return 0;
	case R_RISCV_LO12_S:
		if (tgt_check_room(t, r, d, 4))
			return -1;
		put32(loc, rv_s_field(get32(loc, be), (uint32_t)SA), be);
		return 0;

	case R_RISCV_PCREL_HI20:
	case R_RISCV_GOT_HI20:
		if (tgt_check_room(t, r, d, 4) || rv_check_pair(t, r, d, pcrel, 1))
			return -1;
		put32(loc, rv_u_field(get32(loc, be), rv_hi20(pcrel)), be);
		return 0;
	case R_RISCV_PCREL_LO12_I:
	case R_RISCV_PCREL_LO12_S: {
		/* The paired HI20 checked the range of this same value. */
		uint32_t lo = (uint32_t)(SA - r->P_hi);
		if (tgt_check_room(t, r, d, 4))
			return -1;
		uint32_t insn = get32(loc, be);
		put32(loc, r->type == R_RISCV_PCREL_LO12_I ? rv_i_field(insn, lo) : rv_s_field(insn, lo), be);
		return 0;
	}
	case R_RISCV_CALL:
	case R_RISCV_CALL_PLT:
		if (tgt_check_room(t, r, d, 8) || rv_check_pair(t, r, d, pcrel, 1))
			return -1;
		put32(loc, rv_u_field(get32(loc, be), rv_hi20(pcrel)), be);
		put32(loc + 4, rv_i_field(get32(loc + 4, be), (uint32_t)pcrel), be);
		return 0;

	case R_RISCV_JAL:
		if (tgt_check_room(t, r, d, 4) || rv_check_jump(t, r, d, pcrel, 21))
			return -1;
		put32(loc, rv_j_field(get32(loc, be), (uint32_t)pcrel), be);
		return 0;
	case R_RISCV_BRANCH:
		if (tgt_check_room(t, r, d, 4) || rv_check_jump(t, r, d, pcrel, 13))
			return -1;
		put32(loc, rv_b_field(get32(loc, be), (uint32_t)pcrel), be);
		return 0;
	case R_RISCV_RVC_BRANCH:
		if (tgt_check_room(t, r, d, 2) || rv_check_jump(t, r, d, pcrel, 9))
			return -1;
		put16(loc, rv_cb_field(get16(loc, be), (uint32_t)pcrel), be);
		return 0;
	case R_RISCV_RVC_JUMP:
		if (tgt_check_room(t, r, d, 2) || rv_check_jump(t, r, d, pcrel, 12))
			return -1;
		put16(loc, rv_cj_field(get16(loc, be), (uint32_t)pcrel), be);
		return 0;

	case R_RISCV_32_PCREL:
	case R_RISCV_PLT32:
	case R_RISCV_GOT32_PCREL:
		if (tgt_check_room(t, r, d, 4) || tgt_check_range(t, r, d, pcrel, -two31, two31))
			return -1;
		put32(loc, (uint32_t)pcrel, be);
		return 0;

	case R_RISCV_ADD8: case R_RISCV_ADD16: case R_RISCV_ADD32: case R_RISCV_ADD64:
	case R_RISCV_SUB8: case R_RISCV_SUB16: case R_RISCV_SUB32: case R_RISCV_SUB64: {
		static const uint8_t size[] = { 1, 2, 4, 8 };
		int sub = r->type >= R_RISCV_SUB8;
		unsigned n = size[r->type - (sub ? R_RISCV_SUB8 : R_RISCV_ADD8)];
		if (tgt_check_room(t, r, d, n))
			return -1;
		rv_add_word(t, loc, n, SA, sub);
		return 0;
	}
	case R_RISCV_SET6:
	case R_RISCV_SUB6: {
		if (tgt_check_room(t, r, d, 1))
			return -1;
		uint8_t v = r->type == R_RISCV_SET6 ? (uint8_t)SA : (uint8_t)(loc[0] - (uint8_t)SA);
		loc[0] = (uint8_t)((loc[0] & 0xc0) | (v & 0x3f));
		return 0;
	}
	case R_RISCV_SET8:
		if (tgt_check_room(t, r, d, 1))
			return -1;
		put8(loc, (uint8_t)SA);
		return 0;
	case R_RISCV_SET16:
		if (tgt_check_room(t, r, d, 2))
			return -1;
		put16(loc, (uint16_t)SA, be);
		return 0;
	case R_RISCV_SET32:
		if (tgt_check_room(t, r, d, 4))
			return -1;
		put32(loc, (uint32_t)SA, be);
		return 0;
	case R_RISCV_SET_ULEB128:
		return rv_uleb(t, r, d, SA, 0);
	case R_RISCV_SUB_ULEB128:
		return rv_uleb(t, r, d, SA, 1);
	}
	return tgt_unknown_reloc(t, r, d);
}

/* ---- encoders */

enum { X_ZERO = 0, X_RA = 1, X_SP = 2, X_A0 = 10, X_A1 = 11, X_A2 = 12, X_A7 = 17 };
enum {
	OP_LOAD = 0x03, OP_IMM = 0x13, OP_AUIPC = 0x17, OP_IMM_32 = 0x1b, OP_STORE = 0x23,
	OP_LUI = 0x37, OP_JALR = 0x67, OP_SYSTEM = 0x73,
};
enum { F3_ADDI = 0, F3_SLLI = 1, F3_W = 2, F3_D = 3 };
enum { SYS_WRITE = 64, SYS_EXIT = 93 };

/* ARG0..2 are the Linux syscall argument registers a0..a2; RET is a0, where calls
 * and syscalls return their value. */
static int rv_reg(struct solder_code *c, enum solder_reg reg, unsigned *out)
{
	static const uint8_t map[] = {
		[SOLDER_REG_ARG0] = X_A0, [SOLDER_REG_ARG1] = X_A1,
		[SOLDER_REG_ARG2] = X_A2, [SOLDER_REG_RET] = X_A0,
	};
	if ((unsigned)reg >= sizeof(map)) {
		/* No register to write: the code cannot be produced, which the caller learns
		 * the one way an encoder reports anything. */
		c->overflow = 1;
		return -1;
	}
	*out = map[reg];
	return 0;
}

static void rv_i(struct solder_code *c, unsigned op, unsigned rd, unsigned f3, unsigned rs1, int32_t imm)
{
	code_u32le(c, ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op);
}

static void rv_s(struct solder_code *c, unsigned f3, unsigned rs1, unsigned rs2, int32_t imm)
{
	uint32_t u = (uint32_t)imm;
	code_u32le(c, (u >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 0x1f) << 7 | OP_STORE);
}

static void rv_u(struct solder_code *c, unsigned op, unsigned rd, uint32_t hi20)
{
	code_u32le(c, (hi20 & 0xfffff) << 12 | rd << 7 | op);
}

static int32_t sext12(uint64_t v)
{
	return (int32_t)((v & 0xfff) ^ 0x800) - 0x800;
}

/* A constant that LUI + ADDI(W) builds: any value on RV32 (its low 32 bits), a
 * sign-extended 32-bit one on RV64. The add is the 32-bit one on RV64 (addiw) so
 * that lui 0x80000 + addiw -1 gives 0x7fffffff rather than a sign-extended
 * 0xffffffff7fffffff. */
static void rv_li32(struct solder_code *c, int rv64, unsigned rd, uint64_t v)
{
	uint32_t hi = rv_hi20((int64_t)(uint32_t)v);
	int32_t lo = sext12(v);
	unsigned add = rv64 ? OP_IMM_32 : OP_IMM;
	if (hi)
		rv_u(c, OP_LUI, rd, hi);
	if (lo || !hi)
		rv_i(c, add, rd, F3_ADDI, hi ? rd : X_ZERO, lo);
}

/* Any 64-bit constant on RV64: peel off the sign-extended low 12 bits, shift the
 * rest down past its trailing zeros, build that, then shift back and add. The rest
 * is non-zero (v does not fit 32 bits) and each round drops at least 12 bits, so it
 * ends in at most 8 instructions. This is the sequence GNU as builds for `li`. */
static void rv_li64(struct solder_code *c, unsigned rd, uint64_t v)
{
	if ((uint64_t)(int64_t)(int32_t)v == v) {
		rv_li32(c, 1, rd, v);
		return;
	}
	int32_t lo = sext12(v);
	uint64_t rest = v - (uint64_t)(int64_t)lo;
	unsigned shift = 12;
	while (!(rest >> shift & 1))
		shift++;
	/* An arithmetic shift, spelled out: C leaves >> of negative values to the
	 * implementation. */
	uint64_t upper = rest >> shift;
	if (rest >> 63)
		upper |= ~(uint64_t)0 << (64 - shift);
	rv_li64(c, rd, upper);
	rv_i(c, OP_IMM, rd, F3_SLLI, rd, (int32_t)shift);
	if (lo)
		rv_i(c, OP_IMM, rd, F3_ADDI, rd, lo);
}

/* A value that fits a 12-bit immediate is a single addi (GNU as's `li`). */
static void rv_li(struct solder_code *c, int rv64, unsigned rd, uint64_t v)
{
	uint64_t width = rv64 ? v : (uint64_t)(int64_t)(int32_t)v;
	if ((uint64_t)(int64_t)sext12(width) == width)
		rv_i(c, OP_IMM, rd, F3_ADDI, X_ZERO, sext12(width));
	else if (rv64)
		rv_li64(c, rd, v);
	else
		rv_li32(c, 0, rd, v);
}

/* auipc rd, %pcrel_hi(sym + addend); addi rd, rd, %pcrel_lo: the LO12 fixup names
 * the same target as its HI20 and points back at it through hi_offset. */
static void rv_la(struct solder_code *c, unsigned rd, solder_sym sym, int64_t addend)
{
	uint32_t hi_offset = (uint32_t)c->len;
	code_fixup(c, R_RISCV_PCREL_HI20, sym, 0, addend, 0);
	rv_u(c, OP_AUIPC, rd, 0);
	code_fixup(c, R_RISCV_PCREL_LO12_I, sym, 0, addend, hi_offset);
	rv_i(c, OP_IMM, rd, F3_ADDI, rd, 0);
}

/* auipc ra, %got_pcrel_hi(callee); l[dw] ra, %pcrel_lo(ra); jalr ra, 0(ra). The GOT
 * flag makes S the slot's address, so the pair is an ordinary PC-relative load. */
static void rv_call_got(struct solder_code *c, solder_sym callee, unsigned load_f3)
{
	uint32_t hi_offset = (uint32_t)c->len;
	code_fixup(c, R_RISCV_PCREL_HI20, callee, SOLDER_FIXUP_GOT, 0, 0);
	rv_u(c, OP_AUIPC, X_RA, 0);
	code_fixup(c, R_RISCV_PCREL_LO12_I, callee, SOLDER_FIXUP_GOT, 0, hi_offset);
	rv_i(c, OP_LOAD, X_RA, load_f3, X_RA, 0);
	rv_i(c, OP_JALR, X_RA, 0, X_RA, 0);
}

static void rv64_call_got(struct solder_code *c, solder_sym callee) { rv_call_got(c, callee, F3_D); }
static void rv32_call_got(struct solder_code *c, solder_sym callee) { rv_call_got(c, callee, F3_W); }

static void rv64_load_imm(struct solder_code *c, enum solder_reg reg, uint64_t value)
{
	unsigned rd;
	if (!rv_reg(c, reg, &rd))
		rv_li(c, 1, rd, value);
}

static void rv32_load_imm(struct solder_code *c, enum solder_reg reg, uint64_t value)
{
	unsigned rd;
	if (!rv_reg(c, reg, &rd))
		rv_li(c, 0, rd, value);
}

static void rv_load_addr(struct solder_code *c, enum solder_reg reg, solder_sym sym, int64_t addend)
{
	unsigned rd;
	if (!rv_reg(c, reg, &rd))
		rv_la(c, rd, sym, addend);
}

/* A 16-byte frame (the psABI keeps sp 16-aligned) with ra in its top slot, where
 * GCC puts it: 8(sp) on RV64, 12(sp) on RV32. */
static void rv64_enter(struct solder_code *c)
{
	rv_i(c, OP_IMM, X_SP, F3_ADDI, X_SP, -16);
	rv_s(c, F3_D, X_SP, X_RA, 8);
}

static void rv64_leave(struct solder_code *c)
{
	rv_i(c, OP_LOAD, X_RA, F3_D, X_SP, 8);
	rv_i(c, OP_IMM, X_SP, F3_ADDI, X_SP, 16);
}

static void rv32_enter(struct solder_code *c)
{
	rv_i(c, OP_IMM, X_SP, F3_ADDI, X_SP, -16);
	rv_s(c, F3_W, X_SP, X_RA, 12);
}

static void rv32_leave(struct solder_code *c)
{
	rv_i(c, OP_LOAD, X_RA, F3_W, X_SP, 12);
	rv_i(c, OP_IMM, X_SP, F3_ADDI, X_SP, 16);
}

/* ret = jalr x0, 0(ra) */
static void rv_ret(struct solder_code *c)
{
	rv_i(c, OP_JALR, X_ZERO, 0, X_RA, 0);
}

static void rv_ecall(struct solder_code *c)
{
	code_u32le(c, OP_SYSTEM);
}

static void rv_sys_write(struct solder_code *c, int rv64, int fd, solder_sym buf, int64_t addend, uint64_t len)
{
	rv_li(c, rv64, X_A0, (uint64_t)(int64_t)fd);
	rv_la(c, X_A1, buf, addend);
	rv_li(c, rv64, X_A2, len);
	rv_li(c, rv64, X_A7, SYS_WRITE);
	rv_ecall(c);
}

static void rv64_sys_write(struct solder_code *c, int fd, solder_sym buf, int64_t addend, uint64_t len)
{
	rv_sys_write(c, 1, fd, buf, addend, len);
}

static void rv32_sys_write(struct solder_code *c, int fd, solder_sym buf, int64_t addend, uint64_t len)
{
	rv_sys_write(c, 0, fd, buf, addend, len);
}

/* exit (93) ends the calling thread; solder's API images are single-threaded, so it
 * ends the process. */
static void rv_sys_exit(struct solder_code *c, int rv64, int status)
{
	rv_li(c, rv64, X_A0, (uint64_t)(int64_t)status);
	rv_li(c, rv64, X_A7, SYS_EXIT);
	rv_ecall(c);
}

static void rv64_sys_exit(struct solder_code *c, int status) { rv_sys_exit(c, 1, status); }
static void rv32_sys_exit(struct solder_code *c, int status) { rv_sys_exit(c, 0, status); }

#define RISCV_COMMON                                 \
	.e_machine = 243, /* EM_RISCV */                 \
	.big_endian = 0,                                 \
	.e_flags = 0, /* soft-float ABI, no RVC */       \
	.page_size = 0x1000,                             \
	.default_image_base = 0x10000,                   \
	.func_align = 4,                                 \
	.code_fill = { 0, 0, 0, 0 },                     \
	.code_fill_len = 4,                              \
	.reloc_name = rv_reloc_name,                     \
	.apply_reloc = rv_apply_reloc,                   \
	.emit_load_addr = rv_load_addr,                  \
	.emit_ret = rv_ret

const struct target target_riscv64 = {
	.name = "riscv64",
	.arch = SOLDER_ARCH_RISCV64,
	.default_class = 64,
	.ptr_size = 8,
	RISCV_COMMON,
	.emit_call_got = rv64_call_got,
	.emit_load_imm = rv64_load_imm,
	.emit_enter = rv64_enter,
	.emit_leave = rv64_leave,
	.emit_sys_write = rv64_sys_write,
	.emit_sys_exit = rv64_sys_exit,
};

const struct target target_riscv32 = {
	.name = "riscv32",
	.arch = SOLDER_ARCH_RISCV32,
	.default_class = 32,
	.ptr_size = 4,
	RISCV_COMMON,
	.emit_call_got = rv32_call_got,
	.emit_load_imm = rv32_load_imm,
	.emit_enter = rv32_enter,
	.emit_leave = rv32_leave,
	.emit_sys_write = rv32_sys_write,
	.emit_sys_exit = rv32_sys_exit,
};
