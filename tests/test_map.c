/*
 * test_map.c: the link map (link/map.c) on hand-built link contexts whose addresses
 * are already final: GNU ld's column layout for ELF64 and ELF32, names too long for
 * their field, *fill* between input sections, discarded sections, archive members
 * with the reference that pulled them, COMMON, and the cross reference table.
 * Each test writes the map to a temporary file and compares whole lines.
 * Reproduce a failure with `make unit`.
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../link/ld.h"

enum { SHT_PROGBITS = 1, SHT_NOBITS = 8, SHT_GROUP = 17 };
enum { SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4 };

struct fixture {
	struct ld_ctx ctx;
	struct ld_options opt;
	char path[64];
	char text[16384];       /* the map as written */
};

static void fixture_init(struct fixture *fx, uint8_t elf_class)
{
	memset(fx, 0, sizeof(*fx));
	fx->ctx.opt = &fx->opt;
	fx->ctx.lt = elf_class == 64 ? &ld_riscv64 : &ld_riscv32;
	fx->ctx.t = fx->ctx.lt->t;
	fx->ctx.elf_class = elf_class;
	fx->opt.output = "out.elf";
	LD_PUSH(fx->ctx.files, ((struct ld_file){ 0 }));
	LD_PUSH(fx->ctx.isecs, ((struct ld_isec){ 0 }));
	LD_PUSH(fx->ctx.osecs, ((struct ld_osec){ 0 }));
}

/* An object (or archive member) with nsec sections; returns its index. */
static uint32_t add_file(struct fixture *fx, const char *name, uint32_t nsec)
{
	struct ld_file f = { .path = name, .name = name, .is_object = 1, .first_isec = fx->ctx.isecs.len - 1,
	                     .nsec = nsec };
	LD_PUSH(fx->ctx.files, f);
	uint32_t fi = fx->ctx.files.len - 1;
	for (uint32_t i = 1; i < nsec; i++)
		LD_PUSH(fx->ctx.isecs, ((struct ld_isec){ .file = fi, .shndx = i, .live = 1 }));
	return fi;
}

/* Section k of file fi: an input section of osec at offset off. */
static struct ld_isec *place(struct fixture *fx, uint32_t fi, uint32_t k, const char *name, uint32_t osec,
                             uint64_t off, uint64_t size)
{
	uint32_t idx = fx->ctx.files.v[fi].first_isec + k;
	struct ld_isec *s = &fx->ctx.isecs.v[idx];
	s->name = name;
	s->sh_type = SHT_PROGBITS;
	s->sh_flags = SHF_ALLOC;
	s->size = size;
	s->off = off;
	if (osec) {
		s->osec = osec;
		LD_PUSH(fx->ctx.osecs.v[osec].isecs, idx);
	}
	return s;
}

static uint32_t add_osec(struct fixture *fx, const char *name, uint64_t flags, uint64_t addr, uint64_t size)
{
	struct ld_osec o = { .name = name, .sh_type = SHT_PROGBITS, .sh_flags = flags, .addr = addr, .lma = addr,
	                     .size = size };
	LD_PUSH(fx->ctx.osecs, o);
	return fx->ctx.osecs.len - 1;
}

/* A global defined at byte off of input section isec (address addr). */
static uint32_t add_global(struct fixture *fx, const char *name, uint32_t file, uint32_t isec, uint64_t addr)
{
	uint32_t i = res_intern(&fx->ctx, name);
	struct ld_sym *y = &fx->ctx.syms.v[i];
	y->def = LD_DEF_REGULAR;
	y->file = file;
	y->isec = isec;
	y->addr = addr;
	return i;
}

static int write_map(struct fixture *fx)
{
	strcpy(fx->path, "/tmp/solder-map-XXXXXX");
	int fd = mkstemp(fx->path);
	if (fd < 0)
		return -1;
	close(fd);
	fx->opt.map_file = fx->path;
	int rc = map_write(&fx->ctx);
	FILE *f = fopen(fx->path, "r");
	size_t n = f ? fread(fx->text, 1, sizeof(fx->text) - 1, f) : 0;
	fx->text[n] = 0;
	if (f)
		fclose(f);
	unlink(fx->path);
	return rc;
}

static void fixture_free(struct fixture *fx)
{
	for (uint32_t i = 1; i < fx->ctx.osecs.len; i++)
		LD_FREE(fx->ctx.osecs.v[i].isecs);
	LD_FREE(fx->ctx.osecs);
	for (uint32_t i = 1; i < fx->ctx.files.len; i++)
		free(fx->ctx.files.v[i].syms);
	res_free(&fx->ctx);
	LD_FREE(fx->ctx.files);
	LD_FREE(fx->ctx.isecs);
}

/* The map must hold line exactly (a whole line). */
static void expect_line_at(int line, const struct fixture *fx, const char *want)
{
	size_t n = strlen(want);
	for (const char *p = fx->text; (p = strstr(p, want)) != NULL; p++)
		if ((p == fx->text || p[-1] == '\n') && (p[n] == '\n' || p[n] == 0)) {
			CU_PASS("line found");
			return;
		}
	fprintf(stderr, "\n%s:%d: map line missing:\n  want: '%s'\n  map:\n%s\n", __FILE__, line, want, fx->text);
	CU_FAIL("map line missing");
}
#define EXPECT_LINE(fx, want) expect_line_at(__LINE__, fx, want)

static void expect_no_text_at(int line, const struct fixture *fx, const char *unwanted)
{
	if (strstr(fx->text, unwanted)) {
		fprintf(stderr, "\n%s:%d: map holds '%s':\n%s\n", __FILE__, line, unwanted, fx->text);
		CU_FAIL("unexpected text in the map");
	}
}
#define EXPECT_NO_TEXT(fx, unwanted) expect_no_text_at(__LINE__, fx, unwanted)

/* An output section, its input sections and their globals in GNU's columns (ELF64),
 * with the padding between two input sections as *fill*. */
static void test_elf64_columns_and_fill(void)
{
	struct fixture fx;
	fixture_init(&fx, 64);
	uint32_t a = add_file(&fx, "build/x/main.o", 3);
	uint32_t t = add_osec(&fx, ".text", SHF_ALLOC | SHF_EXECINSTR, 0x10120, 0x2c);
	place(&fx, a, 1, ".text.main", t, 0, 0x1c);
	place(&fx, a, 2, ".text", t, 0x20, 0xc);
	add_global(&fx, "main", a, fx.ctx.files.v[a].first_isec + 1, 0x10120);
	add_global(&fx, "helper", a, fx.ctx.files.v[a].first_isec + 2, 0x10124 + 0x20);
	add_global(&fx, "early", a, fx.ctx.files.v[a].first_isec + 2, 0x10140);
	CU_ASSERT_EQUAL(write_map(&fx), 0);
	EXPECT_LINE(&fx, "Memory Configuration");
	EXPECT_LINE(&fx, "Name             Origin             Length             Attributes");
	EXPECT_LINE(&fx, "*default*        0x0000000000000000 0xffffffffffffffff");
	EXPECT_LINE(&fx, "Linker script and memory map");
	EXPECT_LINE(&fx, "LOAD build/x/main.o");
	EXPECT_LINE(&fx, ".text           0x0000000000010120       0x2c");
	EXPECT_LINE(&fx, " .text.main     0x0000000000010120       0x1c build/x/main.o");
	EXPECT_LINE(&fx, "                0x0000000000010120                main");
	EXPECT_LINE(&fx, " *fill*         0x000000000001013c        0x4 ");
	EXPECT_LINE(&fx, " .text          0x0000000000010140        0xc build/x/main.o");
	/* by address within their section */
	CU_ASSERT_PTR_NOT_NULL(strstr(fx.text, "                0x0000000000010140                early\n"
	                                       "                0x0000000000010144                helper\n"));
	EXPECT_LINE(&fx, "OUTPUT(out.elf elf64-littleriscv)");
	EXPECT_NO_TEXT(&fx, "Archive member included");
	EXPECT_NO_TEXT(&fx, "Discarded input sections");
	EXPECT_NO_TEXT(&fx, "Cross Reference Table");
	fixture_free(&fx);
}

/* ELF32: 8 hex digits; a name of 15 or more characters stands on its own line; an
 * output section loaded elsewhere says so. */
static void test_elf32_width_long_names_and_load_address(void)
{
	struct fixture fx;
	fixture_init(&fx, 32);
	uint32_t a = add_file(&fx, "a.o", 2);
	uint32_t d = add_osec(&fx, ".data.very_long_name", SHF_ALLOC | SHF_WRITE, 0x20000000, 0x8);
	fx.ctx.osecs.v[d].lma = 0x8000100;
	place(&fx, a, 1, ".data.very_long_name", d, 0, 8);
	add_global(&fx, "table", a, fx.ctx.files.v[a].first_isec + 1, 0x20000000);
	CU_ASSERT_EQUAL(write_map(&fx), 0);
	EXPECT_LINE(&fx, "*default*        0x00000000         0xffffffff");
	EXPECT_LINE(&fx, ".data.very_long_name");
	EXPECT_LINE(&fx, "                0x20000000        0x8 load address 0x08000100");
	EXPECT_LINE(&fx, " .data.very_long_name");
	EXPECT_LINE(&fx, "                0x20000000        0x8 a.o");
	EXPECT_LINE(&fx, "                0x20000000                table");
	EXPECT_LINE(&fx, "OUTPUT(out.elf elf32-littleriscv)");
	fixture_free(&fx);
}

/* A dropped COMDAT copy and the SHT_GROUP sections are discarded; symbol tables and
 * relocation sections, which no link outputs, are not. */
static void test_discarded_sections(void)
{
	struct fixture fx;
	fixture_init(&fx, 64);
	uint32_t b = add_file(&fx, "b.o", 4);
	struct ld_isec *g = place(&fx, b, 1, ".group", 0, 0, 8);
	g->sh_type = SHT_GROUP;
	g->live = 0;
	struct ld_isec *c = place(&fx, b, 2, ".rodata.shared_table", 0, 0, 0x10);
	c->live = 0;
	struct ld_isec *r = place(&fx, b, 3, ".rela.text", 0, 0, 0x18);
	r->sh_type = 4; /* SHT_RELA */
	r->live = 0;
	CU_ASSERT_EQUAL(write_map(&fx), 0);
	EXPECT_LINE(&fx, "Discarded input sections");
	EXPECT_LINE(&fx, " .group         0x0000000000000000        0x8 b.o");
	EXPECT_LINE(&fx, " .rodata.shared_table");
	EXPECT_LINE(&fx, "                0x0000000000000000       0x10 b.o");
	EXPECT_NO_TEXT(&fx, ".rela.text");
	fixture_free(&fx);
}

/* An archive member is listed with the file whose reference pulled it and the symbol;
 * members not pulled are not listed and have no LOAD line. */
static void test_archive_member_and_reason(void)
{
	struct fixture fx;
	fixture_init(&fx, 64);
	uint32_t main_o = add_file(&fx, "main.o", 2);
	struct ld_file ar = { .path = "lib.a", .name = "lib.a", .is_archive = 1 };
	LD_PUSH(fx.ctx.files, ar);
	uint32_t ai = fx.ctx.files.len - 1;
	uint32_t x = add_file(&fx, "lib.a(x.o)", 2);
	uint32_t y = add_file(&fx, "lib.a(y.o)", 1);
	fx.ctx.files.v[x].loaded = 1;
	fx.ctx.files.v[y].is_object = 0;
	static struct ld_armap armap[2] = { { "unrelated", 3 }, { "pulled", 3 } };
	armap[0].member = armap[1].member = x;
	fx.ctx.files.v[ai].first_member = x;
	fx.ctx.files.v[ai].nmembers = 2;
	fx.ctx.files.v[ai].armap = armap;
	fx.ctx.files.v[ai].narmap = 2;
	uint32_t t = add_osec(&fx, ".text", SHF_ALLOC | SHF_EXECINSTR, 0x1000, 0x10);
	place(&fx, main_o, 1, ".text", t, 0, 8);
	place(&fx, x, 1, ".text", t, 8, 8);
	uint32_t p = add_global(&fx, "pulled", x, fx.ctx.files.v[x].first_isec + 1, 0x1008);
	fx.ctx.syms.v[p].first_ref_file = main_o;
	fx.ctx.syms.v[p].flags |= LD_SYM_REFERENCED;
	add_global(&fx, "unrelated", x, fx.ctx.files.v[x].first_isec + 1, 0x100c);
	CU_ASSERT_EQUAL(write_map(&fx), 0);
	EXPECT_LINE(&fx, "Archive member included to satisfy reference by file (symbol)");
	EXPECT_LINE(&fx, "lib.a(x.o)                    main.o (pulled)");
	EXPECT_LINE(&fx, "LOAD lib.a");
	EXPECT_LINE(&fx, " .text          0x0000000000001008        0x8 lib.a(x.o)");
	EXPECT_NO_TEXT(&fx, "y.o");
	EXPECT_NO_TEXT(&fx, "LOAD lib.a(x.o)");
	fixture_free(&fx);
}

/* COMMON symbols: the allocation table, and a COMMON input line per file. */
static void test_common_symbols(void)
{
	struct fixture fx;
	fixture_init(&fx, 64);
	uint32_t a = add_file(&fx, "a.o", 1);
	uint32_t b = add_file(&fx, "b.o", 1);
	uint32_t bss = add_osec(&fx, ".bss", SHF_ALLOC | SHF_WRITE, 0x2000, 0x18);
	fx.ctx.osecs.v[bss].sh_type = SHT_NOBITS;
	struct ld_isec common = { .name = "COMMON", .sh_type = SHT_NOBITS, .sh_flags = SHF_ALLOC | SHF_WRITE,
	                          .osec = bss, .size = 0x18, .live = 1 };
	LD_PUSH(fx.ctx.isecs, common);
	uint32_t ci = fx.ctx.isecs.len - 1;
	LD_PUSH(fx.ctx.osecs.v[bss].isecs, ci);
	uint32_t s1 = add_global(&fx, "guard", a, ci, 0x2000);
	uint32_t s2 = add_global(&fx, "counter", a, ci, 0x2004);
	uint32_t s3 = add_global(&fx, "table", b, ci, 0x2008);
	fx.ctx.syms.v[s1].size = 4;
	fx.ctx.syms.v[s2].size = 4;
	fx.ctx.syms.v[s3].size = 0x10;
	CU_ASSERT_EQUAL(write_map(&fx), 0);
	EXPECT_LINE(&fx, "Allocating common symbols");
	EXPECT_LINE(&fx, "Common symbol       size              file");
	EXPECT_LINE(&fx, "table               0x10              b.o");
	EXPECT_LINE(&fx, " COMMON         0x0000000000002000        0x8 a.o");
	EXPECT_LINE(&fx, "                0x0000000000002004                counter");
	EXPECT_LINE(&fx, " COMMON         0x0000000000002008       0x10 b.o");
	fixture_free(&fx);
}

/* --cref: each global by name, its defining file first, then the files that list it,
 * latest first; linker-defined symbols only have referrers. Linker-defined symbols
 * are assignment lines in the memory map. */
static void test_cross_reference_table(void)
{
	struct fixture fx;
	fixture_init(&fx, 64);
	fx.opt.cref = 1;
	uint32_t a = add_file(&fx, "a.o", 2);
	uint32_t b = add_file(&fx, "b.o", 1);
	uint32_t c = add_file(&fx, "c.o", 1);
	uint32_t t = add_osec(&fx, ".text", SHF_ALLOC | SHF_EXECINSTR, 0x1000, 4);
	place(&fx, a, 1, ".text", t, 0, 4);
	uint32_t foo = add_global(&fx, "foo", a, fx.ctx.files.v[a].first_isec + 1, 0x1000);
	uint32_t end = res_intern(&fx.ctx, "_end");
	fx.ctx.syms.v[end].def = LD_DEF_LINKER;
	fx.ctx.syms.v[end].addr = 0x1004;
	fx.ctx.syms.v[foo].fsym = 1;
	/* a.o defines foo; b.o and c.o refer to it; c.o refers to _end */
	struct ld_fsym *sa = calloc(2, sizeof(*sa));
	struct ld_fsym *sb = calloc(2, sizeof(*sb));
	struct ld_fsym *sc = calloc(3, sizeof(*sc));
	sa[1] = (struct ld_fsym){ .name = "foo", .shndx = 1, .bind = 1, .global = foo };
	sb[1] = (struct ld_fsym){ .name = "foo", .bind = 1, .global = foo };
	sc[1] = (struct ld_fsym){ .name = "foo", .bind = 1, .global = foo };
	sc[2] = (struct ld_fsym){ .name = "_end", .bind = 1, .global = end };
	fx.ctx.files.v[a].syms = sa, fx.ctx.files.v[a].nsyms = 2, fx.ctx.files.v[a].first_global = 1;
	fx.ctx.files.v[b].syms = sb, fx.ctx.files.v[b].nsyms = 2, fx.ctx.files.v[b].first_global = 1;
	fx.ctx.files.v[c].syms = sc, fx.ctx.files.v[c].nsyms = 3, fx.ctx.files.v[c].first_global = 1;
	CU_ASSERT_EQUAL(write_map(&fx), 0);
	EXPECT_LINE(&fx, "                0x0000000000001004                _end");
	CU_ASSERT_PTR_NOT_NULL(strstr(fx.text,
		"Cross Reference Table\n\n"
		"Symbol                                            File\n"
		"_end                                              c.o\n"
		"foo                                               a.o\n"
		"                                                  c.o\n"
		"                                                  b.o\n"));
	fixture_free(&fx);
}

/* A map file that cannot be created is an error naming it. */
static void test_unopenable_map_is_an_error(void)
{
	struct fixture fx;
	fixture_init(&fx, 64);
	fx.opt.map_file = "/nonexistent-dir/solder/x.map";
	CU_ASSERT_EQUAL(map_write(&fx.ctx), -1);
	CU_ASSERT_EQUAL(fx.ctx.errors, 1);
	fixture_free(&fx);
}

void suite_map(void)
{
	CU_pSuite s = CU_add_suite("map", NULL, NULL);
	CU_add_test(s, "ELF64 columns and *fill*", test_elf64_columns_and_fill);
	CU_add_test(s, "ELF32 width, long names, load address", test_elf32_width_long_names_and_load_address);
	CU_add_test(s, "discarded sections", test_discarded_sections);
	CU_add_test(s, "archive member and the reference that pulled it", test_archive_member_and_reason);
	CU_add_test(s, "COMMON symbols", test_common_symbols);
	CU_add_test(s, "cross reference table", test_cross_reference_table);
	CU_add_test(s, "unopenable map file is an error", test_unopenable_map_is_an_error);
}
