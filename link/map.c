/*
 * map.c: the link map (-Map FILE, -M) and its cross reference table (--cref).
 *
 * The map follows GNU ld 2.40's layout, because people and tools (size reports,
 * map-file viewers, CI scripts that grep for a symbol's address) read GNU maps:
 *
 *   Archive member included to satisfy reference by file (symbol)
 *   Allocating common symbols            (when there were any)
 *   Discarded input sections             (when there were any)
 *   Memory Configuration
 *   Linker script and memory map         LOAD lines, --defsym assignments, then each
 *                                        output section with its input sections, the
 *                                        padding between them (*fill*) and the global
 *                                        symbols each defines, by address
 *   OUTPUT(file bfd-name)
 *   Cross Reference Table                (--cref)
 *
 * Column layout, as GNU's: section names in a 16-column field (a name too long for it
 * goes on a line of its own), addresses with 16 hex digits for ELF64 and 8 for ELF32,
 * sizes right-aligned in 11 columns, symbols 16 columns after the address, assignments
 * in column 50, cross-reference files in column 50.
 *
 * Script statements are not echoed (GNU prints its default script's too); the map
 * shows what was placed: linker-defined and script-assigned symbols (_end,
 * __bss_start, __global_pointer$, _sidata, ...) appear as assignment lines where their
 * address falls, --defsym ones after the LOAD lines with their expression. MEMORY
 * regions come from the script, evaluated again here. Merged sections (SHF_MERGE) live in one synthetic block
 * per kind in layout.c; as in GNU's map, each input section is listed with the bytes
 * it brought to the block (its pieces that were new), so a section whose strings were
 * all duplicates shows size 0 and "(size before relaxing)" gives its input size.
 *
 * Two facts the data model does not record are reconstructed: why an archive member
 * was pulled (the first of its index symbols that it defines and that an earlier file
 * referred to, with ld_sym.first_ref_file as the referrer), and the order members were
 * pulled in (taken as their order in the archive, with referring files for --cref in
 * file order). References for --cref come from the
 * files' symbol tables, as GNU ld's: the files that define a symbol in a kept section
 * come first, then every other file that lists it (references, COMMON, and dropped
 * COMDAT copies).
 *
 * Runs once layout and relaxation are done, when every address is final; it only
 * reads the context.
 */
#define _POSIX_C_SOURCE 200809L /* stat */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ld.h"
#include "script.h"

enum {
	SHT_NULL_ = 0, SHT_SYMTAB_ = 2, SHT_STRTAB_ = 3, SHT_RELA_ = 4, SHT_NOBITS_ = 8, SHT_REL_ = 9,
	SHT_GROUP_ = 17, SHT_SYMTAB_SHNDX_ = 18, SHT_LLVM_ADDRSIG_ = 0x6fff4c03,
};
enum { SHF_ALLOC_ = 2, SHF_STRINGS_ = 0x20, SHF_TLS_ = 0x400 };
enum { EM_386_ = 3, EM_X86_64_ = 62, EM_RISCV_ = 243 };

#define NAME_FIELD 16      /* section names; a name of 15 or more characters gets a line */
#define SIZE_FIELD 11      /* "0x1c" right-aligned */
#define SYMBOL_GAP 16      /* spaces between an address and a symbol name */
#define ASSIGN_COLUMN 50   /* where assignments start */
#define CREF_COLUMN 50     /* where the file names of the cross reference start */
#define MEMBER_COLUMN 30   /* "file (symbol)" under an archive member */
#define COMMON_NAME_FIELD 20
#define COMMON_SIZE_FIELD 18

/* A global defined in an input section, for the per-section listing. */
struct placed_sym {
	uint32_t isec;
	uint32_t sym;
	uint64_t addr;
};

/* A linker-defined symbol and where in the map it is printed. */
enum lsym_mode { LSYM_TOP, LSYM_BEFORE, LSYM_IN, LSYM_TAIL };
struct linker_sym {
	uint32_t sym;
	uint64_t addr;
	uint32_t osec;           /* LSYM_BEFORE/IN/TAIL: the output section */
	uint8_t mode;            /* enum lsym_mode */
	uint8_t printed;
};

/* A member of a merge block with the range of the block that it brought. */
struct merge_member {
	uint32_t block;          /* the synthetic isec */
	uint32_t isec;
	uint64_t addr, size;
};

/* One line of the cross reference: file fi lists global sym (and defines it or not). */
struct cref_entry {
	uint32_t sym;
	uint32_t file;
	uint8_t defines;
};

struct map {
	struct ld_ctx *ctx;
	FILE *out;
	int addr_digits;         /* 16 for ELF64, 8 for ELF32 */
	uint32_t *archive_of;    /* per file: its archive for a member, else 0 */
	struct placed_sym *syms; /* sorted by (isec, addr, sym) */
	uint32_t nsyms;
	struct linker_sym *lsyms;/* sorted by (addr, sym) */
	uint32_t nlsyms;
	struct merge_member *members; /* sorted by (block, file, shndx) */
	uint32_t nmembers;
	uint64_t cursor;         /* the end of what the current output section printed */
};

static struct ld_ctx *sort_ctx;   /* for the qsort comparators */

/* ---- which files are in the link */

static int in_link(const struct map *m, uint32_t fi)
{
	const struct ld_file *f = &m->ctx->files.v[fi];
	return f->is_object && (!m->archive_of[fi] || f->loaded);
}

static void find_members(struct map *m)
{
	struct ld_ctx *ctx = m->ctx;
	m->archive_of = calloc(ctx->files.len ? ctx->files.len : 1, sizeof(uint32_t));
	if (!m->archive_of)
		ld_fatal("out of memory");
	for (uint32_t a = 1; a < ctx->files.len; a++) {
		const struct ld_file *f = &ctx->files.v[a];
		if (!f->is_archive)
			continue;
		for (uint32_t k = 0; k < f->nmembers; k++) {
			uint32_t mi = f->first_member + k;
			if (mi > a && mi < ctx->files.len)
				m->archive_of[mi] = a;
		}
	}
}

static const char *file_name(const struct ld_ctx *ctx, uint32_t fi)
{
	return fi && fi < ctx->files.len && ctx->files.v[fi].name ? ctx->files.v[fi].name : "";
}

/* ---- primitive fields */

static void pad_to(struct map *m, int col, int target)
{
	while (col++ < target)
		fputc(' ', m->out);
}

static void put_addr(struct map *m, uint64_t a)
{
	if (m->addr_digits == 8)
		a &= 0xffffffffu;
	fprintf(m->out, "0x%0*llx", m->addr_digits, (unsigned long long)a);
}

static void put_size(struct map *m, uint64_t size)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)size);
	fprintf(m->out, "%*s", SIZE_FIELD, buf);
}

/* prefix + name in the section-name field: a name that does not fit ends its line. */
static void put_section_name(struct map *m, const char *prefix, const char *name)
{
	int len = fprintf(m->out, "%s%s", prefix, name ? name : "");
	if (len >= NAME_FIELD - 1) {
		fputc('\n', m->out);
		len = 0;
	}
	pad_to(m, len, NAME_FIELD);
}

static void put_symbol_line(struct map *m, uint64_t addr, const char *name)
{
	pad_to(m, 0, NAME_FIELD);
	put_addr(m, addr);
	pad_to(m, 0, SYMBOL_GAP);
	fprintf(m->out, "%s\n", name);
}

static void put_assignment(struct map *m, uint64_t addr, const char *name, const char *expr)
{
	pad_to(m, 0, NAME_FIELD);
	put_addr(m, addr);
	pad_to(m, NAME_FIELD + 2 + m->addr_digits, ASSIGN_COLUMN);
	if (expr)
		fprintf(m->out, "%s = %s\n", name, expr);
	else
		fprintf(m->out, "%s\n", name);
}

/* " .text.main  0x...  0x1c main.o", and "(size before relaxing)" when it shrank. */
static void put_input_line(struct map *m, const char *name, uint64_t addr, uint64_t size, const char *file,
                           uint64_t input_size)
{
	put_section_name(m, " ", name);
	put_addr(m, addr);
	put_size(m, size);
	fprintf(m->out, " %s\n", file);
	if (input_size != size) {
		pad_to(m, 0, NAME_FIELD + 2 + m->addr_digits);
		put_size(m, input_size);
		fprintf(m->out, " (size before relaxing)\n");
	}
}

/* ---- archive members and why they were pulled */

/* The reason GNU prints for member mi: "file (symbol)", "(symbol)" for -u and the
 * entry, "(--whole-archive)". */
static void put_member_reason(struct map *m, uint32_t mi)
{
	struct ld_ctx *ctx = m->ctx;
	const struct ld_file *a = &ctx->files.v[m->archive_of[mi]];
	if (a->whole_archive) {
		fprintf(m->out, "(--whole-archive)\n");
		return;
	}
	const char *fallback = NULL;
	for (uint32_t k = 0; a->armap && k < a->narmap; k++) {
		const struct ld_armap *e = &a->armap[k];
		if (e->member != mi || !e->name)
			continue;
		if (!fallback)
			fallback = e->name;
		const struct ld_sym *y = res_find(ctx, e->name);
		if (!y || y->file != mi || y->first_ref_file == mi || !(y->flags & LD_SYM_REFERENCED))
			continue;
		if (y->first_ref_file && y->first_ref_file < ctx->files.len)
			fprintf(m->out, "%s ", file_name(ctx, y->first_ref_file));
		fprintf(m->out, "(%s)\n", y->name);
		return;
	}
	fprintf(m->out, "(%s)\n", fallback ? fallback : "?");
}

static void print_archive_members(struct map *m)
{
	struct ld_ctx *ctx = m->ctx;
	int header = 0;
	for (uint32_t fi = 1; fi < ctx->files.len; fi++) {
		if (!m->archive_of[fi] || !in_link(m, fi))
			continue;
		if (!header) {
			fprintf(m->out, "Archive member included to satisfy reference by file (symbol)\n\n");
			header = 1;
		}
		int len = fprintf(m->out, "%s", file_name(ctx, fi));
		if (len >= MEMBER_COLUMN - 1) {
			fputc('\n', m->out);
			len = 0;
		}
		pad_to(m, len, MEMBER_COLUMN);
		put_member_reason(m, fi);
	}
	if (header)
		fputc('\n', m->out);
}

/* ---- COMMON */

static int is_common_block(const struct ld_isec *s)
{
	return s->file == 0 && s->sh_type == SHT_NOBITS_ && s->name && !strcmp(s->name, "COMMON");
}

/* Whether global y was a COMMON symbol (layout gave it space in the COMMON block). */
static int was_common(const struct ld_ctx *ctx, const struct ld_sym *y)
{
	return y->def == LD_DEF_REGULAR && y->isec && y->isec < ctx->isecs.len &&
	       is_common_block(&ctx->isecs.v[y->isec]);
}

static void print_common_allocation(struct map *m)
{
	struct ld_ctx *ctx = m->ctx;
	int header = 0;
	for (uint32_t i = 1; i < ctx->syms.len; i++) {
		const struct ld_sym *y = &ctx->syms.v[i];
		if (!was_common(ctx, y))
			continue;
		if (!header) {
			fprintf(m->out, "Allocating common symbols\n");
			fprintf(m->out, "%-*s%-*s%s\n\n", COMMON_NAME_FIELD, "Common symbol", COMMON_SIZE_FIELD, "size",
			        "file");
			header = 1;
		}
		int len = fprintf(m->out, "%s", y->name);
		if (len >= COMMON_NAME_FIELD - 1) {
			fputc('\n', m->out);
			len = 0;
		}
		pad_to(m, len, COMMON_NAME_FIELD);
		char buf[32];
		snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)y->size);
		fprintf(m->out, "%-*s%s\n", COMMON_SIZE_FIELD, buf, file_name(ctx, y->file));
	}
	if (header)
		fputc('\n', m->out);
}

/* ---- discarded sections */

/* Sections of a kept object that did not reach the output although they could have:
 * dropped COMDAT copies, SHT_GROUP sections, --gc-sections victims, SHF_EXCLUDE. The
 * tables the linker consumes (symtab, strings, relocations) are not "discarded". */
static int is_discarded(const struct ld_isec *s)
{
	if (s->live && s->sh_type != SHT_GROUP_)
		return 0;
	if (s->osec)
		return 0;
	switch (s->sh_type) {
	case SHT_NULL_:
	case SHT_SYMTAB_:
	case SHT_RELA_:
	case SHT_REL_:
	case SHT_SYMTAB_SHNDX_:
	case SHT_LLVM_ADDRSIG_:
		return 0;
	case SHT_STRTAB_:
		return (s->sh_flags & SHF_ALLOC_) != 0;
	}
	return 1;
}

static void print_discarded(struct map *m)
{
	struct ld_ctx *ctx = m->ctx;
	int header = 0;
	for (uint32_t fi = 1; fi < ctx->files.len; fi++) {
		if (!in_link(m, fi))
			continue;
		const struct ld_file *f = &ctx->files.v[fi];
		for (uint32_t k = 1; k < f->nsec; k++) {
			uint32_t idx = f->first_isec + k;
			if (idx >= ctx->isecs.len)
				break;
			const struct ld_isec *s = &ctx->isecs.v[idx];
			if (!is_discarded(s))
				continue;
			if (!header) {
				fprintf(m->out, "Discarded input sections\n\n");
				header = 1;
			}
			put_input_line(m, s->name ? s->name : "", 0, s->size, file_name(ctx, fi), s->size);
		}
	}
	if (header)
		fputc('\n', m->out);
}

/* ---- memory configuration */

/* MEMORY attributes as GNU prints them: a x r w l, then '!' and those negated. */
static void put_region_attributes(struct map *m, uint32_t flags, uint32_t not_flags)
{
	static const struct { uint32_t bit; char letter; } order[] = {
		{ LS_MEM_A, 'a' }, { LS_MEM_X, 'x' }, { LS_MEM_R, 'r' }, { LS_MEM_W, 'w' }, { LS_MEM_I, 'l' },
	};
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (flags & order[i].bit)
			fputc(order[i].letter, m->out);
	if (not_flags)
		fputc('!', m->out);
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (not_flags & order[i].bit)
			fputc(order[i].letter, m->out);
}

/* One region line: name, origin and length in 17-, 19- and 19-column fields. */
static void put_region(struct map *m, const char *name, uint64_t origin, uint64_t length, uint32_t flags,
                       uint32_t not_flags)
{
	int len = fprintf(m->out, "%s", name);
	pad_to(m, len, 16);
	fputc(' ', m->out);
	put_addr(m, origin);
	pad_to(m, 2 + m->addr_digits, 19);
	put_addr(m, length);
	if (flags || not_flags) {
		pad_to(m, 2 + m->addr_digits, 19);
		put_region_attributes(m, flags, not_flags);
	}
	fputc('\n', m->out);
}

static void print_memory(struct map *m)
{
	struct ld_ctx *ctx = m->ctx;
	fprintf(m->out, "Memory Configuration\n\n");
	fprintf(m->out, "%-17s%-19s%-19s%s\n", "Name", "Origin", "Length", "Attributes");
	/* The script's MEMORY regions (aliases are names, not regions), then the default
	 * region that covers the address space. */
	for (const struct ls_region *r = ctx->script ? ctx->script->regions : NULL; r; r = r->next) {
		uint64_t origin, length;
		if (r->alias_of || !r->origin || !r->length || ls_eval_const(ctx, r->file, r->origin, &origin) != 0 ||
		    ls_eval_const(ctx, r->file, r->length, &length) != 0)
			continue;
		put_region(m, r->name, origin, length, r->flags, r->not_flags);
	}
	put_region(m, "*default*", 0, m->addr_digits == 8 ? 0xffffffffu : ~(uint64_t)0, 0, 0);
	fputc('\n', m->out);
}

/* ---- globals by input section */

static int cmp_placed(const void *a, const void *b)
{
	const struct placed_sym *x = a, *y = b;
	if (x->isec != y->isec)
		return x->isec < y->isec ? -1 : 1;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->sym < y->sym ? -1 : x->sym > y->sym;
}

static void collect_placed_syms(struct map *m)
{
	struct ld_ctx *ctx = m->ctx;
	m->syms = ld_xrealloc(NULL, (size_t)(ctx->syms.len ? ctx->syms.len : 1) * sizeof(*m->syms));
	for (uint32_t i = 1; i < ctx->syms.len; i++) {
		const struct ld_sym *y = &ctx->syms.v[i];
		if (y->def != LD_DEF_REGULAR || !y->isec || y->isec >= ctx->isecs.len || !y->name || !y->name[0])
			continue;
		const struct ld_isec *s = &ctx->isecs.v[y->isec];
		if (!s->osec || s->osec >= ctx->osecs.len)
			continue;
		m->syms[m->nsyms++] = (struct placed_sym){ .isec = y->isec, .sym = i, .addr = y->addr };
	}
	qsort(m->syms, m->nsyms, sizeof(*m->syms), cmp_placed);
}

/* The globals defined in isec, by address. */
static void print_syms_of(struct map *m, uint32_t isec)
{
	uint32_t lo = 0, hi = m->nsyms;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (m->syms[mid].isec < isec)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (uint32_t k = lo; k < m->nsyms && m->syms[k].isec == isec; k++)
		put_symbol_line(m, m->syms[k].addr, m->ctx->syms.v[m->syms[k].sym].name);
}

/* ---- linker-defined symbols */

/* Symbols that GNU's default script sets at the end of what they follow. */
static int names_an_end(const char *name)
{
	size_t n = strlen(name);
	return (n >= 3 && !strcmp(name + n - 3, "end")) || (n >= 5 && !strcmp(name + n - 5, "END__")) ||
	       !strncmp(name, "__stop_", 7) || !strcmp(name, "_etext") || !strcmp(name, "etext") ||
	       !strcmp(name, "__etext") || !strcmp(name, "_edata") || !strcmp(name, "edata");
}

/* Output sections that a symbol may be placed by: shown, allocated, taking room. */
static int places_symbols(const struct ld_osec *o)
{
	return (o->sh_flags & SHF_ALLOC_) && (o->isecs.len || o->size) &&
	       !((o->sh_flags & SHF_TLS_) && o->sh_type == SHT_NOBITS_);
}

/* By address; at one address what starts something before what ends something. */
static int cmp_lsym(const void *a, const void *b)
{
	const struct linker_sym *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	int ex = names_an_end(sort_ctx->syms.v[x->sym].name), ey = names_an_end(sort_ctx->syms.v[y->sym].name);
	if (ex != ey)
		return ex - ey;
	return x->sym < y->sym ? -1 : x->sym > y->sym;
}

/* An end symbol goes after the section it ends; any other after the inputs before its
 * address in the section that holds it, or before the next section, or at the end. */
static void place_linker_sym(struct map *m, struct linker_sym *l, const char *name)
{
	struct ld_ctx *ctx = m->ctx;
	uint32_t last = 0;
	if (names_an_end(name)) {
		for (uint32_t i = 1; i < ctx->osecs.len; i++) {
			const struct ld_osec *o = &ctx->osecs.v[i];
			if (places_symbols(o) && o->size && o->addr + o->size == l->addr) {
				l->osec = i;
				l->mode = LSYM_TAIL;
			}
		}
		if (l->osec)
			return;
	}
	for (uint32_t i = 1; i < ctx->osecs.len; i++) {
		const struct ld_osec *o = &ctx->osecs.v[i];
		if (!places_symbols(o))
			continue;
		if (o->addr == l->addr || (o->addr < l->addr && l->addr - o->addr < o->size)) {
			l->osec = i;
			l->mode = LSYM_IN;
			return;
		}
		if (o->addr > l->addr) {
			l->osec = i;
			l->mode = LSYM_BEFORE;
			return;
		}
		last = i;
	}
	l->osec = last;
	l->mode = last ? LSYM_TAIL : LSYM_TOP;
}

static void collect_linker_syms(struct map *m)
{
	struct ld_ctx *ctx = m->ctx;
	m->lsyms = ld_xrealloc(NULL, (size_t)(ctx->syms.len ? ctx->syms.len : 1) * sizeof(*m->lsyms));
	for (uint32_t i = 1; i < ctx->syms.len; i++) {
		const struct ld_sym *y = &ctx->syms.v[i];
		/* made by the linker: its own symbols, and (issue 4) those a script assigns */
		int linker_made = y->def == LD_DEF_LINKER || (y->def == LD_DEF_ABS && !y->file);
		if (!linker_made || (y->flags & LD_SYM_DEFSYM) || !y->name || !y->name[0])
			continue;
		m->lsyms[m->nlsyms++] = (struct linker_sym){ .sym = i, .addr = y->addr };
	}
	sort_ctx = ctx;
	qsort(m->lsyms, m->nlsyms, sizeof(*m->lsyms), cmp_lsym);
	for (uint32_t k = 0; k < m->nlsyms; k++)
		place_linker_sym(m, &m->lsyms[k], ctx->syms.v[m->lsyms[k].sym].name);
}

/* Prints the linker symbols of osec in the given mode; for LSYM_IN only those at or
 * below addr. */
static void flush_linker_syms(struct map *m, uint32_t osec, enum lsym_mode mode, uint64_t addr)
{
	for (uint32_t k = 0; k < m->nlsyms; k++) {
		struct linker_sym *l = &m->lsyms[k];
		if (l->printed || l->osec != osec || l->mode != mode || (mode == LSYM_IN && l->addr > addr))
			continue;
		put_assignment(m, l->addr, m->ctx->syms.v[l->sym].name, NULL);
		l->printed = 1;
	}
}

/* ---- merge blocks */

static int cmp_member(const void *a, const void *b)
{
	const struct merge_member *x = a, *y = b;
	if (x->block != y->block)
		return x->block < y->block ? -1 : 1;
	const struct ld_isec *sx = &sort_ctx->isecs.v[x->isec], *sy = &sort_ctx->isecs.v[y->isec];
	if (sx->file != sy->file)
		return sx->file < sy->file ? -1 : 1;
	return sx->shndx < sy->shndx ? -1 : sx->shndx > sy->shndx;
}

/* The synthetic block of osec o that holds address a (the member's first byte). */
static uint32_t block_at(struct ld_ctx *ctx, const struct ld_osec *o, uint64_t a)
{
	uint32_t at_start = 0;
	for (uint32_t k = 0; k < o->isecs.len; k++) {
		uint32_t idx = o->isecs.v[k];
		const struct ld_isec *s = &ctx->isecs.v[idx];
		if (s->file || is_common_block(s))
			continue;
		uint64_t start = o->addr + s->off;
		if (a >= start && a - start < s->size)
			return idx;
		if (a == start && !at_start)
			at_start = idx;
	}
	return at_start;
}

/* The bytes of the block that member s brought: the span of its pieces that were new
 * when it was merged. Pieces split as layout.c splits them: NUL-terminated strings of
 * entsize-wide units, or entsize-byte constants. */
static void member_range(struct map *m, struct merge_member *mm, uint64_t *running_end)
{
	struct ld_ctx *ctx = m->ctx;
	const struct ld_isec *s = &ctx->isecs.v[mm->isec];
	uint64_t ent = s->sh_entsize ? s->sh_entsize : 1;
	int strings = (s->sh_flags & SHF_STRINGS_) != 0;
	uint64_t lo = UINT64_MAX, hi = 0;
	for (uint64_t off = 0; s->data && off < s->size;) {
		uint64_t n = s->size - off;
		if (strings) {
			for (uint64_t i = off; i + ent <= s->size; i += ent) {
				int zero = 1;
				for (uint64_t k = 0; k < ent; k++)
					zero &= s->data[i + k] == 0;
				if (zero) {
					n = i + ent - off;
					break;
				}
			}
		} else if (ent < n) {
			n = ent;
		}
		uint64_t a = ld_isec_addr(ctx, mm->isec, off);
		if (a >= *running_end) {
			lo = a < lo ? a : lo;
			hi = a + n > hi ? a + n : hi;
		}
		off += n;
	}
	if (lo == UINT64_MAX) {
		mm->addr = *running_end;
		mm->size = 0;
		return;
	}
	mm->addr = lo;
	mm->size = hi - lo;
	*running_end = hi > *running_end ? hi : *running_end;
}

static void collect_merge_members(struct map *m)
{
	struct ld_ctx *ctx = m->ctx;
	m->members = ld_xrealloc(NULL, (size_t)(ctx->isecs.len ? ctx->isecs.len : 1) * sizeof(*m->members));
	for (uint32_t i = 1; i < ctx->isecs.len; i++) {
		const struct ld_isec *s = &ctx->isecs.v[i];
		if (!s->merge || !s->osec || s->osec >= ctx->osecs.len || !s->live)
			continue;
		uint32_t block = block_at(ctx, &ctx->osecs.v[s->osec], ld_isec_addr(ctx, i, 0));
		if (block)
			m->members[m->nmembers++] = (struct merge_member){ .block = block, .isec = i };
	}
	sort_ctx = ctx;
	qsort(m->members, m->nmembers, sizeof(*m->members), cmp_member);
	for (uint32_t k = 0; k < m->nmembers;) {
		uint32_t block = m->members[k].block;
		const struct ld_isec *b = &ctx->isecs.v[block];
		uint64_t running_end = ctx->osecs.v[b->osec].addr + b->off;
		for (; k < m->nmembers && m->members[k].block == block; k++)
			member_range(m, &m->members[k], &running_end);
	}
}

/* ---- the memory map */

/* Before an input line at addr: linker symbols up to it, then padding as *fill*. */
static void advance_to(struct map *m, uint32_t osec, uint64_t addr)
{
	flush_linker_syms(m, osec, LSYM_IN, addr);
	if (addr > m->cursor) {
		put_section_name(m, " ", "*fill*");
		put_addr(m, m->cursor);
		put_size(m, addr - m->cursor);
		fprintf(m->out, " \n");
	}
	if (addr > m->cursor)
		m->cursor = addr;
}

static void put_input(struct map *m, uint32_t osec, uint32_t isec, const char *name, uint64_t addr,
                      uint64_t size, const char *file, uint64_t input_size)
{
	advance_to(m, osec, addr);
	put_input_line(m, name, addr, size, file, input_size);
	if (isec)
		print_syms_of(m, isec);
	if (addr + size > m->cursor)
		m->cursor = addr + size;
}

/* The input size of a section relaxation shrank. */
static uint64_t size_before_relaxing(const struct ld_isec *s)
{
	uint64_t n = s->size;
	for (uint32_t i = 0; i < s->ndeletes; i++)
		n += s->deletes[i].count;
	return n;
}

/* COMMON: one line per run of symbols from the same file, as GNU gives each file's
 * COMMON its own input section. */
static void print_common_block(struct map *m, uint32_t osec, uint32_t isec)
{
	struct ld_ctx *ctx = m->ctx;
	uint32_t lo = 0;
	while (lo < m->nsyms && m->syms[lo].isec < isec)
		lo++;
	for (uint32_t k = lo; k < m->nsyms && m->syms[k].isec == isec;) {
		uint32_t file = ctx->syms.v[m->syms[k].sym].file;
		uint32_t end = k;
		uint64_t hi = m->syms[k].addr;
		for (; end < m->nsyms && m->syms[end].isec == isec && ctx->syms.v[m->syms[end].sym].file == file; end++) {
			const struct ld_sym *y = &ctx->syms.v[m->syms[end].sym];
			if (y->addr + y->size > hi)
				hi = y->addr + y->size;
		}
		uint64_t addr = m->syms[k].addr;
		put_input(m, osec, 0, "COMMON", addr, hi - addr, file_name(ctx, file), hi - addr);
		for (; k < end; k++)
			put_symbol_line(m, m->syms[k].addr, ctx->syms.v[m->syms[k].sym].name);
	}
}

static const char *first_object_name(const struct map *m)
{
	for (uint32_t fi = 1; fi < m->ctx->files.len; fi++)
		if (in_link(m, fi))
			return file_name(m->ctx, fi);
	return "";
}

static void print_output_section(struct map *m, uint32_t oi)
{
	struct ld_ctx *ctx = m->ctx;
	const struct ld_osec *o = &ctx->osecs.v[oi];
	int alloc = (o->sh_flags & SHF_ALLOC_) != 0;
	flush_linker_syms(m, oi, LSYM_BEFORE, 0);
	fputc('\n', m->out);
	put_section_name(m, "", o->name);
	put_addr(m, o->addr);
	put_size(m, o->size);
	if (alloc && o->lma != o->addr) {
		fprintf(m->out, " load address ");
		put_addr(m, o->lma);
	}
	fputc('\n', m->out);
	m->cursor = o->addr;
	for (uint32_t k = 0; k < o->isecs.len; k++) {
		uint32_t idx = o->isecs.v[k];
		if (idx >= ctx->isecs.len)
			continue;
		const struct ld_isec *s = &ctx->isecs.v[idx];
		uint64_t addr = o->addr + s->off;
		if (idx == ctx->build_id_isec) {
			/* GNU ld makes the note in the first input file. */
			put_input(m, oi, 0, s->name, addr, s->size, first_object_name(m), s->size);
		} else if (s->file) {
			put_input(m, oi, idx, s->name, addr, s->size, file_name(ctx, s->file), size_before_relaxing(s));
		} else if (is_common_block(s)) {
			print_common_block(m, oi, idx);
		} else {
			int any = 0;
			for (uint32_t j = 0; j < m->nmembers; j++) {
				const struct merge_member *mm = &m->members[j];
				if (mm->block != idx)
					continue;
				const struct ld_isec *in = &ctx->isecs.v[mm->isec];
				put_input(m, oi, mm->isec, in->name, mm->addr, mm->size, file_name(ctx, in->file), in->size);
				any = 1;
			}
			if (!any)
				put_input(m, oi, 0, s->name, addr, s->size, "", s->size);
		}
	}
	flush_linker_syms(m, oi, LSYM_IN, UINT64_MAX);
	flush_linker_syms(m, oi, LSYM_TAIL, 0);
}

static const char *bfd_name(const struct ld_ctx *ctx)
{
	switch (ctx->opt->oformat) {
	case LD_OFORMAT_BINARY: return "binary";
	case LD_OFORMAT_IHEX: return "ihex";
	case LD_OFORMAT_SREC: return "srec";
	default: break;
	}
	int is64 = ctx->elf_class == 64;
	switch (ctx->t ? ctx->t->e_machine : 0) {
	case EM_RISCV_: return is64 ? "elf64-littleriscv" : "elf32-littleriscv";
	case EM_X86_64_: return is64 ? "elf64-x86-64" : "elf32-x86-64";
	case EM_386_: return "elf32-i386";
	}
	return is64 ? "elf64-little" : "elf32-little";
}

static void print_memory_map(struct map *m)
{
	struct ld_ctx *ctx = m->ctx;
	const struct ld_options *opt = ctx->opt;
	fprintf(m->out, "Linker script and memory map\n\n");
	for (uint32_t fi = 1; fi < ctx->files.len; fi++)
		if (!m->archive_of[fi])
			fprintf(m->out, "LOAD %s\n", file_name(ctx, fi));
	for (uint32_t i = 0; i < opt->defsyms.len; i++) {
		const struct ld_sym *y = res_find(ctx, opt->defsyms.v[i].name);
		if (y && (y->flags & LD_SYM_DEFSYM))
			put_assignment(m, y->addr, y->name, opt->defsyms.v[i].expr);
	}
	flush_linker_syms(m, 0, LSYM_TOP, 0);
	for (uint32_t i = 1; i < ctx->osecs.len; i++) {
		const struct ld_osec *o = &ctx->osecs.v[i];
		/* GNU's map leaves out the output sections nothing went into. */
		if (o->isecs.len || o->size)
			print_output_section(m, i);
	}
	/* Symbols placed by sections that were not printed. */
	for (uint32_t k = 0; k < m->nlsyms; k++)
		if (!m->lsyms[k].printed)
			put_assignment(m, m->lsyms[k].addr, ctx->syms.v[m->lsyms[k].sym].name, NULL);
	fprintf(m->out, "OUTPUT(%s %s)\n", opt->output ? opt->output : "a.out", bfd_name(ctx));
}

/* ---- cross reference table */

static int cmp_cref(const void *a, const void *b)
{
	const struct cref_entry *x = a, *y = b;
	if (x->sym != y->sym) {
		int c = strcmp(sort_ctx->syms.v[x->sym].name, sort_ctx->syms.v[y->sym].name);
		if (c)
			return c;
		return x->sym < y->sym ? -1 : 1;
	}
	if (x->defines != y->defines)
		return x->defines ? -1 : 1;
	/* GNU lists files latest first, definitions before references. */
	return x->file > y->file ? -1 : x->file < y->file;
}

static void print_cref(struct map *m)
{
	struct ld_ctx *ctx = m->ctx;
	LD_VEC(struct cref_entry) refs = { 0 };
	for (uint32_t fi = 1; fi < ctx->files.len; fi++) {
		if (!in_link(m, fi))
			continue;
		const struct ld_file *f = &ctx->files.v[fi];
		for (uint32_t i = f->first_global ? f->first_global : 1; f->syms && i < f->nsyms; i++) {
			uint32_t g = f->syms[i].global;
			if (!g || g >= ctx->syms.len || !ctx->syms.v[g].name)
				continue;
			/* GNU counts every definition in a kept section (a weak one that lost
			 * too), not COMMON ones and not those in dropped COMDAT copies. */
			const struct ld_fsym *fs = &f->syms[i];
			int defines = fs->shndx != 0 /* SHN_UNDEF */ && fs->shndx != 0xfff2 /* SHN_COMMON */ &&
			              !fs->discarded;
			LD_PUSH(refs, ((struct cref_entry){ .sym = g, .file = fi, .defines = (uint8_t)defines }));
		}
	}
	sort_ctx = ctx;
	qsort(refs.v, refs.len, sizeof(*refs.v), cmp_cref);

	fprintf(m->out, "\nCross Reference Table\n\n");
	fprintf(m->out, "%-*s%s\n", CREF_COLUMN, "Symbol", "File");
	for (uint32_t k = 0; k < refs.len; k++) {
		const struct cref_entry *e = &refs.v[k];
		int first = k == 0 || refs.v[k - 1].sym != e->sym;
		if (!first && refs.v[k - 1].file == e->file)
			continue;   /* a file that lists the symbol twice */
		int len = 0;
		if (first) {
			len = fprintf(m->out, "%s", ctx->syms.v[e->sym].name);
			if (len >= CREF_COLUMN) {
				fputc('\n', m->out);
				len = 0;
			}
		}
		pad_to(m, len, CREF_COLUMN);
		fprintf(m->out, "%s\n", file_name(ctx, e->file));
	}
	LD_FREE(refs);
}

/* ---- the file */

/* The map's file name as GNU ld 2.40 reads -Map's argument: a '%' stands for the
 * output's path, and a directory gets <output's base name>.map inside it. Returns a
 * malloc'd string. */
static char *map_path(const char *arg, const char *output)
{
	const char *pct = strchr(arg, '%');
	size_t alen = strlen(arg), olen = strlen(output);
	char *path = ld_xrealloc(NULL, alen + olen + 6);
	struct stat st;
	if (pct) {
		size_t head = (size_t)(pct - arg);
		memcpy(path, arg, head);
		memcpy(path + head, output, olen);
		strcpy(path + head + olen, pct + 1);
	} else if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
		const char *base = strrchr(output, '/');
		base = base ? base + 1 : output;
		int slash = alen && arg[alen - 1] == '/';
		sprintf(path, "%s%s%s.map", arg, slash ? "" : "/", base);
	} else {
		strcpy(path, arg);
	}
	return path;
}

int map_write(struct ld_ctx *ctx)
{
	if (!ctx->opt->map_file)
		return 0;
	int to_stdout = !strcmp(ctx->opt->map_file, "-");
	char *path = map_path(ctx->opt->map_file, ctx->opt->output ? ctx->opt->output : "a.out");
	FILE *out = to_stdout ? stdout : fopen(path, "w");
	if (!out) {
		ld_error(ctx, "cannot open map file %s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	struct map m = {
		.ctx = ctx,
		.out = out,
		.addr_digits = ctx->elf_class == 32 ? 8 : 16,
	};
	find_members(&m);
	collect_placed_syms(&m);
	collect_linker_syms(&m);
	collect_merge_members(&m);

	print_archive_members(&m);
	print_common_allocation(&m);
	print_discarded(&m);
	print_memory(&m);
	print_memory_map(&m);
	if (ctx->opt->cref)
		print_cref(&m);

	free(m.archive_of);
	free(m.syms);
	free(m.lsyms);
	free(m.members);
	int bad = ferror(out);
	int err = errno;
	if (to_stdout) {
		if (fflush(out) != 0)
			bad = 1, err = errno;
	} else if (fclose(out) != 0) {
		bad = 1;
		err = errno;
	}
	if (bad)
		ld_error(ctx, "cannot write map file %s: %s", to_stdout ? "<stdout>" : path, strerror(err));
	free(path);
	return bad ? -1 : 0;
}
