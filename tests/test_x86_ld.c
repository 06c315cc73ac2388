/*
 * test_x86_ld.c: the x86-64 and i386 halves of the object linker (targets/x86_64_ld.c,
 * targets/i386_ld.c): GOT-slot decisions, GOT and TLS formulas, and GNU ld's
 * relaxations, one instruction (or TLS call sequence) at a time.
 *
 * Each test places one instruction or sequence in a .text at 0x401000 of a hand-built link (the
 * data symbol foo at 0x403000, its GOT slot 1 at GOT + 8 (i386: + 4), GOT = 0x404000, a TLS
 * block at 0x403100 of 0x10 bytes aligned 16, so tls_end = 0x403110) and compares the
 * relocated bytes with what GNU ld 2.40 (ld / i686-linux-gnu-ld -static) writes for
 * the same instruction and distances: the expected bytes were checked against
 * `objdump -d` of GNU ld's output for the same sources. Reproduce with `make unit`.
 */
#define _POSIX_C_SOURCE 200809L
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../link/ld.h"

enum { SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4 };
enum { TEXT = 0x401000, FOO = 0x403000, GOT = 0x404000, TLS = 0x403100, TLS_END = 0x403110 };

/* file symbols */
enum { S_NULL, S_LOC, S_TLOC, S_FOO, S_WK, S_EXT, S_TV, S_BIG, S_GOTSYM, S_TGA, S_TGA32, S_TMB, NFSYMS };
/* globals */
enum { G_FOO = 1, G_WK, G_EXT, G_TV, G_BIG, G_GOTSYM, G_TGA, G_TGA32, G_TMB, NSYMS };
/* input sections */
enum { I_TEXT = 1, I_DATA, I_DEBUG, I_RANGES, NISECS };

static struct fixture {
	struct ld_options opt;
	struct ld_ctx ctx;
	struct ld_file files[2];
	struct ld_isec isecs[NISECS];
	struct ld_fsym fsyms[NFSYMS];
	struct ld_sym syms[NSYMS];
	struct ld_osec osecs[4];
	struct ld_rel rels[4];
	uint8_t in[32], out[32];
} fx;

/* A fresh link: x.o with .text (0x401000), .data (0x403000) and two debug sections. */
static void setup(const struct target *t)
{
	for (int i = 1; i < NISECS; i++) {
		if (fx.isecs[i].owned_data)
			free((void *)fx.isecs[i].data);
	}
	memset(&fx, 0, sizeof(fx));
	fx.opt.relax = 1;
	fx.ctx.opt = &fx.opt;
	fx.ctx.t = t;
	fx.files[1] = (struct ld_file){ .name = "x.o", .is_object = 1, .first_isec = 0, .nsec = NISECS,
	                                .syms = fx.fsyms, .nsyms = NFSYMS, .first_global = S_FOO };
	fx.osecs[1] = (struct ld_osec){ .name = ".text", .addr = TEXT };
	fx.osecs[2] = (struct ld_osec){ .name = ".data", .addr = FOO };
	fx.osecs[3] = (struct ld_osec){ .name = ".debug", .addr = 0 };
	fx.isecs[I_TEXT] = (struct ld_isec){ .file = 1, .shndx = I_TEXT, .name = ".text", .osec = 1, .live = 1,
	                                     .sh_flags = SHF_ALLOC | SHF_EXECINSTR, .data = fx.in };
	fx.isecs[I_DATA] = (struct ld_isec){ .file = 1, .shndx = I_DATA, .name = ".data", .osec = 2, .live = 1,
	                                     .sh_flags = SHF_ALLOC | SHF_WRITE, .data = fx.in, .size = 16 };
	fx.isecs[I_DEBUG] = (struct ld_isec){ .file = 1, .shndx = I_DEBUG, .name = ".debug_info", .osec = 3,
	                                      .live = 1, .data = fx.in };
	fx.isecs[I_RANGES] = (struct ld_isec){ .file = 1, .shndx = I_RANGES, .name = ".debug_ranges", .osec = 3,
	                                       .live = 1, .data = fx.in };
	fx.fsyms[S_LOC] = (struct ld_fsym){ .name = "loc", .value = 8, .shndx = I_DATA };
	fx.fsyms[S_TLOC] = (struct ld_fsym){ .name = "tloc", .value = 0, .shndx = I_DATA };
	fx.fsyms[S_FOO] = (struct ld_fsym){ .name = "foo", .global = G_FOO };
	fx.fsyms[S_WK] = (struct ld_fsym){ .name = "wk", .global = G_WK };
	fx.fsyms[S_EXT] = (struct ld_fsym){ .name = "ext", .global = G_EXT };
	fx.fsyms[S_TV] = (struct ld_fsym){ .name = "tv", .global = G_TV };
	fx.fsyms[S_BIG] = (struct ld_fsym){ .name = "big", .global = G_BIG };
	fx.fsyms[S_GOTSYM] = (struct ld_fsym){ .name = "_GLOBAL_OFFSET_TABLE_", .global = G_GOTSYM };
	fx.fsyms[S_TGA] = (struct ld_fsym){ .name = "__tls_get_addr", .global = G_TGA };
	fx.fsyms[S_TGA32] = (struct ld_fsym){ .name = "___tls_get_addr", .global = G_TGA32 };
	fx.fsyms[S_TMB] = (struct ld_fsym){ .name = "_TLS_MODULE_BASE_", .global = G_TMB };
	fx.syms[G_FOO] = (struct ld_sym){ .name = "foo", .def = LD_DEF_REGULAR, .isec = I_DATA, .addr = FOO,
	                                  .size = 8, .got = 1 };
	fx.syms[G_WK] = (struct ld_sym){ .name = "wk", .def = LD_UNDEF, .flags = LD_SYM_WEAK };
	fx.syms[G_EXT] = (struct ld_sym){ .name = "ext", .def = LD_UNDEF };
	fx.syms[G_TV] = (struct ld_sym){ .name = "tv", .def = LD_DEF_REGULAR, .isec = I_DATA, .addr = TLS + 4 };
	fx.syms[G_BIG] = (struct ld_sym){ .name = "big", .def = LD_DEF_ABS, .value = 0x123456789, .addr = 0x123456789 };
	fx.syms[G_GOTSYM] = (struct ld_sym){ .name = "_GLOBAL_OFFSET_TABLE_", .def = LD_DEF_LINKER, .addr = GOT };
	fx.syms[G_TGA] = (struct ld_sym){ .name = "__tls_get_addr", .def = LD_UNDEF };
	fx.syms[G_TGA32] = (struct ld_sym){ .name = "___tls_get_addr", .def = LD_UNDEF };
	fx.syms[G_TMB] = (struct ld_sym){ .name = "_TLS_MODULE_BASE_", .def = LD_UNDEF };
	fx.ctx.files.v = fx.files; fx.ctx.files.len = fx.ctx.files.cap = 2;
	fx.ctx.isecs.v = fx.isecs; fx.ctx.isecs.len = fx.ctx.isecs.cap = NISECS;
	fx.ctx.syms.v = fx.syms; fx.ctx.syms.len = fx.ctx.syms.cap = NSYMS;
	fx.ctx.osecs.v = fx.osecs; fx.ctx.osecs.len = fx.ctx.osecs.cap = 4;
	fx.ctx.got_addr = GOT;
	fx.ctx.tls_addr = TLS;
	fx.ctx.tls_memsz = 0x10;
	fx.ctx.tls_align = 16;
}

/* Runs the target's scan and relocation over the relocations rels[0..nrels) of isec,
 * whose bytes are code[0..n) (REL targets: the addends are read from code). Returns the
 * errors both reported; their text lands in msg. */
static uint32_t run_rels(const struct ld_target *lt, uint32_t isec, const uint8_t *code, size_t n,
                         const struct ld_rel *rels, uint32_t nrels, char *msg, size_t msg_size)
{
	memcpy(fx.in, code, n);
	fx.isecs[isec].size = n;
	memcpy(fx.rels, rels, nrels * sizeof(*rels));
	fx.isecs[isec].rels = fx.rels;
	fx.isecs[isec].nrels = nrels;
	for (uint32_t i = 0; i < nrels && lt->implicit_addend; i++)
		fx.rels[i].addend = lt->implicit_addend(fx.rels[i].type, fx.in + fx.rels[i].offset, n - fx.rels[i].offset);

	/* the messages go to stderr: catch them to check their text */
	FILE *tmp = tmpfile();
	fflush(stderr);
	int saved = dup(2);
	dup2(fileno(tmp), 2);
	lt->scan_section(&fx.ctx, isec);
	memcpy(fx.out, fx.isecs[isec].data, n);     /* the scan may have rewritten a copy */
	if (!fx.ctx.errors)
		lt->relocate_section(&fx.ctx, isec, fx.out);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	size_t len = 0;
	if (msg_size) {
		rewind(tmp);
		len = fread(msg, 1, msg_size - 1, tmp);
		msg[len] = 0;
	}
	fclose(tmp);
	return fx.ctx.errors;
}

/* One relocation: see run_rels. */
static uint32_t run(const struct ld_target *lt, uint32_t isec, const uint8_t *code, size_t n,
                    uint32_t type, uint32_t sym, int64_t addend, uint64_t off, char *msg, size_t msg_size)
{
	const struct ld_rel rel = { .offset = off, .addend = addend, .type = type, .sym = sym };
	return run_rels(lt, isec, code, n, &rel, 1, msg, msg_size);
}

static void hexdump(const char *label, const uint8_t *p, size_t n)
{
	printf("    %s:", label);
	for (size_t i = 0; i < n; i++)
		printf(" %02x", p[i]);
	printf("\n");
}

static void expect_bytes_at(int line, const uint8_t *got, const uint8_t *want, size_t n)
{
	int ok = memcmp(got, want, n) == 0;
	if (!ok) {
		printf("\n  %s:%d: relocated bytes differ (reproduce: make unit)\n", __FILE__, line);
		hexdump("expected", want, n);
		hexdump("got     ", got, n);
	}
	CU_ASSERT_TRUE(ok);
}
#define EXPECT_OUT(...)                                                         \
	do {                                                                    \
		static const uint8_t want_[] = { __VA_ARGS__ };                     \
		expect_bytes_at(__LINE__, fx.out, want_, sizeof(want_));            \
	} while (0)

static void expect_msg_at(int line, const char *msg, const char *want)
{
	int ok = strstr(msg, want) != NULL;
	if (!ok)
		printf("\n  %s:%d: expected a message containing\n    %s\n  got\n    %s\n", __FILE__, line, want, msg);
	CU_ASSERT_TRUE(ok);
}
#define EXPECT_MSG(msg, want) expect_msg_at(__LINE__, msg, want)

#define RUN64(isec, type, sym, addend, off, ...)                                              \
	do {                                                                                  \
		static const uint8_t code_[] = { __VA_ARGS__ };                                   \
		CU_ASSERT_EQUAL(run(&ld_x86_64, isec, code_, sizeof(code_), type, sym, addend, off, NULL, 0), 0); \
	} while (0)
#define RUN32(isec, type, sym, off, ...)                                                      \
	do {                                                                                  \
		static const uint8_t code_[] = { __VA_ARGS__ };                                   \
		CU_ASSERT_EQUAL(run(&ld_i386, isec, code_, sizeof(code_), type, sym, 0, off, NULL, 0), 0); \
	} while (0)

/* A sequence: its bytes, then its relocations as { offset, addend, type, sym }. */
#define RUN_SEQ(lt, code, ...)                                                                \
	do {                                                                                  \
		static const struct ld_rel rels_[] = { __VA_ARGS__ };                             \
		CU_ASSERT_EQUAL(run_rels(lt, I_TEXT, code, sizeof(code), rels_,                   \
		                         sizeof(rels_) / sizeof(rels_[0]), NULL, 0), 0);          \
	} while (0)

static int needs_got(uint32_t g)
{
	return (fx.syms[g].flags & LD_SYM_NEEDS_GOT) != 0;
}

/* x86-64 relocation types */
enum {
	R_X86_64_PC32 = 2, R_X86_64_GOTPCREL = 9, R_X86_64_TLSGD = 19, R_X86_64_DTPOFF32 = 21,
	R_X86_64_GOTTPOFF = 22, R_X86_64_TPOFF32 = 23, R_X86_64_GOTOFF64 = 25, R_X86_64_GOTPC32 = 26,
	R_X86_64_GOT64 = 27, R_X86_64_SIZE32 = 32, R_X86_64_GOTPCRELX = 41, R_X86_64_REX_GOTPCRELX = 42,
	R_X86_64_64 = 1, R_X86_64_PLT32 = 4, R_X86_64_TLSLD = 20, R_X86_64_PLTOFF64 = 31,
	R_X86_64_GOTPC32_TLSDESC = 34, R_X86_64_TLSDESC_CALL = 35, R_X86_64_TLSDESC = 36,
};

/* ---- x86-64: GOTPCRELX */

static void test_x64_mov_gotpcrelx_becomes_mov_imm(void)
{
	setup(&target_x86_64);
	/* movq foo@GOTPCREL(%rip), %rax -> movq $foo, %rax */
	RUN64(I_TEXT, R_X86_64_REX_GOTPCRELX, S_FOO, -4, 3, 0x48, 0x8b, 0x05, 0, 0, 0, 0);
	EXPECT_OUT(0x48, 0xc7, 0xc0, 0x00, 0x30, 0x40, 0x00);
	CU_ASSERT_FALSE(needs_got(G_FOO));
	/* movq foo@GOTPCREL(%rip), %r9: REX.R moves to REX.B */
	setup(&target_x86_64);
	RUN64(I_TEXT, R_X86_64_REX_GOTPCRELX, S_FOO, -4, 3, 0x4c, 0x8b, 0x0d, 0, 0, 0, 0);
	EXPECT_OUT(0x49, 0xc7, 0xc1, 0x00, 0x30, 0x40, 0x00);
	/* movl foo@GOTPCREL(%rip), %r10d */
	setup(&target_x86_64);
	RUN64(I_TEXT, R_X86_64_REX_GOTPCRELX, S_FOO, -4, 3, 0x44, 0x8b, 0x15, 0, 0, 0, 0);
	EXPECT_OUT(0x41, 0xc7, 0xc2, 0x00, 0x30, 0x40, 0x00);
	/* movl foo@GOTPCREL(%rip), %eax: no REX */
	setup(&target_x86_64);
	RUN64(I_TEXT, R_X86_64_GOTPCRELX, S_FOO, -4, 2, 0x8b, 0x05, 0, 0, 0, 0);
	EXPECT_OUT(0xc7, 0xc0, 0x00, 0x30, 0x40, 0x00);
}

static void test_x64_branch_gotpcrelx_becomes_direct(void)
{
	setup(&target_x86_64);
	/* call *foo@GOTPCREL(%rip) -> addr32 call foo: 0x403000 - 4 - 0x401002 */
	RUN64(I_TEXT, R_X86_64_GOTPCRELX, S_FOO, -4, 2, 0xff, 0x15, 0, 0, 0, 0);
	EXPECT_OUT(0x67, 0xe8, 0xfa, 0x1f, 0x00, 0x00);
	/* jmp *foo@GOTPCREL(%rip) -> jmp foo; nop: 0x403000 - 0x401005 */
	setup(&target_x86_64);
	RUN64(I_TEXT, R_X86_64_GOTPCRELX, S_FOO, -4, 2, 0xff, 0x25, 0, 0, 0, 0);
	EXPECT_OUT(0xe9, 0xfb, 0x1f, 0x00, 0x00, 0x90);
	CU_ASSERT_FALSE(needs_got(G_FOO));
}

static void test_x64_test_and_binop_become_immediates(void)
{
	setup(&target_x86_64);
	/* addq foo@GOTPCREL(%rip), %rcx -> addq $foo, %rcx */
	RUN64(I_TEXT, R_X86_64_REX_GOTPCRELX, S_FOO, -4, 3, 0x48, 0x03, 0x0d, 0, 0, 0, 0);
	EXPECT_OUT(0x48, 0x81, 0xc1, 0x00, 0x30, 0x40, 0x00);
	/* xorq foo@GOTPCREL(%rip), %r8 -> xorq $foo, %r8 */
	setup(&target_x86_64);
	RUN64(I_TEXT, R_X86_64_REX_GOTPCRELX, S_FOO, -4, 3, 0x4c, 0x33, 0x05, 0, 0, 0, 0);
	EXPECT_OUT(0x49, 0x81, 0xf0, 0x00, 0x30, 0x40, 0x00);
	/* testq %r13, foo@GOTPCREL(%rip) -> testq $foo, %r13 */
	setup(&target_x86_64);
	RUN64(I_TEXT, R_X86_64_REX_GOTPCRELX, S_FOO, -4, 3, 0x4c, 0x85, 0x2d, 0, 0, 0, 0);
	EXPECT_OUT(0x49, 0xf7, 0xc5, 0x00, 0x30, 0x40, 0x00);
}

static void test_x64_plain_gotpcrel_mov_becomes_lea(void)
{
	setup(&target_x86_64);
	/* movq foo@GOTPCREL(%rip), %rax -> leaq foo(%rip), %rax: 0x403000 - 4 - 0x401003 */
	RUN64(I_TEXT, R_X86_64_GOTPCREL, S_FOO, -4, 3, 0x48, 0x8b, 0x05, 0, 0, 0, 0);
	EXPECT_OUT(0x48, 0x8d, 0x05, 0xf9, 0x1f, 0x00, 0x00);
	CU_ASSERT_FALSE(needs_got(G_FOO));
}

static void test_x64_gotpcrel_kept_uses_slot(void)
{
	setup(&target_x86_64);
	/* call *foo@GOTPCREL(%rip) without X: through the slot 0x404008 */
	RUN64(I_TEXT, R_X86_64_GOTPCREL, S_FOO, -4, 2, 0xff, 0x15, 0, 0, 0, 0);
	EXPECT_OUT(0xff, 0x15, 0x02, 0x30, 0x00, 0x00);
	CU_ASSERT_TRUE(needs_got(G_FOO));
	/* an addend other than -4: kept */
	setup(&target_x86_64);
	RUN64(I_TEXT, R_X86_64_REX_GOTPCRELX, S_FOO, 0, 3, 0x48, 0x8b, 0x05, 0, 0, 0, 0);
	EXPECT_OUT(0x48, 0x8b, 0x05, 0x05, 0x30, 0x00, 0x00);
	CU_ASSERT_TRUE(needs_got(G_FOO));
	/* an absolute symbol that does not fit imm32: kept */
	setup(&target_x86_64);
	fx.syms[G_BIG].got = 2;
	RUN64(I_TEXT, R_X86_64_REX_GOTPCRELX, S_BIG, -4, 3, 0x48, 0x8b, 0x05, 0, 0, 0, 0);
	EXPECT_OUT(0x48, 0x8b, 0x05, 0x09, 0x30, 0x00, 0x00);
	CU_ASSERT_TRUE(needs_got(G_BIG));
}

static void test_x64_no_relax_keeps_got_but_not_for_undef_weak(void)
{
	setup(&target_x86_64);
	fx.opt.relax = 0;
	RUN64(I_TEXT, R_X86_64_REX_GOTPCRELX, S_FOO, -4, 3, 0x48, 0x8b, 0x05, 0, 0, 0, 0);
	EXPECT_OUT(0x48, 0x8b, 0x05, 0x01, 0x30, 0x00, 0x00);
	CU_ASSERT_TRUE(needs_got(G_FOO));
	/* an undefined weak is 0: movq $0 even under --no-relax, like GNU ld */
	setup(&target_x86_64);
	fx.opt.relax = 0;
	RUN64(I_TEXT, R_X86_64_REX_GOTPCRELX, S_WK, -4, 3, 0x48, 0x8b, 0x05, 0, 0, 0, 0);
	EXPECT_OUT(0x48, 0xc7, 0xc0, 0x00, 0x00, 0x00, 0x00);
	CU_ASSERT_FALSE(needs_got(G_WK));
}

static void test_x64_mov_imm_out_of_reach_falls_back_to_lea(void)
{
	setup(&target_x86_64);
	fx.syms[G_FOO].addr = 0x80000000;     /* not a 32S immediate; in reach of rip */
	RUN64(I_TEXT, R_X86_64_REX_GOTPCRELX, S_FOO, -4, 3, 0x48, 0x8b, 0x05, 0, 0, 0, 0);
	EXPECT_OUT(0x48, 0x8d, 0x05, 0xf9, 0xef, 0xbf, 0x7f);
}

/* ---- x86-64: TLS */

static void test_x64_gottpoff_becomes_local_exec(void)
{
	/* tv is at tls_end - 0xc */
	setup(&target_x86_64);
	RUN64(I_TEXT, R_X86_64_GOTTPOFF, S_TV, -4, 3, 0x48, 0x8b, 0x05, 0, 0, 0, 0);
	EXPECT_OUT(0x48, 0xc7, 0xc0, 0xf4, 0xff, 0xff, 0xff);     /* movq $-0xc, %rax */
	setup(&target_x86_64);
	RUN64(I_TEXT, R_X86_64_GOTTPOFF, S_TV, -4, 3, 0x4c, 0x8b, 0x25, 0, 0, 0, 0);
	EXPECT_OUT(0x49, 0xc7, 0xc4, 0xf4, 0xff, 0xff, 0xff);     /* movq $-0xc, %r12 */
	setup(&target_x86_64);
	RUN64(I_TEXT, R_X86_64_GOTTPOFF, S_TV, -4, 3, 0x48, 0x03, 0x05, 0, 0, 0, 0);
	EXPECT_OUT(0x48, 0x8d, 0x80, 0xf4, 0xff, 0xff, 0xff);     /* leaq -0xc(%rax), %rax */
	setup(&target_x86_64);
	RUN64(I_TEXT, R_X86_64_GOTTPOFF, S_TV, -4, 3, 0x4c, 0x03, 0x05, 0, 0, 0, 0);
	EXPECT_OUT(0x4d, 0x8d, 0x80, 0xf4, 0xff, 0xff, 0xff);     /* leaq -0xc(%r8), %r8 */
	setup(&target_x86_64);
	RUN64(I_TEXT, R_X86_64_GOTTPOFF, S_TV, -4, 3, 0x4c, 0x03, 0x25, 0, 0, 0, 0);
	EXPECT_OUT(0x49, 0x81, 0xc4, 0xf4, 0xff, 0xff, 0xff);     /* addq $-0xc, %r12 */
	setup(&target_x86_64);
	RUN64(I_TEXT, R_X86_64_GOTTPOFF, S_TV, -4, 3, 0x48, 0x03, 0x25, 0, 0, 0, 0);
	EXPECT_OUT(0x48, 0x81, 0xc4, 0xf4, 0xff, 0xff, 0xff);     /* addq $-0xc, %rsp */
}

static void test_x64_gottpoff_other_instruction_is_an_error(void)
{
	char msg[512];
	static const uint8_t lea[] = { 0x48, 0x8d, 0x05, 0, 0, 0, 0 };
	setup(&target_x86_64);
	CU_ASSERT_EQUAL(run(&ld_x86_64, I_TEXT, lea, sizeof(lea), R_X86_64_GOTTPOFF, S_TV, -4, 3, msg, sizeof(msg)), 1);
	EXPECT_MSG(msg, "x.o:(.text+0x3): relocation R_X86_64_GOTTPOFF against 'tv' cannot be relaxed to local exec");
}

static void test_x64_tpoff_and_dtpoff(void)
{
	setup(&target_x86_64);
	/* movl %fs:tv@tpoff, %eax */
	RUN64(I_TEXT, R_X86_64_TPOFF32, S_TV, 0, 4, 0x64, 0x8b, 0x04, 0x25, 0, 0, 0, 0);
	EXPECT_OUT(0x64, 0x8b, 0x04, 0x25, 0xf4, 0xff, 0xff, 0xff);
	/* .long tv@dtpoff in .debug_info: the offset in the block */
	setup(&target_x86_64);
	RUN64(I_DEBUG, R_X86_64_DTPOFF32, S_TV, 4, 0, 0, 0, 0, 0);
	EXPECT_OUT(0x08, 0x00, 0x00, 0x00);
	/* in code GNU ld makes it a TP offset */
	setup(&target_x86_64);
	RUN64(I_TEXT, R_X86_64_DTPOFF32, S_TV, 0, 0, 0, 0, 0, 0);
	EXPECT_OUT(0xf4, 0xff, 0xff, 0xff);
}

/* General and local dynamic: tv is at tls_end - 0xc, so its TP offset is -0xc. The
 * call to __tls_get_addr is consumed: its relocation becomes R_X86_64_NONE, so the
 * undefined-symbol check does not see it, and it asks for no GOT slot. */
static void test_x64_general_dynamic_becomes_local_exec(void)
{
	/* data16 leaq tv@tlsgd(%rip), %rdi; data16 data16 rex64 call __tls_get_addr@PLT */
	static const uint8_t plt[] = { 0x66, 0x48, 0x8d, 0x3d, 0, 0, 0, 0, 0x66, 0x66, 0x48, 0xe8, 0, 0, 0, 0 };
	/* -fno-plt: data16 leaq tv@tlsgd(%rip), %rdi; data16 rex64 call *__tls_get_addr@GOTPCREL(%rip) */
	static const uint8_t got[] = { 0x66, 0x48, 0x8d, 0x3d, 0, 0, 0, 0, 0x66, 0x48, 0xff, 0x15, 0, 0, 0, 0 };
	/* -mcmodel=large: leaq tv@tlsgd(%rip), %rdi; movabs $__tls_get_addr@PLTOFF, %rax;
	 * addq %rbx, %rax; call *%rax */
	static const uint8_t large[] = { 0x48, 0x8d, 0x3d, 0, 0, 0, 0, 0x48, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0,
	                                 0x48, 0x01, 0xd8, 0xff, 0xd0 };
	/* movq %fs:0, %rax; leaq -0xc(%rax), %rax */
	setup(&target_x86_64);
	RUN_SEQ(&ld_x86_64, plt, { 4, -4, R_X86_64_TLSGD, S_TV }, { 12, -4, R_X86_64_PLT32, S_TGA });
	EXPECT_OUT(0x64, 0x48, 0x8b, 0x04, 0x25, 0, 0, 0, 0, 0x48, 0x8d, 0x80, 0xf4, 0xff, 0xff, 0xff);
	CU_ASSERT_EQUAL(fx.rels[1].type, 0);
	setup(&target_x86_64);
	RUN_SEQ(&ld_x86_64, got, { 4, -4, R_X86_64_TLSGD, S_TV }, { 12, -4, R_X86_64_GOTPCRELX, S_TGA });
	EXPECT_OUT(0x64, 0x48, 0x8b, 0x04, 0x25, 0, 0, 0, 0, 0x48, 0x8d, 0x80, 0xf4, 0xff, 0xff, 0xff);
	CU_ASSERT_EQUAL(fx.rels[1].type, 0);
	CU_ASSERT_FALSE(needs_got(G_TGA));
	/* ... then nopw 0(%rax,%rax,1) */
	setup(&target_x86_64);
	RUN_SEQ(&ld_x86_64, large, { 3, -4, R_X86_64_TLSGD, S_TV }, { 9, 0, R_X86_64_PLTOFF64, S_TGA });
	EXPECT_OUT(0x64, 0x48, 0x8b, 0x04, 0x25, 0, 0, 0, 0, 0x48, 0x8d, 0x80, 0xf4, 0xff, 0xff, 0xff,
	           0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00);
	CU_ASSERT_EQUAL(fx.rels[1].type, 0);
}

static void test_x64_local_dynamic_becomes_local_exec(void)
{
	/* leaq tloc@tlsld(%rip), %rdi; call __tls_get_addr@PLT; leaq tv@dtpoff(%rax), %rsi */
	static const uint8_t plt[] = { 0x48, 0x8d, 0x3d, 0, 0, 0, 0, 0xe8, 0, 0, 0, 0, 0x48, 0x8d, 0xb0, 0, 0, 0, 0 };
	/* -fno-plt: call *__tls_get_addr@GOTPCREL(%rip) */
	static const uint8_t got[] = { 0x48, 0x8d, 0x3d, 0, 0, 0, 0, 0xff, 0x15, 0, 0, 0, 0 };
	/* -mcmodel=large, the GOT in %r15 */
	static const uint8_t large[] = { 0x48, 0x8d, 0x3d, 0, 0, 0, 0, 0x48, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0,
	                                 0x4c, 0x01, 0xf8, 0xff, 0xd0 };
	/* data16 data16 data16 movq %fs:0, %rax; leaq -0xc(%rax), %rsi */
	setup(&target_x86_64);
	RUN_SEQ(&ld_x86_64, plt, { 3, -4, R_X86_64_TLSLD, S_TLOC }, { 8, -4, R_X86_64_PLT32, S_TGA },
	        { 15, 0, R_X86_64_DTPOFF32, S_TV });
	EXPECT_OUT(0x66, 0x66, 0x66, 0x64, 0x48, 0x8b, 0x04, 0x25, 0, 0, 0, 0, 0x48, 0x8d, 0xb0, 0xf4, 0xff, 0xff, 0xff);
	CU_ASSERT_EQUAL(fx.rels[1].type, 0);
	/* four data16 prefixes fill the 13 bytes */
	setup(&target_x86_64);
	RUN_SEQ(&ld_x86_64, got, { 3, -4, R_X86_64_TLSLD, S_TLOC }, { 9, -4, R_X86_64_GOTPCRELX, S_TGA });
	EXPECT_OUT(0x66, 0x66, 0x66, 0x66, 0x64, 0x48, 0x8b, 0x04, 0x25, 0, 0, 0, 0);
	CU_ASSERT_FALSE(needs_got(G_TGA));
	/* data16 data16 data16 cs nopw 0(%rax,%rax,1); movq %fs:0, %rax */
	setup(&target_x86_64);
	RUN_SEQ(&ld_x86_64, large, { 3, -4, R_X86_64_TLSLD, S_TLOC }, { 9, 0, R_X86_64_PLTOFF64, S_TGA });
	EXPECT_OUT(0x66, 0x66, 0x66, 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0,
	           0x64, 0x48, 0x8b, 0x04, 0x25, 0, 0, 0, 0);
}

static void test_x64_tlsdesc_becomes_local_exec(void)
{
	/* leaq tv@tlsdesc(%rip), %rax; call *tv@tlscall(%rax) */
	static const uint8_t desc[] = { 0x48, 0x8d, 0x05, 0, 0, 0, 0, 0xff, 0x10 };
	/* leaq tv@tlsdesc(%rip), %r10 */
	static const uint8_t desc_r10[] = { 0x4c, 0x8d, 0x15, 0, 0, 0, 0 };
	/* movq $-0xc, %rax; xchg %ax, %ax */
	setup(&target_x86_64);
	RUN_SEQ(&ld_x86_64, desc, { 3, -4, R_X86_64_GOTPC32_TLSDESC, S_TV }, { 7, 0, R_X86_64_TLSDESC_CALL, S_TV });
	EXPECT_OUT(0x48, 0xc7, 0xc0, 0xf4, 0xff, 0xff, 0xff, 0x66, 0x90);
	/* REX.R moves to REX.B: movq $-0xc, %r10 */
	setup(&target_x86_64);
	RUN_SEQ(&ld_x86_64, desc_r10, { 3, -4, R_X86_64_GOTPC32_TLSDESC, S_TV });
	EXPECT_OUT(0x49, 0xc7, 0xc2, 0xf4, 0xff, 0xff, 0xff);
	/* _TLS_MODULE_BASE_ (gnu2 local dynamic) is the thread pointer: 0, rewritten by the
	 * scan, which consumes both relocations against the otherwise undefined symbol */
	setup(&target_x86_64);
	RUN_SEQ(&ld_x86_64, desc, { 3, -4, R_X86_64_GOTPC32_TLSDESC, S_TMB }, { 7, 0, R_X86_64_TLSDESC_CALL, S_TMB });
	EXPECT_OUT(0x48, 0xc7, 0xc0, 0, 0, 0, 0, 0x66, 0x90);
	CU_ASSERT_EQUAL(fx.rels[0].type, 0);
	CU_ASSERT_EQUAL(fx.rels[1].type, 0);
}

static void test_x64_tls_dynamic_sequence_errors(void)
{
	char msg[512];
	static const uint8_t gd[] = { 0x66, 0x48, 0x8d, 0x3d, 0, 0, 0, 0, 0x66, 0x66, 0x48, 0xe8, 0, 0, 0, 0 };
	static const struct ld_rel alone[] = { { 4, -4, R_X86_64_TLSGD, S_TV } };
	static const struct ld_rel other[] = { { 4, -4, R_X86_64_TLSGD, S_TV }, { 12, -4, R_X86_64_PLT32, S_FOO } };
	setup(&target_x86_64);
	CU_ASSERT_EQUAL(run_rels(&ld_x86_64, I_TEXT, gd, sizeof(gd), alone, 1, msg, sizeof(msg)), 1);
	EXPECT_MSG(msg, "x.o:(.text+0x4): relocation R_X86_64_TLSGD against 'tv' cannot be relaxed to local exec: "
	           "no relocation against __tls_get_addr at 0xc");
	setup(&target_x86_64);
	CU_ASSERT_EQUAL(run_rels(&ld_x86_64, I_TEXT, gd, sizeof(gd), other, 2, msg, sizeof(msg)), 1);
	EXPECT_MSG(msg, "no relocation against __tls_get_addr at 0xc");
	CU_ASSERT_EQUAL(fx.rels[1].type, R_X86_64_PLT32);
	/* a lea without the data16 prefix is not a general-dynamic sequence */
	setup(&target_x86_64);
	CU_ASSERT_EQUAL(run_rels(&ld_x86_64, I_TEXT, gd + 1, sizeof(gd) - 1, (const struct ld_rel[]){
	                         { 3, -4, R_X86_64_TLSGD, S_TV }, { 11, -4, R_X86_64_PLT32, S_TGA } }, 2, msg, sizeof(msg)), 1);
	EXPECT_MSG(msg, "relocation R_X86_64_TLSGD against 'tv' cannot be relaxed to local exec: the instructions are not");
}

/* ---- x86-64: GOT-relative */

static void test_x64_got_base_forms(void)
{
	setup(&target_x86_64);
	/* leaq _GLOBAL_OFFSET_TABLE_(%rip), %r15: 0x404000 - 4 - 0x401003 */
	RUN64(I_TEXT, R_X86_64_GOTPC32, S_GOTSYM, -4, 3, 0x4c, 0x8d, 0x3d, 0, 0, 0, 0);
	EXPECT_OUT(0x4c, 0x8d, 0x3d, 0xf9, 0x2f, 0x00, 0x00);
	CU_ASSERT_TRUE(fx.ctx.needs_got_base);
	setup(&target_x86_64);
	/* movabsq $foo@GOTOFF, %rax: 0x403000 - 0x404000 */
	RUN64(I_TEXT, R_X86_64_GOTOFF64, S_FOO, 0, 2, 0x48, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0);
	EXPECT_OUT(0x48, 0xb8, 0x00, 0xf0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
	CU_ASSERT_TRUE(fx.ctx.needs_got_base);
	setup(&target_x86_64);
	/* movabsq $foo@GOT, %rax: the slot's offset, 8 */
	RUN64(I_TEXT, R_X86_64_GOT64, S_FOO, 0, 2, 0x48, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0);
	EXPECT_OUT(0x48, 0xb8, 0x08, 0, 0, 0, 0, 0, 0, 0);
	CU_ASSERT_TRUE(needs_got(G_FOO));
}

static void test_x64_size_and_plain(void)
{
	setup(&target_x86_64);
	RUN64(I_DATA, R_X86_64_SIZE32, S_FOO, 2, 0, 0, 0, 0, 0);
	EXPECT_OUT(0x0a, 0, 0, 0);
	setup(&target_x86_64);
	RUN64(I_DATA, R_X86_64_64, S_LOC, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	EXPECT_OUT(0x09, 0x30, 0x40, 0, 0, 0, 0, 0);
}

/* ---- x86-64: errors and discarded sections */

static void test_x64_unknown_type_named(void)
{
	char msg[512];
	static const uint8_t code[] = { 0x48, 0x8d, 0x3d, 0, 0, 0, 0 };
	setup(&target_x86_64);
	CU_ASSERT_EQUAL(run(&ld_x86_64, I_TEXT, code, sizeof(code), R_X86_64_TLSDESC, S_TV, -4, 3, msg, sizeof(msg)), 1);
	EXPECT_MSG(msg, "solder: error: x.o:(.text+0x3): unknown relocation type 36 (R_X86_64_TLSDESC) against 'tv' for x86_64");
}

static void test_x64_range_error_names_everything(void)
{
	char msg[512];
	static const uint8_t code[] = { 0xe8, 0, 0, 0, 0 };
	setup(&target_x86_64);
	fx.syms[G_FOO].addr = 0x100402000;
	CU_ASSERT_EQUAL(run(&ld_x86_64, I_TEXT, code, sizeof(code), R_X86_64_PC32, S_FOO, -4, 1, msg, sizeof(msg)), 1);
	EXPECT_MSG(msg, "x.o:(.text+0x1): relocation R_X86_64_PC32 against 'foo' out of range: 4294971387 is not in [-2147483648, 2147483648)");
}

static void test_x64_local_needing_slot_is_an_error(void)
{
	char msg[512];
	static const uint8_t code[] = { 0xff, 0x15, 0, 0, 0, 0 };
	setup(&target_x86_64);
	CU_ASSERT_EQUAL(run(&ld_x86_64, I_TEXT, code, sizeof(code), R_X86_64_GOTPCREL, S_LOC, -4, 2, msg, sizeof(msg)), 1);
	EXPECT_MSG(msg, "relocation R_X86_64_GOTPCREL against 'loc' needs a GOT slot");
}

static void test_x64_debug_reference_to_discarded_section(void)
{
	setup(&target_x86_64);
	fx.isecs[I_DATA].osec = 0;      /* .data discarded */
	RUN64(I_DEBUG, R_X86_64_64, S_LOC, 0x10, 0, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa);
	EXPECT_OUT(0, 0, 0, 0, 0, 0, 0, 0);
	setup(&target_x86_64);
	fx.isecs[I_DATA].osec = 0;
	RUN64(I_RANGES, R_X86_64_64, S_LOC, 0x10, 0, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa);
	EXPECT_OUT(1, 0, 0, 0, 0, 0, 0, 0);
}

/* ---- i386 */

enum {
	R_386_32 = 1, R_386_GOT32 = 3, R_386_PLT32 = 4, R_386_GOTOFF = 9, R_386_GOTPC = 10, R_386_TLS_IE = 15,
	R_386_TLS_GOTIE = 16, R_386_TLS_LE = 17, R_386_TLS_GD = 18, R_386_TLS_LDM = 19, R_386_16 = 20,
	R_386_PC8 = 23, R_386_TLS_GD_32 = 24, R_386_TLS_LDO_32 = 32, R_386_TLS_IE_32 = 33, R_386_TLS_LE_32 = 34,
	R_386_TLS_GOTDESC = 39, R_386_TLS_DESC_CALL = 40, R_386_GOT32X = 43,
};

static void test_i386_implicit_addend_widths(void)
{
	static const uint8_t b[] = { 0xfc, 0xff, 0xff, 0xff };
	CU_ASSERT_EQUAL(ld_i386.implicit_addend(R_386_32, b, 4), -4);
	CU_ASSERT_EQUAL(ld_i386.implicit_addend(R_386_GOTPC, b, 4), -4);
	CU_ASSERT_EQUAL(ld_i386.implicit_addend(R_386_16, b, 2), -4);
	CU_ASSERT_EQUAL(ld_i386.implicit_addend(R_386_PC8, b, 1), -4);
	CU_ASSERT_EQUAL(ld_i386.implicit_addend(R_386_32, b, 3), 0);   /* truncated: no read */
	CU_ASSERT_PTR_NULL(ld_x86_64.implicit_addend);
}

static void test_i386_got32x_becomes_immediate(void)
{
	setup(&target_i386);
	/* movl foo@GOT(%ebx), %eax -> movl $foo, %eax */
	RUN32(I_TEXT, R_386_GOT32X, S_FOO, 2, 0x8b, 0x83, 0, 0, 0, 0);
	EXPECT_OUT(0xc7, 0xc0, 0x00, 0x30, 0x40, 0x00);
	CU_ASSERT_FALSE(needs_got(G_FOO));
	/* movl foo@GOT, %esi (no base register) */
	setup(&target_i386);
	RUN32(I_TEXT, R_386_GOT32X, S_FOO, 2, 0x8b, 0x35, 0, 0, 0, 0);
	EXPECT_OUT(0xc7, 0xc6, 0x00, 0x30, 0x40, 0x00);
	/* cmpl foo@GOT(%ebx), %edi -> cmpl $foo, %edi */
	setup(&target_i386);
	RUN32(I_TEXT, R_386_GOT32X, S_FOO, 2, 0x3b, 0xbb, 0, 0, 0, 0);
	EXPECT_OUT(0x81, 0xff, 0x00, 0x30, 0x40, 0x00);
	/* testl %edx, foo@GOT(%ebx) -> testl $foo, %edx */
	setup(&target_i386);
	RUN32(I_TEXT, R_386_GOT32X, S_FOO, 2, 0x85, 0x93, 0, 0, 0, 0);
	EXPECT_OUT(0xf7, 0xc2, 0x00, 0x30, 0x40, 0x00);
}

static void test_i386_got32x_branches_become_direct(void)
{
	setup(&target_i386);
	/* call *foo@GOT(%ebx) -> addr32 call foo: 0x403000 - 4 - 0x401002 */
	RUN32(I_TEXT, R_386_GOT32X, S_FOO, 2, 0xff, 0x93, 0, 0, 0, 0);
	EXPECT_OUT(0x67, 0xe8, 0xfa, 0x1f, 0x00, 0x00);
	/* jmp *foo@GOT -> jmp foo; nop */
	setup(&target_i386);
	RUN32(I_TEXT, R_386_GOT32X, S_FOO, 2, 0xff, 0x25, 0, 0, 0, 0);
	EXPECT_OUT(0xe9, 0xfb, 0x1f, 0x00, 0x00, 0x90);
}

static void test_i386_got32_through_slot(void)
{
	setup(&target_i386);
	/* movl foo@GOT+4(%ebx), %eax: addend in place, kept: slot - GOT + 4 */
	RUN32(I_TEXT, R_386_GOT32X, S_FOO, 2, 0x8b, 0x83, 4, 0, 0, 0);
	EXPECT_OUT(0x8b, 0x83, 0x08, 0x00, 0x00, 0x00);
	CU_ASSERT_TRUE(needs_got(G_FOO));
	/* movl foo@GOT(%ebx,%ecx,1), %eax: a SIB byte, kept */
	setup(&target_i386);
	RUN32(I_TEXT, R_386_GOT32X, S_FOO, 3, 0x8b, 0x84, 0x0b, 0, 0, 0, 0);
	EXPECT_OUT(0x8b, 0x84, 0x0b, 0x04, 0x00, 0x00, 0x00);
	CU_ASSERT_TRUE(needs_got(G_FOO));
	/* GOT32 without a base register: the slot's address */
	setup(&target_i386);
	RUN32(I_TEXT, R_386_GOT32, S_FOO, 2, 0x8b, 0x05, 0, 0, 0, 0);
	EXPECT_OUT(0x8b, 0x05, 0x04, 0x40, 0x40, 0x00);
}

static void test_i386_gotoff_gotpc(void)
{
	setup(&target_i386);
	/* leal foo@GOTOFF+8(%ebx), %eax: 0x403008 - 0x404000 */
	RUN32(I_TEXT, R_386_GOTOFF, S_FOO, 2, 0x8d, 0x83, 8, 0, 0, 0);
	EXPECT_OUT(0x8d, 0x83, 0x08, 0xf0, 0xff, 0xff);
	CU_ASSERT_TRUE(fx.ctx.needs_got_base);
	/* addl $_GLOBAL_OFFSET_TABLE_, %ebx (addend 2): 0x404000 + 2 - 0x401002 */
	setup(&target_i386);
	RUN32(I_TEXT, R_386_GOTPC, S_GOTSYM, 2, 0x81, 0xc3, 2, 0, 0, 0);
	EXPECT_OUT(0x81, 0xc3, 0x00, 0x30, 0x00, 0x00);
}

static void test_i386_initial_exec_becomes_local_exec(void)
{
	setup(&target_i386);
	/* movl tv@indntpoff, %eax -> movl $-0xc, %eax */
	RUN32(I_TEXT, R_386_TLS_IE, S_TV, 1, 0xa1, 0, 0, 0, 0);
	EXPECT_OUT(0xb8, 0xf4, 0xff, 0xff, 0xff);
	setup(&target_i386);
	/* addl tv@indntpoff, %ecx -> addl $-0xc, %ecx */
	RUN32(I_TEXT, R_386_TLS_IE, S_TV, 2, 0x03, 0x0d, 0, 0, 0, 0);
	EXPECT_OUT(0x81, 0xc1, 0xf4, 0xff, 0xff, 0xff);
	setup(&target_i386);
	/* subl tv@gotntpoff(%ebx), %ecx -> subl $-0xc, %ecx */
	RUN32(I_TEXT, R_386_TLS_GOTIE, S_TV, 2, 0x2b, 0x8b, 0, 0, 0, 0);
	EXPECT_OUT(0x81, 0xe9, 0xf4, 0xff, 0xff, 0xff);
	setup(&target_i386);
	/* movl tv@gottpoff(%ebx), %ecx -> movl $0xc, %ecx */
	RUN32(I_TEXT, R_386_TLS_IE_32, S_TV, 2, 0x8b, 0x8b, 0, 0, 0, 0);
	EXPECT_OUT(0xc7, 0xc1, 0x0c, 0x00, 0x00, 0x00);
}

static void test_i386_local_exec_and_dtpoff(void)
{
	setup(&target_i386);
	/* movl %gs:tv+4@ntpoff, %eax: -0xc + 4 */
	RUN32(I_TEXT, R_386_TLS_LE, S_TV, 2, 0x65, 0xa1, 4, 0, 0, 0);
	EXPECT_OUT(0x65, 0xa1, 0xf8, 0xff, 0xff, 0xff);
	/* movl $tv+4@tpoff, %eax: GNU ld adds the addend to tls_end - S */
	setup(&target_i386);
	RUN32(I_TEXT, R_386_TLS_LE_32, S_TV, 1, 0xb8, 4, 0, 0, 0);
	EXPECT_OUT(0xb8, 0x10, 0x00, 0x00, 0x00);
	/* .long tv+4@dtpoff in .debug_info */
	setup(&target_i386);
	RUN32(I_DEBUG, R_386_TLS_LDO_32, S_TV, 0, 4, 0, 0, 0);
	EXPECT_OUT(0x08, 0x00, 0x00, 0x00);
}

/* General and local dynamic: tv is 0xc below tls_end; i386 subtracts tls_end - S. */
static void test_i386_general_dynamic_becomes_local_exec(void)
{
	/* leal tv@tlsgd(,%ebx,1), %eax; call ___tls_get_addr@PLT */
	static const uint8_t plt[] = { 0x8d, 0x04, 0x1d, 0, 0, 0, 0, 0xe8, 0xfc, 0xff, 0xff, 0xff };
	/* -fno-plt: leal tv@tlsgd(%esi), %eax; call *___tls_get_addr@GOT(%esi) */
	static const uint8_t got[] = { 0x8d, 0x86, 0, 0, 0, 0, 0xff, 0x96, 0, 0, 0, 0 };
	/* leal tv@tlsgd(%ebx), %eax; call ___tls_get_addr@PLT; nop */
	static const uint8_t nop[] = { 0x8d, 0x83, 0, 0, 0, 0, 0xe8, 0xfc, 0xff, 0xff, 0xff, 0x90 };
	/* movl %gs:0, %eax; subl $0xc, %eax */
	setup(&target_i386);
	RUN_SEQ(&ld_i386, plt, { 3, 0, R_386_TLS_GD, S_TV }, { 8, 0, R_386_PLT32, S_TGA32 });
	EXPECT_OUT(0x65, 0xa1, 0, 0, 0, 0, 0x81, 0xe8, 0x0c, 0, 0, 0);
	CU_ASSERT_EQUAL(fx.rels[1].type, 0);
	setup(&target_i386);
	RUN_SEQ(&ld_i386, got, { 2, 0, R_386_TLS_GD, S_TV }, { 8, 0, R_386_GOT32X, S_TGA32 });
	EXPECT_OUT(0x65, 0xa1, 0, 0, 0, 0, 0x81, 0xe8, 0x0c, 0, 0, 0);
	CU_ASSERT_EQUAL(fx.rels[1].type, 0);
	CU_ASSERT_FALSE(needs_got(G_TGA32));
	setup(&target_i386);
	RUN_SEQ(&ld_i386, nop, { 2, 0, R_386_TLS_GD, S_TV }, { 7, 0, R_386_PLT32, S_TGA32 });
	EXPECT_OUT(0x65, 0xa1, 0, 0, 0, 0, 0x81, 0xe8, 0x0c, 0, 0, 0);
}

static void test_i386_local_dynamic_becomes_local_exec(void)
{
	/* leal tloc@tlsldm(%ebx), %eax; call ___tls_get_addr@PLT; movl tv@dtpoff(%eax), %edx */
	static const uint8_t plt[] = { 0x8d, 0x83, 0, 0, 0, 0, 0xe8, 0xfc, 0xff, 0xff, 0xff, 0x8b, 0x90, 0, 0, 0, 0 };
	/* -fno-plt: leal tloc@tlsldm(%edx), %eax; call *___tls_get_addr@GOT(%edx) */
	static const uint8_t got[] = { 0x8d, 0x82, 0, 0, 0, 0, 0xff, 0x92, 0, 0, 0, 0 };
	/* movl %gs:0, %eax; nop; leal 0(%esi,%eiz,1), %esi; movl -0xc(%eax), %edx */
	setup(&target_i386);
	RUN_SEQ(&ld_i386, plt, { 2, 0, R_386_TLS_LDM, S_TLOC }, { 7, 0, R_386_PLT32, S_TGA32 },
	        { 13, 0, R_386_TLS_LDO_32, S_TV });
	EXPECT_OUT(0x65, 0xa1, 0, 0, 0, 0, 0x90, 0x8d, 0x74, 0x26, 0x00, 0x8b, 0x90, 0xf4, 0xff, 0xff, 0xff);
	CU_ASSERT_EQUAL(fx.rels[1].type, 0);
	/* movl %gs:0, %eax; leal 0(%esi), %esi */
	setup(&target_i386);
	RUN_SEQ(&ld_i386, got, { 2, 0, R_386_TLS_LDM, S_TLOC }, { 8, 0, R_386_GOT32X, S_TGA32 });
	EXPECT_OUT(0x65, 0xa1, 0, 0, 0, 0, 0x8d, 0xb6, 0, 0, 0, 0);
	CU_ASSERT_FALSE(needs_got(G_TGA32));
}

static void test_i386_tlsdesc_becomes_local_exec(void)
{
	/* leal tv@tlsdesc(%ebx), %eax; call *tv@tlscall(%eax) */
	static const uint8_t desc[] = { 0x8d, 0x83, 0, 0, 0, 0, 0xff, 0x10 };
	/* leal -0xc, %eax; xchg %ax, %ax */
	setup(&target_i386);
	RUN_SEQ(&ld_i386, desc, { 2, 0, R_386_TLS_GOTDESC, S_TV }, { 6, 0, R_386_TLS_DESC_CALL, S_TV });
	EXPECT_OUT(0x8d, 0x05, 0xf4, 0xff, 0xff, 0xff, 0x66, 0x90);
	/* _TLS_MODULE_BASE_: the thread pointer, 0 */
	setup(&target_i386);
	RUN_SEQ(&ld_i386, desc, { 2, 0, R_386_TLS_GOTDESC, S_TMB }, { 6, 0, R_386_TLS_DESC_CALL, S_TMB });
	EXPECT_OUT(0x8d, 0x05, 0, 0, 0, 0, 0x66, 0x90);
	CU_ASSERT_EQUAL(fx.rels[0].type, 0);
	CU_ASSERT_EQUAL(fx.rels[1].type, 0);
}

static void test_i386_tls_dynamic_sequence_errors(void)
{
	char msg[512];
	/* the call is to some other function */
	static const uint8_t gd[] = { 0x8d, 0x04, 0x1d, 0, 0, 0, 0, 0xe8, 0xfc, 0xff, 0xff, 0xff };
	static const struct ld_rel other[] = { { 3, 0, R_386_TLS_GD, S_TV }, { 8, 0, R_386_PLT32, S_FOO } };
	setup(&target_i386);
	CU_ASSERT_EQUAL(run_rels(&ld_i386, I_TEXT, gd, sizeof(gd), other, 2, msg, sizeof(msg)), 1);
	EXPECT_MSG(msg, "x.o:(.text+0x3): relocation R_386_TLS_GD against 'tv' cannot be relaxed to local exec: "
	           "no relocation against ___tls_get_addr at 0x8");
	/* leal tv@tlsldm(%ebx), %ecx: not into %eax */
	static const uint8_t ldm[] = { 0x8d, 0x8b, 0, 0, 0, 0, 0xe8, 0xfc, 0xff, 0xff, 0xff };
	static const struct ld_rel ldm_rels[] = { { 2, 0, R_386_TLS_LDM, S_TLOC }, { 7, 0, R_386_PLT32, S_TGA32 } };
	setup(&target_i386);
	CU_ASSERT_EQUAL(run_rels(&ld_i386, I_TEXT, ldm, sizeof(ldm), ldm_rels, 2, msg, sizeof(msg)), 1);
	EXPECT_MSG(msg, "relocation R_386_TLS_LDM against 'tloc' cannot be relaxed to local exec: the instructions are not");
}

static void test_i386_unknown_type_named(void)
{
	char msg[512];
	static const uint8_t code[] = { 0x8d, 0x04, 0x1d, 0, 0, 0, 0 };
	setup(&target_i386);
	CU_ASSERT_EQUAL(run(&ld_i386, I_TEXT, code, sizeof(code), R_386_TLS_GD_32, S_TV, 0, 3, msg, sizeof(msg)), 1);
	EXPECT_MSG(msg, "x.o:(.text+0x3): unknown relocation type 24 (R_386_TLS_GD_32) against 'tv' for i386");
}

static void test_i386_debug_reference_to_discarded_section(void)
{
	setup(&target_i386);
	fx.isecs[I_DATA].osec = 0;
	RUN32(I_DEBUG, R_386_32, S_LOC, 0, 0x10, 0, 0, 0);
	EXPECT_OUT(0, 0, 0, 0);
}

void suite_x86_ld(void)
{
	CU_pSuite s = CU_add_suite("x86_ld", NULL, NULL);
	if (!s)
		return;
	CU_add_test(s, "x64 mov GOTPCRELX becomes mov $imm", test_x64_mov_gotpcrelx_becomes_mov_imm);
	CU_add_test(s, "x64 call/jmp GOTPCRELX become direct", test_x64_branch_gotpcrelx_becomes_direct);
	CU_add_test(s, "x64 test/binop GOTPCRELX become immediates", test_x64_test_and_binop_become_immediates);
	CU_add_test(s, "x64 plain GOTPCREL mov becomes lea", test_x64_plain_gotpcrel_mov_becomes_lea);
	CU_add_test(s, "x64 kept GOTPCREL uses the slot", test_x64_gotpcrel_kept_uses_slot);
	CU_add_test(s, "x64 --no-relax keeps the GOT except undef weak", test_x64_no_relax_keeps_got_but_not_for_undef_weak);
	CU_add_test(s, "x64 mov $imm out of reach falls back to lea", test_x64_mov_imm_out_of_reach_falls_back_to_lea);
	CU_add_test(s, "x64 GOTTPOFF becomes local exec", test_x64_gottpoff_becomes_local_exec);
	CU_add_test(s, "x64 GOTTPOFF other instruction is an error", test_x64_gottpoff_other_instruction_is_an_error);
	CU_add_test(s, "x64 TPOFF and DTPOFF", test_x64_tpoff_and_dtpoff);
	CU_add_test(s, "x64 general dynamic becomes local exec", test_x64_general_dynamic_becomes_local_exec);
	CU_add_test(s, "x64 local dynamic becomes local exec", test_x64_local_dynamic_becomes_local_exec);
	CU_add_test(s, "x64 TLS descriptors become local exec", test_x64_tlsdesc_becomes_local_exec);
	CU_add_test(s, "x64 TLS dynamic sequence errors", test_x64_tls_dynamic_sequence_errors);
	CU_add_test(s, "x64 GOT base forms", test_x64_got_base_forms);
	CU_add_test(s, "x64 SIZE and plain", test_x64_size_and_plain);
	CU_add_test(s, "x64 unknown type is named", test_x64_unknown_type_named);
	CU_add_test(s, "x64 range error names everything", test_x64_range_error_names_everything);
	CU_add_test(s, "x64 local needing a slot is an error", test_x64_local_needing_slot_is_an_error);
	CU_add_test(s, "x64 debug reference to discarded section", test_x64_debug_reference_to_discarded_section);
	CU_add_test(s, "i386 implicit addend widths", test_i386_implicit_addend_widths);
	CU_add_test(s, "i386 GOT32X becomes immediate", test_i386_got32x_becomes_immediate);
	CU_add_test(s, "i386 GOT32X branches become direct", test_i386_got32x_branches_become_direct);
	CU_add_test(s, "i386 GOT32 through the slot", test_i386_got32_through_slot);
	CU_add_test(s, "i386 GOTOFF and GOTPC", test_i386_gotoff_gotpc);
	CU_add_test(s, "i386 initial exec becomes local exec", test_i386_initial_exec_becomes_local_exec);
	CU_add_test(s, "i386 local exec and DTPOFF", test_i386_local_exec_and_dtpoff);
	CU_add_test(s, "i386 general dynamic becomes local exec", test_i386_general_dynamic_becomes_local_exec);
	CU_add_test(s, "i386 local dynamic becomes local exec", test_i386_local_dynamic_becomes_local_exec);
	CU_add_test(s, "i386 TLS descriptors become local exec", test_i386_tlsdesc_becomes_local_exec);
	CU_add_test(s, "i386 TLS dynamic sequence errors", test_i386_tls_dynamic_sequence_errors);
	CU_add_test(s, "i386 unknown type is named", test_i386_unknown_type_named);
	CU_add_test(s, "i386 debug reference to discarded section", test_i386_debug_reference_to_discarded_section);
}
