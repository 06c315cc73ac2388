/*
 * test_input.c: link/input.c on hand-made objects and archives written to a temporary
 * directory: what a good object parses into (sections, symbols, sorted relocations,
 * groups, extended numbering, REL addends), how GNU, BSD and thin archives are
 * indexed, and that each kind of corrupt input is one error that leaves the file out.
 * Reproduce a failure with `make unit`.
 */
#define _GNU_SOURCE /* mkdtemp, memmem */

#include <CUnit/CUnit.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../link/ld.h"

/* ---- a growable byte buffer */

struct tbuf {
	uint8_t *p;
	size_t len, cap;
};

static void put(struct tbuf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 64;
		b->p = realloc(b->p, b->cap);
	}
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
}
static void put_le(struct tbuf *b, uint64_t v, int n)
{
	for (int i = 0; i < n; i++) {
		uint8_t c = (uint8_t)(v >> (8 * i));
		put(b, &c, 1);
	}
}
static void put_be32(struct tbuf *b, uint32_t v)
{
	uint8_t c[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
	put(b, c, 4);
}
static void pad_to(struct tbuf *b, size_t align)
{
	while (b->len % align)
		put(b, "", 1);
}
static void set_le(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* ---- a hand-made relocatable object: sections 1..n as given, then .shstrtab */

struct tsec {
	const char *name;
	uint32_t type;
	uint64_t flags;
	uint32_t link, info;
	uint64_t align, entsize;
	const void *data;
	size_t size;
};

struct tobj {
	int is64;
	uint16_t machine;
	uint16_t e_type;
	struct tsec sec[16];
	int nsec;           /* sections given, not counting 0 and .shstrtab */
	int extended;       /* write e_shnum = 0 and e_shstrndx = SHN_XINDEX */
};

/* Appends a section and returns its index. */
static uint32_t add_sec(struct tobj *o, struct tsec s)
{
	o->sec[o->nsec++] = s;
	return (uint32_t)o->nsec;
}

/* Offsets of things in the built file, for tests that corrupt them. */
struct tlayout {
	size_t shoff;
	size_t sec_off[18];
};

static void build(const struct tobj *o, struct tbuf *b, struct tlayout *lay)
{
	int is64 = o->is64;
	size_t ehsize = is64 ? 64 : 52, shentsize = is64 ? 64 : 40;
	uint32_t shnum = (uint32_t)o->nsec + 2, shstrndx = shnum - 1;
	struct tbuf names = { 0 };
	uint32_t name_off[18];
	put(&names, "", 1);
	for (int i = 0; i < o->nsec; i++) {
		name_off[i + 1] = (uint32_t)names.len;
		put(&names, o->sec[i].name, strlen(o->sec[i].name) + 1);
	}
	name_off[shstrndx] = (uint32_t)names.len;
	put(&names, ".shstrtab", 10);

	b->len = 0;
	uint8_t zero[64] = { 0 };
	put(b, zero, ehsize);
	size_t off[18] = { 0 };
	for (int i = 0; i < o->nsec; i++) {
		pad_to(b, 8);
		off[i + 1] = b->len;
		if (o->sec[i].type != SHT_NOBITS)
			put(b, o->sec[i].data, o->sec[i].size);
	}
	off[shstrndx] = b->len;
	put(b, names.p, names.len);
	pad_to(b, 8);
	size_t shoff = b->len;
	for (uint32_t i = 0; i < shnum; i++) {
		struct tsec s = { 0 };
		if (i >= 1 && i <= (uint32_t)o->nsec)
			s = o->sec[i - 1];
		if (i == shstrndx)
			s = (struct tsec){ .type = SHT_STRTAB, .size = names.len, .align = 1 };
		uint32_t nm = i ? name_off[i] : 0;
		uint64_t size = s.size, link = s.link;
		if (i == 0 && o->extended) {
			size = shnum;
			link = shstrndx;
		}
		put_le(b, nm, 4);
		put_le(b, s.type, 4);
		if (is64) {
			put_le(b, s.flags, 8);
			put_le(b, 0, 8);
			put_le(b, off[i], 8);
			put_le(b, size, 8);
			put_le(b, link, 4);
			put_le(b, s.info, 4);
			put_le(b, s.align, 8);
			put_le(b, s.entsize, 8);
		} else {
			put_le(b, s.flags, 4);
			put_le(b, 0, 4);
			put_le(b, off[i], 4);
			put_le(b, size, 4);
			put_le(b, link, 4);
			put_le(b, s.info, 4);
			put_le(b, s.align, 4);
			put_le(b, s.entsize, 4);
		}
	}
	uint8_t *h = b->p;
	memcpy(h, ELFMAG, SELFMAG);
	h[EI_CLASS] = is64 ? ELFCLASS64 : ELFCLASS32;
	h[EI_DATA] = ELFDATA2LSB;
	h[EI_VERSION] = EV_CURRENT;
	set_le(h + 16, o->e_type ? o->e_type : ET_REL, 2);
	set_le(h + 18, o->machine, 2);
	set_le(h + 20, EV_CURRENT, 4);
	uint32_t e_shnum = o->extended ? 0 : shnum, e_shstrndx = o->extended ? SHN_XINDEX : shstrndx;
	if (is64) {
		set_le(h + 40, shoff, 8);
		set_le(h + 52, ehsize, 2);
		set_le(h + 58, shentsize, 2);
		set_le(h + 60, e_shnum, 2);
		set_le(h + 62, e_shstrndx, 2);
	} else {
		set_le(h + 32, shoff, 4);
		set_le(h + 40, ehsize, 2);
		set_le(h + 46, shentsize, 2);
		set_le(h + 48, e_shnum, 2);
		set_le(h + 50, e_shstrndx, 2);
	}
	if (lay) {
		lay->shoff = shoff;
		memcpy(lay->sec_off, off, sizeof(off));
	}
	free(names.p);
}

/* Symbol and relocation entries, either class. */
static void sym(struct tbuf *b, int is64, uint32_t name, uint8_t bind, uint8_t type, uint16_t shndx, uint64_t value,
                uint64_t size)
{
	if (is64) {
		put_le(b, name, 4);
		put_le(b, (uint64_t)(bind << 4 | type), 1);
		put_le(b, 0, 1);
		put_le(b, shndx, 2);
		put_le(b, value, 8);
		put_le(b, size, 8);
	} else {
		put_le(b, name, 4);
		put_le(b, value, 4);
		put_le(b, size, 4);
		put_le(b, (uint64_t)(bind << 4 | type), 1);
		put_le(b, 0, 1);
		put_le(b, shndx, 2);
	}
}
static void rela64(struct tbuf *b, uint64_t off, uint32_t s, uint32_t type, int64_t addend)
{
	put_le(b, off, 8);
	put_le(b, (uint64_t)s << 32 | type, 8);
	put_le(b, (uint64_t)addend, 8);
}

/* The standard riscv64 object:
 *   1 .text (16 bytes)  2 .rela.text  3 .data  4 .bss  5 .symtab  6 .strtab
 *   7 .note.GNU-stack   8 .shstrtab
 * Symbols: 0, 1 section .text, 2 local_fn (local), 3 main (global, .text), 4 ext (undef).
 * Relocations out of order: at 8 against ext, then at 0 against main. */
static const char std_strtab[] = "\0local_fn\0main\0ext\0";
enum { STR_LOCAL_FN = 1, STR_MAIN = 10, STR_EXT = 15 };
static const uint8_t std_text[16] = { 0x13, 0, 0, 0, 0x13, 0, 0, 0, 0x97, 0, 0, 0, 0xe7, 0x80, 0, 0 };

struct stdparts {
	struct tbuf syms, rels;
};

static void std_obj(struct tobj *o, struct stdparts *p, uint32_t rel_sym)
{
	memset(o, 0, sizeof(*o));
	memset(p, 0, sizeof(*p));
	o->is64 = 1;
	o->machine = EM_RISCV;
	sym(&p->syms, 1, 0, 0, 0, 0, 0, 0);
	sym(&p->syms, 1, 0, STB_LOCAL, STT_SECTION, 1, 0, 0);
	sym(&p->syms, 1, STR_LOCAL_FN, STB_LOCAL, STT_FUNC, 1, 4, 4);
	sym(&p->syms, 1, STR_MAIN, STB_GLOBAL, STT_FUNC, 1, 0, 16);
	sym(&p->syms, 1, STR_EXT, STB_GLOBAL, STT_NOTYPE, SHN_UNDEF, 0, 0);
	rela64(&p->rels, 8, rel_sym, 19 /* R_RISCV_CALL_PLT */, 0);
	rela64(&p->rels, 8, 0, 51 /* R_RISCV_RELAX */, 0);
	rela64(&p->rels, 0, 3, 2 /* R_RISCV_64 */, -5);
	add_sec(o, (struct tsec){ ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 0, 0, 4, 0, std_text, 16 });
	add_sec(o, (struct tsec){ ".rela.text", SHT_RELA, SHF_INFO_LINK, 5, 1, 8, 24, p->rels.p, p->rels.len });
	add_sec(o, (struct tsec){ ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 0, 0, 8, 0, "abcdefgh", 8 });
	add_sec(o, (struct tsec){ ".bss", SHT_NOBITS, SHF_ALLOC | SHF_WRITE, 0, 0, 0, 0, NULL, 32 });
	add_sec(o, (struct tsec){ ".symtab", SHT_SYMTAB, 0, 6, 3, 8, 24, p->syms.p, p->syms.len });
	add_sec(o, (struct tsec){ ".strtab", SHT_STRTAB, 0, 0, 0, 1, 0, std_strtab, sizeof(std_strtab) });
	add_sec(o, (struct tsec){ ".note.GNU-stack", SHT_PROGBITS, 0, 0, 0, 1, 0, "", 0 });
}
static void std_free(struct stdparts *p)
{
	free(p->syms.p);
	free(p->rels.p);
}

/* ---- files and links */

static char tmpdir[64];

static const char *tpath(const char *name)
{
	static char paths[8][256];
	static int next;
	char *p = paths[next++ % 8];
	snprintf(p, 256, "%s/%s", tmpdir, name);
	return p;
}

static void write_file(const char *name, const void *p, size_t n)
{
	FILE *f = fopen(tpath(name), "wb");
	CU_ASSERT_FATAL(f != NULL);
	if (n)
		fwrite(p, 1, n, f);
	fclose(f);
}

static void write_obj(const char *name, const struct tobj *o)
{
	struct tbuf b = { 0 };
	build(o, &b, NULL);
	write_file(name, b.p, b.len);
	free(b.p);
}

struct tlink {
	struct ld_options opt;
	struct ld_ctx ctx;
};

static void tl_init(struct tlink *l)
{
	memset(l, 0, sizeof(*l));
	l->ctx.opt = &l->opt;
	l->opt.relax = 1;
}
static void tl_add(struct tlink *l, enum ld_input_kind kind, const char *arg)
{
	LD_PUSH(l->opt.inputs, ((struct ld_input){ .kind = kind, .arg = arg }));
}
/* Adds the temporary file `name` (paths are kept in a small static ring). */
static void tl_file(struct tlink *l, const char *name)
{
	tl_add(l, LD_IN_FILE, strdup(tpath(name)));
}
static void tl_free(struct tlink *l)
{
	in_free(&l->ctx);
	for (uint32_t i = 0; i < l->opt.inputs.len; i++)
		if (l->opt.inputs.v[i].kind == LD_IN_FILE)
			free((char *)l->opt.inputs.v[i].arg);
	LD_FREE(l->opt.inputs);
	LD_FREE(l->opt.lib_dirs);
}

#define EXPECT_ERRORS(l, n) do { \
	if ((l)->ctx.errors != (uint32_t)(n)) \
		fprintf(stderr, "\n    %s:%d: expected %u errors, got %u [reproduce: make unit]\n", __FILE__, __LINE__, \
		        (unsigned)(n), (l)->ctx.errors); \
	CU_ASSERT_EQUAL((l)->ctx.errors, (uint32_t)(n)); \
} while (0)

static const struct ld_isec *isec_of(struct tlink *l, uint32_t file, uint32_t i)
{
	const struct ld_file *f = &l->ctx.files.v[file];
	return &l->ctx.isecs.v[f->first_isec + i];
}

/* ---- good objects */

static void test_object_sections_symbols_relocations(void)
{
	struct tobj o;
	struct stdparts p;
	std_obj(&o, &p, 4);
	write_obj("std.o", &o);
	struct tlink l;
	tl_init(&l);
	tl_file(&l, "std.o");
	in_read_inputs(&l.ctx);
	EXPECT_ERRORS(&l, 0);
	CU_ASSERT_EQUAL_FATAL(l.ctx.files.len, 2);
	const struct ld_file *f = &l.ctx.files.v[1];
	CU_ASSERT(f->is_object);
	CU_ASSERT_EQUAL(f->nsec, 9);
	CU_ASSERT_EQUAL(f->elf_class, 64);
	CU_ASSERT_EQUAL(l.ctx.isecs.len, f->first_isec + 9);
	CU_ASSERT_PTR_EQUAL(l.ctx.lt, &ld_riscv64);
	CU_ASSERT_EQUAL(l.ctx.elf_class, 64);
	CU_ASSERT_EQUAL(l.ctx.page_size, l.ctx.t->page_size);

	const struct ld_isec *text = isec_of(&l, 1, 1);
	CU_ASSERT_STRING_EQUAL(text->name, ".text");
	CU_ASSERT_EQUAL(text->shndx, 1);
	CU_ASSERT_EQUAL(text->file, 1);
	CU_ASSERT_EQUAL(text->size, 16);
	CU_ASSERT_EQUAL(text->sh_addralign, 4);
	CU_ASSERT(text->live);
	CU_ASSERT(text->data && !memcmp(text->data, std_text, 16));
	CU_ASSERT(isec_of(&l, 1, 4)->data == NULL);        /* .bss */
	CU_ASSERT_EQUAL(isec_of(&l, 1, 4)->sh_addralign, 1); /* 0 -> 1 */
	CU_ASSERT(isec_of(&l, 1, 4)->live);
	CU_ASSERT(isec_of(&l, 1, 3)->live);
	CU_ASSERT(!isec_of(&l, 1, 2)->live); /* .rela.text */
	CU_ASSERT(!isec_of(&l, 1, 5)->live); /* .symtab */
	CU_ASSERT(!isec_of(&l, 1, 6)->live); /* .strtab */
	CU_ASSERT(!isec_of(&l, 1, 7)->live); /* .note.GNU-stack */
	CU_ASSERT(!isec_of(&l, 1, 8)->live); /* .shstrtab */

	CU_ASSERT_EQUAL_FATAL(f->nsyms, 5);
	CU_ASSERT_EQUAL(f->first_global, 3);
	CU_ASSERT_STRING_EQUAL(f->syms[2].name, "local_fn");
	CU_ASSERT_EQUAL(f->syms[2].value, 4);
	CU_ASSERT_EQUAL(f->syms[2].bind, STB_LOCAL);
	CU_ASSERT_STRING_EQUAL(f->syms[3].name, "main");
	CU_ASSERT_EQUAL(f->syms[3].shndx, 1);
	CU_ASSERT_EQUAL(f->syms[3].size, 16);
	CU_ASSERT_EQUAL(f->syms[3].type, STT_FUNC);
	CU_ASSERT_EQUAL(f->syms[4].shndx, SHN_UNDEF);
	CU_ASSERT_STRING_EQUAL(f->syms[1].name, "");

	/* Sorted by offset, stable: CALL_PLT stays before its RELAX. */
	CU_ASSERT_EQUAL_FATAL(text->nrels, 3);
	CU_ASSERT_EQUAL(text->rels[0].offset, 0);
	CU_ASSERT_EQUAL(text->rels[0].addend, -5);
	CU_ASSERT_EQUAL(text->rels[0].sym, 3);
	CU_ASSERT_EQUAL(text->rels[1].offset, 8);
	CU_ASSERT_EQUAL(text->rels[1].type, 19);
	CU_ASSERT_EQUAL(text->rels[1].sym, 4);
	CU_ASSERT_EQUAL(text->rels[2].type, 51);
	tl_free(&l);
	std_free(&p);
}

/* i386 uses SHT_REL: the addend is read from the place. */
static void test_elf32_rel_addend_from_place(void)
{
	struct tobj o = { .is64 = 0, .machine = EM_386 };
	uint8_t text[8] = { 0xe8, 0xfc, 0xff, 0xff, 0xff, 0x10, 0, 0 };
	struct tbuf syms = { 0 }, rels = { 0 };
	sym(&syms, 0, 0, 0, 0, 0, 0, 0);
	sym(&syms, 0, 1, STB_GLOBAL, STT_NOTYPE, SHN_UNDEF, 0, 0);
	put_le(&rels, 1, 4);
	put_le(&rels, 1 << 8 | 2 /* R_386_PC32 */, 4);
	add_sec(&o, (struct tsec){ ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 0, 0, 1, 0, text, 8 });
	add_sec(&o, (struct tsec){ ".rel.text", SHT_REL, 0, 3, 1, 4, 8, rels.p, rels.len });
	add_sec(&o, (struct tsec){ ".symtab", SHT_SYMTAB, 0, 4, 1, 4, 16, syms.p, syms.len });
	add_sec(&o, (struct tsec){ ".strtab", SHT_STRTAB, 0, 0, 0, 1, 0, "\0f\0", 3 });
	write_obj("i386.o", &o);
	struct tlink l;
	tl_init(&l);
	tl_file(&l, "i386.o");
	in_read_inputs(&l.ctx);
	EXPECT_ERRORS(&l, 0);
	CU_ASSERT_PTR_EQUAL(l.ctx.lt, &ld_i386);
	CU_ASSERT_EQUAL(l.ctx.elf_class, 32);
	const struct ld_isec *t = isec_of(&l, 1, 1);
	CU_ASSERT_EQUAL_FATAL(t->nrels, 1);
	CU_ASSERT_EQUAL(t->rels[0].offset, 1);
	CU_ASSERT_EQUAL(t->rels[0].type, 2);
	CU_ASSERT_EQUAL(t->rels[0].sym, 1);
	CU_ASSERT_EQUAL(t->rels[0].addend, -4);
	CU_ASSERT_STRING_EQUAL(l.ctx.files.v[1].syms[1].name, "f");
	tl_free(&l);
	free(syms.p);
	free(rels.p);
}

/* e_shnum = 0 and e_shstrndx = SHN_XINDEX: the counts come from section 0. */
static void test_extended_section_numbering(void)
{
	struct tobj o;
	struct stdparts p;
	std_obj(&o, &p, 4);
	o.extended = 1;
	write_obj("ext.o", &o);
	struct tlink l;
	tl_init(&l);
	tl_file(&l, "ext.o");
	in_read_inputs(&l.ctx);
	EXPECT_ERRORS(&l, 0);
	CU_ASSERT_EQUAL(l.ctx.files.v[1].nsec, 9);
	CU_ASSERT_STRING_EQUAL(isec_of(&l, 1, 3)->name, ".data");
	tl_free(&l);
	std_free(&p);
}

/* A COMDAT group: its members point at the group section; the group is not output. */
static void test_group_members_point_at_group(void)
{
	struct tobj o;
	struct stdparts p;
	std_obj(&o, &p, 4);
	uint32_t words[3] = { GRP_COMDAT, 1, 3 };
	uint32_t g = add_sec(&o, (struct tsec){ ".group", SHT_GROUP, 0, 5, 3, 4, 4, words, sizeof(words) });
	write_obj("grp.o", &o);
	struct tlink l;
	tl_init(&l);
	tl_file(&l, "grp.o");
	in_read_inputs(&l.ctx);
	EXPECT_ERRORS(&l, 0);
	uint32_t gidx = l.ctx.files.v[1].first_isec + g;
	CU_ASSERT(!isec_of(&l, 1, g)->live);
	CU_ASSERT_EQUAL(isec_of(&l, 1, 1)->group, gidx);
	CU_ASSERT_EQUAL(isec_of(&l, 1, 3)->group, gidx);
	CU_ASSERT_EQUAL(isec_of(&l, 1, 4)->group, 0);
	tl_free(&l);

	words[2] = 40;
	write_obj("grp.o", &o);
	tl_init(&l);
	tl_file(&l, "grp.o");
	in_read_inputs(&l.ctx);
	EXPECT_ERRORS(&l, 1);
	CU_ASSERT(!l.ctx.files.v[1].is_object);
	tl_free(&l);
	std_free(&p);
}

/* ---- corrupt objects: one error each, the file is left out */

static void expect_one_error(const char *name, const void *p, size_t n)
{
	write_file(name, p, n);
	struct tlink l;
	tl_init(&l);
	tl_file(&l, name);
	in_read_inputs(&l.ctx);
	EXPECT_ERRORS(&l, 1);
	if (l.ctx.files.len > 1)
		CU_ASSERT(!l.ctx.files.v[1].is_object);
	CU_ASSERT(l.ctx.isecs.len <= 1);
	tl_free(&l);
}

static void test_truncated_file(void)
{
	struct tobj o;
	struct stdparts p;
	std_obj(&o, &p, 4);
	struct tbuf b = { 0 };
	build(&o, &b, NULL);
	expect_one_error("trunc.o", b.p, 40);
	expect_one_error("trunc.o", b.p, b.len - 1);
	expect_one_error("empty.o", b.p, 0);
	free(b.p);
	std_free(&p);
}

static void test_bad_e_shoff(void)
{
	struct tobj o;
	struct stdparts p;
	std_obj(&o, &p, 4);
	struct tbuf b = { 0 };
	build(&o, &b, NULL);
	set_le(b.p + 40, b.len - 64, 8);
	expect_one_error("shoff.o", b.p, b.len);
	set_le(b.p + 40, UINT64_MAX - 8, 8);
	expect_one_error("shoff.o", b.p, b.len);
	free(b.p);
	std_free(&p);
}

static void test_section_name_outside_strtab(void)
{
	struct tobj o;
	struct stdparts p;
	std_obj(&o, &p, 4);
	struct tbuf b = { 0 };
	struct tlayout lay;
	build(&o, &b, &lay);
	set_le(b.p + lay.shoff + 3 * 64, 0x10000, 4); /* .data's sh_name */
	expect_one_error("shname.o", b.p, b.len);
	free(b.p);
	std_free(&p);
}

static void test_section_data_past_end(void)
{
	struct tobj o;
	struct stdparts p;
	std_obj(&o, &p, 4);
	struct tbuf b = { 0 };
	struct tlayout lay;
	build(&o, &b, &lay);
	set_le(b.p + lay.shoff + 1 * 64 + 32, 0x100000, 8); /* .text's sh_size */
	expect_one_error("secsize.o", b.p, b.len);
	free(b.p);
	std_free(&p);
}

static void test_reloc_symbol_out_of_range(void)
{
	struct tobj o;
	struct stdparts p;
	std_obj(&o, &p, 99);
	struct tbuf b = { 0 };
	build(&o, &b, NULL);
	expect_one_error("relsym.o", b.p, b.len);
	free(b.p);
	std_free(&p);
}

static void test_reloc_offset_past_section(void)
{
	struct tobj o;
	struct stdparts p;
	std_obj(&o, &p, 4);
	set_le(p.rels.p, 16, 8);
	struct tbuf b = { 0 };
	build(&o, &b, NULL);
	expect_one_error("reloff.o", b.p, b.len);
	free(b.p);
	std_free(&p);
}

static void test_symbol_bad_section_index(void)
{
	struct tobj o;
	struct stdparts p;
	std_obj(&o, &p, 4);
	set_le(p.syms.p + 3 * 24 + 6, 30, 2); /* main's st_shndx */
	struct tbuf b = { 0 };
	build(&o, &b, NULL);
	expect_one_error("symsec.o", b.p, b.len);
	set_le(p.syms.p + 3 * 24 + 6, 3, 2);
	set_le(p.syms.p + 3 * 24, 500, 4); /* main's st_name */
	build(&o, &b, NULL);
	expect_one_error("symname.o", b.p, b.len);
	free(b.p);
	std_free(&p);
}

static void test_lto_object_rejected(void)
{
	struct tobj o;
	struct stdparts p;
	std_obj(&o, &p, 4);
	static const char strtab[] = "\0local_fn\0main\0__gnu_lto_slim\0";
	o.sec[5].data = strtab;
	o.sec[5].size = sizeof(strtab);
	struct tbuf b = { 0 };
	build(&o, &b, NULL);
	expect_one_error("lto.o", b.p, b.len);
	free(b.p);
	std_free(&p);
}

static void test_incompatible_machine(void)
{
	struct tobj o;
	struct stdparts p;
	std_obj(&o, &p, 4);
	write_obj("rv.o", &o);
	o.machine = EM_X86_64;
	write_obj("x64.o", &o);
	struct tlink l;
	tl_init(&l);
	tl_file(&l, "rv.o");
	tl_file(&l, "x64.o");
	in_read_inputs(&l.ctx);
	EXPECT_ERRORS(&l, 1);
	CU_ASSERT_PTR_EQUAL(l.ctx.lt, &ld_riscv64);
	CU_ASSERT(l.ctx.files.v[1].is_object);
	CU_ASSERT(!l.ctx.files.v[2].is_object);
	tl_free(&l);

	/* -m elf64lriscv and an x86_64 object */
	tl_init(&l);
	l.opt.target = &ld_riscv64;
	tl_file(&l, "x64.o");
	in_read_inputs(&l.ctx);
	EXPECT_ERRORS(&l, 1);
	tl_free(&l);
	std_free(&p);
}

/* ---- archives */

/* One member: a 60-byte header with the given name field, the data, a pad byte. */
static size_t ar_member(struct tbuf *b, const char *name_field, const void *data, size_t n, int store)
{
	size_t at = b->len;
	char h[61];
	snprintf(h, sizeof(h), "%-16s%-12s%-6s%-6s%-8s%-10zu`\n", name_field, "0", "0", "0", "644", n);
	put(b, h, 60);
	if (store) {
		put(b, data, n);
		if (n & 1)
			put(b, "\n", 1);
	}
	return at;
}

/* Two objects: one defines main, the other help (same shape, another name). */
static void two_objects(struct tbuf *a, struct tbuf *b)
{
	static const char strtab2[] = "\0local_fn\0help\0ext\0";
	struct tobj o;
	struct stdparts p;
	std_obj(&o, &p, 4);
	build(&o, a, NULL);
	o.sec[5].data = strtab2;
	build(&o, b, NULL);
	std_free(&p);
}

static const char long_name[] = "averyveryverylongname.o";

/* A GNU archive: "/" symbol table, "//" long names, a short and a long member. */
static void gnu_archive(struct tbuf *ar, int with_symtab)
{
	struct tbuf m1 = { 0 }, m2 = { 0 };
	two_objects(&m1, &m2);
	char longnames[64];
	snprintf(longnames, sizeof(longnames), "%s/\n", long_name);
	static const char names[] = "main\0help";
	size_t symtab_size = 4 + 2 * 4 + sizeof(names);
	ar->len = 0;
	put(ar, "!<arch>\n", 8);
	size_t st = 0;
	if (with_symtab) {
		struct tbuf t = { 0 };
		put_be32(&t, 2);
		put_be32(&t, 0);
		put_be32(&t, 0);
		put(&t, names, sizeof(names));
		CU_ASSERT_EQUAL(t.len, symtab_size);
		st = ar_member(ar, "/", t.p, t.len, 1);
		free(t.p);
	}
	ar_member(ar, "//", longnames, strlen(longnames), 1);
	size_t h1 = ar_member(ar, "short.o/", m1.p, m1.len, 1);
	size_t h2 = ar_member(ar, "/0", m2.p, m2.len, 1);
	if (with_symtab) {
		uint8_t *off = ar->p + st + 60 + 4;
		uint8_t be1[4] = { (uint8_t)(h1 >> 24), (uint8_t)(h1 >> 16), (uint8_t)(h1 >> 8), (uint8_t)h1 };
		uint8_t be2[4] = { (uint8_t)(h2 >> 24), (uint8_t)(h2 >> 16), (uint8_t)(h2 >> 8), (uint8_t)h2 };
		memcpy(off, be1, 4);
		memcpy(off + 4, be2, 4);
	}
	free(m1.p);
	free(m2.p);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

/* Checks an archive read as files[1] with members short.o (main) and the long one
 * (help), then pulls the second. */
static void check_two_members(struct tlink *l)
{
	CU_ASSERT_EQUAL_FATAL(l->ctx.files.len, 4);
	const struct ld_file *a = &l->ctx.files.v[1];
	CU_ASSERT(a->is_archive);
	CU_ASSERT_EQUAL(a->first_member, 2);
	CU_ASSERT_EQUAL(a->nmembers, 2);
	CU_ASSERT(ends_with(l->ctx.files.v[2].name, ".a(short.o)"));
	CU_ASSERT(ends_with(l->ctx.files.v[3].name, ".a(averyveryverylongname.o)"));
	CU_ASSERT_PTR_EQUAL(l->ctx.files.v[3].path, a->path);
	CU_ASSERT(!l->ctx.files.v[3].loaded);
	CU_ASSERT(!l->ctx.files.v[3].is_object);
	uint32_t main_at = 0, help_at = 0;
	for (uint32_t i = 0; i < a->narmap; i++) {
		if (!strcmp(a->armap[i].name, "main"))
			main_at = a->armap[i].member;
		if (!strcmp(a->armap[i].name, "help"))
			help_at = a->armap[i].member;
		CU_ASSERT(strcmp(a->armap[i].name, "ext") && strcmp(a->armap[i].name, "local_fn"));
	}
	CU_ASSERT_EQUAL(main_at, 2);
	CU_ASSERT_EQUAL(help_at, 3);
	CU_ASSERT_EQUAL(in_load_member(&l->ctx, 3), 0);
	const struct ld_file *m = &l->ctx.files.v[3];
	CU_ASSERT(m->loaded && m->is_object);
	CU_ASSERT_EQUAL_FATAL(m->nsyms, 5);
	CU_ASSERT_STRING_EQUAL(m->syms[3].name, "help");
	CU_ASSERT_EQUAL(isec_of(l, 3, 1)->nrels, 3);
	CU_ASSERT(!l->ctx.files.v[2].loaded);
}

static void test_gnu_archive_symtab_and_long_names(void)
{
	struct tbuf ar = { 0 };
	gnu_archive(&ar, 1);
	write_file("gnu.a", ar.p, ar.len);
	struct tlink l;
	tl_init(&l);
	tl_file(&l, "gnu.a");
	in_read_inputs(&l.ctx);
	EXPECT_ERRORS(&l, 0);
	CU_ASSERT_EQUAL(l.ctx.files.v[1].narmap, 2);
	check_two_members(&l);
	EXPECT_ERRORS(&l, 0);
	tl_free(&l);
	free(ar.p);
}

/* No symbol table: the index is built from the members' global definitions. */
static void test_archive_without_symtab_is_indexed(void)
{
	struct tbuf ar = { 0 };
	gnu_archive(&ar, 0);
	write_file("nosym.a", ar.p, ar.len);
	struct tlink l;
	tl_init(&l);
	tl_file(&l, "nosym.a");
	in_read_inputs(&l.ctx);
	EXPECT_ERRORS(&l, 0);
	CU_ASSERT_EQUAL(l.ctx.files.v[1].narmap, 2);
	check_two_members(&l);
	tl_free(&l);
	free(ar.p);
}

static void test_archive_bad_member_size(void)
{
	struct tbuf ar = { 0 };
	gnu_archive(&ar, 1);
	/* the third header ("short.o/"): find it by name */
	uint8_t *h = memmem(ar.p, ar.len, "short.o/", 8);
	CU_ASSERT_FATAL(h != NULL);
	memcpy(h + 48, "12x4      ", 10);
	expect_one_error("badsize.a", ar.p, ar.len);
	memcpy(h + 48, "99999999  ", 10);
	expect_one_error("bigsize.a", ar.p, ar.len);
	memcpy(h + 58, "x\n", 2);
	expect_one_error("badfmag.a", ar.p, ar.len);
	free(ar.p);
}

/* BSD: "#1/len" names before the data, "__.SYMDEF SORTED" with ranlib structs. */
static void test_bsd_archive(void)
{
	struct tbuf m1 = { 0 }, m2 = { 0 }, ar = { 0 }, t = { 0 };
	two_objects(&m1, &m2);
	static const char strs[] = "main\0help\0";
	put_le(&t, 16, 4);
	put_le(&t, 0, 4);
	put_le(&t, 0, 4); /* patched: header of member 1 */
	put_le(&t, 5, 4);
	put_le(&t, 0, 4); /* patched: header of member 2 */
	put_le(&t, sizeof(strs), 4);
	put(&t, strs, sizeof(strs));
	put(&ar, "!<arch>\n", 8);
	char name[32] = "__.SYMDEF SORTED";  /* padded to 20 with NULs */
	struct tbuf data = { 0 };
	put(&data, name, 20);
	put(&data, t.p, t.len);
	size_t st = ar_member(&ar, "#1/20", data.p, data.len, 1);
	data.len = 0;
	put(&data, "short.o\0", 8);
	put(&data, m1.p, m1.len);
	size_t h1 = ar_member(&ar, "#1/8", data.p, data.len, 1);
	data.len = 0;
	put(&data, long_name, 24);
	put(&data, m2.p, m2.len);
	size_t h2 = ar_member(&ar, "#1/24", data.p, data.len, 1);
	set_le(ar.p + st + 60 + 20 + 8, h1, 4);
	set_le(ar.p + st + 60 + 20 + 16, h2, 4);
	write_file("bsd.a", ar.p, ar.len);
	struct tlink l;
	tl_init(&l);
	tl_file(&l, "bsd.a");
	in_read_inputs(&l.ctx);
	EXPECT_ERRORS(&l, 0);
	CU_ASSERT_EQUAL(l.ctx.files.v[1].narmap, 2);
	check_two_members(&l);
	tl_free(&l);
	free(m1.p);
	free(m2.p);
	free(ar.p);
	free(t.p);
	free(data.p);
}

/* Thin: only headers; members are files relative to the archive's directory. */
static void test_thin_archive(void)
{
	struct tbuf m1 = { 0 }, m2 = { 0 }, ar = { 0 };
	two_objects(&m1, &m2);
	char dir[128];
	snprintf(dir, sizeof(dir), "%s/sub", tmpdir);
	mkdir(dir, 0755);
	write_file("sub/short.o", m1.p, m1.len);
	char longname[64];
	snprintf(longname, sizeof(longname), "sub/%s", long_name);
	write_file(longname, m2.p, m2.len);
	char longnames[128];
	int n = snprintf(longnames, sizeof(longnames), "sub/short.o/\n%s/\n", longname);
	put(&ar, "!<thin>\n", 8);
	ar_member(&ar, "//", longnames, (size_t)n, 1);
	ar_member(&ar, "/0", m1.p, m1.len, 0);
	ar_member(&ar, "/13", m2.p, m2.len, 0);
	write_file("thin.a", ar.p, ar.len);
	struct tlink l;
	tl_init(&l);
	tl_file(&l, "thin.a");
	in_read_inputs(&l.ctx);
	EXPECT_ERRORS(&l, 0);
	CU_ASSERT_EQUAL_FATAL(l.ctx.files.len, 4);
	CU_ASSERT(ends_with(l.ctx.files.v[2].name, "thin.a(sub/short.o)"));
	CU_ASSERT_EQUAL(l.ctx.files.v[2].size, m1.len);
	CU_ASSERT_EQUAL(l.ctx.files.v[1].narmap, 2);
	CU_ASSERT_EQUAL(in_load_member(&l.ctx, 3), 0);
	CU_ASSERT_STRING_EQUAL(l.ctx.files.v[3].syms[3].name, "help");
	tl_free(&l);

	/* a missing member file */
	remove(tpath("sub/short.o"));
	tl_init(&l);
	tl_file(&l, "thin.a");
	in_read_inputs(&l.ctx);
	EXPECT_ERRORS(&l, 1);
	tl_free(&l);
	free(m1.p);
	free(m2.p);
	free(ar.p);
}

/* ---- the command line */

/* The inputs the command-line tests name: std.o, and two GNU archives of the two
 * objects (with and without a symbol table). */
static void write_fixtures(void)
{
	struct tobj o;
	struct stdparts p;
	std_obj(&o, &p, 4);
	write_obj("std.o", &o);
	std_free(&p);
	struct tbuf ar = { 0 };
	gnu_archive(&ar, 1);
	write_file("gnu.a", ar.p, ar.len);
	gnu_archive(&ar, 0);
	write_file("nosym.a", ar.p, ar.len);
	free(ar.p);
}

static void test_whole_archive_loads_every_member(void)
{
	write_fixtures();
	struct tlink l;
	tl_init(&l);
	tl_add(&l, LD_IN_WHOLE_ARCHIVE, NULL);
	tl_file(&l, "nosym.a");
	tl_add(&l, LD_IN_NO_WHOLE_ARCHIVE, NULL);
	tl_file(&l, "gnu.a");
	in_read_inputs(&l.ctx);
	EXPECT_ERRORS(&l, 0);
	CU_ASSERT_EQUAL_FATAL(l.ctx.files.len, 7);
	CU_ASSERT(l.ctx.files.v[1].whole_archive);
	CU_ASSERT(l.ctx.files.v[2].loaded && l.ctx.files.v[2].is_object);
	CU_ASSERT(l.ctx.files.v[3].loaded && l.ctx.files.v[3].is_object);
	CU_ASSERT(!l.ctx.files.v[4].whole_archive);
	CU_ASSERT(!l.ctx.files.v[5].loaded);
	CU_ASSERT_PTR_EQUAL(l.ctx.lt, &ld_riscv64);
	tl_free(&l);
}

static void test_groups_numbered_and_not_nested(void)
{
	write_fixtures();
	struct tlink l;
	tl_init(&l);
	tl_add(&l, LD_IN_GROUP_START, NULL);
	tl_file(&l, "gnu.a");
	tl_file(&l, "nosym.a");
	tl_add(&l, LD_IN_GROUP_END, NULL);
	tl_file(&l, "std.o");
	tl_add(&l, LD_IN_GROUP_START, NULL);
	tl_file(&l, "gnu.a");
	tl_add(&l, LD_IN_GROUP_END, NULL);
	in_read_inputs(&l.ctx);
	EXPECT_ERRORS(&l, 0);
	CU_ASSERT_EQUAL_FATAL(l.ctx.files.len, 11);
	CU_ASSERT_EQUAL(l.ctx.files.v[1].group, 1);
	CU_ASSERT_EQUAL(l.ctx.files.v[4].group, 1);
	CU_ASSERT_EQUAL(l.ctx.files.v[7].group, 0);
	CU_ASSERT_EQUAL(l.ctx.files.v[8].group, 2);
	CU_ASSERT_EQUAL(l.ctx.files.v[7].priority, 7);
	tl_free(&l);

	tl_init(&l);
	tl_add(&l, LD_IN_GROUP_START, NULL);
	tl_add(&l, LD_IN_GROUP_START, NULL);
	tl_file(&l, "std.o");
	tl_add(&l, LD_IN_GROUP_END, NULL);
	in_read_inputs(&l.ctx);
	EXPECT_ERRORS(&l, 1);
	tl_free(&l);
}

static void test_library_search(void)
{
	struct tbuf ar = { 0 };
	gnu_archive(&ar, 1);
	write_file("libt.a", ar.p, ar.len);
	free(ar.p);
	struct tlink l;
	tl_init(&l);
	LD_PUSH(l.opt.lib_dirs, "/nonexistent-solder-dir");
	LD_PUSH(l.opt.lib_dirs, tmpdir);
	tl_add(&l, LD_IN_LIB, "t");
	tl_add(&l, LD_IN_LIB, ":libt.a");
	tl_add(&l, LD_IN_LIB, "missing");
	tl_file(&l, "no-such-file.o");
	in_read_inputs(&l.ctx);
	EXPECT_ERRORS(&l, 2);
	CU_ASSERT_EQUAL_FATAL(l.ctx.files.len, 7);
	CU_ASSERT(ends_with(l.ctx.files.v[1].path, "/libt.a"));
	CU_ASSERT(l.ctx.files.v[4].is_archive);
	tl_free(&l);
}

/* Neither ELF nor ar: reported; an archive's non-ELF member only when it is pulled. */
static void test_unknown_inputs(void)
{
	expect_one_error("notes.txt", "hello\n", 6);
	struct tbuf ar = { 0 };
	put(&ar, "!<arch>\n", 8);
	ar_member(&ar, "notes.txt/", "hello\n", 6, 1);
	write_file("text.a", ar.p, ar.len);
	free(ar.p);
	struct tlink l;
	tl_init(&l);
	l.opt.target = &ld_riscv64;
	tl_file(&l, "text.a");
	in_read_inputs(&l.ctx);
	EXPECT_ERRORS(&l, 0);
	CU_ASSERT_EQUAL(l.ctx.files.v[1].nmembers, 1);
	CU_ASSERT_EQUAL(l.ctx.files.v[1].narmap, 0);
	CU_ASSERT_EQUAL(in_load_member(&l.ctx, 2), -1);
	EXPECT_ERRORS(&l, 1);
	tl_free(&l);

	tl_init(&l);
	l.opt.target = &ld_riscv64;
	tl_add(&l, LD_IN_WHOLE_ARCHIVE, NULL);
	tl_file(&l, "text.a");
	in_read_inputs(&l.ctx);
	EXPECT_ERRORS(&l, 1);
	tl_free(&l);
}

static int setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/solder-input-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : 1;
}

static int teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : 1;
}

void suite_input(void)
{
	CU_pSuite s = CU_add_suite("input", setup, teardown);
	CU_add_test(s, "object: sections, symbols, sorted relocations", test_object_sections_symbols_relocations);
	CU_add_test(s, "ELF32 SHT_REL: addend read from the place", test_elf32_rel_addend_from_place);
	CU_add_test(s, "extended section numbering", test_extended_section_numbering);
	CU_add_test(s, "group members point at their SHT_GROUP", test_group_members_point_at_group);
	CU_add_test(s, "truncated file", test_truncated_file);
	CU_add_test(s, "bad e_shoff", test_bad_e_shoff);
	CU_add_test(s, "section name outside the name table", test_section_name_outside_strtab);
	CU_add_test(s, "section data past the end of the file", test_section_data_past_end);
	CU_add_test(s, "relocation symbol index out of range", test_reloc_symbol_out_of_range);
	CU_add_test(s, "relocation offset past the section", test_reloc_offset_past_section);
	CU_add_test(s, "symbol section index and name out of range", test_symbol_bad_section_index);
	CU_add_test(s, "LTO object rejected", test_lto_object_rejected);
	CU_add_test(s, "incompatible machine", test_incompatible_machine);
	CU_add_test(s, "GNU archive: symbol table and long names", test_gnu_archive_symtab_and_long_names);
	CU_add_test(s, "archive without symbol table is indexed", test_archive_without_symtab_is_indexed);
	CU_add_test(s, "archive with a bad member header", test_archive_bad_member_size);
	CU_add_test(s, "BSD archive", test_bsd_archive);
	CU_add_test(s, "thin archive", test_thin_archive);
	CU_add_test(s, "--whole-archive loads every member", test_whole_archive_loads_every_member);
	CU_add_test(s, "groups are numbered and cannot nest", test_groups_numbered_and_not_nested);
	CU_add_test(s, "-l searches -L directories", test_library_search);
	CU_add_test(s, "inputs that are neither objects nor archives", test_unknown_inputs);
}
