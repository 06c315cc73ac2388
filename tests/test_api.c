/*
 * test_api.c: misuse and bad input through the public API. Every case must give a
 * clear error (a status and a one-line solder_error()) and never a crash; an
 * existing output that cannot be trusted must be rebuilt, and a clean one resumed.
 * Also: a fuzz loop over a valid image, and allocation and I/O failure loops over a
 * whole small scenario (every call returns its failure status or succeeds, and no
 * byte leaks). Run under `make asan` too.
 */
#define _POSIX_C_SOURCE 200809L
#include "memfile.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define RV_BASE 0x80000000ull
#define X86_BASE 0x01000000ull

static struct solder_options opts_for(solder_arch arch)
{
	struct solder_options o;
	memset(&o, 0, sizeof(o));
	o.arch = arch;
	o.image_base = (arch == SOLDER_ARCH_RISCV64 || arch == SOLDER_ARCH_RISCV32) ? RV_BASE : X86_BASE;
	return o;
}

static int start(struct rig *r, const struct solder_options *o)
{
	rig_init(r);
	solder_status st = rig_open(r, o);
	EXPECT_STATUS(r->l, st, SOLDER_OK);
	return st == SOLDER_OK ? 0 : -1;
}

/* ---- a sample program, and the image it closes into */

struct sample {
	solder_sym f, g, ro, d;
	uint64_t fa, ga, roa, da;
	uint64_t fslot, gslot;
};

/* f calls g through the GOT and is exported as _start; g, ro and d have further
 * names. Every call must succeed (asserted); returns -1 when one did not. */
static int sample_build(struct rig *r, solder_arch arch, struct sample *s)
{
	memset(s, 0, sizeof(*s));
	if (solder_alloc_symbol(r->l, &s->g) || solder_alloc_symbol(r->l, &s->f)) {
		CU_FAIL("solder_alloc_symbol");
		return -1;
	}
	uint8_t bytes[64];
	struct solder_fixup fixups[8];
	struct solder_code c = { .bytes = bytes, .cap = sizeof(bytes), .fixups = fixups, .fixups_cap = 8 };
	solder_emit_enter(arch, &c);
	solder_emit_call_got(arch, &c, s->g);
	solder_emit_leave(arch, &c);
	solder_emit_ret(arch, &c);
	EXPECT_TRUE("the encoders fit in 64 bytes", !c.overflow && c.len > 0);
	struct solder_update u = { .name = "main_fn", .kind = SOLDER_FUNC, .bytes = c.bytes, .size = c.len,
	                           .fixups = c.fixups, .nfixups = c.nfixups };
	solder_status st = solder_update_symbol(r->l, s->f, &u);
	EXPECT_STATUS(r->l, st, SOLDER_OK);
	if (st)
		return -1;
	st = rig_update(r, s->g, SOLDER_FUNC, "helper", 100, 0, 0x11);
	EXPECT_STATUS(r->l, st, SOLDER_OK);
	if (st)
		return -1;
	s->ro = rig_new(r, SOLDER_RODATA, "msg", 13, 1, 0x22);
	s->d = rig_new(r, SOLDER_DATA, "counter", 8, 8, 0x33);
	if (!s->ro || !s->d)
		return -1;
	if (solder_export(r->l, s->f, "_start", SOLDER_GLOBAL) != SOLDER_OK ||
	    solder_export(r->l, s->g, "helper_api", SOLDER_WEAK) != SOLDER_OK ||
	    solder_export(r->l, s->ro, "msg_api", SOLDER_LOCAL) != SOLDER_OK) {
		CU_FAIL("solder_export");
		return -1;
	}
	s->fa = rig_addr(r, s->f);
	s->ga = rig_addr(r, s->g);
	s->roa = rig_addr(r, s->ro);
	s->da = rig_addr(r, s->d);
	s->fslot = rig_slot(r, s->f);
	s->gslot = rig_slot(r, s->g);
	return 0;
}

/* Builds the sample with o and closes it; the closed image is copied into *out. */
static int sample_image(const struct solder_options *o, struct memfile *out, struct sample *s)
{
	struct rig r;
	int ok = -1;
	if (start(&r, o) == 0 && sample_build(&r, o->arch, s) == 0) {
		solder_status st = rig_close(&r);
		EXPECT_STATUS(NULL, st, SOLDER_OK);
		if (st == SOLDER_OK) {
			memfile_init(out);
			ok = memfile_set(out, r.mf.data, r.mf.size);
		}
	}
	rig_free(&r);
	return ok;
}

/* A fresh program builds and flushes on l, and the image runs it from _start. */
static void expect_builds(struct rig *r, uint16_t machine)
{
	solder_sym s = 0;
	EXPECT_STATUS(r->l, solder_alloc_symbol(r->l, &s), SOLDER_OK);
	EXPECT_STATUS(r->l, rig_update(r, s, SOLDER_FUNC, "fresh", 48, 0, 0x5a), SOLDER_OK);
	EXPECT_STATUS(r->l, solder_export(r->l, s, "_start", SOLDER_GLOBAL), SOLDER_OK);
	EXPECT_STATUS(r->l, solder_flush(r->l), SOLDER_OK);
	uint64_t a = rig_addr(r, s);
	struct elfview v;
	if (ev_open_memfile(&v, &r->mf)) {
		fprintf(stderr, "\n    libelf rejects the rebuilt image: %s\n", elf_errmsg(-1));
		CU_FAIL("the rebuilt image is not ELF");
		return;
	}
	EXPECT_U64("e_machine", v.eh.e_machine, machine);
	EXPECT_U64("e_entry = the fresh _start", v.eh.e_entry, a);
	const uint8_t *p = ev_bytes_at(&v, a, 48);
	uint8_t want[48];
	pattern_fill(want, 48, 0x5a);
	EXPECT_TRUE("the fresh function's bytes at _start", p && memcmp(p, want, 48) == 0);
	ev_close(&v);
}

/* ---- misuse */

static void test_error_is_empty_before_any_failure(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	rig_init(&r);
	EXPECT_STATUS(NULL, solder_create(&r.l, &r.ca.a), SOLDER_OK);
	if (r.l) {
		EXPECT_TRUE("solder_error() is \"\" after create", strcmp(solder_error(r.l), "") == 0);
		EXPECT_STATUS(r.l, solder_open(r.l, &o, &r.ops), SOLDER_OK);
		EXPECT_TRUE("solder_error() is \"\" after a good open", strcmp(solder_error(r.l), "") == 0);
		EXPECT_TRUE("a fresh file is not resumed", solder_resumed(r.l) == 0);
	}
	rig_free(&r);
}

static void test_calls_before_open_are_rejected(void)
{
	struct rig r;
	rig_init(&r);
	EXPECT_STATUS(NULL, solder_create(&r.l, &r.ca.a), SOLDER_OK);
	if (!r.l)
		goto out;
	solder_sym s = 0;
	EXPECT_STATUS(r.l, solder_alloc_symbol(r.l, &s), SOLDER_ERR_INVALID);
	EXPECT_MSG(r.l, "solder_open");
	EXPECT_STATUS(r.l, solder_flush(r.l), SOLDER_ERR_INVALID);
	uint64_t a;
	EXPECT_STATUS(r.l, solder_symbol_addr(r.l, 1, &a), SOLDER_ERR_INVALID);
	EXPECT_TRUE("solder_find_symbol before open fails", solder_find_symbol(r.l, "x", &s) != SOLDER_OK);
	/* A link never opened closes cleanly. */
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

static void test_bad_options_are_rejected(void)
{
	static const struct { solder_arch arch; unsigned elf_class; const char *why; } bad[] = {
		{ 0, 0, "arch 0" },
		{ (solder_arch)99, 0, "arch 99" },
		{ SOLDER_ARCH_RISCV64, 16, "elf_class 16" },
		{ SOLDER_ARCH_I386, 48, "elf_class 48" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct rig r;
		rig_init(&r);
		struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
		o.arch = bad[i].arch;
		o.elf_class = bad[i].elf_class;
		if (solder_create(&r.l, &r.ca.a) == SOLDER_OK) {
			solder_status st = solder_open(r.l, &o, &r.ops);
			if (st != SOLDER_ERR_INVALID)
				fprintf(stderr, "\n    %s: expected SOLDER_ERR_INVALID, got %d (%s)\n", bad[i].why, (int)st,
				        solder_error(r.l));
			CU_ASSERT(st == SOLDER_ERR_INVALID);
			EXPECT_TRUE("a message", solder_error(r.l)[0] != 0);
			EXPECT_U64("nothing written for bad options", r.mf.bytes_written, 0);
		}
		rig_free(&r);
	}
	/* Opening twice is misuse. */
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	if (start(&r, &o) == 0)
		EXPECT_STATUS(r.l, solder_open(r.l, &o, &r.ops), SOLDER_ERR_INVALID);
	rig_free(&r);
}

static void test_invalid_symbol_index(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	o.has_entry_addr = 1;
	o.entry_addr = RV_BASE;
	if (start(&r, &o))
		goto out;
	solder_sym live = rig_new(&r, SOLDER_FUNC, "live", 16, 4, 1);
	static const solder_sym bad[] = { 0, 12345, UINT32_MAX };
	for (size_t i = 0; i < 3; i++) {
		solder_sym b = bad[i];
		char num[16];
		snprintf(num, sizeof(num), "%u", b);
		uint8_t code[4] = { 0 };
		struct solder_update u = { .name = "x", .kind = SOLDER_FUNC, .bytes = code, .size = 4 };
		uint64_t a;
		EXPECT_STATUS(r.l, solder_update_symbol(r.l, b, &u), SOLDER_ERR_INVALID);
		EXPECT_MSG(r.l, num);
		EXPECT_STATUS(r.l, solder_export(r.l, b, "x", SOLDER_GLOBAL), SOLDER_ERR_INVALID);
		EXPECT_MSG(r.l, num);
		EXPECT_STATUS(r.l, solder_symbol_addr(r.l, b, &a), SOLDER_ERR_INVALID);
		EXPECT_MSG(r.l, num);
		EXPECT_STATUS(r.l, solder_got_slot_addr(r.l, b, &a), SOLDER_ERR_INVALID);
		EXPECT_MSG(r.l, num);
		EXPECT_STATUS(r.l, solder_free_symbol(r.l, b), SOLDER_ERR_INVALID);
		EXPECT_MSG(r.l, num);
	}
	/* A fixup naming a symbol that does not exist is refused too. */
	uint8_t code[8] = { 0 };
	struct solder_fixup fx = { .offset = 0, .type = R_RISCV_PCREL_HI20, .sym = 12345, .flags = SOLDER_FIXUP_GOT };
	struct solder_update u = { .name = "live", .kind = SOLDER_FUNC, .bytes = code, .size = 8, .fixups = &fx, .nfixups = 1 };
	EXPECT_STATUS(r.l, solder_update_symbol(r.l, live, &u), SOLDER_ERR_INVALID);
	EXPECT_MSG(r.l, "12345");
	/* Nothing above disturbed the live symbol. */
	EXPECT_U64("live's address", rig_addr(&r, live), RV_BASE);
	struct elfview v;
	EXPECT_STATUS(r.l, solder_flush(r.l), SOLDER_OK);
	if (ev_open_memfile(&v, &r.mf) == 0) {
		uint8_t want[16];
		pattern_fill(want, 16, 1);
		const uint8_t *p = ev_bytes_at(&v, RV_BASE, 16);
		EXPECT_TRUE("live's bytes intact", p && memcmp(p, want, 16) == 0);
		EXPECT_U64("no symbol named x", ev_symbol(&v, "x", NULL, NULL), 0);
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

static void test_freed_symbol_index(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64);
	o.has_entry_addr = 1;
	o.entry_addr = X86_BASE;
	if (start(&r, &o))
		goto out;
	solder_sym keep = rig_new(&r, SOLDER_FUNC, "keep", 16, 16, 1);
	solder_sym f = rig_new(&r, SOLDER_FUNC, "f", 16, 16, 2);
	EXPECT_STATUS(r.l, solder_free_symbol(r.l, f), SOLDER_OK);
	char num[16];
	snprintf(num, sizeof(num), "%u", f);
	uint8_t code[4] = { 0 };
	struct solder_update u = { .name = "f", .kind = SOLDER_FUNC, .bytes = code, .size = 4 };
	uint64_t a;
	EXPECT_STATUS(r.l, solder_update_symbol(r.l, f, &u), SOLDER_ERR_INVALID);
	EXPECT_MSG(r.l, num);
	EXPECT_MSG(r.l, "freed");
	EXPECT_STATUS(r.l, solder_export(r.l, f, "f_api", SOLDER_GLOBAL), SOLDER_ERR_INVALID);
	EXPECT_MSG(r.l, "freed");
	EXPECT_STATUS(r.l, solder_symbol_addr(r.l, f, &a), SOLDER_ERR_INVALID);
	EXPECT_MSG(r.l, "freed");
	EXPECT_STATUS(r.l, solder_got_slot_addr(r.l, f, &a), SOLDER_ERR_INVALID);
	EXPECT_STATUS(r.l, solder_free_symbol(r.l, f), SOLDER_ERR_INVALID);
	EXPECT_MSG(r.l, "freed");
	EXPECT_STATUS(r.l, solder_flush(r.l), SOLDER_OK);
	EXPECT_U64("the other symbol stays", rig_addr(&r, keep), X86_BASE);
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

static void test_address_before_first_update(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV32);
	o.got_addr = RV_BASE + 0x3000000;
	o.has_entry_addr = 1;
	o.entry_addr = RV_BASE;
	if (start(&r, &o))
		goto out;
	solder_sym s = 0;
	uint64_t a = 0;
	EXPECT_STATUS(r.l, solder_alloc_symbol(r.l, &s), SOLDER_OK);
	EXPECT_STATUS(r.l, solder_symbol_addr(r.l, s, &a), SOLDER_ERR_INVALID);
	EXPECT_TRUE("a message", solder_error(r.l)[0] != 0);
	EXPECT_STATUS(r.l, solder_got_slot_addr(r.l, s, &a), SOLDER_OK);
	EXPECT_U64("the slot exists from allocation on", a, o.got_addr);
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

static void test_bad_updates_are_rejected(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	o.has_entry_addr = 1;
	o.entry_addr = RV_BASE;
	if (start(&r, &o))
		goto out;
	solder_sym f = rig_new(&r, SOLDER_FUNC, "f", 32, 4, 1);
	uint8_t code[32] = { 0 };
	struct solder_update good = { .name = "f", .kind = SOLDER_FUNC, .bytes = code, .size = 32 };
	struct solder_update u;
	u = good; u.kind = 0;
	EXPECT_STATUS(r.l, solder_update_symbol(r.l, f, &u), SOLDER_ERR_INVALID);
	u = good; u.kind = 9;
	EXPECT_STATUS(r.l, solder_update_symbol(r.l, f, &u), SOLDER_ERR_INVALID);
	u = good; u.align = 3;
	EXPECT_STATUS(r.l, solder_update_symbol(r.l, f, &u), SOLDER_ERR_INVALID);
	EXPECT_MSG(r.l, "3");
	u = good; u.bytes = NULL;
	EXPECT_STATUS(r.l, solder_update_symbol(r.l, f, &u), SOLDER_ERR_INVALID);
	EXPECT_STATUS(r.l, solder_update_symbol(r.l, f, NULL), SOLDER_ERR_INVALID);
	/* A fixup whose field does not fit in the bytes. */
	struct solder_fixup fx = { .offset = 30, .type = R_RISCV_PCREL_HI20, .sym = f, .flags = SOLDER_FIXUP_GOT };
	u = good; u.fixups = &fx; u.nfixups = 1;
	solder_status st = solder_update_symbol(r.l, f, &u);
	if (st != SOLDER_ERR_INVALID && st != SOLDER_ERR_RANGE)
		fprintf(stderr, "\n    fixup at 30 in 32 bytes: expected INVALID or RANGE, got %d (%s)\n", (int)st,
		        solder_error(r.l));
	CU_ASSERT(st == SOLDER_ERR_INVALID || st == SOLDER_ERR_RANGE);
	/* A relocation type the target does not know. */
	fx.offset = 0;
	fx.type = 250;
	st = solder_update_symbol(r.l, f, &u);
	CU_ASSERT(st != SOLDER_OK);
	EXPECT_MSG(r.l, "250");
	/* fixups without a count, a count without fixups */
	u = good; u.nfixups = 1;
	EXPECT_STATUS(r.l, solder_update_symbol(r.l, f, &u), SOLDER_ERR_INVALID);
	/* f is as it was. */
	EXPECT_U64("f's address", rig_addr(&r, f), RV_BASE);
	struct elfview v;
	EXPECT_STATUS(r.l, solder_flush(r.l), SOLDER_OK);
	if (ev_open_memfile(&v, &r.mf) == 0) {
		uint8_t want[32];
		pattern_fill(want, 32, 1);
		const uint8_t *p = ev_bytes_at(&v, RV_BASE, 32);
		EXPECT_TRUE("f's bytes are the last good update's", p && memcmp(p, want, 32) == 0);
		GElf_Sym s;
		if (ev_symbol(&v, "f", &s, NULL) == 1)
			EXPECT_U64("f's size", s.st_size, 32);
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

static void test_bad_exports_are_rejected(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	o.has_entry_addr = 1;
	o.entry_addr = RV_BASE;
	if (start(&r, &o))
		goto out;
	solder_sym f = rig_new(&r, SOLDER_FUNC, "f", 32, 4, 1);
	EXPECT_STATUS(r.l, solder_export(r.l, f, NULL, SOLDER_GLOBAL), SOLDER_ERR_INVALID);
	EXPECT_STATUS(r.l, solder_export(r.l, f, "", SOLDER_GLOBAL), SOLDER_ERR_INVALID);
	EXPECT_STATUS(r.l, solder_export(r.l, f, "f_api", (enum solder_linkage)0), SOLDER_ERR_INVALID);
	EXPECT_STATUS(r.l, solder_export(r.l, f, "f_api", (enum solder_linkage)7), SOLDER_ERR_INVALID);
	solder_status st = solder_unexport(r.l, "never_exported");
	CU_ASSERT(st == SOLDER_ERR_INVALID || st == SOLDER_ERR_UNDEFINED);
	EXPECT_MSG(r.l, "never_exported");
	EXPECT_STATUS(r.l, solder_unexport(r.l, NULL), SOLDER_ERR_INVALID);
	solder_sym found = 0;
	st = solder_find_symbol(r.l, "nobody", &found);
	CU_ASSERT(st == SOLDER_ERR_INVALID || st == SOLDER_ERR_UNDEFINED);
	EXPECT_MSG(r.l, "nobody");
	EXPECT_STATUS(r.l, solder_flush(r.l), SOLDER_OK);
	struct elfview v;
	if (ev_open_memfile(&v, &r.mf) == 0) {
		EXPECT_U64("no f_api after the refused exports", ev_symbol(&v, "f_api", NULL, NULL), 0);
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

static void test_missing_entry_symbol(void)
{
	static const char *names[] = { NULL, "kmain_missing" };
	for (int i = 0; i < 2; i++) {
		struct rig r;
		struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
		o.entry_name = names[i];
		const char *want = names[i] ? names[i] : "_start";
		if (start(&r, &o)) {
			rig_free(&r);
			continue;
		}
		solder_sym f = rig_new(&r, SOLDER_FUNC, "f", 32, 4, 1);
		EXPECT_STATUS(r.l, solder_export(r.l, f, "not_the_entry", SOLDER_GLOBAL), SOLDER_OK);
		EXPECT_STATUS(r.l, solder_flush(r.l), SOLDER_ERR_UNDEFINED);
		EXPECT_MSG(r.l, want);
		/* Once it exists, the flush goes through. */
		EXPECT_STATUS(r.l, solder_export(r.l, f, want, SOLDER_GLOBAL), SOLDER_OK);
		EXPECT_STATUS(r.l, solder_flush(r.l), SOLDER_OK);
		struct elfview v;
		if (ev_open_memfile(&v, &r.mf) == 0) {
			EXPECT_U64("e_entry", v.eh.e_entry, rig_addr(&r, f));
			ev_close(&v);
		}
		/* solder_set_entry to a name that is not there fails at flush, naming it. */
		EXPECT_STATUS(r.l, solder_set_entry(r.l, "nowhere_fn"), SOLDER_OK);
		EXPECT_STATUS(r.l, solder_flush(r.l), SOLDER_ERR_UNDEFINED);
		EXPECT_MSG(r.l, "nowhere_fn");
		solder_destroy(r.l);
		r.l = NULL;
		EXPECT_U64("live bytes after destroy", r.ca.live_bytes, 0);
		rig_free(&r);
	}
}

static void test_got_inside_code_segment(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	/* The GOT at the code segment's own start. */
	o.got_addr = RV_BASE;
	rig_init(&r);
	if (solder_create(&r.l, &r.ca.a) == SOLDER_OK) {
		EXPECT_STATUS(r.l, solder_open(r.l, &o, &r.ops), SOLDER_ERR_LAYOUT);
		EXPECT_MSG(r.l, "GOT");
	}
	rig_free(&r);

	/* The GOT inside the code segment's first page: refused at open (as a layout
	 * error, or as an address the segment cannot start at). */
	o.got_addr = RV_BASE + 0x100;
	rig_init(&r);
	if (solder_create(&r.l, &r.ca.a) == SOLDER_OK) {
		solder_status st = solder_open(r.l, &o, &r.ops);
		if (st != SOLDER_ERR_LAYOUT && st != SOLDER_ERR_INVALID)
			fprintf(stderr, "\n    GOT at image base + 0x100: expected LAYOUT or INVALID, got %d (%s)\n", (int)st,
			        solder_error(r.l));
		CU_ASSERT(st == SOLDER_ERR_LAYOUT || st == SOLDER_ERR_INVALID);
		EXPECT_MSG(r.l, "GOT");
	}
	rig_free(&r);

	/* The GOT a page after the code: allowed, and code growing into it is refused. */
	o.got_addr = RV_BASE + 0x1000;
	o.has_entry_addr = 1;
	o.entry_addr = RV_BASE;
	if (start(&r, &o) == 0) {
		solder_sym f = rig_new(&r, SOLDER_FUNC, "f", 0x800, 4, 1);
		solder_sym g = 0;
		EXPECT_STATUS(r.l, solder_alloc_symbol(r.l, &g), SOLDER_OK);
		EXPECT_STATUS(r.l, rig_update(&r, g, SOLDER_FUNC, "g", 0x1000, 4, 2), SOLDER_ERR_LAYOUT);
		EXPECT_MSG(r.l, "GOT");
		EXPECT_U64("f where it was", rig_addr(&r, f), RV_BASE);
	}
	rig_free(&r);

	/* data over rodata */
	o = opts_for(SOLDER_ARCH_X86_64);
	o.rodata_addr = X86_BASE + 0x100000;
	o.data_addr = X86_BASE + 0x100000;
	rig_init(&r);
	if (solder_create(&r.l, &r.ca.a) == SOLDER_OK)
		EXPECT_STATUS(r.l, solder_open(r.l, &o, &r.ops), SOLDER_ERR_LAYOUT);
	rig_free(&r);
}

/* Growing a segment into the next one is a layout error, not silent overlap. */
static void test_segment_growing_into_next_is_layout_error(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	o.has_entry_addr = 1;
	o.entry_addr = RV_BASE;
	o.window = 0x10000;   /* 64 KiB per segment */
	if (start(&r, &o))
		goto out;
	solder_sym f = rig_new(&r, SOLDER_FUNC, "f", 32, 4, 1);
	solder_status st = rig_update(&r, f, SOLDER_FUNC, "f", 0x20000, 4, 2);
	EXPECT_STATUS(r.l, st, SOLDER_ERR_LAYOUT);
	EXPECT_U64("f stays where it was", rig_addr(&r, f), RV_BASE);
	EXPECT_STATUS(r.l, solder_flush(r.l), SOLDER_OK);
	struct elfview v;
	if (ev_open_memfile(&v, &r.mf) == 0) {
		GElf_Shdr text;
		if (ev_section(&v, ".text", &text))
			EXPECT_TRUE(".text stays inside its window", text.sh_size <= 0x10000);
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
out:
	rig_free(&r);
}

static void test_address_beyond_elf32(void)
{
	static const struct { solder_arch arch; unsigned cls; uint64_t base, got; } cases[] = {
		{ SOLDER_ARCH_X86_64, 32, 0x100000000ull, 0 },
		{ SOLDER_ARCH_RISCV32, 0, 0x100000000ull, 0 },
		{ SOLDER_ARCH_I386, 0, X86_BASE, 0x100000000ull },
	};
	for (size_t i = 0; i < 3; i++) {
		struct rig r;
		struct solder_options o = opts_for(cases[i].arch);
		o.elf_class = cases[i].cls;
		o.image_base = cases[i].base;
		o.got_addr = cases[i].got;
		rig_init(&r);
		if (solder_create(&r.l, &r.ca.a) == SOLDER_OK) {
			EXPECT_STATUS(r.l, solder_open(r.l, &o, &r.ops), SOLDER_ERR_RANGE);
			EXPECT_MSG(r.l, "100000000");
		}
		rig_free(&r);
	}
	/* An explicit entry address beyond ELF32 is refused when it is set. */
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_I386);
	if (start(&r, &o) == 0) {
		solder_status st = solder_set_entry_addr(r.l, 0x123456789ull);
		if (st == SOLDER_OK)
			st = solder_flush(r.l);
		EXPECT_STATUS(r.l, st, SOLDER_ERR_RANGE);
	}
	rig_free(&r);
}

static void test_posix_open_unwritable_path(void)
{
	struct solder_file_ops ops;
	errno = 0;
	EXPECT_U64("solder_posix_open on a missing directory", (uint64_t)(int64_t)solder_posix_open(
	           "/nonexistent-solder-dir/sub/out.elf", &ops), (uint64_t)(int64_t)-1);
	EXPECT_U64("errno", errno, ENOENT);

	char dir[] = "/tmp/solder-api-XXXXXX";
	if (!mkdtemp(dir)) {
		CU_FAIL("mkdtemp");
		return;
	}
	EXPECT_U64("solder_posix_open on a directory", (uint64_t)(int64_t)solder_posix_open(dir, &ops),
	           (uint64_t)(int64_t)-1);

	/* The happy path: build, close, reopen and resume through real files. */
	char path[64];
	snprintf(path, sizeof(path), "%s/out.elf", dir);
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	struct sample s;
	for (int pass = 0; pass < 2; pass++) {
		if (solder_posix_open(path, &ops) != 0) {
			CU_FAIL("solder_posix_open in a writable directory");
			break;
		}
		struct rig r;
		rig_init(&r);
		r.ops = ops;
		EXPECT_STATUS(NULL, solder_create(&r.l, &r.ca.a), SOLDER_OK);
		EXPECT_STATUS(r.l, solder_open(r.l, &o, &r.ops), SOLDER_OK);
		if (pass == 0) {
			sample_build(&r, o.arch, &s);
		} else {
			EXPECT_U64("the file is resumed", solder_resumed(r.l), 1);
			uint64_t a = 0;
			solder_status st = solder_symbol_addr(r.l, s.g, &a);
			EXPECT_STATUS(r.l, st, SOLDER_OK);
			EXPECT_U64("helper's address after resume", a, s.ga);
		}
		EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
		solder_posix_close(&ops);
		rig_free(&r);
	}
	FILE *fp = fopen(path, "rb");
	if (fp) {
		static uint8_t img[1 << 20];
		size_t n = fread(img, 1, sizeof(img), fp);
		fclose(fp);
		struct elfview v;
		if (ev_open(&v, img, n) == 0) {
			EXPECT_U64("e_entry of the file on disk", v.eh.e_entry, s.fa);
			ev_close(&v);
		} else {
			CU_FAIL("the file on disk is not ELF");
		}
	}
	unlink(path);
	rmdir(dir);
}

/* ---- existing outputs that cannot be trusted */

/* Opening `bad` must rebuild: OK, not resumed, a reason; the old symbols are gone and
 * a fresh program builds. */
static void expect_rebuild(const char *what, const struct solder_options *o, const uint8_t *bad, size_t n,
                           uint16_t machine)
{
	struct rig r;
	rig_init(&r);
	if (memfile_set(&r.mf, bad, n)) {
		CU_FAIL("memfile_set");
		return;
	}
	solder_status st = rig_open(&r, o);
	if (st != SOLDER_OK)
		fprintf(stderr, "\n    %s: solder_open: expected OK (a rebuild), got %d\n", what, (int)st);
	CU_ASSERT(st == SOLDER_OK);
	if (st == SOLDER_OK) {
		if (solder_resumed(r.l))
			fprintf(stderr, "\n    %s: resumed; expected a rebuild\n", what);
		CU_ASSERT(solder_resumed(r.l) == 0);
		const char *why = solder_rebuild_reason(r.l);
		if (!why || !why[0])
			fprintf(stderr, "\n    %s: solder_rebuild_reason() is empty\n", what);
		CU_ASSERT(why && why[0]);
		solder_sym s = 0;
		EXPECT_TRUE("the old _start is gone after a rebuild", solder_find_symbol(r.l, "_start", &s) != SOLDER_OK);
		expect_builds(&r, machine);
		EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
	}
	rig_free(&r);
}

static void test_garbage_file_is_rebuilt(void)
{
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	uint8_t junk[4096];
	uint32_t x = 7;
	for (size_t i = 0; i < sizeof(junk); i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (uint8_t)(x >> 16);
	}
	expect_rebuild("garbage", &o, junk, sizeof(junk), EM_RISCV);
	memcpy(junk, "\177ELF", 4);
	expect_rebuild("garbage behind an ELF magic", &o, junk, sizeof(junk), EM_RISCV);
	expect_rebuild("an ELF magic alone", &o, junk, 4, EM_RISCV);
	expect_rebuild("a zero-length file", &o, junk, 0, EM_RISCV);
}

static void test_truncated_image_is_rebuilt(void)
{
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	struct memfile img;
	struct sample s;
	if (sample_image(&o, &img, &s))
		return;
	expect_rebuild("half the image", &o, img.data, img.size / 2, EM_RISCV);
	expect_rebuild("the image less its last byte", &o, img.data, img.size - 1, EM_RISCV);
	expect_rebuild("the ELF header alone", &o, img.data, 64, EM_RISCV);
	memfile_free(&img);
}

static void test_flipped_state_is_rebuilt(void)
{
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	struct memfile img;
	struct sample s;
	if (sample_image(&o, &img, &s))
		return;
	struct elfview v;
	GElf_Shdr st;
	if (ev_open_memfile(&v, &img) || !ev_section(&v, ".solder.state", &st) || st.sh_size < 4) {
		CU_FAIL("the closed image has no .solder.state section");
		if (v.e)
			ev_close(&v);
		memfile_free(&img);
		return;
	}
	ev_close(&v);
	uint64_t at[] = { st.sh_offset, st.sh_offset + st.sh_size / 2, st.sh_offset + st.sh_size - 1 };
	for (int i = 0; i < 3; i++) {
		img.data[at[i]] ^= 0x40;
		char what[64];
		snprintf(what, sizeof(what), "state byte %llu flipped", (unsigned long long)(at[i] - st.sh_offset));
		expect_rebuild(what, &o, img.data, img.size, EM_RISCV);
		img.data[at[i]] ^= 0x40;
	}
	memfile_free(&img);
}

static void test_other_machine_or_class_is_rebuilt(void)
{
	struct solder_options rv64 = opts_for(SOLDER_ARCH_RISCV64);
	struct solder_options rv32 = opts_for(SOLDER_ARCH_RISCV32);
	struct solder_options x64 = opts_for(SOLDER_ARCH_X86_64);
	struct solder_options x64_32 = opts_for(SOLDER_ARCH_X86_64);
	x64_32.elf_class = 32;
	struct memfile a, b;
	struct sample s;
	if (sample_image(&rv64, &a, &s) == 0) {
		expect_rebuild("a riscv64 image opened for x86_64", &x64, a.data, a.size, EM_X86_64);
		expect_rebuild("a riscv64 image opened for riscv32", &rv32, a.data, a.size, EM_RISCV);
		memfile_free(&a);
	}
	if (sample_image(&x64, &b, &s) == 0) {
		expect_rebuild("an x86_64 ELF64 image opened for ELF32", &x64_32, b.data, b.size, EM_X86_64);
		expect_rebuild("an x86_64 image opened for riscv64", &rv64, b.data, b.size, EM_RISCV);
		memfile_free(&b);
	}
	/* An ELF solder did not write: this test program itself. */
	FILE *fp = fopen("/proc/self/exe", "rb");
	if (fp) {
		size_t cap = 64 << 20, n;
		uint8_t *p = malloc(cap);
		n = p ? fread(p, 1, cap, fp) : 0;
		fclose(fp);
		if (n > 64 && p[18] == EM_X86_64 && p[19] == 0)
			expect_rebuild("a foreign x86_64 executable", &x64, p, n, EM_X86_64);
		free(p);
	}
}

static void test_unfinished_update_is_rebuilt(void)
{
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	struct memfile img;
	struct sample s;
	if (sample_image(&o, &img, &s))
		return;
	struct rig r;
	rig_init(&r);
	memfile_set(&r.mf, img.data, img.size);
	if (rig_open(&r, &o) == SOLDER_OK) {
		EXPECT_U64("the clean image resumes", solder_resumed(r.l), 1);
		EXPECT_STATUS(r.l, rig_update(&r, s.g, SOLDER_FUNC, "helper", 300, 0, 0x44), SOLDER_OK);
		EXPECT_STATUS(r.l, solder_flush(r.l), SOLDER_OK);
		rig_destroy(&r);   /* no close: the file says "unfinished" */
		expect_rebuild("an update that never finished", &o, r.mf.data, r.mf.size, EM_RISCV);
	}
	rig_free(&r);
	memfile_free(&img);
}

/* ---- resuming a clean image */

static void expect_sample_resumed(struct rig *r, const struct sample *s)
{
	static const struct { const char *name; size_t off; } names[] = {
		{ "_start", offsetof(struct sample, f) }, { "main_fn", offsetof(struct sample, f) },
		{ "helper_api", offsetof(struct sample, g) }, { "helper", offsetof(struct sample, g) },
		{ "msg_api", offsetof(struct sample, ro) }, { "msg", offsetof(struct sample, ro) },
		{ "counter", offsetof(struct sample, d) },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		solder_sym found = 0, want;
		memcpy(&want, (const uint8_t *)s + names[i].off, sizeof(want));
		solder_status st = solder_find_symbol(r->l, names[i].name, &found);
		if (st != SOLDER_OK || found != want)
			fprintf(stderr, "\n    solder_find_symbol(\"%s\"): expected %u, got %u (status %d)\n",
			        names[i].name, want, found, (int)st);
		CU_ASSERT(st == SOLDER_OK && found == want);
	}
	EXPECT_U64("main_fn's address", rig_addr(r, s->f), s->fa);
	EXPECT_U64("helper's address", rig_addr(r, s->g), s->ga);
	EXPECT_U64("msg's address", rig_addr(r, s->ro), s->roa);
	EXPECT_U64("counter's address", rig_addr(r, s->d), s->da);
	EXPECT_U64("main_fn's slot", rig_slot(r, s->f), s->fslot);
	EXPECT_U64("helper's slot", rig_slot(r, s->g), s->gslot);
}

static void check_resume(solder_arch arch, unsigned cls, int debug_info, uint16_t machine)
{
	struct solder_options o = opts_for(arch);
	o.elf_class = cls;
	o.debug_info = debug_info;
	struct memfile img;
	struct sample s;
	if (sample_image(&o, &img, &s))
		return;
	struct rig r;
	rig_init(&r);
	memfile_set(&r.mf, img.data, img.size);
	if (rig_open(&r, &o) != SOLDER_OK)
		goto out;
	if (!solder_resumed(r.l))
		fprintf(stderr, "\n    a clean image was rebuilt: %s\n", solder_rebuild_reason(r.l));
	CU_ASSERT(solder_resumed(r.l) == 1);
	expect_sample_resumed(&r, &s);
	/* Block layout survives: main_fn (placed first, helper right after it) grows to
	 * exactly its capacity in place; helper, the last block, grows in place too. */
	EXPECT_TRUE("helper follows main_fn", s.ga > s.fa);
	uint64_t fcap = s.ga - s.fa;
	EXPECT_STATUS(r.l, rig_update(&r, s.f, SOLDER_FUNC, "main_fn", fcap, 0, 0x55), SOLDER_OK);
	EXPECT_U64("main_fn grows to its capacity in place after resume", rig_addr(&r, s.f), s.fa);
	EXPECT_STATUS(r.l, rig_update(&r, s.g, SOLDER_FUNC, "helper", 120, 0, 0x66), SOLDER_OK);
	EXPECT_U64("helper grows in place after resume", rig_addr(&r, s.g), s.ga);
	/* A new symbol takes a new slot and does not overlap anything. */
	solder_sym n = rig_new(&r, SOLDER_DATA, "new_obj", 16, 8, 0x77);
	uint64_t ns = rig_slot(&r, n), na = rig_addr(&r, n);
	EXPECT_TRUE("a new symbol gets a new index", n != s.f && n != s.g && n != s.ro && n != s.d);
	EXPECT_TRUE("a new symbol gets a new slot", ns != s.fslot && ns != s.gslot);
	EXPECT_TRUE("a new data object does not overlap counter", na >= s.da + 8 || na + 16 <= s.da);
	EXPECT_STATUS(r.l, solder_flush(r.l), SOLDER_OK);
	struct elfview v;
	if (ev_open_memfile(&v, &r.mf) == 0) {
		EXPECT_U64("e_entry", v.eh.e_entry, s.fa);
		uint8_t want[120];
		pattern_fill(want, 120, 0x66);
		const uint8_t *p = ev_bytes_at(&v, s.ga, 120);
		EXPECT_TRUE("helper's new bytes", p && memcmp(p, want, 120) == 0);
		uint8_t *fw = malloc(fcap);
		pattern_fill(fw, fcap, 0x55);
		p = ev_bytes_at(&v, s.fa, fcap);
		EXPECT_TRUE("main_fn's new bytes", p && fw && memcmp(p, fw, fcap) == 0);
		free(fw);
		pattern_fill(want, 8, 0x33);
		p = ev_bytes_at(&v, s.da, 8);
		EXPECT_TRUE("counter's bytes kept", p && memcmp(p, want, 8) == 0);
		EXPECT_U64("one _start", ev_symbol(&v, "_start", NULL, NULL), 1);
		EXPECT_U64("one new_obj", ev_symbol(&v, "new_obj", NULL, NULL), 1);
		EXPECT_U64("e_machine", v.eh.e_machine, machine);
		ev_close(&v);
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
	/* and again */
	if (rig_open(&r, &o) == SOLDER_OK) {
		EXPECT_U64("resumed a second time", solder_resumed(r.l), 1);
		solder_sym found = 0;
		EXPECT_STATUS(r.l, solder_find_symbol(r.l, "new_obj", &found), SOLDER_OK);
		EXPECT_U64("new_obj's index", found, n);
		EXPECT_U64("new_obj's address", rig_addr(&r, n), na);
		EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);
	}
out:
	rig_free(&r);
	memfile_free(&img);
}

static void test_clean_image_resumes_riscv64(void) { check_resume(SOLDER_ARCH_RISCV64, 0, 0, EM_RISCV); }
static void test_clean_image_resumes_riscv64_dwarf(void) { check_resume(SOLDER_ARCH_RISCV64, 0, 1, EM_RISCV); }
static void test_clean_image_resumes_riscv32(void) { check_resume(SOLDER_ARCH_RISCV32, 0, 0, EM_RISCV); }
static void test_clean_image_resumes_x86_64_elf32(void) { check_resume(SOLDER_ARCH_X86_64, 32, 1, EM_X86_64); }
static void test_clean_image_resumes_i386(void) { check_resume(SOLDER_ARCH_I386, 0, 0, EM_386); }

/* ---- fuzzing the existing output */

static uint32_t rng_next(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* Damages one place of the image: a flipped bit, a random byte, or a 4- or 8-byte
 * field set to all ones, zero or random (offsets and sizes read from it go wild). */
static void damage(uint8_t *p, size_t n, uint64_t off, uint32_t *rng)
{
	uint32_t how = rng_next(rng) % 6;
	size_t width = how >= 4 ? 8 : 4;
	if (how == 0) {
		p[off] ^= (uint8_t)(1u << (rng_next(rng) % 8));
	} else if (how == 1) {
		p[off] = (uint8_t)rng_next(rng);
	} else {
		for (size_t i = 0; i < width && off + i < n; i++)
			p[off + i] = how == 2 ? 0xff : how == 3 ? 0 : (uint8_t)rng_next(rng);
	}
}

static void fuzz(const struct solder_options *o, uint16_t machine, uint32_t seed, unsigned iterations)
{
	struct memfile img;
	struct sample s;
	if (sample_image(o, &img, &s))
		return;
	struct elfview v;
	GElf_Shdr state;
	if (ev_open_memfile(&v, &img) || !ev_section(&v, ".solder.state", &state)) {
		CU_FAIL("the clean image has no .solder.state");
		if (v.e)
			ev_close(&v);
		memfile_free(&img);
		return;
	}
	uint64_t hdr_end = v.eh.e_phoff + (uint64_t)v.eh.e_phnum * v.eh.e_phentsize;
	size_t shnum = 0;
	elf_getshdrnum(v.e, &shnum);
	uint64_t sh_start = v.eh.e_shoff, sh_len = (uint64_t)shnum * v.eh.e_shentsize;
	ev_close(&v);
	if (!sh_len || !hdr_end || !state.sh_size) {
		CU_FAIL("the clean image lacks headers or state");
		memfile_free(&img);
		return;
	}

	uint32_t rng = seed;
	unsigned resumed = 0, rebuilt = 0, bad = 0;
	uint8_t *copy = malloc(img.size);
	for (unsigned it = 0; copy && it < iterations && bad < 5; it++) {
		memcpy(copy, img.data, img.size);
		size_t len = img.size;
		unsigned hits = 1 + rng_next(&rng) % 4;
		for (unsigned k = 0; k < hits; k++) {
			uint32_t where = rng_next(&rng) % 10, x = rng_next(&rng);
			uint64_t off;
			if (where < 3)
				off = x % hdr_end;                     /* ELF and program headers */
			else if (where < 5)
				off = sh_start + x % sh_len;           /* section headers */
			else if (where < 8)
				off = state.sh_offset + x % state.sh_size;
			else
				off = x % img.size;
			damage(copy, img.size, off, &rng);
		}
		if (rng_next(&rng) % 16 == 0)
			len = rng_next(&rng) % img.size;           /* and cut short */
		struct rig r;
		rig_init(&r);
		memfile_set(&r.mf, copy, len);
		solder_status st = rig_open(&r, o);
		if (st != SOLDER_OK) {
			fprintf(stderr, "\n    fuzz seed %u iteration %u: solder_open returned %d: %s\n", seed, it, (int)st,
			        r.l ? solder_error(r.l) : "");
			bad++;
			rig_free(&r);
			continue;
		}
		int res = solder_resumed(r.l);
		if (res)
			resumed++;
		else if (solder_rebuild_reason(r.l)[0])
			rebuilt++;
		else {
			fprintf(stderr, "\n    fuzz seed %u iteration %u: neither resumed nor a rebuild reason\n", seed, it);
			bad++;
		}
		unsigned before = CU_get_number_of_failures();
		expect_builds(&r, machine);
		if (rig_close(&r) != SOLDER_OK || CU_get_number_of_failures() != before) {
			fprintf(stderr, "\n    fuzz seed %u iteration %u (%s) failed to build a program\n", seed, it,
			        res ? "resumed" : "rebuilt");
			bad++;
		}
		rig_free(&r);
	}
	free(copy);
	memfile_free(&img);
	CU_ASSERT(bad == 0);
	/* Both paths were exercised, or the fuzz tested little. */
	EXPECT_TRUE("some fuzzed images rebuilt", rebuilt > 0);
	EXPECT_TRUE("some fuzzed images resumed (damage in bytes the state does not cover)", resumed > 0);
}

static void test_fuzzed_image_resumes_or_rebuilds_elf64(void)
{
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	o.debug_info = 1;
	fuzz(&o, EM_RISCV, 0x50dde5, 3000);
}

static void test_fuzzed_image_resumes_or_rebuilds_elf32(void)
{
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64);
	o.elf_class = 32;
	o.debug_info = 1;
	fuzz(&o, EM_X86_64, 0xe1f32, 2000);
}

/* ---- allocation and I/O failures */

/* The scenario the failure loops run. Each step's status goes through *st; returns at
 * the first failure. */
static solder_status scenario(struct rig *r, const struct solder_options *o)
{
	solder_status st = solder_create(&r->l, &r->ca.a);
	if (st)
		return st;
	if ((st = solder_open(r->l, o, &r->ops)))
		return st;
	solder_sym f = 0, g = 0, d = 0;
	if ((st = solder_alloc_symbol(r->l, &g)) || (st = solder_alloc_symbol(r->l, &f)) ||
	    (st = solder_alloc_symbol(r->l, &d)))
		return st;
	uint8_t bytes[64];
	struct solder_fixup fixups[8];
	struct solder_code c = { .bytes = bytes, .cap = sizeof(bytes), .fixups = fixups, .fixups_cap = 8 };
	solder_emit_call_got(o->arch, &c, g);
	solder_emit_load_addr(o->arch, &c, SOLDER_REG_ARG0, d, 4);
	solder_emit_ret(o->arch, &c);
	struct solder_line lines[2] = { { 0, 3 }, { 4, 4 } };
	struct solder_update u = { .name = "f", .kind = SOLDER_FUNC, .bytes = c.bytes, .size = c.len,
	                           .fixups = c.fixups, .nfixups = c.nfixups, .lines = lines, .nlines = 2 };
	uint8_t data[300];
	pattern_fill(data, sizeof(data), 3);
	struct solder_update ug = { .name = "g", .kind = SOLDER_FUNC, .bytes = data, .size = 40, .lines = lines, .nlines = 1 };
	struct solder_update ud = { .name = "d", .kind = SOLDER_DATA, .bytes = data, .size = 16 };
	if ((st = solder_update_symbol(r->l, g, &ug)) || (st = solder_update_symbol(r->l, f, &u)) ||
	    (st = solder_update_symbol(r->l, d, &ud)))
		return st;
	if ((st = solder_export(r->l, f, "_start", SOLDER_GLOBAL)) || (st = solder_export(r->l, d, "d_api", SOLDER_WEAK)))
		return st;
	if ((st = solder_flush(r->l)))
		return st;
	ug.size = 300;
	ud.size = 200;
	if ((st = solder_update_symbol(r->l, g, &ug)) || (st = solder_update_symbol(r->l, d, &ud)))
		return st;
	if ((st = solder_unexport(r->l, "d_api")) || (st = solder_free_symbol(r->l, g)))
		return st;
	solder_sym h = 0;
	if ((st = solder_alloc_symbol(r->l, &h)) || (st = solder_update_symbol(r->l, h, &ug)))
		return st;
	if ((st = solder_flush(r->l)))
		return st;
	st = solder_close(r->l);
	r->l = NULL;
	return st;
}

static void failure_loop(int io, const uint8_t *existing, size_t existing_len)
{
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	o.debug_info = 1;
	unsigned bad = 0;
	uint64_t n;
	for (n = io ? 1 : 0; n < 100000 && bad < 5; n++) {
		struct rig r;
		rig_init(&r);
		if (existing)
			memfile_set(&r.mf, existing, existing_len);
		if (io) {
			r.mf.fail_mutation_at = n;
			r.mf.fail_sticky = (n & 1) != 0;
		} else {
			countalloc_fail_after(&r.ca, n);
		}
		solder_status want = io ? SOLDER_ERR_IO : SOLDER_ERR_NOMEM;
		solder_status st = scenario(&r, &o);
		int injected = io ? r.mf.failures != 0 : r.ca.failures != 0;
		if (st == SOLDER_OK && !injected) {
			/* The whole scenario ran without hitting the failure: done. */
			if (r.ca.live_bytes) {
				fprintf(stderr, "\n    the scenario without failures leaks %zu bytes\n", r.ca.live_bytes);
				bad++;
			}
			rig_free(&r);
			break;
		}
		/* An allocation failure may be shrugged off (a free-list node is a hint), a
		 * write failure never: the file would lack what was reported written. */
		if (st == SOLDER_OK && !io) {
			;
		} else if (st != want) {
			fprintf(stderr, "\n    %s failure at %llu: expected status %d, got %d (%s)\n", io ? "I/O" : "allocation",
			        (unsigned long long)n, (int)want, (int)st, r.l ? solder_error(r.l) : "");
			bad++;
		} else if (r.l && !solder_error(r.l)[0]) {
			fprintf(stderr, "\n    failure at %llu: status %d but solder_error() is empty\n",
			        (unsigned long long)n, (int)st);
			bad++;
		}
		/* Free the link both ways: destroy, or close (which frees whatever happens). */
		if (r.l) {
			if (n % 3 == 2) {
				/* Its status may also be a missing _start: the scenario stopped early. */
				solder_status cs = solder_close(r.l);
				if (cs != SOLDER_OK && cs != want && cs != SOLDER_ERR_UNDEFINED) {
					fprintf(stderr, "\n    close after failure %llu: status %d\n", (unsigned long long)n, (int)cs);
					bad++;
				}
			} else {
				solder_destroy(r.l);
			}
			r.l = NULL;
		}
		if (r.ca.live_bytes || r.ca.bad_calls) {
			fprintf(stderr, "\n    %s failure at %llu: %zu bytes leaked, %llu bad allocator calls\n",
			        io ? "I/O" : "allocation", (unsigned long long)n, r.ca.live_bytes,
			        (unsigned long long)r.ca.bad_calls);
			bad++;
		}
		/* Whatever was left in the file opens again, and a program builds on it. */
		countalloc_init(&r.ca);
		r.mf.fail_mutation_at = 0;
		if (rig_open(&r, &o) != SOLDER_OK) {
			fprintf(stderr, "\n    reopening after failure %llu failed\n", (unsigned long long)n);
			bad++;
		} else {
			if (!solder_resumed(r.l) && !solder_rebuild_reason(r.l)[0]) {
				fprintf(stderr, "\n    reopening after failure %llu: neither resumed nor a reason\n",
				        (unsigned long long)n);
				bad++;
			}
			unsigned before = CU_get_number_of_failures();
			expect_builds(&r, EM_RISCV);
			if (CU_get_number_of_failures() != before)
				bad++;
			rig_close(&r);
		}
		rig_free(&r);
	}
	CU_ASSERT(bad == 0);
	EXPECT_TRUE("the loop reached a run without failures", n < 100000);
	EXPECT_TRUE("the loop injected failures", n > 3);
}

static void test_allocation_failures_fresh(void) { failure_loop(0, NULL, 0); }
static void test_io_failures_fresh(void) { failure_loop(1, NULL, 0); }

static void test_allocation_failures_resume(void)
{
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	o.debug_info = 1;
	struct memfile img;
	struct sample s;
	if (sample_image(&o, &img, &s) == 0) {
		failure_loop(0, img.data, img.size);
		memfile_free(&img);
	}
}

static void test_io_failures_resume(void)
{
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	o.debug_info = 1;
	struct memfile img;
	struct sample s;
	if (sample_image(&o, &img, &s) == 0) {
		failure_loop(1, img.data, img.size);
		memfile_free(&img);
	}
}

static void test_unreadable_file_is_io_error(void)
{
	struct solder_options o = opts_for(SOLDER_ARCH_RISCV64);
	struct memfile img;
	struct sample s;
	if (sample_image(&o, &img, &s))
		return;
	struct rig r;
	rig_init(&r);
	memfile_set(&r.mf, img.data, img.size);
	r.mf.fail_reads = 1;
	if (solder_create(&r.l, &r.ca.a) == SOLDER_OK) {
		EXPECT_STATUS(r.l, solder_open(r.l, &o, &r.ops), SOLDER_ERR_IO);
		EXPECT_TRUE("a message", solder_error(r.l)[0] != 0);
		EXPECT_U64("nothing written to a file that could not be read", r.mf.bytes_written, 0);
	}
	rig_free(&r);
	memfile_free(&img);
}

void suite_api(void)
{
	CU_pSuite s = CU_add_suite("api", NULL, NULL);
	if (!s)
		return;
	CU_add_test(s, "error is empty before any failure", test_error_is_empty_before_any_failure);
	CU_add_test(s, "calls before open are rejected", test_calls_before_open_are_rejected);
	CU_add_test(s, "bad options are rejected", test_bad_options_are_rejected);
	CU_add_test(s, "invalid symbol index", test_invalid_symbol_index);
	CU_add_test(s, "freed symbol index", test_freed_symbol_index);
	CU_add_test(s, "address before first update", test_address_before_first_update);
	CU_add_test(s, "bad updates are rejected", test_bad_updates_are_rejected);
	CU_add_test(s, "bad exports are rejected", test_bad_exports_are_rejected);
	CU_add_test(s, "missing entry symbol", test_missing_entry_symbol);
	CU_add_test(s, "GOT inside code segment", test_got_inside_code_segment);
	CU_add_test(s, "segment growing into next is a layout error", test_segment_growing_into_next_is_layout_error);
	CU_add_test(s, "address beyond ELF32", test_address_beyond_elf32);
	CU_add_test(s, "posix open: unwritable path, real file round trip", test_posix_open_unwritable_path);
	CU_add_test(s, "garbage file is rebuilt", test_garbage_file_is_rebuilt);
	CU_add_test(s, "truncated image is rebuilt", test_truncated_image_is_rebuilt);
	CU_add_test(s, "flipped state is rebuilt", test_flipped_state_is_rebuilt);
	CU_add_test(s, "other machine or class is rebuilt", test_other_machine_or_class_is_rebuilt);
	CU_add_test(s, "unfinished update is rebuilt", test_unfinished_update_is_rebuilt);
	CU_add_test(s, "clean image resumes riscv64", test_clean_image_resumes_riscv64);
	CU_add_test(s, "clean image resumes riscv64 (DWARF)", test_clean_image_resumes_riscv64_dwarf);
	CU_add_test(s, "clean image resumes riscv32", test_clean_image_resumes_riscv32);
	CU_add_test(s, "clean image resumes x86_64 ELF32 (DWARF)", test_clean_image_resumes_x86_64_elf32);
	CU_add_test(s, "clean image resumes i386", test_clean_image_resumes_i386);
	CU_add_test(s, "fuzzed image resumes or rebuilds (ELF64)", test_fuzzed_image_resumes_or_rebuilds_elf64);
	CU_add_test(s, "fuzzed image resumes or rebuilds (ELF32)", test_fuzzed_image_resumes_or_rebuilds_elf32);
	CU_add_test(s, "allocation failures (fresh file)", test_allocation_failures_fresh);
	CU_add_test(s, "allocation failures (resumed file)", test_allocation_failures_resume);
	CU_add_test(s, "I/O failures (fresh file)", test_io_failures_fresh);
	CU_add_test(s, "I/O failures (resumed file)", test_io_failures_resume);
	CU_add_test(s, "unreadable file is an I/O error", test_unreadable_file_is_io_error);
}
