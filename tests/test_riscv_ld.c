/*
 * test_riscv_ld.c: the RISC-V half of the object linker (targets/riscv_ld.c):
 * relocation of whole sections, PCREL_LO12 pairing, relaxation and R_RISCV_ALIGN.
 *
 * Each test builds a small ld_ctx by hand: one object whose sections each sit in an
 * output section of their own at a fixed address. Input bytes are what GNU as 2.40
 * assembled (-march=rv64imac, objdump of the .o) for the instructions in the comment;
 * expected bytes are what GNU ld 2.40 wrote for the same object and addresses (the
 * -T script or --defsym in the comment). Reproduce a failure with `make unit`.
 *
 * The layout helpers the target calls (ld_isec_addr, ld_reloc_target, ld_delete_bytes,
 * ...) are link/layout.c's own, so these tests also check the target against them.
 */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../link/ld.h"

enum {
	R_NONE = 0, R_JAL = 17, R_CALL = 18, R_CALL_PLT = 19, R_GOT_HI20 = 20,
	R_TLS_GOT_HI20 = 21, R_PCREL_HI20 = 23, R_PCREL_LO12_I = 24, R_PCREL_LO12_S = 25,
	R_HI20 = 26, R_LO12_I = 27, R_LO12_S = 28, R_TPREL_HI20 = 29, R_TPREL_LO12_I = 30,
	R_TPREL_ADD = 32, R_ALIGN = 43, R_RVC_JUMP = 45, R_GPREL_I = 47, R_RELAX = 51,
};
enum { ALLOC_X = 0x6, ALLOC_W = 0x3, STT_NOTYPE_ = 0, STT_SECTION_ = 3 };

/* ---- a hand-built link */

struct world {
	struct ld_options opt;
	struct ld_ctx ctx;
};

static void w_init(struct world *w, const struct ld_target *lt, uint32_t e_flags)
{
	memset(w, 0, sizeof(*w));
	w->ctx.opt = &w->opt;
	w->ctx.lt = lt;
	w->ctx.t = lt->t;
	w->ctx.elf_class = lt->t->default_class;
	w->ctx.e_flags = e_flags;
	struct ld_file f0 = { 0 };
	struct ld_isec s0 = { 0 };
	struct ld_sym g0 = { 0 };
	struct ld_osec o0 = { 0 };
	LD_PUSH(w->ctx.files, f0);
	LD_PUSH(w->ctx.isecs, s0);
	LD_PUSH(w->ctx.syms, g0);
	LD_PUSH(w->ctx.osecs, o0);
	/* File 1: "x.o", room for 32 symbols; symbol 0 is the null symbol. */
	struct ld_file f = { .path = "x.o", .name = "x.o", .is_object = 1, .first_isec = 0, .nsec = 1,
	                     .e_flags = e_flags, .elf_class = lt->t->default_class };
	f.syms = calloc(32, sizeof(struct ld_fsym));
	f.nsyms = 1;
	LD_PUSH(w->ctx.files, f);
}

static void w_free(struct world *w)
{
	for (uint32_t i = 1; i < w->ctx.isecs.len; i++) {
		struct ld_isec *s = &w->ctx.isecs.v[i];
		if (s->owned_data)
			free((void *)s->data);
		free(s->rels);
		free(s->deletes);
	}
	for (uint32_t i = 1; i < w->ctx.osecs.len; i++)
		LD_FREE(w->ctx.osecs.v[i].isecs);
	free(w->ctx.files.v[1].syms);
	free(w->ctx.files.v[1].sec_syms);          /* ld_delete_bytes' index */
	free(w->ctx.files.v[1].sec_syms_start);
	LD_FREE(w->ctx.files);
	LD_FREE(w->ctx.isecs);
	LD_FREE(w->ctx.syms);
	LD_FREE(w->ctx.osecs);
}

/* A section of file 1 with shndx = its isec index (first_isec is 0), alone in an
 * output section at addr. */
static uint32_t w_isec(struct world *w, const char *name, uint64_t flags, const uint8_t *data, uint64_t size,
                       uint64_t align, uint64_t addr)
{
	uint32_t idx = w->ctx.isecs.len;
	uint8_t *copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	struct ld_isec s = { .file = 1, .shndx = idx, .name = name, .sh_type = 1, .sh_flags = flags,
	                     .sh_addralign = align, .data = copy, .size = size, .live = 1, .owned_data = 1,
	                     .osec = w->ctx.osecs.len, .capacity = size };
	LD_PUSH(w->ctx.isecs, s);
	struct ld_osec o = { .name = name, .sh_type = 1, .sh_flags = flags, .sh_addralign = align,
	                     .addr = addr, .size = size };
	LD_PUSH(o.isecs, idx);
	LD_PUSH(w->ctx.osecs, o);
	w->ctx.files.v[1].nsec = w->ctx.isecs.len;
	return idx;
}

static uint32_t w_local(struct world *w, const char *name, uint32_t shndx, uint64_t value, uint8_t type)
{
	struct ld_file *f = &w->ctx.files.v[1];
	f->syms[f->nsyms] = (struct ld_fsym){ .name = name, .value = value, .shndx = shndx, .type = type };
	f->first_global = f->nsyms + 1;
	return f->nsyms++;
}

/* A global of file 1: defined in isec at value (def REGULAR), absolute (isec 0,
 * def ABS), or undefined (def UNDEF; weak with LD_SYM_WEAK in flags). */
static uint32_t w_global(struct world *w, const char *name, uint8_t def, uint32_t isec, uint64_t value,
                         uint16_t flags)
{
	struct ld_file *f = &w->ctx.files.v[1];
	struct ld_sym g = { .name = name, .def = def, .flags = flags, .file = 1, .fsym = f->nsyms,
	                    .isec = isec, .value = value, .addr = value };
	LD_PUSH(w->ctx.syms, g);
	f->syms[f->nsyms] = (struct ld_fsym){ .name = name, .value = value,
	                                      .shndx = def == LD_DEF_REGULAR ? isec : def == LD_DEF_ABS ? 0xfff1 : 0,
	                                      .bind = 1, .global = w->ctx.syms.len - 1 };
	return f->nsyms++;
}

static void w_rel(struct world *w, uint32_t isec, uint64_t off, uint32_t type, uint32_t sym, int64_t addend)
{
	struct ld_isec *s = &w->ctx.isecs.v[isec];
	s->rels = realloc(s->rels, (s->nrels + 1) * sizeof(*s->rels));
	s->rels[s->nrels++] = (struct ld_rel){ .offset = off, .addend = addend, .type = type, .sym = sym };
}

/* A relocation followed by its R_RISCV_RELAX. */
static void w_rel_relax(struct world *w, uint32_t isec, uint64_t off, uint32_t type, uint32_t sym, int64_t addend)
{
	w_rel(w, isec, off, type, sym, addend);
	w_rel(w, isec, off, R_RELAX, 0, 0);
}

/* Runs relax to a fixed point (each section keeps its address here, so no relayout
 * is needed). Returns the number of rounds that changed something. */
static int w_relax(struct world *w, int no_relax)
{
	int rounds = 0;
	while (rounds < 64 && w->ctx.lt->relax(&w->ctx, no_relax))
		rounds++;
	for (uint32_t i = 1; i < w->ctx.osecs.len; i++)
		w->ctx.osecs.v[i].size = w->ctx.isecs.v[w->ctx.osecs.v[i].isecs.v[0]].size;
	return rounds;
}

/* Relocates isec into a fresh copy of its bytes; returns the errors reported. */
static uint32_t w_relocate(struct world *w, uint32_t isec, uint8_t *out)
{
	const struct ld_isec *s = &w->ctx.isecs.v[isec];
	memcpy(out, s->data, s->size);
	return w->ctx.lt->relocate_section(&w->ctx, isec, out);
}

static void hexdump(const char *label, const uint8_t *p, size_t n)
{
	printf("    %s (%zu bytes):", label, n);
	for (size_t i = 0; i < n; i++)
		printf(" %02x", p[i]);
	printf("\n");
}

static void expect_bytes_at(const char *file, int line, const char *what, const uint8_t *got, size_t got_len,
                            const uint8_t *want, size_t want_len)
{
	int ok = got_len == want_len && memcmp(got, want, want_len) == 0;
	if (!ok) {
		printf("\n  %s:%d: %s: bytes differ (reproduce: make unit)\n", file, line, what);
		hexdump("expected", want, want_len);
		hexdump("got     ", got, got_len);
	}
	CU_ASSERT_TRUE(ok);
}
#define EXPECT_BYTES(what, got, got_len, ...)                                                  \
	do {                                                                                       \
		static const uint8_t want_[] = { __VA_ARGS__ };                                        \
		expect_bytes_at(__FILE__, __LINE__, what, got, got_len, want_, sizeof(want_));        \
	} while (0)

static void expect_u64_at(const char *file, int line, const char *what, uint64_t got, uint64_t want)
{
	if (got != want)
		printf("\n  %s:%d: %s: expected 0x%llx, got 0x%llx (reproduce: make unit)\n", file, line, what,
		       (unsigned long long)want, (unsigned long long)got);
	CU_ASSERT_EQUAL(got, want);
}
#define EXPECT_U64(what, got, want) expect_u64_at(__FILE__, __LINE__, what, got, want)

/* Captures stderr around a call, for the messages. */
static char captured[4096];
static FILE *saved_stderr;
static void capture_begin(void)
{
	fflush(stderr);
	saved_stderr = stderr;
	stderr = tmpfile();
}
static void capture_end(void)
{
	memset(captured, 0, sizeof(captured));
	fflush(stderr);
	rewind(stderr);
	size_t n = fread(captured, 1, sizeof(captured) - 1, stderr);
	captured[n] = 0;
	fclose(stderr);
	stderr = saved_stderr;
}
static void expect_message_at(const char *file, int line, const char *want)
{
	int ok = strstr(captured, want) != NULL;
	if (!ok)
		printf("\n  %s:%d: expected a message containing\n    %s\n  got\n    %s\n", file, line, want, captured);
	CU_ASSERT_TRUE(ok);
}
#define EXPECT_MESSAGE(want) expect_message_at(__FILE__, __LINE__, want)

/* ---- relocation without relaxation */

/* lui a0,%hi(var); addi a0,a0,%lo(var); sw a1,%lo(var)(a0); .L0: auipc a2,%pcrel_hi(var);
 * addi a2,a2,%pcrel_lo(.L0); call func; jal func — GNU ld -Ttext=0x10000
 * --defsym var=0x12345 --defsym func=0x10100 (objects built with .option norelax). */
static void test_relocate_matches_gnu_ld(void)
{
	static const uint8_t in[] = {
		0x37, 0x05, 0x00, 0x00, 0x13, 0x05, 0x05, 0x00, 0x23, 0x20, 0xb5, 0x00, 0x17, 0x06, 0x00, 0x00,
		0x13, 0x06, 0x06, 0x00, 0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00, 0xef, 0x00, 0x00, 0x00,
	};
	struct world w;
	w_init(&w, &ld_riscv64, 0x5);
	uint32_t text = w_isec(&w, ".text", ALLOC_X, in, sizeof(in), 4, 0x10000);
	uint32_t var = w_global(&w, "var", LD_DEF_ABS, 0, 0x12345, 0);
	uint32_t func = w_global(&w, "func", LD_DEF_ABS, 0, 0x10100, 0);
	uint32_t l0 = w_local(&w, ".L0", text, 0xc, STT_NOTYPE_);
	w_rel(&w, text, 0x0, R_HI20, var, 0);
	w_rel(&w, text, 0x4, R_LO12_I, var, 0);
	w_rel(&w, text, 0x8, R_LO12_S, var, 0);
	w_rel(&w, text, 0xc, R_PCREL_HI20, var, 0);
	w_rel(&w, text, 0x10, R_PCREL_LO12_I, l0, 0);
	w_rel(&w, text, 0x14, R_CALL_PLT, func, 0);
	w_rel(&w, text, 0x1c, R_JAL, func, 0);
	w.ctx.lt->scan_section(&w.ctx, text);
	CU_ASSERT_EQUAL(w.ctx.errors, 0);
	uint8_t out[sizeof(in)];
	CU_ASSERT_EQUAL(w_relocate(&w, text, out), 0);
	EXPECT_BYTES("relocated .text", out, sizeof(out),
	             0x37, 0x25, 0x01, 0x00,   /* lui a0,0x12 */
	             0x13, 0x05, 0x55, 0x34,   /* addi a0,a0,837 */
	             0xa3, 0x22, 0xb5, 0x34,   /* sw a1,837(a0) */
	             0x17, 0x26, 0x00, 0x00,   /* auipc a2,0x2 */
	             0x13, 0x06, 0x96, 0x33,   /* addi a2,a2,825 */
	             0x97, 0x00, 0x00, 0x00,   /* auipc ra,0x0 */
	             0xe7, 0x80, 0xc0, 0x0e,   /* jalr 236(ra) */
	             0xef, 0x00, 0x40, 0x0e);  /* jal 0x10100 */
	w_free(&w);
}

/* A PCREL_LO12 whose label is on an AUIPC without a HI20 is an error naming both. */
static void test_pcrel_lo12_without_hi20(void)
{
	static const uint8_t in[] = { 0x17, 0x06, 0x00, 0x00, 0x13, 0x06, 0x06, 0x00 };
	struct world w;
	w_init(&w, &ld_riscv64, 0);
	uint32_t text = w_isec(&w, ".text", ALLOC_X, in, sizeof(in), 4, 0x10000);
	uint32_t l0 = w_local(&w, ".L0", text, 0x0, STT_NOTYPE_);
	w_rel(&w, text, 0x4, R_PCREL_LO12_I, l0, 0);
	uint8_t out[sizeof(in)];
	capture_begin();
	uint32_t errors = w_relocate(&w, text, out);
	capture_end();
	CU_ASSERT_EQUAL(errors, 1);
	EXPECT_MESSAGE("x.o:(.text+0x4): R_RISCV_PCREL_LO12_I refers to '.L0', which has no R_RISCV_PCREL_HI20 relocation");
	w_free(&w);
}

/* Two LO12s (load and store) share one HI20 that is not next to them; the store
 * form's 12 bits are split over the S-type fields. var at 0x10ffc: the rounding of
 * the upper part makes the low part negative. */
static void test_pcrel_lo12_pairs_with_label(void)
{
	/* .L1: auipc a5,%pcrel_hi(var); nop; ld a4,%pcrel_lo(.L1)(a5); sd a4,%pcrel_lo(.L1)(a5) */
	static const uint8_t in[] = { 0x97, 0x07, 0x00, 0x00, 0x13, 0x00, 0x00, 0x00,
	                              0x03, 0xb7, 0x07, 0x00, 0x23, 0xb0, 0xe7, 0x00 };
	struct world w;
	w_init(&w, &ld_riscv64, 0);
	uint32_t text = w_isec(&w, ".text", ALLOC_X, in, sizeof(in), 4, 0x10000);
	uint32_t var = w_global(&w, "var", LD_DEF_ABS, 0, 0x10ffc, 0);
	uint32_t l1 = w_local(&w, ".L1", text, 0x0, STT_NOTYPE_);
	w_rel(&w, text, 0x0, R_PCREL_HI20, var, 0);
	w_rel(&w, text, 0x8, R_PCREL_LO12_I, l1, 0);
	w_rel(&w, text, 0xc, R_PCREL_LO12_S, l1, 0);
	uint8_t out[sizeof(in)];
	CU_ASSERT_EQUAL(w_relocate(&w, text, out), 0);
	/* 0x10ffc - 0x10000 = 0xffc: hi20 1, lo12 -4 */
	EXPECT_BYTES("auipc/ld/sd", out, sizeof(out),
	             0x97, 0x17, 0x00, 0x00,   /* auipc a5,0x1 */
	             0x13, 0x00, 0x00, 0x00,
	             0x03, 0xb7, 0xc7, 0xff,   /* ld a4,-4(a5) */
	             0x23, 0xbe, 0xe7, 0xfe);  /* sd a4,-4(a5) */
	w_free(&w);
}

/* GOT_HI20 marks the global in scan and points the AUIPC at its slot. */
static void test_got_hi20_uses_slot(void)
{
	/* .L0: auipc a0,%got_pcrel_hi(ext); ld a0,%pcrel_lo(.L0)(a0) */
	static const uint8_t in[] = { 0x17, 0x05, 0x00, 0x00, 0x03, 0x35, 0x05, 0x00 };
	struct world w;
	w_init(&w, &ld_riscv64, 0);
	uint32_t text = w_isec(&w, ".text", ALLOC_X, in, sizeof(in), 4, 0x10000);
	uint32_t ext = w_global(&w, "ext", LD_DEF_ABS, 0, 0x5000, 0);
	uint32_t l0 = w_local(&w, ".L0", text, 0x0, STT_NOTYPE_);
	w_rel(&w, text, 0x0, R_GOT_HI20, ext, 0);
	w_rel(&w, text, 0x4, R_PCREL_LO12_I, l0, 0);
	w.ctx.lt->scan_section(&w.ctx, text);
	CU_ASSERT_TRUE(w.ctx.syms.v[w.ctx.files.v[1].syms[ext].global].flags & LD_SYM_NEEDS_GOT);
	w.ctx.syms.v[w.ctx.files.v[1].syms[ext].global].got = 2;
	w.ctx.got_addr = 0x12000;
	uint64_t slot = ld_got_addr(&w.ctx, 1, ext);
	CU_ASSERT_TRUE(slot >= 0x12000 && slot < 0x12020);
	uint8_t out[sizeof(in)];
	CU_ASSERT_EQUAL(w_relocate(&w, text, out), 0);
	/* auipc a0,hi; ld a0,lo(a0): registers kept, and P + hi + lo is the slot. */
	uint32_t auipc = get32(out, 0), ld = get32(out + 4, 0);
	EXPECT_U64("auipc a0 kept", auipc & 0xfff, 0x517);
	EXPECT_U64("ld a0,(a0) kept", ld & 0xfffff, 0x53503);
	int64_t lo = (int64_t)((ld >> 20) ^ 0x800) - 0x800;
	EXPECT_U64("the slot", 0x10000 + (uint64_t)(auipc & 0xfffff000) + (uint64_t)lo, slot);
	w_free(&w);
}

/* TLS GD and other unhandled types are reported in scan with the agreed format. */
static void test_unknown_reloc_reported(void)
{
	static const uint8_t in[] = { 0x17, 0x05, 0x00, 0x00, 0x13, 0x05, 0x05, 0x00 };
	struct world w;
	w_init(&w, &ld_riscv64, 0);
	uint32_t text = w_isec(&w, ".text", ALLOC_X, in, sizeof(in), 4, 0x10000);
	uint32_t foo = w_global(&w, "foo", LD_DEF_ABS, 0, 0x5000, 0);
	w_rel(&w, text, 0x4, 22, foo, 0);    /* R_RISCV_TLS_GD_HI20 */
	w_rel(&w, text, 0x4, 47, foo, 0);    /* retired R_RISCV_GPREL_I: only relaxation may make it */
	capture_begin();
	w.ctx.lt->scan_section(&w.ctx, text);
	capture_end();
	CU_ASSERT_EQUAL(w.ctx.errors, 2);
	EXPECT_MESSAGE("x.o:(.text+0x4): unknown relocation type 22 (R_RISCV_TLS_GD_HI20) against 'foo' for riscv64");
	EXPECT_MESSAGE("x.o:(.text+0x4): unknown relocation type 47 (R_RISCV_GPREL_I) against 'foo' for riscv64");
	w_free(&w);
}

/* A call to an undefined weak function jumps to 0 through x0, wherever the code is
 * (GNU ld). */
static void test_call_undefined_weak(void)
{
	/* call weakfn: auipc ra,0; jalr ra,0(ra) */
	static const uint8_t in[] = { 0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00 };
	struct world w;
	w_init(&w, &ld_riscv64, 0);
	uint32_t text = w_isec(&w, ".text", ALLOC_X, in, sizeof(in), 4, 0x80000000);
	uint32_t weak = w_global(&w, "weakfn", LD_UNDEF, 0, 0, LD_SYM_WEAK);
	w_rel(&w, text, 0x0, R_CALL_PLT, weak, 0);
	uint8_t out[sizeof(in)];
	CU_ASSERT_EQUAL(w_relocate(&w, text, out), 0);
	EXPECT_BYTES("auipc ra,0; jalr ra,0(zero)", out, sizeof(out),
	             0x97, 0x00, 0x00, 0x00, 0xe7, 0x00, 0x00, 0x00);
	w_free(&w);
}

/* Local-exec TLS: tp-relative offsets from the start of the TLS block. */
static void test_tprel_local_exec(void)
{
	/* lui a5,%tprel_hi(t); add a5,a5,tp,%tprel_add(t); lw a0,%tprel_lo(t)(a5) */
	static const uint8_t in[] = { 0xb7, 0x07, 0x00, 0x00, 0xb3, 0x87, 0x47, 0x00, 0x03, 0xa5, 0x07, 0x00 };
	struct world w;
	w_init(&w, &ld_riscv64, 0);
	uint32_t text = w_isec(&w, ".text", ALLOC_X, in, sizeof(in), 4, 0x10000);
	uint32_t tv = w_global(&w, "t", LD_DEF_ABS, 0, 0x21234, 0);
	w.ctx.tls_addr = 0x20000;
	w_rel(&w, text, 0x0, R_TPREL_HI20, tv, 0);
	w_rel(&w, text, 0x4, R_TPREL_ADD, tv, 0);
	w_rel(&w, text, 0x8, R_TPREL_LO12_I, tv, 0);
	uint8_t out[sizeof(in)];
	CU_ASSERT_EQUAL(w_relocate(&w, text, out), 0);
	EXPECT_BYTES("tprel 0x1234", out, sizeof(out),
	             0xb7, 0x17, 0x00, 0x00,   /* lui a5,0x1 */
	             0xb3, 0x87, 0x47, 0x00,   /* add a5,a5,tp */
	             0x03, 0xa5, 0x47, 0x23);  /* lw a0,564(a5) */
	w_free(&w);
}

/* Initial-exec TLS in a static image: the GOT load becomes the TP offset itself. */
static void test_tls_ie_applied_as_local_exec(void)
{
	/* .L0: auipc a5,%tls_ie_pcrel_hi(t); ld a5,%pcrel_lo(.L0)(a5) */
	static const uint8_t in[] = { 0x97, 0x07, 0x00, 0x00, 0x83, 0xb7, 0x07, 0x00 };
	struct world w;
	w_init(&w, &ld_riscv64, 0);
	uint32_t text = w_isec(&w, ".text", ALLOC_X, in, sizeof(in), 4, 0x10000);
	uint32_t tv = w_global(&w, "t", LD_DEF_ABS, 0, 0x21234, 0);
	uint32_t l0 = w_local(&w, ".L0", text, 0x0, STT_NOTYPE_);
	w.ctx.tls_addr = 0x20000;
	w_rel(&w, text, 0x0, R_TLS_GOT_HI20, tv, 0);
	w_rel(&w, text, 0x4, R_PCREL_LO12_I, l0, 0);
	w.ctx.lt->scan_section(&w.ctx, text);
	CU_ASSERT_EQUAL(w.ctx.errors, 0);
	uint8_t out[sizeof(in)];
	CU_ASSERT_EQUAL(w_relocate(&w, text, out), 0);
	EXPECT_BYTES("lui/addi of the TP offset", out, sizeof(out),
	             0xb7, 0x17, 0x00, 0x00,   /* lui a5,0x1 */
	             0x93, 0x87, 0x47, 0x23);  /* addi a5,a5,564 */
	w_free(&w);
}

/* ---- relaxation */

/* The object GNU as makes from (rv64imac, relax):
 *   _start: call func; tail func; lui a0,%hi(var); addi a0,a0,%lo(var);
 *           sw a1,%lo(var)(a0); .L1: auipc a2,%pcrel_hi(var); ld a3,%pcrel_lo(.L1)(a2);
 *           .balign 8; ret; func: ret
 *   .sdata: .word 0; var: .word 1
 * linked by GNU ld with SECTIONS { . = 0x10000; .text : { *(.text) } . = 0x12000;
 * .sdata : { *(.sdata) } __global_pointer$ = GP; }. */
static const uint8_t relax_text[] = {
	0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00, 0x17, 0x03, 0x00, 0x00, 0x67, 0x00, 0x03, 0x00,
	0x37, 0x05, 0x00, 0x00, 0x13, 0x05, 0x05, 0x00, 0x23, 0x20, 0xb5, 0x00, 0x17, 0x06, 0x00, 0x00,
	0x83, 0x36, 0x06, 0x00, 0x01, 0x00, 0x13, 0x00, 0x00, 0x00, 0x82, 0x80, 0x82, 0x80, 0x00, 0x00,
};

static uint32_t relax_world(struct world *w, const struct ld_target *lt, uint64_t gp, uint32_t *sdata_out)
{
	static const uint8_t sdata_bytes[] = { 0, 0, 0, 0, 1, 0, 0, 0 };
	w_init(w, lt, 0x5);
	uint32_t text = w_isec(w, ".text", ALLOC_X, relax_text, sizeof(relax_text), 8, 0x10000);
	uint32_t sdata = w_isec(w, ".sdata", ALLOC_W, sdata_bytes, sizeof(sdata_bytes), 1, 0x12000);
	uint32_t func = w_local(w, "func", text, 0x2c, STT_NOTYPE_);
	uint32_t var = w_local(w, "var", sdata, 0x4, STT_NOTYPE_);
	uint32_t l1 = w_local(w, ".L1", text, 0x1c, STT_NOTYPE_);
	w_global(w, "_start", LD_DEF_REGULAR, text, 0, 0);
	w->ctx.gp = gp;
	w_rel_relax(w, text, 0x0, R_CALL_PLT, func, 0);
	w_rel_relax(w, text, 0x8, R_CALL_PLT, func, 0);
	w_rel_relax(w, text, 0x10, R_HI20, var, 0);
	w_rel_relax(w, text, 0x14, R_LO12_I, var, 0);
	w_rel_relax(w, text, 0x18, R_LO12_S, var, 0);
	w_rel_relax(w, text, 0x1c, R_PCREL_HI20, var, 0);
	w_rel_relax(w, text, 0x20, R_PCREL_LO12_I, l1, 0);
	w_rel(w, text, 0x24, R_ALIGN, 0, 6);
	if (sdata_out)
		*sdata_out = sdata;
	return text;
}

/* GP = 0x12100: calls become jal/c.j, var is gp-relative (LUI and AUIPC deleted),
 * and the ALIGN keeps all 6 bytes of NOPs. */
static void test_relax_gp_and_calls_match_gnu_ld(void)
{
	struct world w;
	uint32_t text = relax_world(&w, &ld_riscv64, 0x12100, NULL);
	w_relax(&w, 0);
	CU_ASSERT_EQUAL(w.ctx.errors, 0);
	EXPECT_U64("relaxed .text size", w.ctx.isecs.v[text].size, 0x1e);
	uint8_t out[0x30];
	CU_ASSERT_EQUAL(w_relocate(&w, text, out), 0);
	EXPECT_BYTES("relaxed .text (gp 0x12100)", out, w.ctx.isecs.v[text].size,
	             0xef, 0x00, 0xa0, 0x01,   /* jal func */
	             0x19, 0xa8,               /* c.j func */
	             0x13, 0x85, 0x41, 0xf0,   /* addi a0,gp,-252 */
	             0x23, 0xa2, 0xb1, 0xf0,   /* sw a1,-252(gp) */
	             0x83, 0xb6, 0x41, 0xf0,   /* ld a3,-252(gp) */
	             0x01, 0x00, 0x13, 0x00, 0x00, 0x00, /* c.nop; nop */
	             0x82, 0x80, 0x82, 0x80, 0x00, 0x00);
	/* func moved down with the deletions. */
	EXPECT_U64("func", w.ctx.files.v[1].syms[1].value, 0x1a);
	w_free(&w);
}

/* GP = 0x12800: var is 0x7fc below gp, out of reach once the 8-byte alignment margin
 * is added, so the LUI becomes c.lui and the AUIPC stays; the ALIGN then finds the
 * ret already aligned and deletes all its NOPs. */
static void test_relax_clui_and_align_match_gnu_ld(void)
{
	struct world w;
	uint32_t text = relax_world(&w, &ld_riscv64, 0x12800, NULL);
	w_relax(&w, 0);
	CU_ASSERT_EQUAL(w.ctx.errors, 0);
	EXPECT_U64("relaxed .text size", w.ctx.isecs.v[text].size, 0x1e);
	uint8_t out[0x30];
	CU_ASSERT_EQUAL(w_relocate(&w, text, out), 0);
	EXPECT_BYTES("relaxed .text (gp 0x12800)", out, w.ctx.isecs.v[text].size,
	             0xef, 0x00, 0xa0, 0x01,   /* jal func */
	             0x19, 0xa8,               /* c.j func */
	             0x49, 0x65,               /* c.lui a0,0x12 */
	             0x13, 0x05, 0x45, 0x00,   /* addi a0,a0,4 */
	             0x23, 0x22, 0xb5, 0x00,   /* sw a1,4(a0) */
	             0x17, 0x26, 0x00, 0x00,   /* auipc a2,0x2 */
	             0x83, 0x36, 0x46, 0xff,   /* ld a3,-12(a2) */
	             0x82, 0x80, 0x82, 0x80, 0x00, 0x00);
	w_free(&w);
}

/* --no-relax: only the ALIGN is honoured; P = 0x10024 needs 4 bytes of padding, so
 * one nop stays and 2 bytes go. */
static void test_no_relax_still_aligns(void)
{
	struct world w;
	uint32_t text = relax_world(&w, &ld_riscv64, 0x12100, NULL);
	w_relax(&w, 1);
	EXPECT_U64("size", w.ctx.isecs.v[text].size, 0x2e);
	const uint8_t *d = w.ctx.isecs.v[text].data;
	EXPECT_BYTES("nop then ret", d + 0x24, 6, 0x13, 0x00, 0x00, 0x00, 0x82, 0x80);
	/* The calls and LUIs are untouched. */
	EXPECT_U64("call reloc type", w.ctx.isecs.v[text].rels[0].type, R_CALL_PLT);
	w_free(&w);
}

/* ALIGN padding: 2 bytes left is a c.nop; more NOPs than the alignment allows is an
 * error in GNU ld's words. */
static void test_align_leaves_cnop(void)
{
	/* c.addi a0,1 (2 bytes), then .balign 8 with 6 bytes of NOPs, then ret */
	static const uint8_t in[] = { 0x05, 0x05, 0x13, 0x00, 0x00, 0x00, 0x01, 0x00, 0x82, 0x80 };
	struct world w;
	w_init(&w, &ld_riscv64, 0x5);
	uint32_t text = w_isec(&w, ".text", ALLOC_X, in, sizeof(in), 8, 0x10004);
	w_rel(&w, text, 0x2, R_ALIGN, 0, 6);
	w_relax(&w, 0);
	/* P = 0x10006: 2 bytes to 0x10008 */
	EXPECT_U64("size", w.ctx.isecs.v[text].size, 6);
	EXPECT_BYTES("c.addi; c.nop; ret", w.ctx.isecs.v[text].data, 6, 0x05, 0x05, 0x01, 0x00, 0x82, 0x80);
	w_free(&w);

	w_init(&w, &ld_riscv64, 0x5);
	text = w_isec(&w, ".text", ALLOC_X, in, sizeof(in), 2, 0x10003);
	w_rel(&w, text, 0x2, R_ALIGN, 0, 2);
	capture_begin();
	w_relax(&w, 0);
	capture_end();
	CU_ASSERT_EQUAL(w.ctx.errors, 1);
	EXPECT_MESSAGE("x.o:(.text+0x2): 3 bytes required for alignment to 4-byte boundary, but only 2 present");
	w_free(&w);
}

/* rv32 with RVC: a call with rd = ra becomes c.jal; rv64 has no c.jal, so jal. */
static void test_relax_call_rv32_cjal(void)
{
	static const uint8_t in[] = { 0x97, 0x00, 0x00, 0x00, 0xe7, 0x80, 0x00, 0x00, 0x82, 0x80 };
	for (int rv64 = 0; rv64 <= 1; rv64++) {
		struct world w;
		w_init(&w, rv64 ? &ld_riscv64 : &ld_riscv32, 0x1);
		uint32_t text = w_isec(&w, ".text", ALLOC_X, in, sizeof(in), 2, 0x10000);
		uint32_t fn = w_local(&w, "fn", text, 0x8, STT_NOTYPE_);
		w_rel_relax(&w, text, 0x0, R_CALL, fn, 0);
		w_relax(&w, 0);
		uint8_t out[sizeof(in)];
		w_relocate(&w, text, out);
		if (rv64) {
			EXPECT_U64("rv64 size", w.ctx.isecs.v[text].size, 6);
			EXPECT_BYTES("jal ra,fn; ret", out, 6, 0xef, 0x00, 0x40, 0x00, 0x82, 0x80);
		} else {
			EXPECT_U64("rv32 size", w.ctx.isecs.v[text].size, 4);
			EXPECT_BYTES("c.jal fn; ret", out, 4, 0x09, 0x20, 0x82, 0x80);
		}
		w_free(&w);
	}
}

/* Without R_RISCV_RELAX beside it, nothing is relaxed; a far call stays. */
static void test_relax_needs_relax_marker(void)
{
	struct world w;
	w_init(&w, &ld_riscv64, 0x1);
	uint32_t text = w_isec(&w, ".text", ALLOC_X, relax_text, 16, 4, 0x10000);
	uint32_t fn = w_local(&w, "fn", text, 0x0, STT_NOTYPE_);
	uint32_t far = w_global(&w, "far", LD_DEF_ABS, 0, 0x200000, 0);
	w_rel(&w, text, 0x0, R_CALL, fn, 0);            /* no RELAX */
	w_rel_relax(&w, text, 0x8, R_CALL, far, 0);     /* 2 MiB away: out of jal reach */
	CU_ASSERT_EQUAL(w_relax(&w, 0), 0);
	EXPECT_U64("size", w.ctx.isecs.v[text].size, 16);
	w_free(&w);
}

/* ---- e_flags */

static void test_merge_e_flags(void)
{
	struct world w;
	w_init(&w, &ld_riscv64, 0x4);
	uint32_t acc = 0x4;                 /* double-float */
	CU_ASSERT_EQUAL(w.ctx.lt->merge_e_flags(&w.ctx, &acc, 0x5, "y.o"), 0);
	CU_ASSERT_EQUAL(w.ctx.lt->merge_e_flags(&w.ctx, &acc, 0x14, "z.o"), 0);
	EXPECT_U64("RVC and TSO are unions", acc, 0x15);
	capture_begin();
	CU_ASSERT_EQUAL(w.ctx.lt->merge_e_flags(&w.ctx, &acc, 0x1, "soft.o"), -1);
	capture_end();
	EXPECT_MESSAGE("soft.o: cannot link object files with different floating-point ABI from x.o");
	w_free(&w);
}

void suite_riscv_ld(void)
{
	CU_pSuite s = CU_add_suite("riscv_ld", NULL, NULL);
	if (!s)
		return;
	CU_add_test(s, "relocate matches GNU ld", test_relocate_matches_gnu_ld);
	CU_add_test(s, "PCREL_LO12 without HI20 is an error", test_pcrel_lo12_without_hi20);
	CU_add_test(s, "PCREL_LO12 pairs through its label", test_pcrel_lo12_pairs_with_label);
	CU_add_test(s, "GOT_HI20 uses the slot", test_got_hi20_uses_slot);
	CU_add_test(s, "unknown relocation reported", test_unknown_reloc_reported);
	CU_add_test(s, "call to undefined weak jumps to 0", test_call_undefined_weak);
	CU_add_test(s, "TPREL local exec", test_tprel_local_exec);
	CU_add_test(s, "TLS IE applied as local exec", test_tls_ie_applied_as_local_exec);
	CU_add_test(s, "relax gp and calls match GNU ld", test_relax_gp_and_calls_match_gnu_ld);
	CU_add_test(s, "relax c.lui and align match GNU ld", test_relax_clui_and_align_match_gnu_ld);
	CU_add_test(s, "--no-relax still aligns", test_no_relax_still_aligns);
	CU_add_test(s, "align leaves c.nop; too few NOPs", test_align_leaves_cnop);
	CU_add_test(s, "rv32 call becomes c.jal", test_relax_call_rv32_cjal);
	CU_add_test(s, "relax needs R_RISCV_RELAX", test_relax_needs_relax_marker);
	CU_add_test(s, "merge e_flags", test_merge_e_flags);
}
