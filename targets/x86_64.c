/*
 * x86_64.c: AMD64, little-endian, after the System V Application Binary Interface,
 * AMD64 Architecture Processor Supplement (the x86-64 psABI), chapter 4.4
 * "Relocation".
 *
 * The quirks this file handles:
 *
 *  - The 32-bit fields. R_X86_64_32 is zero-extended by the instruction that uses it
 *    and R_X86_64_32S sign-extended, and the psABI makes the linker verify that the
 *    truncated value extends back to the full one: [0, 2^32) for 32, [-2^31, 2^31)
 *    for 32S. PC-relative fields (PC32, PLT32, the GOTPCREL family) are signed.
 *    The 16- and 8-bit forms (outside the ABI proper; 16-bit boot code uses them)
 *    take their value signed or unsigned when absolute and signed when
 *    PC-relative.
 *  - P is the address of the field, not of the next instruction: the assembler
 *    already folded the distance from the field to the instruction's end into A
 *    (hence `lea rsi, [rip + sym]` carries addend -4).
 *  - PLT32 is S + A - P in a static image: there is no PLT, the call goes straight
 *    to the function. GOTPCREL, GOTPCRELX, REX_GOTPCRELX and the APX
 *    CODE_{4,5,6}_GOTPCRELX are G + GOT + A - P; the core passes S as the address of
 *    the symbol's GOT slot, so they are S + A - P as well. Relaxing a GOTPCRELX load
 *    into a `lea` is the core's decision; this file only writes the value.
 *  - An x86_64 image may sit in an ELF32 container (QEMU's multiboot loader takes
 *    only ELF32): the class changes, the code does not, so pointers stay 8 bytes.
 *  - TLS, GOT-base-relative (GOTOFF64, GOTPC*) and SIZE relocations need facts the
 *    relocation site does not carry (the TLS layout, the GOT base, the symbol's
 *    size) and are reported as unknown, naming the type.
 *
 * Gaps in code are filled with 0xcc, `int3`: one byte, so any gap is whole traps.
 * Functions are aligned to 16, what GCC does at -O2 for the decoder's sake.
 */
#include "target.h"

enum {
	R_X86_64_NONE = 0, R_X86_64_64 = 1, R_X86_64_PC32 = 2, R_X86_64_PLT32 = 4,
	R_X86_64_GOTPCREL = 9, R_X86_64_32 = 10, R_X86_64_32S = 11, R_X86_64_16 = 12,
	R_X86_64_PC16 = 13, R_X86_64_8 = 14, R_X86_64_PC8 = 15, R_X86_64_PC64 = 24,
	R_X86_64_GOTPCRELX = 41, R_X86_64_REX_GOTPCRELX = 42, R_X86_64_CODE_4_GOTPCRELX = 43,
	R_X86_64_CODE_5_GOTPCRELX = 46, R_X86_64_CODE_6_GOTPCRELX = 49,
};

/* Every type the psABI defines (39 and 40 are retired and reserved). */
static const char *const x86_64_names[] = {
	[0] = "R_X86_64_NONE", [1] = "R_X86_64_64", [2] = "R_X86_64_PC32", [3] = "R_X86_64_GOT32",
	[4] = "R_X86_64_PLT32", [5] = "R_X86_64_COPY", [6] = "R_X86_64_GLOB_DAT",
	[7] = "R_X86_64_JUMP_SLOT", [8] = "R_X86_64_RELATIVE", [9] = "R_X86_64_GOTPCREL",
	[10] = "R_X86_64_32", [11] = "R_X86_64_32S", [12] = "R_X86_64_16", [13] = "R_X86_64_PC16",
	[14] = "R_X86_64_8", [15] = "R_X86_64_PC8", [16] = "R_X86_64_DTPMOD64",
	[17] = "R_X86_64_DTPOFF64", [18] = "R_X86_64_TPOFF64", [19] = "R_X86_64_TLSGD",
	[20] = "R_X86_64_TLSLD", [21] = "R_X86_64_DTPOFF32", [22] = "R_X86_64_GOTTPOFF",
	[23] = "R_X86_64_TPOFF32", [24] = "R_X86_64_PC64", [25] = "R_X86_64_GOTOFF64",
	[26] = "R_X86_64_GOTPC32", [27] = "R_X86_64_GOT64", [28] = "R_X86_64_GOTPCREL64",
	[29] = "R_X86_64_GOTPC64", [30] = "R_X86_64_GOTPLT64", [31] = "R_X86_64_PLTOFF64",
	[32] = "R_X86_64_SIZE32", [33] = "R_X86_64_SIZE64", [34] = "R_X86_64_GOTPC32_TLSDESC",
	[35] = "R_X86_64_TLSDESC_CALL", [36] = "R_X86_64_TLSDESC", [37] = "R_X86_64_IRELATIVE",
	[38] = "R_X86_64_RELATIVE64", [41] = "R_X86_64_GOTPCRELX",
	[42] = "R_X86_64_REX_GOTPCRELX", [43] = "R_X86_64_CODE_4_GOTPCRELX",
	[44] = "R_X86_64_CODE_4_GOTTPOFF", [45] = "R_X86_64_CODE_4_GOTPC32_TLSDESC",
	[46] = "R_X86_64_CODE_5_GOTPCRELX", [47] = "R_X86_64_CODE_5_GOTTPOFF",
	[48] = "R_X86_64_CODE_5_GOTPC32_TLSDESC", [49] = "R_X86_64_CODE_6_GOTPCRELX",
	[50] = "R_X86_64_CODE_6_GOTTPOFF", [51] = "R_X86_64_CODE_6_GOTPC32_TLSDESC",
};

static const char *x86_64_reloc_name(uint32_t type)
{
	return type < sizeof(x86_64_names) / sizeof(x86_64_names[0]) ? x86_64_names[type] : NULL;
}

static int x86_64_apply_reloc(const struct target *t, const struct reloc_site *r, struct diag *d)
{
	const int be = t->big_endian;
	uint8_t *loc = r->loc;
	const uint64_t SA = r->S + (uint64_t)r->A;            /* S + A */
	const int64_t pcrel = (int64_t)(SA - r->P);           /* S + A - P */
	const int64_t two31 = (int64_t)1 << 31;

	switch (r->type) {
	case R_X86_64_NONE:
		return 0;
	case R_X86_64_64:
		if (tgt_check_room(t, r, d, 8))
			return -1;
		put64(loc, SA, be);
		return 0;
	case R_X86_64_PC64:
		if (tgt_check_room(t, r, d, 8))
			return -1;
		put64(loc, (uint64_t)pcrel, be);
		return 0;
	case R_X86_64_32:
		if (tgt_check_room(t, r, d, 4) || tgt_check_range(t, r, d, (int64_t)SA, 0, 2 * two31))
			return -1;
		put32(loc, (uint32_t)SA, be);
		return 0;
	case R_X86_64_32S:
		if (tgt_check_room(t, r, d, 4) || tgt_check_range(t, r, d, (int64_t)SA, -two31, two31))
			return -1;
		put32(loc, (uint32_t)SA, be);
		return 0;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
	case R_X86_64_GOTPCREL:
	case R_X86_64_GOTPCRELX:
	case R_X86_64_REX_GOTPCRELX:
	case R_X86_64_CODE_4_GOTPCRELX:
	case R_X86_64_CODE_5_GOTPCRELX:
	case R_X86_64_CODE_6_GOTPCRELX:
		if (tgt_check_room(t, r, d, 4) || tgt_check_range(t, r, d, pcrel, -two31, two31))
			return -1;
		put32(loc, (uint32_t)pcrel, be);
		return 0;
	case R_X86_64_16:
		if (tgt_check_room(t, r, d, 2) || tgt_check_range(t, r, d, (int64_t)SA, -0x8000, 0x10000))
			return -1;
		put16(loc, (uint16_t)SA, be);
		return 0;
	case R_X86_64_PC16:
		if (tgt_check_room(t, r, d, 2) || tgt_check_range(t, r, d, pcrel, -0x8000, 0x8000))
			return -1;
		put16(loc, (uint16_t)pcrel, be);
		return 0;
	case R_X86_64_8:
		if (tgt_check_room(t, r, d, 1) || tgt_check_range(t, r, d, (int64_t)SA, -0x80, 0x100))
			return -1;
		put8(loc, (uint8_t)SA);
		return 0;
	case R_X86_64_PC8:
		if (tgt_check_room(t, r, d, 1) || tgt_check_range(t, r, d, pcrel, -0x80, 0x80))
			return -1;
		put8(loc, (uint8_t)pcrel);
		return 0;
	}
	return tgt_unknown_reloc(t, r, d);
}

/* ---- encoders */

enum { RAX = 0, RDX = 2, RSI = 6, RDI = 7 };
enum { SYS_WRITE = 1, SYS_EXIT = 60 };
enum { REX_W = 0x48 };

/* ARG0..2 are the Linux syscall argument registers rdi, rsi, rdx; RET is rax, where
 * calls and syscalls return their value. */
static int x86_64_reg(struct solder_code *c, enum solder_reg reg, unsigned *out)
{
	static const uint8_t map[] = {
		[SOLDER_REG_ARG0] = RDI, [SOLDER_REG_ARG1] = RSI,
		[SOLDER_REG_ARG2] = RDX, [SOLDER_REG_RET] = RAX,
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

/* The shortest `mov` that leaves exactly value in the register (r < 8: no REX.B):
 * mov r32, imm32 zero-extends (5 bytes); mov r/m64, imm32 sign-extends (7 bytes);
 * movabs takes the rest (10 bytes). `xor` would be shorter for 0 but clobbers the
 * flags, which a load must not. */
static void x86_64_mov_imm(struct solder_code *c, unsigned r, uint64_t value)
{
	uint8_t b[10];
	if (value <= UINT32_MAX) {
		b[0] = (uint8_t)(0xb8 + r);
		put32(b + 1, (uint32_t)value, 0);
		code_bytes(c, b, 5);
	} else if ((uint64_t)(int64_t)(int32_t)value == value) {
		b[0] = REX_W;
		b[1] = 0xc7;
		b[2] = (uint8_t)(0xc0 + r);   /* ModRM: mod 11, /0, rm r */
		put32(b + 3, (uint32_t)value, 0);
		code_bytes(c, b, 7);
	} else {
		b[0] = REX_W;
		b[1] = (uint8_t)(0xb8 + r);
		put64(b + 2, value, 0);
		code_bytes(c, b, 10);
	}
}

/* lea r, [rip + disp32]: disp32 is relative to the end of the instruction, 4 bytes
 * past the field, hence addend - 4. */
static void x86_64_lea_rip(struct solder_code *c, unsigned r, solder_sym sym, int64_t addend)
{
	const uint8_t op[3] = { REX_W, 0x8d, (uint8_t)(0x05 | r << 3) };   /* ModRM: mod 00, rm 101 */
	code_bytes(c, op, 3);
	code_fixup(c, R_X86_64_PC32, sym, 0, addend - 4, 0);
	code_u32le(c, 0);
}

/* call qword ptr [abs32]: ModRM 0x14 + SIB 0x25 is an absolute disp32 with no base,
 * which does not depend on where the caller sits. 32S because the CPU sign-extends
 * the displacement: the GOT must lie in the low or top 2 GiB. */
static void x86_64_call_got(struct solder_code *c, solder_sym callee)
{
	static const uint8_t op[3] = { 0xff, 0x14, 0x25 };
	code_bytes(c, op, 3);
	code_fixup(c, R_X86_64_32S, callee, SOLDER_FIXUP_GOT, 0, 0);
	code_u32le(c, 0);
}

static void x86_64_load_imm(struct solder_code *c, enum solder_reg reg, uint64_t value)
{
	unsigned r;
	if (!x86_64_reg(c, reg, &r))
		x86_64_mov_imm(c, r, value);
}

static void x86_64_load_addr(struct solder_code *c, enum solder_reg reg, solder_sym sym, int64_t addend)
{
	unsigned r;
	if (!x86_64_reg(c, reg, &r))
		x86_64_lea_rip(c, r, sym, addend);
}

/* push rbp; mov rbp, rsp: the call pushed 8 bytes, the push realigns rsp to 16 for
 * the callees, and rbp chains the frames for gdb's backtraces. */
static void x86_64_enter(struct solder_code *c)
{
	static const uint8_t op[4] = { 0x55, REX_W, 0x89, 0xe5 };
	code_bytes(c, op, 4);
}

/* pop rbp: rsp is where enter left it (the frame has no locals), so no mov rsp, rbp. */
static void x86_64_leave(struct solder_code *c)
{
	code_u8(c, 0x5d);
}

static void x86_64_ret(struct solder_code *c)
{
	code_u8(c, 0xc3);
}

static void x86_64_syscall(struct solder_code *c)
{
	static const uint8_t op[2] = { 0x0f, 0x05 };
	code_bytes(c, op, 2);
}

static void x86_64_sys_write(struct solder_code *c, int fd, solder_sym buf, int64_t addend, uint64_t len)
{
	x86_64_mov_imm(c, RDI, (uint64_t)(int64_t)fd);
	x86_64_lea_rip(c, RSI, buf, addend);
	x86_64_mov_imm(c, RDX, len);
	x86_64_mov_imm(c, RAX, SYS_WRITE);
	x86_64_syscall(c);
}

/* exit (60) ends the calling thread; solder's API images are single-threaded, so it
 * ends the process. */
static void x86_64_sys_exit(struct solder_code *c, int status)
{
	x86_64_mov_imm(c, RDI, (uint64_t)(int64_t)status);
	x86_64_mov_imm(c, RAX, SYS_EXIT);
	x86_64_syscall(c);
}

const struct target target_x86_64 = {
	.name = "x86_64",
	.arch = SOLDER_ARCH_X86_64,
	.e_machine = 62,   /* EM_X86_64 */
	.default_class = 64,
	.ptr_size = 8,
	.big_endian = 0,
	.e_flags = 0,
	.page_size = 0x1000,
	.default_image_base = 0x400000,
	.func_align = 16,
	.code_fill = { 0xcc },
	.code_fill_len = 1,
	.reloc_name = x86_64_reloc_name,
	.apply_reloc = x86_64_apply_reloc,
	.emit_call_got = x86_64_call_got,
	.emit_load_imm = x86_64_load_imm,
	.emit_load_addr = x86_64_load_addr,
	.emit_enter = x86_64_enter,
	.emit_leave = x86_64_leave,
	.emit_ret = x86_64_ret,
	.emit_sys_write = x86_64_sys_write,
	.emit_sys_exit = x86_64_sys_exit,
};
