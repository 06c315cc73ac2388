/*
 * script_layout.c: layout driven by a GNU linker script (link/script.h parses it).
 *
 * What GNU ld does, in the order it matters here:
 *  - Each input section goes to the first input section description, in script
 *    order, that matches it; /DISCARD/ drops it; KEEP makes it a --gc-sections root.
 *    Sections no description takes are orphans: they get an output section of their
 *    default name, placed after the last output section of the same kind.
 *  - SECTIONS is walked with a location counter: an output section starts at its
 *    address expression, else at its region's next free byte (>region), else at `.`,
 *    aligned to its alignment; assignments inside it are section-relative; its load
 *    address is AT(...), else the next free byte of AT>region, else its address.
 *    Expressions may refer forward (SIZEOF(.bss) before .bss), so the walk runs until
 *    nothing moves (three passes at most), reporting errors only in the last.
 *  - Segments: PHDRS when given, else one PT_LOAD per run of sections that are
 *    contiguous in both address spaces; p_paddr is the load address.
 *
 *  - --orphan-handling: warn or error names each orphan where it is placed; discard
 *    drops them in sl_prepare, as /DISCARD/ would, before --gc-sections runs.
 *
 * Left to layout.c: sizes of synthetic sections (GOT), TLS, linker-defined symbols and
 * the entry. Mergeable sections are merged as in the default layout (lay_merge_*).
 */
#include <stdlib.h>
#include <string.h>

#include "ld.h"
#include "script.h"

enum { SHT_PROGBITS_ = 1, SHT_NOBITS_ = 8 };
enum { SHF_WRITE_ = 1, SHF_ALLOC_ = 2, SHF_EXECINSTR_ = 4, SHF_MERGE_ = 0x10, SHF_STRINGS_ = 0x20,
       SHF_GROUP_ = 0x200, SHF_TLS_ = 0x400 };
enum { PT_LOAD_ = 1 };
enum { PF_X_ = 1, PF_W_ = 2, PF_R_ = 4 };

struct sl_slot {
	const struct ls_cmd *desc;      /* LS_CMD_INPUT_DESC */
	uint32_t ocmd;                  /* its output section command */
	LD_VEC(uint32_t) isecs;         /* matched input sections, in input order */
	uint32_t nblocks;               /* blocks it put into its output section: its live
	                                   sections, a merge group's block for merged ones */
};

struct sl_ocmd {
	const struct ls_cmd *cmd;       /* LS_CMD_OSEC */
	const struct ls_overlay *overlay; /* the OVERLAY it belongs to, or NULL */
	uint32_t osec;                  /* its ld_osec, 0 for /DISCARD/ */
	uint8_t disabled;               /* ONLY_IF_RO/RW not met: not in the output */
};

struct sl_region {
	const struct ls_region *r;
	uint64_t origin, length, cur;
	uint8_t valid;
};

struct sl_data { const struct ls_cmd *cmd; uint32_t isec; };

struct sl_state {
	LD_VEC(struct sl_slot) slots;   /* [0] unused */
	LD_VEC(struct sl_ocmd) ocmds;   /* [0] unused */
	LD_VEC(struct sl_region) regions;
	LD_VEC(struct sl_data) data;    /* BYTE/SHORT/LONG/QUAD blocks */
	uint32_t nloads;                /* PT_LOADs of the last pass */
	uint64_t prev_lma_end;          /* the previous allocated section's load end */
	struct sl_region *prev_lma_region; /* the region its load image went to, or NULL */
	const char **sym_section;       /* per symbol: the output section a script
	                                   assignment made it relative to, or NULL */
	uint32_t nsym_section;
	int final_pass;
};

/* ---- the evaluator's view of the link */

static int env_symbol(void *user, const char *name, uint64_t *addr, const char **section)
{
	struct ld_ctx *ctx = user;
	struct ld_sym *y = res_find(ctx, name);
	*section = NULL;
	if (!y)
		return 0;
	switch (y->def) {
	case LD_DEF_REGULAR: {
		const struct ld_isec *s = &ctx->isecs.v[y->isec];
		if (!s->osec)
			return 0;
		uint64_t v = s->file ? ctx->files.v[y->file].syms[y->fsym].value : y->value;
		*addr = ld_isec_addr(ctx, y->isec, v);
		*section = ctx->osecs.v[s->osec].name;
		return 1;
	}
	case LD_DEF_ABS:
	case LD_DEF_LINKER: {
		*addr = y->addr;
		uint32_t i = (uint32_t)(y - ctx->syms.v);
		if (ctx->sl && i < ctx->sl->nsym_section)
			*section = ctx->sl->sym_section[i];
		return 1;
	}
	default:
		return 0;
	}
}

static int env_section(void *user, const char *name, struct ls_section_info *out)
{
	struct ld_ctx *ctx = user;
	for (uint32_t i = 1; i < ctx->osecs.len; i++) {
		const struct ld_osec *o = &ctx->osecs.v[i];
		if (!strcmp(o->name, name)) {
			out->vma = o->addr;
			out->lma = o->lma;
			out->size = o->size;
			out->align = o->sh_addralign ? o->sh_addralign : 1;
			return 1;
		}
	}
	return 0;
}

static int env_region(void *user, const char *name, uint64_t *origin, uint64_t *length)
{
	struct ld_ctx *ctx = user;
	const struct ls_region *r = ls_find_region(ctx->script, name);
	for (uint32_t i = 0; r && i < ctx->sl->regions.len; i++)
		if (ctx->sl->regions.v[i].r == r && ctx->sl->regions.v[i].valid) {
			*origin = ctx->sl->regions.v[i].origin;
			*length = ctx->sl->regions.v[i].length;
			return 1;
		}
	return 0;
}

static int env_segment_start(void *user, const char *name, uint64_t *addr)
{
	struct ld_ctx *ctx = user;
	if (!strcmp(name, "text-segment") && ctx->opt->has_image_base) {
		*addr = ctx->opt->image_base;
		return 1;
	}
	return 0;
}

static void init_env(struct ld_ctx *ctx, struct ls_eval_env *env, const char *file, uint64_t hdr_size)
{
	memset(env, 0, sizeof(*env));
	env->ctx = ctx->sl->final_pass ? ctx : NULL;
	env->quiet = !ctx->sl->final_pass;
	env->user = ctx;
	env->script = ctx->script;
	env->file = file;
	env->max_page_size = ctx->opt->max_page_size ? ctx->opt->max_page_size : ctx->t->page_size;
	env->common_page_size = ctx->t->page_size;
	env->sizeof_headers = hdr_size;
	env->symbol = env_symbol;
	env->section_info = env_section;
	env->region = env_region;
	env->segment_start = env_segment_start;
}

/* ---- before the inputs: commands that act like options */

void sl_commands(struct ld_ctx *ctx)
{
	struct ls_script *sc = ctx->script;
	struct ld_options *opt = ctx->opt;
	if (!opt->entry && sc->entry)
		opt->entry = sc->entry;
	for (struct ls_name *n = sc->externs; n; n = n->next)
		LD_PUSH(opt->undefined, n->name);
	for (struct ls_name *n = sc->search_dirs; n; n = n->next)
		LD_PUSH(opt->lib_dirs, n->name);
	for (struct ls_cmd *c = sc->cmds; c; c = c->next) {
		if (c->kind != LS_CMD_INPUT && c->kind != LS_CMD_GROUP)
			continue;
		if (c->kind == LS_CMD_GROUP)
			LD_PUSH(opt->inputs, ((struct ld_input){ .kind = LD_IN_GROUP_START }));
		for (struct ls_file_arg *f = c->files; f; f = f->next)
			LD_PUSH(opt->inputs, ((struct ld_input){ .kind = f->is_lib ? LD_IN_LIB : LD_IN_FILE, .arg = f->name }));
		if (c->kind == LS_CMD_GROUP)
			LD_PUSH(opt->inputs, ((struct ld_input){ .kind = LD_IN_GROUP_END }));
	}
}

/* OUTPUT_ARCH and OUTPUT_FORMAT name the target; a script for another machine is
 * an error rather than a silently wrong image. */
void sl_check_target(struct ld_ctx *ctx)
{
	const struct ls_script *sc = ctx->script;
	const char *emu = ld_emulation_name(ctx->lt);
	int rv = !strncmp(emu, "elf64lriscv", 11) || !strncmp(emu, "elf32lriscv", 11);
	int x64 = !strcmp(emu, "elf_x86_64");
	int is64 = ctx->elf_class == 64;
	if (sc->output_arch) {
		const char *a = sc->output_arch;
		int ok = rv ? !strncmp(a, "riscv", 5) : x64 ? !strcmp(a, "i386:x86-64") : !strcmp(a, "i386");
		if (!ok)
			ld_error(ctx, "%s: OUTPUT_ARCH(%s) does not match the target of this link (%s)", sc->path, a, emu);
	}
	const char *f = sc->output_format[2] ? sc->output_format[2] : sc->output_format[0];
	if (f) {
		const char *want = rv ? (is64 ? "elf64-littleriscv" : "elf32-littleriscv")
		                      : x64 ? (is64 ? "elf64-x86-64" : "elf32-x86-64") : "elf32-i386";
		if (strcmp(f, want) && !(x64 && !is64 && !strcmp(f, "elf32-i386")))
			ld_error(ctx, "%s: OUTPUT_FORMAT(%s) does not match the target of this link (%s)", sc->path, f, want);
	}
}

/* ---- after resolution: symbols, slots, matching */

/* Names the script's own expressions read: a PROVIDE is defined when they need it too,
 * as in GNU ld (picolibc's ASSERT reads PROVIDEd __data_size). */
static const char **script_refs;
static uint32_t nscript_refs, cap_script_refs;

static void collect_expr_refs(const struct ls_expr *e)
{
	if (!e)
		return;
	if (e->kind == LS_E_SYM && e->name) {
		if (nscript_refs == cap_script_refs) {
			cap_script_refs = cap_script_refs ? cap_script_refs * 2 : 64;
			script_refs = ld_xrealloc(script_refs, cap_script_refs * sizeof(*script_refs));
		}
		script_refs[nscript_refs++] = e->name;
	}
	collect_expr_refs(e->a);
	collect_expr_refs(e->b);
	collect_expr_refs(e->c);
}

/* PROVIDE assignments: their expressions count only once the PROVIDE is needed. */
static const struct ls_cmd **provides;
static uint32_t nprovides, cap_provides;

static void collect_cmd_refs(const struct ls_cmd *c)
{
	for (; c; c = c->next) {
		switch (c->kind) {
		case LS_CMD_ASSIGN:
			if (c->assign.provide) {
				if (nprovides == cap_provides) {
					cap_provides = cap_provides ? cap_provides * 2 : 64;
					provides = ld_xrealloc(provides, cap_provides * sizeof(*provides));
				}
				provides[nprovides++] = c;
			} else {
				collect_expr_refs(c->assign.expr);
			}
			break;
		case LS_CMD_ASSERT: collect_expr_refs(c->assert_.expr); break;
		case LS_CMD_DATA: collect_expr_refs(c->data.expr); break;
		case LS_CMD_SECTIONS: collect_cmd_refs(c->body); break;
		case LS_CMD_OSEC:
			collect_expr_refs(c->osec.addr);
			collect_expr_refs(c->osec.at);
			collect_expr_refs(c->osec.align);
			collect_cmd_refs(c->osec.body);
			break;
		case LS_CMD_OVERLAY:
			collect_expr_refs(c->overlay.start);
			collect_expr_refs(c->overlay.at);
			collect_cmd_refs(c->overlay.sections);
			break;
		default: break;
		}
	}
}

static int script_reads(const char *name)
{
	for (uint32_t i = 0; i < nscript_refs; i++)
		if (!strcmp(script_refs[i], name))
			return 1;
	return 0;
}

static void define_symbol(struct ld_ctx *ctx, const struct ls_assign *a)
{
	if (!strcmp(a->sym, "."))
		return;
	struct ld_sym *y;
	if (a->provide) {
		y = res_find(ctx, a->sym);
		if (y ? y->def != LD_UNDEF : !script_reads(a->sym))
			return;
		if (!y) {
			uint32_t yi = res_intern(ctx, a->sym);
			y = &ctx->syms.v[yi];
		}
	} else {
		{
			/* res_intern may move syms: index first */
			uint32_t yi = res_intern(ctx, a->sym);
			y = &ctx->syms.v[yi];
		}
	}
	y->def = LD_DEF_LINKER;
	y->alias = 0;
	y->flags &= (uint16_t)~LD_SYM_WEAK;
	y->flags |= LD_SYM_DEFSYM;
	if (a->hidden)
		y->flags |= LD_SYM_HIDDEN;
}

static void collect_body(struct ld_ctx *ctx, const struct ls_cmd *body, uint32_t ocmd)
{
	struct sl_state *sl = ctx->sl;
	for (const struct ls_cmd *c = body; c; c = c->next) {
		if (c->kind == LS_CMD_ASSIGN) {
			define_symbol(ctx, &c->assign);
		} else if (c->kind == LS_CMD_INPUT_DESC && ocmd) {
			struct sl_slot sl_ = { .desc = c, .ocmd = ocmd };
			LD_PUSH(sl->slots, sl_);
		}
	}
}

static void collect_osec(struct ld_ctx *ctx, const struct ls_cmd *c, const struct ls_overlay *ov)
{
	struct sl_ocmd oc = { .cmd = c, .overlay = ov };
	LD_PUSH(ctx->sl->ocmds, oc);
	collect_body(ctx, c->osec.body, ctx->sl->ocmds.len - 1);
}

/* The member name of an archive member file ("lib.a(x.o)" -> "x.o"), or NULL. */
static const char *member_name(const struct ld_file *f, char *buf, size_t size)
{
	const char *open = f->name ? strrchr(f->name, '(') : NULL;
	size_t n = f->name ? strlen(f->name) : 0;
	if (!open || n < 2 || f->name[n - 1] != ')' || !f->path || !strcmp(f->path, f->name))
		return NULL;
	size_t m = (size_t)(f->name + n - 1 - (open + 1));
	if (m >= size)
		m = size - 1;
	memcpy(buf, open + 1, m);
	buf[m] = 0;
	return buf;
}

void sl_prepare(struct ld_ctx *ctx)
{
	struct sl_state *sl = calloc(1, sizeof(*sl));
	if (!sl)
		ld_fatal("out of memory");
	ctx->sl = sl;
	LD_PUSH(sl->slots, ((struct sl_slot){ 0 }));
	LD_PUSH(sl->ocmds, ((struct sl_ocmd){ 0 }));
	nscript_refs = nprovides = 0;
	collect_cmd_refs(ctx->script->cmds);
	// A needed PROVIDE makes what its expression reads needed too (GNU ld's rule):
	// follow that until nothing new is needed.
	uint8_t *done = calloc(nprovides + 1, 1);
	if (!done)
		ld_fatal("out of memory");
	for (int changed = 1; changed;) {
		changed = 0;
		for (uint32_t i = 0; i < nprovides; i++) {
			const char *name = provides[i]->assign.sym;
			struct ld_sym *y = res_find(ctx, name);
			if (done[i] || !((y && y->def == LD_UNDEF) || script_reads(name)))
				continue;
			done[i] = 1;
			collect_expr_refs(provides[i]->assign.expr);
			changed = 1;
		}
	}
	free(done);

	for (const struct ls_cmd *c = ctx->script->cmds; c; c = c->next) {
		if (c->kind == LS_CMD_ASSIGN)
			define_symbol(ctx, &c->assign);
		if (c->kind != LS_CMD_SECTIONS)
			continue;
		for (const struct ls_cmd *s = c->body; s; s = s->next) {
			if (s->kind == LS_CMD_ASSIGN)
				define_symbol(ctx, &s->assign);
			else if (s->kind == LS_CMD_OSEC)
				collect_osec(ctx, s, NULL);
			else if (s->kind == LS_CMD_OVERLAY)
				for (const struct ls_cmd *o = s->overlay.sections; o; o = o->next)
					if (o->kind == LS_CMD_OSEC)
						collect_osec(ctx, o, &s->overlay);
		}
	}
	for (const struct ls_region *r = ctx->script->regions; r; r = r->next) {
		struct sl_region sr = { .r = r };
		if (!r->alias_of && r->origin && r->length &&
		    ls_eval_const(ctx, r->file, r->origin, &sr.origin) == 0 &&
		    ls_eval_const(ctx, r->file, r->length, &sr.length) == 0)
			sr.valid = 1;
		sr.cur = sr.origin;
		LD_PUSH(sl->regions, sr);
	}

	// ONLY_IF_RO / ONLY_IF_RW: an output section whose inputs break its condition is
	// not created, and its inputs are left to later statements (GNU ld's rule).
	uint8_t *disabled = calloc(sl->ocmds.len, 1);
	if (!disabled)
		ld_fatal("out of memory");
	for (uint32_t oi = 1; oi < sl->ocmds.len; oi++) {
		const struct ls_osec *d = &sl->ocmds.v[oi].cmd->osec;
		if (!d->constraint)
			continue;
		for (uint32_t fi = 1; fi < ctx->files.len && !disabled[oi]; fi++) {
			struct ld_file *f = &ctx->files.v[fi];
			if (!f->is_object)
				continue;
			char mbuf[256];
			const char *member = member_name(f, mbuf, sizeof(mbuf));
			const char *path = member ? f->path : (f->name ? f->name : f->path);
			for (uint32_t k = 1; k < f->nsec && !disabled[oi]; k++) {
				const struct ld_isec *s = &ctx->isecs.v[f->first_isec + k];
				if (!s->live || s->sh_type == 0)
					continue;
				for (uint32_t si = 1; si < sl->slots.len; si++) {
					if (sl->slots.v[si].ocmd != oi ||
					    !ls_match_input(&sl->slots.v[si].desc->input, path, member, s->name))
						continue;
					int writable = (s->sh_flags & SHF_WRITE_) != 0;
					if ((d->constraint == LS_ONLY_IF_RO && writable) ||
					    (d->constraint == LS_ONLY_IF_RW && !writable))
						disabled[oi] = 1;
					break;
				}
			}
		}
	}

	// Each input section goes to the first description that matches it, in link order.
	for (uint32_t li = 0, n = ld_link_order(ctx); li < n; li++) {
		struct ld_file *f = &ctx->files.v[ctx->link_order.v[li]];
		char mbuf[256];
		const char *member = member_name(f, mbuf, sizeof(mbuf));
		const char *path = member ? f->path : (f->name ? f->name : f->path);
		for (uint32_t k = 1; k < f->nsec; k++) {
			uint32_t idx = f->first_isec + k;
			struct ld_isec *s = &ctx->isecs.v[idx];
			if (!s->live || s->sh_type == 0)
				continue;
			for (uint32_t si = 1; si < sl->slots.len; si++) {
				const struct ls_input_desc *d = &sl->slots.v[si].desc->input;
				if (disabled[sl->slots.v[si].ocmd] || !ls_match_input(d, path, member, s->name))
					continue;
				const struct ls_cmd *oc = sl->ocmds.v[sl->slots.v[si].ocmd].cmd;
				if (oc->osec.discard) {
					lay_discard_isec(ctx, idx);
				} else {
					s->script_slot = si;
					if (d->keep)
						s->keep = 1;
					LD_PUSH(sl->slots.v[si].isecs, idx);
				}
				break;
			}
		}
	}
	for (uint32_t oi = 1; oi < sl->ocmds.len; oi++)
		sl->ocmds.v[oi].disabled = disabled[oi];
	free(disabled);

	// --orphan-handling=discard: what no description took goes, as if /DISCARD/
	// took it (before --gc-sections, which then does not follow its references).
	if (ctx->opt->orphan_handling == LD_ORPHAN_DISCARD)
		for (uint32_t fi = 1; fi < ctx->files.len; fi++) {
			const struct ld_file *f = &ctx->files.v[fi];
			for (uint32_t k = 1; f->is_object && k < f->nsec; k++) {
				const struct ld_isec *s = &ctx->isecs.v[f->first_isec + k];
				if (s->live && s->sh_type != 0 && !s->script_slot)
					lay_orphan(ctx, f->first_isec + k, s->name);
			}
		}
}

/* ---- output sections */

static int secpat_is_common(const struct ls_input_desc *d)
{
	for (const struct ls_secpat *p = d->sections; p; p = p->next)
		if (!strcmp(p->pattern, "COMMON"))
			return 1;
	return 0;
}

static struct ld_ctx *sort_ctx;
static uint8_t sort_mode;
static int cmp_slot(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	const struct ld_isec *sx = &sort_ctx->isecs.v[x], *sy = &sort_ctx->isecs.v[y];
	int c = 0;
	if (sort_mode == LS_SORT_BY_NAME)
		c = strcmp(sx->name, sy->name);
	else if (sort_mode == LS_SORT_BY_ALIGNMENT)
		c = sx->sh_addralign > sy->sh_addralign ? -1 : sx->sh_addralign < sy->sh_addralign;
	else if (sort_mode == LS_SORT_BY_INIT_PRIORITY) {
		uint64_t px = ls_init_priority(sx->name), py = ls_init_priority(sy->name);
		c = px < py ? -1 : px > py;
	}
	return c ? c : ld_input_cmp(sort_ctx, x, y);
}

static uint32_t new_osec(struct ld_ctx *ctx, const char *name)
{
	struct ld_osec o = { .name = name, .sh_type = SHT_NOBITS_, .sh_addralign = 1 };
	LD_PUSH(ctx->osecs, o);
	return ctx->osecs.len - 1;
}

static uint32_t synthetic(struct ld_ctx *ctx, const char *name, uint32_t type, uint64_t flags, uint64_t align,
                          uint64_t size)
{
	struct ld_isec s = { .name = name, .sh_type = type, .sh_flags = flags, .sh_addralign = align ? align : 1,
	                     .live = 1, .size = size };
	if (type != SHT_NOBITS_) {
		uint8_t *p = calloc(1, size ? size : 1);
		if (!p)
			ld_fatal("out of memory");
		s.data = p;
		s.owned_data = 1;
	}
	LD_PUSH(ctx->isecs, s);
	return ctx->isecs.len - 1;
}

static void add_to_osec(struct ld_ctx *ctx, uint32_t o, uint32_t idx)
{
	struct ld_isec *s = &ctx->isecs.v[idx];
	struct ld_osec *os = &ctx->osecs.v[o];
	s->osec = o;
	LD_PUSH(os->isecs, idx);
	os->sh_flags |= s->sh_flags & (SHF_WRITE_ | SHF_EXECINSTR_ | SHF_ALLOC_ | SHF_TLS_);
	if (s->sh_type != SHT_NOBITS_)
		os->sh_type = s->sh_type == SHT_NOBITS_ ? SHT_PROGBITS_ : s->sh_type;
	if (s->sh_addralign > os->sh_addralign)
		os->sh_addralign = s->sh_addralign;
	if (!os->sh_entsize)
		os->sh_entsize = s->sh_entsize;
}

/* Merge sections are merged within each output section, as GNU ld does; a
 * malformed one (no data) goes in whole. */
static int is_mergeable(const struct ld_isec *s)
{
	return s->is_merge && s->data && s->size;
}

void sl_create_sections(struct ld_ctx *ctx)
{
	struct sl_state *sl = ctx->sl;
	struct lay_merge *merge = lay_merge_new();
	if (ctx->osecs.len == 0)
		LD_PUSH(ctx->osecs, ((struct ld_osec){ 0 }));

	// COMMON symbols go where *(COMMON) is.
	uint32_t common_slot = 0;
	for (uint32_t si = 1; si < sl->slots.len && !common_slot; si++)
		if (secpat_is_common(&sl->slots.v[si].desc->input) && !sl->ocmds.v[sl->slots.v[si].ocmd].cmd->osec.discard)
			common_slot = si;
	uint32_t common = 0;
	uint64_t coff = 0;
	uint32_t *order;
	uint32_t ncommon = common_slot ? lay_common_order(ctx, &order) : (order = NULL, 0);
	for (uint32_t k = 0; k < ncommon; k++) {
		struct ld_sym *y = &ctx->syms.v[order[k]];
		uint64_t al = y->value ? y->value : 1;
		if (!common) {
			common = synthetic(ctx, "COMMON", SHT_NOBITS_, SHF_ALLOC_ | SHF_WRITE_, al, 0);
			LD_PUSH(sl->slots.v[common_slot].isecs, common);
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

	// Output sections in script order, their inputs in description order.
	for (uint32_t oi = 1; oi < sl->ocmds.len; oi++) {
		struct sl_ocmd *oc = &sl->ocmds.v[oi];
		const struct ls_osec *d = &oc->cmd->osec;
		if (d->discard || oc->disabled)
			continue;
		uint32_t o = new_osec(ctx, d->name);
		oc->osec = o;
		int has_data = 0;
		for (const struct ls_cmd *c = d->body; c; c = c->next) {
			if (c->kind == LS_CMD_DATA) {
				uint32_t id = synthetic(ctx, d->name, SHT_PROGBITS_, SHF_ALLOC_, 1, c->data.size);
				LD_PUSH(sl->data, ((struct sl_data){ c, id }));
				add_to_osec(ctx, o, id);
				has_data = 1;
				continue;
			}
			if (c->kind != LS_CMD_INPUT_DESC)
				continue;
			for (uint32_t si = 1; si < sl->slots.len; si++) {
				struct sl_slot *slot = &sl->slots.v[si];
				if (slot->desc != c)
					continue;
				const struct ls_secpat *p = c->input.sections;
				if (p && !p->next && p->sort && p->sort != LS_SORT_NONE && slot->isecs.len) {
					sort_ctx = ctx;
					sort_mode = p->sort;
					qsort(slot->isecs.v, slot->isecs.len, sizeof(uint32_t), cmp_slot);
				}
				for (uint32_t k = 0; k < slot->isecs.len; k++) {
					uint32_t idx = slot->isecs.v[k];
					if (!ctx->isecs.v[idx].live)
						continue;
					if (is_mergeable(&ctx->isecs.v[idx]))
						idx = lay_merge_add(ctx, merge, o, idx);
					if (idx) {
						add_to_osec(ctx, o, idx);
						slot->nblocks++;
					}
				}
			}
		}
		struct ld_osec *os = &ctx->osecs.v[o];
		if (!os->isecs.len && !has_data)
			os->sh_flags |= SHF_ALLOC_ | SHF_WRITE_;
		if (has_data && os->sh_type == SHT_NOBITS_)
			os->sh_type = SHT_PROGBITS_;
		if (d->type == LS_TYPE_NOLOAD) {
			os->sh_type = SHT_NOBITS_;
			os->sh_flags |= SHF_ALLOC_;
		} else if (d->type == LS_TYPE_COPY || d->type == LS_TYPE_INFO || d->type == LS_TYPE_DSECT ||
		           d->type == LS_TYPE_OVERLAY) {
			os->sh_flags &= ~(uint64_t)SHF_ALLOC_;
		} else if (d->type == LS_TYPE_READONLY) {
			os->sh_flags &= ~(uint64_t)SHF_WRITE_;
		}
	}

	// Orphans: an output section of their default name, after the last output
	// section of the same kind (or at the end).
	for (uint32_t li = 0, n = ld_link_order(ctx); li < n; li++) {
		struct ld_file *f = &ctx->files.v[ctx->link_order.v[li]];
		for (uint32_t k = 1; k < f->nsec; k++) {
			uint32_t idx = f->first_isec + k;
			struct ld_isec *s = &ctx->isecs.v[idx];
			if (!s->live || s->sh_type == 0 || s->script_slot || s->osec)
				continue;
			if (ctx->opt->strip_debug && !(s->sh_flags & SHF_ALLOC_) && !strncmp(s->name, ".debug", 6))
				continue;
			const char *name = lay_output_name(s->name);
			if (ctx->opt->orphan_handling != LD_ORPHAN_PLACE)
				lay_orphan(ctx, idx, name);
			uint32_t o = 0;
			for (uint32_t i = 1; i < ctx->osecs.len && !o; i++)
				if (!strcmp(ctx->osecs.v[i].name, name))
					o = i;
			if (!o) {
				struct ld_osec probe = { .sh_type = s->sh_type, .sh_flags = s->sh_flags };
				int rank = lay_section_rank(&probe);
				uint32_t after = 0;
				for (uint32_t i = 1; i < ctx->osecs.len; i++)
					if (lay_section_rank(&ctx->osecs.v[i]) <= rank && (ctx->osecs.v[i].sh_flags & SHF_ALLOC_) ==
					    (s->sh_flags & SHF_ALLOC_))
						after = i;
				o = new_osec(ctx, name);
				if (after && after + 1 < o) {
					/* move the new section right after `after` */
					struct ld_osec moved = ctx->osecs.v[o];
					memmove(&ctx->osecs.v[after + 2], &ctx->osecs.v[after + 1],
					        (size_t)(o - after - 1) * sizeof(struct ld_osec));
					ctx->osecs.v[after + 1] = moved;
					o = after + 1;
					for (uint32_t i = 1; i < sl->ocmds.len; i++)
						if (sl->ocmds.v[i].osec > after)
							sl->ocmds.v[i].osec++;
					for (uint32_t i = 1; i < ctx->osecs.len; i++)
						for (uint32_t j = 0; j < ctx->osecs.v[i].isecs.len; j++)
							ctx->isecs.v[ctx->osecs.v[i].isecs.v[j]].osec = i;
				}
			}
			if (is_mergeable(s))
				idx = lay_merge_add(ctx, merge, o, idx);
			if (idx)
				add_to_osec(ctx, o, idx);
		}
	}
	lay_merge_finish(ctx, merge);
}

/* ---- addresses */

static struct sl_region *region_named(struct ld_ctx *ctx, const char *name)
{
	const struct ls_region *r = name ? ls_find_region(ctx->script, name) : NULL;
	for (uint32_t i = 0; r && i < ctx->sl->regions.len; i++)
		if (ctx->sl->regions.v[i].r == r)
			return ctx->sl->regions.v[i].valid ? &ctx->sl->regions.v[i] : NULL;
	return NULL;
}

/* GNU: a section without >region goes to the first region whose attributes accept
 * it; when MEMORY has no such region, it follows the location counter. */
static struct sl_region *default_region(struct ld_ctx *ctx, const struct ld_osec *o)
{
	for (uint32_t i = 0; i < ctx->sl->regions.len; i++) {
		struct sl_region *r = &ctx->sl->regions.v[i];
		if (r->valid && ls_region_accepts(r->r, o->sh_type, o->sh_flags))
			return r;
	}
	return NULL;
}

/* A fill pattern that takes over at section offset from. GNU ld stores a bare hex
 * literal as a byte pattern as long as its digits, any other expression as its four
 * low bytes, big-endian; the pattern repeats across each gap. */
static void add_fill(struct ld_osec *o, const struct ls_expr *e, struct ls_eval_env *env, uint64_t from)
{
	struct ls_value fv;
	if (ls_eval(e, env, &fv) != 0)
		return;
	unsigned n = e->kind == LS_E_NUM && e->hex_digits ? (e->hex_digits + 1) / 2 : 4;
	if (n > 8)
		n = 8;
	unsigned slot = o->nfills < sizeof(o->fills) / sizeof(o->fills[0]) ? o->nfills++ : o->nfills - 1u;
	struct ld_fill *f = &o->fills[slot];
	f->from = from;
	f->len = (uint8_t)n;
	for (unsigned b = 0; b < n; b++)
		f->pattern[b] = (uint8_t)(fv.value >> (8 * (n - 1 - b)));
}

uint32_t sl_sym_osec(struct ld_ctx *ctx, uint32_t sym)
{
	const char *name = sym < ctx->sl->nsym_section ? ctx->sl->sym_section[sym] : NULL;
	for (uint32_t o = 1; name && o < ctx->osecs.len; o++)
		if (!strcmp(ctx->osecs.v[o].name, name))
			return o;
	return 0;
}

static void assign_symbol(struct ld_ctx *ctx, const struct ls_cmd *c, struct ls_eval_env *env)
{
	const struct ls_assign *a = &c->assign;
	struct ld_sym *y = res_find(ctx, a->sym);
	if (!y || y->def != LD_DEF_LINKER || y->alias)
		return;   /* PROVIDE of something defined elsewhere */
	struct ls_value v;
	env->file = c->file;
	if (ls_eval(a->expr, env, &v) != 0)
		return;
	y->addr = y->value = ls_value_addr(&v, env);
	// Remember its section: GNU reads such a symbol as section-relative later.
	struct sl_state *sl = ctx->sl;
	uint32_t i = (uint32_t)(y - ctx->syms.v);
	if (i >= sl->nsym_section) {
		uint32_t n = ctx->syms.len;
		sl->sym_section = ld_xrealloc(sl->sym_section, (size_t)n * sizeof(*sl->sym_section));
		memset(sl->sym_section + sl->nsym_section, 0, (size_t)(n - sl->nsym_section) * sizeof(*sl->sym_section));
		sl->nsym_section = n;
	}
	sl->sym_section[i] = ls_value_section(&v, env);
}

static void report_assert(struct ld_ctx *ctx, const struct ls_cmd *c, struct ls_eval_env *env)
{
	struct ls_value v;
	env->file = c->file;
	if (ctx->sl->final_pass && ls_eval(c->assert_.expr, env, &v) == 0 && v.value == 0)
		ld_error(ctx, "%s:%u: %s", c->file ? c->file : "script", c->line,
		         c->assert_.message ? c->assert_.message : "assertion failed");
}

/* Whether GNU ld drops output section o (command d) before sizing and leaves the
 * location counter alone: nothing of its inputs has a byte, it holds no data and its
 * body never assigns to `.`. Its symbols still take its would-be address. */
static int osec_ignored(const struct ld_ctx *ctx, const struct ld_osec *o, const struct ls_osec *d)
{
	if (o->is_got)
		return 0;
	for (const struct ls_cmd *c = d->body; c; c = c->next)
		if (c->kind == LS_CMD_DATA || (c->kind == LS_CMD_ASSIGN && !strcmp(c->assign.sym, ".")))
			return 0;
	for (uint32_t k = 0; k < o->isecs.len; k++)
		if (ctx->isecs.v[o->isecs.v[k]].size)
			return 0;
	return 1;
}

/* Places one output section; returns the location counter after it. */
static uint64_t place_osec(struct ld_ctx *ctx, struct sl_ocmd *oc, uint64_t dot, struct ls_eval_env *env,
                           uint64_t *prev_delta, struct sl_region **prev_region, int in_overlay)
{
	const struct ls_osec *d = &oc->cmd->osec;
	struct ld_osec *o = &ctx->osecs.v[oc->osec];
	int alloc = (o->sh_flags & SHF_ALLOC_) != 0;
	uint64_t al = o->sh_addralign ? o->sh_addralign : 1;
	struct ls_value v;
	env->section = NULL;
	env->dot = dot;
	env->file = oc->cmd->file;
	if (d->align && ls_eval(d->align, env, &v) == 0 && v.value > al)
		al = o->sh_addralign = v.value;   /* ALIGN(x) is the section's alignment too */
	struct sl_region *region = region_named(ctx, d->region);
	if (d->region && !region && ctx->sl->final_pass)
		ld_error(ctx, "%s:%u: no memory region named '%s' for section %s", oc->cmd->file, oc->cmd->line,
		         d->region, d->name);
	if (!region && !d->region && alloc && !d->addr && !in_overlay)
		region = default_region(ctx, o);
	uint64_t start = dot;
	uint64_t pre_align = region ? region->cur : dot;
	int explicit_addr = 0;
	if (in_overlay) {
		start = dot;
	} else if (o->fixed_addr && alloc) {
		/* -Ttext, --section-start, --got-address: the command line wins over the
		 * script, as in GNU ld */
		start = o->addr;
		explicit_addr = 1;
	} else if (d->addr) {
		uint64_t a;
		int is_abs;
		if (ls_eval_addr(d->addr, env, &a, &is_abs) == 0)
			start = a;
		explicit_addr = 1;
	} else if (region) {
		start = align_up(region->cur, al);
	} else if (alloc) {
		start = align_up(dot, al);
	}
	if (!alloc)
		start = 0;
	o->addr = start;
	if (!o->fixed_addr || !alloc)
		o->fixed_addr = 0;

	// Fill patterns: =fill after the braces covers the section from its start, each
	// FILL() the gaps after it (added as the body is walked below).
	o->nfills = 0;
	if (d->fill)
		add_fill(o, d->fill, env, 0);

	// The contents: input sections, data and assignments, section-relative.
	uint64_t cur = start;
	env->section = d->name;
	env->section_vma = start;
	env->dot_valid = 1;
	LD_VEC(uint32_t) order = { 0 };
	uint32_t next = 0;   /* next of o->isecs to place */
	for (const struct ls_cmd *c = d->body; c; c = c->next) {
		env->dot = cur;
		if (c->kind == LS_CMD_ASSIGN) {
			if (!strcmp(c->assign.sym, ".")) {
				uint64_t nd;
				env->file = c->file;
				if (ls_eval_dot(c->assign.expr, env, &nd) == 0 && nd >= cur)
					cur = nd;
			} else {
				assign_symbol(ctx, c, env);
			}
		} else if (c->kind == LS_CMD_ASSERT) {
			report_assert(ctx, c, env);
		} else if (c->kind == LS_CMD_FILL) {
			add_fill(o, c->expr, env, cur - start);
		} else if (c->kind == LS_CMD_INPUT_DESC || c->kind == LS_CMD_DATA) {
			/* o->isecs holds this command's blocks next, in order */
			uint32_t count = 0;
			if (c->kind == LS_CMD_DATA) {
				count = 1;
			} else {
				for (uint32_t si = 1; si < ctx->sl->slots.len; si++)
					if (ctx->sl->slots.v[si].desc == c)
						count += ctx->sl->slots.v[si].nblocks;
			}
			for (uint32_t k = 0; k < count && next < o->isecs.len; k++, next++) {
				uint32_t idx = o->isecs.v[next];
				struct ld_isec *s = &ctx->isecs.v[idx];
				uint64_t sal = s->sh_addralign ? s->sh_addralign : 1;
				if (d->subalign) {
					struct ls_value sv;
					if (ls_eval(d->subalign, env, &sv) == 0 && sv.value)
						sal = sv.value;
				}
				cur = align_up(cur, sal);
				s->off = cur - start;
				cur += s->size;
				LD_PUSH(order, idx);
			}
			if (c->kind == LS_CMD_DATA) {
				for (uint32_t i = 0; i < ctx->sl->data.len; i++)
					if (ctx->sl->data.v[i].cmd == c) {
						struct ld_isec *s = &ctx->isecs.v[ctx->sl->data.v[i].isec];
						struct ls_value dv;
						env->dot = cur;
						if (ls_eval(c->data.expr, env, &dv) == 0) {
							/* a plain number is the value itself, not an offset
							 * into this section */
							uint64_t x = dv.cls == LS_V_NUMBER ? dv.value : ls_value_addr(&dv, env);
							uint8_t *p = (uint8_t *)s->data;
							const int be = ctx->t->big_endian;
							if (c->data.size == 1) p[0] = (uint8_t)x;
							else if (c->data.size == 2) put16(p, (uint16_t)x, be);
							else if (c->data.size == 4) put32(p, (uint32_t)x, be);
							else put64(p, x, be);
						}
					}
			}
		}
	}
	/* orphans that joined a script section by name come last */
	for (; next < o->isecs.len; next++) {
		struct ld_isec *s = &ctx->isecs.v[o->isecs.v[next]];
		cur = align_up(cur, s->sh_addralign ? s->sh_addralign : 1);
		s->off = cur - start;
		cur += s->size;
	}
	LD_FREE(order);
	env->section = NULL;
	if (o->is_got) {
		cur = align_up(cur, ctx->t->ptr_size);
		cur += (uint64_t)ctx->got.len * ctx->t->ptr_size;
	}
	o->size = cur - start;
	for (uint32_t k = 0; k < o->isecs.len; k++) {
		struct ld_isec *s = &ctx->isecs.v[o->isecs.v[k]];
		uint64_t end = k + 1 < o->isecs.len ? ctx->isecs.v[o->isecs.v[k + 1]].off : o->size;
		s->capacity = end > s->off ? end - s->off : s->size;
	}

	// Load address: AT(), AT>region, else follow the previous section's offset.
	struct sl_region *lregion = region_named(ctx, d->lma_region);
	int loads = alloc && o->sh_type != SHT_NOBITS_;
	if (d->at) {
		uint64_t a;
		int is_abs;
		env->dot = cur;
		o->lma = ls_eval_addr(d->at, env, &a, &is_abs) == 0 ? a : start;
	} else if (lregion == region && region) {
		/* >ram AT>ram: loaded where it runs */
		o->lma = start;
	} else if (lregion) {
		/* GNU ld takes the region's next byte as it is, unaligned */
		o->lma = lregion->cur;
	} else if (!explicit_addr && alloc && *prev_delta && region == *prev_region) {
		/* GNU: go on loading right after the previous section's load image (what
		 * it loads: nothing for NOBITS), unaligned */
		o->lma = ctx->sl->prev_lma_end;
		(void)pre_align;
	} else {
		o->lma = start;
	}
	/* the load image occupies its region: AT>region's, or the one the previous
	 * section loaded into when this one follows it */
	struct sl_region *lr = lregion ? lregion : (o->lma != start ? ctx->sl->prev_lma_region : NULL);
	if (!in_overlay && osec_ignored(ctx, o, d))
		return dot;   /* its address and load address are its symbols' only */
	if (lr && loads && o->lma + o->size > lr->cur)
		lr->cur = o->lma + o->size;
	if (alloc) {
		*prev_delta = o->lma - start;
		*prev_region = region;
		ctx->sl->prev_lma_end = o->lma + (loads ? o->size : 0);
		ctx->sl->prev_lma_region = o->lma != start ? lr : NULL;
	}
	if (region && alloc)
		region->cur = cur > region->cur ? cur : region->cur;

	/* .tbss takes no room in the address space of the image */
	if ((o->sh_flags & SHF_TLS_) && o->sh_type == SHT_NOBITS_)
		return dot > start ? dot : start;
	return alloc ? cur : dot;
}

static int is_script_osec(struct ld_ctx *ctx, uint32_t o)
{
	for (uint32_t i = 1; i < ctx->sl->ocmds.len; i++)
		if (ctx->sl->ocmds.v[i].osec == o)
			return 1;
	return 0;
}

/* Orphans from output section `from` on, up to the next section the script places:
 * each at the location counter, aligned, with its load address following the
 * previous section's (GNU places orphans where sections of their kind are). Each
 * orphan is placed once per pass. */
static uint64_t place_orphans(struct ld_ctx *ctx, uint32_t from, uint64_t dot, uint64_t *prev_delta,
                              struct sl_region *region)
{
	for (uint32_t i = from; i < ctx->osecs.len && !is_script_osec(ctx, i); i++) {
		struct ld_osec *o = &ctx->osecs.v[i];
		if (o->seg == UINT32_MAX)
			continue;   /* placed already in this pass */
		uint64_t cur = 0;
		for (uint32_t k = 0; k < o->isecs.len; k++) {
			struct ld_isec *s = &ctx->isecs.v[o->isecs.v[k]];
			cur = align_up(cur, s->sh_addralign ? s->sh_addralign : 1);
			s->off = cur;
			cur += s->size;
			s->capacity = s->size;
		}
		if (o->is_got)
			cur = align_up(cur, ctx->t->ptr_size) + (uint64_t)ctx->got.len * ctx->t->ptr_size;
		o->size = cur;
		o->seg = UINT32_MAX;
		if (!(o->sh_flags & SHF_ALLOC_)) {
			o->addr = o->lma = 0;
			continue;
		}
		/* an orphan joins the region of the section it follows */
		uint64_t pre = region ? region->cur : dot;
		uint64_t at = align_up(pre, o->sh_addralign ? o->sh_addralign : 1);
		o->addr = at;
		o->lma = *prev_delta ? ctx->sl->prev_lma_end : at;
		(void)pre;
		*prev_delta = o->lma - o->addr;
		ctx->sl->prev_lma_end = o->lma + (o->sh_type != SHT_NOBITS_ ? o->size : 0);
		struct sl_region *lr = o->lma != o->addr ? ctx->sl->prev_lma_region : NULL;
		if (lr && o->sh_type != SHT_NOBITS_ && ctx->sl->prev_lma_end > lr->cur)
			lr->cur = ctx->sl->prev_lma_end;
		if ((o->sh_flags & SHF_TLS_) && o->sh_type == SHT_NOBITS_)
			continue;
		if (region)
			region->cur = at + o->size;
		else
			dot = at + o->size;
	}
	return dot;
}

/* Segments without PHDRS: a new PT_LOAD where the address or load address jumps, or
 * where the flags go from read-only to writable across a page. */
static void auto_segments(struct ld_ctx *ctx, uint64_t hdr_size)
{
	const uint64_t page = ctx->opt->max_page_size ? ctx->opt->max_page_size : ctx->t->page_size;
	ctx->segs.len = 0;
	LD_PUSH(ctx->segs, ((struct ld_seg){ 0 }));
	struct ld_osec *prev = NULL;
	uint32_t cur = 0;
	uint64_t off = hdr_size;
	ctx->headers_loaded = 0;

	// Sections in address order (a script may place them out of order).
	uint32_t n = 0;
	uint32_t *ord = ld_xrealloc(NULL, (ctx->osecs.len + 1) * sizeof(uint32_t));
	for (uint32_t i = 1; i < ctx->osecs.len; i++) {
		struct ld_osec *o = &ctx->osecs.v[i];
		if ((o->sh_flags & SHF_ALLOC_) && (o->size || o->is_got))
			ord[n++] = i;
		else
			o->seg = 0;
	}
	for (uint32_t a = 1; a < n; a++)
		for (uint32_t b = a; b > 0 && ctx->osecs.v[ord[b - 1]].addr > ctx->osecs.v[ord[b]].addr; b--) {
			uint32_t t = ord[b];
			ord[b] = ord[b - 1];
			ord[b - 1] = t;
		}
	for (uint32_t k = 0; k < n; k++) {
		struct ld_osec *o = &ctx->osecs.v[ord[k]];
		int tbss = (o->sh_flags & SHF_TLS_) && o->sh_type == SHT_NOBITS_;
		uint32_t fl = PF_R_ | (o->sh_flags & SHF_WRITE_ ? PF_W_ : 0) | (o->sh_flags & SHF_EXECINSTR_ ? PF_X_ : 0);
		int fresh = !cur;
		if (prev && !fresh) {
			uint64_t pend = prev->addr + ((prev->sh_flags & SHF_TLS_) && prev->sh_type == SHT_NOBITS_ ? 0 : prev->size);
			uint64_t plend = prev->lma + (prev->sh_type == SHT_NOBITS_ ? 0 : prev->size);
			if (o->lma - o->addr != prev->lma - prev->addr)
				fresh = 1;
			else if (align_up(pend, page) < align_down(o->addr, page))
				fresh = 1;
			else if (prev->sh_type == SHT_NOBITS_ && !tbss && o->sh_type != SHT_NOBITS_)
				fresh = 1;
			else if ((fl & PF_W_) && !(ctx->segs.v[cur].p_flags & PF_W_) && align_down(o->addr, page) != align_down(pend ? pend - 1 : 0, page))
				fresh = 1;
			(void)plend;
		}
		if (fresh) {
			struct ld_seg sg = { .p_type = PT_LOAD_, .p_flags = fl, .p_align = page,
			                     .p_vaddr = o->addr, .p_paddr = o->lma };
			if (!cur && (o->addr & (page - 1)) >= hdr_size && o->lma == o->addr && o->addr >= hdr_size) {
				/* the headers fit in front of the first section, in its page */
				sg.p_vaddr = align_down(o->addr, page);
				sg.p_paddr = sg.p_vaddr;
				sg.p_offset = 0;
				off = o->addr - sg.p_vaddr;
				ctx->headers_loaded = 1;
				ctx->header_addr = sg.p_vaddr;
			} else {
				uint64_t want = o->addr & (page - 1);
				uint64_t o2 = (off & ~(page - 1)) + want;
				if (o2 < off)
					o2 += page;
				off = o2;
				sg.p_offset = off;
			}
			LD_PUSH(ctx->segs, sg);
			cur = ctx->segs.len - 1;
		}
		struct ld_seg *sg = &ctx->segs.v[cur];
		sg->p_flags |= fl;
		o->seg = cur;
		o->offset = sg->p_offset + (o->addr - sg->p_vaddr);
		uint64_t end = o->addr + (tbss ? 0 : o->size);
		if (o->sh_type != SHT_NOBITS_) {
			sg->p_filesz = end - sg->p_vaddr;
			off = o->offset + o->size;
		}
		if (end - sg->p_vaddr > sg->p_memsz)
			sg->p_memsz = end - sg->p_vaddr;
		if ((o->sh_addralign ? o->sh_addralign : 1) > sg->p_align)
			sg->p_align = o->sh_addralign;
		prev = o;
	}
	free(ord);
}

/* PHDRS: the script's program headers, in its order; each section goes to the
 * headers its :phdr list names, or those of the section before it. */
static void script_phdrs(struct ld_ctx *ctx, uint64_t hdr_size)
{
	const uint64_t page = ctx->opt->max_page_size ? ctx->opt->max_page_size : ctx->t->page_size;
	const unsigned ehdr = ctx->elf_class == 64 ? 64 : 52;
	struct sl_state *sl = ctx->sl;
	ctx->segs.len = 0;
	LD_PUSH(ctx->segs, ((struct ld_seg){ 0 }));
	const struct ls_phdr *ph[64];
	uint32_t nph = 0;
	uint8_t used[64] = { 0 }, explicit_flags[64] = { 0 };
	for (const struct ls_phdr *p = ctx->script->phdrs; p && nph < 64; p = p->next) {
		struct ld_seg sg = { .p_type = p->p_type, .p_align = p->p_type == PT_LOAD_ ? page : 1 };
		uint64_t fl;
		if (p->flags && ls_eval_const(ctx, p->file, p->flags, &fl) == 0) {
			sg.p_flags = (uint32_t)fl;
			explicit_flags[nph] = 1;
		}
		if (p->p_type == 6 /* PT_PHDR */) {
			sg.p_offset = ehdr;
			sg.p_filesz = sg.p_memsz = hdr_size - ehdr;
			sg.p_align = ctx->elf_class == 64 ? 8 : 4;
		}
		ph[nph++] = p;
		LD_PUSH(ctx->segs, sg);
	}
	ctx->phdrs_explicit = 1;
	ctx->headers_loaded = 0;
	uint64_t off = hdr_size;
	const struct ls_name *cur = NULL;
	for (uint32_t i = 1; i < ctx->osecs.len; i++) {
		struct ld_osec *o = &ctx->osecs.v[i];
		o->seg = 0;
		if (!(o->sh_flags & SHF_ALLOC_))
			continue;
		for (uint32_t k = 1; k < sl->ocmds.len; k++)
			if (sl->ocmds.v[k].osec == i && sl->ocmds.v[k].cmd->osec.phdrs)
				cur = sl->ocmds.v[k].cmd->osec.phdrs;
		if (!o->size)
			continue;
		int tbss = (o->sh_flags & SHF_TLS_) && o->sh_type == SHT_NOBITS_;
		uint32_t fl = PF_R_ | (o->sh_flags & SHF_WRITE_ ? PF_W_ : 0) | (o->sh_flags & SHF_EXECINSTR_ ? PF_X_ : 0);
		// The file offset comes from the first PT_LOAD the section is in.
		int placed = 0;
		for (const struct ls_name *n = cur; n; n = n->next) {
			for (uint32_t k = 0; k < nph; k++) {
				if (strcmp(ph[k]->name, n->name))
					continue;
				struct ld_seg *sg = &ctx->segs.v[k + 1];
				if (!explicit_flags[k])
					sg->p_flags |= fl;
				if (!used[k]) {
					used[k] = 1;
					sg->p_vaddr = o->addr;
					sg->p_paddr = o->lma;
					if (sg->p_type == PT_LOAD_ && (ph[k]->filehdr || ph[k]->phdrs) && o->addr >= hdr_size) {
						sg->p_vaddr = o->addr - hdr_size;
						sg->p_paddr = o->lma - hdr_size;
						sg->p_offset = 0;
						ctx->headers_loaded = 1;
						ctx->header_addr = sg->p_vaddr;
						if (!placed)
							off = hdr_size;
					} else if (sg->p_type == PT_LOAD_ && !placed) {
						uint64_t want = o->addr & (page - 1);
						uint64_t o2 = (off & ~(page - 1)) + want;
						if (o2 < off)
							o2 += page;
						off = o2;
						sg->p_offset = off;
					} else {
						sg->p_offset = o->offset;
					}
				}
				if (!placed && sg->p_type == PT_LOAD_) {
					o->seg = k + 1;
					o->offset = sg->p_offset + (o->addr - sg->p_vaddr);
					placed = 1;
				}
				uint64_t end = o->addr + (tbss ? 0 : o->size);
				if (o->sh_type != SHT_NOBITS_)
					sg->p_filesz = end - sg->p_vaddr;
				if (end - sg->p_vaddr > sg->p_memsz)
					sg->p_memsz = end - sg->p_vaddr;
				if (sg->p_type == PT_LOAD_ && o->sh_addralign > sg->p_align)
					sg->p_align = o->sh_addralign;
			}
		}
		if (placed && o->sh_type != SHT_NOBITS_)
			off = o->offset + o->size;
		if (!placed) {
			o->offset = off;
			if (ctx->sl->final_pass)
				ld_error(ctx, "section %s is assigned to no PT_LOAD program header", o->name);
		}
	}
	/* a PT_PHDR points at the headers where the loading segment put them */
	for (uint32_t k = 0; k < nph; k++)
		if (ctx->segs.v[k + 1].p_type == 6 && ctx->headers_loaded)
			ctx->segs.v[k + 1].p_vaddr = ctx->segs.v[k + 1].p_paddr = ctx->header_addr + ehdr;
}

uint32_t sl_count_loads(struct ld_ctx *ctx)
{
	return ctx->sl ? ctx->sl->nloads : 0;
}

void sl_assign(struct ld_ctx *ctx, uint64_t hdr_size_unused)
{
	(void)hdr_size_unused;
	struct sl_state *sl = ctx->sl;
	const unsigned ehdr = ctx->elf_class == 64 ? 64 : 52, phent = ctx->elf_class == 64 ? 56 : 32;
	int has_tls = 0;
	for (uint32_t i = 1; i < ctx->osecs.len; i++)
		if ((ctx->osecs.v[i].sh_flags & SHF_TLS_) && (ctx->osecs.v[i].sh_flags & SHF_ALLOC_))
			has_tls = 1;

	for (int pass = 0; pass < 3; pass++) {
		sl->final_pass = pass == 2;
		sl->prev_lma_region = NULL;
		uint32_t nph = 0;
		for (const struct ls_phdr *p = ctx->script->phdrs; p; p = p->next)
			nph++;
		ctx->phdrs_explicit = ctx->script->phdrs != NULL;
		uint32_t phnum = lay_phnum(ctx, ctx->script->phdrs ? nph : (sl->nloads ? sl->nloads : 2), has_tls);
		uint64_t hdr_size = ehdr + (uint64_t)phnum * phent;
		struct ls_eval_env env;
		init_env(ctx, &env, ctx->script->path, hdr_size);
		for (uint32_t i = 0; i < sl->regions.len; i++)
			sl->regions.v[i].cur = sl->regions.v[i].origin;
		for (uint32_t i = 1; i < ctx->osecs.len; i++)
			ctx->osecs.v[i].seg = 0;
		uint64_t dot = 0, prev_delta = 0;
		struct sl_region *prev_region = NULL;
		for (const struct ls_cmd *c = ctx->script->cmds; c; c = c->next) {
			env.dot_valid = 0;
			if (c->kind == LS_CMD_ASSIGN) {
				assign_symbol(ctx, c, &env);
				continue;
			}
			if (c->kind == LS_CMD_ASSERT) {
				report_assert(ctx, c, &env);
				continue;
			}
			if (c->kind != LS_CMD_SECTIONS)
				continue;
			for (const struct ls_cmd *s = c->body; s; s = s->next) {
				env.dot = dot;
				env.dot_valid = 1;
				env.section = NULL;
				env.file = s->file;
				if (s->kind == LS_CMD_ASSIGN) {
					if (!strcmp(s->assign.sym, ".")) {
						uint64_t nd;
						if (ls_eval_dot(s->assign.expr, &env, &nd) == 0)
							dot = nd;
					} else {
						assign_symbol(ctx, s, &env);
					}
				} else if (s->kind == LS_CMD_ASSERT) {
					report_assert(ctx, s, &env);
				} else if (s->kind == LS_CMD_OSEC) {
					for (uint32_t oi = 1; oi < sl->ocmds.len; oi++)
						if (sl->ocmds.v[oi].cmd == s && sl->ocmds.v[oi].osec) {
							dot = place_osec(ctx, &sl->ocmds.v[oi], dot, &env, &prev_delta, &prev_region, 0);
							dot = place_orphans(ctx, sl->ocmds.v[oi].osec + 1, dot, &prev_delta, prev_region);
						}
				} else if (s->kind == LS_CMD_OVERLAY) {
					const struct ls_overlay *ov = &s->overlay;
					uint64_t start = dot, lma = 0, end = dot;
					int have_lma = 0;
					if (ov->start) {
						uint64_t a;
						int is_abs;
						if (ls_eval_addr(ov->start, &env, &a, &is_abs) == 0)
							start = a;
					}
					if (ov->at) {
						uint64_t a;
						int is_abs;
						if (ls_eval_addr(ov->at, &env, &a, &is_abs) == 0) {
							lma = a;
							have_lma = 1;
						}
					}
					for (uint32_t oi = 1; oi < sl->ocmds.len; oi++) {
						struct sl_ocmd *oc = &sl->ocmds.v[oi];
						if (oc->overlay != ov || !oc->osec)
							continue;
						uint64_t e = place_osec(ctx, oc, start, &env, &prev_delta, &prev_region, 1);
						struct ld_osec *o = &ctx->osecs.v[oc->osec];
						if (have_lma)
							o->lma = lma;
						lma = o->lma + o->size;
						have_lma = 1;
						end = e > end ? e : end;
					}
					dot = end;
				}
			}
		}
		/* orphans that no script section precedes come at the end */
		dot = place_orphans(ctx, 1, dot, &prev_delta, NULL);
		if (ctx->script->phdrs)
			script_phdrs(ctx, hdr_size);
		else
			auto_segments(ctx, hdr_size);
		sl->nloads = ctx->segs.len - 1;
	}
}

/* ---- after layout */

void sl_finish(struct ld_ctx *ctx)
{
	struct sl_state *sl = ctx->sl;
	if (!sl)
		return;
	for (uint32_t i = 0; i < sl->regions.len; i++) {
		struct sl_region *r = &sl->regions.v[i];
		if (!r->valid)
			continue;
		uint64_t used = r->cur - r->origin;
		uint64_t end = r->cur;
		if (used > r->length) {
			char list[1024] = "";
			size_t len = 0;
			/* the largest sections in it, for the user to look at first */
			uint32_t shown[3] = { 0 };
			for (int n = 0; n < 3; n++) {
				uint32_t best = 0;
				for (uint32_t k = 1; k < ctx->osecs.len; k++) {
					const struct ld_osec *o = &ctx->osecs.v[k];
					int in = (o->sh_flags & SHF_ALLOC_) && o->size &&
					         ((o->addr >= r->origin && o->addr < end) || (o->lma >= r->origin && o->lma < end && o->sh_type != SHT_NOBITS_));
					if (!in || k == shown[0] || k == shown[1] || k == shown[2])
						continue;
					if (!best || o->size > ctx->osecs.v[best].size)
						best = k;
				}
				if (!best)
					break;
				shown[n] = best;
				len += (size_t)snprintf(list + len, sizeof(list) - len, "\n>>> %s: %llu bytes",
				                        ctx->osecs.v[best].name, (unsigned long long)ctx->osecs.v[best].size);
				if (len >= sizeof(list))
					break;
			}
			ld_error(ctx, "region '%s' overflowed by %llu bytes (%llu bytes used of %llu)%s", r->r->name,
			         (unsigned long long)(used - r->length), (unsigned long long)used,
			         (unsigned long long)r->length, list);
		}
	}
	if (ctx->opt->print_memory_usage) {
		printf("Memory region         Used Size  Region Size  %%age Used\n");
		for (uint32_t i = 0; i < sl->regions.len; i++) {
			struct sl_region *r = &sl->regions.v[i];
			if (!r->valid)
				continue;
			uint64_t used = r->cur - r->origin;
			char name[64];
			snprintf(name, sizeof(name), "%s:", r->r->name);
			char u[32], l[32];
			if (used % 1024 == 0 && used >= 1024) snprintf(u, sizeof(u), "%llu KB", (unsigned long long)(used / 1024));
			else snprintf(u, sizeof(u), "%llu B", (unsigned long long)used);
			if (r->length % (1024 * 1024) == 0 && r->length) snprintf(l, sizeof(l), "%llu MB", (unsigned long long)(r->length >> 20));
			else if (r->length % 1024 == 0 && r->length) snprintf(l, sizeof(l), "%llu KB", (unsigned long long)(r->length >> 10));
			else snprintf(l, sizeof(l), "%llu B", (unsigned long long)r->length);
			printf("%17s%14s%13s%10.2f%%\n", name, u, l, r->length ? 100.0 * (double)used / (double)r->length : 0.0);
		}
	}
}

void sl_free(struct ld_ctx *ctx)
{
	struct sl_state *sl = ctx->sl;
	if (!sl)
		return;
	for (uint32_t i = 1; i < sl->slots.len; i++)
		LD_FREE(sl->slots.v[i].isecs);
	LD_FREE(sl->slots);
	LD_FREE(sl->ocmds);
	LD_FREE(sl->regions);
	LD_FREE(sl->data);
	free(sl->sym_section);
	free(sl);
	free(script_refs);
	script_refs = NULL;
	nscript_refs = cap_script_refs = 0;
	free(provides);
	provides = NULL;
	nprovides = cap_provides = 0;
	ctx->sl = NULL;
	if (ctx->script)
		ls_free(ctx->script);
	ctx->script = NULL;
}
