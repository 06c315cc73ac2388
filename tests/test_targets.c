/*
 * test_targets.c: the target tables, relocation application and the encoders.
 *
 * Expected instruction bytes come from GNU binutils 2.40: encoder output is
 * compared with what `as` (riscv64-unknown-elf-as -march=rv64i/rv32i with
 * .option norvc, as --64, as --32, Intel syntax) assembles for the instructions in
 * the comment beside each expectation; relocated instructions are compared with
 * what GNU ld (--no-relax, -Ttext=0x10000, the target at --defsym) wrote for the
 * same instruction and distance. Reproduce a failure with `make unit`.
 */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <string.h>

#include "../targets/target.h"

/* ---- helpers */

static void hexdump(const char *label, const uint8_t *p, size_t n)
{
	printf("    %s (%zu bytes):", label, n);
	for (size_t i = 0; i < n; i++)
		printf(" %02x", p[i]);
	printf("\n");
}

/* Compares bytes, printing both sides on a mismatch. */
static void expect_bytes_at(const char *file, int line, const char *what,
                            const uint8_t *got, size_t got_len, const uint8_t *want, size_t want_len)
{
	int ok = got_len == want_len && memcmp(got, want, want_len) == 0;
	if (!ok) {
		printf("\n  %s:%d: %s: bytes differ (reproduce: make unit)\n", file, line, what);
		hexdump("expected", want, want_len);
		hexdump("got     ", got, got_len);
	}
	CU_ASSERT_TRUE(ok);
}
#define EXPECT_BYTES(what, got, got_len, ...)                                       \
	do {                                                                            \
		static const uint8_t want_[] = { __VA_ARGS__ };                             \
		expect_bytes_at(__FILE__, __LINE__, what, got, got_len, want_, sizeof(want_)); \
	} while (0)

/* Compares a code buffer with 32-bit little-endian instruction words. */
static void expect_words_at(const char *file, int line, const char *what, const struct solder_code *c,
                            const uint32_t *want, size_t n)
{
	uint8_t buf[256];
	for (size_t i = 0; i < n; i++)
		put32(buf + 4 * i, want[i], 0);
	expect_bytes_at(file, line, what, c->bytes, c->len, buf, 4 * n);
}
#define EXPECT_WORDS(what, c, ...)                                                   \
	do {                                                                             \
		static const uint32_t want_[] = { __VA_ARGS__ };                             \
		expect_words_at(__FILE__, __LINE__, what, c, want_, sizeof(want_) / sizeof(want_[0])); \
	} while (0)

static void expect_u64_at(const char *file, int line, const char *what, uint64_t got, uint64_t want)
{
	if (got != want)
		printf("\n  %s:%d: %s: expected %#llx, got %#llx (reproduce: make unit)\n", file, line, what,
		       (unsigned long long)want, (unsigned long long)got);
	CU_ASSERT_EQUAL(got, want);
}
#define EXPECT_U64(got, want) expect_u64_at(__FILE__, __LINE__, #got, (uint64_t)(got), (uint64_t)(want))

static void expect_str_at(const char *file, int line, const char *what, const char *got, const char *want)
{
	int ok = strcmp(got, want) == 0;
	if (!ok)
		printf("\n  %s:%d: %s:\n    expected \"%s\"\n    got      \"%s\"\n    (reproduce: make unit)\n",
		       file, line, what, want, got);
	CU_ASSERT_TRUE(ok);
}
#define EXPECT_STR(got, want) expect_str_at(__FILE__, __LINE__, #got, got, want)

/* A code buffer on the stack. */
struct tcode {
	uint8_t bytes[256];
	struct solder_fixup fixups[16];
	struct solder_code c;
};

static struct solder_code *tcode(struct tcode *t)
{
	memset(t, 0, sizeof(*t));
	t->c.bytes = t->bytes;
	t->c.cap = sizeof(t->bytes);
	t->c.fixups = t->fixups;
	t->c.fixups_cap = sizeof(t->fixups) / sizeof(t->fixups[0]);
	return &t->c;
}

static void expect_fixup_at(const char *file, int line, const struct solder_code *c, size_t i,
                            uint32_t offset, uint32_t type, solder_sym sym, uint32_t flags,
                            int64_t addend, uint32_t hi_offset)
{
	if (i >= c->nfixups) {
		printf("\n  %s:%d: fixup %zu missing: only %zu recorded\n", file, line, i, c->nfixups);
		CU_FAIL("fixup missing");
		return;
	}
	const struct solder_fixup *f = &c->fixups[i];
	int ok = f->offset == offset && f->type == type && f->sym == sym && f->flags == flags &&
	         f->addend == addend && f->hi_offset == hi_offset;
	if (!ok)
		printf("\n  %s:%d: fixup %zu: expected {offset %u, type %u, sym %u, flags %u, addend %lld, hi_offset %u},"
		       " got {offset %u, type %u, sym %u, flags %u, addend %lld, hi_offset %u}\n",
		       file, line, i, offset, type, sym, flags, (long long)addend, hi_offset,
		       f->offset, f->type, f->sym, f->flags, (long long)f->addend, f->hi_offset);
	CU_ASSERT_TRUE(ok);
}
#define EXPECT_FIXUP(c, i, ...) expect_fixup_at(__FILE__, __LINE__, c, i, __VA_ARGS__)

/* Applies one relocation to a copy of `bytes` (n of them, all available) at place P
 * and returns apply_reloc's result; the relocated bytes are left in out. */
struct site {
	uint32_t type;
	uint64_t P, S;
	int64_t A;
	uint64_t P_hi;
};

static int apply(const struct target *t, struct site s, const uint8_t *bytes, size_t n, uint8_t *out, struct diag *d)
{
	memcpy(out, bytes, n);
	struct reloc_site r = {
		.type = s.type, .loc = out, .avail = n, .P = s.P, .S = s.S, .A = s.A, .P_hi = s.P_hi,
		.sym_name = "foo", .where = "(.text.main+0x1c)",
	};
	diag_reset(d);
	return t->apply_reloc(t, &r, d);
}

/* Relocates one 32-bit instruction word and returns the result; fails the test if
 * the relocation reports an error. */
static uint32_t apply32_at(const char *file, int line, const struct target *t, struct site s, uint32_t insn)
{
	uint8_t in[4], out[4];
	struct diag d;
	put32(in, insn, 0);
	if (apply(t, s, in, 4, out, &d) != 0) {
		printf("\n  %s:%d: unexpected error: %s\n", file, line, d.msg);
		CU_FAIL("apply_reloc failed");
	}
	return get32(out, 0);
}
#define APPLY32(t, s, insn) apply32_at(__FILE__, __LINE__, t, s, insn)

static uint16_t apply16_at(const char *file, int line, const struct target *t, struct site s, uint16_t insn)
{
	uint8_t in[2], out[2];
	struct diag d;
	put16(in, insn, 0);
	if (apply(t, s, in, 2, out, &d) != 0) {
		printf("\n  %s:%d: unexpected error: %s\n", file, line, d.msg);
		CU_FAIL("apply_reloc failed");
	}
	return get16(out, 0);
}
#define APPLY16(t, s, insn) apply16_at(__FILE__, __LINE__, t, s, insn)

/* Applies a relocation that must fail with status st and exactly message msg, and
 * must leave the place untouched. */
static void expect_error_at(const char *file, int line, const struct target *t, struct site s,
                            size_t n, solder_status st, const char *msg)
{
	uint8_t in[16] = { 0x13, 0x05, 0x05, 0x00, 0x13, 0x05, 0x05, 0x00 }, out[16];
	struct diag d;
	int rc = apply(t, s, in, n, out, &d);
	if (rc != -1)
		printf("\n  %s:%d: expected an error, apply_reloc returned %d\n", file, line, rc);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_EQUAL(d.count, 1);
	CU_ASSERT_EQUAL(d.status, st);
	expect_str_at(file, line, "message", d.msg, msg);
	CU_ASSERT_EQUAL(memcmp(in, out, n), 0);
}
#define EXPECT_ERROR(t, s, n, st, msg) expect_error_at(__FILE__, __LINE__, t, s, n, st, msg)

/* ---- the tables */

static void test_target_for_maps_every_arch(void)
{
	CU_ASSERT_PTR_EQUAL(target_for(SOLDER_ARCH_RISCV64), &target_riscv64);
	CU_ASSERT_PTR_EQUAL(target_for(SOLDER_ARCH_RISCV32), &target_riscv32);
	CU_ASSERT_PTR_EQUAL(target_for(SOLDER_ARCH_X86_64), &target_x86_64);
	CU_ASSERT_PTR_EQUAL(target_for(SOLDER_ARCH_I386), &target_i386);
	CU_ASSERT_PTR_NULL(target_for((solder_arch)0));
	CU_ASSERT_PTR_NULL(target_for((solder_arch)99));
	CU_ASSERT_EQUAL(target_riscv64.arch, SOLDER_ARCH_RISCV64);
	CU_ASSERT_EQUAL(target_riscv32.arch, SOLDER_ARCH_RISCV32);
	CU_ASSERT_EQUAL(target_x86_64.arch, SOLDER_ARCH_X86_64);
	CU_ASSERT_EQUAL(target_i386.arch, SOLDER_ARCH_I386);
}

static void test_table_fields(void)
{
	const struct target *rv64 = &target_riscv64, *rv32 = &target_riscv32;
	const struct target *x64 = &target_x86_64, *x32 = &target_i386;
	EXPECT_STR(rv64->name, "riscv64");
	EXPECT_STR(rv32->name, "riscv32");
	EXPECT_STR(x64->name, "x86_64");
	EXPECT_STR(x32->name, "i386");
	EXPECT_U64(rv64->e_machine, 243);
	EXPECT_U64(rv32->e_machine, 243);
	EXPECT_U64(x64->e_machine, 62);
	EXPECT_U64(x32->e_machine, 3);
	EXPECT_U64(rv64->default_class, 64);
	EXPECT_U64(rv32->default_class, 32);
	EXPECT_U64(x64->default_class, 64);
	EXPECT_U64(x32->default_class, 32);
	EXPECT_U64(rv64->ptr_size, 8);
	EXPECT_U64(rv32->ptr_size, 4);
	EXPECT_U64(x64->ptr_size, 8);
	EXPECT_U64(x32->ptr_size, 4);
	EXPECT_U64(rv64->default_image_base, 0x10000);
	EXPECT_U64(rv32->default_image_base, 0x10000);
	EXPECT_U64(x64->default_image_base, 0x400000);
	EXPECT_U64(x32->default_image_base, 0x8048000);
	EXPECT_U64(rv64->func_align, 4);
	EXPECT_U64(x64->func_align, 16);
	EXPECT_U64(x32->func_align, 16);
	const struct target *all[] = { rv64, rv32, x64, x32 };
	for (int i = 0; i < 4; i++) {
		CU_ASSERT_EQUAL(all[i]->big_endian, 0);
		CU_ASSERT_EQUAL(all[i]->page_size, 0x1000);
	}
	/* Soft-float, no RVC: the encoders emit only 32-bit base instructions. */
	EXPECT_U64(rv64->e_flags, 0);
	EXPECT_U64(rv32->e_flags, 0);
	EXPECT_U64(rv64->code_fill_len, 4);
	EXPECT_BYTES("riscv code fill", rv64->code_fill, rv64->code_fill_len, 0, 0, 0, 0);
	EXPECT_BYTES("x86_64 code fill", x64->code_fill, x64->code_fill_len, 0xcc);
	EXPECT_BYTES("i386 code fill", x32->code_fill, x32->code_fill_len, 0xcc);
}

static void test_reloc_names(void)
{
	EXPECT_STR(target_riscv64.reloc_name(17), "R_RISCV_JAL");
	EXPECT_STR(target_riscv32.reloc_name(24), "R_RISCV_PCREL_LO12_I");
	EXPECT_STR(target_riscv64.reloc_name(29), "R_RISCV_TPREL_HI20");
	EXPECT_STR(target_riscv64.reloc_name(61), "R_RISCV_SUB_ULEB128");
	EXPECT_STR(target_riscv64.reloc_name(65), "R_RISCV_TLSDESC_CALL");
	CU_ASSERT_PTR_NULL(target_riscv64.reloc_name(13));
	CU_ASSERT_PTR_NULL(target_riscv64.reloc_name(66));
	CU_ASSERT_PTR_NULL(target_riscv64.reloc_name(0xffffffffu));
	EXPECT_STR(target_x86_64.reloc_name(42), "R_X86_64_REX_GOTPCRELX");
	EXPECT_STR(target_x86_64.reloc_name(22), "R_X86_64_GOTTPOFF");
	EXPECT_STR(target_x86_64.reloc_name(51), "R_X86_64_CODE_6_GOTPC32_TLSDESC");
	CU_ASSERT_PTR_NULL(target_x86_64.reloc_name(39));
	CU_ASSERT_PTR_NULL(target_x86_64.reloc_name(52));
	EXPECT_STR(target_i386.reloc_name(43), "R_386_GOT32X");
	EXPECT_STR(target_i386.reloc_name(9), "R_386_GOTOFF");
	CU_ASSERT_PTR_NULL(target_i386.reloc_name(12));
	CU_ASSERT_PTR_NULL(target_i386.reloc_name(44));
}

/* ---- solder_code */

static void test_code_overflow_stops_appending(void)
{
	uint8_t bytes[6] = { 0 };
	struct solder_fixup fx[2];
	struct solder_code c = { .bytes = bytes, .cap = sizeof(bytes), .fixups = fx, .fixups_cap = 2 };
	code_u32le(&c, 0x11223344);
	CU_ASSERT_EQUAL(c.len, 4);
	CU_ASSERT_FALSE(c.overflow);
	code_u32le(&c, 0x55667788);          /* 4 more do not fit in 6: nothing of it goes in */
	CU_ASSERT_TRUE(c.overflow);
	CU_ASSERT_EQUAL(c.len, 4);
	EXPECT_BYTES("bytes after overflow", bytes, sizeof(bytes), 0x44, 0x33, 0x22, 0x11, 0, 0);
	uint8_t one = 0x99;
	code_bytes(&c, &one, 1);             /* would fit, but overflow is sticky */
	CU_ASSERT_EQUAL(c.len, 4);
	code_fixup(&c, 1, 1, 0, 0, 0);
	CU_ASSERT_EQUAL(c.nfixups, 0);
}

static void test_code_fixup_overflow(void)
{
	uint8_t bytes[64];
	struct solder_fixup fx[1];
	struct solder_code c = { .bytes = bytes, .cap = sizeof(bytes), .fixups = fx, .fixups_cap = 1 };
	uint8_t op[2] = { 0xff, 0x15 };
	code_bytes(&c, op, 2);
	code_fixup(&c, 1, 7, SOLDER_FIXUP_GOT, -3, 0);
	CU_ASSERT_EQUAL(c.nfixups, 1);
	EXPECT_FIXUP(&c, 0, 2, 1, 7, SOLDER_FIXUP_GOT, -3, 0);
	code_fixup(&c, 1, 8, 0, 0, 0);
	CU_ASSERT_TRUE(c.overflow);
	CU_ASSERT_EQUAL(c.nfixups, 1);
	code_u32le(&c, 0);
	CU_ASSERT_EQUAL(c.len, 2);
}

static void test_encoders_report_overflow(void)
{
	/* Each encoder on each target, into a buffer one byte short, then into no
	 * fixup room: overflow, and never a byte past cap. */
	const solder_arch archs[] = { SOLDER_ARCH_RISCV64, SOLDER_ARCH_RISCV32, SOLDER_ARCH_X86_64, SOLDER_ARCH_I386 };
	for (int i = 0; i < 4; i++) {
		struct tcode t;
		struct solder_code *c = tcode(&t);
		solder_emit_sys_write(archs[i], c, 1, 3, 0, 13);
		size_t need = c->len;
		CU_ASSERT_FALSE(c->overflow);
		uint8_t small[64];
		memset(small, 0xee, sizeof(small));
		struct solder_fixup fx[4];
		struct solder_code s = { .bytes = small, .cap = need - 1, .fixups = fx, .fixups_cap = 4 };
		solder_emit_sys_write(archs[i], &s, 1, 3, 0, 13);
		CU_ASSERT_TRUE(s.overflow);
		CU_ASSERT_TRUE(s.len <= need - 1);
		CU_ASSERT_EQUAL(small[need - 1], 0xee);
		struct solder_code nofix = { .bytes = small, .cap = sizeof(small), .fixups = fx, .fixups_cap = 0 };
		solder_emit_call_got(archs[i], &nofix, 3);
		CU_ASSERT_TRUE(nofix.overflow);
		CU_ASSERT_EQUAL(nofix.nfixups, 0);
	}
}

static void test_unknown_arch_sets_overflow(void)
{
	struct tcode t;
	struct solder_code *c = tcode(&t);
	solder_emit_ret((solder_arch)0, c);
	CU_ASSERT_TRUE(c->overflow);
	CU_ASSERT_EQUAL(c->len, 0);
	c = tcode(&t);
	solder_emit_load_imm((solder_arch)42, c, SOLDER_REG_ARG0, 1);
	CU_ASSERT_TRUE(c->overflow);
	c = tcode(&t);
	solder_emit_load_imm(SOLDER_ARCH_X86_64, c, (enum solder_reg)9, 1);
	CU_ASSERT_TRUE(c->overflow);
	CU_ASSERT_EQUAL(c->len, 0);
}

/* ---- RISC-V encoders */

static void test_rv64_call_got(void)
{
	struct tcode t;
	struct solder_code *c = tcode(&t);
	solder_emit_ret(SOLDER_ARCH_RISCV64, c);
	solder_emit_call_got(SOLDER_ARCH_RISCV64, c, 5);
	EXPECT_WORDS("rv64 call_got", c,
	             0x00008067,   /* ret */
	             0x00000097,   /* auipc ra, 0 */
	             0x0000b083,   /* ld ra, 0(ra) */
	             0x000080e7);  /* jalr ra, 0(ra) */
	CU_ASSERT_EQUAL(c->nfixups, 2);
	EXPECT_FIXUP(c, 0, 4, 23, 5, SOLDER_FIXUP_GOT, 0, 0);   /* R_RISCV_PCREL_HI20 */
	EXPECT_FIXUP(c, 1, 8, 24, 5, SOLDER_FIXUP_GOT, 0, 4);   /* R_RISCV_PCREL_LO12_I, hi at 4 */
}

static void test_rv32_call_got(void)
{
	struct tcode t;
	struct solder_code *c = tcode(&t);
	solder_emit_call_got(SOLDER_ARCH_RISCV32, c, 9);
	EXPECT_WORDS("rv32 call_got", c,
	             0x00000097,   /* auipc ra, 0 */
	             0x0000a083,   /* lw ra, 0(ra) */
	             0x000080e7);  /* jalr ra, 0(ra) */
	EXPECT_FIXUP(c, 0, 0, 23, 9, SOLDER_FIXUP_GOT, 0, 0);
	EXPECT_FIXUP(c, 1, 4, 24, 9, SOLDER_FIXUP_GOT, 0, 0);
}

static void test_rv64_load_imm_matches_gnu_li(void)
{
	static const struct { uint64_t v; uint32_t w[8]; size_t n; } cases[] = {
		{ 0, { 0x00000513 }, 1 },                                     /* li a0, 0 */
		{ UINT64_MAX, { 0xfff00513 }, 1 },                            /* li a0, -1 */
		{ 0x7ff, { 0x7ff00513 }, 1 },                                 /* li a0, 0x7ff */
		{ 0x800, { 0x00001537, 0x8005051b }, 2 },                     /* lui a0,1; addiw a0,a0,-2048 */
		{ 0x7fffffff, { 0x80000537, 0xfff5051b }, 2 },                /* lui a0,0x80000; addiw a0,a0,-1 */
		{ 0x7ffff800, { 0x80000537, 0x8005051b }, 2 },                /* lui a0,0x80000; addiw a0,a0,-2048 */
		{ (uint64_t)-4096, { 0xfffff537 }, 1 },                       /* lui a0,0xfffff */
		{ 0x80000000, { 0x0010051b, 0x01f51513 }, 2 },                /* addiw a0,zero,1; slli a0,a0,31 */
		{ 0xffffffff, { 0x0010051b, 0x02051513, 0xfff50513 }, 3 },    /* addiw a0,zero,1; slli a0,a0,32; addi a0,a0,-1 */
		{ 0x123456789abcdef0, { 0x00247537, 0x8ad5051b, 0x00e51513, 0xc4d50513,
		                        0x00c51513, 0x5e750513, 0x00d51513, 0xef050513 }, 8 },
		/* lui a0,0x247; addiw a0,a0,-1875; slli a0,a0,14; addi a0,a0,-947;
		 * slli a0,a0,12; addi a0,a0,1511; slli a0,a0,13; addi a0,a0,-272 */
		{ 0x8000000000000000, { 0xfff0051b, 0x03f51513 }, 2 },        /* addiw a0,zero,-1; slli a0,a0,63 */
		{ 0x7fffffffffffffff, { 0xfff0051b, 0x03f51513, 0xfff50513 }, 3 }, /* addiw; slli 63; addi -1 */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tcode t;
		struct solder_code *c = tcode(&t);
		solder_emit_load_imm(SOLDER_ARCH_RISCV64, c, SOLDER_REG_RET, cases[i].v);
		char what[64];
		snprintf(what, sizeof(what), "rv64 li a0, %#llx", (unsigned long long)cases[i].v);
		expect_words_at(__FILE__, __LINE__, what, c, cases[i].w, cases[i].n);
		CU_ASSERT_EQUAL(c->nfixups, 0);
	}
}

static void test_rv32_load_imm_matches_gnu_li(void)
{
	static const struct { uint64_t v; uint32_t w[2]; size_t n; } cases[] = {
		{ 0, { 0x00000513 }, 1 },                       /* li a0, 0 */
		{ UINT64_MAX, { 0xfff00513 }, 1 },              /* li a0, -1 */
		{ 0xffffffff, { 0xfff00513 }, 1 },              /* li a0, 0xffffffff (= -1) */
		{ 0x7ff, { 0x7ff00513 }, 1 },                   /* li a0, 0x7ff */
		{ 0x800, { 0x00001537, 0x80050513 }, 2 },       /* lui a0,1; addi a0,a0,-2048 */
		{ 0x7fffffff, { 0x80000537, 0xfff50513 }, 2 },  /* lui a0,0x80000; addi a0,a0,-1 */
		{ 0x80000000, { 0x80000537 }, 1 },              /* lui a0,0x80000 */
		{ 0x12345678, { 0x12345537, 0x67850513 }, 2 },  /* lui a0,0x12345; addi a0,a0,1656 */
		{ 0xfffff800, { 0x80000513 }, 1 },              /* li a0, -2048 */
		{ 0x7ffff800, { 0x80000537, 0x80050513 }, 2 },  /* lui a0,0x80000; addi a0,a0,-2048 */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tcode t;
		struct solder_code *c = tcode(&t);
		solder_emit_load_imm(SOLDER_ARCH_RISCV32, c, SOLDER_REG_ARG0, cases[i].v);
		char what[64];
		snprintf(what, sizeof(what), "rv32 li a0, %#llx", (unsigned long long)cases[i].v);
		expect_words_at(__FILE__, __LINE__, what, c, cases[i].w, cases[i].n);
	}
}

/* Runs a lui/addi/addiw/slli sequence the way the hardware does and returns the
 * value left in rd; -1 for an instruction outside that set. */
static int rv_eval(const struct solder_code *c, int rv64, unsigned rd, uint64_t *out)
{
	uint64_t x[32] = { 0 };
	for (size_t i = 0; i + 4 <= c->len; i += 4) {
		uint32_t w = get32(c->bytes + i, 0);
		unsigned op = w & 0x7f, d = w >> 7 & 31, f3 = w >> 12 & 7, rs1 = w >> 15 & 31;
		uint64_t imm = (uint64_t)(int64_t)((int32_t)w >> 20);   /* GCC: arithmetic shift */
		if (op == 0x37)
			x[d] = (uint64_t)(int64_t)(int32_t)(w & 0xfffff000);
		else if (op == 0x13 && f3 == 0)
			x[d] = x[rs1] + imm;
		else if (op == 0x13 && f3 == 1 && (w >> 26) == 0 && (rv64 || !(w >> 25 & 1)))
			x[d] = x[rs1] << (w >> 20 & 63);
		else if (op == 0x1b && f3 == 0 && rv64)
			x[d] = (uint64_t)(int64_t)(int32_t)(uint32_t)(x[rs1] + imm);
		else
			return -1;
		if (!rv64)
			x[d] = (uint64_t)(int64_t)(int32_t)x[d];
		x[0] = 0;
	}
	*out = x[rd];
	return 0;
}

static void test_rv_load_imm_computes_value(void)
{
	/* Boundary values, then bit patterns of every width from a fixed LCG. */
	uint64_t vals[600];
	size_t n = 0;
	static const uint64_t hard[] = {
		0, 1, UINT64_MAX, 0x7ff, 0x800, 0xfff, 0x1000, 0x7fffffff, 0x80000000, 0xffffffff,
		0x100000000, 0x7ffff7ff, 0x7ffff800, 0xfffff800, 0xffffffff80000000, 0xffffffff7ffff800,
		0x123456789abcdef0, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000800,
		0x00000fff00000fff, 0xfff00000000007ff, 0x7ff7ff7ff7ff7ff7,
	};
	for (size_t i = 0; i < sizeof(hard) / sizeof(hard[0]); i++)
		vals[n++] = hard[i];
	uint64_t s = 0x9e3779b97f4a7c15;
	while (n < sizeof(vals) / sizeof(vals[0])) {
		s = s * 6364136223846793005u + 1442695040888963407u;
		unsigned bits = (unsigned)(s >> 58) + 1;   /* 1..64 */
		uint64_t v = (s ^ (s >> 29)) >> (64 - bits);
		vals[n++] = (s >> 57 & 1) ? ~v : v;
	}
	for (size_t i = 0; i < n; i++) {
		for (int rv64 = 0; rv64 <= 1; rv64++) {
			struct tcode t;
			struct solder_code *c = tcode(&t);
			solder_emit_load_imm(rv64 ? SOLDER_ARCH_RISCV64 : SOLDER_ARCH_RISCV32, c, SOLDER_REG_ARG2, vals[i]);
			uint64_t got = 0;
			uint64_t want = rv64 ? vals[i] : (uint64_t)(int64_t)(int32_t)vals[i];
			int rc = rv_eval(c, rv64, 12, &got);
			if (rc || got != want || c->len > (rv64 ? 32u : 8u)) {
				printf("\n  %s: li a2, %#llx: got %#llx in %zu bytes (rc %d)\n", rv64 ? "rv64" : "rv32",
				       (unsigned long long)vals[i], (unsigned long long)got, c->len, rc);
				hexdump("code", c->bytes, c->len);
				CU_FAIL("load_imm sequence computes the wrong value");
				return;
			}
		}
	}
	CU_PASS("all values");
}

static void test_rv_load_addr(void)
{
	struct tcode t;
	struct solder_code *c = tcode(&t);
	solder_emit_load_imm(SOLDER_ARCH_RISCV64, c, SOLDER_REG_ARG0, 1);
	solder_emit_load_addr(SOLDER_ARCH_RISCV64, c, SOLDER_REG_ARG1, 7, -12);
	EXPECT_WORDS("rv64 load_addr", c,
	             0x00100513,   /* li a0, 1 */
	             0x00000597,   /* auipc a1, 0 */
	             0x00058593);  /* addi a1, a1, 0 */
	CU_ASSERT_EQUAL(c->nfixups, 2);
	EXPECT_FIXUP(c, 0, 4, 23, 7, 0, -12, 0);
	EXPECT_FIXUP(c, 1, 8, 24, 7, 0, -12, 4);
	c = tcode(&t);
	solder_emit_load_addr(SOLDER_ARCH_RISCV32, c, SOLDER_REG_ARG2, 2, 0);
	EXPECT_WORDS("rv32 load_addr", c,
	             0x00000617,   /* auipc a2, 0 */
	             0x00060613);  /* addi a2, a2, 0 */
}

static void test_rv_frame_and_ret(void)
{
	struct tcode t;
	struct solder_code *c = tcode(&t);
	solder_emit_enter(SOLDER_ARCH_RISCV64, c);
	solder_emit_leave(SOLDER_ARCH_RISCV64, c);
	solder_emit_ret(SOLDER_ARCH_RISCV64, c);
	EXPECT_WORDS("rv64 enter/leave/ret", c,
	             0xff010113,   /* addi sp, sp, -16 */
	             0x00113423,   /* sd ra, 8(sp) */
	             0x00813083,   /* ld ra, 8(sp) */
	             0x01010113,   /* addi sp, sp, 16 */
	             0x00008067);  /* ret */
	c = tcode(&t);
	solder_emit_enter(SOLDER_ARCH_RISCV32, c);
	solder_emit_leave(SOLDER_ARCH_RISCV32, c);
	solder_emit_ret(SOLDER_ARCH_RISCV32, c);
	EXPECT_WORDS("rv32 enter/leave/ret", c,
	             0xff010113,   /* addi sp, sp, -16 */
	             0x00112623,   /* sw ra, 12(sp) */
	             0x00c12083,   /* lw ra, 12(sp) */
	             0x01010113,   /* addi sp, sp, 16 */
	             0x00008067);  /* ret */
}

static void test_rv_syscalls(void)
{
	struct tcode t;
	struct solder_code *c = tcode(&t);
	solder_emit_sys_write(SOLDER_ARCH_RISCV64, c, 1, 4, 3, 13);
	EXPECT_WORDS("rv64 sys_write", c,
	             0x00100513,   /* li a0, 1 */
	             0x00000597,   /* auipc a1, 0 */
	             0x00058593,   /* addi a1, a1, 0 */
	             0x00d00613,   /* li a2, 13 */
	             0x04000893,   /* li a7, 64 */
	             0x00000073);  /* ecall */
	CU_ASSERT_EQUAL(c->nfixups, 2);
	EXPECT_FIXUP(c, 0, 4, 23, 4, 0, 3, 0);
	EXPECT_FIXUP(c, 1, 8, 24, 4, 0, 3, 4);
	c = tcode(&t);
	solder_emit_sys_exit(SOLDER_ARCH_RISCV64, c, 7);
	solder_emit_sys_exit(SOLDER_ARCH_RISCV32, c, -1);
	EXPECT_WORDS("rv sys_exit", c,
	             0x00700513,   /* li a0, 7 */
	             0x05d00893,   /* li a7, 93 */
	             0x00000073,   /* ecall */
	             0xfff00513,   /* li a0, -1 */
	             0x05d00893,   /* li a7, 93 */
	             0x00000073);  /* ecall */
}

/* ---- x86 encoders */

static void test_x86_64_call_got(void)
{
	struct tcode t;
	struct solder_code *c = tcode(&t);
	solder_emit_call_got(SOLDER_ARCH_X86_64, c, 3);
	/* call qword ptr ds:0 */
	EXPECT_BYTES("x86_64 call_got", c->bytes, c->len, 0xff, 0x14, 0x25, 0, 0, 0, 0);
	CU_ASSERT_EQUAL(c->nfixups, 1);
	EXPECT_FIXUP(c, 0, 3, 11, 3, SOLDER_FIXUP_GOT, 0, 0);   /* R_X86_64_32S */
}

static void test_x86_64_load_imm_smallest_form(void)
{
	struct tcode t;
	struct solder_code *c = tcode(&t);
	solder_emit_load_imm(SOLDER_ARCH_X86_64, c, SOLDER_REG_ARG0, 0);
	EXPECT_BYTES("mov edi, 0", c->bytes, c->len, 0xbf, 0, 0, 0, 0);
	c = tcode(&t);
	solder_emit_load_imm(SOLDER_ARCH_X86_64, c, SOLDER_REG_ARG0, 0xffffffff);
	EXPECT_BYTES("mov edi, 0xffffffff", c->bytes, c->len, 0xbf, 0xff, 0xff, 0xff, 0xff);
	c = tcode(&t);
	solder_emit_load_imm(SOLDER_ARCH_X86_64, c, SOLDER_REG_ARG0, UINT64_MAX);
	EXPECT_BYTES("mov rdi, -1", c->bytes, c->len, 0x48, 0xc7, 0xc7, 0xff, 0xff, 0xff, 0xff);
	c = tcode(&t);
	solder_emit_load_imm(SOLDER_ARCH_X86_64, c, SOLDER_REG_ARG1, 0xffffffff80000000);
	EXPECT_BYTES("mov rsi, -2147483648", c->bytes, c->len, 0x48, 0xc7, 0xc6, 0x00, 0x00, 0x00, 0x80);
	c = tcode(&t);
	solder_emit_load_imm(SOLDER_ARCH_X86_64, c, SOLDER_REG_ARG2, 0x123456789abcdef0);
	EXPECT_BYTES("movabs rdx, 0x123456789abcdef0", c->bytes, c->len,
	             0x48, 0xba, 0xf0, 0xde, 0xbc, 0x9a, 0x78, 0x56, 0x34, 0x12);
	c = tcode(&t);
	solder_emit_load_imm(SOLDER_ARCH_X86_64, c, SOLDER_REG_RET, 0x100000000);
	EXPECT_BYTES("movabs rax, 0x100000000", c->bytes, c->len, 0x48, 0xb8, 0, 0, 0, 0, 1, 0, 0, 0);
	c = tcode(&t);
	solder_emit_load_imm(SOLDER_ARCH_X86_64, c, SOLDER_REG_RET, 0x7fffffff);
	EXPECT_BYTES("mov eax, 0x7fffffff", c->bytes, c->len, 0xb8, 0xff, 0xff, 0xff, 0x7f);
}

static void test_x86_64_load_addr(void)
{
	struct tcode t;
	struct solder_code *c = tcode(&t);
	solder_emit_load_addr(SOLDER_ARCH_X86_64, c, SOLDER_REG_ARG0, 2, 0);
	solder_emit_load_addr(SOLDER_ARCH_X86_64, c, SOLDER_REG_ARG1, 2, 8);
	solder_emit_load_addr(SOLDER_ARCH_X86_64, c, SOLDER_REG_ARG2, 2, 0);
	solder_emit_load_addr(SOLDER_ARCH_X86_64, c, SOLDER_REG_RET, 2, 0);
	EXPECT_BYTES("x86_64 lea r, [rip + 0]", c->bytes, c->len,
	             0x48, 0x8d, 0x3d, 0, 0, 0, 0,    /* lea rdi, [rip+0] */
	             0x48, 0x8d, 0x35, 0, 0, 0, 0,    /* lea rsi, [rip+0] */
	             0x48, 0x8d, 0x15, 0, 0, 0, 0,    /* lea rdx, [rip+0] */
	             0x48, 0x8d, 0x05, 0, 0, 0, 0);   /* lea rax, [rip+0] */
	CU_ASSERT_EQUAL(c->nfixups, 4);
	EXPECT_FIXUP(c, 0, 3, 2, 2, 0, -4, 0);     /* R_X86_64_PC32, addend - 4 */
	EXPECT_FIXUP(c, 1, 10, 2, 2, 0, 4, 0);
}

static void test_x86_64_frame_and_syscalls(void)
{
	struct tcode t;
	struct solder_code *c = tcode(&t);
	solder_emit_enter(SOLDER_ARCH_X86_64, c);
	solder_emit_leave(SOLDER_ARCH_X86_64, c);
	solder_emit_ret(SOLDER_ARCH_X86_64, c);
	/* push rbp; mov rbp, rsp; pop rbp; ret */
	EXPECT_BYTES("x86_64 enter/leave/ret", c->bytes, c->len, 0x55, 0x48, 0x89, 0xe5, 0x5d, 0xc3);
	c = tcode(&t);
	solder_emit_sys_write(SOLDER_ARCH_X86_64, c, 1, 6, 2, 13);
	EXPECT_BYTES("x86_64 sys_write", c->bytes, c->len,
	             0xbf, 0x01, 0, 0, 0,              /* mov edi, 1 */
	             0x48, 0x8d, 0x35, 0, 0, 0, 0,     /* lea rsi, [rip+0] */
	             0xba, 0x0d, 0, 0, 0,              /* mov edx, 13 */
	             0xb8, 0x01, 0, 0, 0,              /* mov eax, 1 */
	             0x0f, 0x05);                      /* syscall */
	CU_ASSERT_EQUAL(c->nfixups, 1);
	EXPECT_FIXUP(c, 0, 8, 2, 6, 0, -2, 0);
	c = tcode(&t);
	solder_emit_sys_exit(SOLDER_ARCH_X86_64, c, 7);
	EXPECT_BYTES("x86_64 sys_exit", c->bytes, c->len,
	             0xbf, 0x07, 0, 0, 0,              /* mov edi, 7 */
	             0xb8, 0x3c, 0, 0, 0,              /* mov eax, 60 */
	             0x0f, 0x05);                      /* syscall */
}

static void test_i386_encoders(void)
{
	struct tcode t;
	struct solder_code *c = tcode(&t);
	solder_emit_call_got(SOLDER_ARCH_I386, c, 4);
	EXPECT_BYTES("i386 call_got", c->bytes, c->len, 0xff, 0x15, 0, 0, 0, 0);   /* call dword ptr ds:0 */
	EXPECT_FIXUP(c, 0, 2, 1, 4, SOLDER_FIXUP_GOT, 0, 0);                       /* R_386_32 */
	c = tcode(&t);
	solder_emit_load_imm(SOLDER_ARCH_I386, c, SOLDER_REG_ARG0, 0);
	solder_emit_load_imm(SOLDER_ARCH_I386, c, SOLDER_REG_ARG1, UINT64_MAX);
	solder_emit_load_imm(SOLDER_ARCH_I386, c, SOLDER_REG_ARG2, 0x12345678);
	solder_emit_load_imm(SOLDER_ARCH_I386, c, SOLDER_REG_RET, 5);
	EXPECT_BYTES("i386 load_imm", c->bytes, c->len,
	             0xbb, 0, 0, 0, 0,                 /* mov ebx, 0 */
	             0xb9, 0xff, 0xff, 0xff, 0xff,     /* mov ecx, 0xffffffff */
	             0xba, 0x78, 0x56, 0x34, 0x12,     /* mov edx, 0x12345678 */
	             0xb8, 0x05, 0, 0, 0);             /* mov eax, 5 */
	c = tcode(&t);
	solder_emit_load_addr(SOLDER_ARCH_I386, c, SOLDER_REG_ARG1, 8, 5);
	EXPECT_BYTES("i386 load_addr", c->bytes, c->len, 0xb9, 0, 0, 0, 0);    /* mov ecx, 0 */
	EXPECT_FIXUP(c, 0, 1, 1, 8, 0, 5, 0);
	c = tcode(&t);
	solder_emit_enter(SOLDER_ARCH_I386, c);
	solder_emit_leave(SOLDER_ARCH_I386, c);
	solder_emit_ret(SOLDER_ARCH_I386, c);
	/* push ebp; mov ebp, esp; pop ebp; ret */
	EXPECT_BYTES("i386 enter/leave/ret", c->bytes, c->len, 0x55, 0x89, 0xe5, 0x5d, 0xc3);
	c = tcode(&t);
	solder_emit_sys_write(SOLDER_ARCH_I386, c, 1, 6, 0, 13);
	solder_emit_sys_exit(SOLDER_ARCH_I386, c, 7);
	EXPECT_BYTES("i386 syscalls", c->bytes, c->len,
	             0xbb, 0x01, 0, 0, 0,              /* mov ebx, 1 */
	             0xb9, 0, 0, 0, 0,                 /* mov ecx, 0 */
	             0xba, 0x0d, 0, 0, 0,              /* mov edx, 13 */
	             0xb8, 0x04, 0, 0, 0,              /* mov eax, 4 */
	             0xcd, 0x80,                       /* int 0x80 */
	             0xbb, 0x07, 0, 0, 0,              /* mov ebx, 7 */
	             0xb8, 0x01, 0, 0, 0,              /* mov eax, 1 */
	             0xcd, 0x80);                      /* int 0x80 */
	EXPECT_FIXUP(c, 0, 6, 1, 6, 0, 0, 0);
}

/* ---- RISC-V relocations. Places sit at 0x10000 as in the GNU ld references. */

enum {
	R_RISCV_32 = 1, R_RISCV_64 = 2, R_RISCV_BRANCH = 16, R_RISCV_JAL = 17, R_RISCV_CALL = 18,
	R_RISCV_CALL_PLT = 19, R_RISCV_GOT_HI20 = 20, R_RISCV_PCREL_HI20 = 23,
	R_RISCV_PCREL_LO12_I = 24, R_RISCV_PCREL_LO12_S = 25, R_RISCV_HI20 = 26,
	R_RISCV_LO12_I = 27, R_RISCV_LO12_S = 28, R_RISCV_ADD8 = 33, R_RISCV_ADD16 = 34,
	R_RISCV_ADD32 = 35, R_RISCV_ADD64 = 36, R_RISCV_SUB8 = 37, R_RISCV_SUB16 = 38,
	R_RISCV_SUB32 = 39, R_RISCV_SUB64 = 40, R_RISCV_ALIGN = 43, R_RISCV_RVC_BRANCH = 44,
	R_RISCV_RVC_JUMP = 45, R_RISCV_RELAX = 51, R_RISCV_SUB6 = 52, R_RISCV_SET6 = 53,
	R_RISCV_SET8 = 54, R_RISCV_SET16 = 55, R_RISCV_SET32 = 56, R_RISCV_32_PCREL = 57,
	R_RISCV_SET_ULEB128 = 60, R_RISCV_SUB_ULEB128 = 61,
};
#define PLACE 0x10000ull
#define RV_JAL(off) (struct site){ .type = R_RISCV_JAL, .P = PLACE, .S = PLACE + (uint64_t)(int64_t)(off) }

static void test_rv_jal_field(void)
{
	const struct target *t = &target_riscv64;
	/* jal ra, <P + off>; GNU ld's words */
	EXPECT_U64(APPLY32(t, RV_JAL(0xaaaaa), 0x000000ef), 0x2abaa0ef);
	EXPECT_U64(APPLY32(t, RV_JAL(0x55554), 0x000000ef), 0x554550ef);
	EXPECT_U64(APPLY32(t, RV_JAL(-0x100000), 0x000000ef), 0x800000ef);
	EXPECT_U64(APPLY32(t, RV_JAL(0xffffe), 0x000000ef), 0x7ffff0ef);
	EXPECT_U64(APPLY32(t, RV_JAL(-2), 0x000000ef), 0xfffff0ef);
	EXPECT_U64(APPLY32(t, RV_JAL(0x800), 0x000000ef), 0x001000ef);
	EXPECT_U64(APPLY32(t, RV_JAL(-0x55556), 0x000000ef), 0xaabaa0ef);
	/* The old field is replaced, not or-ed into: re-applying after a move works. */
	EXPECT_U64(APPLY32(t, RV_JAL(0x800), 0xaabaa0ef), 0x001000ef);
	/* Through the addend instead of the symbol. */
	struct site s = { .type = R_RISCV_JAL, .P = PLACE, .S = PLACE + 0x55556, .A = -0xaaaac };
	EXPECT_U64(APPLY32(t, s, 0x000000ef), 0xaabaa0ef);
}

static void test_rv_jal_range_and_alignment(void)
{
	const struct target *t = &target_riscv64;
	EXPECT_ERROR(t, RV_JAL(1048578), 4, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_RISCV_JAL against 'foo' out of range: 1048578 is not in [-1048576, 1048576)");
	EXPECT_ERROR(t, RV_JAL(0x100000), 4, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_RISCV_JAL against 'foo' out of range: 1048576 is not in [-1048576, 1048576)");
	EXPECT_ERROR(t, RV_JAL(-0x100002), 4, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_RISCV_JAL against 'foo' out of range: -1048578 is not in [-1048576, 1048576)");
	EXPECT_ERROR(t, RV_JAL(0x101), 4, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): improper alignment for relocation R_RISCV_JAL against 'foo': 257 is not aligned to 2 bytes");
}

static void test_rv_branch_fields(void)
{
	const struct target *t = &target_riscv64;
	static const struct { int64_t off; uint32_t want; } beq[] = {
		{ 0xffe, 0x7eb50fe3 }, { -0x1000, 0x80b50063 }, { 0xaaa, 0x2ab505e3 },
		{ -0x556, 0xaab505e3 }, { 0x800, 0x00b500e3 }, { 0x554, 0x54b50a63 },
	};
	for (size_t i = 0; i < sizeof(beq) / sizeof(beq[0]); i++) {
		struct site s = { .type = R_RISCV_BRANCH, .P = PLACE, .S = PLACE + (uint64_t)beq[i].off };
		EXPECT_U64(APPLY32(t, s, 0x00b50063), beq[i].want);   /* beq a0, a1, <off> */
	}
	struct site s = { .type = R_RISCV_BRANCH, .P = PLACE, .S = PLACE - 0x802 };
	EXPECT_U64(APPLY32(t, s, 0x00f41063), 0xfef41f63);         /* bne s0, a5, -0x802 */
	s.S = PLACE + 0x1000;
	EXPECT_ERROR(t, s, 4, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_RISCV_BRANCH against 'foo' out of range: 4096 is not in [-4096, 4096)");

	static const struct { int64_t off; uint16_t want; } cbeqz[] = {
		{ 0xfe, 0xcd7d }, { -0x100, 0xd101 }, { 0xaa, 0xc54d }, { -0x56, 0xd54d }, { 0x54, 0xc931 },
	};
	for (size_t i = 0; i < sizeof(cbeqz) / sizeof(cbeqz[0]); i++) {
		struct site cs = { .type = R_RISCV_RVC_BRANCH, .P = PLACE, .S = PLACE + (uint64_t)cbeqz[i].off };
		EXPECT_U64(APPLY16(t, cs, 0xc101), cbeqz[i].want);    /* c.beqz a0, <off> */
	}
	struct site cs = { .type = R_RISCV_RVC_BRANCH, .P = PLACE, .S = PLACE - 0x102 };
	EXPECT_ERROR(t, cs, 2, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_RISCV_RVC_BRANCH against 'foo' out of range: -258 is not in [-256, 256)");

	static const struct { int64_t off; uint16_t want; } cj[] = {
		{ 0x7fe, 0xaffd }, { -0x800, 0xb001 }, { 0x2aa, 0xa46d },
		{ -0x2ac, 0xbb91 }, { 0x554, 0xab91 }, { -0x556, 0xb46d },
	};
	for (size_t i = 0; i < sizeof(cj) / sizeof(cj[0]); i++) {
		struct site js = { .type = R_RISCV_RVC_JUMP, .P = PLACE, .S = PLACE + (uint64_t)cj[i].off };
		EXPECT_U64(APPLY16(t, js, 0xa001), cj[i].want);       /* c.j <off> */
	}
	struct site js = { .type = R_RISCV_RVC_JUMP, .P = PLACE, .S = PLACE + 0x800 };
	EXPECT_ERROR(t, js, 2, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_RISCV_RVC_JUMP against 'foo' out of range: 2048 is not in [-2048, 2048)");
}

/* lui a0, %hi(sym); addi a0, a0, %lo(sym); sw a1, %lo(sym)(a0) */
static void expect_abs_pair_at(const char *file, int line, const struct target *t, uint64_t sym,
                               uint32_t lui, uint32_t addi, uint32_t sw)
{
	struct site hi = { .type = R_RISCV_HI20, .P = PLACE, .S = sym };
	struct site lo_i = { .type = R_RISCV_LO12_I, .P = PLACE + 4, .S = sym };
	struct site lo_s = { .type = R_RISCV_LO12_S, .P = PLACE + 8, .S = sym };
	expect_u64_at(file, line, "lui", apply32_at(file, line, t, hi, 0x00000537), lui);
	expect_u64_at(file, line, "addi", apply32_at(file, line, t, lo_i, 0x00050513), addi);
	expect_u64_at(file, line, "sw", apply32_at(file, line, t, lo_s, 0x00b52023), sw);
}
#define EXPECT_ABS_PAIR(t, sym, lui, addi, sw) expect_abs_pair_at(__FILE__, __LINE__, t, sym, lui, addi, sw)

static void test_rv_hi20_lo12_rounding(void)
{
	const struct target *t64 = &target_riscv64, *t32 = &target_riscv32;
	EXPECT_ABS_PAIR(t64, 0x12345800, 0x12346537, 0x80050513, 0x80b52023);
	EXPECT_ABS_PAIR(t64, 0x123457ff, 0x12345537, 0x7ff50513, 0x7eb52fa3);
	EXPECT_ABS_PAIR(t64, 0x800, 0x00001537, 0x80050513, 0x80b52023);
	EXPECT_ABS_PAIR(t64, 0x7ffff7ff, 0x7ffff537, 0x7ff50513, 0x7eb52fa3);
	EXPECT_ABS_PAIR(t64, 0xffffffff7ffff800, 0x80000537, 0x80050513, 0x80b52023);
	EXPECT_ABS_PAIR(t64, 0xfffffffffffff800, 0x00000537, 0x80050513, 0x80b52023);
	/* RV32 wraps at 32 bits: 0xfffff800 is lui 0 + addi -2048. */
	EXPECT_ABS_PAIR(t32, 0xfffff800, 0x00000537, 0x80050513, 0x80b52023);
	EXPECT_ABS_PAIR(t32, 0x80000000, 0x80000537, 0x00050513, 0x00b52023);
	EXPECT_ABS_PAIR(t32, 0xfffff7ff, 0xfffff537, 0x7ff50513, 0x7eb52fa3);
	EXPECT_ABS_PAIR(t32, 0x7ffff800, 0x80000537, 0x80050513, 0x80b52023);
	/* Signed form of the same address on RV32. */
	struct site neg = { .type = R_RISCV_HI20, .P = PLACE, .S = 0, .A = -0x800 };
	EXPECT_U64(APPLY32(t32, neg, 0x00000537), 0x00000537);
}

static void test_rv_hi20_range(void)
{
	struct site s = { .type = R_RISCV_HI20, .P = PLACE, .S = 0x7ffff800 };
	EXPECT_ERROR(&target_riscv64, s, 4, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_RISCV_HI20 against 'foo' out of range: 2147481600 is not in [-2147485696, 2147481600)");
	s.S = 0xffffffff7ffff7ff;
	EXPECT_ERROR(&target_riscv64, s, 4, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_RISCV_HI20 against 'foo' out of range: -2147485697 is not in [-2147485696, 2147481600)");
	s.S = 0xffffffff;
	s.A = 1;
	EXPECT_ERROR(&target_riscv32, s, 4, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_RISCV_HI20 against 'foo' out of range: 4294967296 is not in [-2147483648, 4294967296)");
}

/* 1: auipc a0, %pcrel_hi(sym); addi a0, a0, %pcrel_lo(1b); sd a1, %pcrel_lo(1b)(a0);
 *    call sym  (auipc ra + jalr ra, at P + 12) */
static void expect_pcrel_at(const char *file, int line, int64_t dist, uint32_t auipc, uint32_t addi,
                            uint32_t sd, uint32_t call_auipc, uint32_t call_jalr)
{
	const struct target *t = &target_riscv64;
	uint64_t sym = PLACE + (uint64_t)dist;
	struct site hi = { .type = R_RISCV_PCREL_HI20, .P = PLACE, .S = sym };
	struct site lo_i = { .type = R_RISCV_PCREL_LO12_I, .P = PLACE + 4, .S = sym, .P_hi = PLACE };
	struct site lo_s = { .type = R_RISCV_PCREL_LO12_S, .P = PLACE + 8, .S = sym, .P_hi = PLACE };
	expect_u64_at(file, line, "auipc", apply32_at(file, line, t, hi, 0x00000517), auipc);
	expect_u64_at(file, line, "addi", apply32_at(file, line, t, lo_i, 0x00050513), addi);
	expect_u64_at(file, line, "sd", apply32_at(file, line, t, lo_s, 0x00b53023), sd);
	uint8_t in[8], out[8];
	put32(in, 0x00000097, 0);
	put32(in + 4, 0x000080e7, 0);
	struct diag d;
	for (uint32_t type = R_RISCV_CALL; type <= R_RISCV_CALL_PLT; type++) {
		struct site call = { .type = type, .P = PLACE + 12, .S = sym };
		CU_ASSERT_EQUAL(apply(t, call, in, 8, out, &d), 0);
		expect_u64_at(file, line, "call auipc", get32(out, 0), call_auipc);
		expect_u64_at(file, line, "call jalr", get32(out + 4, 0), call_jalr);
	}
}
#define EXPECT_PCREL(dist, ...) expect_pcrel_at(__FILE__, __LINE__, dist, __VA_ARGS__)

static void test_rv_pcrel_pairs(void)
{
	EXPECT_PCREL(0x800, 0x00001517, 0x80050513, 0x80b53023, 0x00000097, 0x7f4080e7);
	EXPECT_PCREL(0x7ff, 0x00000517, 0x7ff50513, 0x7eb53fa3, 0x00000097, 0x7f3080e7);
	EXPECT_PCREL(-0x801, 0xfffff517, 0x7ff50513, 0x7eb53fa3, 0xfffff097, 0x7f3080e7);
	EXPECT_PCREL(0x12345800, 0x12346517, 0x80050513, 0x80b53023, 0x12345097, 0x7f4080e7);
	EXPECT_PCREL(-0x12345678, 0xedcbb517, 0x98850513, 0x98b53423, 0xedcbb097, 0x97c080e7);
	EXPECT_PCREL(0x7ffff7ff, 0x7ffff517, 0x7ff50513, 0x7eb53fa3, 0x7ffff097, 0x7f3080e7);
	/* GOT_HI20: S is the slot's address, so it is the PC-relative formula. */
	struct site got = { .type = R_RISCV_GOT_HI20, .P = PLACE, .S = PLACE + 0x12345800 };
	EXPECT_U64(APPLY32(&target_riscv64, got, 0x00000517), 0x12346517);
	/* The low part comes from the HI20's place, not its own. */
	struct site lo = { .type = R_RISCV_PCREL_LO12_I, .P = PLACE + 0x40, .S = PLACE + 0x800, .P_hi = PLACE };
	EXPECT_U64(APPLY32(&target_riscv64, lo, 0x00050513), 0x80050513);
}

static void test_rv_pcrel_range(void)
{
	struct site s = { .type = R_RISCV_PCREL_HI20, .P = PLACE, .S = PLACE + 0x7ffff800 };
	EXPECT_ERROR(&target_riscv64, s, 4, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_RISCV_PCREL_HI20 against 'foo' out of range: 2147481600 is not in [-2147485696, 2147481600)");
	/* RV32 wraps: the same distance is auipc 0x80000 + addi -2048 (GNU ld's words). */
	EXPECT_U64(APPLY32(&target_riscv32, s, 0x00000517), 0x80000517);
	struct site lo = { .type = R_RISCV_PCREL_LO12_I, .P = PLACE + 4, .S = s.S, .P_hi = PLACE };
	EXPECT_U64(APPLY32(&target_riscv32, lo, 0x00050513), 0x80050513);
	s.S = PLACE + 0x80000000;
	EXPECT_ERROR(&target_riscv32, s, 4, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_RISCV_PCREL_HI20 against 'foo' out of range: 2147483648 is not in [-2147483648, 2147483648)");
	struct site call = { .type = R_RISCV_CALL_PLT, .P = PLACE, .S = PLACE + 0x80000000 };
	EXPECT_ERROR(&target_riscv64, call, 8, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_RISCV_CALL_PLT against 'foo' out of range: 2147483648 is not in [-2147485696, 2147481600)");
}

static void test_rv_data_relocs(void)
{
	const struct target *t = &target_riscv64;
	uint8_t in[8] = { 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 }, out[8];
	struct diag d;
	struct site s = { .type = R_RISCV_64, .P = PLACE, .S = 0x1122334455667788, .A = 0x10 };
	CU_ASSERT_EQUAL(apply(t, s, in, 8, out, &d), 0);
	EXPECT_BYTES("R_RISCV_64", out, 8, 0x98, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11);
	s = (struct site){ .type = R_RISCV_32, .P = PLACE, .S = 0xfffffff0, .A = 4 };
	CU_ASSERT_EQUAL(apply(t, s, in, 4, out, &d), 0);
	EXPECT_BYTES("R_RISCV_32", out, 4, 0xf4, 0xff, 0xff, 0xff);
	s.S = 0x100000000;
	EXPECT_ERROR(t, s, 4, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_RISCV_32 against 'foo' out of range: 4294967300 is not in [-2147483648, 4294967296)");
	s = (struct site){ .type = R_RISCV_32_PCREL, .P = PLACE, .S = PLACE - 8, .A = 2 };
	CU_ASSERT_EQUAL(apply(t, s, in, 4, out, &d), 0);
	EXPECT_BYTES("R_RISCV_32_PCREL", out, 4, 0xfa, 0xff, 0xff, 0xff);
	s.S = PLACE + 0x80000000;
	s.A = 0;
	EXPECT_ERROR(t, s, 4, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_RISCV_32_PCREL against 'foo' out of range: 2147483648 is not in [-2147483648, 2147483648)");

	/* V + S + A and V - S - A, wrapping in the field's width. */
	uint8_t v8[8] = { 0xf0, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07 };
	s = (struct site){ .type = R_RISCV_ADD8, .S = 0x20 };
	CU_ASSERT_EQUAL(apply(t, s, v8, 8, out, &d), 0);
	EXPECT_BYTES("ADD8", out, 8, 0x10, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07);
	s.type = R_RISCV_ADD16;
	CU_ASSERT_EQUAL(apply(t, s, v8, 8, out, &d), 0);
	EXPECT_BYTES("ADD16", out, 8, 0x10, 0x02, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07);
	s.type = R_RISCV_ADD32;
	CU_ASSERT_EQUAL(apply(t, s, v8, 8, out, &d), 0);
	EXPECT_BYTES("ADD32", out, 8, 0x10, 0x02, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07);
	s.type = R_RISCV_ADD64;
	s.S = 0xff00000000000000;
	CU_ASSERT_EQUAL(apply(t, s, v8, 8, out, &d), 0);
	EXPECT_BYTES("ADD64", out, 8, 0xf0, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x06);
	s = (struct site){ .type = R_RISCV_SUB8, .S = 0xf1 };
	CU_ASSERT_EQUAL(apply(t, s, v8, 8, out, &d), 0);
	EXPECT_BYTES("SUB8", out, 8, 0xff, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07);
	s.type = R_RISCV_SUB16;
	CU_ASSERT_EQUAL(apply(t, s, v8, 8, out, &d), 0);
	EXPECT_BYTES("SUB16", out, 8, 0xff, 0x00, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07);
	s.type = R_RISCV_SUB32;
	s.S = 0x03030000;
	CU_ASSERT_EQUAL(apply(t, s, v8, 8, out, &d), 0);
	EXPECT_BYTES("SUB32", out, 8, 0xf0, 0x01, 0xff, 0xff, 0x04, 0x05, 0x06, 0x07);
	s.type = R_RISCV_SUB64;
	s.S = 0x0800000000000000;
	CU_ASSERT_EQUAL(apply(t, s, v8, 8, out, &d), 0);
	EXPECT_BYTES("SUB64", out, 8, 0xf0, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0xff);

	/* SET6/SUB6 touch only the low 6 bits of the byte. */
	uint8_t b6[1] = { 0xc5 };
	s = (struct site){ .type = R_RISCV_SET6, .S = 0x47 };
	CU_ASSERT_EQUAL(apply(t, s, b6, 1, out, &d), 0);
	EXPECT_BYTES("SET6", out, 1, 0xc7);
	b6[0] = 0x45;
	s = (struct site){ .type = R_RISCV_SUB6, .S = 7 };
	CU_ASSERT_EQUAL(apply(t, s, b6, 1, out, &d), 0);
	EXPECT_BYTES("SUB6", out, 1, 0x7e);
	s = (struct site){ .type = R_RISCV_SET8, .S = 0x1ab };
	CU_ASSERT_EQUAL(apply(t, s, v8, 8, out, &d), 0);
	EXPECT_BYTES("SET8", out, 2, 0xab, 0x01);
	s.type = R_RISCV_SET16;
	CU_ASSERT_EQUAL(apply(t, s, v8, 8, out, &d), 0);
	EXPECT_BYTES("SET16", out, 3, 0xab, 0x01, 0x02);
	s.type = R_RISCV_SET32;
	s.S = 0xa1b2c3d4;
	CU_ASSERT_EQUAL(apply(t, s, v8, 8, out, &d), 0);
	EXPECT_BYTES("SET32", out, 5, 0xd4, 0xc3, 0xb2, 0xa1, 0x04);
}

static void test_rv_uleb128(void)
{
	const struct target *t = &target_riscv64;
	uint8_t field[3] = { 0x80, 0x00, 0x5a }, out[3];
	struct diag d;
	struct site set = { .type = R_RISCV_SET_ULEB128, .S = 300 };
	CU_ASSERT_EQUAL(apply(t, set, field, 3, out, &d), 0);
	EXPECT_BYTES("SET_ULEB128 300 in 2 bytes", out, 3, 0xac, 0x02, 0x5a);
	struct site sub = { .type = R_RISCV_SUB_ULEB128, .S = 40, .A = 4 };
	uint8_t after[3];
	CU_ASSERT_EQUAL(apply(t, sub, out, 3, after, &d), 0);
	EXPECT_BYTES("SUB_ULEB128 300 - 44, width kept", after, 3, 0x80, 0x02, 0x5a);
	set.S = 200;
	EXPECT_ERROR(t, set, 1, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_RISCV_SET_ULEB128 against 'foo' out of range: 200 is not in [0, 128)");
	/* A field whose continuation runs off the section. */
	uint8_t open[2] = { 0x80, 0x80 };
	struct reloc_site r = { .type = R_RISCV_SET_ULEB128, .loc = open, .avail = 2, .S = 1,
	                        .sym_name = "foo", .where = "(.gcc_except_table+0x4)" };
	diag_reset(&d);
	CU_ASSERT_EQUAL(t->apply_reloc(t, &r, &d), -1);
	EXPECT_STR(d.msg, "(.gcc_except_table+0x4): relocation R_RISCV_SET_ULEB128 against 'foo' needs 3 bytes but only 2 remain in the section");
}

static void test_rv_hints_are_no_ops(void)
{
	const uint32_t types[] = { 0, R_RISCV_RELAX, R_RISCV_ALIGN };
	for (size_t i = 0; i < 3; i++) {
		uint8_t in[4] = { 0x13, 0, 0, 0 }, out[4];
		struct diag d;
		struct site s = { .type = types[i], .P = PLACE, .S = 0x1234, .A = 4 };
		CU_ASSERT_EQUAL(apply(&target_riscv64, s, in, 4, out, &d), 0);
		CU_ASSERT_EQUAL(memcmp(in, out, 4), 0);
		CU_ASSERT_EQUAL(d.count, 0);
	}
}

static void test_rv_room_and_unknown(void)
{
	struct site s = RV_JAL(8);
	EXPECT_ERROR(&target_riscv64, s, 2, SOLDER_ERR_INVALID,
	             "(.text.main+0x1c): relocation R_RISCV_JAL against 'foo' needs 4 bytes but only 2 remain in the section");
	struct site call = { .type = R_RISCV_CALL_PLT, .P = PLACE, .S = PLACE + 8 };
	EXPECT_ERROR(&target_riscv32, call, 4, SOLDER_ERR_INVALID,
	             "(.text.main+0x1c): relocation R_RISCV_CALL_PLT against 'foo' needs 8 bytes but only 4 remain in the section");
	struct site tls = { .type = 29, .P = PLACE };
	EXPECT_ERROR(&target_riscv64, tls, 4, SOLDER_ERR_INVALID,
	             "(.text.main+0x1c): unknown relocation type 29 (R_RISCV_TPREL_HI20) against 'foo' for riscv64");
	struct site odd = { .type = 200, .P = PLACE };
	EXPECT_ERROR(&target_riscv32, odd, 4, SOLDER_ERR_INVALID,
	             "(.text.main+0x1c): unknown relocation type 200 against 'foo' for riscv32");
}

/* ---- x86 relocations */

enum {
	R_X86_64_64 = 1, R_X86_64_PC32 = 2, R_X86_64_PLT32 = 4, R_X86_64_GOTPCREL = 9,
	R_X86_64_32 = 10, R_X86_64_32S = 11, R_X86_64_16 = 12, R_X86_64_PC16 = 13,
	R_X86_64_8 = 14, R_X86_64_PC8 = 15, R_X86_64_PC64 = 24, R_X86_64_GOTPCRELX = 41,
	R_X86_64_REX_GOTPCRELX = 42,
};

static void test_x86_64_relocs(void)
{
	const struct target *t = &target_x86_64;
	uint8_t in[8] = { 0 }, out[8];
	struct diag d;
	struct site s = { .type = R_X86_64_64, .S = 0x1122334455667788, .A = 8 };
	CU_ASSERT_EQUAL(apply(t, s, in, 8, out, &d), 0);
	EXPECT_BYTES("R_X86_64_64", out, 8, 0x90, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11);
	s = (struct site){ .type = R_X86_64_PC64, .P = 0x401000, .S = 0x400000, .A = -4 };
	CU_ASSERT_EQUAL(apply(t, s, in, 8, out, &d), 0);
	EXPECT_BYTES("R_X86_64_PC64", out, 8, 0xfc, 0xef, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
	/* call foo: e8 + PC32/PLT32 with A = -4. */
	const uint32_t pc_types[] = { R_X86_64_PC32, R_X86_64_PLT32, R_X86_64_GOTPCREL,
	                              R_X86_64_GOTPCRELX, R_X86_64_REX_GOTPCRELX };
	for (size_t i = 0; i < 5; i++) {
		s = (struct site){ .type = pc_types[i], .P = 0x400011, .S = 0x401000, .A = -4 };
		CU_ASSERT_EQUAL(apply(t, s, in, 4, out, &d), 0);
		EXPECT_BYTES("S + A - P", out, 4, 0xeb, 0x0f, 0x00, 0x00);
	}
	s = (struct site){ .type = R_X86_64_PC32, .P = 0x400000, .S = 0x400000 + 0x80000000ull };
	EXPECT_ERROR(t, s, 4, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_X86_64_PC32 against 'foo' out of range: 2147483648 is not in [-2147483648, 2147483648)");
	s = (struct site){ .type = R_X86_64_PLT32, .P = 0x80000004, .S = 0, .A = -4 };
	EXPECT_ERROR(t, s, 4, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_X86_64_PLT32 against 'foo' out of range: -2147483656 is not in [-2147483648, 2147483648)");

	/* 32 zero-extends, 32S sign-extends. */
	s = (struct site){ .type = R_X86_64_32, .S = 0xfffffff0, .A = 0xf };
	CU_ASSERT_EQUAL(apply(t, s, in, 4, out, &d), 0);
	EXPECT_BYTES("R_X86_64_32", out, 4, 0xff, 0xff, 0xff, 0xff);
	s.A = 0x10;
	EXPECT_ERROR(t, s, 4, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_X86_64_32 against 'foo' out of range: 4294967296 is not in [0, 4294967296)");
	s = (struct site){ .type = R_X86_64_32, .S = 0, .A = -1 };
	EXPECT_ERROR(t, s, 4, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_X86_64_32 against 'foo' out of range: -1 is not in [0, 4294967296)");
	s = (struct site){ .type = R_X86_64_32S, .S = 0xffffffff80000000 };
	CU_ASSERT_EQUAL(apply(t, s, in, 4, out, &d), 0);
	EXPECT_BYTES("R_X86_64_32S", out, 4, 0x00, 0x00, 0x00, 0x80);
	s = (struct site){ .type = R_X86_64_32S, .S = 0x80000000 };
	EXPECT_ERROR(t, s, 4, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_X86_64_32S against 'foo' out of range: 2147483648 is not in [-2147483648, 2147483648)");

	s = (struct site){ .type = R_X86_64_16, .S = 0xffff };
	CU_ASSERT_EQUAL(apply(t, s, in, 2, out, &d), 0);
	EXPECT_BYTES("R_X86_64_16", out, 2, 0xff, 0xff);
	s.S = 0x10000;
	EXPECT_ERROR(t, s, 2, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_X86_64_16 against 'foo' out of range: 65536 is not in [-32768, 65536)");
	s = (struct site){ .type = R_X86_64_PC16, .P = 0x1000, .S = 0x1000 - 0x8000 };
	CU_ASSERT_EQUAL(apply(t, s, in, 2, out, &d), 0);
	EXPECT_BYTES("R_X86_64_PC16", out, 2, 0x00, 0x80);
	s.S = 0x1000 + 0x8000;
	EXPECT_ERROR(t, s, 2, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_X86_64_PC16 against 'foo' out of range: 32768 is not in [-32768, 32768)");
	s = (struct site){ .type = R_X86_64_8, .S = 0xff };
	CU_ASSERT_EQUAL(apply(t, s, in, 1, out, &d), 0);
	EXPECT_BYTES("R_X86_64_8", out, 1, 0xff);
	s.S = 0x100;
	EXPECT_ERROR(t, s, 1, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_X86_64_8 against 'foo' out of range: 256 is not in [-128, 256)");
	s = (struct site){ .type = R_X86_64_PC8, .P = 0x1000, .S = 0x1000 - 0x80 };
	CU_ASSERT_EQUAL(apply(t, s, in, 1, out, &d), 0);
	EXPECT_BYTES("R_X86_64_PC8", out, 1, 0x80);
	s.S = 0x1000 + 0x80;
	EXPECT_ERROR(t, s, 1, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_X86_64_PC8 against 'foo' out of range: 128 is not in [-128, 128)");

	s = (struct site){ .type = R_X86_64_PC32, .P = 0x1000, .S = 0x1000 };
	EXPECT_ERROR(t, s, 3, SOLDER_ERR_INVALID,
	             "(.text.main+0x1c): relocation R_X86_64_PC32 against 'foo' needs 4 bytes but only 3 remain in the section");
	s.type = 22;
	EXPECT_ERROR(t, s, 4, SOLDER_ERR_INVALID,
	             "(.text.main+0x1c): unknown relocation type 22 (R_X86_64_GOTTPOFF) against 'foo' for x86_64");
	s.type = 40;
	EXPECT_ERROR(t, s, 4, SOLDER_ERR_INVALID,
	             "(.text.main+0x1c): unknown relocation type 40 against 'foo' for x86_64");
}

enum {
	R_386_32 = 1, R_386_PC32 = 2, R_386_PLT32 = 4, R_386_16 = 20, R_386_PC16 = 21,
	R_386_8 = 22, R_386_PC8 = 23, R_386_GOT32X = 43,
};

static void test_i386_relocs(void)
{
	const struct target *t = &target_i386;
	uint8_t in[4] = { 0 }, out[4];
	struct diag d;
	struct site s = { .type = R_386_32, .S = 0x8049000, .A = 0x10 };
	CU_ASSERT_EQUAL(apply(t, s, in, 4, out, &d), 0);
	EXPECT_BYTES("R_386_32", out, 4, 0x10, 0x90, 0x04, 0x08);
	s = (struct site){ .type = R_386_32, .S = 0, .A = -4 };
	CU_ASSERT_EQUAL(apply(t, s, in, 4, out, &d), 0);
	EXPECT_BYTES("R_386_32 negative", out, 4, 0xfc, 0xff, 0xff, 0xff);
	s = (struct site){ .type = R_386_32, .S = 0xffffffff, .A = 1 };
	EXPECT_ERROR(t, s, 4, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_386_32 against 'foo' out of range: 4294967296 is not in [-2147483648, 4294967296)");
	/* call *foo@GOT without a base register: the slot's absolute address. */
	s = (struct site){ .type = R_386_GOT32X, .S = 0x0c000010 };
	CU_ASSERT_EQUAL(apply(t, s, in, 4, out, &d), 0);
	EXPECT_BYTES("R_386_GOT32X", out, 4, 0x10, 0x00, 0x00, 0x0c);
	const uint32_t pc_types[] = { R_386_PC32, R_386_PLT32 };
	for (size_t i = 0; i < 2; i++) {
		s = (struct site){ .type = pc_types[i], .P = 0x8048011, .S = 0x8049000, .A = -4 };
		CU_ASSERT_EQUAL(apply(t, s, in, 4, out, &d), 0);
		EXPECT_BYTES("R_386_PC32", out, 4, 0xeb, 0x0f, 0x00, 0x00);
	}
	/* EIP wraps: a call from the top of the address space to its bottom. */
	s = (struct site){ .type = R_386_PC32, .P = 0xfffff000, .S = 0x1000, .A = -4 };
	CU_ASSERT_EQUAL(apply(t, s, in, 4, out, &d), 0);
	EXPECT_BYTES("R_386_PC32 wrapping", out, 4, 0xfc, 0x1f, 0x00, 0x00);
	s = (struct site){ .type = R_386_PC32, .P = 0, .S = 0xffffffff, .A = 1 };
	EXPECT_ERROR(t, s, 4, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_386_PC32 against 'foo' out of range: 4294967296 is not in [-4294967296, 4294967296)");
	s = (struct site){ .type = R_386_16, .S = 0x1234 };
	CU_ASSERT_EQUAL(apply(t, s, in, 2, out, &d), 0);
	EXPECT_BYTES("R_386_16", out, 2, 0x34, 0x12);
	s = (struct site){ .type = R_386_16, .S = 0, .A = -0x8001 };
	EXPECT_ERROR(t, s, 2, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_386_16 against 'foo' out of range: -32769 is not in [-32768, 65536)");
	s = (struct site){ .type = R_386_PC16, .P = 0x7c00, .S = 0x7c40, .A = -2 };
	CU_ASSERT_EQUAL(apply(t, s, in, 2, out, &d), 0);
	EXPECT_BYTES("R_386_PC16", out, 2, 0x3e, 0x00);
	s.S = 0x7c00 + 0x8002;
	EXPECT_ERROR(t, s, 2, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_386_PC16 against 'foo' out of range: 32768 is not in [-32768, 32768)");
	s = (struct site){ .type = R_386_8, .S = 0x80 };
	CU_ASSERT_EQUAL(apply(t, s, in, 1, out, &d), 0);
	EXPECT_BYTES("R_386_8", out, 1, 0x80);
	s = (struct site){ .type = R_386_PC8, .P = 0x7c00, .S = 0x7c00 - 0x81 };
	EXPECT_ERROR(t, s, 1, SOLDER_ERR_RANGE,
	             "(.text.main+0x1c): relocation R_386_PC8 against 'foo' out of range: -129 is not in [-128, 128)");
	s.S = 0x7c00 - 0x80;
	CU_ASSERT_EQUAL(apply(t, s, in, 1, out, &d), 0);
	EXPECT_BYTES("R_386_PC8", out, 1, 0x80);
	s = (struct site){ .type = R_386_32 };
	EXPECT_ERROR(t, s, 0, SOLDER_ERR_INVALID,
	             "(.text.main+0x1c): relocation R_386_32 against 'foo' needs 4 bytes but only 0 remain in the section");
	s.type = 9;
	EXPECT_ERROR(t, s, 4, SOLDER_ERR_INVALID,
	             "(.text.main+0x1c): unknown relocation type 9 (R_386_GOTOFF) against 'foo' for i386");
	s.type = 12;
	EXPECT_ERROR(t, s, 4, SOLDER_ERR_INVALID,
	             "(.text.main+0x1c): unknown relocation type 12 against 'foo' for i386");
}

/* The first error is kept: later ones count but do not overwrite the message. */
static void test_diag_keeps_first_error(void)
{
	const struct target *t = &target_riscv64;
	struct diag d;
	diag_reset(&d);
	uint8_t buf[4] = { 0x6f, 0, 0, 0 };
	struct reloc_site r = { .type = R_RISCV_JAL, .loc = buf, .avail = 4, .P = 0, .S = 0x200000,
	                        .sym_name = "far", .where = "(.text+0x0)" };
	CU_ASSERT_EQUAL(t->apply_reloc(t, &r, &d), -1);
	r.type = 200;
	CU_ASSERT_EQUAL(t->apply_reloc(t, &r, &d), -1);
	CU_ASSERT_EQUAL(d.count, 2);
	CU_ASSERT_EQUAL(d.status, SOLDER_ERR_RANGE);
	EXPECT_STR(d.msg, "(.text+0x0): relocation R_RISCV_JAL against 'far' out of range: 2097152 is not in [-1048576, 1048576)");
}

void suite_targets(void)
{
	CU_pSuite s = CU_add_suite("targets", NULL, NULL);
	if (!s)
		return;
	CU_add_test(s, "target_for maps every arch", test_target_for_maps_every_arch);
	CU_add_test(s, "table fields", test_table_fields);
	CU_add_test(s, "reloc names", test_reloc_names);
	CU_add_test(s, "code overflow stops appending", test_code_overflow_stops_appending);
	CU_add_test(s, "code fixup overflow", test_code_fixup_overflow);
	CU_add_test(s, "encoders report overflow", test_encoders_report_overflow);
	CU_add_test(s, "unknown arch or register sets overflow", test_unknown_arch_sets_overflow);
	CU_add_test(s, "rv64 call_got", test_rv64_call_got);
	CU_add_test(s, "rv32 call_got", test_rv32_call_got);
	CU_add_test(s, "rv64 load_imm matches GNU li", test_rv64_load_imm_matches_gnu_li);
	CU_add_test(s, "rv32 load_imm matches GNU li", test_rv32_load_imm_matches_gnu_li);
	CU_add_test(s, "rv load_imm computes the value", test_rv_load_imm_computes_value);
	CU_add_test(s, "rv load_addr", test_rv_load_addr);
	CU_add_test(s, "rv frame and ret", test_rv_frame_and_ret);
	CU_add_test(s, "rv syscalls", test_rv_syscalls);
	CU_add_test(s, "x86_64 call_got", test_x86_64_call_got);
	CU_add_test(s, "x86_64 load_imm smallest form", test_x86_64_load_imm_smallest_form);
	CU_add_test(s, "x86_64 load_addr", test_x86_64_load_addr);
	CU_add_test(s, "x86_64 frame and syscalls", test_x86_64_frame_and_syscalls);
	CU_add_test(s, "i386 encoders", test_i386_encoders);
	CU_add_test(s, "rv JAL field", test_rv_jal_field);
	CU_add_test(s, "rv JAL range and alignment", test_rv_jal_range_and_alignment);
	CU_add_test(s, "rv branch fields", test_rv_branch_fields);
	CU_add_test(s, "rv HI20/LO12 rounding", test_rv_hi20_lo12_rounding);
	CU_add_test(s, "rv HI20 range", test_rv_hi20_range);
	CU_add_test(s, "rv PCREL pairs and CALL", test_rv_pcrel_pairs);
	CU_add_test(s, "rv PCREL range", test_rv_pcrel_range);
	CU_add_test(s, "rv data relocs", test_rv_data_relocs);
	CU_add_test(s, "rv ULEB128", test_rv_uleb128);
	CU_add_test(s, "rv hints are no-ops", test_rv_hints_are_no_ops);
	CU_add_test(s, "rv room and unknown type", test_rv_room_and_unknown);
	CU_add_test(s, "x86_64 relocs", test_x86_64_relocs);
	CU_add_test(s, "i386 relocs", test_i386_relocs);
	CU_add_test(s, "diag keeps first error", test_diag_keeps_first_error);
}
