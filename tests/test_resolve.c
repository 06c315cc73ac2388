/*
 * test_resolve.c: the global symbol table (link/resolve.c) against GNU ld 2.40's rules.
 *
 * Each test builds an ld_ctx by hand, the way input.c leaves it: files with their
 * sections and symbols (archive members already parsed, not yet loaded), then runs
 * res_resolve and checks which definition won, what was pulled, which sections were
 * dropped, and the exact text of the errors (stderr is captured into a temporary file).
 * The expectations were checked against riscv64-unknown-elf-ld where GNU ld's
 * behaviour is not obvious (a weak definition does not pull an archive member, COMMON
 * does when the member really defines the symbol, --defsym overrides an object).
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
	struct ld_file f0 = { .name = "" };
	struct ld_isec s0 = { .name = "" };
	LD_PUSH(t->ctx.files, f0);
	LD_PUSH(t->ctx.isecs, s0);
}

static void tb_free(struct tb *t)
{
	res_free(&t->ctx);
	for (uint32_t i = 0; i < t->ctx.files.len; i++) {
		free(t->ctx.files.v[i].syms);
		free(t->ctx.files.v[i].armap);
	}
	for (uint32_t i = 0; i < t->ctx.isecs.len; i++)
		free(t->ctx.isecs.v[i].rels);
	LD_FREE(t->ctx.files);
	LD_FREE(t->ctx.isecs);
	LD_FREE(t->opt.wrap);
	LD_FREE(t->opt.undefined);
	LD_FREE(t->opt.defsyms);
}

/* An object with sections named by secs (NULL-terminated), in sections 1..n, and the
 * null symbol. A member of the archive being built (tb_archive) when member is set. */
static uint32_t tb_object(struct tb *t, const char *name, const char *const *secs, int member)
{
	struct ld_file f = { .path = name, .name = name, .is_object = 1, .elf_class = 64 };
	f.first_isec = t->ctx.isecs.len;
	struct ld_isec s0 = { .name = "" };
	LD_PUSH(t->ctx.isecs, s0);
	uint32_t n = 1;
	for (; secs && secs[n - 1]; n++) {
		struct ld_isec s = { .name = secs[n - 1], .sh_type = SHT_PROGBITS, .sh_flags = SHF_ALLOC | SHF_EXECINSTR,
		                     .live = 1, .size = 64, .osec = 1 };
		s.file = t->ctx.files.len;
		s.shndx = n;
		LD_PUSH(t->ctx.isecs, s);
	}
	t->ctx.isecs.v[f.first_isec].file = t->ctx.files.len;
	f.nsec = n;
	f.syms = calloc(1, sizeof(struct ld_fsym));
	f.syms[0].name = "";
	f.nsyms = 1;
	f.first_global = 1;
	uint32_t i = t->ctx.files.len;
	LD_PUSH(t->ctx.files, f);
	if (member) {
		/* the archive is the last non-member file */
		uint32_t a = i - 1;
		while (!t->ctx.files.v[a].is_archive)
			a--;
		if (!t->ctx.files.v[a].nmembers)
			t->ctx.files.v[a].first_member = i;
		t->ctx.files.v[a].nmembers++;
	}
	return i;
}

static uint32_t tb_sym(struct tb *t, uint32_t file, const char *name, int bind, uint32_t shndx, uint64_t value,
                       uint64_t size, int type)
{
	struct ld_file *f = &t->ctx.files.v[file];
	f->syms = realloc(f->syms, (f->nsyms + 1) * sizeof(struct ld_fsym));
	struct ld_fsym s = { .name = name, .value = value, .size = size, .shndx = shndx, .bind = (uint8_t)bind,
	                     .type = (uint8_t)type };
	f->syms[f->nsyms] = s;
	if (bind == STB_LOCAL)
		f->first_global = f->nsyms + 1;
	return f->nsyms++;
}

#define DEF(t, f, name, sec) tb_sym(t, f, name, STB_GLOBAL, sec, 0, 4, STT_FUNC)
#define WEAKDEF(t, f, name, sec) tb_sym(t, f, name, STB_WEAK, sec, 0, 4, STT_FUNC)
#define REF(t, f, name) tb_sym(t, f, name, STB_GLOBAL, SHN_UNDEF, 0, 0, STT_NOTYPE)
#define WEAKREF(t, f, name) tb_sym(t, f, name, STB_WEAK, SHN_UNDEF, 0, 0, STT_NOTYPE)

static uint32_t tb_archive(struct tb *t, const char *name)
{
	struct ld_file f = { .path = name, .name = name, .is_archive = 1 };
	LD_PUSH(t->ctx.files, f);
	return t->ctx.files.len - 1;
}

static void tb_armap(struct tb *t, uint32_t ar, const char *name, uint32_t member)
{
	struct ld_file *a = &t->ctx.files.v[ar];
	a->armap = realloc(a->armap, (a->narmap + 1) * sizeof(*a->armap));
	a->armap[a->narmap].name = name;
	a->armap[a->narmap].member = member;
	a->narmap++;
}

static void tb_rel(struct tb *t, uint32_t isec, uint64_t offset, uint32_t sym)
{
	struct ld_isec *s = &t->ctx.isecs.v[isec];
	s->rels = realloc(s->rels, (s->nrels + 1) * sizeof(struct ld_rel));
	struct ld_rel r = { .offset = offset, .type = 1, .sym = sym };
	s->rels[s->nrels++] = r;
}

static struct ld_sym *sym(struct tb *t, const char *name)
{
	return res_find(&t->ctx, name);
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

static const char *const text[] = { ".text", NULL };
static const char *const text2[] = { ".text", ".text.foo", NULL };

/* ---- definitions */

static void test_strong_beats_earlier_weak(void)
{
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o", text, 0);
	WEAKDEF(&t, a, "foo", 1);
	uint32_t b = tb_object(&t, "b.o", text, 0);
	uint32_t fs = DEF(&t, b, "foo", 1);
	res_resolve(&t.ctx);
	struct ld_sym *y = sym(&t, "foo");
	CU_ASSERT_FATAL(y != NULL);
	CU_ASSERT_EQUAL(y->def, LD_DEF_REGULAR);
	CU_ASSERT_EQUAL(y->file, b);
	CU_ASSERT_EQUAL(y->fsym, fs);
	CU_ASSERT_EQUAL(y->isec, t.ctx.files.v[b].first_isec + 1);
	CU_ASSERT_FALSE(y->flags & LD_SYM_WEAK);
	CU_ASSERT_EQUAL(t.ctx.files.v[a].syms[1].global, t.ctx.files.v[b].syms[1].global);
	CU_ASSERT_EQUAL(t.ctx.errors, 0);
	tb_free(&t);
}

static void test_first_weak_wins_among_weaks(void)
{
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o", text, 0);
	WEAKDEF(&t, a, "foo", 1);
	uint32_t b = tb_object(&t, "b.o", text, 0);
	WEAKDEF(&t, b, "foo", 1);
	res_resolve(&t.ctx);
	struct ld_sym *y = sym(&t, "foo");
	CU_ASSERT_EQUAL(y->file, a);
	CU_ASSERT_TRUE(y->flags & LD_SYM_WEAK);
	tb_free(&t);
}

static void test_undefined_is_weak_only_when_every_reference_is(void)
{
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o", text, 0);
	WEAKREF(&t, a, "w");
	WEAKREF(&t, a, "s");
	uint32_t b = tb_object(&t, "b.o", text, 0);
	REF(&t, b, "s");
	res_resolve(&t.ctx);
	CU_ASSERT_EQUAL(sym(&t, "w")->def, LD_UNDEF);
	CU_ASSERT_TRUE(sym(&t, "w")->flags & LD_SYM_WEAK);
	CU_ASSERT_FALSE(sym(&t, "s")->flags & LD_SYM_WEAK);
	CU_ASSERT_TRUE(sym(&t, "s")->flags & LD_SYM_USED_REGULAR);
	CU_ASSERT_EQUAL(sym(&t, "s")->first_ref_file, a);
	tb_free(&t);
}

static void test_common_merges_largest_size_and_alignment(void)
{
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o", text, 0);
	tb_sym(&t, a, "cv", STB_GLOBAL, SHN_COMMON, 4, 16, STT_OBJECT);
	uint32_t b = tb_object(&t, "b.o", text, 0);
	tb_sym(&t, b, "cv", STB_GLOBAL, SHN_COMMON, 64, 8, STT_OBJECT);
	uint32_t c = tb_object(&t, "c.o", text, 0);
	tb_sym(&t, c, "cv", STB_GLOBAL, SHN_COMMON, 8, 32, STT_OBJECT);
	res_resolve(&t.ctx);
	struct ld_sym *y = sym(&t, "cv");
	CU_ASSERT_EQUAL(y->def, LD_DEF_COMMON);
	CU_ASSERT_EQUAL(y->size, 32);
	CU_ASSERT_EQUAL(y->value, 64);
	CU_ASSERT_EQUAL(y->file, c);
	tb_free(&t);
}

static void test_strong_definition_replaces_common_silently(void)
{
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o", text, 0);
	tb_sym(&t, a, "cv", STB_GLOBAL, SHN_COMMON, 4, 16, STT_OBJECT);
	uint32_t b = tb_object(&t, "b.o", text, 0);
	tb_sym(&t, b, "cv", STB_GLOBAL, 1, 8, 8, STT_OBJECT);
	capture_begin();
	res_resolve(&t.ctx);
	char *err = capture_end();
	expect_text(err, "");
	free(err);
	struct ld_sym *y = sym(&t, "cv");
	CU_ASSERT_EQUAL(y->def, LD_DEF_REGULAR);
	CU_ASSERT_EQUAL(y->file, b);
	CU_ASSERT_EQUAL(y->value, 8);
	CU_ASSERT_EQUAL(y->size, 8);
	tb_free(&t);
}

static void test_common_beats_weak_definition(void)
{
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o", text, 0);
	WEAKDEF(&t, a, "cv", 1);
	uint32_t b = tb_object(&t, "b.o", text, 0);
	tb_sym(&t, b, "cv", STB_GLOBAL, SHN_COMMON, 4, 16, STT_OBJECT);
	res_resolve(&t.ctx);
	CU_ASSERT_EQUAL(sym(&t, "cv")->def, LD_DEF_COMMON);
	CU_ASSERT_FALSE(sym(&t, "cv")->flags & LD_SYM_WEAK);
	tb_free(&t);
}

static void test_tls_and_hidden_flags(void)
{
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o", text, 0);
	tb_sym(&t, a, "tv", STB_GLOBAL, 1, 0, 4, STT_TLS);
	uint32_t h = REF(&t, a, "hid");
	t.ctx.files.v[a].syms[h].visibility = STV_HIDDEN;
	uint32_t b = tb_object(&t, "b.o", text, 0);
	DEF(&t, b, "hid", 1);
	res_resolve(&t.ctx);
	CU_ASSERT_TRUE(sym(&t, "tv")->flags & LD_SYM_TLS);
	CU_ASSERT_TRUE(sym(&t, "hid")->flags & LD_SYM_HIDDEN);
	CU_ASSERT_EQUAL(sym(&t, "hid")->def, LD_DEF_REGULAR);
	tb_free(&t);
}

static void test_duplicate_strong_definitions_are_reported(void)
{
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o", text2, 0);
	DEF(&t, a, "foo", 1);
	tb_sym(&t, a, "abs", STB_GLOBAL, SHN_ABS, 0x10, 0, STT_NOTYPE);
	tb_sym(&t, a, "same", STB_GLOBAL, SHN_ABS, 0x20, 0, STT_NOTYPE);
	uint32_t b = tb_object(&t, "b.o", text2, 0);
	tb_sym(&t, b, "foo", STB_GLOBAL, 2, 0x8, 4, STT_FUNC);
	tb_sym(&t, b, "abs", STB_GLOBAL, SHN_ABS, 0x11, 0, STT_NOTYPE);
	tb_sym(&t, b, "same", STB_GLOBAL, SHN_ABS, 0x20, 0, STT_NOTYPE);
	capture_begin();
	res_resolve(&t.ctx);
	char *err = capture_end();
	expect_text(err, "solder: error: duplicate symbol: foo\n>>> defined at a.o:(.text+0x0)\n"
	                 ">>> defined at b.o:(.text.foo+0x8)\n"
	                 "solder: error: duplicate symbol: abs\n>>> defined at a.o:(*ABS*)\n>>> defined at b.o:(*ABS*)\n");
	free(err);
	CU_ASSERT_EQUAL(t.ctx.errors, 2);
	CU_ASSERT_EQUAL(sym(&t, "foo")->file, a);
	tb_free(&t);
}

/* ---- archives */

static void test_archive_pulls_for_strong_undefined_only(void)
{
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o", text, 0);
	REF(&t, a, "strong");
	WEAKREF(&t, a, "weakref");
	WEAKDEF(&t, a, "weakdef", 1);
	uint32_t ar = tb_archive(&t, "lib.a");
	uint32_t m1 = tb_object(&t, "lib.a(s.o)", text, 1);
	DEF(&t, m1, "strong", 1);
	uint32_t m2 = tb_object(&t, "lib.a(w.o)", text, 1);
	DEF(&t, m2, "weakref", 1);
	uint32_t m3 = tb_object(&t, "lib.a(d.o)", text, 1);
	DEF(&t, m3, "weakdef", 1);
	tb_armap(&t, ar, "weakref", m2);
	tb_armap(&t, ar, "weakdef", m3);
	tb_armap(&t, ar, "strong", m1);
	res_resolve(&t.ctx);
	CU_ASSERT_TRUE(t.ctx.files.v[m1].loaded);
	CU_ASSERT_FALSE(t.ctx.files.v[m2].loaded);
	CU_ASSERT_FALSE(t.ctx.files.v[m3].loaded);
	CU_ASSERT_EQUAL(sym(&t, "strong")->file, m1);
	CU_ASSERT_EQUAL(sym(&t, "weakdef")->file, a);
	CU_ASSERT_EQUAL(sym(&t, "weakref")->def, LD_UNDEF);
	tb_free(&t);
}

static void test_archive_is_searched_again_for_what_its_members_need(void)
{
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o", text, 0);
	REF(&t, a, "one");
	uint32_t ar = tb_archive(&t, "lib.a");
	uint32_t m2 = tb_object(&t, "lib.a(two.o)", text, 1);
	DEF(&t, m2, "two", 1);
	uint32_t m1 = tb_object(&t, "lib.a(one.o)", text, 1);
	DEF(&t, m1, "one", 1);
	REF(&t, m1, "two");
	tb_armap(&t, ar, "two", m2);
	tb_armap(&t, ar, "one", m1);
	res_resolve(&t.ctx);
	CU_ASSERT_TRUE(t.ctx.files.v[m1].loaded);
	CU_ASSERT_TRUE(t.ctx.files.v[m2].loaded);
	CU_ASSERT_EQUAL(sym(&t, "two")->def, LD_DEF_REGULAR);
	tb_free(&t);
}

static void test_later_reference_does_not_reach_earlier_archive(void)
{
	struct tb t;
	tb_init(&t);
	uint32_t ar = tb_archive(&t, "lib.a");
	uint32_t m = tb_object(&t, "lib.a(f.o)", text, 1);
	DEF(&t, m, "f", 1);
	tb_armap(&t, ar, "f", m);
	uint32_t b = tb_object(&t, "b.o", text, 0);
	REF(&t, b, "f");
	res_resolve(&t.ctx);
	CU_ASSERT_FALSE(t.ctx.files.v[m].loaded);
	CU_ASSERT_EQUAL(sym(&t, "f")->def, LD_UNDEF);
	tb_free(&t);
}

static void test_group_is_searched_until_nothing_is_pulled(void)
{
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o", text, 0);
	REF(&t, a, "x1");
	uint32_t l1 = tb_archive(&t, "l1.a");
	t.ctx.files.v[l1].group = 1;
	uint32_t x1 = tb_object(&t, "l1.a(x1.o)", text, 1);
	DEF(&t, x1, "x1", 1);
	REF(&t, x1, "y1");
	uint32_t x2 = tb_object(&t, "l1.a(x2.o)", text, 1);
	DEF(&t, x2, "x2", 1);
	tb_armap(&t, l1, "x1", x1);
	tb_armap(&t, l1, "x2", x2);
	uint32_t l2 = tb_archive(&t, "l2.a");
	t.ctx.files.v[l2].group = 1;
	uint32_t y1 = tb_object(&t, "l2.a(y1.o)", text, 1);
	DEF(&t, y1, "y1", 1);
	REF(&t, y1, "x2");
	tb_armap(&t, l2, "y1", y1);
	/* the same pair without a group: x2 stays undefined */
	res_resolve(&t.ctx);
	CU_ASSERT_TRUE(t.ctx.files.v[x1].loaded);
	CU_ASSERT_TRUE(t.ctx.files.v[y1].loaded);
	CU_ASSERT_TRUE(t.ctx.files.v[x2].loaded);
	CU_ASSERT_EQUAL(sym(&t, "x2")->file, x2);
	tb_free(&t);

	tb_init(&t);
	a = tb_object(&t, "a.o", text, 0);
	REF(&t, a, "x1");
	l1 = tb_archive(&t, "l1.a");
	x1 = tb_object(&t, "l1.a(x1.o)", text, 1);
	DEF(&t, x1, "x1", 1);
	REF(&t, x1, "y1");
	x2 = tb_object(&t, "l1.a(x2.o)", text, 1);
	DEF(&t, x2, "x2", 1);
	tb_armap(&t, l1, "x1", x1);
	tb_armap(&t, l1, "x2", x2);
	l2 = tb_archive(&t, "l2.a");
	y1 = tb_object(&t, "l2.a(y1.o)", text, 1);
	DEF(&t, y1, "y1", 1);
	REF(&t, y1, "x2");
	tb_armap(&t, l2, "y1", y1);
	res_resolve(&t.ctx);
	CU_ASSERT_TRUE(t.ctx.files.v[y1].loaded);
	CU_ASSERT_FALSE(t.ctx.files.v[x2].loaded);
	tb_free(&t);
}

static void test_whole_archive_members_load_in_place(void)
{
	struct tb t;
	tb_init(&t);
	uint32_t ar = tb_archive(&t, "lib.a");
	t.ctx.files.v[ar].whole_archive = 1;
	uint32_t m = tb_object(&t, "lib.a(m.o)", text, 1);
	DEF(&t, m, "m", 1);
	uint32_t b = tb_object(&t, "b.o", text, 0);
	WEAKDEF(&t, b, "m", 1);
	res_resolve(&t.ctx);
	CU_ASSERT_TRUE(t.ctx.files.v[m].loaded);
	CU_ASSERT_EQUAL(sym(&t, "m")->file, m);
	tb_free(&t);
}

static void test_u_and_entry_pull_members_without_being_errors(void)
{
	struct tb t;
	tb_init(&t);
	const char *u = "needed";
	LD_PUSH(t.opt.undefined, u);
	const char *u2 = "nowhere";
	LD_PUSH(t.opt.undefined, u2);
	uint32_t ar = tb_archive(&t, "lib.a");
	uint32_t s = tb_object(&t, "lib.a(start.o)", text, 1);
	DEF(&t, s, "_start", 1);
	uint32_t n = tb_object(&t, "lib.a(n.o)", text, 1);
	DEF(&t, n, "needed", 1);
	tb_armap(&t, ar, "_start", s);
	tb_armap(&t, ar, "needed", n);
	res_resolve(&t.ctx);
	CU_ASSERT_TRUE(t.ctx.files.v[s].loaded);
	CU_ASSERT_TRUE(t.ctx.files.v[n].loaded);
	CU_ASSERT_FALSE(sym(&t, "nowhere")->flags & LD_SYM_USED_REGULAR);
	capture_begin();
	res_report_undefined(&t.ctx);
	char *err = capture_end();
	expect_text(err, "");
	free(err);
	tb_free(&t);
}

/* A minimal ELF64 relocatable object whose symtab has "cv" in section shndx, as an
 * archive member's bytes: what resolve reads to decide a COMMON pull. */
static size_t tiny_elf(uint8_t *buf, uint16_t shndx)
{
	memset(buf, 0, 312);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_REL;
	eh->e_machine = EM_X86_64;
	eh->e_shoff = 120;
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_shentsize = sizeof(Elf64_Shdr);
	eh->e_shnum = 3;
	memcpy(buf + 64, "\0cv\0", 4);
	Elf64_Sym *sy = (Elf64_Sym *)(buf + 72);
	sy[1].st_name = 1;
	sy[1].st_info = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT);
	sy[1].st_shndx = shndx;
	sy[1].st_size = 8;
	Elf64_Shdr *sh = (Elf64_Shdr *)(buf + 120);
	sh[1] = (Elf64_Shdr){ .sh_type = SHT_SYMTAB, .sh_offset = 72, .sh_size = 48, .sh_link = 2, .sh_info = 1,
	                      .sh_entsize = 24 };
	sh[2] = (Elf64_Shdr){ .sh_type = SHT_STRTAB, .sh_offset = 64, .sh_size = 4 };
	return 312;
}

static void test_common_pulls_member_only_for_a_real_definition(void)
{
	static uint8_t defines[312] __attribute__((aligned(8))), common[312] __attribute__((aligned(8)));
	size_t n = tiny_elf(defines, 2);
	tiny_elf(common, SHN_COMMON);
	/* a member whose bytes stop short of its section headers is not pulled either */
	for (int variant = 0; variant < 3; variant++) {
		struct tb t;
		tb_init(&t);
		uint32_t a = tb_object(&t, "a.o", text, 0);
		tb_sym(&t, a, "cv", STB_GLOBAL, SHN_COMMON, 4, 16, STT_OBJECT);
		uint32_t ar = tb_archive(&t, "lib.a");
		uint32_t m = tb_object(&t, "lib.a(c.o)", text, 1);
		tb_sym(&t, m, "cv", STB_GLOBAL, variant == 1 ? SHN_COMMON : 1, 0, 8, STT_OBJECT);
		t.ctx.files.v[m].data = variant == 1 ? common : defines;
		t.ctx.files.v[m].size = variant == 2 ? n - 8 : n;
		tb_armap(&t, ar, "cv", m);
		res_resolve(&t.ctx);
		CU_ASSERT_EQUAL(t.ctx.files.v[m].loaded, variant == 0);
		CU_ASSERT_EQUAL(sym(&t, "cv")->def, variant == 0 ? LD_DEF_REGULAR : LD_DEF_COMMON);
		tb_free(&t);
	}
}

/* ---- COMDAT */

static void test_second_comdat_copy_is_dropped(void)
{
	static const char *const secs[] = { ".group", ".text._Z1fv", ".text", NULL };
	static const uint8_t group[] = { 1, 0, 0, 0, 2, 0, 0, 0 };
	struct tb t;
	tb_init(&t);
	uint32_t f[2];
	for (int k = 0; k < 2; k++) {
		f[k] = tb_object(&t, k ? "b.o" : "a.o", secs, 0);
		uint32_t sig = tb_sym(&t, f[k], "_Z1fv", STB_WEAK, 2, 0, 8, STT_FUNC);
		uint32_t gi = t.ctx.files.v[f[k]].first_isec + 1;
		t.ctx.isecs.v[gi].sh_type = SHT_GROUP;
		t.ctx.isecs.v[gi].data = group;
		t.ctx.isecs.v[gi].size = sizeof(group);
		t.ctx.isecs.v[gi].sh_info = sig;
		t.ctx.isecs.v[gi].live = 0;
		t.ctx.isecs.v[gi + 1].group = gi;
	}
	res_resolve(&t.ctx);
	uint32_t a0 = t.ctx.files.v[f[0]].first_isec, b0 = t.ctx.files.v[f[1]].first_isec;
	CU_ASSERT_EQUAL(t.ctx.isecs.v[a0 + 2].live, 1);
	CU_ASSERT_EQUAL(t.ctx.isecs.v[b0 + 2].live, 0);
	CU_ASSERT_EQUAL(t.ctx.isecs.v[b0 + 3].live, 1);
	CU_ASSERT_EQUAL(t.ctx.files.v[f[1]].syms[1].discarded, 1);
	CU_ASSERT_EQUAL(t.ctx.files.v[f[0]].syms[1].discarded, 0);
	struct ld_sym *y = sym(&t, "_Z1fv");
	CU_ASSERT_EQUAL(y->file, f[0]);
	CU_ASSERT_EQUAL(t.ctx.files.v[f[1]].syms[1].global, t.ctx.files.v[f[0]].syms[1].global);
	tb_free(&t);
}

static void test_comdat_signature_of_a_section_symbol_is_the_section_name(void)
{
	static const char *const secs[] = { ".group", ".text.sig", NULL };
	static const uint8_t group[] = { 1, 0, 0, 0, 2, 0, 0, 0 };
	struct tb t;
	tb_init(&t);
	uint32_t f[2];
	for (int k = 0; k < 2; k++) {
		f[k] = tb_object(&t, k ? "b.o" : "a.o", secs, 0);
		uint32_t sig = tb_sym(&t, f[k], "", STB_LOCAL, 2, 0, 0, STT_SECTION);
		DEF(&t, f[k], "in_group", 2);
		uint32_t gi = t.ctx.files.v[f[k]].first_isec + 1;
		t.ctx.isecs.v[gi].sh_type = SHT_GROUP;
		t.ctx.isecs.v[gi].data = group;
		t.ctx.isecs.v[gi].size = sizeof(group);
		t.ctx.isecs.v[gi].sh_info = sig;
	}
	capture_begin();
	res_resolve(&t.ctx);
	char *err = capture_end();
	expect_text(err, "");  /* the dropped copy's strong definition is no duplicate */
	free(err);
	CU_ASSERT_EQUAL(t.ctx.isecs.v[t.ctx.files.v[f[1]].first_isec + 2].live, 0);
	CU_ASSERT_EQUAL(sym(&t, "in_group")->file, f[0]);
	tb_free(&t);
}

static void test_symbols_in_sections_left_out_define_nothing(void)
{
	static const char *const secs[] = { ".gnu.lto_main", ".text", NULL };
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "a.o", secs, 0);
	t.ctx.isecs.v[t.ctx.files.v[a].first_isec + 1].live = 0;
	uint32_t s = DEF(&t, a, "lto", 1);
	res_resolve(&t.ctx);
	CU_ASSERT_EQUAL(t.ctx.files.v[a].syms[s].discarded, 1);
	CU_ASSERT_EQUAL(sym(&t, "lto")->def, LD_UNDEF);
	tb_free(&t);
}

/* ---- command-line symbols */

static void test_wrap_redirects_undefined_references_only(void)
{
	struct tb t;
	tb_init(&t);
	const char *w = "malloc";
	LD_PUSH(t.opt.wrap, w);
	uint32_t a = tb_object(&t, "a.o", text, 0);
	uint32_t call = REF(&t, a, "malloc");
	uint32_t real = REF(&t, a, "__real_malloc");
	uint32_t b = tb_object(&t, "b.o", text, 0);
	DEF(&t, b, "malloc", 1);
	uint32_t c = tb_object(&t, "wrap.o", text, 0);
	DEF(&t, c, "__wrap_malloc", 1);
	res_resolve(&t.ctx);
	struct ld_sym *wrapped = sym(&t, "__wrap_malloc");
	struct ld_sym *orig = sym(&t, "malloc");
	CU_ASSERT_EQUAL(&t.ctx.syms.v[t.ctx.files.v[a].syms[call].global], wrapped);
	CU_ASSERT_EQUAL(&t.ctx.syms.v[t.ctx.files.v[a].syms[real].global], orig);
	CU_ASSERT_EQUAL(orig->file, b);
	CU_ASSERT_EQUAL(wrapped->file, c);
	CU_ASSERT_TRUE(orig->flags & LD_SYM_WRAPPED);
	tb_free(&t);
}

static void test_defsym_forms(void)
{
	struct tb t;
	tb_init(&t);
	struct ld_defsym d[] = {
		{ "n_hex", "0x1000" }, { "n_k", "4K" },      { "n_oct", "010" },   { "n_h", "10h" },
		{ "n_m", "0x10M" },    { "alias", "foo+4" }, { "back", "foo - 0x2" }, { "plain", "foo" },
	};
	for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++)
		LD_PUSH(t.opt.defsyms, d[i]);
	uint32_t a = tb_object(&t, "a.o", text, 0);
	DEF(&t, a, "foo", 1);
	DEF(&t, a, "n_hex", 1);  /* the command line overrides the object */
	capture_begin();
	res_resolve(&t.ctx);
	char *err = capture_end();
	expect_text(err, "");
	free(err);
	CU_ASSERT_EQUAL(sym(&t, "n_hex")->def, LD_DEF_ABS);
	CU_ASSERT_EQUAL(sym(&t, "n_hex")->addr, 0x1000);
	CU_ASSERT_EQUAL(sym(&t, "n_k")->value, 4096);
	CU_ASSERT_EQUAL(sym(&t, "n_oct")->value, 8);
	CU_ASSERT_EQUAL(sym(&t, "n_h")->value, 16);
	CU_ASSERT_EQUAL(sym(&t, "n_m")->value, 0x10u << 20);
	struct ld_sym *y = sym(&t, "alias");
	CU_ASSERT_EQUAL(y->def, LD_DEF_LINKER);
	CU_ASSERT_EQUAL(y->value, 4);
	CU_ASSERT_STRING_EQUAL(t.ctx.syms.v[y->alias].name, "foo");
	CU_ASSERT_EQUAL(sym(&t, "back")->value, (uint64_t)-2);
	CU_ASSERT_EQUAL(sym(&t, "plain")->value, 0);
	CU_ASSERT_EQUAL(sym(&t, "plain")->alias, sym(&t, "alias")->alias);
	tb_free(&t);
}

static void test_defsym_symbol_pulls_member_and_malformed_is_error(void)
{
	struct tb t;
	tb_init(&t);
	struct ld_defsym d[] = { { "q", "baz+4" }, { "bad", "1+" }, { "bad2", "foo bar" } };
	for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++)
		LD_PUSH(t.opt.defsyms, d[i]);
	uint32_t ar = tb_archive(&t, "lib.a");
	uint32_t m = tb_object(&t, "lib.a(f.o)", text, 1);
	DEF(&t, m, "baz", 1);
	tb_armap(&t, ar, "baz", m);
	capture_begin();
	res_resolve(&t.ctx);
	char *err = capture_end();
	expect_text(err, "solder: error: --defsym bad=1+: expected a number, a symbol, or symbol+number or symbol-number\n"
	                 "solder: error: --defsym bad2=foo bar: expected a number, a symbol, or symbol+number or "
	                 "symbol-number\n");
	free(err);
	CU_ASSERT_TRUE(t.ctx.files.v[m].loaded);
	tb_free(&t);
}

/* ---- undefined symbols */

static void test_undefined_report_lists_three_places_then_a_count(void)
{
	static const char *const secs[] = { ".text.main", ".text.dead", ".debug_info", NULL };
	struct tb t;
	tb_init(&t);
	uint32_t a = tb_object(&t, "main.o", secs, 0);
	uint32_t first = REF(&t, a, "first");
	uint32_t many = REF(&t, a, "many");
	uint32_t weak = WEAKREF(&t, a, "weak");
	uint32_t dead = REF(&t, a, "dead_only");
	uint32_t i0 = t.ctx.files.v[a].first_isec;
	t.ctx.isecs.v[i0 + 2].osec = 0;  /* not in the output */
	t.ctx.isecs.v[i0 + 3].osec = 0;  /* non-alloc: counts anyway */
	t.ctx.isecs.v[i0 + 3].sh_flags = 0;
	tb_rel(&t, i0 + 1, 0x4, first);
	for (uint64_t k = 0; k < 5; k++)
		tb_rel(&t, i0 + 1, 0x10 + 4 * k, many);
	tb_rel(&t, i0 + 3, 0x20, many);
	tb_rel(&t, i0 + 1, 0x40, weak);
	tb_rel(&t, i0 + 2, 0x0, dead);
	res_resolve(&t.ctx);
	capture_begin();
	res_report_undefined(&t.ctx);
	char *err = capture_end();
	expect_text(err, "solder: error: undefined symbol: first\n>>> referenced by main.o:(.text.main+0x4)\n"
	                 "solder: error: undefined symbol: many\n>>> referenced by main.o:(.text.main+0x10)\n"
	                 ">>> referenced by main.o:(.text.main+0x14)\n>>> referenced by main.o:(.text.main+0x18)\n"
	                 ">>> referenced 3 more times\n");
	free(err);
	CU_ASSERT_EQUAL(t.ctx.errors, 2);

	t.opt.unresolved = LD_UNRES_IGNORE_ALL;
	t.ctx.errors = 0;
	capture_begin();
	res_report_undefined(&t.ctx);
	err = capture_end();
	expect_text(err, "");
	free(err);
	tb_free(&t);
}

static void test_undefined_defsym_target_is_reported(void)
{
	struct tb t;
	tb_init(&t);
	struct ld_defsym d = { "q", "nothere+4" };
	LD_PUSH(t.opt.defsyms, d);
	res_resolve(&t.ctx);
	capture_begin();
	res_report_undefined(&t.ctx);
	char *err = capture_end();
	expect_text(err, "solder: error: undefined symbol: nothere\n>>> referenced by --defsym q\n");
	free(err);
	tb_free(&t);
}

static void test_table_grows_past_many_symbols(void)
{
	struct tb t;
	tb_init(&t);
	enum { N = 200000 };
	char *names = malloc((size_t)N * 12);
	for (uint32_t i = 0; i < N; i++) {
		snprintf(names + (size_t)i * 12, 12, "s%u", i);
		CU_ASSERT_EQUAL_FATAL(res_intern(&t.ctx, names + (size_t)i * 12), i + 1);
	}
	int ok = 1;
	for (uint32_t i = 0; i < N; i++) {
		struct ld_sym *y = res_find(&t.ctx, names + (size_t)i * 12);
		ok &= y == &t.ctx.syms.v[i + 1];
	}
	CU_ASSERT_TRUE(ok);
	CU_ASSERT_PTR_NULL(res_find(&t.ctx, "s200000"));
	CU_ASSERT_EQUAL(res_intern(&t.ctx, "s17"), 18);
	tb_free(&t);
	free(names);
}

void suite_resolve(void)
{
	CU_pSuite s = CU_add_suite("resolve", NULL, NULL);
	CU_add_test(s, "strong beats earlier weak", test_strong_beats_earlier_weak);
	CU_add_test(s, "first weak wins among weaks", test_first_weak_wins_among_weaks);
	CU_add_test(s, "undefined is weak only when every reference is", test_undefined_is_weak_only_when_every_reference_is);
	CU_add_test(s, "COMMON merges largest size and alignment", test_common_merges_largest_size_and_alignment);
	CU_add_test(s, "strong definition replaces COMMON silently", test_strong_definition_replaces_common_silently);
	CU_add_test(s, "COMMON beats weak definition", test_common_beats_weak_definition);
	CU_add_test(s, "TLS and hidden flags", test_tls_and_hidden_flags);
	CU_add_test(s, "duplicate strong definitions are reported", test_duplicate_strong_definitions_are_reported);
	CU_add_test(s, "archive pulls for strong undefined only", test_archive_pulls_for_strong_undefined_only);
	CU_add_test(s, "archive is searched again for what its members need",
	            test_archive_is_searched_again_for_what_its_members_need);
	CU_add_test(s, "later reference does not reach earlier archive", test_later_reference_does_not_reach_earlier_archive);
	CU_add_test(s, "group is searched until nothing is pulled", test_group_is_searched_until_nothing_is_pulled);
	CU_add_test(s, "whole-archive members load in place", test_whole_archive_members_load_in_place);
	CU_add_test(s, "COMMON pulls member only for a real definition", test_common_pulls_member_only_for_a_real_definition);
	CU_add_test(s, "-u and entry pull members without being errors", test_u_and_entry_pull_members_without_being_errors);
	CU_add_test(s, "second COMDAT copy is dropped", test_second_comdat_copy_is_dropped);
	CU_add_test(s, "COMDAT signature of a section symbol is the section name",
	            test_comdat_signature_of_a_section_symbol_is_the_section_name);
	CU_add_test(s, "symbols in sections left out define nothing", test_symbols_in_sections_left_out_define_nothing);
	CU_add_test(s, "--wrap redirects undefined references only", test_wrap_redirects_undefined_references_only);
	CU_add_test(s, "--defsym forms", test_defsym_forms);
	CU_add_test(s, "--defsym symbol pulls member; malformed is an error",
	            test_defsym_symbol_pulls_member_and_malformed_is_error);
	CU_add_test(s, "undefined report lists three places then a count",
	            test_undefined_report_lists_three_places_then_a_count);
	CU_add_test(s, "undefined --defsym target is reported", test_undefined_defsym_target_is_reported);
	CU_add_test(s, "table grows past many symbols", test_table_grows_past_many_symbols);
}
