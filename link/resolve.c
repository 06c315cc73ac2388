/*
 * resolve.c: the global symbol table, and which archive members and COMDAT copies
 * take part in the link. GNU ld 2.40's rules, because solder is its drop-in:
 *
 * - Files are taken in command-line order. An object adds its globals at once. An
 *   archive is searched once, at its position, and only for what is undefined and
 *   referenced non-weakly at that moment: a later reference does not go back to an
 *   earlier archive (lld and mold do; GNU ld does not). Pulling a member may create new
 *   undefined references, so the archive's index is walked again until nothing more
 *   is pulled; archives between --start-group and --end-group are walked as a group
 *   until a whole pass pulls nothing.
 * - A strong definition beats weak ones and COMMON; COMMON beats a weak definition;
 *   among weak definitions the first wins; two strong definitions are a duplicate
 *   error, unless both are absolute with the same value. COMMON symbols merge to the
 *   largest size and the largest alignment; layout gives them space.
 * - A COMDAT group whose signature was already seen is dropped whole: its sections are
 *   not live and the symbols they define do not define anything (they bind to the
 *   kept copy's). The first group loaded wins, so an object beats an archive member
 *   loaded later.
 * - --wrap=foo sends undefined references to foo to __wrap_foo and those to
 *   __real_foo to foo. -u and the entry symbol are undefined references made before
 *   any file is read, so they pull archive members. --defsym symbols are in place
 *   before the inputs too (GNU ld treats them as an assignment at their position on the
 *   command line; solder's options do not keep that position, and before the inputs is
 *   where they are in practice): they stop archive members from being pulled for
 *   themselves, override definitions in objects, and the symbol in the expression is
 *   a reference that may pull a member.
 *
 * Undefined symbols are only an error once layout knows which sections are live
 * (res_report_undefined): like GNU ld, only a relocation in a kept section makes one.
 * Addresses are layout's; this file leaves sym->addr alone except for absolute values.
 */
#include <ctype.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld.h"

#define GRP_COMDAT_FLAG 1u

/* ---- the hash table over ctx->syms: chains through sym->next, a power-of-two number of
 * buckets, grown to keep at most one symbol per bucket on average */

static uint32_t hash_name(const char *s, size_t len)
{
	/* FNV-1a: names are short; this is cheap and spreads well enough. */
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		h ^= (uint8_t)s[i];
		h *= 16777619u;
	}
	return h;
}

static void rehash(struct ld_ctx *ctx, uint32_t nbuckets)
{
	free(ctx->sym_buckets);
	ctx->sym_buckets = ld_xrealloc(NULL, (size_t)nbuckets * sizeof(uint32_t));
	memset(ctx->sym_buckets, 0, (size_t)nbuckets * sizeof(uint32_t));
	ctx->nbuckets = nbuckets;
	for (uint32_t i = 1; i < ctx->syms.len; i++) {
		struct ld_sym *y = &ctx->syms.v[i];
		uint32_t b = y->hash & (nbuckets - 1);
		y->next = ctx->sym_buckets[b];
		ctx->sym_buckets[b] = i;
	}
}

/* Makes room for at least n symbols without another rehash. */
static void reserve_buckets(struct ld_ctx *ctx, uint64_t n)
{
	uint32_t want = 1024;
	while (want < n && want < (1u << 30))
		want *= 2;
	if (want > ctx->nbuckets)
		rehash(ctx, want);
}

static uint32_t lookup(const struct ld_ctx *ctx, const char *name, size_t len, uint32_t h)
{
	if (!ctx->nbuckets)
		return 0;
	for (uint32_t i = ctx->sym_buckets[h & (ctx->nbuckets - 1)]; i; i = ctx->syms.v[i].next) {
		const struct ld_sym *y = &ctx->syms.v[i];
		if (y->hash == h && strncmp(y->name, name, len) == 0 && y->name[len] == '\0')
			return i;
	}
	return 0;
}

/* Adds an undefined symbol; name must outlive the link. Pointers into ctx->syms die. */
static uint32_t add_sym(struct ld_ctx *ctx, const char *name, uint32_t h)
{
	if (ctx->syms.len == 0) {
		struct ld_sym sentinel = { .name = "" };
		LD_PUSH(ctx->syms, sentinel);
	}
	if (ctx->syms.len >= ctx->nbuckets)
		reserve_buckets(ctx, (uint64_t)ctx->syms.len * 2);
	struct ld_sym y = { .name = name, .hash = h };
	uint32_t i = ctx->syms.len;
	uint32_t b = h & (ctx->nbuckets - 1);
	y.next = ctx->sym_buckets[b];
	LD_PUSH(ctx->syms, y);
	ctx->sym_buckets[b] = i;
	return i;
}

struct ld_sym *res_find(struct ld_ctx *ctx, const char *name)
{
	size_t len = strlen(name);
	uint32_t i = lookup(ctx, name, len, hash_name(name, len));
	return i ? &ctx->syms.v[i] : NULL;
}

uint32_t res_intern(struct ld_ctx *ctx, const char *name)
{
	size_t len = strlen(name);
	uint32_t h = hash_name(name, len);
	uint32_t i = lookup(ctx, name, len, h);
	return i ? i : add_sym(ctx, name, h);
}

/* Interns the first len bytes of name; a new symbol gets its own copy of the name. */
static uint32_t intern_copy(struct ld_ctx *ctx, const char *name, size_t len)
{
	uint32_t h = hash_name(name, len);
	uint32_t i = lookup(ctx, name, len, h);
	if (i)
		return i;
	char *copy = ld_xrealloc(NULL, len + 1);
	memcpy(copy, name, len);
	copy[len] = '\0';
	i = add_sym(ctx, copy, h);
	ctx->syms.v[i].flags |= LD_SYM_OWNED_NAME;
	return i;
}

/* ---- the resolver's working state, alive for res_resolve only */

struct wrap {
	const char *name;          /* foo of --wrap=foo */
	size_t len;
	char *wrap_name;           /* "__wrap_foo" */
};

struct resolver {
	struct ld_ctx *ctx;
	uint8_t *is_member;        /* per file: an archive member (taken through its archive) */
	struct wrap *wraps;
	uint32_t nwraps;
	/* COMDAT signatures seen, open addressing over (name, hash) */
	struct comdat_slot { const char *name; uint32_t hash; } *comdat;
	uint32_t comdat_cap, comdat_len;
	uint32_t **armap_hash;     /* per archive file: the hash of each armap name, or NULL */
};

/* Returns 1 when signature is new (this group is kept), 0 when a copy was seen. */
static int comdat_claim(struct resolver *r, const char *name)
{
	if (r->comdat_len * 2 >= r->comdat_cap) {
		uint32_t cap = r->comdat_cap ? r->comdat_cap * 2 : 256;
		struct comdat_slot *t = ld_xrealloc(NULL, (size_t)cap * sizeof(*t));
		memset(t, 0, (size_t)cap * sizeof(*t));
		for (uint32_t i = 0; i < r->comdat_cap; i++) {
			if (!r->comdat[i].name)
				continue;
			uint32_t j = r->comdat[i].hash & (cap - 1);
			while (t[j].name)
				j = (j + 1) & (cap - 1);
			t[j] = r->comdat[i];
		}
		free(r->comdat);
		r->comdat = t;
		r->comdat_cap = cap;
	}
	uint32_t h = hash_name(name, strlen(name));
	uint32_t j = h & (r->comdat_cap - 1);
	for (; r->comdat[j].name; j = (j + 1) & (r->comdat_cap - 1)) {
		if (r->comdat[j].hash == h && strcmp(r->comdat[j].name, name) == 0)
			return 0;
	}
	r->comdat[j].name = name;
	r->comdat[j].hash = h;
	r->comdat_len++;
	return 1;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int isec_of(const struct ld_ctx *ctx, const struct ld_file *f, uint32_t shndx, uint32_t *isec)
{
	if (shndx == SHN_UNDEF || shndx >= f->nsec || (uint64_t)f->first_isec + shndx >= ctx->isecs.len)
		return 0;
	*isec = f->first_isec + shndx;
	return 1;
}

/* Drops the COMDAT groups of file whose signature an earlier file already brought. */
static void drop_duplicate_groups(struct resolver *r, uint32_t file)
{
	struct ld_ctx *ctx = r->ctx;
	const struct ld_file *f = &ctx->files.v[file];
	for (uint32_t s = 1; s < f->nsec; s++) {
		uint32_t gi;
		if (!isec_of(ctx, f, s, &gi))
			break;
		struct ld_isec *g = &ctx->isecs.v[gi];
		if (g->sh_type != SHT_GROUP || !g->data || g->size < 4 || !(le32(g->data) & GRP_COMDAT_FLAG))
			continue;
		if (g->sh_info >= f->nsyms || !f->syms)
			continue;  /* input.c reports a bad signature index */
		const struct ld_fsym *sig = &f->syms[g->sh_info];
		const char *name = sig->name;
		uint32_t si;
		if (sig->type == STT_SECTION && isec_of(ctx, f, sig->shndx, &si))
			name = ctx->isecs.v[si].name;
		if (!name || comdat_claim(r, name))
			continue;
		g->live = 0;
		for (uint64_t off = 4; off + 4 <= g->size; off += 4) {
			uint32_t mi;
			if (isec_of(ctx, f, le32(g->data + off), &mi))
				ctx->isecs.v[mi].live = 0;
		}
	}
}

/* Symbols defined in sections that are not in the link (dropped COMDAT copies, and
 * what input.c left out, such as .gnu.lto_*) define nothing. */
static void mark_discarded(struct ld_ctx *ctx, uint32_t file)
{
	struct ld_file *f = &ctx->files.v[file];
	for (uint32_t i = 1; i < f->nsyms; i++) {
		struct ld_fsym *fs = &f->syms[i];
		uint32_t si;
		/* input.c resolved SHN_XINDEX: any index below nsec is a section */
		if (fs->shndx < f->nsec && isec_of(ctx, f, fs->shndx, &si) && !ctx->isecs.v[si].live)
			fs->discarded = 1;
	}
}

static const char *where_defined(struct ld_ctx *ctx, const struct ld_sym *y, char *buf, size_t size)
{
	if (y->def == LD_DEF_REGULAR && y->isec)
		return ld_where(ctx, y->isec, y->value, buf, size);
	snprintf(buf, size, "%s:(*ABS*)", y->file ? ctx->files.v[y->file].name : "<command line>");
	return buf;
}

/* Makes file's symbol fsi the definition of global idx. */
static void take_definition(struct ld_ctx *ctx, uint32_t idx, uint32_t file, uint32_t fsi)
{
	const struct ld_file *f = &ctx->files.v[file];
	const struct ld_fsym *fs = &f->syms[fsi];
	struct ld_sym *y = &ctx->syms.v[idx];
	y->file = file;
	y->fsym = fsi;
	y->type = fs->type;
	y->size = fs->size;
	y->value = fs->value;
	y->flags &= (uint16_t)~(LD_SYM_WEAK | LD_SYM_TLS);
	if (fs->bind == STB_WEAK)
		y->flags |= LD_SYM_WEAK;
	if (fs->type == STT_TLS)
		y->flags |= LD_SYM_TLS;
	if (fs->shndx == SHN_COMMON) {
		y->def = LD_DEF_COMMON;
		y->isec = 0;
		y->addr = 0;
		y->flags &= (uint16_t)~LD_SYM_WEAK;
	} else if (fs->shndx == SHN_ABS) {
		y->def = LD_DEF_ABS;
		y->isec = 0;
		y->addr = fs->value;
	} else {
		y->def = LD_DEF_REGULAR;
		y->isec = f->first_isec + fs->shndx;
		y->addr = 0;
	}
}

/* A definition of global idx by file's symbol fsi meets the current one. */
static void define(struct ld_ctx *ctx, uint32_t idx, uint32_t file, uint32_t fsi)
{
	const struct ld_fsym *fs = &ctx->files.v[file].syms[fsi];
	struct ld_sym *y = &ctx->syms.v[idx];
	int weak = fs->bind == STB_WEAK;
	int cur_weak = (y->flags & LD_SYM_WEAK) != 0;

	if (y->flags & LD_SYM_DEFSYM)
		return;  /* an assignment on the command line overrides the objects */
	if (y->def == LD_UNDEF || y->def == LD_DEF_LAZY) {
		take_definition(ctx, idx, file, fsi);
		return;
	}
	if (fs->shndx == SHN_COMMON) {
		if (y->def == LD_DEF_COMMON) {
			/* st_value of a COMMON symbol is its alignment */
			if (fs->value > y->value)
				y->value = fs->value;
			if (fs->size > y->size) {
				y->size = fs->size;
				y->file = file;
				y->fsym = fsi;
			}
		} else if (cur_weak) {
			take_definition(ctx, idx, file, fsi);  /* COMMON beats a weak definition */
		}
		return;
	}
	if (y->def == LD_DEF_COMMON || cur_weak) {
		if (!weak)
			take_definition(ctx, idx, file, fsi);
		return;
	}
	if (weak)
		return;
	/* Two strong definitions. GNU ld lets an absolute symbol be defined twice with
	 * the same value. */
	if (y->def == LD_DEF_ABS && fs->shndx == SHN_ABS && y->value == fs->value)
		return;
	char first[512], second[512];
	where_defined(ctx, y, first, sizeof(first));
	if (fs->shndx == SHN_ABS)
		snprintf(second, sizeof(second), "%s:(*ABS*)", ctx->files.v[file].name);
	else
		ld_where(ctx, ctx->files.v[file].first_isec + fs->shndx, fs->value, second, sizeof(second));
	ld_error(ctx, "duplicate symbol: %s\n>>> defined at %s\n>>> defined at %s", y->name, first, second);
}

/* An undefined reference from file (weak or not). */
static void reference(struct ld_ctx *ctx, uint32_t idx, uint32_t file, int weak)
{
	struct ld_sym *y = &ctx->syms.v[idx];
	y->flags |= LD_SYM_REFERENCED | LD_SYM_USED_REGULAR;
	if (!weak)
		y->flags |= LD_SYM_STRONG_REF;
	if (!y->first_ref_file)
		y->first_ref_file = file;
}

/* The global an undefined reference named name binds to, after --wrap. */
static uint32_t intern_reference(struct resolver *r, const char *name)
{
	struct ld_ctx *ctx = r->ctx;
	if (r->nwraps) {
		size_t len = strlen(name);
		for (uint32_t w = 0; w < r->nwraps; w++) {
			const struct wrap *wr = &r->wraps[w];
			if (len == wr->len && memcmp(name, wr->name, len) == 0)
				return intern_copy(ctx, wr->wrap_name, strlen(wr->wrap_name));
			if (len == wr->len + 7 && memcmp(name, "__real_", 7) == 0 && memcmp(name + 7, wr->name, wr->len) == 0)
				return res_intern(ctx, wr->name);
		}
	}
	return res_intern(ctx, name);
}

/* Adds an object's globals: COMDAT first, so that symbols in dropped copies bind to the
 * kept ones instead of defining. */
static void add_object(struct resolver *r, uint32_t file)
{
	struct ld_ctx *ctx = r->ctx;
	drop_duplicate_groups(r, file);
	mark_discarded(ctx, file);
	LD_PUSH(ctx->link_order, file);
	struct ld_file *f = &ctx->files.v[file];
	if (!f->syms)
		return;
	for (uint32_t i = f->first_global ? f->first_global : 1; i < f->nsyms; i++) {
		struct ld_fsym *fs = &ctx->files.v[file].syms[i];
		if (fs->bind != STB_GLOBAL && fs->bind != STB_WEAK && fs->bind != STB_GNU_UNIQUE)
			continue;
		if (!fs->name || !fs->name[0])
			continue;
		int undefined = fs->shndx == SHN_UNDEF;
		uint32_t idx = undefined ? intern_reference(r, fs->name) : res_intern(ctx, fs->name);
		fs->global = idx;
		if (fs->visibility == STV_HIDDEN || fs->visibility == STV_INTERNAL)
			ctx->syms.v[idx].flags |= LD_SYM_HIDDEN;
		if (fs->discarded)
			continue;
		if (undefined)
			reference(ctx, idx, file, fs->bind == STB_WEAK);
		else if (fs->shndx == SHN_COMMON || fs->shndx == SHN_ABS || fs->shndx < ctx->files.v[file].nsec)
			define(ctx, idx, file, i);
	}
}

/* ---- archives */

/* Whether the (not yet parsed) member defines name other than as COMMON: GNU ld pulls a
 * member for a COMMON symbol only then. Reads the member's ELF symtab directly; any
 * inconsistency means no. */
static int member_defines(const struct ld_file *m, const char *name)
{
	const uint8_t *d = m->data;
	uint64_t size = m->size;
	if (!d || size < 52 || memcmp(d, ELFMAG, SELFMAG) != 0 || d[EI_DATA] != ELFDATA2LSB)
		return 0;
	int is64 = d[EI_CLASS] == ELFCLASS64;
	if (!is64 && d[EI_CLASS] != ELFCLASS32)
		return 0;
	if (is64 && size < 64)
		return 0;
#define RD32(p) le32(p)
#define RD64(p) ((uint64_t)le32(p) | (uint64_t)le32((p) + 4) << 32)
	uint64_t shoff = is64 ? RD64(d + 0x28) : RD32(d + 0x20);
	uint32_t shentsize = is64 ? (uint32_t)(d[0x3a] | d[0x3b] << 8) : (uint32_t)(d[0x2e] | d[0x2f] << 8);
	uint32_t shnum = is64 ? (uint32_t)(d[0x3c] | d[0x3d] << 8) : (uint32_t)(d[0x30] | d[0x31] << 8);
	if (shentsize < (is64 ? 64u : 40u) || shoff > size || (uint64_t)shnum * shentsize > size - shoff)
		return 0;
	size_t namelen = strlen(name);
	for (uint32_t s = 0; s < shnum; s++) {
		const uint8_t *sh = d + shoff + (uint64_t)s * shentsize;
		if (RD32(sh + 4) != SHT_SYMTAB)
			continue;
		uint64_t off = is64 ? RD64(sh + 0x18) : RD32(sh + 0x10);
		uint64_t sz = is64 ? RD64(sh + 0x20) : RD32(sh + 0x14);
		uint32_t link = RD32(sh + (is64 ? 0x28 : 0x18));
		uint32_t info = RD32(sh + (is64 ? 0x2c : 0x1c));
		uint32_t ent = is64 ? 24 : 16;
		if (off > size || sz > size - off || link >= shnum)
			return 0;
		const uint8_t *lsh = d + shoff + (uint64_t)link * shentsize;
		uint64_t stroff = is64 ? RD64(lsh + 0x18) : RD32(lsh + 0x10);
		uint64_t strsz = is64 ? RD64(lsh + 0x20) : RD32(lsh + 0x14);
		if (stroff > size || strsz > size - stroff)
			return 0;
		for (uint64_t k = info; k < sz / ent; k++) {
			const uint8_t *st = d + off + k * ent;
			uint32_t st_name = RD32(st);
			uint32_t shndx = is64 ? (uint32_t)(st[6] | st[7] << 8) : (uint32_t)(st[14] | st[15] << 8);
			if (shndx == SHN_UNDEF || shndx == SHN_COMMON || st_name >= strsz ||
			    strsz - st_name <= namelen)
				continue;
			const char *sn = (const char *)d + stroff + st_name;
			if (memcmp(sn, name, namelen) == 0 && sn[namelen] == '\0')
				return 1;
		}
		return 0;
	}
	return 0;
#undef RD32
#undef RD64
}

/* Parses and adds archive member m. Returns 1 when it joined the link. */
static int load_member(struct resolver *r, uint32_t m)
{
	struct ld_ctx *ctx = r->ctx;
	if (!ctx->files.v[m].is_object && in_load_member(ctx, m) != 0)
		return 0;
	if (!ctx->files.v[m].is_object)
		return 0;
	ctx->files.v[m].loaded = 1;
	add_object(r, m);
	return 1;
}

static int is_member_of(const struct ld_ctx *ctx, const struct ld_file *a, uint32_t m)
{
	return m && m < ctx->files.len && m >= a->first_member && m - a->first_member < a->nmembers;
}

/* One search of archive `ar` the way GNU ld's elf_link_add_archive_symbols does it:
 * walk the index, pull the member of each symbol that is undefined and referenced
 * non-weakly (or COMMON, when the member really defines it), and walk again while a
 * walk pulled something. Returns the number of members pulled. */
static uint32_t search_archive(struct resolver *r, uint32_t ar)
{
	struct ld_ctx *ctx = r->ctx;
	const struct ld_file *a = &ctx->files.v[ar];
	uint32_t n = a->narmap;
	if (!n || !a->armap)
		return 0;
	if (!r->armap_hash[ar]) {
		uint32_t *h = ld_xrealloc(NULL, (size_t)n * sizeof(uint32_t));
		for (uint32_t k = 0; k < n; k++)
			h[k] = a->armap[k].name ? hash_name(a->armap[k].name, strlen(a->armap[k].name)) : 0;
		r->armap_hash[ar] = h;
	}
	const uint32_t *hashes = r->armap_hash[ar];
	uint8_t *done = ld_xrealloc(NULL, n);
	memset(done, 0, n);
	uint32_t pulled = 0;
	for (int again = 1; again;) {
		again = 0;
		for (uint32_t k = 0; k < n; k++) {
			if (done[k])
				continue;
			a = &ctx->files.v[ar];
			const struct ld_armap *e = &a->armap[k];
			if (!e->name || !is_member_of(ctx, a, e->member) || ctx->files.v[e->member].loaded) {
				done[k] = 1;
				continue;
			}
			uint32_t i = lookup(ctx, e->name, strlen(e->name), hashes[k]);
			if (!i)
				continue;
			const struct ld_sym *y = &ctx->syms.v[i];
			if (y->def == LD_DEF_COMMON) {
				if (!member_defines(&ctx->files.v[e->member], e->name))
					continue;
			} else if (y->def != LD_UNDEF || !(y->flags & LD_SYM_STRONG_REF)) {
				/* defined, or only weakly referenced: GNU ld does not look again */
				done[k] = 1;
				continue;
			}
			done[k] = 1;
			if (load_member(r, e->member)) {
				pulled++;
				again = 1;
			}
		}
	}
	free(done);
	return pulled;
}

/* An archive at its place on the command line: --whole-archive members first (as if
 * they were objects), then the search. */
static void take_archive(struct resolver *r, uint32_t ar)
{
	struct ld_ctx *ctx = r->ctx;
	const struct ld_file *a = &ctx->files.v[ar];
	for (uint32_t k = 0; k < a->nmembers; k++) {
		uint32_t m = a->first_member + k;
		if (m >= ctx->files.len)
			break;
		if (a->whole_archive || ctx->files.v[m].loaded)
			load_member(r, m);
		a = &ctx->files.v[ar];
	}
	search_archive(r, ar);
}

static void take_file(struct resolver *r, uint32_t i)
{
	const struct ld_file *f = &r->ctx->files.v[i];
	if (f->is_archive)
		take_archive(r, i);
	else if (f->is_object)
		add_object(r, i);
}

/* ---- command-line symbols */

/* A number the way GNU ld's scripts write it: 0x hex, a leading 0 octal, a trailing
 * h/o/b/d base letter, then K or M. Advances *p past it. */
static int parse_number(const char **p, uint64_t *out)
{
	const char *s = *p;
	if (!isdigit((unsigned char)*s))
		return 0;
	unsigned base = 10;
	const char *start = s, *end;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		start = s + 2;
		for (end = start; isxdigit((unsigned char)*end); end++)
			;
		s = end;
	} else {
		for (end = start; isxdigit((unsigned char)*end); end++)
			;
		s = end;
		if (*s == 'h' || *s == 'H' || *s == 'x' || *s == 'X') {
			base = 16;
			s++;
		} else if (*s == 'o' || *s == 'O') {
			base = 8;
			s++;
		} else if (end - start > 1 && (end[-1] == 'b' || end[-1] == 'B')) {
			base = 2;
			end--;
		} else if (end - start > 1 && (end[-1] == 'd' || end[-1] == 'D')) {
			end--;
		} else if (start[0] == '0' && end - start > 1) {
			base = 8;
		}
	}
	if (end == start)
		return 0;
	uint64_t v = 0;
	for (const char *q = start; q < end; q++) {
		unsigned digit = isdigit((unsigned char)*q) ? (unsigned)(*q - '0') : (unsigned)(tolower((unsigned char)*q) - 'a' + 10);
		if (digit >= base)
			return 0;
		v = v * base + digit;
	}
	if (*s == 'K' || *s == 'k') {
		v *= 1024;
		s++;
	} else if (*s == 'M' || *s == 'm') {
		v *= 1024 * 1024;
		s++;
	}
	*out = v;
	*p = s;
	return 1;
}

static int is_symbol_char(char c, int first)
{
	return isalpha((unsigned char)c) || c == '_' || c == '.' || c == '$' || (!first && isdigit((unsigned char)c));
}

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* --defsym name=expr: a number (absolute), or symbol, symbol+number, symbol-number
 * (layout adds the offset to the symbol's address). */
static void add_defsym(struct ld_ctx *ctx, const struct ld_defsym *d)
{
	const char *expr = d->expr ? d->expr : "";
	const char *p = skip_space(expr);
	uint64_t num = 0;
	uint32_t alias = 0;
	int ok = 0;
	if (isdigit((unsigned char)*p)) {
		ok = parse_number(&p, &num);
	} else if (is_symbol_char(*p, 1)) {
		const char *s = p;
		while (is_symbol_char(*p, 0))
			p++;
		size_t len = (size_t)(p - s);
		p = skip_space(p);
		ok = 1;
		if (*p == '+' || *p == '-') {
			int neg = *p == '-';
			p = skip_space(p + 1);
			ok = parse_number(&p, &num);
			if (neg)
				num = (uint64_t)0 - num;
		}
		if (ok) {
			alias = intern_copy(ctx, s, len);
			/* the expression refers to it: an archive member may define it */
			ctx->syms.v[alias].flags |= LD_SYM_REFERENCED | LD_SYM_STRONG_REF;
		}
	}
	if (ok)
		p = skip_space(p);
	if (!ok || *p || !d->name || !d->name[0]) {
		ld_error(ctx, "--defsym %s=%s: expected a number, a symbol, or symbol+number or symbol-number",
		         d->name ? d->name : "", expr);
		return;
	}
	/* res_intern may move syms: take the index first */
	uint32_t yi = res_intern(ctx, d->name);
	struct ld_sym *y = &ctx->syms.v[yi];
	y->def = alias ? LD_DEF_LINKER : LD_DEF_ABS;
	y->flags |= LD_SYM_DEFSYM;
	y->flags &= (uint16_t)~LD_SYM_WEAK;
	y->type = STT_NOTYPE;
	y->file = y->fsym = y->isec = 0;
	y->size = 0;
	y->alias = alias;
	y->value = num;
	y->addr = alias ? 0 : num;
}

/* -u and the entry: undefined references before any file, so archives pull them. They
 * are not references from an object: an unresolved one is not an error. */
static void add_command_line_reference(struct ld_ctx *ctx, const char *name)
{
	if (!name || !name[0])
		return;
	/* res_intern may move syms: take the index first */
	uint32_t yi = res_intern(ctx, name);
	struct ld_sym *y = &ctx->syms.v[yi];
	y->flags |= LD_SYM_REFERENCED | LD_SYM_STRONG_REF;
}

/* ---- the pass */

void res_resolve(struct ld_ctx *ctx)
{
	struct ld_options *opt = ctx->opt;
	struct resolver r = { .ctx = ctx };
	uint32_t nfiles = ctx->files.len;

	if (ctx->syms.len == 0) {
		struct ld_sym sentinel = { .name = "" };
		LD_PUSH(ctx->syms, sentinel);
	}
	uint64_t nglobals = 0;
	for (uint32_t i = 1; i < nfiles; i++) {
		const struct ld_file *f = &ctx->files.v[i];
		if (f->is_object && f->nsyms > f->first_global)
			nglobals += f->nsyms - f->first_global;
	}
	reserve_buckets(ctx, nglobals + 64);

	r.is_member = ld_xrealloc(NULL, nfiles ? nfiles : 1);
	memset(r.is_member, 0, nfiles ? nfiles : 1);
	r.armap_hash = ld_xrealloc(NULL, (size_t)(nfiles ? nfiles : 1) * sizeof(uint32_t *));
	memset(r.armap_hash, 0, (size_t)(nfiles ? nfiles : 1) * sizeof(uint32_t *));
	for (uint32_t i = 1; i < nfiles; i++) {
		const struct ld_file *f = &ctx->files.v[i];
		if (!f->is_archive)
			continue;
		for (uint32_t k = 0; k < f->nmembers && (uint64_t)f->first_member + k < nfiles; k++) {
			if (f->first_member + k != i)
				r.is_member[f->first_member + k] = 1;
		}
	}

	if (opt) {
		r.nwraps = opt->wrap.len;
		r.wraps = ld_xrealloc(NULL, (size_t)(r.nwraps ? r.nwraps : 1) * sizeof(*r.wraps));
		for (uint32_t w = 0; w < r.nwraps; w++) {
			const char *name = opt->wrap.v[w] ? opt->wrap.v[w] : "";
			size_t len = strlen(name);
			r.wraps[w].name = name;
			r.wraps[w].len = len;
			r.wraps[w].wrap_name = ld_xrealloc(NULL, len + 8);
			memcpy(r.wraps[w].wrap_name, "__wrap_", 7);
			memcpy(r.wraps[w].wrap_name + 7, name, len + 1);
		}
		for (uint32_t i = 0; i < opt->defsyms.len; i++)
			add_defsym(ctx, &opt->defsyms.v[i]);
		for (uint32_t i = 0; i < opt->undefined.len; i++)
			add_command_line_reference(ctx, opt->undefined.v[i]);
		const char *entry = opt->entry ? opt->entry : "_start";
		if (!isdigit((unsigned char)entry[0]))  /* -e 0x80000000 is an address */
			add_command_line_reference(ctx, entry);
	}

	// The files in command-line order; a --start-group range is searched as a loop.
	for (uint32_t i = 1; i < nfiles; i++) {
		if (r.is_member[i])
			continue;
		uint32_t group = ctx->files.v[i].group;
		if (!group) {
			take_file(&r, i);
			continue;
		}
		uint32_t end = i;
		for (; end < nfiles && (r.is_member[end] || ctx->files.v[end].group == group); end++) {
			if (!r.is_member[end])
				take_file(&r, end);
		}
		for (uint32_t pulled = 1; pulled;) {
			pulled = 0;
			for (uint32_t k = i; k < end; k++) {
				if (!r.is_member[k] && ctx->files.v[k].is_archive)
					pulled += search_archive(&r, k);
			}
		}
		i = end - 1;
	}

	// An undefined symbol is weak when every reference to it is; --wrap marks foo.
	for (uint32_t i = 1; i < ctx->syms.len; i++) {
		struct ld_sym *y = &ctx->syms.v[i];
		if (y->def == LD_UNDEF) {
			if (y->flags & LD_SYM_STRONG_REF)
				y->flags &= (uint16_t)~LD_SYM_WEAK;
			else if (y->flags & LD_SYM_REFERENCED)
				y->flags |= LD_SYM_WEAK;
		}
	}
	for (uint32_t w = 0; w < r.nwraps; w++) {
		struct ld_sym *y = res_find(ctx, r.wraps[w].name);
		if (y)
			y->flags |= LD_SYM_WRAPPED;
		free(r.wraps[w].wrap_name);
	}

	for (uint32_t i = 0; i < nfiles; i++)
		free(r.armap_hash[i]);
	free(r.armap_hash);
	free(r.is_member);
	free(r.wraps);
	free(r.comdat);
}

/* ---- undefined symbols, once layout knows what is kept */

/* Where a symbol is referred to: the first three places, and how many in all. */
struct ref_places {
	uint32_t count;
	uint32_t isec[3];
	uint64_t off[3];
};

static void places_add(struct ref_places *p, uint32_t isec, uint64_t off)
{
	if (p->count < 3) {
		p->isec[p->count] = isec;
		p->off[p->count] = off;
	}
	p->count++;
}

/* Reports msg (n bytes of it written) followed by lld's ">>> referenced by" lines. */
static void report_with_places(struct ld_ctx *ctx, char *msg, size_t size, size_t n, const struct ref_places *p)
{
	char where[512];
	for (uint32_t k = 0; k < p->count && k < 3 && n < size; k++)
		n += (size_t)snprintf(msg + n, size - n, "\n>>> referenced by %s",
		                      ld_where(ctx, p->isec[k], p->off[k], where, sizeof(where)));
	if (p->count > 3 && n < size)
		snprintf(msg + n, size - n, "\n>>> referenced %u more times", p->count - 3);
	ld_error(ctx, "%s", msg);
}

struct undef_report {
	uint32_t sym;
	struct ref_places at;
};

void res_report_undefined(struct ld_ctx *ctx)
{
	const struct ld_options *opt = ctx->opt;
	if (ctx->syms.len <= 1)
		return;

	/* --defsym a=b+4 with b defined nowhere (GNU ld: "undefined symbol `b' referenced in
	 * expression"), whatever --unresolved-symbols says. */
	for (uint32_t i = 1; i < ctx->syms.len; i++) {
		const struct ld_sym *y = &ctx->syms.v[i];
		if (!(y->flags & LD_SYM_DEFSYM) || !y->alias || y->alias >= ctx->syms.len)
			continue;
		const struct ld_sym *t = &ctx->syms.v[y->alias];
		if (t->def == LD_UNDEF || t->def == LD_DEF_LAZY)
			ld_error(ctx, "undefined symbol: %s\n>>> referenced by --defsym %s", t->name, y->name);
	}

	if (opt && (opt->unresolved == LD_UNRES_IGNORE_ALL || opt->unresolved == LD_UNRES_IGNORE_IN_OBJECT_FILES))
		return;
	/* The usual link has nothing to report: skip the walk over every relocation. */
	uint32_t candidates = 0;
	for (uint32_t i = 1; i < ctx->syms.len; i++) {
		const struct ld_sym *y = &ctx->syms.v[i];
		if ((y->def == LD_UNDEF || y->def == LD_DEF_LAZY) && !(y->flags & LD_SYM_WEAK))
			candidates++;
	}
	if (!candidates)
		return;

	uint32_t *slot = ld_xrealloc(NULL, (size_t)ctx->syms.len * sizeof(uint32_t));
	memset(slot, 0, (size_t)ctx->syms.len * sizeof(uint32_t));
	LD_VEC(struct undef_report) list = { 0 };
	struct undef_report none = { 0 };
	LD_PUSH(list, none);

	for (uint32_t si = 1; si < ctx->isecs.len; si++) {
		const struct ld_isec *s = &ctx->isecs.v[si];
		if (!s->live || !s->nrels || (!s->osec && (s->sh_flags & SHF_ALLOC)) || s->file >= ctx->files.len)
			continue;
		const struct ld_file *f = &ctx->files.v[s->file];
		for (uint32_t k = 0; k < s->nrels; k++) {
			const struct ld_rel *rel = &s->rels[k];
			if (rel->type == 0 || rel->sym >= f->nsyms)
				continue;  /* R_*_NONE */
			uint32_t g = f->syms[rel->sym].global;
			if (!g || g >= ctx->syms.len)
				continue;
			const struct ld_sym *y = &ctx->syms.v[g];
			if ((y->def != LD_UNDEF && y->def != LD_DEF_LAZY) || (y->flags & LD_SYM_WEAK))
				continue;
			if (!slot[g]) {
				struct undef_report u = { .sym = g };
				slot[g] = list.len;
				LD_PUSH(list, u);
			}
			places_add(&list.v[slot[g]].at, si, rel->offset);
		}
	}

	for (uint32_t i = 1; i < list.len; i++) {
		const struct undef_report *u = &list.v[i];
		char msg[2048];
		size_t n = (size_t)snprintf(msg, sizeof(msg), "undefined symbol: %s", ctx->syms.v[u->sym].name);
		report_with_places(ctx, msg, sizeof(msg), n, &u->at);
	}
	LD_FREE(list);
	free(slot);
}

/* ---- references into discarded sections */

/* A kept allocated section that refers to a symbol whose section was thrown away
 * (/DISCARD/, --orphan-handling=discard) would get a wrong address silently; GNU ld
 * and lld refuse the link. Each such symbol is reported once, with up to three places.
 * .eh_frame is left out: an FDE of discarded code is dropped (ehframe.c). */
struct dead_report {
	uint32_t file, sym, target;     /* the symbol as the referring file sees it */
	struct ref_places at;
};

/* The input section symbol `sym` of `file` is defined in, when that section was
 * discarded; else 0. */
static uint32_t discarded_target(const struct ld_ctx *ctx, const struct ld_file *f, uint32_t sym)
{
	const struct ld_fsym *fs = &f->syms[sym];
	uint32_t t = 0;
	if (fs->global) {
		const struct ld_sym *y = &ctx->syms.v[fs->global];
		if (y->def != LD_DEF_REGULAR || y->isec >= ctx->isecs.len)
			return 0;
		t = y->isec;
	} else {
		if (fs->shndx == 0 || fs->shndx >= f->nsec)
			return 0;
		t = f->first_isec + fs->shndx;
	}
	const struct ld_isec *s = &ctx->isecs.v[t];
	return !t || (s->live && s->osec) || !(s->sh_flags & SHF_ALLOC) ? 0 : t;
}

void res_report_discarded(struct ld_ctx *ctx)
{
	LD_VEC(struct dead_report) list = { 0 };
	for (uint32_t si = 1; si < ctx->isecs.len; si++) {
		const struct ld_isec *s = &ctx->isecs.v[si];
		if (!s->live || !s->nrels || !s->osec || !(s->sh_flags & SHF_ALLOC) || s->file >= ctx->files.len ||
		    !strcmp(s->name, ".eh_frame"))
			continue;
		const struct ld_file *f = &ctx->files.v[s->file];
		for (uint32_t k = 0; k < s->nrels; k++) {
			const struct ld_rel *rel = &s->rels[k];
			if (rel->type == 0 || rel->sym == 0 || rel->sym >= f->nsyms)
				continue;
			uint32_t t = discarded_target(ctx, f, rel->sym);
			if (!t)
				continue;
			uint32_t g = f->syms[rel->sym].global, i = 0;
			for (; i < list.len; i++)
				if (g ? f->syms[rel->sym].global == ctx->files.v[list.v[i].file].syms[list.v[i].sym].global
				      : list.v[i].file == s->file && list.v[i].sym == rel->sym)
					break;
			if (i == list.len) {
				struct dead_report d = { .file = s->file, .sym = rel->sym, .target = t };
				LD_PUSH(list, d);
			}
			places_add(&list.v[i].at, si, rel->offset);
		}
	}
	for (uint32_t i = 0; i < list.len; i++) {
		const struct dead_report *d = &list.v[i];
		const struct ld_isec *t = &ctx->isecs.v[d->target];
		const char *tfile = ctx->files.v[t->file].name;
		char msg[2048];
		size_t n;
		if (ctx->files.v[d->file].syms[d->sym].type == STT_SECTION)
			n = (size_t)snprintf(msg, sizeof(msg), "relocation refers to a discarded section: %s\n>>> defined in %s",
			                     t->name, tfile);
		else
			n = (size_t)snprintf(msg, sizeof(msg),
			                     "relocation refers to a symbol in a discarded section: %s\n>>> defined in %s:(%s)",
			                     ld_sym_name(ctx, d->file, d->sym), tfile, t->name);
		report_with_places(ctx, msg, sizeof(msg), n, &d->at);
	}
	LD_FREE(list);
}

void res_free(struct ld_ctx *ctx)
{
	for (uint32_t i = 1; i < ctx->syms.len; i++) {
		if (ctx->syms.v[i].flags & LD_SYM_OWNED_NAME)
			free((char *)ctx->syms.v[i].name);
	}
	LD_FREE(ctx->syms);
	ld_link_order_free(ctx);
	free(ctx->sym_buckets);
	ctx->sym_buckets = NULL;
	ctx->nbuckets = 0;
}
