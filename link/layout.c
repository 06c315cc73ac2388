/*
 * layout.c: where everything goes when no linker script says otherwise.
 *
 * GNU ld's default script for a static executable is the reference. Input sections
 * are grouped by name into output sections (.text.* into .text, and so on); SHF_MERGE
 * sections are deduplicated into one synthetic block per output section and entry
 * size; COMMON symbols get space in .bss. Output sections are ordered code, read-only
 * data, TLS, writable data, zero-initialised data, then what is not loaded, and each
 * change of permissions starts a PT_LOAD on a fresh page whose p_vaddr and p_offset
 * are congruent modulo the page size (loaders such as xv6's exec insist).
 *
 * Addresses are assigned again after every round of relaxation, so everything here
 * is recomputed from the input sections' current sizes and is idempotent.
 *
 * Also here: the address queries the targets use while relocating (ld_sym_addr,
 * ld_reloc_target, ...) and ld_delete_bytes, which relaxation uses to shrink code.
 */
#include <stdlib.h>
#include <string.h>

#include "ld.h"

enum {
	SHT_PROGBITS_ = 1, SHT_NOBITS_ = 8, SHT_NOTE_ = 7,
	SHT_INIT_ARRAY_ = 14, SHT_FINI_ARRAY_ = 15, SHT_PREINIT_ARRAY_ = 16,
};
enum { SHF_WRITE_ = 1, SHF_ALLOC_ = 2, SHF_EXECINSTR_ = 4, SHF_MERGE_ = 0x10, SHF_STRINGS_ = 0x20,
       SHF_TLS_ = 0x400, SHF_GROUP_ = 0x200 };
enum { SHN_UNDEF_ = 0, SHN_ABS_ = 0xfff1, SHN_COMMON_ = 0xfff2 };
enum { STT_SECTION_ = 3, STT_TLS_ = 6, STB_WEAK_ = 2 };
enum { PT_LOAD_ = 1, PT_TLS_ = 7 };
enum { PF_X_ = 1, PF_W_ = 2, PF_R_ = 4 };

/* A merge section's map from input offsets to offsets in its synthetic block. */
struct merge_map {
	uint32_t synth;          /* the synthetic isec holding the merged contents */
	uint32_t n;
	uint64_t *in, *out;      /* piece starts, sorted by input offset */
};

/* ---- output section names (GNU ld's default script) */

static int has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* name itself, or name followed by a '.' and anything. */
static int is_family(const char *s, const char *name)
{
	size_t n = strlen(name);
	return strncmp(s, name, n) == 0 && (s[n] == 0 || s[n] == '.');
}

const char *lay_output_name(const char *in)
{
	static const char *const families[] = {
		".text", ".rodata", ".data.rel.ro", ".data", ".sdata", ".sbss", ".bss",
		".tdata", ".tbss", ".init_array", ".fini_array", ".preinit_array",
		".gcc_except_table", ".srodata",
	};
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (is_family(in, families[i]))
			/* GNU's RISC-V script keeps .srodata inside .sdata, in reach of gp. */
			return !strcmp(families[i], ".srodata") ? ".sdata" : families[i];
	if (has_prefix(in, ".gnu.linkonce.t.")) return ".text";
	if (has_prefix(in, ".gnu.linkonce.r.")) return ".rodata";
	if (has_prefix(in, ".gnu.linkonce.d.")) return ".data";
	if (has_prefix(in, ".gnu.linkonce.b.")) return ".bss";
	if (has_prefix(in, ".gnu.linkonce.s.")) return ".sdata";
	if (has_prefix(in, ".gnu.linkonce.sb.")) return ".sbss";
	if (!strcmp(in, ".scommon")) return ".sbss";
	return in;
}

/* Whether GNU ld's default scripts (of the four targets, taken together) name output
 * section oname or discard what goes there: any other is an orphan's. */
static int default_script_places(const char *oname)
{
	static const char *const names[] = {
		".interp", ".note.gnu.build-id", ".note.gnu.property", ".note.GNU-stack", ".hash",
		".gnu.hash", ".dynsym", ".dynstr", ".gnu.version", ".gnu.version_d", ".gnu.version_r",
		".rela.dyn", ".rela.plt", ".relr.dyn", ".init", ".plt", ".text", ".fini", ".rodata",
		".rodata1", ".sdata2", ".sbss2", ".eh_frame_hdr", ".eh_frame", ".sframe",
		".gcc_except_table", ".gnu_extab", ".exception_ranges", ".tdata", ".tbss",
		".preinit_array", ".init_array", ".fini_array", ".ctors", ".dtors", ".jcr",
		".data.rel.ro", ".dynamic", ".got", ".got.plt", ".data", ".data1", ".sdata", ".sbss",
		".bss", ".lbss", ".lrodata", ".ldata", ".stab", ".stabstr", ".stab.excl",
		".stab.exclstr", ".stab.index", ".stab.indexstr", ".comment", ".gnu.build.attributes",
		".debug", ".line", ".gnu.attributes", ".gnu_debuglink",
	};
	if (has_prefix(oname, ".debug_") || has_prefix(oname, ".gnu.warning.") || has_prefix(oname, ".gnu.lto_"))
		return 1;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(oname, names[i]))
			return 1;
	return 0;
}

void lay_discard_isec(struct ld_ctx *ctx, uint32_t idx)
{
	struct ld_isec *s = &ctx->isecs.v[idx];
	s->live = 0;
	struct ld_file *f = &ctx->files.v[s->file];
	for (uint32_t i = 0; i < f->nsyms; i++)
		if (f->syms[i].shndx == s->shndx)
			f->syms[i].discarded = 1;
}

int lay_orphan(struct ld_ctx *ctx, uint32_t idx, const char *oname)
{
	const struct ld_isec *s = &ctx->isecs.v[idx];
	const struct ld_file *f = &ctx->files.v[s->file];
	if (f->name && !strcmp(f->name, "<internal>"))
		return 0;  /* the linker's own notes */
	switch (ctx->opt->orphan_handling) {
	case LD_ORPHAN_WARN:
		ld_warn(ctx, "%s:(%s) is being placed in '%s'", f->name, s->name, oname);
		return 0;
	case LD_ORPHAN_ERROR:
		ld_error(ctx, "%s:(%s) is being placed in '%s'", f->name, s->name, oname);
		return 0;
	case LD_ORPHAN_DISCARD:
		lay_discard_isec(ctx, idx);
		return 1;
	default:
		return 0;
	}
}

/* The order of output sections: rank, then a position among known names, then first
 * appearance. */
int lay_section_rank(const struct ld_osec *o)
{
	if (!(o->sh_flags & SHF_ALLOC_))
		return 9;
	if (o->sh_flags & SHF_TLS_)
		return o->sh_type == SHT_NOBITS_ ? 4 : 3;
	if (o->sh_flags & SHF_EXECINSTR_)
		return 1;
	if (!(o->sh_flags & SHF_WRITE_))
		return o->sh_type == SHT_NOTE_ ? 0 : 2;
	return o->sh_type == SHT_NOBITS_ ? 6 : 5;
}

static int known_position(const char *name)
{
	static const char *const order[] = {
		".init", ".text", ".fini", ".rodata", ".eh_frame_hdr", ".eh_frame", ".gcc_except_table",
		".tdata", ".tbss", ".preinit_array", ".init_array", ".fini_array", ".data.rel.ro",
		".data", ".got", ".sdata", ".sbss", ".bss",
	};
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (!strcmp(order[i], name))
			return (int)i;
	return 100;
}

/* ---- building output sections */

static uint32_t find_osec(struct ld_ctx *ctx, const char *name)
{
	for (uint32_t i = 1; i < ctx->osecs.len; i++)
		if (!strcmp(ctx->osecs.v[i].name, name))
			return i;
	return 0;
}

static uint32_t get_osec(struct ld_ctx *ctx, const char *name, const struct ld_isec *like)
{
	uint32_t i = find_osec(ctx, name);
	if (i) {
		struct ld_osec *o = &ctx->osecs.v[i];
		/* Mixed inputs make the output the most permissive; a PROGBITS input makes a
		 * NOBITS output hold bytes. */
		o->sh_flags |= like->sh_flags & (SHF_WRITE_ | SHF_EXECINSTR_ | SHF_ALLOC_);
		if (like->sh_type != SHT_NOBITS_ && o->sh_type == SHT_NOBITS_)
			o->sh_type = like->sh_type;
		if (like->sh_addralign > o->sh_addralign)
			o->sh_addralign = like->sh_addralign;
		return i;
	}
	if (ctx->osecs.len == 0)
		LD_PUSH(ctx->osecs, ((struct ld_osec){ 0 }));
	struct ld_osec o = {
		.name = name,
		.sh_type = like->sh_type,
		.sh_flags = like->sh_flags & ~(uint64_t)(SHF_MERGE_ | SHF_STRINGS_ | SHF_GROUP_),
		.sh_addralign = like->sh_addralign ? like->sh_addralign : 1,
		.sh_entsize = like->sh_entsize,
	};
	/* .sdata sits with the writable data even when only .srodata feeds it, as in
	 * GNU's script: gp must reach it and .sbss/.bss without a page between them. */
	if (!strcmp(name, ".sdata")) o.sh_flags |= SHF_WRITE_;
	if (!strcmp(name, ".init_array")) o.sh_type = SHT_INIT_ARRAY_;
	if (!strcmp(name, ".fini_array")) o.sh_type = SHT_FINI_ARRAY_;
	if (!strcmp(name, ".preinit_array")) o.sh_type = SHT_PREINIT_ARRAY_;
	LD_PUSH(ctx->osecs, o);
	return ctx->osecs.len - 1;
}

static uint32_t new_synthetic_isec(struct ld_ctx *ctx, const char *name, uint32_t type, uint64_t flags,
                                   uint64_t align)
{
	struct ld_isec s = {
		.name = name, .sh_type = type, .sh_flags = flags, .sh_addralign = align ? align : 1,
		.live = 1,
	};
	LD_PUSH(ctx->isecs, s);
	return ctx->isecs.len - 1;
}

/* ---- merge sections */

struct merge_group {
	uint32_t osec, synth;
	uint64_t flags, entsize, align;
	/* the dedup table: open addressing over pieces already in the synthetic block */
	struct ment { const uint8_t *p; uint64_t len; uint64_t out; uint32_t hash; } *tab;
	uint32_t cap, used;
	uint8_t *buf;
	uint64_t len, bufcap;
};

static uint32_t hash_bytes(const uint8_t *p, uint64_t n)
{
	uint32_t h = 2166136261u;
	for (uint64_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h ? h : 1;
}

static void mg_grow(struct merge_group *g)
{
	uint32_t ncap = g->cap ? g->cap * 2 : 1024;
	struct ment *nt = calloc(ncap, sizeof(*nt));
	if (!nt)
		ld_fatal("out of memory");
	for (uint32_t i = 0; i < g->cap; i++) {
		if (!g->tab[i].hash)
			continue;
		uint32_t j = g->tab[i].hash & (ncap - 1);
		while (nt[j].hash)
			j = (j + 1) & (ncap - 1);
		nt[j] = g->tab[i];
	}
	free(g->tab);
	g->tab = nt;
	g->cap = ncap;
}

/* The offset of piece p (n bytes) in the group's block, adding it when new. */
static uint64_t mg_add(struct merge_group *g, const uint8_t *p, uint64_t n, uint64_t align)
{
	if ((g->used + 1) * 4 >= g->cap * 3)
		mg_grow(g);
	uint32_t h = hash_bytes(p, n);
	uint32_t j = h & (g->cap - 1);
	while (g->tab[j].hash) {
		struct ment *e = &g->tab[j];
		if (e->hash == h && e->len == n && !memcmp(e->p, p, n))
			return e->out;
		j = (j + 1) & (g->cap - 1);
	}
	uint64_t out = (g->len + align - 1) / align * align;
	if (out + n > g->bufcap) {
		g->bufcap = (out + n) * 2 + 4096;
		g->buf = ld_xrealloc(g->buf, g->bufcap);
	}
	memset(g->buf + g->len, 0, out - g->len);
	memcpy(g->buf + out, p, n);
	g->len = out + n;
	g->tab[j] = (struct ment){ .p = p, .len = n, .out = out, .hash = h };
	g->used++;
	return out;
}

/* Splits merge section isec into pieces (strings with their NUL, or entsize-byte
 * constants) and maps each into its group. A malformed section (an unterminated
 * string, a size that is no multiple of entsize) is kept whole, unmerged. */
static void merge_isec(struct ld_ctx *ctx, struct merge_group *g, uint32_t idx)
{
	struct ld_isec *s = &ctx->isecs.v[idx];
	uint64_t ent = s->sh_entsize ? s->sh_entsize : 1;
	int strings = (s->sh_flags & SHF_STRINGS_) != 0;
	struct merge_map *m = calloc(1, sizeof(*m));
	if (!m)
		ld_fatal("out of memory");
	m->synth = g->synth;
	uint64_t cap = 16;
	m->in = ld_xrealloc(NULL, cap * sizeof(uint64_t));
	m->out = ld_xrealloc(NULL, cap * sizeof(uint64_t));
	uint64_t off = 0;
	while (off < s->size) {
		uint64_t n;
		if (strings) {
			n = s->size;    /* not terminated: the rest as one piece */
			for (uint64_t i = off; i + ent <= s->size; i += ent) {
				int zero = 1;
				for (uint64_t k = 0; k < ent; k++)
					zero &= s->data[i + k] == 0;
				if (zero) {
					n = i + ent - off;
					break;
				}
			}
			if (n == s->size)
				n = s->size - off;
		} else {
			n = ent <= s->size - off ? ent : s->size - off;
		}
		if (m->n == cap) {
			cap *= 2;
			m->in = ld_xrealloc(m->in, cap * sizeof(uint64_t));
			m->out = ld_xrealloc(m->out, cap * sizeof(uint64_t));
		}
		m->in[m->n] = off;
		/* Every piece keeps the section's alignment: GCC aligns string literals
		 * (.rodata.str1.8) so that it may load them a word at a time. */
		m->out[m->n] = mg_add(g, s->data + off, n, s->sh_addralign ? s->sh_addralign : 1);
		m->n++;
		off += n;
	}
	s->merge = m;
	s->osec = g->osec;
}

/* Maps offset x of merge section s to the offset in its synthetic block. */
static uint64_t merge_offset(const struct ld_isec *s, uint64_t x)
{
	const struct merge_map *m = s->merge;
	uint32_t lo = 0, hi = m->n;
	while (hi - lo > 1) {
		uint32_t mid = (lo + hi) / 2;
		if (m->in[mid] <= x)
			lo = mid;
		else
			hi = mid;
	}
	return m->n ? m->out[lo] + (x - m->in[lo]) : x;
}

/* The merge groups of a link: one per output section, kind (strings or constants),
 * entry size and alignment, so that a piece found in the table is always aligned as
 * its new user needs. */
struct lay_merge {
	LD_VEC(struct merge_group) groups;
};

struct lay_merge *lay_merge_new(void)
{
	struct lay_merge *m = calloc(1, sizeof(*m));
	if (!m)
		ld_fatal("out of memory");
	return m;
}

uint32_t lay_merge_add(struct ld_ctx *ctx, struct lay_merge *m, uint32_t o, uint32_t idx)
{
	struct ld_isec *s = &ctx->isecs.v[idx];
	uint64_t ent = s->sh_entsize ? s->sh_entsize : 1;
	uint64_t al = s->sh_addralign ? s->sh_addralign : 1;
	uint64_t kind = s->sh_flags & SHF_STRINGS_;
	struct merge_group *g = NULL;
	uint32_t created = 0;
	for (uint32_t gi = 0; gi < m->groups.len && !g; gi++)
		if (m->groups.v[gi].osec == o && m->groups.v[gi].entsize == ent && m->groups.v[gi].flags == kind &&
		    m->groups.v[gi].align == al)
			g = &m->groups.v[gi];
	if (!g) {
		struct merge_group ng = { .osec = o, .entsize = ent, .align = al, .flags = kind };
		ng.synth = new_synthetic_isec(ctx, s->name, s->sh_type, s->sh_flags & ~(uint64_t)(SHF_MERGE_ | SHF_STRINGS_),
		                              al);
		LD_PUSH(m->groups, ng);
		g = &m->groups.v[m->groups.len - 1];
		created = ng.synth;
	}
	merge_isec(ctx, g, idx);
	return created;
}

void lay_merge_finish(struct ld_ctx *ctx, struct lay_merge *m)
{
	for (uint32_t gi = 0; gi < m->groups.len; gi++) {
		struct merge_group *g = &m->groups.v[gi];
		struct ld_isec *syn = &ctx->isecs.v[g->synth];
		syn->data = g->buf;
		syn->size = g->len;
		syn->owned_data = 1;
		free(g->tab);
		/* An output section that is this one merged block stays mergeable, as in GNU ld
		 * (.comment and .debug_str read "MS", entsize 1). */
		struct ld_osec *o = &ctx->osecs.v[g->osec];
		if (o->isecs.len == 1 && o->isecs.v[0] == g->synth) {
			o->sh_flags |= SHF_MERGE_ | g->flags;
			o->sh_entsize = g->entsize;
		}
	}
	LD_FREE(m->groups);
	free(m);
}

static struct ld_ctx *sort_ctx;   /* for the qsort comparators below */

/* The priority of an .init_array.NNNNN section; plain ones run last. */
static unsigned long init_priority(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot || dot == name || !dot[1])
		return 65536;
	char *end;
	unsigned long v = strtoul(dot + 1, &end, 10);
	return *end ? 65536 : v;
}

static int cmp_init(const void *a, const void *b)
{
	const struct ld_isec *x = &sort_ctx->isecs.v[*(const uint32_t *)a];
	const struct ld_isec *y = &sort_ctx->isecs.v[*(const uint32_t *)b];
	unsigned long px = init_priority(x->name), py = init_priority(y->name);
	if (px != py)
		return px < py ? -1 : 1;
	return ld_input_cmp(sort_ctx, *(const uint32_t *)a, *(const uint32_t *)b);
}

/* GNU ld's default script gathers cold, exit, startup and hot code first, each kind
 * in input order, then the rest: .text.unlikely .text.*_unlikely .text.unlikely.*,
 * .text.exit*, .text.startup*, .text.hot*, then .text and .text.*. Matching it keeps
 * alignment padding, and with it .text's size, the same as GNU ld's. */
static int text_rank(const char *name)
{
	if (is_family(name, ".text.unlikely"))
		return 0;
	size_t n = strlen(name);
	if (n > 9 && !strcmp(name + n - 9, "_unlikely") && has_prefix(name, ".text."))
		return 0;
	if (is_family(name, ".text.exit"))
		return 1;
	if (is_family(name, ".text.startup"))
		return 2;
	if (is_family(name, ".text.hot"))
		return 3;
	return 4;
}

static int cmp_text(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int rx = text_rank(sort_ctx->isecs.v[x].name), ry = text_rank(sort_ctx->isecs.v[y].name);
	if (rx != ry)
		return rx - ry;
	return ld_input_cmp(sort_ctx, x, y);
}

uint32_t ld_sym_osec(struct ld_ctx *ctx, uint32_t sym)
{
	if (!sym || sym >= ctx->syms.len)
		return 0;
	const struct ld_sym *y = &ctx->syms.v[sym];
	if (y->def == LD_DEF_REGULAR)
		return y->isec < ctx->isecs.len ? ctx->isecs.v[y->isec].osec : 0;
	if (y->def == LD_DEF_LINKER && ctx->sl)
		return sl_sym_osec(ctx, sym);
	return 0;
}

uint32_t ld_link_order(struct ld_ctx *ctx)
{
	if (ctx->file_rank)
		return ctx->link_order.len;
	if (!ctx->link_order.len)
		for (uint32_t fi = 1; fi < ctx->files.len; fi++)
			if (ctx->files.v[fi].is_object)
				LD_PUSH(ctx->link_order, fi);
	ctx->file_rank = ld_xrealloc(NULL, (size_t)(ctx->files.len ? ctx->files.len : 1) * sizeof(uint32_t));
	for (uint32_t fi = 0; fi < ctx->files.len; fi++)
		ctx->file_rank[fi] = UINT32_MAX;
	for (uint32_t k = 0; k < ctx->link_order.len; k++)
		ctx->file_rank[ctx->link_order.v[k]] = k;
	return ctx->link_order.len;
}

void ld_link_order_free(struct ld_ctx *ctx)
{
	LD_FREE(ctx->link_order);
	free(ctx->file_rank);
	ctx->file_rank = NULL;
}

int ld_input_cmp(const struct ld_ctx *ctx, uint32_t x, uint32_t y)
{
	uint32_t fx = ctx->isecs.v[x].file, fy = ctx->isecs.v[y].file;
	uint32_t rx = ctx->file_rank && fx < ctx->files.len ? ctx->file_rank[fx] : UINT32_MAX;
	uint32_t ry = ctx->file_rank && fy < ctx->files.len ? ctx->file_rank[fy] : UINT32_MAX;
	if (!fx)
		rx = UINT32_MAX;
	if (!fy)
		ry = UINT32_MAX;
	if (rx != ry)
		return rx < ry ? -1 : 1;
	return x < y ? -1 : x > y;
}

uint32_t lay_attr_osec(struct ld_ctx *ctx)
{
	if (!ctx->lt->attr_section)
		return 0;
	for (uint32_t i = 1; i < ctx->osecs.len; i++)
		if (!strcmp(ctx->osecs.v[i].name, ctx->lt->attr_section) && ctx->osecs.v[i].isecs.len)
			return i;
	return 0;
}

int lay_has_gnu_stack(struct ld_ctx *ctx)
{
	return !ctx->phdrs_explicit && (ctx->saw_gnu_stack || ctx->opt->execstack);
}

int lay_is_note_osec(const struct ld_osec *o)
{
	return o->sh_type == SHT_NOTE_ && (o->sh_flags & SHF_ALLOC_) && o->isecs.len;
}

/* Allocated notes are read through program headers: a loader finds a PVH entry or a
 * build ID by PT_NOTE, not by section name. Like GNU ld, each allocated note output
 * section gets one. */
static uint32_t count_note_osecs(struct ld_ctx *ctx)
{
	uint32_t n = 0;
	for (uint32_t i = 1; i < ctx->osecs.len; i++)
		n += lay_is_note_osec(&ctx->osecs.v[i]);
	return n;
}

uint32_t lay_phnum(struct ld_ctx *ctx, uint32_t nload, int has_tls)
{
	uint32_t n = nload + (lay_attr_osec(ctx) ? 1 : 0);
	if (ctx->phdrs_explicit)
		return n;
	return n + (has_tls ? 1 : 0) + count_note_osecs(ctx) + (lay_has_gnu_stack(ctx) ? 1 : 0);
}

/* COMMON symbols in the order they get space: larger alignment first (less padding;
 * GNU ld's images of the corpus put them so), then symbol table order. Returns how
 * many; *out is malloc'ed. */
static struct ld_ctx *common_ctx;
static int cmp_common(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uint64_t ax = common_ctx->syms.v[x].value, ay = common_ctx->syms.v[y].value;
	if (ax != ay)
		return ax > ay ? -1 : 1;
	return x < y ? -1 : 1;
}

uint32_t lay_common_order(struct ld_ctx *ctx, uint32_t **out)
{
	uint32_t n = 0;
	*out = ld_xrealloc(NULL, ((size_t)ctx->syms.len + 1) * sizeof(uint32_t));
	for (uint32_t i = 1; i < ctx->syms.len; i++)
		if (ctx->syms.v[i].def == LD_DEF_COMMON)
			(*out)[n++] = i;
	common_ctx = ctx;
	qsort(*out, n, sizeof(uint32_t), cmp_common);
	return n;
}

void lay_create_sections(struct ld_ctx *ctx)
{
	if (ctx->sl) {
		sl_create_sections(ctx);
		return;
	}
	struct lay_merge *merge = lay_merge_new();
	uint32_t attributes = 0;
	if (ctx->osecs.len == 0)
		LD_PUSH(ctx->osecs, ((struct ld_osec){ 0 }));

	for (uint32_t li = 0, n = ld_link_order(ctx); li < n; li++) {
		struct ld_file *f = &ctx->files.v[ctx->link_order.v[li]];
		for (uint32_t k = 1; k < f->nsec; k++) {
			uint32_t idx = f->first_isec + k;
			struct ld_isec *s = &ctx->isecs.v[idx];
			if (!s->live || s->sh_type == 0)
				continue;
			if (ctx->opt->strip_debug && !(s->sh_flags & SHF_ALLOC_) && has_prefix(s->name, ".debug"))
				continue;
			const char *oname = lay_output_name(s->name);
			if (ctx->opt->orphan_handling != LD_ORPHAN_PLACE && !default_script_places(oname) &&
			    lay_orphan(ctx, idx, oname))
				continue;
			/* Attribute sections are merged by rule in GNU ld; every GCC object in one
			 * link carries the same ISA string in practice, so the first one stands. */
			if (!strcmp(s->name, ".riscv.attributes")) {
				if (attributes)
					continue;
				attributes = idx;
			}
			uint32_t o = get_osec(ctx, oname, s);
			if (s->is_merge && s->data && s->size) {
				uint32_t synth = lay_merge_add(ctx, merge, o, idx);
				if (synth) {
					LD_PUSH(ctx->osecs.v[o].isecs, synth);
					ctx->isecs.v[synth].osec = o;
				}
				continue;
			}
			s->osec = o;
			LD_PUSH(ctx->osecs.v[o].isecs, idx);
		}
	}
	lay_merge_finish(ctx, merge);

	// COMMON symbols: space at the end of .bss, largest size and alignment seen.
	uint32_t common = 0;
	uint64_t coff = 0;
	uint32_t *order;
	uint32_t ncommon = lay_common_order(ctx, &order);
	for (uint32_t k = 0; k < ncommon; k++) {
		struct ld_sym *y = &ctx->syms.v[order[k]];
		uint64_t al = y->value ? y->value : 1;
		if (!common) {
			struct ld_isec like = { .sh_type = SHT_NOBITS_, .sh_flags = SHF_ALLOC_ | SHF_WRITE_, .sh_addralign = al };
			uint32_t o = get_osec(ctx, ".bss", &like);
			common = new_synthetic_isec(ctx, "COMMON", SHT_NOBITS_, SHF_ALLOC_ | SHF_WRITE_, al);
			ctx->isecs.v[common].osec = o;
			LD_PUSH(ctx->osecs.v[o].isecs, common);
		}
		struct ld_isec *c = &ctx->isecs.v[common];
		if (al > c->sh_addralign)
			c->sh_addralign = al;
		coff = align_up(coff, al);
		y->def = LD_DEF_REGULAR;
		y->isec = common;
		y->value = coff;
		coff += y->size;
		c->size = coff;
	}
	free(order);

	// Constructors run by priority: .init_array.00100 before .init_array.
	sort_ctx = ctx;
	for (uint32_t i = 1; i < ctx->osecs.len; i++) {
		struct ld_osec *o = &ctx->osecs.v[i];
		if (o->isecs.len < 2)
			continue;
		if (o->sh_type == SHT_INIT_ARRAY_ || o->sh_type == SHT_FINI_ARRAY_ || o->sh_type == SHT_PREINIT_ARRAY_)
			qsort(o->isecs.v, o->isecs.len, sizeof(uint32_t), cmp_init);
		else if (!strcmp(o->name, ".text"))
			qsort(o->isecs.v, o->isecs.len, sizeof(uint32_t), cmp_text);
	}
}

/* ---- GOT and ordering */

static int cmp_osec(const void *a, const void *b)
{
	const struct ld_osec *x = a, *y = b;
	int rx = lay_section_rank(x), ry = lay_section_rank(y);
	if (rx != ry)
		return rx - ry;
	int kx = known_position(x->name), ky = known_position(y->name);
	if (kx != ky)
		return kx - ky;
	return x->shndx < y->shndx ? -1 : x->shndx > y->shndx;
}

void lay_scan_relocs(struct ld_ctx *ctx)
{
	for (uint32_t i = 1; i < ctx->isecs.len; i++) {
		struct ld_isec *s = &ctx->isecs.v[i];
		if (s->osec && s->nrels && s->file)
			ctx->lt->scan_section(ctx, i);
	}
	const char *got_sym = "_GLOBAL_OFFSET_TABLE_";
	struct ld_sym *gs = res_find(ctx, got_sym);
	if (gs && gs->def == LD_UNDEF)
		ctx->needs_got_base = 1;

	// One GOT slot per symbol that keeps a GOT-relative reference.
	LD_PUSH(ctx->got, ((struct ld_got_slot){ 0 }));
	for (uint32_t i = 1; i < ctx->syms.len; i++)
		if (ctx->syms.v[i].flags & LD_SYM_NEEDS_GOT) {
			ctx->syms.v[i].got = ctx->got.len;
			LD_PUSH(ctx->got, ((struct ld_got_slot){ i }));
		}
	if (ctx->got.len > 1 || ctx->needs_got_base) {
		struct ld_isec like = { .sh_type = SHT_PROGBITS_, .sh_flags = SHF_ALLOC_ | SHF_WRITE_,
		                        .sh_addralign = ctx->t->ptr_size };
		uint32_t o = get_osec(ctx, ".got", &like);
		ctx->osecs.v[o].is_got = 1;
		/* x86 keeps three reserved words in front of a static GOT (.got.plt's
		 * _DYNAMIC and the two lazy-binding words); solder keeps one reserved word
		 * on every target so that slot 1 never sits at _GLOBAL_OFFSET_TABLE_ + 0. */
		ctx->osecs.v[o].size = (uint64_t)ctx->got.len * ctx->t->ptr_size;
	}

	// Fixed order: code, read-only data, TLS, data, bss, then what is not loaded.
	// A script's order is the script's; a .got it does not place follows the data.
	for (uint32_t i = 1; i < ctx->osecs.len; i++)
		ctx->osecs.v[i].shndx = i;   /* first appearance, for stable ordering */
	if (!ctx->sl) {
		qsort(ctx->osecs.v + 1, ctx->osecs.len - 1, sizeof(struct ld_osec), cmp_osec);
	} else if (ctx->osecs.len > 2 && ctx->osecs.v[ctx->osecs.len - 1].is_got &&
	           !ctx->osecs.v[ctx->osecs.len - 1].isecs.len) {
		uint32_t last = ctx->osecs.len - 1, after = 0;
		for (uint32_t i = 1; i < last; i++)
			if ((ctx->osecs.v[i].sh_flags & SHF_ALLOC_) && (ctx->osecs.v[i].sh_flags & SHF_WRITE_) &&
			    ctx->osecs.v[i].sh_type != SHT_NOBITS_)
				after = i;
		if (after && after + 1 < last) {
			struct ld_osec got = ctx->osecs.v[last];
			memmove(&ctx->osecs.v[after + 2], &ctx->osecs.v[after + 1], (size_t)(last - after - 1) * sizeof(got));
			ctx->osecs.v[after + 1] = got;
		}
	}
	ctx->got_osec = 0;
	for (uint32_t i = 1; i < ctx->osecs.len; i++) {
		struct ld_osec *o = &ctx->osecs.v[i];
		o->shndx = 0;
		if (o->is_got)
			ctx->got_osec = i;
		for (uint32_t k = 0; k < o->isecs.len; k++) {
			struct ld_isec *s = &ctx->isecs.v[o->isecs.v[k]];
			if (s->merge)
				continue;
			s->osec = i;
		}
	}
	// Merge members point at their synthetic block's output section.
	for (uint32_t i = 1; i < ctx->isecs.len; i++) {
		struct ld_isec *s = &ctx->isecs.v[i];
		if (s->merge)
			s->osec = ctx->isecs.v[((struct merge_map *)s->merge)->synth].osec;
	}
	for (uint32_t i = 0; i < ctx->opt->section_starts.len; i++) {
		const struct ld_section_start *ss = &ctx->opt->section_starts.v[i];
		uint32_t o = find_osec(ctx, ss->name);
		if (o) {
			ctx->osecs.v[o].fixed_addr = 1;
			ctx->osecs.v[o].addr = ss->addr;
		}
	}
	if (ctx->got_osec && ctx->opt->has_got_addr) {
		ctx->osecs.v[ctx->got_osec].fixed_addr = 1;
		ctx->osecs.v[ctx->got_osec].addr = ctx->opt->got_addr;
	}
}

/* ---- addresses */

static uint32_t seg_flags(const struct ld_osec *o, int one_segment)
{
	if (one_segment)
		return PF_R_ | PF_W_ | PF_X_;
	return PF_R_ | (o->sh_flags & SHF_WRITE_ ? PF_W_ : 0) | (o->sh_flags & SHF_EXECINSTR_ ? PF_X_ : 0);
}

/* Sets a linker-defined symbol when something refers to it (GNU's PROVIDE). */
static void provide(struct ld_ctx *ctx, const char *name, uint64_t addr)
{
	struct ld_sym *y = res_find(ctx, name);
	/* --defsym and script assignments (LD_SYM_DEFSYM) are the user's to define */
	if (!y || (y->def != LD_UNDEF && y->def != LD_DEF_LINKER) || (y->flags & LD_SYM_DEFSYM))
		return;
	y->def = LD_DEF_LINKER;
	y->addr = addr;
	y->value = addr;
}

static int is_c_identifier(const char *s)
{
	if (!*s)
		return 0;
	for (const char *p = s; *p; p++) {
		int ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_' ||
		         (p != s && *p >= '0' && *p <= '9');
		if (!ok)
			return 0;
	}
	return 1;
}

static uint64_t osec_end(const struct ld_osec *o)
{
	return o->addr + o->size;
}

/* GNU ld's default placement: one PT_LOAD per run of sections with the same
 * permissions, each on a fresh page with p_offset congruent to p_vaddr; the headers
 * in front of the first one. Sets *base and *headers_loaded. */
static void default_addresses(struct ld_ctx *ctx, int has_tls, uint64_t *base_out, int *headers_loaded_out)
{
	const struct ld_options *opt = ctx->opt;
	const uint64_t page = opt->max_page_size ? opt->max_page_size : ctx->t->page_size;
	const int paged = !opt->omagic && !opt->nmagic;
	/* -N and -n: one RWX segment after the (unloaded) headers, as GNU ld makes. */
	const int one_segment = !paged;
	const unsigned ehdr_size = ctx->elf_class == 64 ? 64 : 52;
	const unsigned phdr_size = ctx->elf_class == 64 ? 56 : 32;

	// Segments: one PT_LOAD per run of sections with the same permissions.
	uint32_t nload = 0;
	{
		uint32_t prev_flags = 0;
		int prev_nobits = 0;
		for (uint32_t i = 1; i < ctx->osecs.len; i++) {
			struct ld_osec *o = &ctx->osecs.v[i];
			if (!(o->sh_flags & SHF_ALLOC_))
				continue;
			uint32_t fl = seg_flags(o, one_segment);
			int tbss = (o->sh_flags & SHF_TLS_) && o->sh_type == SHT_NOBITS_;
			if (!nload || fl != prev_flags || o->fixed_addr || (prev_nobits && o->sh_type != SHT_NOBITS_))
				nload++;
			prev_flags = fl;
			if (!tbss)
				prev_nobits = o->sh_type == SHT_NOBITS_;
		}
	}
	/* + PT_TLS, PT_NOTE for the build id, PT_GNU_STACK */
	uint32_t phnum = lay_phnum(ctx, nload, has_tls);
	uint64_t hdr_size = ehdr_size + (uint64_t)phnum * phdr_size;

	uint64_t base = opt->has_image_base ? opt->image_base : ctx->t->default_image_base;
	uint32_t first_alloc = 0;
	for (uint32_t i = 1; i < ctx->osecs.len && !first_alloc; i++)
		if (ctx->osecs.v[i].sh_flags & SHF_ALLOC_)
			first_alloc = i;
	/* The headers are loaded in front of the first section unless that section is
	 * placed by hand (-Ttext) below where they would end. */
	int headers_loaded = !one_segment;
	if (first_alloc && ctx->osecs.v[first_alloc].fixed_addr) {
		uint64_t a = ctx->osecs.v[first_alloc].addr;
		if (opt->has_image_base ? a < base + hdr_size : 1)
			headers_loaded = 0;
	}

	ctx->segs.len = 0;
	LD_PUSH(ctx->segs, ((struct ld_seg){ 0 }));
	uint64_t addr = base + hdr_size;
	uint64_t off = hdr_size;
	uint32_t cur = 0, cur_flags = 0;
	int cur_nobits = 0;
	for (uint32_t i = 1; i < ctx->osecs.len; i++) {
		struct ld_osec *o = &ctx->osecs.v[i];
		if (!(o->sh_flags & SHF_ALLOC_)) {
			o->addr = 0;
			o->seg = 0;
			continue;
		}
		uint32_t fl = seg_flags(o, one_segment);
		int is_tbss = (o->sh_flags & SHF_TLS_) && o->sh_type == SHT_NOBITS_;
		uint64_t al = o->sh_addralign ? o->sh_addralign : 1;
		if (!cur || fl != cur_flags || o->fixed_addr || (cur_nobits && o->sh_type != SHT_NOBITS_)) {
			if (o->fixed_addr) {
				addr = o->addr;
			} else if (!cur && headers_loaded) {
				/* the first segment starts at the image base, headers included */
			} else if (paged) {
				addr = align_up(addr, page) + (off & (page - 1));
			}
			if (paged || o->fixed_addr) {
				/* p_offset must be congruent to p_vaddr modulo the page size. */
				uint64_t want = addr & (page - 1);
				uint64_t o2 = (off & ~(page - 1)) + want;
				if (o2 < off)
					o2 += page;
				off = o2;
			}
			struct ld_seg sg = { .p_type = PT_LOAD_, .p_flags = fl, .p_align = paged ? page : al };
			if (!cur && headers_loaded) {
				sg.p_vaddr = base;
				sg.p_offset = 0;
			} else {
				uint64_t a0 = align_up(addr, al);
				sg.p_vaddr = a0;
				sg.p_offset = off + (a0 - addr);
			}
			LD_PUSH(ctx->segs, sg);
			cur = ctx->segs.len - 1;
			cur_flags = fl;
		}
		if (!o->fixed_addr || addr != o->addr) {
			uint64_t a = align_up(addr, al);
			off += a - addr;
			addr = a;
		}
		o->addr = addr;
		o->lma = addr;
		o->offset = off;
		o->seg = cur;
		struct ld_seg *sg = &ctx->segs.v[cur];
		if (is_tbss) {
			/* .tbss takes no room: the TLS image's zero part lives per thread. */
			if (o->size && sg->p_memsz < addr - sg->p_vaddr)
				sg->p_memsz = addr - sg->p_vaddr;
			continue;
		}
		addr += o->size;
		if (o->sh_type != SHT_NOBITS_) {
			off += o->size;
			sg->p_filesz = addr - sg->p_vaddr;
			cur_nobits = 0;
		} else {
			cur_nobits = 1;
		}
		sg->p_memsz = addr - sg->p_vaddr;
		if (paged && al > sg->p_align)
			sg->p_align = al;
	}
	for (uint32_t s = 1; s < ctx->segs.len; s++)
		if (ctx->segs.v[s].p_filesz > ctx->segs.v[s].p_memsz)
			ctx->segs.v[s].p_memsz = ctx->segs.v[s].p_filesz;
	for (uint32_t s = 1; s < ctx->segs.len; s++)
		ctx->segs.v[s].p_paddr = ctx->segs.v[s].p_vaddr;

	*base_out = base;
	*headers_loaded_out = headers_loaded;
}

void lay_assign_addresses(struct ld_ctx *ctx)
{
	const struct ld_options *opt = ctx->opt;
	uint64_t base;
	int headers_loaded;

	// Sizes and places of the blocks inside each output section (a script places
	// them itself, between its assignments).
	int has_tls = 0;
	if (ctx->script && ctx->sl) {
		sl_assign(ctx, 0);
		base = ctx->segs.len > 1 ? ctx->segs.v[1].p_vaddr : 0;
		headers_loaded = ctx->headers_loaded;
		goto placed;
	}
	for (uint32_t i = 1; i < ctx->osecs.len; i++) {
		struct ld_osec *o = &ctx->osecs.v[i];
		if (o->is_got) {
			o->size = (uint64_t)ctx->got.len * ctx->t->ptr_size;
			continue;
		}
		uint64_t off = 0;
		for (uint32_t k = 0; k < o->isecs.len; k++) {
			struct ld_isec *s = &ctx->isecs.v[o->isecs.v[k]];
			uint64_t al = s->sh_addralign ? s->sh_addralign : 1;
			if (al > o->sh_addralign)
				o->sh_addralign = al;
			off = align_up(off, al);
			s->off = off;
			off += s->size;
			if (k)
				ctx->isecs.v[o->isecs.v[k - 1]].capacity = s->off - ctx->isecs.v[o->isecs.v[k - 1]].off;
		}
		if (o->isecs.len)
			ctx->isecs.v[o->isecs.v[o->isecs.len - 1]].capacity =
				off - ctx->isecs.v[o->isecs.v[o->isecs.len - 1]].off;
		o->size = off;
		if (o->sh_flags & SHF_TLS_)
			has_tls = 1;
	}

	default_addresses(ctx, has_tls, &base, &headers_loaded);
placed:;
	struct ld_osec *tdata = NULL, *tbss = NULL;
	for (uint32_t i = 1; i < ctx->osecs.len; i++) {
		struct ld_osec *o = &ctx->osecs.v[i];
		if ((o->sh_flags & SHF_TLS_) && (o->sh_flags & SHF_ALLOC_)) {
			if (o->sh_type == SHT_NOBITS_)
				tbss = o;
			else
				tdata = o;
		}
	}

	// Overlaps can only come from addresses given on the command line (a script's
	// OVERLAY shares addresses on purpose).
	for (uint32_t i = 1; i < ctx->osecs.len && !ctx->sl; i++) {
		struct ld_osec *a = &ctx->osecs.v[i];
		if (!(a->sh_flags & SHF_ALLOC_) || !a->size || ((a->sh_flags & SHF_TLS_) && a->sh_type == SHT_NOBITS_))
			continue;
		for (uint32_t j = i + 1; j < ctx->osecs.len; j++) {
			struct ld_osec *b = &ctx->osecs.v[j];
			if (!(b->sh_flags & SHF_ALLOC_) || !b->size || ((b->sh_flags & SHF_TLS_) && b->sh_type == SHT_NOBITS_))
				continue;
			if (a->addr < osec_end(b) && b->addr < osec_end(a))
				ld_error(ctx, "section %s virtual address range overlaps with %s\n>>> %s range is [0x%llx, 0x%llx]\n>>> %s range is [0x%llx, 0x%llx]",
				         a->name, b->name, a->name, (unsigned long long)a->addr,
				         (unsigned long long)(osec_end(a) - 1), b->name, (unsigned long long)b->addr,
				         (unsigned long long)(osec_end(b) - 1));
		}
	}

	// TLS block: .tdata then .tbss, aligned to the larger alignment.
	ctx->tls_addr = ctx->tls_memsz = 0;
	ctx->tls_align = 1;
	if (tdata || tbss) {
		struct ld_osec *first = tdata ? tdata : tbss;
		ctx->tls_addr = first->addr;
		uint64_t end = tbss ? tbss->addr + tbss->size : tdata->addr + tdata->size;
		ctx->tls_memsz = end - ctx->tls_addr;
		if (tdata && tdata->sh_addralign > ctx->tls_align) ctx->tls_align = tdata->sh_addralign;
		if (tbss && tbss->sh_addralign > ctx->tls_align) ctx->tls_align = tbss->sh_addralign;
	}
	ctx->got_addr = ctx->got_osec ? ctx->osecs.v[ctx->got_osec].addr : 0;
	ctx->header_addr = headers_loaded ? base : 0;
	ctx->headers_loaded = (uint8_t)headers_loaded;

	// Linker-defined symbols, as GNU ld's default script defines them.
	uint64_t text_end = 0, data_start = 0, data_end = 0, bss_start = 0, bss_end = 0, end = 0;
	uint64_t sdata_start = 0, last_alloc_end = base;
	uint64_t arrays[3][2] = { { 0 } };
	static const char *const array_names[3] = { ".preinit_array", ".init_array", ".fini_array" };
	int have_array[3] = { 0 };
	for (uint32_t i = 1; i < ctx->osecs.len; i++) {
		struct ld_osec *o = &ctx->osecs.v[i];
		if (!(o->sh_flags & SHF_ALLOC_))
			continue;
		int is_tbss = (o->sh_flags & SHF_TLS_) && o->sh_type == SHT_NOBITS_;
		uint64_t e = is_tbss ? o->addr : osec_end(o);
		if (o->sh_flags & SHF_EXECINSTR_)
			text_end = e > text_end ? e : text_end;
		if ((o->sh_flags & SHF_WRITE_) && o->sh_type != SHT_NOBITS_) {
			if (!data_start)
				data_start = o->addr;
			data_end = e;
		}
		if (o->sh_type == SHT_NOBITS_ && !is_tbss) {
			if (!bss_start)
				bss_start = o->addr;
			bss_end = e;
		}
		if (!strcmp(o->name, ".sdata"))
			sdata_start = o->addr;
		for (int a = 0; a < 3; a++)
			if (!strcmp(o->name, array_names[a])) {
				arrays[a][0] = o->addr;
				arrays[a][1] = osec_end(o);
				have_array[a] = 1;
			}
		if (e > end)
			end = e;
		last_alloc_end = e > last_alloc_end ? e : last_alloc_end;
	}
	if (!data_start)
		data_start = data_end = text_end;
	if (!bss_start)
		bss_start = bss_end = data_end;
	if (!sdata_start)
		sdata_start = data_end;
	for (int a = 0; a < 3; a++)
		if (!have_array[a])
			arrays[a][0] = arrays[a][1] = data_start;
	provide(ctx, "_etext", text_end);
	provide(ctx, "etext", text_end);
	provide(ctx, "__etext", text_end);
	provide(ctx, "_edata", data_end);
	provide(ctx, "edata", data_end);
	provide(ctx, "__bss_start", bss_start);
	provide(ctx, "__BSS_END__", bss_end);
	provide(ctx, "__DATA_BEGIN__", data_start);
	provide(ctx, "__SDATA_BEGIN__", sdata_start);
	provide(ctx, "_end", end);
	provide(ctx, "end", end);
	provide(ctx, "__end", end);
	provide(ctx, "__executable_start", base);
	provide(ctx, "__preinit_array_start", arrays[0][0]);
	provide(ctx, "__preinit_array_end", arrays[0][1]);
	provide(ctx, "__init_array_start", arrays[1][0]);
	provide(ctx, "__init_array_end", arrays[1][1]);
	provide(ctx, "__fini_array_start", arrays[2][0]);
	provide(ctx, "__fini_array_end", arrays[2][1]);
	if (headers_loaded)
		provide(ctx, "__ehdr_start", base);
	if (ctx->got_osec)
		provide(ctx, "_GLOBAL_OFFSET_TABLE_", ctx->got_addr);
	for (uint32_t i = 1; i < ctx->osecs.len; i++) {
		struct ld_osec *o = &ctx->osecs.v[i];
		if (!(o->sh_flags & SHF_ALLOC_) || !is_c_identifier(o->name))
			continue;
		char name[512];
		snprintf(name, sizeof(name), "__start_%s", o->name);
		provide(ctx, name, o->addr);
		snprintf(name, sizeof(name), "__stop_%s", o->name);
		provide(ctx, name, osec_end(o));
	}
	/* GNU's RISC-V script: MIN(__SDATA_BEGIN__ + 0x800, MAX(__DATA_BEGIN__ + 0x800,
	 * __BSS_END__ - 0x800)). Relaxation uses gp only when the program refers to the
	 * symbol (its crt0 loads gp from it); otherwise gp may hold anything. */
	struct ld_sym *gp_sym = ctx->lt->gp_symbol ? res_find(ctx, ctx->lt->gp_symbol) : NULL;
	if (gp_sym) {
		uint64_t hi = data_start + 0x800 > bss_end - 0x800 ? data_start + 0x800 : bss_end - 0x800;
		provide(ctx, ctx->lt->gp_symbol, sdata_start + 0x800 < hi ? sdata_start + 0x800 : hi);
	}

	// Every global's final address.
	for (uint32_t i = 1; i < ctx->syms.len; i++) {
		struct ld_sym *y = &ctx->syms.v[i];
		switch (y->def) {
		case LD_DEF_REGULAR:
			/* file symbols carry relaxation's updates; COMMON space is synthetic */
			y->addr = ld_isec_addr(ctx, y->isec, ctx->isecs.v[y->isec].file
			                                         ? ctx->files.v[y->file].syms[y->fsym].value
			                                         : y->value);
			break;
		case LD_DEF_ABS:
			y->addr = y->value;
			break;
		default:
			break;
		}
	}
	for (uint32_t i = 1; i < ctx->syms.len; i++) {
		struct ld_sym *y = &ctx->syms.v[i];
		if (y->def == LD_DEF_LINKER && y->alias) {
			/* --defsym a=b+4: b may itself be a --defsym; follow a short chain. */
			uint32_t t = y->alias;
			for (int hop = 0; hop < 8 && ctx->syms.v[t].def == LD_DEF_LINKER && ctx->syms.v[t].alias; hop++)
				t = ctx->syms.v[t].alias;
			y->addr = ctx->syms.v[t].addr + y->value;
		}
	}

	// gp is what the symbol says, whoever defined it: the linker's default above, a
	// script's assignment, --defsym, or an object. Relaxation must reach data from
	// the value crt0 loads into gp, not from the default.
	ctx->gp = 0;
	ctx->gp_osec = 0;
	if (gp_sym && gp_sym->def != LD_UNDEF) {
		ctx->gp = gp_sym->addr;
		ctx->gp_osec = ld_sym_osec(ctx, (uint32_t)(gp_sym - ctx->syms.v));
	}

	// The entry: a symbol, else a number, else the start of .text with a warning.
	ctx->entry = 0;
	const char *entry = opt->entry ? opt->entry : "_start";
	struct ld_sym *e = res_find(ctx, entry);
	if (e && e->def != LD_UNDEF && e->def != LD_DEF_LAZY) {
		ctx->entry = e->addr;
	} else {
		char *endp;
		unsigned long long v = strtoull(entry, &endp, 0);
		if (*entry && !*endp) {
			ctx->entry = v;
		} else {
			uint32_t t = find_osec(ctx, ".text");
			ctx->entry = t ? ctx->osecs.v[t].addr : 0;
			ctx->entry_missing = 1;
		}
	}
}

void lay_free(struct ld_ctx *ctx)
{
	ld_link_order_free(ctx);
	for (uint32_t i = 1; i < ctx->files.len; i++) {
		free(ctx->files.v[i].sec_syms);
		free(ctx->files.v[i].sec_syms_start);
		ctx->files.v[i].sec_syms = ctx->files.v[i].sec_syms_start = NULL;
	}
	for (uint32_t i = 1; i < ctx->isecs.len; i++) {
		struct ld_isec *s = &ctx->isecs.v[i];
		if (s->merge) {
			struct merge_map *m = s->merge;
			free(m->in);
			free(m->out);
			free(m);
			s->merge = NULL;
		}
		if (s->owned_data) {
			free((void *)s->data);
			s->data = NULL;
			s->owned_data = 0;
		}
		free(s->deletes);
		s->deletes = NULL;
	}
	for (uint32_t i = 1; i < ctx->osecs.len; i++) {
		LD_FREE(ctx->osecs.v[i].isecs);
		free(ctx->osecs.v[i].synth);
	}
	LD_FREE(ctx->osecs);
	LD_FREE(ctx->segs);
	LD_FREE(ctx->got);
}

/* ---- address queries for the targets */

uint64_t ld_isec_addr(struct ld_ctx *ctx, uint32_t isec, uint64_t off)
{
	const struct ld_isec *s = &ctx->isecs.v[isec];
	if (s->merge) {
		const struct merge_map *m = s->merge;
		const struct ld_isec *syn = &ctx->isecs.v[m->synth];
		return ctx->osecs.v[syn->osec].addr + syn->off + merge_offset(s, off);
	}
	return ctx->osecs.v[s->osec].addr + s->off + off;
}

/* A symbol's value (an offset in its section) after relaxation deleted bytes before it
 * is kept current by ld_delete_bytes; section symbols' addends go through this map. */
static uint64_t map_deleted(const struct ld_isec *s, uint64_t off)
{
	uint64_t shift = 0;
	for (uint32_t i = 0; i < s->ndeletes && s->deletes[i].off < off; i++) {
		uint64_t end = s->deletes[i].off + s->deletes[i].count;
		shift += (end <= off ? end : off) - s->deletes[i].off;
	}
	return off - shift;
}

uint64_t ld_sym_addr(struct ld_ctx *ctx, uint32_t file, uint32_t sym, int *ok)
{
	return ld_reloc_target(ctx, file, sym, 0, ok);
}

uint64_t ld_reloc_target(struct ld_ctx *ctx, uint32_t file, uint32_t sym, int64_t addend, int *ok)
{
	const struct ld_file *f = &ctx->files.v[file];
	*ok = 1;
	if (sym >= f->nsyms) {
		*ok = 0;
		return 0;
	}
	const struct ld_fsym *fs = &f->syms[sym];
	if (fs->global) {
		const struct ld_sym *y = &ctx->syms.v[fs->global];
		switch (y->def) {
		case LD_DEF_REGULAR:
			if (!ctx->isecs.v[y->isec].osec) {
				*ok = 0;
				return 0;
			}
			return y->addr + (uint64_t)addend;
		case LD_DEF_ABS:
		case LD_DEF_LINKER:
			return y->addr + (uint64_t)addend;
		default:
			/* undefined: weak ones are 0; the rest were reported */
			if (!(y->flags & LD_SYM_WEAK))
				*ok = 0;
			return (uint64_t)addend;
		}
	}
	if (fs->shndx == SHN_ABS_)
		return fs->value + (uint64_t)addend;
	if (fs->shndx == SHN_UNDEF_ || fs->shndx >= f->nsec || fs->discarded) {
		*ok = fs->shndx == SHN_UNDEF_ && sym == 0;
		return (uint64_t)addend;
	}
	uint32_t isec = f->first_isec + fs->shndx;
	const struct ld_isec *s = &ctx->isecs.v[isec];
	if (!s->osec || !s->live) {
		*ok = 0;
		return 0;
	}
	if (fs->type == STT_SECTION_) {
		/* section + addend names a byte of the original section */
		uint64_t x = (uint64_t)addend;
		if (s->ndeletes && addend >= 0)
			x = map_deleted(s, x);
		if (s->merge && addend >= 0)
			return ld_isec_addr(ctx, isec, x);
		return ld_isec_addr(ctx, isec, 0) + x;
	}
	/* A named symbol in a merge section (.LC0) stands for its piece; the addend is
	 * relative to where the piece went (x86's RIP-relative -4 would otherwise land in
	 * the piece before, which merging may have put anywhere). */
	return ld_isec_addr(ctx, isec, fs->value) + (uint64_t)addend;
}

uint64_t ld_got_addr(struct ld_ctx *ctx, uint32_t file, uint32_t sym)
{
	const struct ld_file *f = &ctx->files.v[file];
	if (sym >= f->nsyms || !f->syms[sym].global)
		return 0;
	const struct ld_sym *y = &ctx->syms.v[f->syms[sym].global];
	if (!y->got)
		return 0;
	return ctx->got_addr + (uint64_t)y->got * ctx->t->ptr_size;
}

const char *ld_sym_name(struct ld_ctx *ctx, uint32_t file, uint32_t sym)
{
	const struct ld_file *f = &ctx->files.v[file];
	if (sym >= f->nsyms)
		return "?";
	const struct ld_fsym *fs = &f->syms[sym];
	if (fs->type == STT_SECTION_ && fs->shndx && fs->shndx < f->nsec)
		return ctx->isecs.v[f->first_isec + fs->shndx].name;
	if (fs->global)
		return ctx->syms.v[fs->global].name;
	return fs->name ? fs->name : "";
}

uint8_t *ld_isec_writable(struct ld_ctx *ctx, uint32_t isec)
{
	struct ld_isec *s = &ctx->isecs.v[isec];
	if (!s->owned_data) {
		uint8_t *p = ld_xrealloc(NULL, s->size ? s->size : 1);
		if (s->data)
			memcpy(p, s->data, s->size);
		else
			memset(p, 0, s->size);
		s->data = p;
		s->owned_data = 1;
	}
	return (uint8_t *)s->data;
}

void ld_delete_bytes(struct ld_ctx *ctx, uint32_t isec, uint64_t off, uint32_t count)
{
	struct ld_isec *s = &ctx->isecs.v[isec];
	if (!count || off >= s->size)
		return;
	if (count > s->size - off)
		count = (uint32_t)(s->size - off);
	uint8_t *p = ld_isec_writable(ctx, isec);
	memmove(p + off, p + off + count, s->size - off - count);
	s->size -= count;

	// Remember the cut in original coordinates, for section-symbol addends.
	uint64_t orig = off;
	uint32_t at = 0;
	for (; at < s->ndeletes && s->deletes[at].off <= orig; at++)
		orig += s->deletes[at].count;
	s->deletes = ld_xrealloc(s->deletes, (s->ndeletes + 1) * sizeof(*s->deletes));
	memmove(s->deletes + at + 1, s->deletes + at, (s->ndeletes - at) * sizeof(*s->deletes));
	s->deletes[at] = (struct ld_delete){ orig, count };
	s->ndeletes++;

	// Relocations after the cut move down with their bytes.
	for (uint32_t i = 0; i < s->nrels; i++)
		if (s->rels[i].offset >= off + count)
			s->rels[i].offset -= count;
		else if (s->rels[i].offset > off)
			s->rels[i].offset = off;

	// So do the file's symbols in this section, and sizes that span the cut.
	struct ld_file *f = &ctx->files.v[s->file];
	if (!f->sec_syms_start) {
		/* counting sort of the file's symbols by section, once */
		f->sec_syms_start = calloc((size_t)f->nsec + 2, sizeof(uint32_t));
		f->sec_syms = ld_xrealloc(NULL, ((size_t)f->nsyms + 1) * sizeof(uint32_t));
		if (!f->sec_syms_start)
			ld_fatal("out of memory");
		for (uint32_t i = 0; i < f->nsyms; i++)
			if (f->syms[i].shndx < f->nsec)
				f->sec_syms_start[f->syms[i].shndx + 1]++;
		for (uint32_t k = 0; k < f->nsec; k++)
			f->sec_syms_start[k + 1] += f->sec_syms_start[k];
		uint32_t *fillp = calloc((size_t)f->nsec + 1, sizeof(uint32_t));
		if (!fillp)
			ld_fatal("out of memory");
		for (uint32_t i = 0; i < f->nsyms; i++) {
			uint32_t k = f->syms[i].shndx;
			if (k < f->nsec)
				f->sec_syms[f->sec_syms_start[k] + fillp[k]++] = i;
		}
		free(fillp);
	}
	for (uint32_t j = f->sec_syms_start[s->shndx]; j < f->sec_syms_start[s->shndx + 1]; j++) {
		uint32_t i = f->sec_syms[j];
		struct ld_fsym *fs = &f->syms[i];
		if (fs->shndx != s->shndx || fs->type == STT_SECTION_)
			continue;
		uint64_t v = fs->value;
		if (v > off) {
			fs->value = v >= off + count ? v - count : off;
		} else if (v + fs->size > off) {
			uint64_t cut_end = off + count < v + fs->size ? off + count : v + fs->size;
			fs->size -= cut_end - off;
		}
		if (fs->global) {
			struct ld_sym *y = &ctx->syms.v[fs->global];
			if (y->def == LD_DEF_REGULAR && y->file == s->file && y->fsym == i)
				y->size = fs->size;
		}
	}
}
