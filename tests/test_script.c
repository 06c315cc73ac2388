/*
 * test_script.c: the linker-script parser and evaluator (link/script.c).
 *
 * The scripts parsed are the ones firmware builds ship: GNU ld's own default scripts
 * (printed by `ld --verbose` for riscv64, x86_64 and i386), picolibc's picolibc.ld
 * from Debian's picolibc-riscv64-unknown-elf, and the STM32, kernel, OVERLAY, PHDRS and
 * /DISCARD/ scripts of qemu-tests/scripts/ that the end-to-end tests link with. What
 * the evaluator must compute (precedence, number forms, section-relative values) was
 * checked against GNU ld 2.40 by linking small scripts and reading the symbols back;
 * the expected values below are GNU's. Diagnostics are captured from stderr and
 * compared whole. Reproduce a failure with `make unit`.
 */
#define _POSIX_C_SOURCE 200809L /* popen, dup, mkdtemp */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../link/ld.h"
#include "../link/script.h"

/* ---- helpers */

static struct ld_options opt;
static struct ld_ctx ctx;
static char err_text[8192];   /* what the last parse or evaluation printed on stderr */

static void reset_ctx(void)
{
	memset(&opt, 0, sizeof(opt));
	memset(&ctx, 0, sizeof(ctx));
	ctx.opt = &opt;
	err_text[0] = 0;
}

static FILE *err_file;
static int saved_fd;

static void capture_begin(void)
{
	err_file = tmpfile();
	fflush(stderr);
	saved_fd = dup(2);
	dup2(fileno(err_file), 2);
}

static void capture_end(void)
{
	fflush(stderr);
	dup2(saved_fd, 2);
	close(saved_fd);
	rewind(err_file);
	size_t n = fread(err_text, 1, sizeof(err_text) - 1, err_file);
	err_text[n] = 0;
	fclose(err_file);
}

static struct ls_script *parse_text(const char *name, const char *text)
{
	reset_ctx();
	capture_begin();
	struct ls_script *s = ls_parse_text(&ctx, name, text, strlen(text));
	capture_end();
	if (!s)
		printf("\n  %s did not parse: %s\n", name, err_text);
	return s;
}

static struct ls_script *parse_file(const char *path)
{
	reset_ctx();
	capture_begin();
	struct ls_script *s = ls_parse_file(&ctx, path);
	capture_end();
	if (!s)
		printf("\n  %s did not parse: %s\n", path, err_text);
	return s;
}

static void expect_str_at(int line, const char *what, const char *got, const char *want)
{
	int ok = got && want ? !strcmp(got, want) : got == want;
	if (!ok)
		printf("\n  test_script.c:%d: %s: expected '%s', got '%s'\n", line, what, want ? want : "(null)",
		       got ? got : "(null)");
	CU_ASSERT_TRUE(ok);
}
#define EXPECT_STR(what, got, want) expect_str_at(__LINE__, what, got, want)

static void expect_u64_at(int line, const char *what, uint64_t got, uint64_t want)
{
	if (got != want)
		printf("\n  test_script.c:%d: %s: expected 0x%llx, got 0x%llx\n", line, what,
		       (unsigned long long)want, (unsigned long long)got);
	CU_ASSERT_EQUAL(got, want);
}
#define EXPECT_U64(what, got, want) expect_u64_at(__LINE__, what, got, want)

/* The SECTIONS body of s (the first SECTIONS command). */
static struct ls_cmd *sections_of(const struct ls_script *s)
{
	for (struct ls_cmd *c = s->cmds; c; c = c->next)
		if (c->kind == LS_CMD_SECTIONS)
			return c->body;
	return NULL;
}

static struct ls_osec *find_osec(const struct ls_script *s, const char *name)
{
	for (struct ls_cmd *c = sections_of(s); c; c = c->next)
		if (c->kind == LS_CMD_OSEC && strcmp(c->osec.name, name) == 0)
			return &c->osec;
	return NULL;
}

static int count_cmds(const struct ls_cmd *c, enum ls_cmd_kind k)
{
	int n = 0;
	for (; c; c = c->next)
		n += c->kind == k;
	return n;
}

/* The n-th (0-based) command of kind k in list c. */
static const struct ls_cmd *nth_cmd(const struct ls_cmd *c, enum ls_cmd_kind k, int n)
{
	for (; c; c = c->next)
		if (c->kind == k && n-- == 0)
			return c;
	return NULL;
}

/* ---- a fake layout for the evaluator */

struct fake_sec { const char *name; uint64_t vma, lma, size, align; };
struct fake_sym { const char *name; uint64_t addr; const char *section; };

struct fake {
	struct fake_sec secs[16];
	int nsecs;
	struct fake_sym syms[64];
	int nsyms;
};

static int fake_symbol(void *user, const char *name, uint64_t *addr, const char **section)
{
	struct fake *f = user;
	for (int i = f->nsyms - 1; i >= 0; i--)
		if (strcmp(f->syms[i].name, name) == 0) {
			*addr = f->syms[i].addr;
			*section = f->syms[i].section;
			return 1;
		}
	return 0;
}

static struct fake_sec *fake_find(struct fake *f, const char *name)
{
	for (int i = 0; i < f->nsecs; i++)
		if (strcmp(f->secs[i].name, name) == 0)
			return &f->secs[i];
	return NULL;
}

static int fake_section(void *user, const char *name, struct ls_section_info *out)
{
	struct fake_sec *s = fake_find(user, name);
	if (!s)
		return 0;
	*out = (struct ls_section_info){ s->vma, s->lma, s->size, s->align };
	return 1;
}

static void fake_define(struct fake *f, const char *name, uint64_t addr, const char *section)
{
	if (f->nsyms < 64)
		f->syms[f->nsyms++] = (struct fake_sym){ name, addr, section };
}

static struct ls_eval_env fake_env(struct fake *f, const struct ls_script *s)
{
	return (struct ls_eval_env){ .ctx = &ctx, .user = f, .script = s, .file = "t.ld", .dot_valid = 1,
	                             .max_page_size = 0x1000, .common_page_size = 0x1000, .sizeof_headers = 0xb0,
	                             .symbol = fake_symbol, .section_info = fake_section };
}

/* Evaluates `text` as the right-hand side of `x = text;` at top level of SECTIONS, or
 * inside output section `in` (whose VMA is section_vma) when in is not NULL. */
static int eval_text(struct fake *f, const char *text, const char *in, uint64_t section_vma, uint64_t dot,
                     struct ls_value *v, uint64_t *addr)
{
	char buf[1024];
	if (in)
		snprintf(buf, sizeof(buf), "MEMORY { RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 64K }\n"
		         "SECTIONS { %s : { x = %s; } }", in, text);
	else
		snprintf(buf, sizeof(buf), "MEMORY { RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 64K }\n"
		         "SECTIONS { x = %s; }", text);
	struct ls_script *s = parse_text("t.ld", buf);
	if (!s)
		return -2;
	const struct ls_cmd *c = sections_of(s);
	if (in)
		c = c->osec.body;
	struct ls_eval_env env = fake_env(f, s);
	env.dot = dot;
	env.section = in;
	env.section_vma = section_vma;
	capture_begin();
	int rc = ls_eval(c->assign.expr, &env, v);
	if (rc == 0 && addr)
		*addr = ls_value_addr(v, &env);
	capture_end();
	ls_free(s);
	return rc;
}

static uint64_t eval_num(const char *text)
{
	struct fake f = { .nsecs = 0 };
	struct ls_value v;
	uint64_t addr = 0;
	if (eval_text(&f, text, NULL, 0, 0x1000, &v, &addr) != 0)
		printf("\n  '%s' failed: %s\n", text, err_text);
	return addr;
}

/* ---- parsing real scripts */

/* GNU ld's built-in script for an emulation, as `ld --verbose` prints it. */
static char *default_script(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	if (!p)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	char *text = malloc(cap);
	char line[4096];
	int inside = 0;
	while (fgets(line, sizeof(line), p)) {
		if (strncmp(line, "=======", 7) == 0) {
			inside = !inside;
			continue;
		}
		size_t n = strlen(line);
		if (inside && len + n < cap) {
			memcpy(text + len, line, n);
			len += n;
		}
	}
	pclose(p);
	text[len] = 0;
	if (len == 0) {
		free(text);
		return NULL;
	}
	return text;
}

static void check_default_script(const char *cmd, const char *format, const char *arch)
{
	char *text = default_script(cmd);
	if (!text) {
		printf("\n  skipped: `%s` printed no script\n", cmd);
		return;
	}
	struct ls_script *s = parse_text("default.ld", text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	EXPECT_STR("OUTPUT_FORMAT", s->output_format[0], format);
	EXPECT_STR("OUTPUT_FORMAT big", s->output_format[1], format);
	EXPECT_STR("OUTPUT_ARCH", s->output_arch, arch);
	EXPECT_STR("ENTRY", s->entry, "_start");
	CU_ASSERT_PTR_NOT_NULL(s->search_dirs);
	CU_ASSERT_TRUE(s->has_sections);

	/* .text: the GNU ordering groups, the first one with three patterns. */
	struct ls_osec *text_sec = find_osec(s, ".text");
	CU_ASSERT_PTR_NOT_NULL_FATAL(text_sec);
	const struct ls_cmd *first = nth_cmd(text_sec->body, LS_CMD_INPUT_DESC, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(first);
	EXPECT_STR("file pattern", first->input.file_pattern, "*");
	EXPECT_STR("pattern 1", first->input.sections->pattern, ".text.unlikely");
	EXPECT_STR("pattern 2", first->input.sections->next->pattern, ".text.*_unlikely");
	/* .init: KEEP (*(SORT_NONE(.init))) */
	struct ls_osec *init = find_osec(s, ".init");
	CU_ASSERT_PTR_NOT_NULL_FATAL(init);
	CU_ASSERT_EQUAL(init->body->kind, LS_CMD_INPUT_DESC);
	CU_ASSERT_TRUE(init->body->input.keep);
	CU_ASSERT_EQUAL(init->body->input.sections->sort, LS_SORT_NONE);
	/* .init_array: PROVIDE_HIDDEN and SORT_BY_INIT_PRIORITY */
	struct ls_osec *ia = find_osec(s, ".init_array");
	CU_ASSERT_PTR_NOT_NULL_FATAL(ia);
	CU_ASSERT_EQUAL(ia->body->kind, LS_CMD_ASSIGN);
	CU_ASSERT_TRUE(ia->body->assign.provide && ia->body->assign.hidden);
	EXPECT_STR("provide", ia->body->assign.sym, "__init_array_start");
	const struct ls_cmd *prio = nth_cmd(ia->body, LS_CMD_INPUT_DESC, 0);
	CU_ASSERT_EQUAL(prio->input.sections->sort, LS_SORT_BY_INIT_PRIORITY);
	/* .ctors: KEEP (*(EXCLUDE_FILE (*crtend.o *crtend?.o ) .ctors)) */
	struct ls_osec *ctors = find_osec(s, ".ctors");
	CU_ASSERT_PTR_NOT_NULL_FATAL(ctors);
	const struct ls_cmd *ex = nth_cmd(ctors->body, LS_CMD_INPUT_DESC, 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ex);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ex->input.sections->exclude_files);
	EXPECT_STR("exclude", ex->input.sections->exclude_files->name, "*crtend.o");
	EXPECT_STR("exclude 2", ex->input.sections->exclude_files->next->name, "*crtend?.o");
	/* The data segment starts at DATA_SEGMENT_ALIGN. */
	int dsa = 0;
	for (const struct ls_cmd *c = sections_of(s); c; c = c->next)
		if (c->kind == LS_CMD_ASSIGN && strcmp(c->assign.sym, ".") == 0 && c->assign.expr->kind == LS_E_DSA)
			dsa = 1;
	CU_ASSERT_TRUE(dsa);
	/* Debug sections have address 0. */
	struct ls_osec *info = find_osec(s, ".debug_info");
	CU_ASSERT_PTR_NOT_NULL_FATAL(info);
	CU_ASSERT_PTR_NOT_NULL_FATAL(info->addr);
	CU_ASSERT_EQUAL(info->addr->kind, LS_E_NUM);
	CU_ASSERT_EQUAL(info->addr->num, 0);
	ls_free(s);
	free(text);
}

static void test_parses_gnu_default_script_riscv64(void)
{
	check_default_script("riscv64-unknown-elf-ld --verbose 2>/dev/null", "elf64-littleriscv", "riscv");
}

static void test_parses_gnu_default_script_x86_64(void)
{
	check_default_script("ld -m elf_x86_64 --verbose 2>/dev/null", "elf64-x86-64", "i386:x86-64");
}

static void test_parses_gnu_default_script_i386(void)
{
	check_default_script("ld -m elf_i386 --verbose 2>/dev/null", "elf32-i386", "i386");
}

static const char picolibc_ld[] = "/usr/lib/picolibc/riscv64-unknown-elf/lib/picolibc.ld";

static void test_parses_picolibc_ld(void)
{
	if (access(picolibc_ld, R_OK) != 0) {
		printf("\n  skipped: %s is not installed (apt-get install picolibc-riscv64-unknown-elf)\n", picolibc_ld);
		return;
	}
	struct ls_script *s = parse_file(picolibc_ld);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	/* MEMORY: flash (rx!w), ram (w!rx), origins from DEFINED() ? : */
	const struct ls_region *flash = ls_find_region(s, "flash"), *ram = ls_find_region(s, "ram");
	CU_ASSERT_PTR_NOT_NULL_FATAL(flash);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ram);
	CU_ASSERT_EQUAL(flash->flags, LS_MEM_R | LS_MEM_X);
	CU_ASSERT_EQUAL(flash->not_flags, LS_MEM_W);
	CU_ASSERT_EQUAL(ram->flags, LS_MEM_W);
	CU_ASSERT_EQUAL(ram->not_flags, LS_MEM_R | LS_MEM_X);
	struct fake f = { .nsecs = 0 };
	struct ls_eval_env env = fake_env(&f, s);
	uint64_t v;
	CU_ASSERT_EQUAL(ls_eval_addr(flash->origin, &env, &v, NULL), 0);
	EXPECT_U64("flash origin", v, 0x10000000);
	fake_define(&f, "__ram_size", 0x4000, NULL);
	CU_ASSERT_EQUAL(ls_eval_addr(ram->length, &env, &v, NULL), 0);
	EXPECT_U64("ram length with __ram_size", v, 0x4000);
	/* PHDRS: text, ram, ram_init PT_LOAD and tls PT_TLS */
	const char *names[] = { "text", "ram", "ram_init", "tls" };
	uint32_t types[] = { 1, 1, 1, 7 };
	const struct ls_phdr *ph = s->phdrs;
	for (int i = 0; i < 4; i++, ph = ph->next) {
		CU_ASSERT_PTR_NOT_NULL_FATAL(ph);
		EXPECT_STR("phdr", ph->name, names[i]);
		CU_ASSERT_EQUAL(ph->p_type, types[i]);
	}
	CU_ASSERT_PTR_NULL(ph);
	/* .data : ALIGN_WITH_INPUT { ... } >ram AT>flash :ram_init */
	struct ls_osec *data = find_osec(s, ".data");
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	CU_ASSERT_TRUE(data->align_with_input);
	EXPECT_STR("region", data->region, "ram");
	EXPECT_STR("lma region", data->lma_region, "flash");
	EXPECT_STR("phdr", data->phdrs->name, "ram_init");
	/* .tdata ... :tls :ram_init */
	struct ls_osec *tdata = find_osec(s, ".tdata");
	CU_ASSERT_PTR_NOT_NULL_FATAL(tdata);
	EXPECT_STR("phdr 1", tdata->phdrs->name, "tls");
	EXPECT_STR("phdr 2", tdata->phdrs->next->name, "ram_init");
	/* .tbss (NOLOAD) */
	struct ls_osec *tbss = find_osec(s, ".tbss");
	CU_ASSERT_PTR_NOT_NULL_FATAL(tbss);
	CU_ASSERT_EQUAL(tbss->type, LS_TYPE_NOLOAD);
	/* .stack: `. += (DEFINED(__stack_size) ? __stack_size : 0x800);` is . = . + (...) */
	struct ls_osec *stack = find_osec(s, ".stack");
	CU_ASSERT_PTR_NOT_NULL_FATAL(stack);
	CU_ASSERT_EQUAL(stack->body->kind, LS_CMD_ASSIGN);
	EXPECT_STR("dot", stack->body->assign.sym, ".");
	CU_ASSERT_EQUAL(stack->body->assign.expr->kind, LS_E_ADD);
	CU_ASSERT_EQUAL(stack->body->assign.expr->a->kind, LS_E_DOT);
	/* __global_pointer$ keeps its '$' */
	struct ls_cmd *gp = NULL;
	for (struct ls_cmd *c = data->body; c; c = c->next)
		if (c->kind == LS_CMD_ASSIGN && strcmp(c->assign.sym, "__global_pointer$") == 0)
			gp = c;
	CU_ASSERT_PTR_NOT_NULL(gp);
	/* /DISCARD/ and the final ASSERT */
	CU_ASSERT_TRUE(find_osec(s, "/DISCARD/") && find_osec(s, "/DISCARD/")->discard);
	const struct ls_cmd *last = s->cmds;
	while (last->next)
		last = last->next;
	CU_ASSERT_EQUAL(last->kind, LS_CMD_ASSERT);
	EXPECT_STR("assert message", last->assert_.message, "ERROR: .data/.tdata flash size does not match RAM size");
	ls_free(s);
}

/* ---- the scripts of qemu-tests/scripts, driven by a miniature layout engine */

struct mini {
	struct fake f;
	uint64_t sizes[16];           /* input bytes of each output section, by name below */
	const char *size_names[16];
	int nsizes;
	uint64_t region_next[8];      /* next free address per MEMORY region */
	const struct ls_script *s;
	int asserts_failed;
};

static uint64_t mini_input_size(struct mini *m, const char *osec)
{
	for (int i = 0; i < m->nsizes; i++)
		if (strcmp(m->size_names[i], osec) == 0)
			return m->sizes[i];
	return 0;
}

static int region_index(const struct ls_script *s, const char *name)
{
	int i = 0;
	for (const struct ls_region *r = s->regions; r; r = r->next, i++)
		if (r == ls_find_region(s, name))
			return i;
	return -1;
}

/* Places the output sections of m->s the way GNU ld does for these simple scripts:
 * each section at its address expression, its region's next free address or the
 * location counter; its inputs (one block of mini_input_size bytes) at the first
 * input section description; LMA from AT> or AT(). */
static void mini_pass(struct mini *m, int quiet)
{
	struct ls_eval_env env = fake_env(&m->f, m->s);
	for (int i = 0; i < 8; i++) {
		int k = 0;
		for (const struct ls_region *r = m->s->regions; r; r = r->next, k++)
			if (k == i && r->origin)
				ls_eval_addr(r->origin, &env, &m->region_next[i], NULL);
	}
	/* Assignments outside SECTIONS are absolute (there is no `.` there). */
	for (const struct ls_cmd *c = m->s->cmds; c; c = c->next) {
		uint64_t v;
		if (c->kind == LS_CMD_ASSIGN && ls_eval_addr(c->assign.expr, &env, &v, NULL) == 0)
			fake_define(&m->f, c->assign.sym, v, NULL);
	}
	uint64_t dot = 0;
	for (const struct ls_cmd *c = sections_of(m->s); c; c = c->next) {
		env = fake_env(&m->f, m->s);
		env.dot = dot;
		env.file = c->file;
		env.quiet = (uint8_t)quiet;
		if (c->kind == LS_CMD_ASSIGN) {
			struct ls_value v;
			if (ls_eval(c->assign.expr, &env, &v) != 0) {
				CU_ASSERT_TRUE(quiet);
				continue;
			}
			if (strcmp(c->assign.sym, ".") == 0)
				dot = ls_value_addr(&v, &env);
			else
				fake_define(&m->f, c->assign.sym, ls_value_addr(&v, &env), ls_value_section(&v, &env));
			continue;
		}
		if (c->kind == LS_CMD_ASSERT) {
			uint64_t ok;
			if (quiet)
				continue;
			CU_ASSERT_EQUAL_FATAL(ls_eval_addr(c->assert_.expr, &env, &ok, NULL), 0);
			m->asserts_failed += !ok;
			continue;
		}
		if (c->kind != LS_CMD_OSEC || c->osec.discard)
			continue;
		const struct ls_osec *o = &c->osec;
		int ri = o->region ? region_index(m->s, o->region) : -1;
		int li = o->lma_region ? region_index(m->s, o->lma_region) : -1;
		uint64_t start = ri >= 0 ? m->region_next[ri] : dot;
		if (o->addr)
			ls_eval_addr(o->addr, &env, &start, NULL);
		struct fake_sec *sec = fake_find(&m->f, o->name);
		if (!sec)
			sec = &m->f.secs[m->f.nsecs++];
		*sec = (struct fake_sec){ o->name, start, start, 0, 1 };
		env.section = o->name;
		env.section_vma = start;
		dot = start;
		int placed = 0;
		for (const struct ls_cmd *b = o->body; b; b = b->next) {
			env.dot = dot;
			if (b->kind == LS_CMD_ASSIGN) {
				struct ls_value v;
				if (ls_eval(b->assign.expr, &env, &v) != 0) {
					CU_ASSERT_TRUE(quiet);
					continue;
				}
				uint64_t old_addr;
				const char *old_sec;
				if (strcmp(b->assign.sym, ".") == 0) {
					CU_ASSERT_EQUAL(ls_eval_dot(b->assign.expr, &env, &dot), 0);
				} else if (!b->assign.provide || !fake_symbol(&m->f, b->assign.sym, &old_addr, &old_sec)) {
					fake_define(&m->f, b->assign.sym, ls_value_addr(&v, &env), ls_value_section(&v, &env));
				}
			} else if (b->kind == LS_CMD_INPUT_DESC && !placed) {
				dot += mini_input_size(m, o->name);
				placed = 1;
			}
		}
		sec->size = dot - start;
		if (ri >= 0)
			m->region_next[ri] = dot;
		if (li >= 0 && li != ri) {
			sec->lma = m->region_next[li];
			m->region_next[li] += sec->size;
		} else if (o->at) {
			ls_eval_addr(o->at, &env, &sec->lma, NULL);
		}
	}
}

/* Two passes, as GNU ld makes: the first (quiet) learns the sections that
 * assignments before them refer to (`_sidata = LOADADDR(.data)`). */
static void mini_layout(struct mini *m)
{
	mini_pass(m, 1);
	m->f.nsyms = 0;
	mini_pass(m, 0);
}

static uint64_t mini_sym(struct mini *m, const char *name)
{
	uint64_t addr = 0;
	const char *sec;
	if (!fake_symbol(&m->f, name, &addr, &sec))
		printf("\n  symbol %s was not defined\n", name);
	return addr;
}

static void test_stm32_script_data_in_flash(void)
{
	struct mini m = { .nsizes = 4, .size_names = { ".isr_vector", ".text", ".data", ".bss" },
	                  .sizes = { 0x40, 0x123, 0x10, 0x20 } };
	struct ls_script *s = parse_file("qemu-tests/scripts/stm32.ld");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	m.s = s;
	const struct ls_region *flash = ls_find_region(s, "FLASH");
	CU_ASSERT_PTR_NOT_NULL_FATAL(flash);
	CU_ASSERT_EQUAL(flash->flags, LS_MEM_R | LS_MEM_X);
	struct ls_osec *data = find_osec(s, ".data");
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	EXPECT_STR("region", data->region, "RAM");
	EXPECT_STR("lma region", data->lma_region, "FLASH");
	/* _estack = ORIGIN(RAM) + LENGTH(RAM) at top level, before MEMORY. */
	struct fake f = { .nsecs = 0 };
	struct ls_eval_env env = fake_env(&f, s);
	uint64_t v;
	int is_abs = 0;
	const struct ls_cmd *estack = nth_cmd(s->cmds, LS_CMD_ASSIGN, 0);
	EXPECT_STR("first assignment", estack->assign.sym, "_estack");
	CU_ASSERT_EQUAL(ls_eval_addr(estack->assign.expr, &env, &v, &is_abs), 0);
	EXPECT_U64("_estack", v, 0x20000000 + 128 * 1024);
	CU_ASSERT_TRUE(is_abs);

	mini_layout(&m);
	/* .isr_vector 0x40 at 0x08000000, .text 0x123 -> aligned to 0x08000164, .rodata
	 * empty, .init_array empty, .data stored right after at 0x08000164. */
	EXPECT_U64("_etext", mini_sym(&m, "_etext"), 0x08000164);
	EXPECT_U64("_sdata", mini_sym(&m, "_sdata"), 0x20000000);
	EXPECT_U64("_edata", mini_sym(&m, "_edata"), 0x20000010);
	EXPECT_U64("_sidata", mini_sym(&m, "_sidata"), 0x08000164);
	EXPECT_U64("_sbss", mini_sym(&m, "_sbss"), 0x20000010);
	EXPECT_U64("_ebss", mini_sym(&m, "_ebss"), 0x20000030);
	EXPECT_U64("end", mini_sym(&m, "end"), 0x20000030);
	ls_free(s);
}

static void test_kernel_script_addresses_and_assert(void)
{
	struct mini m = { .nsizes = 4, .size_names = { ".text", ".rodata", ".data", ".bss" },
	                  .sizes = { 0x1234, 0x100, 0x20, 0x2000 } };
	struct ls_script *s = parse_file("qemu-tests/scripts/kernel.ld");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	m.s = s;
	struct ls_osec *text = find_osec(s, ".text");
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_TRUE(text->body->input.keep);
	EXPECT_STR("kept by name", text->body->input.sections->pattern, ".text.boot");
	mini_layout(&m);
	EXPECT_U64("__kernel_start", mini_sym(&m, "__kernel_start"), 0x80000000);
	EXPECT_U64(".rodata", fake_find(&m.f, ".rodata")->vma, 0x80002000);
	EXPECT_U64(".data", fake_find(&m.f, ".data")->vma, 0x80003000);
	EXPECT_U64("__bss_start", mini_sym(&m, "__bss_start"), 0x80003020);
	EXPECT_U64("end", mini_sym(&m, "end"), 0x80006000);
	CU_ASSERT_EQUAL(m.asserts_failed, 0);
	ls_free(s);

	/* A 3 MiB .bss fails the ASSERT. */
	struct mini big = { .nsizes = 1, .size_names = { ".bss" }, .sizes = { 3 << 20 } };
	s = parse_file("qemu-tests/scripts/kernel.ld");
	big.s = s;
	mini_layout(&big);
	CU_ASSERT_EQUAL(big.asserts_failed, 1);
	ls_free(s);
}

static void test_overlay_script(void)
{
	struct ls_script *s = parse_file("qemu-tests/scripts/overlay.ld");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	const struct ls_cmd *ov = nth_cmd(sections_of(s), LS_CMD_OVERLAY, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ov);
	CU_ASSERT_TRUE(ov->overlay.nocrossrefs);
	CU_ASSERT_EQUAL(ov->overlay.start->num, 0x48000);
	CU_ASSERT_EQUAL(ov->overlay.at->num, 0x18000);
	const struct ls_cmd *a = ov->overlay.sections, *b = a ? a->next : NULL;
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	EXPECT_STR("first", a->osec.name, ".ov_a");
	EXPECT_STR("second", b->osec.name, ".ov_b");
	EXPECT_STR("pattern", b->osec.body->input.sections->pattern, ".ov_b");
	CU_ASSERT_PTR_NULL(b->next);
	ls_free(s);

	/* Trailers of overlay members and of the overlay itself. */
	s = parse_text("ov.ld", "SECTIONS { OVERLAY : { .a { *(.a) } :p =0x90 .b { *(.b) } } >RAM AT>ROM :q =0xff }");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	ov = sections_of(s);
	CU_ASSERT_PTR_NULL(ov->overlay.start);
	EXPECT_STR("member phdr", ov->overlay.sections->osec.phdrs->name, "p");
	CU_ASSERT_EQUAL(ov->overlay.sections->osec.fill->num, 0x90);
	EXPECT_STR("region", ov->overlay.region, "RAM");
	EXPECT_STR("lma region", ov->overlay.lma_region, "ROM");
	EXPECT_STR("phdr", ov->overlay.phdrs->name, "q");
	CU_ASSERT_EQUAL(ov->overlay.fill->num, 0xff);
	ls_free(s);
}

static void test_phdrs_script(void)
{
	struct ls_script *s = parse_file("qemu-tests/scripts/phdrs.ld");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	const struct ls_phdr *h = s->phdrs;
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	EXPECT_STR("headers", h->name, "headers");
	CU_ASSERT_EQUAL(h->p_type, 6);
	CU_ASSERT_TRUE(h->phdrs && !h->filehdr);
	h = h->next;
	EXPECT_STR("text", h->name, "text");
	CU_ASSERT_TRUE(h->phdrs && h->filehdr);
	CU_ASSERT_EQUAL(h->flags->num, 5);
	h = h->next->next;
	CU_ASSERT_EQUAL(h->p_type, 4);
	CU_ASSERT_PTR_NULL(h->flags);
	struct ls_osec *note = find_osec(s, ".note.gnu.build-id");
	CU_ASSERT_PTR_NOT_NULL_FATAL(note);
	EXPECT_STR("note phdr 1", note->phdrs->name, "text");
	EXPECT_STR("note phdr 2", note->phdrs->next->name, "note");
	/* . = 0x400000 + SIZEOF_HEADERS */
	struct fake f = { .nsecs = 0 };
	struct ls_eval_env env = fake_env(&f, s);
	uint64_t v;
	CU_ASSERT_EQUAL(ls_eval_addr(sections_of(s)->assign.expr, &env, &v, NULL), 0);
	EXPECT_U64("after headers", v, 0x4000b0);
	ls_free(s);

	s = parse_text("p.ld", "PHDRS { a 0x6474e551; b PT_LOAD AT(0x1000) FLAGS(0x4 | 0x1); }");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(s->phdrs->p_type, 0x6474e551);
	CU_ASSERT_EQUAL(s->phdrs->next->at->num, 0x1000);
	ls_free(s);
}

static void test_discard_and_keep_vector(void)
{
	struct ls_script *s = parse_file("qemu-tests/scripts/discard.ld");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	struct ls_osec *vec = find_osec(s, ".vectors"), *d = find_osec(s, "/DISCARD/");
	CU_ASSERT_PTR_NOT_NULL_FATAL(vec);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_TRUE(vec->body->input.keep);
	CU_ASSERT_TRUE(d->discard);
	CU_ASSERT_FALSE(vec->discard);
	CU_ASSERT_EQUAL(count_cmds(d->body, LS_CMD_INPUT_DESC), 4);
	CU_ASSERT_TRUE(ls_match_input(&d->body->input, "x.o", NULL, ".eh_frame") == 1);
	CU_ASSERT_TRUE(ls_match_input(&d->body->next->next->input, "x.o", NULL, ".note.GNU-stack") == 1);
	ls_free(s);
}

/* ---- statements */

static void test_output_section_header_forms(void)
{
	struct ls_script *s = parse_text("h.ld",
		"SECTIONS {\n"
		"  .a 0x1000 (NOLOAD) : AT(0x2000) ALIGN(16) SUBALIGN(4) ONLY_IF_RW { *(.a) } >RAM AT>ROM :p1 :p2 =0x90909090,\n"
		"  .b (COPY) : { *(.b) }\n"
		"  .c ALIGN(8) : { *(.c) } = 0x01\n"
		"  .d (INFO) : { }\n"
		"  .e (0x20 + 4) : { BYTE(1) SHORT(2) LONG(3) QUAD(4) SQUAD(-1) FILL(0xaa); CONSTRUCTORS }\n"
		"  \"quoted name\" : { CREATE_OBJECT_SYMBOLS }\n"
		"}\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	struct ls_osec *a = find_osec(s, ".a");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL(a->addr->num, 0x1000);
	CU_ASSERT_EQUAL(a->type, LS_TYPE_NOLOAD);
	CU_ASSERT_TRUE(a->noload);
	CU_ASSERT_EQUAL(a->at->num, 0x2000);
	CU_ASSERT_EQUAL(a->align->num, 16);
	CU_ASSERT_EQUAL(a->subalign->num, 4);
	CU_ASSERT_EQUAL(a->constraint, LS_ONLY_IF_RW);
	EXPECT_STR("region", a->region, "RAM");
	EXPECT_STR("lma region", a->lma_region, "ROM");
	EXPECT_STR("phdr 2", a->phdrs->next->name, "p2");
	CU_ASSERT_EQUAL(a->fill->num, 0x90909090);
	CU_ASSERT_EQUAL(find_osec(s, ".b")->type, LS_TYPE_COPY);
	CU_ASSERT_EQUAL(find_osec(s, ".c")->addr->kind, LS_E_ALIGN);
	CU_ASSERT_EQUAL(find_osec(s, ".c")->fill->num, 1);
	CU_ASSERT_EQUAL(find_osec(s, ".d")->type, LS_TYPE_INFO);
	CU_ASSERT_PTR_NULL(find_osec(s, ".d")->body);
	struct ls_osec *e = find_osec(s, ".e");
	CU_ASSERT_EQUAL(e->addr->kind, LS_E_ADD);
	const struct ls_cmd *c = e->body;
	uint8_t sizes[] = { 1, 2, 4, 8, 8 };
	for (int i = 0; i < 5; i++, c = c->next) {
		CU_ASSERT_EQUAL_FATAL(c->kind, LS_CMD_DATA);
		CU_ASSERT_EQUAL(c->data.size, sizes[i]);
		CU_ASSERT_EQUAL(c->data.is_signed, i == 4);
	}
	CU_ASSERT_EQUAL(c->kind, LS_CMD_FILL);
	CU_ASSERT_EQUAL(c->next->kind, LS_CMD_CONSTRUCTORS);
	CU_ASSERT_PTR_NOT_NULL(find_osec(s, "quoted name"));
	ls_free(s);
}

static void test_input_section_descriptions(void)
{
	struct ls_script *s = parse_text("i.ld",
		"SECTIONS { .t : {\n"
		"  KEEP(*(.isr_vector))\n"
		"  *crt0.o(.text)\n"
		"  libc.a:printf.o(.text .rodata)\n"
		"  EXCLUDE_FILE(*crtend.o) *(.ctors)\n"
		"  *(EXCLUDE_FILE(*a.o) .x .y, .z)\n"
		"  SORT(*)(.s)\n"
		"  *(SORT_BY_NAME(SORT_BY_ALIGNMENT(.sn.*)) SORT_BY_ALIGNMENT(.sa.*))\n"
		"  *(COMMON)\n"
		"  bare.o\n"
		"  *(.text.[a-c]* .x?y)\n"
		"} }\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	const struct ls_cmd *c = find_osec(s, ".t")->body;
	CU_ASSERT_TRUE(c->input.keep);
	c = c->next;
	EXPECT_STR("file", c->input.file_pattern, "*crt0.o");
	c = c->next;
	EXPECT_STR("archive:member", c->input.file_pattern, "libc.a:printf.o");
	EXPECT_STR("second", c->input.sections->next->pattern, ".rodata");
	c = c->next;
	EXPECT_STR("exclude for all", c->input.exclude_files->name, "*crtend.o");
	c = c->next;
	const struct ls_secpat *p = c->input.sections;
	EXPECT_STR("x", p->pattern, ".x");
	EXPECT_STR("exclude for .x", p->exclude_files->name, "*a.o");
	CU_ASSERT_PTR_NULL(p->next->exclude_files);
	EXPECT_STR("z after comma", p->next->next->pattern, ".z");
	c = c->next;
	CU_ASSERT_EQUAL(c->input.file_sort, LS_SORT_BY_NAME);
	EXPECT_STR("sorted files", c->input.file_pattern, "*");
	c = c->next;
	p = c->input.sections;
	CU_ASSERT_EQUAL(p->sort, LS_SORT_BY_NAME);
	CU_ASSERT_EQUAL(p->sort2, LS_SORT_BY_ALIGNMENT);
	CU_ASSERT_EQUAL(p->next->sort, LS_SORT_BY_ALIGNMENT);
	CU_ASSERT_EQUAL(p->next->sort2, LS_SORT_NOT_GIVEN);
	c = c->next;
	EXPECT_STR("COMMON", c->input.sections->pattern, "COMMON");
	c = c->next;
	EXPECT_STR("bare file", c->input.file_pattern, "bare.o");
	CU_ASSERT_PTR_NULL(c->input.sections);
	c = c->next;
	EXPECT_STR("class", c->input.sections->pattern, ".text.[a-c]*");
	CU_ASSERT_PTR_NULL(c->next);
	ls_free(s);
}

static void test_assignments_fold_compound_forms(void)
{
	struct ls_script *s = parse_text("a.ld",
		"a = 1; b += 2; c -= 3; d *= 4; e /= 5; f <<= 6; g >>= 7; h &= 8; i |= 9;\n"
		"PROVIDE(p = 1); HIDDEN(q = 2); PROVIDE_HIDDEN(r = 3);\n"
		"SECTIONS { . = 0x1000; . += 0x10; .x : { .+=4; y=.; } }\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	enum ls_expr_kind kinds[] = { LS_E_NUM, LS_E_ADD, LS_E_SUB, LS_E_MUL, LS_E_DIV, LS_E_SHL, LS_E_SHR,
	                              LS_E_AND, LS_E_OR };
	const struct ls_cmd *c = s->cmds;
	for (int i = 0; i < 9; i++, c = c->next) {
		CU_ASSERT_EQUAL_FATAL(c->kind, LS_CMD_ASSIGN);
		CU_ASSERT_EQUAL(c->assign.expr->kind, kinds[i]);
		if (i) {
			CU_ASSERT_EQUAL(c->assign.expr->a->kind, LS_E_SYM);
			EXPECT_STR("self", c->assign.expr->a->name, c->assign.sym);
		}
	}
	CU_ASSERT_TRUE(c->assign.provide && !c->assign.hidden);
	c = c->next;
	CU_ASSERT_TRUE(!c->assign.provide && c->assign.hidden);
	c = c->next;
	CU_ASSERT_TRUE(c->assign.provide && c->assign.hidden);
	const struct ls_cmd *sec = sections_of(s);
	EXPECT_STR("dot", sec->next->assign.sym, ".");
	CU_ASSERT_EQUAL(sec->next->assign.expr->a->kind, LS_E_DOT);
	const struct ls_cmd *in = sec->next->next->osec.body;
	EXPECT_STR("dot in section", in->assign.sym, ".");
	CU_ASSERT_EQUAL(in->assign.expr->kind, LS_E_ADD);
	EXPECT_STR("y", in->next->assign.sym, "y");
	ls_free(s);
}

static void test_top_level_commands(void)
{
	struct ls_script *s = parse_text("top.ld",
		"OUTPUT_FORMAT(elf32-littleriscv)\n"
		"OUTPUT_ARCH(riscv:rv32)\n"
		"ENTRY(reset_handler)\n"
		"SEARCH_DIR(/opt/lib) SEARCH_DIR(\"/usr/lib\");\n"
		"INPUT(crt0.o -lc \"my file.o\")\n"
		"GROUP(libc.a libgcc.a AS_NEEDED(libm.so -lz))\n"
		"EXTERN(vectors reset_handler)\n"
		"OUTPUT(firmware.elf)\n"
		"FORCE_COMMON_ALLOCATION\n"
		"NOCROSSREFS(.a .b)\n"
		"MEMORY { rom (rx) : org = 0, len = 1M ram (!rx) : o = 0x1000, l = 4K }\n"
		"REGION_ALIAS(\"REGION_TEXT\", rom);\n"
		"REGION_ALIAS(REGION_DATA, REGION_TEXT)\n"
		"ASSERT(1, \"ok\")\n"
		"INSERT AFTER .text\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	EXPECT_STR("format", s->output_format[0], "elf32-littleriscv");
	CU_ASSERT_PTR_NULL(s->output_format[1]);
	EXPECT_STR("arch", s->output_arch, "riscv:rv32");
	EXPECT_STR("entry", s->entry, "reset_handler");
	EXPECT_STR("search dir 2", s->search_dirs->next->name, "/usr/lib");
	EXPECT_STR("output", s->output, "firmware.elf");
	const struct ls_cmd *in = nth_cmd(s->cmds, LS_CMD_INPUT, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(in);
	EXPECT_STR("input 1", in->files->name, "crt0.o");
	CU_ASSERT_TRUE(in->files->next->is_lib);
	EXPECT_STR("-lc", in->files->next->name, "c");
	EXPECT_STR("quoted", in->files->next->next->name, "my file.o");
	const struct ls_cmd *g = nth_cmd(s->cmds, LS_CMD_GROUP, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	const struct ls_file_arg *f = g->files->next->next;
	EXPECT_STR("as needed", f->name, "libm.so");
	CU_ASSERT_TRUE(f->as_needed);
	CU_ASSERT_TRUE(f->next->as_needed && f->next->is_lib);
	EXPECT_STR("extern 2", s->externs->next->name, "reset_handler");
	const struct ls_region *r = ls_find_region(s, "REGION_DATA");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	EXPECT_STR("alias resolves", r->name, "rom");
	CU_ASSERT_EQUAL(r->length->num, 1 << 20);
	r = ls_find_region(s, "ram");
	CU_ASSERT_EQUAL(r->flags, 0);
	CU_ASSERT_EQUAL(r->not_flags, LS_MEM_R | LS_MEM_X);
	CU_ASSERT_EQUAL(r->origin->num, 0x1000);
	CU_ASSERT_EQUAL(r->length->num, 4096);
	const struct ls_cmd *ins = nth_cmd(s->cmds, LS_CMD_INSERT, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ins);
	CU_ASSERT_TRUE(ins->insert.after);
	EXPECT_STR("insert", ins->insert.name, ".text");
	CU_ASSERT_FALSE(s->has_sections);
	ls_free(s);
}

static void test_include_splices_file(void)
{
	char dir[] = "/tmp/solder-script-XXXXXX";
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	char path[256], inc[256], mem[256];
	snprintf(path, sizeof(path), "%s/main.ld", dir);
	snprintf(inc, sizeof(inc), "%s/sections.inc", dir);
	snprintf(mem, sizeof(mem), "%s/memory.inc", dir);
	FILE *fp = fopen(mem, "w");
	fputs("RAM (rwx) : ORIGIN = 0x80000000, LENGTH = 16K\n", fp);
	fclose(fp);
	fp = fopen(inc, "w");
	fputs("  .data : { *(.data) }\n  bad = ;\n", fp);
	fclose(fp);
	fp = fopen(path, "w");
	fputs("MEMORY {\n  INCLUDE memory.inc\n}\nSECTIONS {\n  .text : { *(.text) }\n  INCLUDE sections.inc\n}\n", fp);
	fclose(fp);
	/* The error is reported in the included file, at its own line. */
	reset_ctx();
	capture_begin();
	struct ls_script *s = ls_parse_file(&ctx, path);
	capture_end();
	CU_ASSERT_PTR_NULL(s);
	char want[512];
	snprintf(want, sizeof(want), "solder: error: %s/sections.inc:2:9: expression expected, but got ';'\n"
	         ">>>   bad = ;\n>>>         ^\n", dir);
	EXPECT_STR("error in include", err_text, want);
	fp = fopen(inc, "w");
	fputs("  .data : { *(.data) }\n", fp);
	fclose(fp);
	s = parse_file(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	EXPECT_STR("region from include", s->regions->name, "RAM");
	struct ls_osec *d = find_osec(s, ".data");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	const struct ls_cmd *c = sections_of(s)->next;
	EXPECT_STR("file of included statement", c->file, inc);
	CU_ASSERT_EQUAL(c->line, 1);
	ls_free(s);
	remove(inc);
	remove(mem);
	remove(path);
	rmdir(dir);
}

/* ---- expressions */

static void test_numbers_and_precedence_as_gnu(void)
{
	/* Each value is what GNU ld 2.40 assigns. */
	EXPECT_U64("hex", eval_num("0x1F"), 0x1f);
	EXPECT_U64("octal", eval_num("017"), 15);
	EXPECT_U64("K", eval_num("4K"), 4096);
	EXPECT_U64("M", eval_num("2M"), 2 << 20);
	EXPECT_U64("hex K", eval_num("0x10K"), 0x4000);
	EXPECT_U64("h suffix", eval_num("10h"), 16);
	EXPECT_U64("b suffix", eval_num("101b"), 5);
	EXPECT_U64("$ hex", eval_num("$1f"), 31);
	EXPECT_U64("== below <", eval_num("0 == 1 < 2"), 0);
	EXPECT_U64("+ above <<", eval_num("2 + 3 << 1"), 10);
	EXPECT_U64("& below ==", eval_num("5 & 3 == 3"), 1);
	EXPECT_U64("| below &", eval_num("3 | 4 & 5"), 7);
	EXPECT_U64("* / % left to right", eval_num("7 % 4 * 3 / 2"), 4);
	EXPECT_U64("- left assoc", eval_num("6 - 2 - 1"), 3);
	EXPECT_U64("unsigned >>", eval_num("-2 >> 60"), 15);
	EXPECT_U64("?: right assoc", eval_num("1 ? 2 : 3 ? 4 : 5"), 2);
	EXPECT_U64("&& ||", eval_num("1 && 0 || 1"), 1);
	EXPECT_U64("unary", eval_num("!0 + ~0 + -1"), (uint64_t)-1);
	EXPECT_U64("LOG2CEIL", eval_num("LOG2CEIL(5) + LOG2CEIL(1) * 100 + LOG2CEIL(0) * 1000"), 3);
	EXPECT_U64("MAX MIN", eval_num("MAX(3, 9) - MIN(3, 9)"), 6);
	EXPECT_U64("ALIGN 2", eval_num("ALIGN(5, 4)"), 8);
	EXPECT_U64("ALIGN of dot", eval_num("ALIGN(0x100)"), 0x1000);
	EXPECT_U64("NEXT", eval_num("NEXT(0x300)"), 0x1200);
	EXPECT_U64("BLOCK", eval_num("BLOCK(0x800)"), 0x1000);
	EXPECT_U64("CONSTANT", eval_num("CONSTANT(MAXPAGESIZE) + CONSTANT(COMMONPAGESIZE)"), 0x2000);
	EXPECT_U64("SIZEOF_HEADERS", eval_num("SIZEOF_HEADERS"), 0xb0);
	EXPECT_U64("ORIGIN LENGTH", eval_num("ORIGIN(RAM) + LENGTH(RAM)"), 0x20010000);
	EXPECT_U64("SEGMENT_START default", eval_num("SEGMENT_START(\"text-segment\", 0x10000)"), 0x10000);
	/* GNU ld without relro: ALIGN(maxpagesize) + (. & (maxpagesize - 1)); ld 2.40
	 * puts riscv64's data segment at 0x110ea after 0x100ea bytes of text. */
	struct fake f = { .nsecs = 0 };
	struct ls_value v;
	uint64_t a = 0;
	CU_ASSERT_EQUAL(eval_text(&f, "DATA_SEGMENT_ALIGN(CONSTANT(MAXPAGESIZE), CONSTANT(COMMONPAGESIZE))", NULL, 0,
	                          0x100ea, &v, &a), 0);
	EXPECT_U64("DATA_SEGMENT_ALIGN", a, 0x110ea);
	EXPECT_U64("DATA_SEGMENT_RELRO_END", eval_num("DATA_SEGMENT_RELRO_END(0, .)"), 0x1000);
	EXPECT_U64("DATA_SEGMENT_END", eval_num("DATA_SEGMENT_END(.)"), 0x1000);
	EXPECT_U64("DEFINED no", eval_num("DEFINED(nothere)"), 0);
	EXPECT_U64("short-circuit", eval_num("DEFINED(nothere) ? nothere : 7"), 7);
}

static void test_section_relative_values(void)
{
	struct fake f = { .nsecs = 2, .secs = { { ".text", 0x10000, 0x10000, 0x20, 4 }, { ".data", 0x20000, 0x8000, 0x10, 8 } } };
	fake_define(&f, "abs_sym", 0x1234, NULL);
	fake_define(&f, "in_text", 0x10008, ".text");
	struct ls_value v;
	uint64_t a;
	/* Inside .data (VMA 0x20006, dot 0x20010): `sym = 0x10` is 0x10 past the section's
	 * start, as GNU's manual says and ld 2.40 does. */
	CU_ASSERT_EQUAL(eval_text(&f, "0x10", ".data", 0x20006, 0x20010, &v, &a), 0);
	CU_ASSERT_EQUAL(v.cls, LS_V_NUMBER);
	EXPECT_U64("number in section", a, 0x20016);
	CU_ASSERT_EQUAL(eval_text(&f, "ABSOLUTE(0x10)", ".data", 0x20006, 0x20010, &v, &a), 0);
	CU_ASSERT_EQUAL(v.cls, LS_V_ABS);
	EXPECT_U64("ABSOLUTE", a, 0x10);
	CU_ASSERT_EQUAL(eval_text(&f, ".", ".data", 0x20006, 0x20010, &v, &a), 0);
	CU_ASSERT_EQUAL(v.cls, LS_V_REL);
	EXPECT_U64("dot offset", v.value, 0xa);
	EXPECT_U64("dot", a, 0x20010);
	CU_ASSERT_EQUAL(eval_text(&f, "ALIGN(0x100)", ".data", 0x20006, 0x20010, &v, &a), 0);
	EXPECT_STR("ALIGN is relative", v.section, ".data");
	EXPECT_U64("ALIGN", a, 0x20100);
	/* An absolute symbol reads as a number inside a section, absolute outside. */
	CU_ASSERT_EQUAL(eval_text(&f, "abs_sym", ".data", 0x20006, 0x20010, &v, &a), 0);
	CU_ASSERT_EQUAL(v.cls, LS_V_NUMBER);
	CU_ASSERT_EQUAL(eval_text(&f, "abs_sym", NULL, 0, 0x20010, &v, &a), 0);
	CU_ASSERT_EQUAL(v.cls, LS_V_ABS);
	EXPECT_U64("absolute symbol", a, 0x1234);
	/* A symbol in .text plus a number stays in .text; the difference of two .text
	 * addresses is a number; ADDR(.text) - ADDR(.data) is absolute at top level. */
	CU_ASSERT_EQUAL(eval_text(&f, "in_text + 4", NULL, 0, 0, &v, &a), 0);
	EXPECT_STR("rel + num", v.section, ".text");
	EXPECT_U64("rel + num value", a, 0x1000c);
	CU_ASSERT_EQUAL(eval_text(&f, "in_text - ADDR(.text)", ".data", 0x20000, 0x20000, &v, &a), 0);
	CU_ASSERT_EQUAL(v.cls, LS_V_NUMBER);
	EXPECT_U64("same-section difference", v.value, 8);
	CU_ASSERT_EQUAL(eval_text(&f, "ADDR(.data) - ADDR(.text)", NULL, 0, 0, &v, &a), 0);
	CU_ASSERT_EQUAL(v.cls, LS_V_ABS);
	EXPECT_U64("cross-section difference", a, 0x10000);
	/* LOADADDR is absolute, SIZEOF and ALIGNOF numbers. */
	CU_ASSERT_EQUAL(eval_text(&f, "LOADADDR(.data)", ".text", 0x10000, 0x10000, &v, &a), 0);
	CU_ASSERT_EQUAL(v.cls, LS_V_ABS);
	EXPECT_U64("LOADADDR", a, 0x8000);
	CU_ASSERT_EQUAL(eval_text(&f, "SIZEOF(.data) + ALIGNOF(.data)", NULL, 0, 0, &v, &a), 0);
	EXPECT_U64("SIZEOF + ALIGNOF", a, 0x18);
	/* ls_eval_addr and ls_value_section for symbol assignments. */
	struct ls_eval_env env = fake_env(&f, NULL);
	env.section = ".data";
	env.section_vma = 0x20000;
	struct ls_value num = { 0x10, LS_V_NUMBER, NULL };
	EXPECT_STR("number belongs to the section", ls_value_section(&num, &env), ".data");
	struct ls_value absv = { 0x10, LS_V_ABS, NULL };
	CU_ASSERT_PTR_NULL(ls_value_section(&absv, &env));
}

static void test_location_counter_rules(void)
{
	struct ls_script *s = parse_text("d.ld", "SECTIONS { .x : { . = 0x10; . = 0x8; } }");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	const struct ls_cmd *c = sections_of(s)->osec.body;
	struct fake f = { .nsecs = 1, .secs = { { ".x", 0x1000, 0x1000, 0, 1 } } };
	struct ls_eval_env env = fake_env(&f, s);
	env.file = "d.ld";
	env.section = ".x";
	env.section_vma = 0x1000;
	env.dot = 0x1000;
	uint64_t dot;
	CU_ASSERT_EQUAL(ls_eval_dot(c->assign.expr, &env, &dot), 0);
	EXPECT_U64(". = 0x10 in a section", dot, 0x1010);
	env.dot = dot;
	capture_begin();
	CU_ASSERT_EQUAL(ls_eval_dot(c->next->assign.expr, &env, &dot), -1);
	capture_end();
	EXPECT_STR("backward", err_text,
	           "solder: error: d.ld:1: unable to move location counter backward for: .x (from 0x1010 to 0x1008)\n");
	CU_ASSERT_EQUAL(ctx.errors, 1);
	ls_free(s);
}

static void test_evaluation_errors(void)
{
	struct fake f = { .nsecs = 1, .secs = { { ".text", 0x10000, 0x10000, 0x20, 4 } } };
	struct ls_value v;
	struct { const char *expr; const char *msg; } cases[] = {
		{ "undefined_sym + 1", "solder: error: t.ld:2: symbol not found: undefined_sym\n" },
		{ "4 / (2 - 2)", "solder: error: t.ld:2: division by zero\n" },
		{ "4 % 0", "solder: error: t.ld:2: modulo by zero\n" },
		{ "ADDR(.nothere)", "solder: error: t.ld:2: undefined section .nothere\n" },
		{ "SIZEOF(.nothere)", "solder: error: t.ld:2: undefined section .nothere\n" },
		{ "ORIGIN(FLASH)", "solder: error: t.ld:2: memory region not defined: FLASH\n" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CU_ASSERT_EQUAL(eval_text(&f, cases[i].expr, NULL, 0, 0, &v, NULL), -1);
		EXPECT_STR(cases[i].expr, err_text, cases[i].msg);
	}
	/* `.` outside SECTIONS, e.g. in MEMORY */
	struct ls_script *s = parse_text("m.ld", "MEMORY { R : ORIGIN = . + 1, LENGTH = 1 }");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	uint64_t x;
	reset_ctx();
	capture_begin();
	CU_ASSERT_EQUAL(ls_eval_const(&ctx, "m.ld", s->regions->origin, &x), -1);
	capture_end();
	EXPECT_STR("dot outside", err_text, "solder: error: m.ld:1: '.' used outside SECTIONS\n");
	ls_free(s);
	/* quiet: no message */
	s = parse_text("q.ld", "x = nothere;");
	struct ls_eval_env env = fake_env(&f, s);
	env.quiet = 1;
	capture_begin();
	CU_ASSERT_EQUAL(ls_eval(s->cmds->assign.expr, &env, &v), -1);
	capture_end();
	EXPECT_STR("quiet", err_text, "");
	ls_free(s);
}

static void test_expr_format_as_gnu_map(void)
{
	struct ls_script *s = parse_text("f.ld",
		"SECTIONS { a = 2 + 3 << 1; b = ALIGN(0x100); c = DEFINED(u1) ? u1 : 0; d = . + 2*4;\n"
		"e = ABSOLUTE(0x10); f = ADDR(.text) + SIZEOF(.text); g = -(2*3); h = BLOCK(8);\n"
		"i = SEGMENT_START(\"text-segment\", 0x10000) + SIZEOF_HEADERS;\n"
		"j = DATA_SEGMENT_ALIGN (CONSTANT (MAXPAGESIZE), CONSTANT (COMMONPAGESIZE)); k = ALIGN(5, 4); }");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	/* GNU ld 2.40's -M output for the same assignments. */
	const char *want[] = { "0xa", "ALIGN (0x100)", "DEFINED (u1)?u1:0x0", "(. + 0x8)", "ABSOLUTE (0x10)",
	                       "(ADDR (.text) + SIZEOF (.text))", "0xfffffffffffffffa", "ALIGN (0x8)",
	                       "(SEGMENT_START (\"text-segment\", 0x10000) + SIZEOF_HEADERS)",
	                       "DATA_SEGMENT_ALIGN (CONSTANT (MAXPAGESIZE), CONSTANT (COMMONPAGESIZE))",
	                       "ALIGN (0x5, 0x4)" };
	const struct ls_cmd *c = sections_of(s);
	char buf[256];
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++, c = c->next)
		EXPECT_STR(c->assign.sym, ls_expr_format(c->assign.expr, buf, sizeof(buf)), want[i]);
	ls_free(s);
}

/* ---- matching */

static void test_glob(void)
{
	CU_ASSERT_TRUE(ls_glob("*", ""));
	CU_ASSERT_TRUE(ls_glob(".text.*", ".text.main"));
	CU_ASSERT_FALSE(ls_glob(".text.*", ".text"));
	CU_ASSERT_TRUE(ls_glob("*crtbegin?.o", "/usr/lib/crtbeginS.o"));
	CU_ASSERT_TRUE(ls_glob("*_unlikely", ".text.foo_unlikely"));
	CU_ASSERT_TRUE(ls_glob(".[a-c]x", ".bx"));
	CU_ASSERT_FALSE(ls_glob(".[!a-c]x", ".bx"));
	CU_ASSERT_TRUE(ls_glob(".[^a-c]x", ".dx"));
	CU_ASSERT_TRUE(ls_glob("[]]", "]"));
	CU_ASSERT_TRUE(ls_glob("a\\*", "a*"));
	CU_ASSERT_FALSE(ls_glob("a\\*", "ab"));
	CU_ASSERT_TRUE(ls_glob("[", "["));
	CU_ASSERT_TRUE(ls_glob("*a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"));
	CU_ASSERT_FALSE(ls_glob("*a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
	CU_ASSERT_TRUE(ls_glob("*/", "a/b/"));
}

/* What GNU ld 2.40 selects for inputs /tmp/a.o (a plain object) and member b.o of
 * libb.a, checked by linking both with each pattern. */
static void test_match_input_like_gnu(void)
{
	struct { const char *desc; int a, b; } cases[] = {
		{ "b.o(.sdata)", 0, 1 },
		{ "*b.o(.sdata)", 0, 1 },
		{ "libb.a:b.o(.sdata)", 0, 1 },
		{ "libb.a(.sdata)", 0, 0 },
		{ "*libb.a(.sdata)", 0, 0 },
		{ "libb.a:(.sdata)", 0, 1 },
		{ ":b.o(.sdata)", 0, 0 },
		{ ":/tmp/a.o(.sdata)", 1, 0 },
		{ "a.o(.sdata)", 0, 0 },
		{ "/tmp/a.o(.sdata)", 1, 0 },
		{ "*a.o(.sdata)", 1, 0 },
		{ "*(EXCLUDE_FILE(*libb.a) .sdata)", 1, 0 },
		{ "*(EXCLUDE_FILE(b.o) .sdata)", 1, 0 },
		{ "*(EXCLUDE_FILE(libb.a:b.o) .sdata)", 1, 0 },
		{ "*(EXCLUDE_FILE(libb.a) .sdata)", 1, 0 },
		{ "*(EXCLUDE_FILE(*a.o) .sdata)", 0, 1 },
		{ "*(EXCLUDE_FILE(a.o) .sdata)", 1, 1 },
		{ "EXCLUDE_FILE(*b.o) *(.sdata)", 1, 0 },
		{ "*(EXCLUDE_FILE(libb.a:) .sdata)", 1, 0 },
		{ "*(.text .sdata*)", 1, 1 },
		{ "*(.text)", 0, 0 },
		{ "*", 1, 1 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[256];
		snprintf(text, sizeof(text), "SECTIONS { .o : { %s } }", cases[i].desc);
		struct ls_script *s = parse_text("m.ld", text);
		CU_ASSERT_PTR_NOT_NULL_FATAL(s);
		const struct ls_input_desc *d = &sections_of(s)->osec.body->input;
		int a = ls_match_input(d, "/tmp/a.o", NULL, ".sdata") != 0;
		int b = ls_match_input(d, "libb.a", "b.o", ".sdata") != 0;
		if (a != cases[i].a || b != cases[i].b)
			printf("\n  %s: a.o %d (expected %d), libb.a(b.o) %d (expected %d)\n", cases[i].desc, a,
			       cases[i].a, b, cases[i].b);
		CU_ASSERT_EQUAL(a, cases[i].a);
		CU_ASSERT_EQUAL(b, cases[i].b);
		ls_free(s);
	}
	/* The position of the matching pattern. */
	struct ls_script *s = parse_text("m.ld", "SECTIONS { .o : { *(.a EXCLUDE_FILE(x.o) .b .c) } }");
	const struct ls_input_desc *d = &sections_of(s)->osec.body->input;
	CU_ASSERT_EQUAL(ls_match_input(d, "y.o", NULL, ".c"), 3);
	CU_ASSERT_EQUAL(ls_match_input(d, "y.o", NULL, ".b"), 2);
	CU_ASSERT_EQUAL(ls_match_input(d, "x.o", NULL, ".b"), 0);
	ls_free(s);
}

static void test_init_priority_and_region_flags(void)
{
	EXPECT_U64(".init_array.00101", ls_init_priority(".init_array.00101"), 101);
	EXPECT_U64(".ctors.65434", ls_init_priority(".ctors.65434"), 101);
	EXPECT_U64(".fini_array.5", ls_init_priority(".fini_array.5"), 5);
	EXPECT_U64(".init_array", ls_init_priority(".init_array"), 0);
	EXPECT_U64(".init_array.x", ls_init_priority(".init_array.x"), 0);
	enum { PROGBITS = 1, NOBITS = 8, W = 1, A = 2, X = 4 };
	CU_ASSERT_EQUAL(ls_mem_flags(PROGBITS, A | X), LS_MEM_A | LS_MEM_I | LS_MEM_R | LS_MEM_X);
	CU_ASSERT_EQUAL(ls_mem_flags(PROGBITS, A), LS_MEM_A | LS_MEM_I | LS_MEM_R | LS_MEM_W);
	CU_ASSERT_EQUAL(ls_mem_flags(NOBITS, A | W), LS_MEM_A);
	struct ls_script *s = parse_text("r.ld", "MEMORY { rom (rx) : ORIGIN = 0, LENGTH = 1K\n"
	                                 "ram (!rx) : ORIGIN = 0x1000, LENGTH = 1K }");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	const struct ls_region *rom = s->regions, *ram = rom->next;
	CU_ASSERT_TRUE(ls_region_accepts(rom, PROGBITS, A | X));
	CU_ASSERT_TRUE(ls_region_accepts(rom, PROGBITS, A));       /* .rodata is R */
	CU_ASSERT_FALSE(ls_region_accepts(rom, NOBITS, A | W));    /* .bss */
	CU_ASSERT_FALSE(ls_region_accepts(ram, NOBITS, A | W));    /* no positive attribute */
	ls_free(s);
}

/* ---- diagnostics */

static void test_syntax_errors_name_file_line_column(void)
{
	struct { const char *text; const char *msg; } cases[] = {
		{ "SECTIONS {\n  .text : { *(.text) }\n  x = 1\n}\n",
		  "solder: error: s.ld:4:1: ';' after assignment expected, but got '}'\n>>> }\n>>> ^\n" },
		{ "SECTIONS {\n  .text { *(.text) }\n}\n",
		  "solder: error: s.ld:2:9: ':' after output section name expected, but got '{'\n>>>   .text { *(.text) }\n>>>         ^\n" },
		{ "MEMORY { rom (rz) : ORIGIN = 0, LENGTH = 1 }",
		  "solder: error: s.ld:1:16: invalid memory region attribute 'z'\n>>> MEMORY { rom (rz) : ORIGIN = 0, LENGTH = 1 }\n>>>                ^\n" },
		{ "x = 0x12g;", "solder: error: s.ld:1:5: invalid number\n>>> x = 0x12g;\n>>>     ^\n" },
		{ "x = (1 + 2;", "solder: error: s.ld:1:11: ')' expected, but got ';'\n>>> x = (1 + 2;\n>>>           ^\n" },
		{ "SECTIONS { .a : { *(.a) }", "solder: error: s.ld:1:26: output section description or '}' expected, but got end of file\n>>> SECTIONS { .a : { *(.a) }\n>>>                          ^\n" },
		{ "/* open", "solder: error: s.ld:1:1: unterminated comment\n>>> /* open\n>>> ^\n" },
		{ "ENTRY(\"start)", "solder: error: s.ld:1:7: unterminated string\n>>> ENTRY(\"start)\n>>>       ^\n" },
		{ "FROB(1)", "solder: error: s.ld:1:1: unknown command 'FROB'\n>>> FROB(1)\n>>> ^\n" },
		{ "x = FOO(1);", "solder: error: s.ld:1:5: unknown function FOO\n>>> x = FOO(1);\n>>>     ^\n" },
		{ "x = 1 @ 2;", "solder: error: s.ld:1:7: invalid character\n>>> x = 1 @ 2;\n>>>       ^\n" },
		{ "SECTIONS { .t : { *(SORT(SORT(SORT(.a)))) } }", "solder: error: s.ld:1:31: SORT nested too deeply\n>>> SECTIONS { .t : { *(SORT(SORT(SORT(.a)))) } }\n>>>                               ^\n" },
		{ "PHDRS { text PT_FROB; }", "solder: error: s.ld:1:14: program header type expected, but got 'PT_FROB'\n>>> PHDRS { text PT_FROB; }\n>>>              ^\n" },
		{ "\tx = ;", "solder: error: s.ld:1:6: expression expected, but got ';'\n>>> \tx = ;\n>>> \t    ^\n" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset_ctx();
		capture_begin();
		struct ls_script *s = ls_parse_text(&ctx, "s.ld", cases[i].text, strlen(cases[i].text));
		capture_end();
		CU_ASSERT_PTR_NULL(s);
		ls_free(s);
		CU_ASSERT_EQUAL(ctx.errors, 1);
		EXPECT_STR(cases[i].text, err_text, cases[i].msg);
	}
	reset_ctx();
	capture_begin();
	CU_ASSERT_PTR_NULL(ls_parse_file(&ctx, "/nonexistent/x.ld"));
	capture_end();
	EXPECT_STR("missing", err_text, "solder: error: cannot open linker script /nonexistent/x.ld: No such file or directory\n");
}

/* Random mutations of real scripts either parse or report an error: never a crash, a
 * hang or a read past the text (run under `make asan`). */
static void test_mutated_scripts_never_crash(void)
{
	char *seed_texts[3] = { default_script("riscv64-unknown-elf-ld --verbose 2>/dev/null"), NULL, NULL };
	FILE *fp = fopen("qemu-tests/scripts/stm32.ld", "rb");
	if (fp) {
		seed_texts[1] = calloc(1, 1 << 16);
		size_t n = fread(seed_texts[1], 1, (1 << 16) - 1, fp);
		seed_texts[1][n] = 0;
		fclose(fp);
	}
	fp = fopen(picolibc_ld, "rb");
	if (fp) {
		seed_texts[2] = calloc(1, 1 << 16);
		size_t n = fread(seed_texts[2], 1, (1 << 16) - 1, fp);
		seed_texts[2][n] = 0;
		fclose(fp);
	}
	static const char pieces[] = "(){};:,=+-*/%<>&|!~?\"'.[]\\$0x9K \n\t\0";
	uint64_t rng = 0x9e3779b97f4a7c15ull;
	int parsed = 0, rejected = 0;
	for (int round = 0; round < 3000; round++) {
		char *seed = seed_texts[round % 3];
		if (!seed)
			continue;
		size_t len = strlen(seed);
		char *buf = malloc(len + 64);
		memcpy(buf, seed, len);
		int muts = 1 + (int)(round % 7);
		for (int k = 0; k < muts; k++) {
			rng ^= rng << 13;
			rng ^= rng >> 7;
			rng ^= rng << 17;
			size_t at = (size_t)(rng % (len ? len : 1));
			switch ((rng >> 40) % 4) {
			case 0: buf[at] = pieces[(rng >> 20) % (sizeof(pieces) - 1)]; break;
			case 1: if (len > 1) { memmove(buf + at, buf + at + 1, len - at - 1); len--; } break;
			case 2: buf[at] = (char)(rng >> 24); break;
			case 3: len = at; break;   /* truncation */
			}
		}
		/* No terminating NUL: the parser must respect len. */
		char *exact = malloc(len ? len : 1);
		memcpy(exact, buf, len);
		free(buf);
		reset_ctx();
		capture_begin();
		struct ls_script *s = ls_parse_text(&ctx, "fuzz.ld", exact, len);
		capture_end();
		if (s) {
			parsed++;
			/* Evaluate every top-level assignment quietly. */
			struct fake f = { .nsecs = 0 };
			struct ls_eval_env env = fake_env(&f, s);
			env.quiet = 1;
			char fmt[128];
			for (const struct ls_cmd *c = sections_of(s); c; c = c->next)
				if (c->kind == LS_CMD_ASSIGN) {
					struct ls_value v;
					ls_eval(c->assign.expr, &env, &v);
					ls_expr_format(c->assign.expr, fmt, sizeof(fmt));
				}
		} else {
			rejected++;
			CU_ASSERT_TRUE(ctx.errors > 0);
		}
		ls_free(s);
		free(exact);
	}
	CU_ASSERT_TRUE(parsed > 0 && rejected > 0);
	for (int i = 0; i < 3; i++)
		free(seed_texts[i]);

	/* Deep nesting is refused, not a stack overflow. */
	size_t n = 100000;
	char *deep = malloc(n + 16);
	memcpy(deep, "x = ", 4);
	memset(deep + 4, '(', n);
	reset_ctx();
	capture_begin();
	CU_ASSERT_PTR_NULL(ls_parse_text(&ctx, "deep.ld", deep, n + 4));
	capture_end();
	CU_ASSERT_PTR_NOT_NULL(strstr(err_text, "nested too deeply"));
	free(deep);
}

void suite_script(void)
{
	CU_pSuite s = CU_add_suite("script", NULL, NULL);
	CU_add_test(s, "GNU ld's riscv64 default script parses", test_parses_gnu_default_script_riscv64);
	CU_add_test(s, "GNU ld's x86_64 default script parses", test_parses_gnu_default_script_x86_64);
	CU_add_test(s, "GNU ld's i386 default script parses", test_parses_gnu_default_script_i386);
	CU_add_test(s, "picolibc.ld parses: MEMORY, PHDRS, DEFINED, AT>, TLS", test_parses_picolibc_ld);
	CU_add_test(s, "STM32 script: .data stored in flash, _sidata", test_stm32_script_data_in_flash);
	CU_add_test(s, "kernel script: addresses, KEEP by name, ASSERT", test_kernel_script_addresses_and_assert);
	CU_add_test(s, "OVERLAY", test_overlay_script);
	CU_add_test(s, "PHDRS", test_phdrs_script);
	CU_add_test(s, "/DISCARD/ and KEEP of a vector", test_discard_and_keep_vector);
	CU_add_test(s, "output section header forms", test_output_section_header_forms);
	CU_add_test(s, "input section descriptions", test_input_section_descriptions);
	CU_add_test(s, "compound assignments fold to =", test_assignments_fold_compound_forms);
	CU_add_test(s, "top-level commands", test_top_level_commands);
	CU_add_test(s, "INCLUDE splices the file in place", test_include_splices_file);
	CU_add_test(s, "numbers and precedence as GNU ld", test_numbers_and_precedence_as_gnu);
	CU_add_test(s, "section-relative values", test_section_relative_values);
	CU_add_test(s, "location counter in a section", test_location_counter_rules);
	CU_add_test(s, "evaluation errors name file and line", test_evaluation_errors);
	CU_add_test(s, "expressions print as GNU's map", test_expr_format_as_gnu_map);
	CU_add_test(s, "glob", test_glob);
	CU_add_test(s, "input matching as GNU ld", test_match_input_like_gnu);
	CU_add_test(s, "init priority and region attributes", test_init_priority_and_region_flags);
	CU_add_test(s, "syntax errors name file, line and column", test_syntax_errors_name_file_line_column);
	CU_add_test(s, "mutated scripts never crash", test_mutated_scripts_never_crash);
}
