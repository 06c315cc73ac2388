/*
 * test_state.c: the state solder_close() saves into .solder.state, and what
 * solder_open() makes of it.
 *
 * A link is built through the public API on an in-memory file, closed, and opened
 * again: a clean file resumes with the same symbol indices, addresses, GOT slots and
 * exports, and carries on incrementally. Every kind of file that cannot be trusted is
 * rebuilt with a reason naming what was wrong; each reason has its test. Blobs with a
 * correct checksum but corrupt contents are made here by editing a real blob and
 * resealing it (the payload layout walked by payload_layout() below mirrors state.c),
 * and every word of a payload is corrupted in turn: none may crash or leak.
 */
#include "memfile.h"

#include <elf.h>
#include <stdlib.h>

#define X86_BASE 0x01000000ull
#define RV_BASE 0x80000000ull

/* Header fields of the blob, as state.c lays it out. */
#define ST_HDR 64
#define ST_FORMAT 8
#define ST_FLAGS 12
#define ST_VERSION 16
#define ST_GENERATION 40
#define ST_LENGTH 48
#define ST_CHECKSUM 56

static struct solder_options opts_for(solder_arch arch, int debug)
{
	struct solder_options o;
	memset(&o, 0, sizeof(o));
	o.arch = arch;
	o.image_base = (arch == SOLDER_ARCH_RISCV64 || arch == SOLDER_ARCH_RISCV32) ? RV_BASE : X86_BASE;
	o.has_entry_addr = 1;
	o.entry_addr = o.image_base;
	o.debug_info = debug;
	return o;
}

/* ---- a small program: what the tests build, close and expect back */

enum { MAIN, HELPER, GONE, TABLE, MSG, NSYMS };

struct world {
	solder_sym sym[NSYMS];
	uint64_t addr[NSYMS], slot[NSYMS];   /* GONE's address is 0: it is freed */
	unsigned ptr;                        /* the target's pointer size */
};

/* The target's absolute pointer-sized relocation. */
static uint32_t abs_reloc(solder_arch arch)
{
	switch (arch) {
	case SOLDER_ARCH_RISCV64: return 2;   /* R_RISCV_64 */
	case SOLDER_ARCH_RISCV32: return 1;   /* R_RISCV_32 */
	case SOLDER_ARCH_X86_64: return R_X86_64_64;
	case SOLDER_ARCH_I386: return R_386_32;
	}
	return 0;
}

/* main and helper are functions, gone is freed (its index, block, GOT slot and DWARF
 * slot go to free lists), table refers to helper directly (bytes 0..ptr) and to main's
 * GOT slot (bytes 8..8+ptr), msg is read-only data. Exports of every linkage. */
static int build_world(struct rig *r, solder_arch arch, struct world *w)
{
	memset(w, 0, sizeof(*w));
	w->ptr = arch == SOLDER_ARCH_RISCV64 || arch == SOLDER_ARCH_X86_64 ? 8 : 4;
	w->sym[MAIN] = rig_new(r, SOLDER_FUNC, "main", 40, 0, 1);
	w->sym[HELPER] = rig_new(r, SOLDER_FUNC, "helper", 100, 0, 2);
	w->sym[GONE] = rig_new(r, SOLDER_FUNC, "gone", 80, 0, 3);
	w->sym[MSG] = rig_new(r, SOLDER_RODATA, "msg", 12, 0, 5);
	if (!w->sym[MAIN] || !w->sym[HELPER] || !w->sym[GONE] || !w->sym[MSG])
		return -1;
	uint8_t bytes[16];
	pattern_fill(bytes, sizeof(bytes), 4);
	struct solder_fixup fx[2] = {
		{ .offset = 0, .type = abs_reloc(arch), .sym = w->sym[HELPER] },
		{ .offset = 8, .type = abs_reloc(arch), .sym = w->sym[MAIN], .flags = SOLDER_FIXUP_GOT },
	};
	struct solder_update u = { .name = "table", .kind = SOLDER_DATA, .bytes = bytes, .size = sizeof(bytes),
		                       .fixups = fx, .nfixups = 2 };
	if (solder_alloc_symbol(r->l, &w->sym[TABLE]) != SOLDER_OK)
		return -1;
	EXPECT_STATUS(r->l, solder_update_symbol(r->l, w->sym[TABLE], &u), SOLDER_OK);
	EXPECT_STATUS(r->l, solder_export(r->l, w->sym[MAIN], "_start", SOLDER_GLOBAL), SOLDER_OK);
	EXPECT_STATUS(r->l, solder_export(r->l, w->sym[HELPER], "helper_weak", SOLDER_WEAK), SOLDER_OK);
	EXPECT_STATUS(r->l, solder_export(r->l, w->sym[HELPER], "helper_local", SOLDER_LOCAL), SOLDER_OK);
	EXPECT_STATUS(r->l, solder_export(r->l, w->sym[GONE], "gone_export", SOLDER_GLOBAL), SOLDER_OK);
	EXPECT_STATUS(r->l, solder_export(r->l, w->sym[TABLE], "table", SOLDER_GLOBAL), SOLDER_OK);
	for (int i = 0; i < NSYMS; i++) {
		w->addr[i] = i == GONE ? 0 : rig_addr(r, w->sym[i]);
		w->slot[i] = rig_slot(r, w->sym[i]);
	}
	EXPECT_STATUS(r->l, solder_free_symbol(r->l, w->sym[GONE]), SOLDER_OK);
	EXPECT_STATUS(r->l, solder_flush(r->l), SOLDER_OK);
	return 0;
}

/* A closed image of the world in r->mf (the link is closed). */
static int make_image(struct rig *r, const struct solder_options *o, struct world *w)
{
	rig_init(r);
	if (rig_open(r, o) != SOLDER_OK || build_world(r, o->arch, w)) {
		CU_FAIL("building the image failed");
		return -1;
	}
	solder_status st = rig_close(r);
	EXPECT_STATUS(NULL, st, SOLDER_OK);
	return st == SOLDER_OK ? 0 : -1;
}

/* ---- the blob inside the memfile */

struct blob {
	uint8_t *hdr;      /* into the memfile's bytes */
	uint8_t *payload;
	uint64_t off, size, len;
};

static int find_blob(struct memfile *mf, struct blob *b)
{
	struct elfview v;
	GElf_Shdr sh;
	if (ev_open_memfile(&v, mf)) {
		CU_FAIL("libelf rejects the image");
		return -1;
	}
	Elf_Scn *scn = ev_section(&v, ".solder.state", &sh);
	ev_close(&v);
	if (!scn || sh.sh_size < ST_HDR || sh.sh_offset + sh.sh_size > mf->size) {
		CU_FAIL("no .solder.state blob in the image");
		return -1;
	}
	b->off = sh.sh_offset;
	b->size = sh.sh_size;
	b->hdr = mf->data + sh.sh_offset;
	b->payload = b->hdr + ST_HDR;
	b->len = ev_get_le(b->hdr + ST_LENGTH, 8);
	return 0;
}

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Recomputes the checksum after an edit: FNV-1a 64 over header bytes 16..56 and the
 * payload, as state.c documents. */
static void reseal(struct blob *b)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (int i = 16; i < 56; i++)
		h = (h ^ b->hdr[i]) * 0x100000001b3ull;
	for (uint64_t i = 0; i < b->len; i++)
		h = (h ^ b->payload[i]) * 0x100000001b3ull;
	put_le(b->hdr + ST_CHECKSUM, h, 8);
}

/* Where the block and symbol arrays sit in the payload (state.c's order: options,
 * header offsets and section indices, sections, segments, blocks, free blocks, atoms). */
struct layout {
	uint64_t blocks, nblocks, atoms, natoms;
};

static uint64_t skip_str(const uint8_t *p, uint64_t at)
{
	uint32_t n = (uint32_t)ev_get_le(p + at, 4);
	return at + 4 + (n ? n - 1 : 0);
}

static void payload_layout(const struct blob *b, struct layout *out)
{
	const uint8_t *p = b->payload;
	uint64_t at = 4 * 8 + 1;                      /* image_base .. got_addr, debug_info */
	for (int i = 0; i < 3; i++)                   /* cu_name, comp_dir, producer */
		at = skip_str(p, at);
	at += 4;                                      /* DWARF format */
	at += 8 + 8 + 4 + 13 * 4;                     /* phdr_off, shdr_off, shdr_cap, sec_* */
	uint32_t n = (uint32_t)ev_get_le(p + at, 4);
	at += 4;
	for (uint32_t i = 0; i < n; i++) {
		at += 101;                                /* the section's fixed fields */
		at += 4 + 4 * ev_get_le(p + at, 4);       /* its free list */
	}
	n = (uint32_t)ev_get_le(p + at, 4);
	at += 4 + 60ull * n;                          /* segments */
	out->nblocks = ev_get_le(p + at, 4);
	out->blocks = at + 4;
	at = out->blocks + 32 * out->nblocks;
	at += 4 + 4 * ev_get_le(p + at, 4);           /* free blocks */
	out->natoms = ev_get_le(p + at, 4);
	out->atoms = at + 4;
}

/* ---- opening again */

/* Opens r->mf expecting a rebuild whose reason mentions `why`; then the rebuilt image,
 * closed, must resume. */
static void expect_rebuild(struct rig *r, const struct solder_options *o, const char *why)
{
	solder_status st = rig_open(r, o);
	EXPECT_STATUS(r->l, st, SOLDER_OK);
	if (st != SOLDER_OK) {
		rig_free(r);
		return;
	}
	EXPECT_U64("solder_resumed after a rebuild", solder_resumed(r->l), 0);
	const char *reason = solder_rebuild_reason(r->l);
	if (!contains_nocase(reason, why))
		fprintf(stderr, "\n    expected the rebuild reason to mention \"%s\", got \"%s\"\n", why, reason);
	CU_ASSERT(contains_nocase(reason, why));
	EXPECT_STATUS(r->l, rig_close(r), SOLDER_OK);
	st = rig_open(r, o);
	EXPECT_STATUS(r->l, st, SOLDER_OK);
	if (st == SOLDER_OK) {
		if (!solder_resumed(r->l))
			fprintf(stderr, "\n    the rebuilt image does not resume: %s\n", solder_rebuild_reason(r->l));
		EXPECT_U64("solder_resumed of the rebuilt image", solder_resumed(r->l), 1);
	}
	rig_free(r);
}

/* The world resumed: same indices (found by name), addresses, slots. */
static void expect_world(struct rig *r, struct world *w)
{
	static const char *const names[NSYMS] = { "_start", "helper_weak", NULL, "table", "msg" };
	const solder_sym *s = w->sym;
	for (int i = 0; i < NSYMS; i++) {
		if (!names[i])
			continue;
		solder_sym found = 0;
		EXPECT_STATUS(r->l, solder_find_symbol(r->l, names[i], &found), SOLDER_OK);
		EXPECT_U64(names[i], found, s[i]);
		EXPECT_U64("address after resume", rig_addr(r, s[i]), w->addr[i]);
		EXPECT_U64("GOT slot after resume", rig_slot(r, s[i]), w->slot[i]);
	}
	solder_sym found = 0;
	EXPECT_STATUS(r->l, solder_find_symbol(r->l, "helper", &found), SOLDER_OK);   /* a local name */
	EXPECT_U64("helper by local name", found, w->sym[HELPER]);
	EXPECT_STATUS(r->l, solder_find_symbol(r->l, "helper_local", &found), SOLDER_OK);
	EXPECT_U64("helper by local export", found, w->sym[HELPER]);
	EXPECT_STATUS(r->l, solder_find_symbol(r->l, "gone_export", &found), SOLDER_ERR_UNDEFINED);
	uint64_t a;
	EXPECT_STATUS(r->l, solder_symbol_addr(r->l, w->sym[GONE], &a), SOLDER_ERR_INVALID);
}

/* The image after helper moved to helper_addr: table's direct reference followed it,
 * its reference to main's GOT slot did not change, helper's slot holds its address. */
static void expect_table(struct rig *r, const struct world *w, uint64_t helper_addr)
{
	struct elfview v;
	if (ev_open_memfile(&v, &r->mf)) {
		CU_FAIL("libelf rejects the resumed image");
		return;
	}
	const uint8_t *t = ev_bytes_at(&v, w->addr[TABLE], 8 + w->ptr);
	EXPECT_TRUE("table is in the image", t != NULL);
	if (t) {
		EXPECT_U64("table's direct reference to helper", ev_get_le(t, w->ptr), helper_addr);
		EXPECT_U64("table's reference to main's GOT slot", ev_get_le(t + 8, w->ptr), w->slot[MAIN]);
	}
	const uint8_t *slot = ev_bytes_at(&v, w->slot[HELPER], w->ptr);
	EXPECT_TRUE("helper's slot is in the image", slot != NULL);
	if (slot)
		EXPECT_U64("helper's GOT slot holds its address", ev_get_le(slot, w->ptr), helper_addr);
	ev_close(&v);
}

/* ---- round trips */

static void round_trip(solder_arch arch, unsigned elf_class, int debug)
{
	struct rig r;
	struct world w;
	struct solder_options o = opts_for(arch, debug);
	o.elf_class = elf_class;
	if (make_image(&r, &o, &w)) {
		rig_free(&r);
		return;
	}
	memfile_reset_counters(&r.mf);
	if (rig_open(&r, &o) != SOLDER_OK) {
		rig_free(&r);
		return;
	}
	if (!solder_resumed(r.l))
		fprintf(stderr, "\n    not resumed: %s\n", solder_rebuild_reason(r.l));
	EXPECT_U64("solder_resumed", solder_resumed(r.l), 1);
	EXPECT_TRUE("an empty rebuild reason", solder_rebuild_reason(r.l)[0] == 0);
	/* Resuming reads; it writes nothing until something changes. */
	EXPECT_U64("writes while resuming", r.mf.pwrite_calls + r.mf.copy_calls + r.mf.truncate_calls, 0);
	expect_world(&r, &w);
	/* It goes on: a new function takes the freed index and GOT slot and lands after
	 * helper, which then outgrows its block and moves; what refers to it follows. */
	solder_sym after = rig_new(&r, SOLDER_FUNC, "after", 24, 0, 9);
	EXPECT_U64("the freed index is reused", after, w.sym[GONE]);
	EXPECT_U64("the freed GOT slot is reused", rig_slot(&r, after), w.slot[GONE]);
	EXPECT_STATUS(r.l, rig_update(&r, w.sym[HELPER], SOLDER_FUNC, "helper", 400, 0, 12), SOLDER_OK);
	uint64_t moved = rig_addr(&r, w.sym[HELPER]);
	EXPECT_TRUE("helper moved", moved != w.addr[HELPER]);
	EXPECT_STATUS(r.l, solder_flush(r.l), SOLDER_OK);
	expect_table(&r, &w, moved);
	rig_free(&r);
}

static void test_round_trip_x86_64_with_dwarf(void) { round_trip(SOLDER_ARCH_X86_64, 0, 1); }
static void test_round_trip_x86_64_without_dwarf(void) { round_trip(SOLDER_ARCH_X86_64, 0, 0); }
static void test_round_trip_x86_64_in_elf32(void) { round_trip(SOLDER_ARCH_X86_64, 32, 1); }
static void test_round_trip_riscv32(void) { round_trip(SOLDER_ARCH_RISCV32, 0, 1); }
static void test_round_trip_riscv64(void) { round_trip(SOLDER_ARCH_RISCV64, 0, 0); }
static void test_round_trip_i386(void) { round_trip(SOLDER_ARCH_I386, 0, 1); }

/* After a resume the link goes on where it stopped: the freed index and GOT slot are
 * reused, a symbol that outgrows its block moves and its direct referrer is patched,
 * names resolve, and the next close resumes again with the generation counted. */
static void test_resumed_link_continues_incrementally(void)
{
	struct rig r;
	struct world w;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 1);
	if (make_image(&r, &o, &w) || rig_open(&r, &o) != SOLDER_OK) {
		rig_free(&r);
		return;
	}
	EXPECT_U64("resumed", solder_resumed(r.l), 1);
	solder_sym again = 0;
	EXPECT_STATUS(r.l, solder_alloc_symbol(r.l, &again), SOLDER_OK);
	EXPECT_U64("the freed symbol index is reused", again, w.sym[GONE]);
	EXPECT_U64("the freed GOT slot is reused", rig_slot(&r, again), w.slot[GONE]);
	EXPECT_STATUS(r.l, rig_update(&r, again, SOLDER_FUNC, "again", 24, 0, 9), SOLDER_OK);
	EXPECT_STATUS(r.l, solder_export(r.l, again, "again_export", SOLDER_GLOBAL), SOLDER_OK);

	/* helper grows past its capacity: it moves, table's direct reference follows. */
	EXPECT_STATUS(r.l, rig_update(&r, w.sym[HELPER], SOLDER_FUNC, "helper", 400, 0, 12), SOLDER_OK);
	uint64_t helper_now = rig_addr(&r, w.sym[HELPER]);
	EXPECT_TRUE("helper moved", helper_now != w.addr[HELPER]);
	EXPECT_U64("helper keeps its GOT slot", rig_slot(&r, w.sym[HELPER]), w.slot[HELPER]);
	EXPECT_STATUS(r.l, solder_flush(r.l), SOLDER_OK);

	expect_table(&r, &w, helper_now);
	struct elfview v;
	if (ev_open_memfile(&v, &r.mf) == 0) {
		GElf_Sym sym;
		EXPECT_U64("one 'again_export' in .symtab", ev_symbol(&v, "again_export", &sym, NULL), 1);
		EXPECT_U64("again_export's value", sym.st_value, rig_addr(&r, again));
		EXPECT_U64("one 'helper_weak' in .symtab", ev_symbol(&v, "helper_weak", &sym, NULL), 1);
		EXPECT_U64("helper_weak's value", sym.st_value, helper_now);
		EXPECT_U64("helper_weak is weak", GELF_ST_BIND(sym.st_info), STB_WEAK);
		ev_close(&v);
	} else {
		CU_FAIL("libelf rejects the resumed image");
	}
	EXPECT_STATUS(NULL, rig_close(&r), SOLDER_OK);

	struct blob b;
	if (find_blob(&r.mf, &b) == 0) {
		EXPECT_U64("generation after two closes", ev_get_le(b.hdr + ST_GENERATION, 8), 2);
		EXPECT_U64("the flags say finished", ev_get_le(b.hdr + ST_FLAGS, 4), 0);
	}
	if (rig_open(&r, &o) == SOLDER_OK) {
		EXPECT_U64("resumed a second time", solder_resumed(r.l), 1);
		solder_sym found = 0;
		EXPECT_STATUS(r.l, solder_find_symbol(r.l, "again_export", &found), SOLDER_OK);
		EXPECT_U64("again_export", found, again);
		EXPECT_U64("helper's address", rig_addr(&r, w.sym[HELPER]), helper_now);
	}
	rig_free(&r);
}

/* ---- each reason to rebuild */

static void test_rebuild_reason_empty_file(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 0);
	rig_init(&r);
	expect_rebuild(&r, &o, "the file is empty");
}

static void test_rebuild_reason_not_elf(void)
{
	struct rig r;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 0);
	rig_init(&r);
	static const char text[] = "#!/bin/sh\necho this is a shell script, not an image\n";
	memfile_set(&r.mf, text, sizeof(text));
	expect_rebuild(&r, &o, "not an ELF file");
}

static void test_rebuild_reason_other_class(void)
{
	struct rig r;
	struct world w;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 0);
	if (make_image(&r, &o, &w) == 0) {
		o.elf_class = 32;
		expect_rebuild(&r, &o, "an ELF64 file; the link wants ELF32");
	}
	rig_free(&r);
}

static void test_rebuild_reason_other_machine(void)
{
	struct rig r;
	struct world w;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 0);
	if (make_image(&r, &o, &w) == 0) {
		struct solder_options rv = opts_for(SOLDER_ARCH_RISCV64, 0);
		rv.image_base = X86_BASE;
		rv.entry_addr = X86_BASE;
		expect_rebuild(&r, &rv, "written for e_machine 62; riscv64 is 243");
	}
	rig_free(&r);
}

static void test_rebuild_reason_other_solder_version(void)
{
	struct rig r;
	struct world w;
	struct blob b;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 0);
	if (make_image(&r, &o, &w) == 0 && find_blob(&r.mf, &b) == 0) {
		memset(b.hdr + ST_VERSION, 0, 16);
		memcpy(b.hdr + ST_VERSION, "0.0.9", 5);
		reseal(&b);
		expect_rebuild(&r, &o, "written by solder 0.0.9");
	}
	rig_free(&r);
}

static void test_rebuild_reason_other_format_version(void)
{
	struct rig r;
	struct world w;
	struct blob b;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 0);
	if (make_image(&r, &o, &w) == 0 && find_blob(&r.mf, &b) == 0) {
		put_le(b.hdr + ST_FORMAT, 7, 4);
		expect_rebuild(&r, &o, "state format 7; this solder reads format 1");
	}
	rig_free(&r);
}

/* An update after a resume marks the state unfinished before its first write; a link
 * destroyed without closing leaves it so. */
static void test_rebuild_reason_update_did_not_finish(void)
{
	struct rig r;
	struct world w;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 1);
	if (make_image(&r, &o, &w) == 0 && rig_open(&r, &o) == SOLDER_OK) {
		EXPECT_U64("resumed", solder_resumed(r.l), 1);
		EXPECT_STATUS(r.l, rig_update(&r, w.sym[MAIN], SOLDER_FUNC, "main", 44, 0, 7), SOLDER_OK);
		rig_destroy(&r);
		struct blob b;
		if (find_blob(&r.mf, &b) == 0)
			EXPECT_U64("the flags say unfinished", ev_get_le(b.hdr + ST_FLAGS, 4), 1);
		expect_rebuild(&r, &o, "an update did not finish");
	}
	rig_free(&r);
}

static void test_rebuild_reason_never_closed(void)
{
	struct rig r;
	struct world w;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 0);
	rig_init(&r);
	if (rig_open(&r, &o) == SOLDER_OK && build_world(&r, o.arch, &w) == 0) {
		rig_destroy(&r);
		expect_rebuild(&r, &o, "no saved state: the link that wrote the file was never closed");
	}
	rig_free(&r);
}

static void test_rebuild_reason_checksum_mismatch(void)
{
	struct rig r;
	struct world w;
	struct blob b;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 1);
	if (make_image(&r, &o, &w) == 0 && find_blob(&r.mf, &b) == 0) {
		b.payload[b.len / 2] ^= 0x10;
		expect_rebuild(&r, &o, "state checksum mismatch");
	}
	rig_free(&r);
}

/* A file cut short: the section cut is named with where it ends. The state blob is
 * written last, at the end of the file. */
static void test_rebuild_reason_truncated(void)
{
	struct rig r;
	struct world w;
	struct blob b;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 1);
	if (make_image(&r, &o, &w) == 0 && find_blob(&r.mf, &b) == 0) {
		uint64_t end = b.off + b.size;
		EXPECT_U64("the state ends the file", end, r.mf.size);
		r.mf.size--;
		char why[128];
		snprintf(why, sizeof(why), "truncated: section .solder.state ends at 0x%llx past the end of the file",
		         (unsigned long long)end);
		expect_rebuild(&r, &o, why);
	}
	rig_free(&r);
}

static void test_rebuild_reason_truncated_elf_header(void)
{
	struct rig r;
	struct world w;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 0);
	if (make_image(&r, &o, &w) == 0) {
		r.mf.size = 40;
		expect_rebuild(&r, &o, "truncated: the ELF header ends past the end of the file");
	}
	rig_free(&r);
}

static void test_rebuild_reason_no_state_section(void)
{
	struct rig r;
	struct world w;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 0);
	if (make_image(&r, &o, &w) == 0) {
		uint8_t *p = r.mf.data;
		for (size_t i = 0; i + 14 <= r.mf.size; i++)
			if (memcmp(p + i, ".solder.state", 14) == 0)
				p[i + 12] = 'x';   /* .solder.statx: the name table is all that changes */
		expect_rebuild(&r, &o, "no .solder.state section");
	}
	rig_free(&r);
}

static void test_rebuild_reason_other_image_base(void)
{
	struct rig r;
	struct world w;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 0);
	o.rodata_addr = X86_BASE + (64ull << 20);
	o.data_addr = X86_BASE + (128ull << 20);
	o.got_addr = X86_BASE + (192ull << 20);
	if (make_image(&r, &o, &w) == 0) {
		o.image_base = X86_BASE + (256ull << 20);
		o.entry_addr = o.image_base;
		expect_rebuild(&r, &o, "option image_base is 0x11000000; the file was laid out for 0x1000000");
	}
	rig_free(&r);
}

static void test_rebuild_reason_other_got_addr(void)
{
	struct rig r;
	struct world w;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 0);
	if (make_image(&r, &o, &w) == 0) {
		o.got_addr = X86_BASE + (512ull << 20);
		expect_rebuild(&r, &o, "option got_addr is 0x21000000");
	}
	rig_free(&r);
}

static void test_rebuild_reason_debug_info_toggled(void)
{
	struct rig r;
	struct world w;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 0);
	if (make_image(&r, &o, &w) == 0) {
		o.debug_info = 1;
		expect_rebuild(&r, &o, "option debug_info is on; the file was written with it off");
	}
	rig_free(&r);
}

static void test_rebuild_reason_other_cu_name(void)
{
	struct rig r;
	struct world w;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 1);
	if (make_image(&r, &o, &w) == 0) {
		o.cu_name = "another.c";
		expect_rebuild(&r, &o, "option cu_name differs");
	}
	rig_free(&r);
}

/* The file's section header says something else than the state (edited by another
 * tool): the state does not describe this file. */
static void test_rebuild_reason_section_header_mismatch(void)
{
	struct rig r;
	struct world w;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 0);
	if (make_image(&r, &o, &w))
		goto out;
	struct elfview v;
	if (ev_open_memfile(&v, &r.mf)) {
		CU_FAIL("libelf rejects the image");
		goto out;
	}
	size_t idx = 0;
	GElf_Shdr sh;
	Elf_Scn *scn = ev_section(&v, ".text", &sh);
	if (scn)
		idx = elf_ndxscn(scn);
	uint64_t shoff = v.eh.e_shoff;
	ev_close(&v);
	if (!idx) {
		CU_FAIL("no .text");
		goto out;
	}
	uint8_t *size_field = r.mf.data + shoff + idx * 64 + 32;   /* Elf64_Shdr.sh_size */
	put_le(size_field, ev_get_le(size_field, 8) - 1, 8);
	expect_rebuild(&r, &o, "the state does not match the file: sh_size of section .text");
out:
	rig_free(&r);
}

/* ---- blobs with a good checksum and bad contents */

static void test_corrupt_block_index_in_symbol_rebuilds(void)
{
	struct rig r;
	struct world w;
	struct blob b;
	struct layout lay;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 1);
	if (make_image(&r, &o, &w) == 0 && find_blob(&r.mf, &b) == 0) {
		payload_layout(&b, &lay);
		EXPECT_TRUE("the walker finds the symbols", lay.natoms > w.sym[MSG] && lay.natoms < 100);
		/* atom.block sits after live, kind, pad, align. */
		uint8_t *block = b.payload + lay.atoms + 56 * (uint64_t)w.sym[MAIN] + 8;
		EXPECT_TRUE("main has a block", ev_get_le(block, 4) != 0);
		put_le(block, lay.nblocks + 1000, 4);
		reseal(&b);
		char why[96];
		snprintf(why, sizeof(why), "corrupt state: symbol %u refers out of range", w.sym[MAIN]);
		expect_rebuild(&r, &o, why);
	}
	rig_free(&r);
}

static void test_corrupt_block_chain_cycle_rebuilds(void)
{
	struct rig r;
	struct world w;
	struct blob b;
	struct layout lay;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 0);
	if (make_image(&r, &o, &w) == 0 && find_blob(&r.mf, &b) == 0) {
		payload_layout(&b, &lay);
		uint8_t *atom = b.payload + lay.atoms + 56 * (uint64_t)w.sym[HELPER];
		uint32_t blk = (uint32_t)ev_get_le(atom + 8, 4);
		EXPECT_TRUE("helper's block is in range", blk && blk < lay.nblocks);
		/* Its next points back at itself: a walk that trusted it would never end. */
		put_le(b.payload + lay.blocks + 32 * (uint64_t)blk + 20, blk, 4);
		reseal(&b);
		expect_rebuild(&r, &o, "corrupt state: block");
	}
	rig_free(&r);
}

/* A count of four billion blocks with a correct checksum: caught by the bytes that
 * remain, before anything is allocated for it. */
static void test_huge_count_allocates_nothing(void)
{
	struct rig r;
	struct world w;
	struct blob b;
	struct layout lay;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 0);
	if (make_image(&r, &o, &w) == 0 && find_blob(&r.mf, &b) == 0) {
		payload_layout(&b, &lay);
		put_le(b.payload + lay.blocks - 4, 0xffffffffu, 4);
		reseal(&b);
		r.ca.peak_bytes = r.ca.live_bytes;
		expect_rebuild(&r, &o, "corrupt state: the payload is cut short");
		if (r.ca.peak_bytes > (4u << 20))
			fprintf(stderr, "\n    peak allocation %zu bytes (expected under 4 MiB)\n", r.ca.peak_bytes);
		CU_ASSERT(r.ca.peak_bytes <= (4u << 20));
	}
	rig_free(&r);
}

static void test_huge_payload_length_rebuilds(void)
{
	struct rig r;
	struct world w;
	struct blob b;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 0);
	if (make_image(&r, &o, &w) == 0 && find_blob(&r.mf, &b) == 0) {
		put_le(b.hdr + ST_LENGTH, 0x7fffffffffffffffull, 8);
		reseal(&b);
		expect_rebuild(&r, &o, "overruns its section");
	}
	rig_free(&r);
}

static void test_huge_section_count_rebuilds(void)
{
	struct rig r;
	struct world w;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 0);
	if (make_image(&r, &o, &w) == 0) {
		put_le(r.mf.data + 60, 0xffff, 2);   /* Elf64_Ehdr.e_shnum */
		put_le(r.mf.data + 62, 1, 2);
		r.ca.peak_bytes = r.ca.live_bytes;
		expect_rebuild(&r, &o, "truncated: section headers");
		CU_ASSERT(r.ca.peak_bytes <= (4u << 20));
	}
	rig_free(&r);
}

/* ---- sweeps: every place corrupted in turn */

struct sweep {
	struct rig r;
	struct world w;
	struct solder_options o;
	uint8_t *good;          /* the closed image */
	size_t size;
	struct blob b;          /* where its blob is */
	uint32_t resumed, rebuilt, failed;
};

static int sweep_init(struct sweep *sw, int debug)
{
	memset(sw, 0, sizeof(*sw));
	sw->o = opts_for(SOLDER_ARCH_X86_64, debug);
	if (make_image(&sw->r, &sw->o, &sw->w) || find_blob(&sw->r.mf, &sw->b))
		return -1;
	sw->size = sw->r.mf.size;
	sw->good = malloc(sw->size);
	memcpy(sw->good, sw->r.mf.data, sw->size);
	return 0;
}

/* A fresh copy of the good image to edit; the blob pointers follow it. */
static uint8_t *sweep_image(struct sweep *sw, struct blob *b)
{
	memfile_set(&sw->r.mf, sw->good, sw->size);
	*b = sw->b;
	b->hdr = sw->r.mf.data + b->off;
	b->payload = b->hdr + ST_HDR;
	return sw->r.mf.data;
}

/* Opens the edited image. It must open; when it resumes, the state passed every check,
 * so the calls a JIT makes must work on it without undefined behaviour (they may
 * report errors). Nothing may leak either way. */
static void sweep_open(struct sweep *sw)
{
	struct rig *r = &sw->r;
	if (rig_open(r, &sw->o) != SOLDER_OK) {
		sw->failed++;
		rig_destroy(r);
		return;
	}
	if (!solder_resumed(r->l)) {
		sw->rebuilt++;
		rig_destroy(r);
		return;
	}
	sw->resumed++;
	solder_sym s = 0;
	if (solder_alloc_symbol(r->l, &s) == SOLDER_OK)
		(void)rig_update(r, s, SOLDER_FUNC, "fresh", 300, 0, 3);
	(void)solder_update_symbol(r->l, sw->w.sym[HELPER], &(struct solder_update){
		.name = "helper", .kind = SOLDER_FUNC, .bytes = sw->good, .size = 500 });
	(void)solder_update_symbol(r->l, sw->w.sym[TABLE], &(struct solder_update){
		.name = "table", .kind = SOLDER_RODATA, .bytes = sw->good, .size = 8 });
	(void)solder_free_symbol(r->l, sw->w.sym[MSG]);
	(void)solder_export(r->l, sw->w.sym[MAIN], "renamed", SOLDER_LOCAL);
	(void)solder_unexport(r->l, "helper_weak");
	(void)solder_flush(r->l);
	(void)rig_close(r);
}

static void sweep_done(struct sweep *sw, const char *what)
{
	fprintf(stderr, " [%s: %u resumed, %u rebuilt, %u failed] ", what, sw->resumed, sw->rebuilt, sw->failed);
	EXPECT_U64("opens that failed", sw->failed, 0);
	EXPECT_TRUE("most corruptions are caught", sw->rebuilt > sw->resumed);
	free(sw->good);
	rig_free(&sw->r);
}

/* A 32-bit value at every byte offset of the payload (all ones, zero, one, the old
 * value plus one), the blob resealed so that only the contents can catch it. Run it
 * under `make asan` to see that nothing reads or writes out of bounds. */
static void corrupt_every_payload_word(int debug)
{
	struct sweep sw;
	if (sweep_init(&sw, debug)) {
		rig_free(&sw.r);
		return;
	}
	for (uint64_t at = 0; at + 4 <= sw.b.len; at++) {
		for (int variant = 0; variant < 4; variant++) {
			struct blob b;
			sweep_image(&sw, &b);
			uint32_t old = (uint32_t)ev_get_le(b.payload + at, 4);
			static const uint32_t fixed[] = { 0xffffffffu, 0, 1 };
			put_le(b.payload + at, variant < 3 ? fixed[variant] : old + 1, 4);
			reseal(&b);
			sweep_open(&sw);
		}
	}
	sweep_done(&sw, "payload");
}

static void test_every_corrupted_payload_word_is_caught_or_harmless(void) { corrupt_every_payload_word(0); }
static void test_every_corrupted_payload_word_is_caught_or_harmless_with_dwarf(void) { corrupt_every_payload_word(1); }

/* Every byte of the ELF header and of the program and section header tables, flipped
 * or bumped, with the blob intact: the cross-checks against the file catch it. */
static void test_every_corrupted_header_byte_is_caught_or_harmless(void)
{
	struct sweep sw;
	if (sweep_init(&sw, 1)) {
		rig_free(&sw.r);
		return;
	}
	uint64_t shoff = ev_get_le(sw.good + 40, 8), shnum = ev_get_le(sw.good + 60, 2);
	uint64_t phoff = ev_get_le(sw.good + 32, 8), phnum = ev_get_le(sw.good + 56, 2);
	const struct { uint64_t off, len; } ranges[] = { { 0, 64 }, { phoff, phnum * 56 }, { shoff, shnum * 64 } };
	for (int k = 0; k < 3; k++) {
		for (uint64_t at = ranges[k].off; at < ranges[k].off + ranges[k].len; at++) {
			for (int variant = 0; variant < 2; variant++) {
				struct blob b;
				uint8_t *img = sweep_image(&sw, &b);
				img[at] = variant ? (uint8_t)(img[at] + 1) : (uint8_t)~img[at];
				sweep_open(&sw);
			}
		}
	}
	sweep_done(&sw, "headers");
}

/* Running out of memory at any allocation while loading: solder_open reports it, and
 * the link frees everything on destroy. */
static void test_load_under_memory_exhaustion(void)
{
	struct rig r;
	struct world w;
	struct solder_options o = opts_for(SOLDER_ARCH_X86_64, 1);
	if (make_image(&r, &o, &w)) {
		rig_free(&r);
		return;
	}
	int done = 0;
	for (uint64_t n = 0; n < 2000 && !done; n++) {
		r.l = NULL;
		if (solder_create(&r.l, &r.ca.a) != SOLDER_OK) {
			CU_FAIL("solder_create");
			break;
		}
		countalloc_fail_after(&r.ca, n);
		solder_status st = solder_open(r.l, &o, &r.ops);
		r.ca.fail_enabled = 0;
		if (st == SOLDER_OK) {
			EXPECT_U64("resumed once memory suffices", solder_resumed(r.l), 1);
			done = 1;
		} else {
			EXPECT_STATUS(r.l, st, SOLDER_ERR_NOMEM);
		}
		rig_destroy(&r);
	}
	EXPECT_TRUE("the open succeeds once memory suffices", done);
	rig_free(&r);
}

void suite_state(void)
{
	CU_pSuite s = CU_add_suite("state", NULL, NULL);
	if (!s)
		return;
	CU_add_test(s, "round trip x86_64 with DWARF", test_round_trip_x86_64_with_dwarf);
	CU_add_test(s, "round trip x86_64 without DWARF", test_round_trip_x86_64_without_dwarf);
	CU_add_test(s, "round trip x86_64 in ELF32", test_round_trip_x86_64_in_elf32);
	CU_add_test(s, "round trip riscv32", test_round_trip_riscv32);
	CU_add_test(s, "round trip riscv64", test_round_trip_riscv64);
	CU_add_test(s, "round trip i386", test_round_trip_i386);
	CU_add_test(s, "resumed link continues incrementally", test_resumed_link_continues_incrementally);
	CU_add_test(s, "rebuild reason: empty file", test_rebuild_reason_empty_file);
	CU_add_test(s, "rebuild reason: not ELF", test_rebuild_reason_not_elf);
	CU_add_test(s, "rebuild reason: other class", test_rebuild_reason_other_class);
	CU_add_test(s, "rebuild reason: other machine", test_rebuild_reason_other_machine);
	CU_add_test(s, "rebuild reason: other solder version", test_rebuild_reason_other_solder_version);
	CU_add_test(s, "rebuild reason: other format version", test_rebuild_reason_other_format_version);
	CU_add_test(s, "rebuild reason: update did not finish", test_rebuild_reason_update_did_not_finish);
	CU_add_test(s, "rebuild reason: never closed", test_rebuild_reason_never_closed);
	CU_add_test(s, "rebuild reason: checksum mismatch", test_rebuild_reason_checksum_mismatch);
	CU_add_test(s, "rebuild reason: truncated", test_rebuild_reason_truncated);
	CU_add_test(s, "rebuild reason: truncated ELF header", test_rebuild_reason_truncated_elf_header);
	CU_add_test(s, "rebuild reason: no state section", test_rebuild_reason_no_state_section);
	CU_add_test(s, "rebuild reason: other image_base", test_rebuild_reason_other_image_base);
	CU_add_test(s, "rebuild reason: other got_addr", test_rebuild_reason_other_got_addr);
	CU_add_test(s, "rebuild reason: debug_info toggled", test_rebuild_reason_debug_info_toggled);
	CU_add_test(s, "rebuild reason: other cu_name", test_rebuild_reason_other_cu_name);
	CU_add_test(s, "rebuild reason: section header mismatch", test_rebuild_reason_section_header_mismatch);
	CU_add_test(s, "corrupt block index in symbol rebuilds", test_corrupt_block_index_in_symbol_rebuilds);
	CU_add_test(s, "corrupt block chain cycle rebuilds", test_corrupt_block_chain_cycle_rebuilds);
	CU_add_test(s, "huge count allocates nothing", test_huge_count_allocates_nothing);
	CU_add_test(s, "huge payload length rebuilds", test_huge_payload_length_rebuilds);
	CU_add_test(s, "huge section count rebuilds", test_huge_section_count_rebuilds);
	CU_add_test(s, "every corrupted payload word is caught or harmless",
	            test_every_corrupted_payload_word_is_caught_or_harmless);
	CU_add_test(s, "every corrupted payload word is caught or harmless, with DWARF",
	            test_every_corrupted_payload_word_is_caught_or_harmless_with_dwarf);
	CU_add_test(s, "every corrupted header byte is caught or harmless",
	            test_every_corrupted_header_byte_is_caught_or_harmless);
	CU_add_test(s, "load under memory exhaustion", test_load_under_memory_exhaustion);
}
