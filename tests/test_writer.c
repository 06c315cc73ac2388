/*
 * test_writer.c: the incremental writer seen from outside. Each test drives the public
 * API (solder.h) on an in-memory file and reads the produced image back with libelf:
 * block placement and capacity, growth in place and moves, free-list reuse, fixups,
 * the GOT, file-space bookkeeping after many growths, the symbol table, program
 * headers, ELF32/ELF64, and the bytes an update costs.
 *
 * Expected addresses are computed here from the placement rule the engine documents
 * (link/link.h, after Zig's Elf.zig): a block's ideal capacity is size * 4/3; a new
 * block goes after the last block's ideal capacity, aligned up; a block whose
 * capacity exceeds its ideal capacity by MIN_CAP (85) or more is on the free list, and
 * a new block is put at align_down(capacity_end - new_size * 4/3, align) inside it
 * when that is at or after the big block's ideal end.
 */
#include "memfile.h"

#include <stdlib.h>

#define MIN_CAP (64 * 4 / 3)   /* MIN_BLOCK_CAPACITY in link/link.h */
#define RV_BASE 0x80000000ull
#define X86_BASE 0x01000000ull

static uint64_t ideal(uint64_t size) { return size * 4 / 3; }
static uint64_t up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }
static uint64_t down(uint64_t v, uint64_t a) { return v / a * a; }

/* Options with an explicit image base and an explicit entry address, so a test that is
 * not about the entry point needs no "_start". */
static struct solder_options opts_for(solder_arch arch)
{
	struct solder_options o;
	memset(&o, 0, sizeof(o));
	o.arch = arch;
	o.image_base = (arch == SOLDER_ARCH_RISCV64 || arch == SOLDER_ARCH_RISCV32) ? RV_BASE : X86_BASE;
	o.has_entry_addr = 1;
	o.entry_addr = o.image_base;
	return o;
}

static int start(struct rig *r, const struct solder_options *o)
{
	rig_init(r);
	solder_status st = rig_open(r, o);
	EXPECT_STATUS(r->l, st, SOLDER_OK);
	return st == SOLDER_OK ? 0 : -1;
}

static int flush_and_view(struct rig *r, struct elfview *v)
{
	solder_status st = solder_flush(r->l);
	EXPECT_STATUS(r->l, st, SOLDER_OK);
	if (st != SOLDER_OK)
		return -1;
	if (ev_open_memfile(v, &r->mf)) {
		fprintf(stderr, "\n    libelf rejects the image: %s\n", elf_errmsg(-1));
		CU_FAIL("the image is not ELF");
		return -1;
	}
	return 0;
}

/* The image holds the pattern (size bytes from seed) at addr. */
static void expect_bytes_at(struct elfview *v, const char *what, uint64_t addr, size_t size, uint8_t seed)
{
	const uint8_t *p = ev_bytes_at(v, addr, size);
	if (!p) {
		fprintf(stderr, "\n    %s: no section holds [0x%llx, +%zu)\n", what, (unsigned long long)addr, size);
		CU_FAIL("bytes not in any section");
		return;
	}
	uint8_t *want = malloc(size ? size : 1);
	pattern_fill(want, size, seed);
	size_t i = 0;
	while (i < size && p[i] == want[i])
		i++;
	if (i < size)
		fprintf(stderr, "\n    %s: byte %zu at 0x%llx: expected 0x%02x, got 0x%02x\n", what, i,
		        (unsigned long long)(addr + i), want[i], p[i]);
	CU_ASSERT(i == size);
	free(want);
}

/* The GOT slot at slot_addr holds value. */
static void expect_slot(struct elfview *v, uint64_t slot_addr, unsigned ptr, uint64_t value)
{
	GElf_Shdr got;
	if (!ev_section(v, ".got", &got)) {
		CU_FAIL("no .got section");
		return;
	}
	EXPECT_TRUE("the slot inside .got", slot_addr >= got.sh_addr && slot_addr + ptr <= got.sh_addr + got.sh_size);
	const uint8_t *p = ev_bytes_at(v, slot_addr, ptr);
	if (!p) {
		CU_FAIL("GOT slot not in the file");
		return;
	}
	EXPECT_U64("GOT slot contents", ev_get_le(p, ptr), value);
}

/* ---- block placement and capacity */

static void test_first_block_at_image_base_second_after_ideal_capacity(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	if (start(&r, &o))
		goto out;
	/* a's ideal end is already aligned (96 * 4/3 = 128): b starts right there. */
	solder_sym a = rig_new(&r, SOLDER_FUNC, "a", 96, 16, 1);
	solder_sym b = rig_new(&r, SOLDER_FUNC, "b", 100, 16, 2);
	solder_sym c = rig_new(&r, SOLDER_FUNC, "c", 10, 64, 3);
	EXPECT_U64("first function's address", rig_addr(&r, a), RV_BASE);
	EXPECT_U64("second function's address", rig_addr(&r, b), RV_BASE + 128);
	EXPECT_U64("third function (align 64)", rig_addr(&r, c), up(RV_BASE + 128 + ideal(100), 64));
	struct elfview v;
	if (flush_and_view(&r, &v) == 0) {
		GElf_Shdr text;
		if (ev_section(&v, ".text", &text))
			EXPECT_U64(".text sh_addr", text.sh_addr, RV_BASE);
		else
			CU_FAIL("no .text");
		expect_bytes_at(&v, "a", RV_BASE, 96, 1);
		expect_bytes_at(&v, "b", rig_addr(&r, b), 100, 2);
		expect_bytes_at(&v, "c", rig_addr(&r, c), 10, 3);
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

/* The target's default image base when the options leave it 0. */
static void check_default_base(solder_arch arch, uint64_t base)
{
	struct rig r;
	struct solder_options o = opts_for(arch);
	o.image_base = 0;
	o.has_entry_addr = 0;
	if (start(&r, &o))
		goto out;
	solder_sym a = rig_new(&r, SOLDER_FUNC, "entry", 16, 0, 1);
	EXPECT_STATUS(r.l, solder_export(r.l, a, "_start", SOLDER_GLOBAL), SOLDER_OK);
	EXPECT_U64("first function at the default image base", rig_addr(&r, a), base);
	struct elfview v;
	if (flush_and_view(&r, &v) == 0) {
		EXPECT_U64("e_entry", v.eh.e_entry, base);
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

static void test_default_image_base_riscv64(void) { check_default_base(SOLDER_ARCH_RISCV64, 0x10000); }
static void test_default_image_base_x86_64(void) { check_default_base(SOLDER_ARCH_X86_64, 0x400000); }

static void test_growth_within_capacity_stays_in_place(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	if (start(&r, &o))
		goto out;
	solder_sym a = rig_new(&r, SOLDER_FUNC, "a", 100, 16, 1);
	solder_sym b = rig_new(&r, SOLDER_FUNC, "b", 100, 16, 2);
	uint64_t a0 = rig_addr(&r, a), b0 = rig_addr(&r, b);
	uint64_t cap = b0 - a0;   /* 144: up(133, 16) */
	EXPECT_U64("capacity of a", cap, 144);
	EXPECT_STATUS(r.l, rig_update(&r, a, SOLDER_FUNC, "a", 120, 16, 9), SOLDER_OK);
	EXPECT_U64("a after growing to 120", rig_addr(&r, a), a0);
	EXPECT_STATUS(r.l, rig_update(&r, a, SOLDER_FUNC, "a", cap, 16, 10), SOLDER_OK);
	EXPECT_U64("a after growing to exactly its capacity", rig_addr(&r, a), a0);
	EXPECT_STATUS(r.l, rig_update(&r, a, SOLDER_FUNC, "a", 20, 16, 11), SOLDER_OK);
	EXPECT_U64("a after shrinking", rig_addr(&r, a), a0);
	EXPECT_STATUS(r.l, rig_update(&r, a, SOLDER_FUNC, "a", cap, 16, 12), SOLDER_OK);
	EXPECT_U64("a after growing back to its capacity", rig_addr(&r, a), a0);
	EXPECT_U64("b untouched", rig_addr(&r, b), b0);
	struct elfview v;
	if (flush_and_view(&r, &v) == 0) {
		expect_bytes_at(&v, "a", a0, cap, 12);
		expect_bytes_at(&v, "b", b0, 100, 2);
		expect_slot(&v, rig_slot(&r, a), 8, a0);
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

static void test_growth_past_capacity_moves_after_last_block(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	if (start(&r, &o))
		goto out;
	solder_sym a = rig_new(&r, SOLDER_FUNC, "a", 100, 16, 1);
	solder_sym b = rig_new(&r, SOLDER_FUNC, "b", 100, 16, 2);
	uint64_t a0 = rig_addr(&r, a), b0 = rig_addr(&r, b);
	uint64_t slot = rig_slot(&r, a);
	struct elfview v;
	if (flush_and_view(&r, &v) == 0) {
		expect_slot(&v, slot, 8, a0);
		ev_close(&v);
	}
	EXPECT_STATUS(r.l, rig_update(&r, a, SOLDER_FUNC, "a", (b0 - a0) + 1, 16, 5), SOLDER_OK);
	uint64_t a1 = rig_addr(&r, a);
	EXPECT_U64("a moved after b's ideal capacity", a1, up(b0 + ideal(100), 16));
	EXPECT_U64("a's GOT slot address unchanged", rig_slot(&r, a), slot);
	EXPECT_U64("b untouched", rig_addr(&r, b), b0);
	if (flush_and_view(&r, &v) == 0) {
		expect_slot(&v, slot, 8, a1);
		expect_bytes_at(&v, "a at its new place", a1, (b0 - a0) + 1, 5);
		expect_bytes_at(&v, "b", b0, 100, 2);
		GElf_Sym s;
		if (ev_symbol(&v, "a", &s, NULL) == 1)
			EXPECT_U64("a's local symbol follows the move", s.st_value, a1);
		else
			CU_FAIL("expected exactly one symbol named a");
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

static void test_last_block_grows_in_place(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	if (start(&r, &o))
		goto out;
	rig_new(&r, SOLDER_FUNC, "a", 100, 16, 1);
	solder_sym b = rig_new(&r, SOLDER_FUNC, "b", 100, 16, 2);
	uint64_t b0 = rig_addr(&r, b);
	EXPECT_STATUS(r.l, rig_update(&r, b, SOLDER_FUNC, "b", 5000, 16, 3), SOLDER_OK);
	EXPECT_U64("the last block grows where it is", rig_addr(&r, b), b0);
	struct elfview v;
	if (flush_and_view(&r, &v) == 0) {
		expect_bytes_at(&v, "b", b0, 5000, 3);
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

static void test_stricter_alignment_moves_block(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	if (start(&r, &o))
		goto out;
	rig_new(&r, SOLDER_FUNC, "a", 100, 16, 1);
	solder_sym b = rig_new(&r, SOLDER_FUNC, "b", 20, 16, 2);
	solder_sym c = rig_new(&r, SOLDER_FUNC, "c", 100, 16, 3);
	uint64_t b0 = rig_addr(&r, b), c0 = rig_addr(&r, c);
	EXPECT_TRUE("b is not 256-aligned to start with", b0 % 256 != 0);
	EXPECT_STATUS(r.l, rig_update(&r, b, SOLDER_FUNC, "b", 20, 256, 4), SOLDER_OK);
	EXPECT_U64("b realigned after the last block", rig_addr(&r, b), up(c0 + ideal(100), 256));
	struct elfview v;
	if (flush_and_view(&r, &v) == 0) {
		expect_bytes_at(&v, "b", rig_addr(&r, b), 20, 4);
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

/* Freeing b gives its space to a (its predecessor); a's surplus is then large enough
 * for the free list, and new blocks land inside the freed range, from its end down. */
static void test_free_list_reuses_freed_range(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	if (start(&r, &o))
		goto out;
	solder_sym a = rig_new(&r, SOLDER_FUNC, "a", 64, 16, 1);
	solder_sym b = rig_new(&r, SOLDER_FUNC, "b", 200, 16, 2);
	solder_sym c = rig_new(&r, SOLDER_FUNC, "c", 64, 16, 3);
	uint64_t a0 = rig_addr(&r, a), b0 = rig_addr(&r, b), c0 = rig_addr(&r, c);
	EXPECT_U64("b", b0, up(a0 + ideal(64), 16));
	EXPECT_U64("c", c0, up(b0 + ideal(200), 16));
	EXPECT_TRUE("a's surplus before the free is below the free-list threshold", (b0 - a0) - ideal(64) < MIN_CAP);
	EXPECT_TRUE("a's surplus after the free reaches the threshold", (c0 - a0) - ideal(64) >= MIN_CAP);

	EXPECT_STATUS(r.l, solder_free_symbol(r.l, b), SOLDER_OK);
	solder_sym d = rig_new(&r, SOLDER_FUNC, "d", 100, 16, 4);
	uint64_t d_want = down(c0 - ideal(100), 16);
	EXPECT_TRUE("d's expected place is past a's ideal end", d_want >= a0 + ideal(64));
	EXPECT_U64("d inside the freed range", rig_addr(&r, d), d_want);

	/* a keeps its node: d_want - (a0 + ideal(64)) is still >= MIN_CAP. */
	EXPECT_TRUE("a still has surplus for the free list", d_want - (a0 + ideal(64)) >= MIN_CAP);
	solder_sym e = rig_new(&r, SOLDER_FUNC, "e", 40, 16, 5);
	uint64_t e_want = down(d_want - ideal(40), 16);
	EXPECT_TRUE("e's expected place is past a's ideal end", e_want >= a0 + ideal(64));
	EXPECT_U64("e inside the rest of the freed range", rig_addr(&r, e), e_want);
	EXPECT_U64("c untouched", rig_addr(&r, c), c0);
	struct elfview v;
	if (flush_and_view(&r, &v) == 0) {
		expect_bytes_at(&v, "a", a0, 64, 1);
		expect_bytes_at(&v, "c", c0, 64, 3);
		expect_bytes_at(&v, "d", d_want, 100, 4);
		expect_bytes_at(&v, "e", e_want, 40, 5);
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

/* A freed block whose space leaves its predecessor with less than MIN_CAP surplus is
 * not reused: the next block goes at the end. */
static void test_small_surplus_is_not_reused(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	if (start(&r, &o))
		goto out;
	solder_sym a = rig_new(&r, SOLDER_FUNC, "a", 64, 16, 1);
	solder_sym b = rig_new(&r, SOLDER_FUNC, "b", 16, 16, 2);
	solder_sym c = rig_new(&r, SOLDER_FUNC, "c", 64, 16, 3);
	uint64_t a0 = rig_addr(&r, a), c0 = rig_addr(&r, c);
	EXPECT_TRUE("a's surplus after the free stays below the threshold", (c0 - a0) - ideal(64) < MIN_CAP);
	EXPECT_STATUS(r.l, solder_free_symbol(r.l, b), SOLDER_OK);
	solder_sym d = rig_new(&r, SOLDER_FUNC, "d", 16, 16, 4);
	EXPECT_U64("d after the last block", rig_addr(&r, d), up(c0 + ideal(64), 16));
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

/* Blocks of the three kinds live in three sections at their segments' addresses. */
static void test_kinds_go_to_their_sections(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	o.rodata_addr = 0x81000000;
	o.data_addr = 0x82000000;
	o.got_addr = 0x83000000;
	if (start(&r, &o))
		goto out;
	solder_sym f = rig_new(&r, SOLDER_FUNC, "f", 32, 4, 1);
	solder_sym ro = rig_new(&r, SOLDER_RODATA, "ro", 40, 8, 2);
	solder_sym d = rig_new(&r, SOLDER_DATA, "d", 24, 8, 3);
	EXPECT_U64("function in .text", rig_addr(&r, f), RV_BASE);
	EXPECT_U64("rodata object at rodata_addr", rig_addr(&r, ro), 0x81000000);
	EXPECT_U64("data object at data_addr", rig_addr(&r, d), 0x82000000);
	EXPECT_U64("first GOT slot at got_addr", rig_slot(&r, f), 0x83000000);
	struct elfview v;
	if (flush_and_view(&r, &v) == 0) {
		static const struct { const char *name; uint64_t addr; uint64_t flags; } want[] = {
			{ ".text", RV_BASE, SHF_ALLOC | SHF_EXECINSTR },
			{ ".rodata", 0x81000000, SHF_ALLOC },
			{ ".data", 0x82000000, SHF_ALLOC | SHF_WRITE },
			{ ".got", 0x83000000, SHF_ALLOC },
		};
		for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
			GElf_Shdr sh;
			if (!ev_section(&v, want[i].name, &sh)) {
				fprintf(stderr, "\n    no section %s\n", want[i].name);
				CU_FAIL("missing section");
				continue;
			}
			EXPECT_U64(want[i].name, sh.sh_addr, want[i].addr);
			EXPECT_U64("section type PROGBITS", sh.sh_type, SHT_PROGBITS);
			EXPECT_TRUE("section flags include the kind's", (sh.sh_flags & want[i].flags) == want[i].flags);
			EXPECT_TRUE("only .text is executable", !!(sh.sh_flags & SHF_EXECINSTR) == (i == 0));
		}
		expect_bytes_at(&v, "f", RV_BASE, 32, 1);
		expect_bytes_at(&v, "ro", 0x81000000, 40, 2);
		expect_bytes_at(&v, "d", 0x82000000, 24, 3);
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

/* ---- code bytes and fixups */

/* x86_64 `call [abs32]` to the callee's GOT slot: the displacement holds the slot's
 * address, and stays the same when the callee moves; only the slot changes. */
static void test_x86_64_call_through_got_slot(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64);
	if (start(&r, &o))
		goto out;
	solder_sym g = rig_new(&r, SOLDER_FUNC, "g", 16, 16, 1);
	solder_sym h = rig_new(&r, SOLDER_FUNC, "h", 16, 16, 2);   /* so g is not the last block */
	solder_sym f = 0;
	EXPECT_STATUS(r.l, solder_alloc_symbol(r.l, &f), SOLDER_OK);
	static const uint8_t code[] = { 0xff, 0x14, 0x25, 0, 0, 0, 0, 0xc3 };
	struct solder_fixup fx = { .offset = 3, .type = R_X86_64_32S, .sym = g, .flags = SOLDER_FIXUP_GOT };
	struct solder_update u = { .name = "f", .kind = SOLDER_FUNC, .bytes = code, .size = sizeof(code),
	                           .align = 16, .fixups = &fx, .nfixups = 1 };
	EXPECT_STATUS(r.l, solder_update_symbol(r.l, f, &u), SOLDER_OK);
	uint64_t fa = rig_addr(&r, f), slot = rig_slot(&r, g);
	struct elfview v;
	if (flush_and_view(&r, &v) == 0) {
		const uint8_t *p = ev_bytes_at(&v, fa, sizeof(code));
		if (p) {
			EXPECT_TRUE("opcode bytes kept", p[0] == 0xff && p[1] == 0x14 && p[2] == 0x25 && p[7] == 0xc3);
			EXPECT_U64("call [abs32] displacement = g's GOT slot", ev_get_le(p + 3, 4), slot);
		} else {
			CU_FAIL("f's bytes not in the image");
		}
		expect_slot(&v, slot, 8, rig_addr(&r, g));
		ev_close(&v);
	}
	/* Move g; f is not re-patched, the slot follows. */
	EXPECT_STATUS(r.l, rig_update(&r, g, SOLDER_FUNC, "g", 300, 16, 3), SOLDER_OK);
	uint64_t g1 = rig_addr(&r, g);
	EXPECT_TRUE("g moved", g1 != X86_BASE);
	if (flush_and_view(&r, &v) == 0) {
		const uint8_t *p = ev_bytes_at(&v, fa, sizeof(code));
		if (p)
			EXPECT_U64("f's displacement after g moved", ev_get_le(p + 3, 4), slot);
		expect_slot(&v, slot, 8, g1);
		expect_bytes_at(&v, "h", rig_addr(&r, h), 16, 2);
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

static uint32_t le32(const uint8_t *p) { return (uint32_t)ev_get_le(p, 4); }

/* The address an AUIPC + I-type pair at pc computes. */
static uint64_t rv_pair_target(uint64_t pc, uint32_t auipc, uint32_t itype)
{
	int64_t hi = (int32_t)(auipc & 0xfffff000u);
	int64_t lo = (int32_t)itype >> 20;
	return pc + (uint64_t)hi + (uint64_t)lo;
}

/* riscv64 `auipc ra, %pcrel_hi(slot); ld ra, %pcrel_lo(ra); jalr ra` reaches the slot,
 * and still does after the caller itself moves (its fixups are re-applied). */
static void test_riscv64_auipc_ld_pair_reaches_got_slot(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	if (start(&r, &o))
		goto out;
	solder_sym g = rig_new(&r, SOLDER_FUNC, "g", 16, 4, 1);
	solder_sym f = 0;
	EXPECT_STATUS(r.l, solder_alloc_symbol(r.l, &f), SOLDER_OK);
	uint8_t code[12];
	memcpy(code, (const uint8_t[]){ 0x97, 0x00, 0x00, 0x00,     /* auipc ra, 0 */
	                                0x83, 0xb0, 0x00, 0x00,     /* ld ra, 0(ra) */
	                                0xe7, 0x80, 0x00, 0x00 },   /* jalr ra */
	       sizeof(code));
	struct solder_fixup fx[2] = {
		{ .offset = 0, .type = R_RISCV_PCREL_HI20, .sym = g, .flags = SOLDER_FIXUP_GOT },
		{ .offset = 4, .type = R_RISCV_PCREL_LO12_I, .sym = g, .flags = SOLDER_FIXUP_GOT, .hi_offset = 0 },
	};
	struct solder_update u = { .name = "f", .kind = SOLDER_FUNC, .bytes = code, .size = sizeof(code),
	                           .align = 4, .fixups = fx, .nfixups = 2 };
	EXPECT_STATUS(r.l, solder_update_symbol(r.l, f, &u), SOLDER_OK);
	rig_new(&r, SOLDER_FUNC, "last", 16, 4, 2);   /* so f is not the last block */
	uint64_t slot = rig_slot(&r, g);
	for (int round = 0; round < 2; round++) {
		uint64_t fa = rig_addr(&r, f);
		struct elfview v;
		if (flush_and_view(&r, &v))
			break;
		const uint8_t *p = ev_bytes_at(&v, fa, u.size);
		if (p) {
			EXPECT_U64("auipc opcode and rd kept", le32(p) & 0xfff, 0x097);
			EXPECT_U64("ld opcode, rd, rs1 kept", le32(p + 4) & 0xfffff, 0x0b083);
			EXPECT_U64("jalr kept", le32(p + 8), 0x000080e7);
			EXPECT_U64("auipc + ld reach g's GOT slot", rv_pair_target(fa, le32(p), le32(p + 4)), slot);
		} else {
			CU_FAIL("f's bytes not in the image");
		}
		expect_slot(&v, slot, 8, rig_addr(&r, g));
		ev_close(&v);
		if (round == 0) {
			/* Grow f past its capacity: same code at the front, a longer tail. */
			uint8_t big[400];
			memset(big, 0, sizeof(big));
			memcpy(big, code, sizeof(code));
			u.bytes = big;
			u.size = sizeof(big);
			EXPECT_STATUS(r.l, solder_update_symbol(r.l, f, &u), SOLDER_OK);
			EXPECT_TRUE("f moved", rig_addr(&r, f) != fa);
		}
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

/* The encoder's GOT call, placed by the writer, reaches the callee's slot. */
static void test_riscv64_emit_call_got_reaches_slot(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	if (start(&r, &o))
		goto out;
	solder_sym g = rig_new(&r, SOLDER_FUNC, "g", 16, 4, 1);
	solder_sym f = 0;
	EXPECT_STATUS(r.l, solder_alloc_symbol(r.l, &f), SOLDER_OK);
	uint8_t bytes[64];
	struct solder_fixup fixups[8];
	struct solder_code c = { .bytes = bytes, .cap = sizeof(bytes), .fixups = fixups, .fixups_cap = 8 };
	solder_emit_call_got(SOLDER_ARCH_RISCV64, &c, g);
	EXPECT_TRUE("the encoder did not overflow", !c.overflow);
	EXPECT_U64("auipc + ld + jalr", c.len, 12);
	struct solder_update u = { .name = "f", .kind = SOLDER_FUNC, .bytes = c.bytes, .size = c.len,
	                           .align = 4, .fixups = c.fixups, .nfixups = c.nfixups };
	EXPECT_STATUS(r.l, solder_update_symbol(r.l, f, &u), SOLDER_OK);
	uint64_t fa = rig_addr(&r, f), slot = rig_slot(&r, g);
	struct elfview v;
	if (c.len == 12 && flush_and_view(&r, &v) == 0) {
		const uint8_t *p = ev_bytes_at(&v, fa, 12);
		if (p) {
			EXPECT_U64("auipc opcode", le32(p) & 0x7f, 0x17);
			EXPECT_U64("ld opcode and funct3", le32(p + 4) & 0x707f, 0x3003);
			EXPECT_U64("auipc + ld reach g's GOT slot", rv_pair_target(fa, le32(p), le32(p + 4)), slot);
		} else {
			CU_FAIL("f's bytes not in the image");
		}
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

/* A direct reference (no GOT) is re-applied when its target moves: x86_64
 * `mov eax, imm32` with R_X86_64_32 against g. */
static void test_direct_reference_follows_target_move(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64);
	if (start(&r, &o))
		goto out;
	solder_sym g = rig_new(&r, SOLDER_RODATA, "g", 16, 8, 1);
	rig_new(&r, SOLDER_RODATA, "g2", 16, 8, 2);   /* so g is not the last block */
	solder_sym f = 0;
	EXPECT_STATUS(r.l, solder_alloc_symbol(r.l, &f), SOLDER_OK);
	static const uint8_t code[] = { 0xb8, 0, 0, 0, 0, 0xc3 };
	struct solder_fixup fx = { .offset = 1, .type = R_X86_64_32, .sym = g, .addend = 4 };
	struct solder_update u = { .name = "f", .kind = SOLDER_FUNC, .bytes = code, .size = sizeof(code),
	                           .align = 16, .fixups = &fx, .nfixups = 1 };
	EXPECT_STATUS(r.l, solder_update_symbol(r.l, f, &u), SOLDER_OK);
	uint64_t fa = rig_addr(&r, f);
	struct elfview v;
	if (flush_and_view(&r, &v) == 0) {
		const uint8_t *p = ev_bytes_at(&v, fa, sizeof(code));
		if (p)
			EXPECT_U64("imm32 = S + A", ev_get_le(p + 1, 4), rig_addr(&r, g) + 4);
		ev_close(&v);
	}
	uint64_t g0 = rig_addr(&r, g);
	EXPECT_STATUS(r.l, rig_update(&r, g, SOLDER_RODATA, "g", 500, 8, 3), SOLDER_OK);
	uint64_t g1 = rig_addr(&r, g);
	EXPECT_TRUE("g moved", g1 != g0);
	if (flush_and_view(&r, &v) == 0) {
		const uint8_t *p = ev_bytes_at(&v, fa, sizeof(code));
		if (p) {
			EXPECT_U64("imm32 re-applied after g moved", ev_get_le(p + 1, 4), g1 + 4);
			EXPECT_TRUE("the rest of f kept", p[0] == 0xb8 && p[5] == 0xc3);
		}
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

/* A direct reference to a symbol that has no bytes yet is applied once it gets them. */
static void test_direct_reference_to_later_symbol(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64);
	if (start(&r, &o))
		goto out;
	solder_sym g = 0, f = 0;
	EXPECT_STATUS(r.l, solder_alloc_symbol(r.l, &g), SOLDER_OK);
	EXPECT_STATUS(r.l, solder_alloc_symbol(r.l, &f), SOLDER_OK);
	static const uint8_t code[] = { 0xb8, 0, 0, 0, 0, 0xc3 };
	struct solder_fixup fx = { .offset = 1, .type = R_X86_64_32, .sym = g, .addend = 2 };
	struct solder_update u = { .name = "f", .kind = SOLDER_FUNC, .bytes = code, .size = sizeof(code),
	                           .align = 16, .fixups = &fx, .nfixups = 1 };
	EXPECT_STATUS(r.l, solder_update_symbol(r.l, f, &u), SOLDER_OK);
	EXPECT_STATUS(r.l, rig_update(&r, g, SOLDER_DATA, "g", 32, 8, 1), SOLDER_OK);
	struct elfview v;
	if (flush_and_view(&r, &v) == 0) {
		const uint8_t *p = ev_bytes_at(&v, rig_addr(&r, f), sizeof(code));
		if (p)
			EXPECT_U64("imm32 = g + 2, applied when g was placed", ev_get_le(p + 1, 4), rig_addr(&r, g) + 2);
		else
			CU_FAIL("f's bytes not in the image");
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

/* A PC-relative direct reference is re-applied when the referring code moves:
 * riscv64 `auipc a0, %pcrel_hi(g); addi a0, a0, %pcrel_lo`. */
static void test_pcrel_reference_follows_own_move(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	if (start(&r, &o))
		goto out;
	solder_sym g = rig_new(&r, SOLDER_DATA, "g", 16, 8, 1);
	solder_sym f = 0;
	EXPECT_STATUS(r.l, solder_alloc_symbol(r.l, &f), SOLDER_OK);
	uint8_t code[200];
	memset(code, 0, sizeof(code));
	memcpy(code, (const uint8_t[]){ 0x17, 0x05, 0x00, 0x00,     /* auipc a0, 0 */
	                                0x13, 0x05, 0x05, 0x00 },   /* addi a0, a0, 0 */
	       8);
	struct solder_fixup fx[2] = {
		{ .offset = 0, .type = R_RISCV_PCREL_HI20, .sym = g, .addend = 8 },
		{ .offset = 4, .type = R_RISCV_PCREL_LO12_I, .sym = g, .addend = 8, .hi_offset = 0 },
	};
	struct solder_update u = { .name = "f", .kind = SOLDER_FUNC, .bytes = code, .size = 16,
	                           .align = 4, .fixups = fx, .nfixups = 2 };
	EXPECT_STATUS(r.l, solder_update_symbol(r.l, f, &u), SOLDER_OK);
	rig_new(&r, SOLDER_FUNC, "last", 16, 4, 2);
	uint64_t want = rig_addr(&r, g) + 8;
	for (int round = 0; round < 2; round++) {
		uint64_t fa = rig_addr(&r, f);
		struct elfview v;
		if (flush_and_view(&r, &v))
			break;
		const uint8_t *p = ev_bytes_at(&v, fa, 8);
		if (p) {
			EXPECT_U64("auipc a0 kept", le32(p) & 0xfff, 0x517);
			EXPECT_U64("addi a0, a0 kept", le32(p + 4) & 0xfffff, 0x50513);
			EXPECT_U64("auipc + addi = g + 8", rv_pair_target(fa, le32(p), le32(p + 4)), want);
		} else {
			CU_FAIL("f's bytes not in the image");
		}
		ev_close(&v);
		if (round == 0) {
			u.size = sizeof(code);
			EXPECT_STATUS(r.l, solder_update_symbol(r.l, f, &u), SOLDER_OK);
			EXPECT_TRUE("f moved", rig_addr(&r, f) != fa);
		}
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

/* ---- the GOT */

static void check_got_slots_consecutive(solder_arch arch, unsigned elf_class, unsigned ptr)
{
	struct rig r;
	struct solder_options o = opts_for(arch);
	o.elf_class = elf_class;
	o.got_addr = o.image_base + 0x300000;
	o.rodata_addr = o.image_base + 0x100000;
	o.data_addr = o.image_base + 0x200000;
	if (start(&r, &o))
		goto out;
	solder_sym s[6];
	for (int i = 0; i < 6; i++) {
		s[i] = 0;
		EXPECT_STATUS(r.l, solder_alloc_symbol(r.l, &s[i]), SOLDER_OK);
		EXPECT_U64("GOT slot address = got_addr + i * ptr_size", rig_slot(&r, s[i]), o.got_addr + (uint64_t)i * ptr);
	}
	for (int i = 0; i < 6; i++)
		EXPECT_STATUS(r.l, rig_update(&r, s[i], i % 2 ? SOLDER_DATA : SOLDER_FUNC, NULL, 8 + 8 * i, 8, (uint8_t)i), SOLDER_OK);
	struct elfview v;
	if (flush_and_view(&r, &v) == 0) {
		GElf_Shdr got;
		if (ev_section(&v, ".got", &got)) {
			EXPECT_U64(".got sh_addr", got.sh_addr, o.got_addr);
			EXPECT_TRUE(".got holds the 6 slots", got.sh_size >= 6ull * ptr);
		} else {
			CU_FAIL("no .got");
		}
		for (int i = 0; i < 6; i++)
			expect_slot(&v, o.got_addr + (uint64_t)i * ptr, ptr, rig_addr(&r, s[i]));
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

static void test_got_slots_riscv64(void) { check_got_slots_consecutive(SOLDER_ARCH_RISCV64, 0, 8); }
static void test_got_slots_riscv32(void) { check_got_slots_consecutive(SOLDER_ARCH_RISCV32, 0, 4); }
static void test_got_slots_i386(void) { check_got_slots_consecutive(SOLDER_ARCH_I386, 0, 4); }
static void test_got_slots_x86_64_elf32(void) { check_got_slots_consecutive(SOLDER_ARCH_X86_64, 32, 8); }

static void test_got_slot_fixed_for_symbol_life_and_reused_after_free(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	if (start(&r, &o))
		goto out;
	solder_sym a = rig_new(&r, SOLDER_FUNC, "a", 32, 16, 1);
	solder_sym b = rig_new(&r, SOLDER_FUNC, "b", 32, 16, 2);
	solder_sym c = rig_new(&r, SOLDER_FUNC, "c", 32, 16, 3);
	uint64_t sa = rig_slot(&r, a), sb = rig_slot(&r, b), sc = rig_slot(&r, c);
	for (int i = 1; i <= 4; i++) {
		EXPECT_STATUS(r.l, rig_update(&r, a, SOLDER_FUNC, "a", 32u << i, 16, (uint8_t)(10 + i)), SOLDER_OK);
		EXPECT_U64("a's slot after an update", rig_slot(&r, a), sa);
		EXPECT_STATUS(r.l, solder_flush(r.l), SOLDER_OK);
	}
	EXPECT_STATUS(r.l, solder_free_symbol(r.l, b), SOLDER_OK);
	solder_sym d = 0;
	EXPECT_STATUS(r.l, solder_alloc_symbol(r.l, &d), SOLDER_OK);
	EXPECT_U64("the freed index is reused", d, b);
	EXPECT_U64("the freed slot is reused", rig_slot(&r, d), sb);
	EXPECT_STATUS(r.l, rig_update(&r, d, SOLDER_DATA, "d", 24, 8, 7), SOLDER_OK);
	struct elfview v;
	if (flush_and_view(&r, &v) == 0) {
		expect_slot(&v, sa, 8, rig_addr(&r, a));
		expect_slot(&v, sb, 8, rig_addr(&r, d));
		expect_slot(&v, sc, 8, rig_addr(&r, c));
		expect_bytes_at(&v, "a", rig_addr(&r, a), 512, 14);
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

/* ---- file space */

struct range { uint64_t start, end; char what[40]; };

/* Every piece of the file (ELF header, program and section header tables, section
 * contents) lies within the file and overlaps no other; every PT_LOAD maps its file
 * bytes at an offset congruent to its address and lies within the file. */
static void check_file_layout(struct elfview *v)
{
	struct range rs[128];
	size_t n = 0;
	rs[n++] = (struct range){ 0, v->eh.e_ehsize, "ELF header" };
	if (v->eh.e_phnum)
		rs[n++] = (struct range){ v->eh.e_phoff, v->eh.e_phoff + (uint64_t)v->eh.e_phnum * v->eh.e_phentsize,
		                          "program headers" };
	size_t shnum = 0;
	elf_getshdrnum(v->e, &shnum);
	rs[n++] = (struct range){ v->eh.e_shoff, v->eh.e_shoff + (uint64_t)shnum * v->eh.e_shentsize, "section headers" };
	for (Elf_Scn *s = elf_nextscn(v->e, NULL); s && n < 128; s = elf_nextscn(v->e, s)) {
		GElf_Shdr sh;
		if (!gelf_getshdr(s, &sh) || sh.sh_type == SHT_NOBITS || sh.sh_type == SHT_NULL || sh.sh_size == 0)
			continue;
		struct range x = { sh.sh_offset, sh.sh_offset + sh.sh_size, "" };
		snprintf(x.what, sizeof(x.what), "%s", ev_section_name(v, &sh));
		rs[n++] = x;
	}
	for (size_t i = 0; i < n; i++) {
		if (rs[i].end > v->size || rs[i].end < rs[i].start) {
			fprintf(stderr, "\n    %s [0x%llx, 0x%llx) is not within the file (size 0x%zx)\n", rs[i].what,
			        (unsigned long long)rs[i].start, (unsigned long long)rs[i].end, v->size);
			CU_FAIL("a piece of the file lies outside it");
		}
		for (size_t j = i + 1; j < n; j++) {
			if (rs[i].start < rs[j].end && rs[j].start < rs[i].end) {
				fprintf(stderr, "\n    %s [0x%llx, 0x%llx) overlaps %s [0x%llx, 0x%llx)\n",
				        rs[i].what, (unsigned long long)rs[i].start, (unsigned long long)rs[i].end,
				        rs[j].what, (unsigned long long)rs[j].start, (unsigned long long)rs[j].end);
				CU_FAIL("two pieces of the file overlap");
			}
		}
	}
	for (size_t i = 0; i < v->eh.e_phnum; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(v->e, (int)i, &ph)) {
			CU_FAIL("unreadable program header");
			continue;
		}
		if (ph.p_type != PT_LOAD)
			continue;
		if (ph.p_align > 1)
			EXPECT_U64("p_offset mod p_align (= p_vaddr mod p_align)", ph.p_offset % ph.p_align, ph.p_vaddr % ph.p_align);
		EXPECT_TRUE("PT_LOAD within the file", ph.p_offset + ph.p_filesz <= v->size);
		EXPECT_TRUE("p_filesz <= p_memsz", ph.p_filesz <= ph.p_memsz);
		/* Sections it loads: the same offset-to-address mapping. */
		for (Elf_Scn *s = elf_nextscn(v->e, NULL); s; s = elf_nextscn(v->e, s)) {
			GElf_Shdr sh;
			if (!gelf_getshdr(s, &sh) || !(sh.sh_flags & SHF_ALLOC) || sh.sh_type == SHT_NOBITS)
				continue;
			if (sh.sh_addr < ph.p_vaddr || sh.sh_addr >= ph.p_vaddr + ph.p_memsz)
				continue;
			EXPECT_U64("section's offset within its segment = its address within it",
			           sh.sh_offset - ph.p_offset, sh.sh_addr - ph.p_vaddr);
			EXPECT_TRUE("section within its segment's file bytes",
			            sh.sh_addr + sh.sh_size <= ph.p_vaddr + ph.p_filesz);
		}
	}
}

struct item {
	solder_sym s;
	enum solder_kind kind;
	size_t size;
	uint32_t align;
	uint8_t seed;
	char name[16];
};

static uint32_t rng_next(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* Every live item's bytes are at its address, its GOT slot holds that address, and
 * its local symbol says so. */
static void check_items(struct rig *r, struct elfview *v, struct item *it, size_t n, unsigned ptr)
{
	for (size_t i = 0; i < n; i++) {
		if (!it[i].s)
			continue;
		uint64_t a = rig_addr(r, it[i].s);
		expect_bytes_at(v, it[i].name, a, it[i].size, it[i].seed);
		expect_slot(v, rig_slot(r, it[i].s), ptr, a);
		EXPECT_U64("alignment", a % it[i].align, 0);
		GElf_Sym s;
		if (ev_symbol(v, it[i].name, &s, NULL) == 1) {
			EXPECT_U64("local symbol st_value", s.st_value, a);
			EXPECT_U64("local symbol st_size", s.st_size, it[i].size);
		} else {
			fprintf(stderr, "\n    expected exactly one symbol named %s\n", it[i].name);
			CU_FAIL("symbol missing or repeated");
		}
	}
}

static void many_growths(int debug_info)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	o.debug_info = debug_info;
	if (start(&r, &o))
		goto out;
	enum { N = 90 };
	struct item it[N];
	uint32_t rng = 12345;
	for (size_t i = 0; i < N; i++) {
		it[i].kind = i % 3 == 0 ? SOLDER_FUNC : i % 3 == 1 ? SOLDER_RODATA : SOLDER_DATA;
		it[i].size = 16 + rng_next(&rng) % 64;
		it[i].align = it[i].kind == SOLDER_FUNC ? 4 : 8;
		it[i].seed = (uint8_t)i;
		snprintf(it[i].name, sizeof(it[i].name), "item%zu", i);
		it[i].s = rig_new(&r, it[i].kind, it[i].name, it[i].size, it[i].align, it[i].seed);
	}
	struct elfview v;
	unsigned failures_before = CU_get_number_of_failures();
	for (int round = 0; round < 12; round++) {
		for (size_t i = 0; i < N; i++) {
			uint32_t x = rng_next(&rng);
			if (!it[i].s) {
				if (x % 4 == 0) {
					it[i].size = 8 + x % 200;
					it[i].seed = (uint8_t)(x >> 8);
					it[i].s = rig_new(&r, it[i].kind, it[i].name, it[i].size, it[i].align, it[i].seed);
				}
				continue;
			}
			switch (x % 8) {
			case 0:
				EXPECT_STATUS(r.l, solder_free_symbol(r.l, it[i].s), SOLDER_OK);
				it[i].s = 0;
				continue;
			case 1:
			case 2:
				it[i].size = it[i].size / 2 + 1;
				break;
			case 3:
				continue;
			default:
				it[i].size = it[i].size * (2 + x % 3) / 2 + 40;
				break;
			}
			it[i].seed = (uint8_t)(x >> 8);
			EXPECT_STATUS(r.l, rig_update(&r, it[i].s, it[i].kind, it[i].name, it[i].size, it[i].align,
			                              it[i].seed), SOLDER_OK);
		}
		if (flush_and_view(&r, &v))
			break;
		check_file_layout(&v);
		check_items(&r, &v, it, N, 8);
		ev_close(&v);
		if (CU_get_number_of_failures() != failures_before)
			break;    /* one round's report is enough to act on */
	}
	/* The scenario did what it is for: sections outgrew their file space and moved. */
	if (r.mf.copy_calls == 0)
		fprintf(stderr, "\n    no section moved in the file (copy_range never called)\n");
	CU_ASSERT(r.mf.copy_calls > 0);
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
	if (ev_open_memfile(&v, &r.mf) == 0) {
		check_file_layout(&v);
		ev_close(&v);
	} else {
		CU_FAIL("the closed image is not ELF");
	}
out:
	rig_free(&r);
}

static void test_many_growths_keep_file_layout_sound(void) { many_growths(0); }
static void test_many_growths_keep_file_layout_sound_with_dwarf(void) { many_growths(1); }

/* ---- symbol table */

/* Locals first, sh_info = first global, no local after it. */
static void check_symtab_order(struct elfview *v)
{
	GElf_Shdr sh;
	Elf_Scn *s = ev_section(v, ".symtab", &sh);
	if (!s) {
		CU_FAIL("no .symtab");
		return;
	}
	EXPECT_U64(".symtab sh_type", sh.sh_type, SHT_SYMTAB);
	GElf_Shdr str;
	Elf_Scn *ss = elf_getscn(v->e, sh.sh_link);
	EXPECT_TRUE(".symtab sh_link names .strtab",
	            ss && gelf_getshdr(ss, &str) && strcmp(ev_section_name(v, &str), ".strtab") == 0);
	Elf_Data *d = elf_getdata(s, NULL);
	size_t n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
	EXPECT_TRUE("sh_info within the table", sh.sh_info >= 1 && sh.sh_info <= n);
	for (size_t i = 0; d && i < n; i++) {
		GElf_Sym sym;
		if (!gelf_getsym(d, (int)i, &sym))
			break;
		int local = GELF_ST_BIND(sym.st_info) == STB_LOCAL;
		if (i < sh.sh_info && !local) {
			fprintf(stderr, "\n    .symtab[%zu] (%s) is not local but sits before sh_info %u\n", i,
			        elf_strptr(v->e, sh.sh_link, sym.st_name), (unsigned)sh.sh_info);
			CU_FAIL("a global before sh_info");
		}
		if (i >= sh.sh_info && local) {
			fprintf(stderr, "\n    .symtab[%zu] (\"%s\") is STB_LOCAL but sits after sh_info %u\n", i,
			        elf_strptr(v->e, sh.sh_link, sym.st_name), (unsigned)sh.sh_info);
			CU_FAIL("a local after sh_info");
		}
	}
}

static uint64_t section_index(struct elfview *v, const char *name)
{
	Elf_Scn *s = ev_section(v, name, NULL);
	return s ? elf_ndxscn(s) : 0;
}

static void expect_sym(struct elfview *v, const char *name, int bind, int type, uint64_t value,
                       uint64_t size, const char *sec)
{
	GElf_Sym s;
	int n = ev_symbol(v, name, &s, NULL);
	if (n != 1) {
		fprintf(stderr, "\n    symbol %s: expected 1 entry, got %d\n", name, n);
		CU_FAIL("symbol count");
		return;
	}
	EXPECT_U64(name, GELF_ST_BIND(s.st_info), bind);
	EXPECT_U64(name, GELF_ST_TYPE(s.st_info), type);
	EXPECT_U64(name, s.st_value, value);
	EXPECT_U64(name, s.st_size, size);
	EXPECT_U64(name, s.st_shndx, section_index(v, sec));
}

static void test_symtab_exports_bindings_and_order(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	if (start(&r, &o))
		goto out;
	solder_sym f = rig_new(&r, SOLDER_FUNC, "f_local", 40, 4, 1);
	solder_sym g = rig_new(&r, SOLDER_FUNC, "g_local", 48, 4, 2);
	solder_sym ro = rig_new(&r, SOLDER_RODATA, "ro_local", 12, 4, 3);
	solder_sym d = rig_new(&r, SOLDER_DATA, "d_local", 20, 8, 4);
	EXPECT_STATUS(r.l, solder_export(r.l, f, "f_global", SOLDER_GLOBAL), SOLDER_OK);
	EXPECT_STATUS(r.l, solder_export(r.l, g, "g_weak", SOLDER_WEAK), SOLDER_OK);
	EXPECT_STATUS(r.l, solder_export(r.l, g, "g_local_alias", SOLDER_LOCAL), SOLDER_OK);
	EXPECT_STATUS(r.l, solder_export(r.l, ro, "ro_global", SOLDER_GLOBAL), SOLDER_OK);
	EXPECT_STATUS(r.l, solder_export(r.l, d, "d_weak", SOLDER_WEAK), SOLDER_OK);
	/* A local name given after globals exist: must still land before them. */
	solder_sym late = rig_new(&r, SOLDER_FUNC, "late_local", 8, 4, 5);
	struct elfview v;
	if (flush_and_view(&r, &v) == 0) {
		check_symtab_order(&v);
		expect_sym(&v, "f_local", STB_LOCAL, STT_FUNC, rig_addr(&r, f), 40, ".text");
		expect_sym(&v, "f_global", STB_GLOBAL, STT_FUNC, rig_addr(&r, f), 40, ".text");
		expect_sym(&v, "g_weak", STB_WEAK, STT_FUNC, rig_addr(&r, g), 48, ".text");
		expect_sym(&v, "g_local_alias", STB_LOCAL, STT_FUNC, rig_addr(&r, g), 48, ".text");
		expect_sym(&v, "ro_global", STB_GLOBAL, STT_OBJECT, rig_addr(&r, ro), 12, ".rodata");
		expect_sym(&v, "ro_local", STB_LOCAL, STT_OBJECT, rig_addr(&r, ro), 12, ".rodata");
		expect_sym(&v, "d_weak", STB_WEAK, STT_OBJECT, rig_addr(&r, d), 20, ".data");
		expect_sym(&v, "late_local", STB_LOCAL, STT_FUNC, rig_addr(&r, late), 8, ".text");
		GElf_Sym null;
		Elf_Scn *s = ev_section(&v, ".symtab", NULL);
		Elf_Data *dd = s ? elf_getdata(s, NULL) : NULL;
		if (dd && gelf_getsym(dd, 0, &null))
			EXPECT_TRUE("symbol 0 is the null symbol", null.st_name == 0 && null.st_value == 0 && null.st_info == 0);
		else
			CU_FAIL("no symbol 0");
		ev_close(&v);
	}
	/* Growth moves f: its exports follow. Binding changes by exporting again. */
	EXPECT_STATUS(r.l, rig_update(&r, f, SOLDER_FUNC, "f_local", 400, 4, 6), SOLDER_OK);
	EXPECT_STATUS(r.l, solder_export(r.l, g, "g_weak", SOLDER_GLOBAL), SOLDER_OK);
	EXPECT_STATUS(r.l, solder_export(r.l, f, "g_local_alias", SOLDER_LOCAL), SOLDER_OK);
	if (flush_and_view(&r, &v) == 0) {
		check_symtab_order(&v);
		expect_sym(&v, "f_global", STB_GLOBAL, STT_FUNC, rig_addr(&r, f), 400, ".text");
		expect_sym(&v, "f_local", STB_LOCAL, STT_FUNC, rig_addr(&r, f), 400, ".text");
		expect_sym(&v, "g_weak", STB_GLOBAL, STT_FUNC, rig_addr(&r, g), 48, ".text");
		expect_sym(&v, "g_local_alias", STB_LOCAL, STT_FUNC, rig_addr(&r, f), 400, ".text");
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

static void test_renamed_export_leaves_no_old_entry(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64);
	if (start(&r, &o))
		goto out;
	solder_sym f = rig_new(&r, SOLDER_FUNC, "f", 40, 16, 1);
	solder_sym g = rig_new(&r, SOLDER_FUNC, "g", 40, 16, 2);
	EXPECT_STATUS(r.l, solder_export(r.l, f, "old_name", SOLDER_GLOBAL), SOLDER_OK);
	EXPECT_STATUS(r.l, solder_export(r.l, g, "other", SOLDER_GLOBAL), SOLDER_OK);
	struct elfview v;
	if (flush_and_view(&r, &v) == 0) {
		EXPECT_U64("entries named old_name before the rename", ev_symbol(&v, "old_name", NULL, NULL), 1);
		ev_close(&v);
	}
	EXPECT_STATUS(r.l, solder_unexport(r.l, "old_name"), SOLDER_OK);
	EXPECT_STATUS(r.l, solder_export(r.l, f, "new_name", SOLDER_GLOBAL), SOLDER_OK);
	if (flush_and_view(&r, &v) == 0) {
		check_symtab_order(&v);
		EXPECT_U64("entries named old_name after the rename", ev_symbol(&v, "old_name", NULL, NULL), 0);
		expect_sym(&v, "new_name", STB_GLOBAL, STT_FUNC, rig_addr(&r, f), 40, ".text");
		expect_sym(&v, "other", STB_GLOBAL, STT_FUNC, rig_addr(&r, g), 40, ".text");
		ev_close(&v);
	}
	solder_sym found = 0;
	EXPECT_TRUE("old_name is not found", solder_find_symbol(r.l, "old_name", &found) != SOLDER_OK);
	EXPECT_STATUS(r.l, solder_find_symbol(r.l, "new_name", &found), SOLDER_OK);
	EXPECT_U64("new_name finds f", found, f);
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

static void test_export_again_moves_name_to_new_symbol(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV32);
	if (start(&r, &o))
		goto out;
	solder_sym f = rig_new(&r, SOLDER_FUNC, "f", 40, 4, 1);
	solder_sym g = rig_new(&r, SOLDER_FUNC, "g", 24, 4, 2);
	EXPECT_STATUS(r.l, solder_export(r.l, f, "api", SOLDER_GLOBAL), SOLDER_OK);
	EXPECT_STATUS(r.l, solder_flush(r.l), SOLDER_OK);
	EXPECT_STATUS(r.l, solder_export(r.l, g, "api", SOLDER_WEAK), SOLDER_OK);
	struct elfview v;
	if (flush_and_view(&r, &v) == 0) {
		check_symtab_order(&v);
		expect_sym(&v, "api", STB_WEAK, STT_FUNC, rig_addr(&r, g), 24, ".text");
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

static void test_freed_symbol_takes_its_exports(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	if (start(&r, &o))
		goto out;
	solder_sym f = rig_new(&r, SOLDER_FUNC, "f", 40, 4, 1);
	solder_sym g = rig_new(&r, SOLDER_FUNC, "g", 24, 4, 2);
	EXPECT_STATUS(r.l, solder_export(r.l, f, "f_api", SOLDER_GLOBAL), SOLDER_OK);
	EXPECT_STATUS(r.l, solder_export(r.l, f, "f_alias", SOLDER_LOCAL), SOLDER_OK);
	EXPECT_STATUS(r.l, solder_export(r.l, g, "g_api", SOLDER_GLOBAL), SOLDER_OK);
	EXPECT_STATUS(r.l, solder_flush(r.l), SOLDER_OK);
	EXPECT_STATUS(r.l, solder_free_symbol(r.l, f), SOLDER_OK);
	struct elfview v;
	if (flush_and_view(&r, &v) == 0) {
		check_symtab_order(&v);
		EXPECT_U64("entries named f_api", ev_symbol(&v, "f_api", NULL, NULL), 0);
		EXPECT_U64("entries named f_alias", ev_symbol(&v, "f_alias", NULL, NULL), 0);
		EXPECT_U64("entries named f (its local name)", ev_symbol(&v, "f", NULL, NULL), 0);
		expect_sym(&v, "g_api", STB_GLOBAL, STT_FUNC, rig_addr(&r, g), 24, ".text");
		ev_close(&v);
	}
	solder_sym found = 0;
	EXPECT_TRUE("f_api is not found", solder_find_symbol(r.l, "f_api", &found) != SOLDER_OK);
	EXPECT_TRUE("f is not found", solder_find_symbol(r.l, "f", &found) != SOLDER_OK);
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

/* ---- program headers and the entry point */

static const GElf_Phdr *find_load(const GElf_Phdr *ph, size_t n, uint64_t addr)
{
	for (size_t i = 0; i < n; i++)
		if (ph[i].p_type == PT_LOAD && addr >= ph[i].p_vaddr && addr < ph[i].p_vaddr + ph[i].p_memsz)
			return &ph[i];
	return NULL;
}

static void test_program_headers_one_load_per_segment(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	if (start(&r, &o))
		goto out;
	solder_sym f = rig_new(&r, SOLDER_FUNC, "f", 40, 4, 1);
	solder_sym ro = rig_new(&r, SOLDER_RODATA, "ro", 40, 4, 2);
	solder_sym d = rig_new(&r, SOLDER_DATA, "d", 40, 4, 3);
	struct elfview v;
	if (flush_and_view(&r, &v) == 0) {
		EXPECT_U64("e_type", v.eh.e_type, ET_EXEC);
		GElf_Phdr ph[16];
		size_t n = v.eh.e_phnum < 16 ? v.eh.e_phnum : 16, loads = 0;
		for (size_t i = 0; i < n; i++) {
			gelf_getphdr(v.e, (int)i, &ph[i]);
			loads += ph[i].p_type == PT_LOAD;
		}
		EXPECT_U64("PT_LOAD count", loads, 4);
		const GElf_Phdr *t = find_load(ph, n, rig_addr(&r, f));
		const GElf_Phdr *rr = find_load(ph, n, rig_addr(&r, ro));
		const GElf_Phdr *dd = find_load(ph, n, rig_addr(&r, d));
		const GElf_Phdr *gg = find_load(ph, n, rig_slot(&r, f));
		if (t && rr && dd && gg) {
			EXPECT_U64("text PT_LOAD flags", t->p_flags, PF_R | PF_X);
			EXPECT_U64("text p_vaddr", t->p_vaddr, RV_BASE);
			EXPECT_U64("rodata PT_LOAD flags", rr->p_flags, PF_R);
			EXPECT_U64("data PT_LOAD flags", dd->p_flags, PF_R | PF_W);
			EXPECT_TRUE("GOT PT_LOAD readable, not executable", (gg->p_flags & PF_R) && !(gg->p_flags & PF_X));
			EXPECT_TRUE("four distinct segments", t != rr && t != dd && t != gg && rr != dd && rr != gg && dd != gg);
			EXPECT_U64("p_paddr = p_vaddr", t->p_paddr, t->p_vaddr);
		} else {
			CU_FAIL("a PT_LOAD is missing for .text, .rodata, .data or .got");
		}
		check_file_layout(&v);
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

static void test_entry_default_name_and_follows_move(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	o.has_entry_addr = 0;
	if (start(&r, &o))
		goto out;
	rig_new(&r, SOLDER_FUNC, "pad", 40, 4, 1);
	solder_sym s = rig_new(&r, SOLDER_FUNC, "start_local", 40, 4, 2);
	rig_new(&r, SOLDER_FUNC, "after", 40, 4, 3);
	EXPECT_STATUS(r.l, solder_export(r.l, s, "_start", SOLDER_GLOBAL), SOLDER_OK);
	struct elfview v;
	if (flush_and_view(&r, &v) == 0) {
		EXPECT_U64("e_entry = _start", v.eh.e_entry, rig_addr(&r, s));
		ev_close(&v);
	}
	EXPECT_STATUS(r.l, rig_update(&r, s, SOLDER_FUNC, "start_local", 300, 4, 4), SOLDER_OK);
	if (flush_and_view(&r, &v) == 0) {
		EXPECT_U64("e_entry follows _start's move", v.eh.e_entry, rig_addr(&r, s));
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

static void test_entry_name_addr_and_set_entry(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64);
	o.has_entry_addr = 0;
	o.entry_name = "kmain";
	if (start(&r, &o))
		goto out;
	rig_new(&r, SOLDER_FUNC, "pad", 40, 16, 1);
	solder_sym k = rig_new(&r, SOLDER_FUNC, "k", 40, 16, 2);
	solder_sym other = rig_new(&r, SOLDER_FUNC, "other", 40, 16, 3);
	EXPECT_STATUS(r.l, solder_export(r.l, k, "kmain", SOLDER_GLOBAL), SOLDER_OK);
	struct elfview v;
	if (flush_and_view(&r, &v) == 0) {
		EXPECT_U64("e_entry = entry_name's symbol", v.eh.e_entry, rig_addr(&r, k));
		ev_close(&v);
	}
	EXPECT_STATUS(r.l, solder_export(r.l, other, "boot2", SOLDER_GLOBAL), SOLDER_OK);
	EXPECT_STATUS(r.l, solder_set_entry(r.l, "boot2"), SOLDER_OK);
	if (flush_and_view(&r, &v) == 0) {
		EXPECT_U64("e_entry after solder_set_entry", v.eh.e_entry, rig_addr(&r, other));
		ev_close(&v);
	}
	EXPECT_STATUS(r.l, solder_set_entry_addr(r.l, X86_BASE + 0x1234), SOLDER_OK);
	if (flush_and_view(&r, &v) == 0) {
		EXPECT_U64("e_entry after solder_set_entry_addr", v.eh.e_entry, X86_BASE + 0x1234);
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
	rig_free(&r);

	/* entry_addr in the options wins over any name. */
	o = opts_for(SOLDER_ARCH_RISCV32);
	o.entry_addr = RV_BASE + 0x40;
	if (start(&r, &o))
		goto out;
	solder_sym s = rig_new(&r, SOLDER_FUNC, "s", 8, 4, 1);
	EXPECT_STATUS(r.l, solder_export(r.l, s, "_start", SOLDER_GLOBAL), SOLDER_OK);
	if (flush_and_view(&r, &v) == 0) {
		EXPECT_U64("e_entry = entry_addr", v.eh.e_entry, RV_BASE + 0x40);
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

/* ---- ELF classes */

static void check_class(solder_arch arch, unsigned elf_class, unsigned want_class, uint16_t machine, unsigned ptr)
{
	struct rig r;
	struct solder_options o = opts_for(arch);
	o.elf_class = elf_class;
	if (start(&r, &o))
		goto out;
	solder_sym f = rig_new(&r, SOLDER_FUNC, "f", 24, 0, 1);
	solder_sym g = rig_new(&r, SOLDER_DATA, "g", 24, 0, 2);
	struct elfview v;
	if (flush_and_view(&r, &v) == 0) {
		int c32 = want_class == 32;
		EXPECT_U64("EI_CLASS", v.buf[EI_CLASS], c32 ? ELFCLASS32 : ELFCLASS64);
		EXPECT_U64("gelf_getclass", gelf_getclass(v.e), c32 ? ELFCLASS32 : ELFCLASS64);
		EXPECT_U64("EI_DATA", v.buf[EI_DATA], ELFDATA2LSB);
		EXPECT_U64("EI_VERSION", v.buf[EI_VERSION], EV_CURRENT);
		EXPECT_U64("e_machine", v.eh.e_machine, machine);
		EXPECT_U64("e_version", v.eh.e_version, EV_CURRENT);
		EXPECT_U64("e_ehsize", v.eh.e_ehsize, c32 ? 52 : 64);
		EXPECT_U64("e_phentsize", v.eh.e_phentsize, c32 ? 32 : 56);
		EXPECT_U64("e_shentsize", v.eh.e_shentsize, c32 ? 40 : 64);
		GElf_Shdr sym;
		if (ev_section(&v, ".symtab", &sym))
			EXPECT_U64(".symtab sh_entsize", sym.sh_entsize, c32 ? 16 : 24);
		else
			CU_FAIL("no .symtab");
		expect_bytes_at(&v, "f", rig_addr(&r, f), 24, 1);
		expect_bytes_at(&v, "g", rig_addr(&r, g), 24, 2);
		EXPECT_U64("GOT slot spacing = pointer size", rig_slot(&r, g) - rig_slot(&r, f), ptr);
		expect_slot(&v, rig_slot(&r, f), ptr, rig_addr(&r, f));
		check_file_layout(&v);
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

static void test_class_riscv64_elf64(void) { check_class(SOLDER_ARCH_RISCV64, 0, 64, EM_RISCV, 8); }
static void test_class_riscv32_elf32(void) { check_class(SOLDER_ARCH_RISCV32, 0, 32, EM_RISCV, 4); }
static void test_class_x86_64_elf64(void) { check_class(SOLDER_ARCH_X86_64, 0, 64, EM_X86_64, 8); }
static void test_class_i386_elf32(void) { check_class(SOLDER_ARCH_I386, 0, 32, EM_386, 4); }
static void test_class_x86_64_in_elf32(void) { check_class(SOLDER_ARCH_X86_64, 32, 32, EM_X86_64, 8); }

/* ---- the cost of an update */

static void update_cost(int debug_info)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	o.debug_info = debug_info;
	if (start(&r, &o))
		goto out;
	enum { N = 200 };
	solder_sym s[N];
	char name[32];
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "fn%d", i);
		s[i] = rig_new(&r, SOLDER_FUNC, name, 64, 16, (uint8_t)i);
		if (!s[i])
			goto close;
		EXPECT_STATUS(r.l, solder_export(r.l, s[i], name, SOLDER_GLOBAL), SOLDER_OK);
	}
	EXPECT_STATUS(r.l, solder_flush(r.l), SOLDER_OK);

	struct solder_stats before, after;
	solder_get_stats(r.l, &before);
	memfile_reset_counters(&r.mf);
	uint64_t a = rig_addr(&r, s[100]);
	EXPECT_STATUS(r.l, rig_update(&r, s[100], SOLDER_FUNC, "fn100", 64, 16, 0xaa), SOLDER_OK);
	EXPECT_STATUS(r.l, solder_flush(r.l), SOLDER_OK);
	solder_get_stats(r.l, &after);
	EXPECT_U64("updated in place", rig_addr(&r, s[100]), a);
	uint64_t written = after.bytes_written - before.bytes_written;
	if (written >= 2048)
		fprintf(stderr, "\n    one in-place update of 64 bytes wrote %llu bytes in %llu calls (expected < 2048)\n",
		        (unsigned long long)written, (unsigned long long)(after.write_calls - before.write_calls));
	CU_ASSERT(written < 2048);
	EXPECT_U64("stats bytes_written = bytes the file saw", written, r.mf.bytes_written);
	EXPECT_U64("nothing copied", r.mf.bytes_copied, 0);

	/* A move inside .text costs the block, not the section. */
	solder_get_stats(r.l, &before);
	memfile_reset_counters(&r.mf);
	EXPECT_STATUS(r.l, rig_update(&r, s[50], SOLDER_FUNC, "fn50", 200, 16, 0xbb), SOLDER_OK);
	EXPECT_STATUS(r.l, solder_flush(r.l), SOLDER_OK);
	solder_get_stats(r.l, &after);
	written = after.bytes_written - before.bytes_written;
	if (written >= 2048 + 200)
		fprintf(stderr, "\n    moving one 200-byte function wrote %llu bytes (expected < 2248)\n",
		        (unsigned long long)written);
	CU_ASSERT(written < 2048 + 200);
	struct elfview v;
	if (ev_open_memfile(&v, &r.mf) == 0) {
		expect_bytes_at(&v, "fn100", a, 64, 0xaa);
		expect_bytes_at(&v, "fn50", rig_addr(&r, s[50]), 200, 0xbb);
		expect_bytes_at(&v, "fn99", rig_addr(&r, s[99]), 64, 99);
		ev_close(&v);
	}
close:
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

static void test_in_place_update_writes_little(void) { update_cost(0); }
static void test_in_place_update_writes_little_with_dwarf(void) { update_cost(1); }

/* solder_get_stats counts exactly what went through the file operations. */
static void test_stats_match_file_operations(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_I386);
	if (start(&r, &o))
		goto out;
	for (int i = 0; i < 30; i++)
		rig_new(&r, i % 2 ? SOLDER_FUNC : SOLDER_DATA, NULL, 100 + 50 * (size_t)i, 16, (uint8_t)i);
	EXPECT_STATUS(r.l, solder_flush(r.l), SOLDER_OK);
	struct solder_stats st;
	solder_get_stats(r.l, &st);
	EXPECT_U64("bytes_written", st.bytes_written, r.mf.bytes_written);
	EXPECT_U64("bytes_copied", st.bytes_copied, r.mf.bytes_copied);
	/* solder.h leaves open whether copy_range calls count as write calls. */
	EXPECT_TRUE("write_calls = pwrite calls (+ copy_range calls)",
	            st.write_calls == r.mf.pwrite_calls || st.write_calls == r.mf.pwrite_calls + r.mf.copy_calls);
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

void suite_writer(void)
{
	CU_pSuite s = CU_add_suite("writer", NULL, NULL);
	if (!s)
		return;
	CU_add_test(s, "first block at image base, second after ideal capacity", test_first_block_at_image_base_second_after_ideal_capacity);
	CU_add_test(s, "default image base riscv64", test_default_image_base_riscv64);
	CU_add_test(s, "default image base x86_64", test_default_image_base_x86_64);
	CU_add_test(s, "growth within capacity stays in place", test_growth_within_capacity_stays_in_place);
	CU_add_test(s, "growth past capacity moves after last block", test_growth_past_capacity_moves_after_last_block);
	CU_add_test(s, "last block grows in place", test_last_block_grows_in_place);
	CU_add_test(s, "stricter alignment moves block", test_stricter_alignment_moves_block);
	CU_add_test(s, "free list reuses freed range", test_free_list_reuses_freed_range);
	CU_add_test(s, "small surplus is not reused", test_small_surplus_is_not_reused);
	CU_add_test(s, "kinds go to their sections", test_kinds_go_to_their_sections);
	CU_add_test(s, "x86_64 call through GOT slot", test_x86_64_call_through_got_slot);
	CU_add_test(s, "riscv64 auipc/ld pair reaches GOT slot", test_riscv64_auipc_ld_pair_reaches_got_slot);
	CU_add_test(s, "riscv64 emit_call_got reaches slot", test_riscv64_emit_call_got_reaches_slot);
	CU_add_test(s, "direct reference follows target move", test_direct_reference_follows_target_move);
	CU_add_test(s, "direct reference to later symbol", test_direct_reference_to_later_symbol);
	CU_add_test(s, "pcrel reference follows own move", test_pcrel_reference_follows_own_move);
	CU_add_test(s, "GOT slots consecutive riscv64", test_got_slots_riscv64);
	CU_add_test(s, "GOT slots consecutive riscv32", test_got_slots_riscv32);
	CU_add_test(s, "GOT slots consecutive i386", test_got_slots_i386);
	CU_add_test(s, "GOT slots consecutive x86_64 ELF32", test_got_slots_x86_64_elf32);
	CU_add_test(s, "GOT slot fixed for life, reused after free", test_got_slot_fixed_for_symbol_life_and_reused_after_free);
	CU_add_test(s, "many growths keep file layout sound", test_many_growths_keep_file_layout_sound);
	CU_add_test(s, "many growths keep file layout sound (DWARF)", test_many_growths_keep_file_layout_sound_with_dwarf);
	CU_add_test(s, "symtab exports, bindings and order", test_symtab_exports_bindings_and_order);
	CU_add_test(s, "renamed export leaves no old entry", test_renamed_export_leaves_no_old_entry);
	CU_add_test(s, "export again moves name to new symbol", test_export_again_moves_name_to_new_symbol);
	CU_add_test(s, "freed symbol takes its exports", test_freed_symbol_takes_its_exports);
	CU_add_test(s, "program headers: one PT_LOAD per segment", test_program_headers_one_load_per_segment);
	CU_add_test(s, "entry: default name, follows move", test_entry_default_name_and_follows_move);
	CU_add_test(s, "entry: name, address, set_entry", test_entry_name_addr_and_set_entry);
	CU_add_test(s, "class riscv64 ELF64", test_class_riscv64_elf64);
	CU_add_test(s, "class riscv32 ELF32", test_class_riscv32_elf32);
	CU_add_test(s, "class x86_64 ELF64", test_class_x86_64_elf64);
	CU_add_test(s, "class i386 ELF32", test_class_i386_elf32);
	CU_add_test(s, "class x86_64 in ELF32", test_class_x86_64_in_elf32);
	CU_add_test(s, "in-place update writes little", test_in_place_update_writes_little);
	CU_add_test(s, "in-place update writes little (DWARF)", test_in_place_update_writes_little_with_dwarf);
	CU_add_test(s, "stats match file operations", test_stats_match_file_operations);
}
