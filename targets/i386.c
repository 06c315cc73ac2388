/*
 * i386.c: IA-32, little-endian, after the System V Application Binary Interface,
 * Intel386 Architecture Processor Supplement (the i386 psABI), "Relocation".
 *
 * The quirks this file handles:
 *
 *  - i386 objects use SHT_REL: the addend is stored in the field itself. The core
 *    reads it before applying (the relocation rewrites the field), keeps it for
 *    later re-application, and hands it over in A like any RELA addend.
 *  - Address arithmetic wraps at 4 GiB. An absolute 32-bit field takes its value
 *    written signed or unsigned, [-2^31, 2^32), as GNU ld does. A PC-relative one
 *    reaches every address from every place because EIP arithmetic wraps too, so
 *    S + A - P (S and P both below 4 GiB) may be anything in [-2^32, 2^32) and is
 *    written modulo 2^32; a value outside that means S, A or P was not a 32-bit
 *    quantity.
 *  - The 16- and 8-bit forms are not in the original psABI (they serve 16-bit code,
 *    boot sectors); absolute ones take signed or unsigned values, PC-relative ones
 *    signed.
 *  - PLT32 is S + A - P in a static image: there is no PLT.
 *  - GOT32X is applied in its absolute form, G + GOT + A with S the address of the
 *    symbol's GOT slot: that is the form non-PIC code uses (`call *foo@GOT`, no
 *    base register, what GCC emits for -fno-plt). The base-register form (PIC code,
 *    G + A relative to the GOT in %ebx) would need the GOT base, which the site does
 *    not carry; PIC input is not something a firmware image is built from.
 *  - GOTOFF, GOTPC, TLS and SIZE relocations need facts the site does not carry and
 *    are reported as unknown, naming the type.
 *
 * Gaps in code are filled with 0xcc, `int3`; functions are aligned to 16.
 */
#include "target.h"

enum {
	R_386_NONE = 0, R_386_32 = 1, R_386_PC32 = 2, R_386_PLT32 = 4, R_386_16 = 20,
	R_386_PC16 = 21, R_386_8 = 22, R_386_PC8 = 23, R_386_GOT32X = 43,
};

/* Every type the psABI and its TLS supplement define (12 and 13 are unassigned). */
static const char *const i386_names[] = {
	[0] = "R_386_NONE", [1] = "R_386_32", [2] = "R_386_PC32", [3] = "R_386_GOT32",
	[4] = "R_386_PLT32", [5] = "R_386_COPY", [6] = "R_386_GLOB_DAT", [7] = "R_386_JUMP_SLOT",
	[8] = "R_386_RELATIVE", [9] = "R_386_GOTOFF", [10] = "R_386_GOTPC", [11] = "R_386_32PLT",
	[14] = "R_386_TLS_TPOFF", [15] = "R_386_TLS_IE", [16] = "R_386_TLS_GOTIE",
	[17] = "R_386_TLS_LE", [18] = "R_386_TLS_GD", [19] = "R_386_TLS_LDM", [20] = "R_386_16",
	[21] = "R_386_PC16", [22] = "R_386_8", [23] = "R_386_PC8", [24] = "R_386_TLS_GD_32",
	[25] = "R_386_TLS_GD_PUSH", [26] = "R_386_TLS_GD_CALL", [27] = "R_386_TLS_GD_POP",
	[28] = "R_386_TLS_LDM_32", [29] = "R_386_TLS_LDM_PUSH", [30] = "R_386_TLS_LDM_CALL",
	[31] = "R_386_TLS_LDM_POP", [32] = "R_386_TLS_LDO_32", [33] = "R_386_TLS_IE_32",
	[34] = "R_386_TLS_LE_32", [35] = "R_386_TLS_DTPMOD32", [36] = "R_386_TLS_DTPOFF32",
	[37] = "R_386_TLS_TPOFF32", [38] = "R_386_SIZE32", [39] = "R_386_TLS_GOTDESC",
	[40] = "R_386_TLS_DESC_CALL", [41] = "R_386_TLS_DESC", [42] = "R_386_IRELATIVE",
	[43] = "R_386_GOT32X",
};

static const char *i386_reloc_name(uint32_t type)
{
	return type < sizeof(i386_names) / sizeof(i386_names[0]) ? i386_names[type] : NULL;
}

static int i386_apply_reloc(const struct target *t, const struct reloc_site *r, struct diag *d)
{
	const int be = t->big_endian;
	uint8_t *loc = r->loc;
	const uint64_t SA = r->S + (uint64_t)r->A;            /* S + A */
	const int64_t pcrel = (int64_t)(SA - r->P);           /* S + A - P */
	const int64_t two31 = (int64_t)1 << 31;

	switch (r->type) {
	case R_386_NONE:
		return 0;
	case R_386_32:
	case R_386_GOT32X:
		if (tgt_check_room(t, r, d, 4) || tgt_check_range(t, r, d, (int64_t)SA, -two31, 2 * two31))
			return -1;
		put32(loc, (uint32_t)SA, be);
		return 0;
	case R_386_PC32:
	case R_386_PLT32:
		if (tgt_check_room(t, r, d, 4) || tgt_check_range(t, r, d, pcrel, -2 * two31, 2 * two31))
			return -1;
		put32(loc, (uint32_t)pcrel, be);
		return 0;
	case R_386_16:
		if (tgt_check_room(t, r, d, 2) || tgt_check_range(t, r, d, (int64_t)SA, -0x8000, 0x10000))
			return -1;
		put16(loc, (uint16_t)SA, be);
		return 0;
	case R_386_PC16:
		if (tgt_check_room(t, r, d, 2) || tgt_check_range(t, r, d, pcrel, -0x8000, 0x8000))
			return -1;
		put16(loc, (uint16_t)pcrel, be);
		return 0;
	case R_386_8:
		if (tgt_check_room(t, r, d, 1) || tgt_check_range(t, r, d, (int64_t)SA, -0x80, 0x100))
			return -1;
		put8(loc, (uint8_t)SA);
		return 0;
	case R_386_PC8:
		if (tgt_check_room(t, r, d, 1) || tgt_check_range(t, r, d, pcrel, -0x80, 0x80))
			return -1;
		put8(loc, (uint8_t)pcrel);
		return 0;
	}
	return tgt_unknown_reloc(t, r, d);
}

/* ---- encoders */

enum { EAX = 0, ECX = 1, EDX = 2, EBX = 3 };
enum { SYS_EXIT = 1, SYS_WRITE = 4 };

/* ARG0..2 are the Linux `int 0x80` argument registers ebx, ecx, edx; RET is eax,
 * where calls and syscalls return their value. */
static int i386_reg(struct solder_code *c, enum solder_reg reg, unsigned *out)
{
	static const uint8_t map[] = {
		[SOLDER_REG_ARG0] = EBX, [SOLDER_REG_ARG1] = ECX,
		[SOLDER_REG_ARG2] = EDX, [SOLDER_REG_RET] = EAX,
	};
	if ((unsigned)reg >= sizeof(map)) {
		/* No register to write: reported the one way an encoder reports anything. */
		c->overflow = 1;
		return -1;
	}
	*out = map[reg];
	return 0;
}

static void code_u8(struct solder_code *c, uint8_t v)
{
	code_bytes(c, &v, 1);
}

/* mov r32, imm32: registers are 32 bits wide, so a wider value keeps its low half
 * (a negative 64-bit value is still the same negative number). */
static void i386_mov_imm(struct solder_code *c, unsigned r, uint64_t value)
{
	code_u8(c, (uint8_t)(0xb8 + r));
	code_u32le(c, (uint32_t)value);
}

/* mov r32, imm32 with the address in the immediate: absolute addressing is the
 * natural form on i386, which has no EIP-relative operand. */
static void i386_mov_addr(struct solder_code *c, unsigned r, solder_sym sym, int64_t addend)
{
	code_u8(c, (uint8_t)(0xb8 + r));
	code_fixup(c, R_386_32, sym, 0, addend, 0);
	code_u32le(c, 0);
}

/* call *abs32: ModRM 0x15 is a bare disp32, the slot's address. */
static void i386_call_got(struct solder_code *c, solder_sym callee)
{
	static const uint8_t op[2] = { 0xff, 0x15 };
	code_bytes(c, op, 2);
	code_fixup(c, R_386_32, callee, SOLDER_FIXUP_GOT, 0, 0);
	code_u32le(c, 0);
}

static void i386_load_imm(struct solder_code *c, enum solder_reg reg, uint64_t value)
{
	unsigned r;
	if (!i386_reg(c, reg, &r))
		i386_mov_imm(c, r, value);
}

static void i386_load_addr(struct solder_code *c, enum solder_reg reg, solder_sym sym, int64_t addend)
{
	unsigned r;
	if (!i386_reg(c, reg, &r))
		i386_mov_addr(c, r, sym, addend);
}

/* push ebp; mov ebp, esp: ebp chains the frames for gdb's backtraces. */
static void i386_enter(struct solder_code *c)
{
	static const uint8_t op[3] = { 0x55, 0x89, 0xe5 };
	code_bytes(c, op, 3);
}

/* pop ebp: esp is where enter left it (the frame has no locals). */
static void i386_leave(struct solder_code *c)
{
	code_u8(c, 0x5d);
}

static void i386_ret(struct solder_code *c)
{
	code_u8(c, 0xc3);
}

static void i386_int80(struct solder_code *c)
{
	static const uint8_t op[2] = { 0xcd, 0x80 };
	code_bytes(c, op, 2);
}

static void i386_sys_write(struct solder_code *c, int fd, solder_sym buf, int64_t addend, uint64_t len)
{
	i386_mov_imm(c, EBX, (uint64_t)(int64_t)fd);
	i386_mov_addr(c, ECX, buf, addend);
	i386_mov_imm(c, EDX, len);
	i386_mov_imm(c, EAX, SYS_WRITE);
	i386_int80(c);
}

/* exit (1) ends the calling thread; solder's API images are single-threaded, so it
 * ends the process. */
static void i386_sys_exit(struct solder_code *c, int status)
{
	i386_mov_imm(c, EBX, (uint64_t)(int64_t)status);
	i386_mov_imm(c, EAX, SYS_EXIT);
	i386_int80(c);
}

const struct target target_i386 = {
	.name = "i386",
	.arch = SOLDER_ARCH_I386,
	.e_machine = 3,   /* EM_386 */
	.default_class = 32,
	.ptr_size = 4,
	.big_endian = 0,
	.e_flags = 0,
	.page_size = 0x1000,
	.default_image_base = 0x8048000,
	.func_align = 16,
	.code_fill = { 0xcc },
	.code_fill_len = 1,
	.reloc_name = i386_reloc_name,
	.apply_reloc = i386_apply_reloc,
	.emit_call_got = i386_call_got,
	.emit_load_imm = i386_load_imm,
	.emit_load_addr = i386_load_addr,
	.emit_enter = i386_enter,
	.emit_leave = i386_leave,
	.emit_ret = i386_ret,
	.emit_sys_write = i386_sys_write,
	.emit_sys_exit = i386_sys_exit,
};
