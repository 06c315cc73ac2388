/*
 * test_gc.c: --gc-sections (link/gc.c) on hand-built link contexts, against GNU ld
 * 2.40's rules (checked with riscv64-unknown-elf-ld and ld --gc-sections
 * --print-gc-sections on small objects).
 *
 * Each test builds objects the way input.c leaves them (sections, symbols, sorted
 * relocations), runs res_resolve so globals bind as in a real link, then gc_sections,
 * and checks which sections stay live, which symbols are discarded and the exact
 * --print-gc-sections text (stderr is captured into a temporary file).
 * Reproduce a failure with `make unit`.
 */
#define _POSIX_C_SOURCE 200809L
#include <CUnit/CUnit.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../link/ld.h"

struct tb {
	struct ld_ctx ctx;
	struct ld_options opt;
};

static void tb_init(struct tb *t)
{
	memset(t, 0, sizeof(*t));
	t->ctx.opt = &t->opt;
	t->opt.entry = "_start";
	LD_PUSH(t->ctx.files, ((struct ld_file){ .name = "" }));
	LD_PUSH(t->ctx.isecs, ((struct ld_isec){ .name = "" }));
}

static void tb_free(struct tb *t)
{
	res_free(&t->ctx);
	for (uint32_t i = 0; i < t->ctx.files.len; i++)
		free(t->ctx.files.v[i].syms);
	for (uint32_t i = 0; i < t->ctx.isecs.len; i++)
		free(t->ctx.isecs.v[i].rels);
	LD_FREE(t->ctx.files);
	LD_FREE(t->ctx.isecs);
	LD_FREE(t->opt.undefined);
	LD_FREE(t->opt.defsyms);
}

/* An object with the null symbol and no sections yet; sections come from tb_sec, in
 * order, before any other object is added. */
static uint32_t tb_object(struct tb *t, const char *name)
{
	struct ld_file f = { .path = name, .name = name, .is_object = 1, .elf_class = 64, .nsec = 1 };
	f.first_isec = t->ctx.isecs.len;
	LD_PUSH(t->ctx.isecs, ((struct ld_isec){ .name = "", .file = t->ctx.files.len }));
	f.syms = calloc(1, sizeof(struct ld_fsym));
	f.syms[0].name = "";
	f.nsyms = 1;
	f.first_global = 1;
	LD_PUSH(t->ctx.files, f);
	return t->ctx.files.len - 1;
}

/* Section `name` of the last object; returns its shndx in the file. */
static uint32_t tb_sec(struct tb *t, const char *name, uint32_t type, uint64_t flags, uint64_t size)
{
	uint32_t fi = t->ctx.files.len - 1;
	struct ld_file *f = &t->ctx.files.v[fi];
	struct ld_isec s = { .file = fi, .shndx = f->nsec, .name = name, .sh_type = type, .sh_flags = flags,
	                     .sh_addralign = 1, .size = size, .live = 1 };
	LD_PUSH(t->ctx.isecs, s);
	return f->nsec++;
}

static uint32_t isec_of(struct tb *t, uint32_t file, uint32_t shndx)
{
	return t->ctx.files.v[file].first_isec + shndx;
}

#define TEXT(t, name) tb_sec(t, name, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 16)
#define DATA(t, name) tb_sec(t, name, SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 8)
#define DEBUG(t, name) tb_sec(t, name, SHT_PROGBITS, 0, 32)

static uint32_t tb_sym(struct tb *t, uint32_t file, const char *name, int bind, uint32_t shndx, int type)
{
	struct ld_file *f = &t->ctx.files.v[file];
	f->syms = realloc(f->syms, (f->nsyms + 1) * sizeof(struct ld_fsym));
	struct ld_fsym s = { .name = name, .shndx = shndx, .bind = (uint8_t)bind, .type = (uint8_t)type, .size = 4 };
	f->syms[f->nsyms] = s;
	if (bind == STB_LOCAL)
		f->first_global = f->nsyms + 1;
	return f->nsyms++;
}

#define DEF(t, f, name, sec) tb_sym(t, f, name, STB_GLOBAL, sec, STT_FUNC)
#define REF(t, f, name) tb_sym(t, f, name, STB_GLOBAL, SHN_UNDEF, STT_NOTYPE)
/* Locals must come before globals: add them first. */
#define SECSYM(t, f, sec) tb_sym(t, f, "", STB_LOCAL, sec, STT_SECTION)

/* A relocation of file's section shndx at offset against symbol sym (kept sorted by
 * adding in offset order). */
static void tb_rel(struct tb *t, uint32_t file, uint32_t shndx, uint64_t offset, uint32_t sym)
{
	struct ld_isec *s = &t->ctx.isecs.v[isec_of(t, file, shndx)];
	s->rels = realloc(s->rels, (s->nrels + 1) * sizeof(struct ld_rel));
	s->rels[s->nrels++] = (struct ld_rel){ .offset = offset, .type = 1, .sym = sym };
}

static int live(struct tb *t, uint32_t file, uint32_t shndx)
{
	return t->ctx.isecs.v[isec_of(t, file, shndx)].live;
}

/* ---- stderr capture */

static int saved_fd = -1;
static FILE *capture_file;

static void capture_begin(void)
{
	fflush(stderr);
	capture_file = tmpfile();
	saved_fd = dup(2);
	dup2(fileno(capture_file), 2);
}

/* Returns what was written to stderr since capture_begin (free it). */
static char *capture_end(void)
{
	fflush(stderr);
	dup2(saved_fd, 2);
	close(saved_fd);
	long n = ftell(capture_file);
	if (n < 0)
		n = 0;
	char *buf = calloc(1, (size_t)n + 1);
	rewind(capture_file);
	size_t got = fread(buf, 1, (size_t)n, capture_file);
	buf[got] = '\0';
	fclose(capture_file);
	return buf;
}

static void expect_text(const char *got, const char *want)
{
	if (strcmp(got, want) != 0)
		fprintf(stdout, "\nexpected:\n%s\ngot:\n%s\n", want, got);
	CU_ASSERT_STRING_EQUAL(got, want);
}

/* Resolves, then collects with --print-gc-sections; returns what it printed. */
static char *run_gc(struct tb *t)
{
	res_resolve(&t->ctx);
	CU_ASSERT_EQUAL(t->ctx.errors, 0);
	t->opt.gc_sections = 1;
	t->opt.print_gc_sections = 1;
	capture_begin();
	gc_sections(&t->ctx);
	return capture_end();
}

/* ---- reachability */

static void test_entry_keeps_what_it_calls_and_unreferenced_goes(void)
{
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o");
	uint32_t start = TEXT(&t, ".text._start");
	uint32_t fa = TEXT(&t, ".text.a");
	uint32_t fb = TEXT(&t, ".text.b");
	DEF(&t, a, "_start", start);
	DEF(&t, a, "a", fa);
	uint32_t b_sym = DEF(&t, a, "b", fb);
	uint32_t b = tb_object(&t, "b.o");
	uint32_t main_sec = TEXT(&t, ".text.main");
	uint32_t ref_a = REF(&t, b, "a");
	DEF(&t, b, "main", main_sec);
	tb_rel(&t, b, main_sec, 0, ref_a);
	uint32_t ref_main = REF(&t, a, "main");
	tb_rel(&t, a, start, 4, ref_main);

	char *err = run_gc(&t);
	expect_text(err, "solder: removing unused section '.text.b' in file 'a.o'\n");
	CU_ASSERT_TRUE(live(&t, a, start));
	CU_ASSERT_TRUE(live(&t, a, fa));
	CU_ASSERT_TRUE(live(&t, b, main_sec));
	CU_ASSERT_FALSE(live(&t, a, fb));
	CU_ASSERT_TRUE(t.ctx.files.v[a].syms[b_sym].discarded);
	CU_ASSERT_FALSE(t.ctx.files.v[a].syms[1].discarded);
	free(err);
	tb_free(&t);
}

/* A call chain longer than any recursion budget: the worklist walks it. */
static void test_long_chain_is_walked_without_recursion(void)
{
	enum { N = 20000 };
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o");
	uint32_t first = 0;
	for (uint32_t i = 0; i < N; i++) {
		uint32_t sec = TEXT(&t, ".text.f");
		if (!first)
			first = sec;
	}
	for (uint32_t i = 0; i < N; i++)
		SECSYM(&t, a, first + i);
	DEF(&t, a, "_start", first);
	for (uint32_t i = 0; i + 1 < N; i++)
		tb_rel(&t, a, first + i, 0, 1 + i + 1); /* section i calls section i+1 */
	uint32_t dead = TEXT(&t, ".text.dead");
	char *err = run_gc(&t);
	expect_text(err, "solder: removing unused section '.text.dead' in file 'a.o'\n");
	uint32_t kept = 0;
	for (uint32_t i = 0; i < N; i++)
		kept += live(&t, a, first + i);
	CU_ASSERT_EQUAL(kept, N);
	CU_ASSERT_FALSE(live(&t, a, dead));
	free(err);
	tb_free(&t);
}

static void test_local_section_symbol_reference_keeps_its_section(void)
{
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o");
	uint32_t start = TEXT(&t, ".text._start");
	uint32_t ro = tb_sec(&t, ".rodata.str1.1", SHT_PROGBITS, SHF_ALLOC | SHF_MERGE | SHF_STRINGS, 12);
	uint32_t ro_dead = tb_sec(&t, ".rodata.dead", SHT_PROGBITS, SHF_ALLOC, 12);
	uint32_t ro_sym = SECSYM(&t, a, ro);
	DEF(&t, a, "_start", start);
	tb_rel(&t, a, start, 0, ro_sym);
	char *err = run_gc(&t);
	expect_text(err, "solder: removing unused section '.rodata.dead' in file 'a.o'\n");
	CU_ASSERT_TRUE(live(&t, a, ro));
	CU_ASSERT_FALSE(live(&t, a, ro_dead));
	free(err);
	tb_free(&t);
}

/* ---- roots */

static void test_keep_u_defsym_init_and_fini_are_roots(void)
{
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o");
	uint32_t start = TEXT(&t, ".text._start");
	uint32_t kept = TEXT(&t, ".vectors");
	uint32_t via_keep = TEXT(&t, ".text.handler");
	uint32_t u = TEXT(&t, ".text.u");
	uint32_t ds = TEXT(&t, ".text.ds");
	uint32_t init = TEXT(&t, ".text._init");
	uint32_t fini = TEXT(&t, ".text._fini");
	uint32_t dead = TEXT(&t, ".text.dead");
	DEF(&t, a, "_start", start);
	DEF(&t, a, "handler", via_keep);
	DEF(&t, a, "u_target", u);
	DEF(&t, a, "ds_target", ds);
	DEF(&t, a, "_init", init);
	DEF(&t, a, "_fini", fini);
	DEF(&t, a, "dead", dead);
	uint32_t ref = REF(&t, a, "handler");
	tb_rel(&t, a, kept, 0, ref);
	t.ctx.isecs.v[isec_of(&t, a, kept)].keep = 1;
	LD_PUSH(t.opt.undefined, "u_target");
	LD_PUSH(t.opt.defsyms, ((struct ld_defsym){ .name = "alias", .expr = "ds_target+4" }));

	char *err = run_gc(&t);
	expect_text(err, "solder: removing unused section '.text.dead' in file 'a.o'\n");
	CU_ASSERT_TRUE(live(&t, a, start));
	CU_ASSERT_TRUE(live(&t, a, kept));
	CU_ASSERT_TRUE(live(&t, a, via_keep));
	CU_ASSERT_TRUE(live(&t, a, u));
	CU_ASSERT_TRUE(live(&t, a, ds));
	CU_ASSERT_TRUE(live(&t, a, init));
	CU_ASSERT_TRUE(live(&t, a, fini));
	free(err);
	tb_free(&t);
}

static void test_entry_option_replaces_start(void)
{
	struct tb t;
	tb_init(&t);
	t.opt.entry = "reset";
	uint32_t a = tb_object(&t, "a.o");
	uint32_t start = TEXT(&t, ".text._start");
	uint32_t reset = TEXT(&t, ".text.reset");
	DEF(&t, a, "_start", start);
	DEF(&t, a, "reset", reset);
	char *err = run_gc(&t);
	expect_text(err, "solder: removing unused section '.text._start' in file 'a.o'\n");
	CU_ASSERT_TRUE(live(&t, a, reset));
	free(err);
	tb_free(&t);
}

static void test_init_fini_arrays_ctors_and_notes_are_roots(void)
{
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o");
	uint32_t start = TEXT(&t, ".text._start");
	uint32_t ctor = TEXT(&t, ".text.startup.ctor");
	uint32_t dtor = TEXT(&t, ".text.exit.dtor");
	uint32_t prio = TEXT(&t, ".text.prio");
	uint32_t init_array = tb_sec(&t, ".init_array", SHT_INIT_ARRAY, SHF_ALLOC | SHF_WRITE, 8);
	uint32_t fini_array = tb_sec(&t, ".my_fini", SHT_FINI_ARRAY, SHF_ALLOC | SHF_WRITE, 8);
	uint32_t init_prio = tb_sec(&t, ".init_array.00100", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 8);
	uint32_t ctors = DATA(&t, ".ctors");
	uint32_t note = tb_sec(&t, ".note.ABI-tag", SHT_NOTE, SHF_ALLOC, 32);
	uint32_t retained = tb_sec(&t, ".text.retained", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR | 0x200000, 4);
	uint32_t eh = tb_sec(&t, ".eh_frame", SHT_PROGBITS, SHF_ALLOC, 0);
	uint32_t s_ctor = SECSYM(&t, a, ctor);
	uint32_t s_dtor = SECSYM(&t, a, dtor);
	uint32_t s_prio = SECSYM(&t, a, prio);
	DEF(&t, a, "_start", start);
	tb_rel(&t, a, init_array, 0, s_ctor);
	tb_rel(&t, a, fini_array, 0, s_dtor);
	tb_rel(&t, a, init_prio, 0, s_prio);
	char *err = run_gc(&t);
	expect_text(err, "");
	CU_ASSERT_TRUE(live(&t, a, ctor));
	CU_ASSERT_TRUE(live(&t, a, dtor));
	CU_ASSERT_TRUE(live(&t, a, prio));
	CU_ASSERT_TRUE(live(&t, a, ctors));
	CU_ASSERT_TRUE(live(&t, a, note));
	CU_ASSERT_TRUE(live(&t, a, retained));
	CU_ASSERT_TRUE(live(&t, a, eh));
	free(err);
	tb_free(&t);
}

/* A note in a group or with SHF_LINK_ORDER is no root (GNU ld's rule). */
static void test_link_order_section_follows_its_target(void)
{
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o");
	uint32_t start = TEXT(&t, ".text._start");
	uint32_t dead = TEXT(&t, ".text.dead");
	uint32_t pfe_live = tb_sec(&t, "__patchable_function_entries", SHT_PROGBITS, SHF_ALLOC | SHF_LINK_ORDER, 8);
	uint32_t pfe_dead = tb_sec(&t, "__patchable_function_entries", SHT_PROGBITS, SHF_ALLOC | SHF_LINK_ORDER, 8);
	uint32_t note_dead = tb_sec(&t, ".note.dead", SHT_NOTE, SHF_ALLOC | SHF_LINK_ORDER, 8);
	t.ctx.isecs.v[isec_of(&t, a, pfe_live)].sh_link = start;
	t.ctx.isecs.v[isec_of(&t, a, pfe_dead)].sh_link = dead;
	t.ctx.isecs.v[isec_of(&t, a, note_dead)].sh_link = dead;
	DEF(&t, a, "_start", start);
	char *err = run_gc(&t);
	expect_text(err, "solder: removing unused section '.text.dead' in file 'a.o'\n"
	                 "solder: removing unused section '__patchable_function_entries' in file 'a.o'\n"
	                 "solder: removing unused section '.note.dead' in file 'a.o'\n");
	CU_ASSERT_TRUE(live(&t, a, pfe_live));
	CU_ASSERT_FALSE(live(&t, a, pfe_dead));
	free(err);
	tb_free(&t);
}

/* ---- __start_ and __stop_ */

static void test_start_stop_reference_keeps_every_section_of_that_name(void)
{
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o");
	uint32_t start = TEXT(&t, ".text._start");
	uint32_t mysec_a = DATA(&t, "mysec");
	uint32_t other = DATA(&t, "othersec");
	uint32_t dotted = DATA(&t, ".dotted");
	uint32_t ref_start = REF(&t, a, "__start_mysec");
	uint32_t ref_dotted = REF(&t, a, "__start_.dotted");
	DEF(&t, a, "_start", start);
	tb_rel(&t, a, start, 0, ref_start);
	tb_rel(&t, a, start, 4, ref_dotted);
	uint32_t b = tb_object(&t, "b.o");
	uint32_t fn = TEXT(&t, ".text.fn");
	uint32_t mysec_b = DATA(&t, "mysec");
	uint32_t data_b = DATA(&t, ".data.b");
	uint32_t s_data_b = SECSYM(&t, b, data_b);
	tb_rel(&t, b, mysec_b, 0, s_data_b);
	uint32_t ref_stop = REF(&t, b, "__stop_othersec");
	tb_rel(&t, b, fn, 0, ref_stop); /* a reference from dead code keeps nothing */

	char *err = run_gc(&t);
	expect_text(err, "solder: removing unused section 'othersec' in file 'a.o'\n"
	                 "solder: removing unused section '.dotted' in file 'a.o'\n"
	                 "solder: removing unused section '.text.fn' in file 'b.o'\n");
	CU_ASSERT_TRUE(live(&t, a, mysec_a));
	CU_ASSERT_TRUE(live(&t, b, mysec_b));
	CU_ASSERT_TRUE(live(&t, b, data_b));
	CU_ASSERT_FALSE(live(&t, a, other));
	CU_ASSERT_FALSE(live(&t, a, dotted));
	free(err);
	tb_free(&t);
}

/* ---- debug information */

static void test_debug_sections_stay_with_their_file_and_keep_nothing(void)
{
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o");
	uint32_t start = TEXT(&t, ".text._start");
	uint32_t dead = TEXT(&t, ".text.dead");
	uint32_t info = DEBUG(&t, ".debug_info");
	uint32_t comment = tb_sec(&t, ".comment", SHT_PROGBITS, SHF_MERGE | SHF_STRINGS, 20);
	uint32_t s_dead = SECSYM(&t, a, dead);
	DEF(&t, a, "_start", start);
	tb_rel(&t, a, info, 0, s_dead);
	uint32_t b = tb_object(&t, "b.o");
	uint32_t b_fn = TEXT(&t, ".text.unused");
	uint32_t b_info = DEBUG(&t, ".debug_info");
	uint32_t b_attr = tb_sec(&t, ".riscv.attributes", 0x70000003, 0, 0x47);
	uint32_t b_note = tb_sec(&t, ".note.b", SHT_NOTE, SHF_ALLOC, 0x10);
	uint32_t s_b_fn = SECSYM(&t, b, b_fn);
	tb_rel(&t, b, b_info, 0, s_b_fn);

	char *err = run_gc(&t);
	expect_text(err, "solder: removing unused section '.text.dead' in file 'a.o'\n"
	                 "solder: removing unused section '.text.unused' in file 'b.o'\n"
	                 "solder: removing unused section '.debug_info' in file 'b.o'\n"
	                 "solder: removing unused section '.riscv.attributes' in file 'b.o'\n");
	CU_ASSERT_TRUE(live(&t, a, info));
	CU_ASSERT_TRUE(live(&t, a, comment));
	CU_ASSERT_FALSE(live(&t, a, dead));
	CU_ASSERT_FALSE(live(&t, b, b_info));
	CU_ASSERT_FALSE(live(&t, b, b_attr));
	CU_ASSERT_TRUE(live(&t, b, b_note)); /* a note is kept, but keeps no debug info */
	free(err);
	tb_free(&t);
}

/* ---- .eh_frame */

static void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* A CIE at 0 (0x14 bytes) with a personality relocation at 0x10, then two FDEs of 0x18
 * bytes: pc_begin at +8, an LSDA pointer at +0x14. The first belongs to _start, the
 * second to a dead function: only the first one's LSDA stays. */
static void test_eh_frame_fde_counts_only_for_a_live_function(void)
{
	static uint8_t eh[0x14 + 2 * 0x18 + 4];
	memset(eh, 0, sizeof(eh));
	wr32(eh + 0, 0x10);            /* CIE length */
	wr32(eh + 4, 0);               /* CIE id */
	wr32(eh + 0x14, 0x14);         /* FDE 1 length */
	wr32(eh + 0x18, 0x18);         /* CIE pointer: 0x18 - 0x18 = 0 */
	wr32(eh + 0x2c, 0x14);         /* FDE 2 length */
	wr32(eh + 0x30, 0x30);
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o");
	uint32_t start = TEXT(&t, ".text._start");
	uint32_t dead = TEXT(&t, ".text.dead");
	uint32_t lsda_live = DATA(&t, ".gcc_except_table._start");
	uint32_t lsda_dead = DATA(&t, ".gcc_except_table.dead");
	uint32_t pers = TEXT(&t, ".text.personality");
	uint32_t ehs = tb_sec(&t, ".eh_frame", SHT_PROGBITS, SHF_ALLOC, sizeof(eh));
	t.ctx.isecs.v[isec_of(&t, a, ehs)].data = eh;
	uint32_t s_start = SECSYM(&t, a, start);
	uint32_t s_dead = SECSYM(&t, a, dead);
	uint32_t s_lsda_live = SECSYM(&t, a, lsda_live);
	uint32_t s_lsda_dead = SECSYM(&t, a, lsda_dead);
	DEF(&t, a, "_start", start);
	uint32_t p = DEF(&t, a, "__gcc_personality_v0", pers);
	tb_rel(&t, a, ehs, 0x10, p);
	tb_rel(&t, a, ehs, 0x14 + 8, s_start);
	tb_rel(&t, a, ehs, 0x14 + 0x14, s_lsda_live);
	tb_rel(&t, a, ehs, 0x2c + 8, s_dead);
	tb_rel(&t, a, ehs, 0x2c + 0x14, s_lsda_dead);

	char *err = run_gc(&t);
	expect_text(err, "solder: removing unused section '.text.dead' in file 'a.o'\n"
	                 "solder: removing unused section '.gcc_except_table.dead' in file 'a.o'\n");
	CU_ASSERT_TRUE(live(&t, a, ehs));
	CU_ASSERT_TRUE(live(&t, a, lsda_live));
	CU_ASSERT_TRUE(live(&t, a, pers));
	CU_ASSERT_FALSE(live(&t, a, dead));
	/* the dead function's FDE is cut out, with its relocations */
	const struct ld_isec *e = &t.ctx.isecs.v[isec_of(&t, a, ehs)];
	CU_ASSERT_EQUAL(e->size, 0x14 + 0x18 + 4);
	CU_ASSERT_EQUAL_FATAL(e->nrels, 3);
	CU_ASSERT_EQUAL(e->rels[2].offset, 0x28);
	CU_ASSERT_EQUAL(e->rels[2].sym, s_lsda_live);
	CU_ASSERT_EQUAL(memcmp(e->data, eh, 0x2c), 0);
	CU_ASSERT_EQUAL(memcmp(e->data + 0x2c, "\0\0\0\0", 4), 0);
	free(err);
	free((void *)e->data);
	tb_free(&t);
}

/* A dead FDE between a CIE and a live FDE: the live one moves down and its CIE pointer
 * (the distance back to its CIE) shrinks with it. */
static void test_cut_fde_moves_later_fde_and_its_cie_pointer(void)
{
	static uint8_t eh[0x14 + 2 * 0x18];
	memset(eh, 0, sizeof(eh));
	wr32(eh + 0, 0x10);
	wr32(eh + 0x14, 0x14);
	wr32(eh + 0x18, 0x18);
	wr32(eh + 0x2c, 0x14);
	wr32(eh + 0x30, 0x30);
	eh[0x3c] = 0x5a;                /* a byte of the live FDE's instructions */
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o");
	uint32_t start = TEXT(&t, ".text._start");
	uint32_t dead = TEXT(&t, ".text.dead");
	uint32_t ehs = tb_sec(&t, ".eh_frame", SHT_PROGBITS, SHF_ALLOC, sizeof(eh));
	t.ctx.isecs.v[isec_of(&t, a, ehs)].data = eh;
	uint32_t s_start = SECSYM(&t, a, start);
	uint32_t s_dead = SECSYM(&t, a, dead);
	DEF(&t, a, "_start", start);
	tb_rel(&t, a, ehs, 0x14 + 8, s_dead);
	tb_rel(&t, a, ehs, 0x2c + 8, s_start);
	char *err = run_gc(&t);
	expect_text(err, "solder: removing unused section '.text.dead' in file 'a.o'\n");
	const struct ld_isec *e = &t.ctx.isecs.v[isec_of(&t, a, ehs)];
	CU_ASSERT_EQUAL_FATAL(e->size, 0x14 + 0x18);
	CU_ASSERT_EQUAL(e->data[0x14], 0x14);   /* length */
	CU_ASSERT_EQUAL(e->data[0x18], 0x18);   /* CIE pointer: 0x18 - 0x18 = 0 */
	CU_ASSERT_EQUAL(e->data[0x24], 0x5a);
	CU_ASSERT_EQUAL_FATAL(e->nrels, 1);
	CU_ASSERT_EQUAL(e->rels[0].offset, 0x14 + 8);
	CU_ASSERT_EQUAL(e->rels[0].sym, s_start);
	free(err);
	free((void *)e->data);
	tb_free(&t);
}

/* The assembler padded the section's last FDE to 8 bytes; when that FDE goes, the
 * one before it takes the padding, so that no zero word reads as a terminator. */
static void test_cut_last_fde_moves_padding_to_the_one_before(void)
{
	static uint8_t eh[0x14 + 0x18 + 0x14];
	memset(eh, 0, sizeof(eh));
	wr32(eh + 0, 0x10);             /* CIE, 0x14 bytes */
	wr32(eh + 0x14, 0x14);          /* live FDE, 0x18 bytes */
	wr32(eh + 0x18, 0x18);
	wr32(eh + 0x2c, 0x10);          /* dead FDE, 0x14 bytes, ends at 0x40 */
	wr32(eh + 0x30, 0x30);
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o");
	uint32_t start = TEXT(&t, ".text._start");
	uint32_t dead = TEXT(&t, ".text.dead");
	uint32_t ehs = tb_sec(&t, ".eh_frame", SHT_PROGBITS, SHF_ALLOC, sizeof(eh));
	t.ctx.isecs.v[isec_of(&t, a, ehs)].data = eh;
	t.ctx.isecs.v[isec_of(&t, a, ehs)].sh_addralign = 8;
	uint32_t s_start = SECSYM(&t, a, start);
	uint32_t s_dead = SECSYM(&t, a, dead);
	DEF(&t, a, "_start", start);
	tb_rel(&t, a, ehs, 0x14 + 8, s_start);
	tb_rel(&t, a, ehs, 0x2c + 8, s_dead);
	char *err = run_gc(&t);
	const struct ld_isec *e = &t.ctx.isecs.v[isec_of(&t, a, ehs)];
	CU_ASSERT_EQUAL_FATAL(e->size, 0x30);
	CU_ASSERT_EQUAL(e->data[0x14], 0x18);   /* 0x14 + 4 bytes of DW_CFA_nop */
	CU_ASSERT_EQUAL(memcmp(e->data + 0x2c, "\0\0\0\0", 4), 0);
	CU_ASSERT_EQUAL(e->nrels, 1);
	free(err);
	free((void *)e->data);
	tb_free(&t);
}

/* A malformed .eh_frame (a length past its end) keeps what it refers to: safe. */
static void test_malformed_eh_frame_keeps_its_targets(void)
{
	static uint8_t eh[16];
	memset(eh, 0, sizeof(eh));
	wr32(eh, 0x100);
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o");
	uint32_t start = TEXT(&t, ".text._start");
	uint32_t fn = TEXT(&t, ".text.fn");
	uint32_t ehs = tb_sec(&t, ".eh_frame", SHT_PROGBITS, SHF_ALLOC, sizeof(eh));
	t.ctx.isecs.v[isec_of(&t, a, ehs)].data = eh;
	uint32_t s_fn = SECSYM(&t, a, fn);
	DEF(&t, a, "_start", start);
	tb_rel(&t, a, ehs, 8, s_fn);
	char *err = run_gc(&t);
	expect_text(err, "");
	CU_ASSERT_TRUE(live(&t, a, fn));
	free(err);
	tb_free(&t);
}

/* ---- groups */

static void test_group_stays_whole_and_prints_like_gnu_ld(void)
{
	static uint8_t grp_used[12], grp_unused[12];
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o");
	uint32_t g1 = tb_sec(&t, ".group", SHT_GROUP, 0, sizeof(grp_used));
	uint32_t g2 = tb_sec(&t, ".group", SHT_GROUP, 0, sizeof(grp_unused));
	uint32_t start = TEXT(&t, ".text._start");
	uint32_t tf1 = TEXT(&t, ".text.tf1");
	uint32_t tf1_data = DATA(&t, ".data.tf1");
	uint32_t tf2 = TEXT(&t, ".text.tf2");
	uint32_t tf2_data = DATA(&t, ".data.tf2");
	wr32(grp_used, 1);
	wr32(grp_used + 4, tf1);
	wr32(grp_used + 8, tf1_data);
	wr32(grp_unused, 1);
	wr32(grp_unused + 4, tf2);
	wr32(grp_unused + 8, tf2_data);
	for (uint32_t k = tf1; k <= tf2_data; k++)
		t.ctx.isecs.v[isec_of(&t, a, k)].group = isec_of(&t, a, k <= tf1_data ? g1 : g2);
	t.ctx.isecs.v[isec_of(&t, a, g1)].data = grp_used;
	t.ctx.isecs.v[isec_of(&t, a, g2)].data = grp_unused;
	t.ctx.isecs.v[isec_of(&t, a, g1)].live = 0; /* input.c: a group is never output */
	t.ctx.isecs.v[isec_of(&t, a, g2)].live = 0;
	DEF(&t, a, "_start", start);
	uint32_t sig1 = DEF(&t, a, "tf1", tf1);
	uint32_t sig2 = DEF(&t, a, "tf2", tf2);
	t.ctx.isecs.v[isec_of(&t, a, g1)].sh_info = sig1;
	t.ctx.isecs.v[isec_of(&t, a, g2)].sh_info = sig2;
	uint32_t ref = REF(&t, a, "tf1");
	tb_rel(&t, a, start, 0, ref);

	char *err = run_gc(&t);
	expect_text(err, "solder: removing unused section '.group' in file 'a.o'\n"
	                 "solder: removing unused section '.text.tf2[tf2]' in file 'a.o'\n"
	                 "solder: removing unused section '.data.tf2[tf2]' in file 'a.o'\n");
	CU_ASSERT_TRUE(live(&t, a, tf1));
	CU_ASSERT_TRUE(live(&t, a, tf1_data));
	CU_ASSERT_FALSE(live(&t, a, tf2));
	CU_ASSERT_FALSE(live(&t, a, tf2_data));
	free(err);
	tb_free(&t);
}

/* GNU ld also names the COMDAT copies that resolution dropped; empty sections never. */
static void test_dropped_comdat_copy_and_empty_sections_in_the_listing(void)
{
	static uint8_t grp[8];
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o");
	uint32_t g = tb_sec(&t, ".group", SHT_GROUP, 0, sizeof(grp));
	uint32_t start = TEXT(&t, ".text._start");
	uint32_t copy = TEXT(&t, ".text.inl");
	uint32_t empty = tb_sec(&t, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 0);
	uint32_t bss = tb_sec(&t, ".bss.x", SHT_NOBITS, SHF_ALLOC | SHF_WRITE, 64);
	wr32(grp, 1);
	wr32(grp + 4, copy);
	struct ld_isec *gs = &t.ctx.isecs.v[isec_of(&t, a, g)];
	gs->data = grp;
	gs->live = 0;
	t.ctx.isecs.v[isec_of(&t, a, copy)].group = isec_of(&t, a, g);
	DEF(&t, a, "_start", start);
	gs->sh_info = tb_sym(&t, a, "inl", STB_WEAK, copy, STT_FUNC);
	res_resolve(&t.ctx);
	t.ctx.isecs.v[isec_of(&t, a, copy)].live = 0; /* as if an earlier file had the group */
	t.opt.print_gc_sections = 1;
	capture_begin();
	gc_sections(&t.ctx);
	char *err = capture_end();
	expect_text(err, "solder: removing unused section '.group' in file 'a.o'\n"
	                 "solder: removing unused section '.text.inl[inl]' in file 'a.o'\n"
	                 "solder: removing unused section '.bss.x' in file 'a.o'\n");
	CU_ASSERT_FALSE(live(&t, a, empty));
	CU_ASSERT_FALSE(live(&t, a, bss));
	free(err);
	tb_free(&t);
}

static void test_without_print_nothing_is_printed(void)
{
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o");
	uint32_t start = TEXT(&t, ".text._start");
	uint32_t dead = TEXT(&t, ".text.dead");
	DEF(&t, a, "_start", start);
	res_resolve(&t.ctx);
	capture_begin();
	gc_sections(&t.ctx);
	char *err = capture_end();
	expect_text(err, "");
	CU_ASSERT_FALSE(live(&t, a, dead));
	free(err);
	tb_free(&t);
}

void suite_gc(void)
{
	CU_pSuite s = CU_add_suite("gc", NULL, NULL);
	CU_add_test(s, "the entry keeps what it calls, the unreferenced goes",
	            test_entry_keeps_what_it_calls_and_unreferenced_goes);
	CU_add_test(s, "a long call chain is walked without recursion", test_long_chain_is_walked_without_recursion);
	CU_add_test(s, "a section symbol reference keeps its section", test_local_section_symbol_reference_keeps_its_section);
	CU_add_test(s, "KEEP, -u, --defsym, _init and _fini are roots", test_keep_u_defsym_init_and_fini_are_roots);
	CU_add_test(s, "-e replaces _start as the root", test_entry_option_replaces_start);
	CU_add_test(s, "init/fini arrays, .ctors, notes, retain and .eh_frame are roots",
	            test_init_fini_arrays_ctors_and_notes_are_roots);
	CU_add_test(s, "an SHF_LINK_ORDER section follows its target", test_link_order_section_follows_its_target);
	CU_add_test(s, "__start_/__stop_ keep every section of that name",
	            test_start_stop_reference_keeps_every_section_of_that_name);
	CU_add_test(s, "debug sections stay with their file and keep nothing",
	            test_debug_sections_stay_with_their_file_and_keep_nothing);
	CU_add_test(s, "an FDE counts only for a live function", test_eh_frame_fde_counts_only_for_a_live_function);
	CU_add_test(s, "a cut FDE moves the next one and its CIE pointer", test_cut_fde_moves_later_fde_and_its_cie_pointer);
	CU_add_test(s, "a cut last FDE leaves its padding to the one before",
	            test_cut_last_fde_moves_padding_to_the_one_before);
	CU_add_test(s, "a malformed .eh_frame keeps its targets", test_malformed_eh_frame_keeps_its_targets);
	CU_add_test(s, "a group stays whole and prints like GNU ld", test_group_stays_whole_and_prints_like_gnu_ld);
	CU_add_test(s, "dropped COMDAT copies are listed, empty sections are not",
	            test_dropped_comdat_copy_and_empty_sections_in_the_listing);
	CU_add_test(s, "without --print-gc-sections nothing is printed", test_without_print_nothing_is_printed);
}
