/*
 * script.c: GNU ld linker scripts: lexer, parser and expression evaluator.
 *
 * The lexer is driven by the parser, as GNU's ldlex.l is by its grammar, because what
 * a name may contain depends on where it stands:
 *   LX_EXPR    symbols in expressions: [A-Za-z_.$][A-Za-z0-9_.$]*, so `a-b` is a minus b;
 *   LX_SCRIPT  output section, region and phdr names: also / \ ~ + - (".note.gnu.build-id",
 *              "/DISCARD/");
 *   LX_WILD    file and section patterns: also * ? [ ] : ^ ! ("*crtbegin?.o", "libc.a:*").
 * A name never takes a trailing "+=" style operator ("x+=1" is x += 1), and a quoted
 * string is a name everywhere. Peeking re-lexes from the saved position, so the same
 * text can be looked at in two modes.
 *
 * The parser is recursive descent and stops at the first syntax error (a longjmp out
 * of the descent: every allocation is in the script's arena, so nothing leaks). The
 * evaluator follows GNU ld's section-relative value rules (ldexp.c); see script.h.
 *
 * What this file leaves to others: placing anything (layout.c walks the tree), and
 * reading inputs named by INPUT/GROUP (ld.c).
 */
#include "script.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld.h"

/* ---- arena */

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, cap;
	_Alignas(16) unsigned char data[];
};

struct arena { struct arena_chunk *head; };

static void *arena_alloc(struct arena *a, size_t size)
{
	size = (size + 15) & ~(size_t)15;
	struct arena_chunk *c = a->head;
	if (!c || c->cap - c->used < size) {
		size_t cap = size > 65536 ? size : 65536;
		c = ld_xrealloc(NULL, sizeof(*c) + cap);
		c->used = 0;
		c->cap = cap;
		c->next = a->head;
		a->head = c;
	}
	void *p = c->data + c->used;
	c->used += size;
	memset(p, 0, size);
	return p;
}

static char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

static void arena_free(struct arena *a)
{
	for (struct arena_chunk *c = a->head, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
}

/* ---- lexer */

struct src {
	struct src *prev;        /* the including script */
	const char *name;
	const char *text;
	size_t len, pos;
	uint32_t line;           /* 1-based line of pos */
	size_t line_start;       /* offset of that line's first byte */
	uint32_t depth;          /* INCLUDE nesting */
};

enum tok_kind { T_EOF, T_NAME, T_NUM, T_STR, T_OP, T_BAD };
enum lex_mode { LX_EXPR, LX_SCRIPT, LX_WILD };

struct tok {
	enum tok_kind kind;
	const char *p;           /* its text (a string: without the quotes) */
	size_t len;
	size_t end;              /* offset after it in src */
	uint64_t num;
	uint32_t line, col;
	size_t line_start;       /* offset of its line in src */
	struct src *src;
	const char *bad;         /* T_BAD: what is wrong */
};

struct parser {
	struct ld_ctx *ctx;
	struct arena *ar;
	struct ls_script *s;
	struct src *src;
	jmp_buf fail;
	int depth;               /* expression nesting */
};

static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(int c) { return c >= '0' && c <= '9'; }

static int name_start(enum lex_mode m, int c)
{
	if (c == 0)
		return 0;
	if (is_alpha(c) || c == '_' || c == '.' || c == '$')
		return 1;
	if (m == LX_EXPR)
		return 0;
	if (c == '/' || c == '\\' || c == '~')
		return 1;
	return m == LX_WILD && (is_digit(c) || strchr("*?[]:^!+-", c));
}

static int name_char(enum lex_mode m, int c)
{
	if (is_alpha(c) || is_digit(c) || c == '_' || c == '.' || c == '$')
		return 1;
	if (m == LX_EXPR || c == 0)
		return 0;
	if (strchr("/\\~+-", c))
		return 1;
	return m == LX_WILD && strchr("*?[]:^!", c);
}

static _Noreturn void fail_at(struct parser *P, const struct tok *t, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Skips blanks and comments, leaving exhausted INCLUDE files. An unterminated comment
 * is reported here. */
static void skip_space(struct parser *P)
{
	for (;;) {
		struct src *s = P->src;
		while (s->pos < s->len) {
			char c = s->text[s->pos];
			if (c == '\n') {
				s->pos++;
				s->line++;
				s->line_start = s->pos;
			} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
				s->pos++;
			} else if (c == '/' && s->pos + 1 < s->len && s->text[s->pos + 1] == '*') {
				struct tok t = { .kind = T_BAD, .p = s->text + s->pos, .len = 2, .line = s->line,
				                 .col = (uint32_t)(s->pos - s->line_start + 1),
				                 .line_start = s->line_start, .src = s };
				size_t i = s->pos + 2;
				while (i + 1 < s->len && !(s->text[i] == '*' && s->text[i + 1] == '/')) {
					if (s->text[i] == '\n') {
						s->line++;
						s->line_start = i + 1;
					}
					i++;
				}
				if (i + 1 >= s->len)
					fail_at(P, &t, "unterminated comment");
				s->pos = i + 2;
			} else {
				return;
			}
		}
		if (!s->prev)
			return;
		P->src = s->prev;
	}
}

/* The value of number text p[0..n), GNU's forms: decimal, 0x hex, leading-0 octal,
 * $hex, hex digits with an h/x/o/b/d suffix, each optionally scaled by K or M.
 * Returns 0 or -1 when it is not a number. */
static int parse_number(const char *p, size_t n, uint64_t *out)
{
	unsigned base = 10;
	int suffix = 0;
	uint64_t scale = 1;
	size_t i = 0;
	if (n && (p[n - 1] == 'K' || p[n - 1] == 'k')) {
		scale = 1024;
		n--;
	} else if (n && (p[n - 1] == 'M' || p[n - 1] == 'm')) {
		scale = 1024 * 1024;
		n--;
	}
	if (n == 0)
		return -1;
	if (p[0] == '$') {
		base = 16;
		i = 1;
	} else if (n > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		i = 2;
	} else if (scale == 1 && strchr("hHxXoObBdD", p[n - 1]) && n > 1) {
		int all_digits = 1;
		for (size_t k = 0; k < n; k++)
			all_digits &= is_digit(p[k]);
		if (!all_digits) {
			char suf = p[n - 1];
			base = (suf == 'h' || suf == 'H' || suf == 'x' || suf == 'X') ? 16
			     : (suf == 'o' || suf == 'O') ? 8 : (suf == 'b' || suf == 'B') ? 2 : 10;
			n--;
			suffix = 1;
		}
	}
	if (base == 10 && !suffix && p[0] == '0' && n > 1)
		base = 8;
	if (i >= n)
		return -1;
	uint64_t v = 0;
	for (; i < n; i++) {
		int c = p[i], d;
		if (is_digit(c))
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		if ((unsigned)d >= base)
			return -1;
		v = v * base + (uint64_t)d;
	}
	*out = v * scale;
	return 0;
}

static const char *const ops[] = {
	"<<=", ">>=", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
	"+=", "-=", "*=", "/=", "&=", "|=",
};

/* The token at the current position, in mode m, without consuming it. */
static struct tok lex(struct parser *P, enum lex_mode m)
{
	skip_space(P);
	struct src *s = P->src;
	struct tok t = { .src = s, .line = s->line, .col = (uint32_t)(s->pos - s->line_start + 1),
	                 .line_start = s->line_start, .p = s->text + s->pos };
	const char *p = s->text + s->pos;
	size_t avail = s->len - s->pos;
	if (avail == 0) {
		t.kind = T_EOF;
		t.end = s->pos;
		return t;
	}
	char c = p[0];
	if (c == '"') {
		size_t i = 1;
		while (i < avail && p[i] != '"' && p[i] != '\n')
			i++;
		if (i >= avail || p[i] != '"') {
			t.kind = T_BAD;
			t.len = i;
			t.bad = "unterminated string";
		} else {
			t.kind = T_STR;
			t.p = p + 1;
			t.len = i - 1;
		}
		t.end = s->pos + i + 1;
		return t;
	}
	if (m == LX_EXPR && (is_digit(c) || (c == '$' && avail > 1 && strchr("0123456789abcdefABCDEF", p[1]) && p[1]))) {
		size_t i = 1;
		while (i < avail && (is_alpha(p[i]) || is_digit(p[i]) || p[i] == '_' || p[i] == '$'))
			i++;
		t.len = i;
		t.end = s->pos + i;
		if (parse_number(p, i, &t.num) == 0) {
			t.kind = T_NUM;
		} else {
			t.kind = T_BAD;
			t.bad = "invalid number";
		}
		return t;
	}
	if (name_start(m, (unsigned char)c) && !(m != LX_EXPR && c == '/' && avail > 1 && p[1] == '*')) {
		size_t i = 1;
		while (i < avail && name_char(m, (unsigned char)p[i])) {
			/* "x+=1": the operator is not part of the name; nor is a comment. */
			if (i + 1 < avail && strchr("+-*/", p[i]) && p[i + 1] == '=')
				break;
			if (p[i] == '/' && i + 1 < avail && p[i + 1] == '*')
				break;
			i++;
		}
		t.kind = T_NAME;
		t.len = i;
		t.end = s->pos + i;
		return t;
	}
	for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
		size_t n = strlen(ops[k]);
		if (avail >= n && memcmp(p, ops[k], n) == 0) {
			t.kind = T_OP;
			t.len = n;
			t.end = s->pos + n;
			return t;
		}
	}
	t.len = 1;
	t.end = s->pos + 1;
	t.kind = c && strchr("(){};,:=+-*/%<>&|^!~?", c) ? T_OP : T_BAD;
	if (t.kind == T_BAD)
		t.bad = "invalid character";
	return t;
}

static void consume(struct parser *P, const struct tok *t)
{
	P->src = t->src;
	t->src->pos = t->end;
}

static struct tok next(struct parser *P, enum lex_mode m)
{
	struct tok t = lex(P, m);
	if (t.kind == T_BAD)
		fail_at(P, &t, "%s", t.bad);
	consume(P, &t);
	return t;
}

static int is_op(const struct tok *t, const char *op)
{
	return t->kind == T_OP && t->len == strlen(op) && memcmp(t->p, op, t->len) == 0;
}

static int is_kw(const struct tok *t, const char *kw)
{
	return t->kind == T_NAME && t->len == strlen(kw) && memcmp(t->p, kw, t->len) == 0;
}

static int peek_op(struct parser *P, enum lex_mode m, const char *op)
{
	struct tok t = lex(P, m);
	return is_op(&t, op);
}

/* The parser's position, to look two tokens ahead and come back. */
struct mark { struct src *src; size_t pos, line_start; uint32_t line; };

static struct mark mark(struct parser *P)
{
	skip_space(P);
	return (struct mark){ P->src, P->src->pos, P->src->line_start, P->src->line };
}

static void reset(struct parser *P, struct mark m)
{
	P->src = m.src;
	m.src->pos = m.pos;
	m.src->line = m.line;
	m.src->line_start = m.line_start;
}

/* The token after the next one (in modes m1 then m2). */
static struct tok peek2(struct parser *P, enum lex_mode m1, enum lex_mode m2)
{
	struct mark k = mark(P);
	struct tok t = lex(P, m1);
	if (t.kind == T_BAD || t.kind == T_EOF) {
		reset(P, k);
		return t;
	}
	consume(P, &t);
	struct tok u = lex(P, m2);
	reset(P, k);
	return u;
}

static void describe(const struct tok *t, char *buf, size_t size)
{
	if (t->kind == T_EOF)
		snprintf(buf, size, "end of file");
	else
		snprintf(buf, size, "'%.*s'", (int)(t->len > 40 ? 40 : t->len), t->p);
}

/* Reports "file:line:col: <what>" with the line and a caret, and abandons the parse. */
static _Noreturn void fail_at(struct parser *P, const struct tok *t, const char *fmt, ...)
{
	char what[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	const struct src *s = t->src;
	size_t ls = t->line_start, le = ls;
	while (le < s->len && s->text[le] != '\n' && s->text[le] != '\r')
		le++;
	int n = (int)(le - ls > 200 ? 200 : le - ls);
	char text[201];
	for (int i = 0; i < n; i++) {
		char c = s->text[ls + (size_t)i];
		text[i] = (c == '\t' || (c >= 32 && c < 127)) ? c : '?';
	}
	text[n] = 0;
	int col = (int)t->col - 1;
	if (col > n)
		col = n;
	char caret[202];
	for (int i = 0; i < col; i++)
		caret[i] = text[i] == '\t' ? '\t' : ' ';
	caret[col] = '^';
	caret[col + 1] = 0;
	ld_error(P->ctx, "%s:%u:%u: %s\n>>> %s\n>>> %s", s->name, t->line, t->col, what, text, caret);
	longjmp(P->fail, 1);
}

static _Noreturn void expected(struct parser *P, const struct tok *t, const char *what)
{
	if (t->kind == T_BAD)
		fail_at(P, t, "%s", t->bad);
	char got[64];
	describe(t, got, sizeof(got));
	fail_at(P, t, "%s expected, but got %s", what, got);
}

static void expect(struct parser *P, enum lex_mode m, const char *op)
{
	struct tok t = lex(P, m);
	if (!is_op(&t, op)) {
		char what[16];
		snprintf(what, sizeof(what), "'%s'", op);
		expected(P, &t, what);
	}
	consume(P, &t);
}

/* A name or a quoted string, copied into the arena. */
static const char *expect_name(struct parser *P, enum lex_mode m, const char *what)
{
	struct tok t = lex(P, m);
	if (t.kind != T_NAME && t.kind != T_STR)
		expected(P, &t, what);
	consume(P, &t);
	return arena_strndup(P->ar, t.p, t.len);
}

static const char *tok_str(struct parser *P, const struct tok *t)
{
	return arena_strndup(P->ar, t->p, t->len);
}

/* ---- INCLUDE */

static int read_whole(const char *path, struct arena *ar, char **text, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	size_t cap = 4096, n = 0;
	char *buf = ld_xrealloc(NULL, cap);
	for (;;) {
		if (n == cap) {
			if (cap >= (size_t)64 << 20) {
				free(buf);
				fclose(f);
				errno = EFBIG;
				return -1;
			}
			cap *= 2;
			buf = ld_xrealloc(buf, cap);
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		if (got == 0)
			break;
		n += got;
	}
	int err = ferror(f);
	fclose(f);
	if (err) {
		free(buf);
		errno = EIO;
		return -1;
	}
	*text = arena_strndup(ar, buf, n);
	*len = n;
	free(buf);
	return 0;
}

static struct src *new_src(struct parser *P, const char *name, const char *text, size_t len)
{
	struct src *s = arena_alloc(P->ar, sizeof(*s));
	s->name = name;
	s->text = text;
	s->len = len;
	s->line = 1;
	return s;
}

static const char *join_path(struct arena *ar, const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char *p = arena_alloc(ar, dl + nl + 2);
	memcpy(p, dir, dl);
	p[dl] = '/';
	memcpy(p + dl + 1, name, nl + 1);
	return p;
}

static const char *dir_of(struct arena *ar, const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? arena_strndup(ar, path, (size_t)(slash - path)) : ".";
}

/* INCLUDE file: the file's tokens come next. Looked up as written, then beside the
 * including script, then in -L directories and SEARCH_DIRs. */
static void include(struct parser *P, const struct tok *at)
{
	struct tok t = lex(P, LX_WILD);
	if (t.kind != T_NAME && t.kind != T_STR)
		expected(P, &t, "file name");
	consume(P, &t);
	const char *name = tok_str(P, &t);
	if (P->src->depth >= 16)
		fail_at(P, at, "INCLUDE nested too deeply: %s", name);
	char *text = NULL;
	size_t len = 0;
	const char *path = name;
	int ok = read_whole(path, P->ar, &text, &len) == 0;
	if (!ok && name[0] != '/') {
		path = join_path(P->ar, dir_of(P->ar, P->src->name), name);
		ok = read_whole(path, P->ar, &text, &len) == 0;
		if (P->ctx && P->ctx->opt)
			for (uint32_t i = 0; !ok && i < P->ctx->opt->lib_dirs.len; i++) {
				path = join_path(P->ar, P->ctx->opt->lib_dirs.v[i], name);
				ok = read_whole(path, P->ar, &text, &len) == 0;
			}
		for (struct ls_name *d = P->s->search_dirs; !ok && d; d = d->next) {
			path = join_path(P->ar, d->name, name);
			ok = read_whole(path, P->ar, &text, &len) == 0;
		}
	}
	if (!ok)
		fail_at(P, &t, "cannot find linker script %s", name);
	struct src *s = new_src(P, path, text, len);
	s->prev = P->src;
	s->depth = P->src->depth + 1;
	P->src = s;
}

/* ---- expressions */

static struct ls_expr *new_expr(struct parser *P, enum ls_expr_kind k, uint32_t line)
{
	struct ls_expr *e = arena_alloc(P->ar, sizeof(*e));
	e->kind = k;
	e->line = line;
	return e;
}

static struct ls_expr *expr(struct parser *P);

struct func { const char *name; enum ls_expr_kind kind; const char *args; };
/* args: e expression, s output section name, r region name, y symbol, g segment name */
static const struct func funcs[] = {
	{ "ABSOLUTE", LS_E_ABSOLUTE, "e" },
	{ "ADDR", LS_E_ADDR, "s" },
	{ "ALIGN", LS_E_ALIGN, "e?e" },
	{ "ALIGNOF", LS_E_ALIGNOF, "s" },
	{ "BLOCK", LS_E_BLOCK, "e" },
	{ "DATA_SEGMENT_ALIGN", LS_E_DSA, "ee" },
	{ "DATA_SEGMENT_END", LS_E_DSE, "e" },
	{ "DATA_SEGMENT_RELRO_END", LS_E_DSRE, "ee" },
	{ "DEFINED", LS_E_DEFINED, "y" },
	{ "LENGTH", LS_E_LENGTH, "r" },
	{ "LOADADDR", LS_E_LOADADDR, "s" },
	{ "LOG2CEIL", LS_E_LOG2CEIL, "e" },
	{ "MAX", LS_E_MAX, "ee" },
	{ "MIN", LS_E_MIN, "ee" },
	{ "NEXT", LS_E_NEXT, "e" },
	{ "ORIGIN", LS_E_ORIGIN, "r" },
	{ "SEGMENT_START", LS_E_SEGMENT_START, "ge" },
	{ "SIZEOF", LS_E_SIZEOF, "s" },
};

static struct ls_expr *call(struct parser *P, const struct func *f, uint32_t line)
{
	struct ls_expr *e = new_expr(P, f->kind, line);
	expect(P, LX_EXPR, "(");
	struct ls_expr **slot[2] = { &e->a, &e->b };
	int nexpr = 0;
	for (const char *a = f->args; *a; a++) {
		if (*a == '?') {
			/* An optional further argument: ALIGN(a) or ALIGN(a, b). */
			if (!peek_op(P, LX_EXPR, ","))
				break;
			a++;
		}
		if (a != f->args)
			expect(P, LX_EXPR, ",");
		switch (*a) {
		case 'e':
			*slot[nexpr++] = expr(P);
			break;
		case 's':
			e->name = expect_name(P, LX_SCRIPT, "section name");
			break;
		case 'r':
			e->name = expect_name(P, LX_SCRIPT, "memory region name");
			break;
		case 'y':
			e->name = expect_name(P, LX_EXPR, "symbol name");
			break;
		case 'g':
			e->name = expect_name(P, LX_WILD, "segment name");
			break;
		}
	}
	expect(P, LX_EXPR, ")");
	return e;
}

static struct ls_expr *unary(struct parser *P);

static struct ls_expr *primary(struct parser *P)
{
	struct tok t = lex(P, LX_EXPR);
	uint32_t line = t.line;
	if (t.kind == T_NUM) {
		consume(P, &t);
		struct ls_expr *e = new_expr(P, LS_E_NUM, line);
		e->num = t.num;
		if (t.len > 2 && t.p[0] == '0' && (t.p[1] == 'x' || t.p[1] == 'X')) {
			size_t k = 2;
			while (k < t.len && ((t.p[k] >= '0' && t.p[k] <= '9') || ((t.p[k] | 0x20) >= 'a' && (t.p[k] | 0x20) <= 'f')))
				k++;
			if (k == t.len)
				e->hex_digits = (uint32_t)(t.len - 2);
		}
		return e;
	}
	if (is_op(&t, "(")) {
		consume(P, &t);
		struct ls_expr *e = expr(P);
		expect(P, LX_EXPR, ")");
		return e;
	}
	if (t.kind == T_STR) {
		consume(P, &t);
		struct ls_expr *e = new_expr(P, LS_E_SYM, line);
		e->name = tok_str(P, &t);
		return e;
	}
	if (t.kind != T_NAME)
		expected(P, &t, "expression");
	consume(P, &t);
	if (t.len == 1 && t.p[0] == '.')
		return new_expr(P, LS_E_DOT, line);
	if (is_kw(&t, "SIZEOF_HEADERS") || is_kw(&t, "sizeof_headers"))
		return new_expr(P, LS_E_SIZEOF_HEADERS, line);
	if (peek_op(P, LX_EXPR, "(")) {
		if (is_kw(&t, "CONSTANT")) {
			expect(P, LX_EXPR, "(");
			struct tok c = next(P, LX_EXPR);
			struct ls_expr *e;
			if (is_kw(&c, "MAXPAGESIZE"))
				e = new_expr(P, LS_E_MAXPAGESIZE, line);
			else if (is_kw(&c, "COMMONPAGESIZE"))
				e = new_expr(P, LS_E_COMMONPAGESIZE, line);
			else
				expected(P, &c, "MAXPAGESIZE or COMMONPAGESIZE");
			expect(P, LX_EXPR, ")");
			return e;
		}
		for (size_t i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++)
			if (is_kw(&t, funcs[i].name))
				return call(P, &funcs[i], line);
		fail_at(P, &t, "unknown function %.*s", (int)(t.len > 40 ? 40 : t.len), t.p);
	}
	struct ls_expr *e = new_expr(P, LS_E_SYM, line);
	e->name = tok_str(P, &t);
	return e;
}

static struct ls_expr *unary(struct parser *P)
{
	struct tok t = lex(P, LX_EXPR);
	enum ls_expr_kind k = 0;
	if (is_op(&t, "-"))
		k = LS_E_NEG;
	else if (is_op(&t, "!"))
		k = LS_E_NOT;
	else if (is_op(&t, "~"))
		k = LS_E_BITNOT;
	else if (!is_op(&t, "+"))
		return primary(P);
	consume(P, &t);
	if (++P->depth > 200)
		fail_at(P, &t, "expression nested too deeply");
	struct ls_expr *a = unary(P);
	P->depth--;
	if (!k)
		return a;
	struct ls_expr *e = new_expr(P, k, t.line);
	e->a = a;
	return e;
}

/* Binary operators, C's precedence as GNU's grammar (ldgram.y) has it. */
static const struct binop { const char *op; enum ls_expr_kind kind; int prec; } binops[] = {
	{ "||", LS_E_OROR, 1 }, { "&&", LS_E_ANDAND, 2 }, { "|", LS_E_OR, 3 }, { "^", LS_E_XOR, 4 },
	{ "&", LS_E_AND, 5 }, { "==", LS_E_EQ, 6 }, { "!=", LS_E_NE, 6 }, { "<", LS_E_LT, 7 },
	{ "<=", LS_E_LE, 7 }, { ">", LS_E_GT, 7 }, { ">=", LS_E_GE, 7 }, { "<<", LS_E_SHL, 8 },
	{ ">>", LS_E_SHR, 8 }, { "+", LS_E_ADD, 9 }, { "-", LS_E_SUB, 9 }, { "*", LS_E_MUL, 10 },
	{ "/", LS_E_DIV, 10 }, { "%", LS_E_MOD, 10 },
};

static const struct binop *find_binop(const struct tok *t)
{
	if (t->kind != T_OP)
		return NULL;
	for (size_t i = 0; i < sizeof(binops) / sizeof(binops[0]); i++)
		if (is_op(t, binops[i].op))
			return &binops[i];
	return NULL;
}

static struct ls_expr *binary(struct parser *P, int min_prec)
{
	struct ls_expr *lhs = unary(P);
	for (;;) {
		struct tok t = lex(P, LX_EXPR);
		const struct binop *b = find_binop(&t);
		if (!b || b->prec < min_prec)
			return lhs;
		consume(P, &t);
		if (++P->depth > 200)
			fail_at(P, &t, "expression nested too deeply");
		struct ls_expr *rhs = binary(P, b->prec + 1);
		P->depth--;
		struct ls_expr *e = new_expr(P, b->kind, t.line);
		e->a = lhs;
		e->b = rhs;
		lhs = e;
	}
}

static struct ls_expr *expr(struct parser *P)
{
	struct tok start = lex(P, LX_EXPR);
	if (++P->depth > 200)
		fail_at(P, &start, "expression nested too deeply");
	struct ls_expr *c = binary(P, 1);
	struct tok t = lex(P, LX_EXPR);
	if (is_op(&t, "?")) {
		consume(P, &t);
		struct ls_expr *e = new_expr(P, LS_E_COND, t.line);
		e->a = c;
		e->b = expr(P);
		expect(P, LX_EXPR, ":");
		e->c = expr(P);
		c = e;
	}
	P->depth--;
	return c;
}

/* ---- statements */

struct list { struct ls_cmd *head, **tail; };

static void list_init(struct list *l)
{
	l->head = NULL;
	l->tail = &l->head;
}

static struct ls_cmd *add_cmd(struct parser *P, struct list *l, enum ls_cmd_kind k, const struct tok *at)
{
	struct ls_cmd *c = arena_alloc(P->ar, sizeof(*c));
	c->kind = k;
	c->file = at->src->name;
	c->line = at->line;
	*l->tail = c;
	l->tail = &c->next;
	return c;
}

static struct ls_name *new_name(struct parser *P, const char *s)
{
	struct ls_name *n = arena_alloc(P->ar, sizeof(*n));
	n->name = s;
	return n;
}

static const char *const assign_ops[] = { "=", "+=", "-=", "*=", "/=", "<<=", ">>=", "&=", "|=" };
static const enum ls_expr_kind assign_kinds[] = { 0, LS_E_ADD, LS_E_SUB, LS_E_MUL, LS_E_DIV,
                                                   LS_E_SHL, LS_E_SHR, LS_E_AND, LS_E_OR };

static int assign_op(const struct tok *t)
{
	for (int i = 0; i < (int)(sizeof(assign_ops) / sizeof(assign_ops[0])); i++)
		if (is_op(t, assign_ops[i]))
			return i;
	return -1;
}

/* Whether the statement here is `name op= ...` (the name lexed in mode m). */
static int at_assignment(struct parser *P, enum lex_mode m)
{
	struct tok t = lex(P, m);
	if (t.kind != T_NAME && t.kind != T_STR)
		return 0;
	struct tok u = peek2(P, m, LX_EXPR);
	return assign_op(&u) >= 0;
}

/* `sym op expr`, the compound forms folded into `sym = sym op expr`. */
static void assignment_body(struct parser *P, enum lex_mode m, struct ls_assign *a, int plain_only)
{
	struct tok t = lex(P, m);
	if (t.kind != T_NAME && t.kind != T_STR)
		expected(P, &t, "symbol name");
	consume(P, &t);
	a->sym = tok_str(P, &t);
	struct tok o = next(P, LX_EXPR);
	int op = assign_op(&o);
	if (op < 0 || (plain_only && op != 0))
		expected(P, &o, plain_only ? "'='" : "assignment operator");
	struct ls_expr *rhs = expr(P);
	if (op == 0) {
		a->expr = rhs;
		return;
	}
	struct ls_expr *self;
	if (strcmp(a->sym, ".") == 0) {
		self = new_expr(P, LS_E_DOT, t.line);
	} else {
		self = new_expr(P, LS_E_SYM, t.line);
		self->name = a->sym;
	}
	a->expr = new_expr(P, assign_kinds[op], o.line);
	a->expr->a = self;
	a->expr->b = rhs;
}

/* A separator after an assignment: ';' (GNU also takes ','). */
static void end_statement(struct parser *P, const char *after)
{
	struct tok t = lex(P, LX_EXPR);
	if (is_op(&t, ";") || is_op(&t, ",")) {
		consume(P, &t);
		return;
	}
	char what[64];
	snprintf(what, sizeof(what), "';' after %s", after);
	expected(P, &t, what);
}

static void optional_semicolon(struct parser *P)
{
	struct tok t = lex(P, LX_EXPR);
	if (is_op(&t, ";"))
		consume(P, &t);
}

/* PROVIDE(...), HIDDEN(...), PROVIDE_HIDDEN(...), or a plain assignment. */
static int try_provide(struct parser *P, struct list *l, enum lex_mode m)
{
	struct tok t = lex(P, m);
	int provide = is_kw(&t, "PROVIDE"), hidden = is_kw(&t, "HIDDEN");
	if (is_kw(&t, "PROVIDE_HIDDEN"))
		provide = hidden = 1;
	if (!provide && !hidden)
		return 0;
	struct tok u = peek2(P, m, LX_EXPR);
	if (!is_op(&u, "("))
		return 0;
	consume(P, &t);
	expect(P, LX_EXPR, "(");
	struct ls_cmd *c = add_cmd(P, l, LS_CMD_ASSIGN, &t);
	assignment_body(P, LX_EXPR, &c->assign, 1);
	c->assign.provide = (uint8_t)provide;
	c->assign.hidden = (uint8_t)hidden;
	expect(P, LX_EXPR, ")");
	optional_semicolon(P);
	return 1;
}

static void assignment(struct parser *P, struct list *l, enum lex_mode m)
{
	struct tok t = lex(P, m);
	struct ls_cmd *c = add_cmd(P, l, LS_CMD_ASSIGN, &t);
	assignment_body(P, m, &c->assign, 0);
	end_statement(P, "assignment");
}

static void assert_cmd(struct parser *P, struct list *l, const struct tok *kw)
{
	struct ls_cmd *c = add_cmd(P, l, LS_CMD_ASSERT, kw);
	expect(P, LX_EXPR, "(");
	c->assert_.expr = expr(P);
	expect(P, LX_EXPR, ",");
	struct tok m = next(P, LX_EXPR);
	if (m.kind != T_STR && m.kind != T_NAME)
		expected(P, &m, "assertion message");
	c->assert_.message = tok_str(P, &m);
	expect(P, LX_EXPR, ")");
	optional_semicolon(P);
}

static void entry_cmd(struct parser *P, struct list *l, const struct tok *kw)
{
	expect(P, LX_EXPR, "(");
	struct ls_cmd *c = add_cmd(P, l, LS_CMD_ENTRY, kw);
	c->name = expect_name(P, LX_WILD, "symbol name");
	P->s->entry = c->name;
	expect(P, LX_EXPR, ")");
	optional_semicolon(P);
}

/* A list of names up to ')', separated by blanks or commas; the '(' is consumed. */
static struct ls_name *name_list(struct parser *P, enum lex_mode m, const char *what)
{
	struct ls_name *head = NULL, **tail = &head;
	for (;;) {
		struct tok t = lex(P, m);
		if (is_op(&t, ")")) {
			consume(P, &t);
			return head;
		}
		if (is_op(&t, ",")) {
			consume(P, &t);
			continue;
		}
		if (t.kind != T_NAME && t.kind != T_STR)
			expected(P, &t, what);
		consume(P, &t);
		*tail = new_name(P, tok_str(P, &t));
		tail = &(*tail)->next;
	}
}

static int sort_kind(const struct tok *t)
{
	if (is_kw(t, "SORT") || is_kw(t, "SORT_BY_NAME"))
		return LS_SORT_BY_NAME;
	if (is_kw(t, "SORT_BY_ALIGNMENT"))
		return LS_SORT_BY_ALIGNMENT;
	if (is_kw(t, "SORT_BY_INIT_PRIORITY"))
		return LS_SORT_BY_INIT_PRIORITY;
	if (is_kw(t, "SORT_NONE"))
		return LS_SORT_NONE;
	return 0;
}

/* One or more section patterns, maybe each with EXCLUDE_FILE, all sorted by (sort,
 * sort2); appended at *tail. Stops before ')'. */
static void sec_patterns(struct parser *P, struct ls_secpat ***tail, uint8_t sort, uint8_t sort2, int nested)
{
	struct ls_name *excl = NULL;
	for (;;) {
		struct tok t = lex(P, LX_WILD);
		if (is_op(&t, ")")) {
			if (excl)
				expected(P, &t, "section pattern");
			return;
		}
		if (is_op(&t, ",")) {
			consume(P, &t);
			continue;
		}
		if (t.kind != T_NAME && t.kind != T_STR)
			expected(P, &t, "section pattern");
		struct tok u = peek2(P, LX_WILD, LX_WILD);
		if (is_kw(&t, "EXCLUDE_FILE") && is_op(&u, "(")) {
			consume(P, &t);
			expect(P, LX_WILD, "(");
			excl = name_list(P, LX_WILD, "file pattern");
			continue;
		}
		int k = sort_kind(&t);
		if (k && is_op(&u, "(")) {
			if (nested >= 2)
				fail_at(P, &t, "SORT nested too deeply");
			consume(P, &t);
			expect(P, LX_WILD, "(");
			if (nested == 0)
				sec_patterns(P, tail, (uint8_t)k, 0, 1);
			else
				sec_patterns(P, tail, sort, (uint8_t)k, 2);
			expect(P, LX_WILD, ")");
			continue;
		}
		consume(P, &t);
		struct ls_secpat *sp = arena_alloc(P->ar, sizeof(*sp));
		sp->pattern = tok_str(P, &t);
		sp->exclude_files = excl;
		sp->sort = sort;
		sp->sort2 = sort2;
		excl = NULL;
		**tail = sp;
		*tail = &sp->next;
	}
}

/* [EXCLUDE_FILE(...)] filepattern [(sections)] or SORT(filepattern)(sections). */
static void input_desc(struct parser *P, struct ls_input_desc *d)
{
	struct tok t = lex(P, LX_WILD);
	struct tok u = peek2(P, LX_WILD, LX_WILD);
	if (is_kw(&t, "EXCLUDE_FILE") && is_op(&u, "(")) {
		consume(P, &t);
		expect(P, LX_WILD, "(");
		d->exclude_files = name_list(P, LX_WILD, "file pattern");
		t = lex(P, LX_WILD);
		u = peek2(P, LX_WILD, LX_WILD);
	}
	int k = sort_kind(&t);
	if (k && is_op(&u, "(")) {
		consume(P, &t);
		expect(P, LX_WILD, "(");
		d->file_sort = (uint8_t)k;
		d->file_pattern = expect_name(P, LX_WILD, "file pattern");
		expect(P, LX_WILD, ")");
	} else {
		if (t.kind != T_NAME && t.kind != T_STR)
			expected(P, &t, "input section description");
		consume(P, &t);
		d->file_pattern = tok_str(P, &t);
	}
	if (peek_op(P, LX_WILD, "(")) {
		expect(P, LX_WILD, "(");
		struct ls_secpat **tail = &d->sections;
		sec_patterns(P, &tail, 0, 0, 0);
		expect(P, LX_WILD, ")");
		if (!d->sections) {
			struct ls_secpat *sp = arena_alloc(P->ar, sizeof(*sp));
			sp->pattern = "";
			d->sections = sp;     /* `foo.o()`: no section at all */
		}
	}
}

static void osec_body(struct parser *P, struct list *l);

/* After an output section's '}': [>region] [AT>region] [:phdr ...] [=fill] [,] */
static void osec_trailer(struct parser *P, const char **region, const char **lma_region,
                         struct ls_name **phdrs, struct ls_expr **fill)
{
	struct ls_name **ptail = phdrs;
	for (;;) {
		struct tok t = lex(P, LX_SCRIPT);
		if (is_op(&t, ">") && region) {
			consume(P, &t);
			*region = expect_name(P, LX_SCRIPT, "memory region name");
		} else if (is_kw(&t, "AT") && lma_region) {
			struct tok u = peek2(P, LX_SCRIPT, LX_SCRIPT);
			if (!is_op(&u, ">"))
				break;
			consume(P, &t);
			expect(P, LX_SCRIPT, ">");
			*lma_region = expect_name(P, LX_SCRIPT, "memory region name");
		} else if (is_op(&t, ":")) {
			consume(P, &t);
			*ptail = new_name(P, expect_name(P, LX_SCRIPT, "program header name"));
			ptail = &(*ptail)->next;
		} else if (is_op(&t, "=")) {
			consume(P, &t);
			*fill = expr(P);
		} else {
			break;
		}
	}
	struct tok t = lex(P, LX_SCRIPT);
	if (is_op(&t, ","))
		consume(P, &t);
}

static const struct { const char *name; enum ls_osec_type type; } osec_types[] = {
	{ "NOLOAD", LS_TYPE_NOLOAD }, { "COPY", LS_TYPE_COPY }, { "INFO", LS_TYPE_INFO },
	{ "DSECT", LS_TYPE_DSECT }, { "OVERLAY", LS_TYPE_OVERLAY }, { "READONLY", LS_TYPE_READONLY },
};

/* `(TYPE)` here: returns the type + 1 and consumes it, else 0. */
static int osec_type(struct parser *P)
{
	struct mark k = mark(P);
	struct tok t = lex(P, LX_EXPR);
	if (!is_op(&t, "("))
		return 0;
	consume(P, &t);
	struct tok n = lex(P, LX_EXPR);
	for (size_t i = 0; i < sizeof(osec_types) / sizeof(osec_types[0]); i++)
		if (is_kw(&n, osec_types[i].name)) {
			consume(P, &n);
			expect(P, LX_EXPR, ")");
			return (int)osec_types[i].type + 1;
		}
	reset(P, k);
	return 0;
}

/* name [addr] [(type)] : [AT(lma)] [ALIGN(a)] [SUBALIGN(a)] [constraint] { ... } trailer */
static void output_section(struct parser *P, struct list *l)
{
	struct tok t = next(P, LX_SCRIPT);
	struct ls_cmd *c = add_cmd(P, l, LS_CMD_OSEC, &t);
	struct ls_osec *o = &c->osec;
	o->name = tok_str(P, &t);
	o->discard = strcmp(o->name, "/DISCARD/") == 0;
	int type = osec_type(P);
	struct tok after = lex(P, LX_EXPR);
	if (is_op(&after, "{"))
		expected(P, &after, "':' after output section name");
	if (!type && !is_op(&after, ":")) {
		o->addr = expr(P);
		type = osec_type(P);
	}
	if (type)
		o->type = (uint8_t)(type - 1);
	o->noload = o->type == LS_TYPE_NOLOAD;
	struct tok colon = lex(P, LX_EXPR);
	if (!is_op(&colon, ":"))
		expected(P, &colon, "':' after output section name");
	consume(P, &colon);
	for (;;) {
		struct tok k = lex(P, LX_SCRIPT);
		if (is_kw(&k, "AT")) {
			consume(P, &k);
			expect(P, LX_EXPR, "(");
			o->at = expr(P);
			expect(P, LX_EXPR, ")");
		} else if (is_kw(&k, "ALIGN")) {
			consume(P, &k);
			expect(P, LX_EXPR, "(");
			o->align = expr(P);
			expect(P, LX_EXPR, ")");
		} else if (is_kw(&k, "ALIGN_WITH_INPUT")) {
			consume(P, &k);
			o->align_with_input = 1;
		} else if (is_kw(&k, "SUBALIGN")) {
			consume(P, &k);
			expect(P, LX_EXPR, "(");
			o->subalign = expr(P);
			expect(P, LX_EXPR, ")");
		} else if (is_kw(&k, "ONLY_IF_RO")) {
			consume(P, &k);
			o->constraint = LS_ONLY_IF_RO;
		} else if (is_kw(&k, "ONLY_IF_RW")) {
			consume(P, &k);
			o->constraint = LS_ONLY_IF_RW;
		} else if (is_kw(&k, "SPECIAL")) {
			consume(P, &k);
		} else {
			break;
		}
	}
	struct tok b = lex(P, LX_EXPR);
	if (!is_op(&b, "{"))
		expected(P, &b, "'{'");
	consume(P, &b);
	struct list body;
	list_init(&body);
	osec_body(P, &body);
	o->body = body.head;
	osec_trailer(P, &o->region, &o->lma_region, &o->phdrs, &o->fill);
}

/* OVERLAY [start] : [NOCROSSREFS] [AT(lma)] { name { ... } [:phdr] [=fill] ... } trailer */
static void overlay(struct parser *P, struct list *l, const struct tok *kw)
{
	struct ls_cmd *c = add_cmd(P, l, LS_CMD_OVERLAY, kw);
	struct ls_overlay *ov = &c->overlay;
	if (!peek_op(P, LX_EXPR, ":"))
		ov->start = expr(P);
	expect(P, LX_EXPR, ":");
	for (;;) {
		struct tok k = lex(P, LX_SCRIPT);
		if (is_kw(&k, "NOCROSSREFS")) {
			consume(P, &k);
			ov->nocrossrefs = 1;
		} else if (is_kw(&k, "AT")) {
			consume(P, &k);
			expect(P, LX_EXPR, "(");
			ov->at = expr(P);
			expect(P, LX_EXPR, ")");
		} else {
			break;
		}
	}
	expect(P, LX_EXPR, "{");
	struct list secs;
	list_init(&secs);
	for (;;) {
		struct tok t = lex(P, LX_SCRIPT);
		if (is_op(&t, "}")) {
			consume(P, &t);
			break;
		}
		if (t.kind != T_NAME && t.kind != T_STR)
			expected(P, &t, "overlay section name");
		consume(P, &t);
		struct ls_cmd *s = add_cmd(P, &secs, LS_CMD_OSEC, &t);
		s->osec.name = tok_str(P, &t);
		s->osec.discard = strcmp(s->osec.name, "/DISCARD/") == 0;
		expect(P, LX_EXPR, "{");
		struct list body;
		list_init(&body);
		osec_body(P, &body);
		s->osec.body = body.head;
		osec_trailer(P, NULL, NULL, &s->osec.phdrs, &s->osec.fill);
	}
	ov->sections = secs.head;
	osec_trailer(P, &ov->region, &ov->lma_region, &ov->phdrs, &ov->fill);
}

static const struct { const char *name; uint8_t size, is_signed; } data_kws[] = {
	{ "BYTE", 1, 0 }, { "SHORT", 2, 0 }, { "LONG", 4, 0 }, { "QUAD", 8, 0 }, { "SQUAD", 8, 1 },
};

/* The contents of an output section, up to and including its '}'. */
static void osec_body(struct parser *P, struct list *l)
{
	for (;;) {
		struct tok t = lex(P, LX_WILD);
		if (is_op(&t, "}")) {
			consume(P, &t);
			return;
		}
		if (is_op(&t, ";")) {
			consume(P, &t);
			continue;
		}
		if (t.kind != T_NAME && t.kind != T_STR)
			expected(P, &t, "input section description or '}'");
		struct tok u = peek2(P, LX_WILD, LX_EXPR);
		int paren = is_op(&u, "(");
		if (t.kind == T_NAME && paren) {
			size_t i;
			for (i = 0; i < sizeof(data_kws) / sizeof(data_kws[0]); i++)
				if (is_kw(&t, data_kws[i].name))
					break;
			if (i < sizeof(data_kws) / sizeof(data_kws[0])) {
				consume(P, &t);
				struct ls_cmd *c = add_cmd(P, l, LS_CMD_DATA, &t);
				c->data.size = data_kws[i].size;
				c->data.is_signed = data_kws[i].is_signed;
				expect(P, LX_EXPR, "(");
				c->data.expr = expr(P);
				expect(P, LX_EXPR, ")");
				optional_semicolon(P);
				continue;
			}
			if (is_kw(&t, "FILL")) {
				consume(P, &t);
				struct ls_cmd *c = add_cmd(P, l, LS_CMD_FILL, &t);
				expect(P, LX_EXPR, "(");
				c->expr = expr(P);
				expect(P, LX_EXPR, ")");
				optional_semicolon(P);
				continue;
			}
			if (is_kw(&t, "ASSERT")) {
				consume(P, &t);
				assert_cmd(P, l, &t);
				continue;
			}
			if (try_provide(P, l, LX_WILD))
				continue;
			if (is_kw(&t, "KEEP")) {
				consume(P, &t);
				expect(P, LX_WILD, "(");
				struct ls_cmd *c = add_cmd(P, l, LS_CMD_INPUT_DESC, &t);
				c->input.keep = 1;
				input_desc(P, &c->input);
				expect(P, LX_WILD, ")");
				continue;
			}
			if (is_kw(&t, "INPUT_SECTION_FLAGS")) {
				/* Flag filters are accepted and not applied. */
				consume(P, &t);
				expect(P, LX_WILD, "(");
				int depth = 1;
				while (depth) {
					struct tok f = next(P, LX_WILD);
					if (f.kind == T_EOF)
						expected(P, &f, "')'");
					depth += is_op(&f, "(") - is_op(&f, ")");
				}
				continue;
			}
		}
		if (is_kw(&t, "INCLUDE")) {
			consume(P, &t);
			include(P, &t);
			continue;
		}
		if (is_kw(&t, "CONSTRUCTORS") || is_kw(&t, "CREATE_OBJECT_SYMBOLS")) {
			consume(P, &t);
			add_cmd(P, l, is_kw(&t, "CONSTRUCTORS") ? LS_CMD_CONSTRUCTORS : LS_CMD_CREATE_OBJECT_SYMBOLS, &t);
			optional_semicolon(P);
			continue;
		}
		if (assign_op(&u) >= 0) {
			assignment(P, l, LX_WILD);
			continue;
		}
		struct ls_cmd *c = add_cmd(P, l, LS_CMD_INPUT_DESC, &t);
		input_desc(P, &c->input);
	}
}

/* The statements of SECTIONS { ... }, up to and including its '}'. */
static void sections_body(struct parser *P, struct list *l)
{
	for (;;) {
		struct tok t = lex(P, LX_SCRIPT);
		if (is_op(&t, "}")) {
			consume(P, &t);
			return;
		}
		if (is_op(&t, ";")) {
			consume(P, &t);
			continue;
		}
		if (t.kind != T_NAME && t.kind != T_STR)
			expected(P, &t, "output section description or '}'");
		if (t.kind == T_NAME) {
			if (is_kw(&t, "INCLUDE")) {
				consume(P, &t);
				include(P, &t);
				continue;
			}
			struct tok u = peek2(P, LX_SCRIPT, LX_EXPR);
			if (is_kw(&t, "ENTRY") && is_op(&u, "(")) {
				consume(P, &t);
				entry_cmd(P, l, &t);
				continue;
			}
			if (is_kw(&t, "ASSERT") && is_op(&u, "(")) {
				consume(P, &t);
				assert_cmd(P, l, &t);
				continue;
			}
			if (try_provide(P, l, LX_SCRIPT))
				continue;
			if (is_kw(&t, "OVERLAY") && !is_op(&u, "=")) {
				consume(P, &t);
				overlay(P, l, &t);
				continue;
			}
		}
		if (at_assignment(P, LX_SCRIPT))
			assignment(P, l, LX_SCRIPT);
		else
			output_section(P, l);
	}
}

/* MEMORY { name [(attrs)] : ORIGIN = e, LENGTH = e ... } */
static void memory(struct parser *P)
{
	struct ls_region **tail = &P->s->regions;
	while (*tail)
		tail = &(*tail)->next;
	expect(P, LX_EXPR, "{");
	for (;;) {
		struct tok t = lex(P, LX_SCRIPT);
		if (is_op(&t, "}")) {
			consume(P, &t);
			return;
		}
		if (is_op(&t, ",") || is_op(&t, ";")) {
			consume(P, &t);
			continue;
		}
		if (is_kw(&t, "INCLUDE")) {
			consume(P, &t);
			include(P, &t);
			continue;
		}
		if (t.kind != T_NAME && t.kind != T_STR)
			expected(P, &t, "memory region name or '}'");
		consume(P, &t);
		struct ls_region *r = arena_alloc(P->ar, sizeof(*r));
		r->name = tok_str(P, &t);
		r->file = t.src->name;
		r->line = t.line;
		struct tok a = lex(P, LX_EXPR);
		if (is_op(&a, "(")) {
			consume(P, &a);
			/* The attribute letters, read as raw text: "rwx", "!rx", "RXAI!W". */
			struct src *s = P->src;
			int inverted = 0;
			for (;;) {
				skip_space(P);
				s = P->src;
				struct tok at = { .kind = T_BAD, .p = s->text + s->pos, .len = 1, .line = s->line,
				                  .col = (uint32_t)(s->pos - s->line_start + 1),
				                  .line_start = s->line_start, .src = s };
				if (s->pos >= s->len) {
					at.kind = T_EOF;
					expected(P, &at, "')'");
				}
				char ch = s->text[s->pos];
				if (ch == ')') {
					s->pos++;
					break;
				}
				uint32_t bit = 0;
				switch (ch) {
				case 'r': case 'R': bit = LS_MEM_R; break;
				case 'w': case 'W': bit = LS_MEM_W; break;
				case 'x': case 'X': bit = LS_MEM_X; break;
				case 'a': case 'A': bit = LS_MEM_A; break;
				case 'i': case 'I': case 'l': case 'L': bit = LS_MEM_I; break;
				case '!': inverted = 1; break;
				default: fail_at(P, &at, "invalid memory region attribute '%c'", ch);
				}
				if (inverted)
					r->not_flags |= bit;
				else
					r->flags |= bit;
				s->pos++;
			}
		}
		struct tok colon = lex(P, LX_EXPR);
		if (!is_op(&colon, ":"))
			expected(P, &colon, "':' after memory region name");
		consume(P, &colon);
		struct tok o = next(P, LX_EXPR);
		if (!is_kw(&o, "ORIGIN") && !is_kw(&o, "org") && !is_kw(&o, "o"))
			expected(P, &o, "ORIGIN");
		expect(P, LX_EXPR, "=");
		r->origin = expr(P);
		if (peek_op(P, LX_EXPR, ","))
			expect(P, LX_EXPR, ",");
		struct tok n = next(P, LX_EXPR);
		if (!is_kw(&n, "LENGTH") && !is_kw(&n, "len") && !is_kw(&n, "l"))
			expected(P, &n, "LENGTH");
		expect(P, LX_EXPR, "=");
		r->length = expr(P);
		*tail = r;
		tail = &r->next;
	}
}

static const struct { const char *name; uint32_t type; } pt_names[] = {
	{ "PT_NULL", 0 }, { "PT_LOAD", 1 }, { "PT_DYNAMIC", 2 }, { "PT_INTERP", 3 }, { "PT_NOTE", 4 },
	{ "PT_SHLIB", 5 }, { "PT_PHDR", 6 }, { "PT_TLS", 7 }, { "PT_GNU_EH_FRAME", 0x6474e550 },
	{ "PT_GNU_STACK", 0x6474e551 }, { "PT_GNU_RELRO", 0x6474e552 }, { "PT_GNU_PROPERTY", 0x6474e553 },
};

/* PHDRS { name TYPE [FILEHDR] [PHDRS] [AT(e)] [FLAGS(e)] ; ... } */
static void phdrs(struct parser *P)
{
	struct ls_phdr **tail = &P->s->phdrs;
	while (*tail)
		tail = &(*tail)->next;
	expect(P, LX_EXPR, "{");
	for (;;) {
		struct tok t = lex(P, LX_SCRIPT);
		if (is_op(&t, "}")) {
			consume(P, &t);
			return;
		}
		if (is_kw(&t, "INCLUDE")) {
			consume(P, &t);
			include(P, &t);
			continue;
		}
		if (t.kind != T_NAME && t.kind != T_STR)
			expected(P, &t, "program header name or '}'");
		consume(P, &t);
		struct ls_phdr *ph = arena_alloc(P->ar, sizeof(*ph));
		ph->name = tok_str(P, &t);
		ph->file = t.src->name;
		ph->line = t.line;
		struct tok ty = lex(P, LX_EXPR);
		size_t i;
		for (i = 0; i < sizeof(pt_names) / sizeof(pt_names[0]); i++)
			if (is_kw(&ty, pt_names[i].name))
				break;
		if (i < sizeof(pt_names) / sizeof(pt_names[0])) {
			consume(P, &ty);
			ph->p_type = pt_names[i].type;
		} else if (ty.kind == T_NUM || is_op(&ty, "(")) {
			struct ls_expr *e = expr(P);
			uint64_t v;
			if (ls_eval_const(P->ctx, t.src->name, e, &v) != 0)
				longjmp(P->fail, 1);
			ph->p_type = (uint32_t)v;
		} else {
			expected(P, &ty, "program header type");
		}
		for (;;) {
			struct tok k = lex(P, LX_EXPR);
			if (is_kw(&k, "FILEHDR")) {
				consume(P, &k);
				ph->filehdr = 1;
			} else if (is_kw(&k, "PHDRS")) {
				consume(P, &k);
				ph->phdrs = 1;
			} else if (is_kw(&k, "AT") || is_kw(&k, "FLAGS")) {
				consume(P, &k);
				expect(P, LX_EXPR, "(");
				*(is_kw(&k, "AT") ? &ph->at : &ph->flags) = expr(P);
				expect(P, LX_EXPR, ")");
			} else {
				break;
			}
		}
		end_statement(P, "program header");
		*tail = ph;
		tail = &ph->next;
	}
}

/* INPUT/GROUP file lists, with AS_NEEDED(...) and -lNAME. The '(' is consumed. */
static struct ls_file_arg *file_list(struct parser *P, int as_needed)
{
	struct ls_file_arg *head = NULL, **tail = &head;
	for (;;) {
		struct tok t = lex(P, LX_WILD);
		if (is_op(&t, ")")) {
			consume(P, &t);
			return head;
		}
		if (is_op(&t, ",")) {
			consume(P, &t);
			continue;
		}
		if (t.kind != T_NAME && t.kind != T_STR)
			expected(P, &t, "file name");
		consume(P, &t);
		if (is_kw(&t, "AS_NEEDED") && peek_op(P, LX_WILD, "(")) {
			expect(P, LX_WILD, "(");
			*tail = file_list(P, 1);
			while (*tail)
				tail = &(*tail)->next;
			continue;
		}
		struct ls_file_arg *f = arena_alloc(P->ar, sizeof(*f));
		f->as_needed = (uint8_t)as_needed;
		if (t.kind == T_NAME && t.len > 2 && t.p[0] == '-' && t.p[1] == 'l') {
			f->is_lib = 1;
			f->name = arena_strndup(P->ar, t.p + 2, t.len - 2);
		} else {
			f->name = tok_str(P, &t);
		}
		*tail = f;
		tail = &f->next;
	}
}

static void top_level(struct parser *P, struct list *l)
{
	struct ls_name **dirs = &P->s->search_dirs, **externs = &P->s->externs;
	for (;;) {
		struct tok t = lex(P, LX_EXPR);
		if (t.kind == T_EOF)
			return;
		if (is_op(&t, ";")) {
			consume(P, &t);
			continue;
		}
		if (t.kind != T_NAME && t.kind != T_STR)
			expected(P, &t, "command");
		if (is_kw(&t, "INCLUDE")) {
			consume(P, &t);
			include(P, &t);
			continue;
		}
		if (try_provide(P, l, LX_EXPR))
			continue;
		if (at_assignment(P, LX_EXPR)) {
			assignment(P, l, LX_EXPR);
			continue;
		}
		consume(P, &t);
		if (is_kw(&t, "SECTIONS")) {
			expect(P, LX_EXPR, "{");
			struct ls_cmd *c = add_cmd(P, l, LS_CMD_SECTIONS, &t);
			struct list body;
			list_init(&body);
			sections_body(P, &body);
			c->body = body.head;
			P->s->has_sections = 1;
		} else if (is_kw(&t, "MEMORY")) {
			memory(P);
		} else if (is_kw(&t, "PHDRS")) {
			phdrs(P);
		} else if (is_kw(&t, "ENTRY")) {
			entry_cmd(P, l, &t);
		} else if (is_kw(&t, "ASSERT")) {
			assert_cmd(P, l, &t);
		} else if (is_kw(&t, "OUTPUT_ARCH") || is_kw(&t, "OUTPUT") || is_kw(&t, "TARGET")
		           || is_kw(&t, "SEARCH_DIR") || is_kw(&t, "STARTUP") || is_kw(&t, "LD_FEATURE")) {
			expect(P, LX_EXPR, "(");
			const char *name = expect_name(P, LX_WILD, "name");
			expect(P, LX_WILD, ")");
			if (is_kw(&t, "OUTPUT_ARCH")) {
				P->s->output_arch = name;
			} else if (is_kw(&t, "OUTPUT")) {
				P->s->output = name;
			} else if (is_kw(&t, "SEARCH_DIR")) {
				*dirs = new_name(P, name);
				dirs = &(*dirs)->next;
			} else if (is_kw(&t, "STARTUP")) {
				struct ls_cmd *c = add_cmd(P, l, LS_CMD_INPUT, &t);
				c->files = arena_alloc(P->ar, sizeof(*c->files));
				c->files->name = name;
			}
			optional_semicolon(P);
		} else if (is_kw(&t, "OUTPUT_FORMAT")) {
			expect(P, LX_EXPR, "(");
			P->s->output_format[0] = expect_name(P, LX_WILD, "format name");
			P->s->output_format[1] = P->s->output_format[2] = NULL;
			if (peek_op(P, LX_WILD, ",")) {
				for (int i = 1; i < 3; i++) {
					expect(P, LX_WILD, ",");
					P->s->output_format[i] = expect_name(P, LX_WILD, "format name");
				}
			}
			expect(P, LX_WILD, ")");
			optional_semicolon(P);
		} else if (is_kw(&t, "INPUT") || is_kw(&t, "GROUP")) {
			expect(P, LX_EXPR, "(");
			struct ls_cmd *c = add_cmd(P, l, is_kw(&t, "INPUT") ? LS_CMD_INPUT : LS_CMD_GROUP, &t);
			c->files = file_list(P, 0);
			optional_semicolon(P);
		} else if (is_kw(&t, "EXTERN")) {
			expect(P, LX_EXPR, "(");
			*externs = name_list(P, LX_WILD, "symbol name");
			while (*externs)
				externs = &(*externs)->next;
			optional_semicolon(P);
		} else if (is_kw(&t, "NOCROSSREFS") || is_kw(&t, "NOCROSSREFS_TO")) {
			/* Cross-reference checks are not made; the lists are accepted. */
			expect(P, LX_EXPR, "(");
			name_list(P, LX_SCRIPT, "section name");
			optional_semicolon(P);
		} else if (is_kw(&t, "REGION_ALIAS")) {
			expect(P, LX_EXPR, "(");
			struct ls_region *r = arena_alloc(P->ar, sizeof(*r));
			r->name = expect_name(P, LX_SCRIPT, "alias name");
			expect(P, LX_SCRIPT, ",");
			r->alias_of = expect_name(P, LX_SCRIPT, "memory region name");
			expect(P, LX_SCRIPT, ")");
			r->file = t.src->name;
			r->line = t.line;
			struct ls_region **tail = &P->s->regions;
			while (*tail)
				tail = &(*tail)->next;
			*tail = r;
			optional_semicolon(P);
		} else if (is_kw(&t, "INSERT")) {
			struct ls_cmd *c = add_cmd(P, l, LS_CMD_INSERT, &t);
			struct tok w = next(P, LX_EXPR);
			if (!is_kw(&w, "AFTER") && !is_kw(&w, "BEFORE"))
				expected(P, &w, "AFTER or BEFORE");
			c->insert.after = (uint8_t)is_kw(&w, "AFTER");
			c->insert.name = expect_name(P, LX_SCRIPT, "output section name");
			optional_semicolon(P);
		} else if (is_kw(&t, "FORCE_COMMON_ALLOCATION") || is_kw(&t, "INHIBIT_COMMON_ALLOCATION")
		           || is_kw(&t, "FORCE_GROUP_ALLOCATION")) {
			optional_semicolon(P);
		} else {
			char got[64];
			describe(&t, got, sizeof(got));
			fail_at(P, &t, "unknown command %s", got);
		}
	}
}

static struct ls_script *parse(struct ld_ctx *ctx, struct arena *ar, const char *name, const char *text, size_t len)
{
	struct ls_script *s = arena_alloc(ar, sizeof(*s));
	struct parser P = { .ctx = ctx, .ar = ar, .s = s };
	s->path = arena_strndup(ar, name, strlen(name));
	P.src = new_src(&P, s->path, text, len);
	struct list l;
	list_init(&l);
	if (setjmp(P.fail)) {
		arena_free(ar);
		free(ar);
		return NULL;
	}
	top_level(&P, &l);
	s->cmds = l.head;
	s->arena = ar;
	return s;
}

struct ls_script *ls_parse_text(struct ld_ctx *ctx, const char *name, const char *text, size_t len)
{
	struct arena *ar = ld_xrealloc(NULL, sizeof(*ar));
	ar->head = NULL;
	return parse(ctx, ar, name, text, len);
}

struct ls_script *ls_parse_file(struct ld_ctx *ctx, const char *path)
{
	struct arena *ar = ld_xrealloc(NULL, sizeof(*ar));
	ar->head = NULL;
	char *text;
	size_t len;
	if (read_whole(path, ar, &text, &len) != 0) {
		ld_error(ctx, "cannot open linker script %s: %s", path, strerror(errno));
		arena_free(ar);
		free(ar);
		return NULL;
	}
	return parse(ctx, ar, path, text, len);
}

void ls_free(struct ls_script *s)
{
	if (!s)
		return;
	struct arena *ar = s->arena;
	arena_free(ar);
	free(ar);
}

int ls_is_script(const uint8_t *data, size_t size)
{
	if (size >= 4 && memcmp(data, "\177ELF", 4) == 0)
		return 0;
	if (size >= 8 && memcmp(data, "!<arch>\n", 8) == 0)
		return 0;
	return memchr(data, 0, size) == NULL;
}

/* ---- evaluation */

struct ev {
	const struct ls_eval_env *env;
	int depth;
};

static int ev_error(const struct ev *v, const struct ls_expr *e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int ev_error(const struct ev *v, const struct ls_expr *e, const char *fmt, ...)
{
	if (v->env->quiet || !v->env->ctx)
		return -1;
	char what[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	ld_error(v->env->ctx, "%s:%u: %s", v->env->file ? v->env->file : "<script>", e->line, what);
	return -1;
}

static void make_abs(struct ev *v, struct ls_value *x)
{
	if (x->cls == LS_V_REL) {
		struct ls_section_info si;
		if (v->env->section_info && v->env->section_info(v->env->user, x->section, &si))
			x->value += si.vma;
	}
	x->cls = LS_V_ABS;
	x->section = NULL;
}

/* A value relative to the current output section from an absolute address (GNU's
 * new_rel_from_abs): absolute outside output sections. */
static struct ls_value rel_from_abs(const struct ls_eval_env *env, uint64_t addr)
{
	if (env->section)
		return (struct ls_value){ addr - env->section_vma, LS_V_REL, env->section };
	return (struct ls_value){ addr, LS_V_ABS, NULL };
}

static int same_section(const struct ls_value *a, const struct ls_value *b)
{
	if (a->cls != b->cls)
		return 0;
	return a->cls != LS_V_REL || strcmp(a->section, b->section) == 0;
}

static int eval(struct ev *v, const struct ls_expr *e, struct ls_value *out);

static int section_of(struct ev *v, const struct ls_expr *e, struct ls_section_info *si)
{
	if (v->env->section_info && v->env->section_info(v->env->user, e->name, si))
		return 0;
	return ev_error(v, e, "undefined section %s", e->name);
}

static int region_of(struct ev *v, const struct ls_expr *e, uint64_t *origin, uint64_t *length)
{
	const struct ls_eval_env *env = v->env;
	if (env->region) {
		if (env->region(env->user, e->name, origin, length))
			return 0;
		return ev_error(v, e, "memory region not defined: %s", e->name);
	}
	const struct ls_region *r = env->script ? ls_find_region(env->script, e->name) : NULL;
	if (!r)
		return ev_error(v, e, "memory region not defined: %s", e->name);
	struct ls_value o, n;
	if (eval(v, r->origin, &o) || eval(v, r->length, &n))
		return -1;
	make_abs(v, &o);
	make_abs(v, &n);
	*origin = o.value;
	*length = n.value;
	return 0;
}

/* GNU's fold_binary: operands in different sections are both made absolute; a number
 * takes the other operand's section; an operation on two values of one section is a
 * number inside an output section and absolute outside. */
static int eval_binary(struct ev *v, const struct ls_expr *e, struct ls_value *out)
{
	struct ls_value l, r;
	if (e->kind == LS_E_ANDAND || e->kind == LS_E_OROR) {
		if (eval(v, e->a, &l))
			return -1;
		int lv = l.value != 0;
		if ((e->kind == LS_E_ANDAND && !lv) || (e->kind == LS_E_OROR && lv)) {
			*out = (struct ls_value){ (uint64_t)lv, LS_V_NUMBER, NULL };
			return 0;
		}
		if (eval(v, e->b, &r))
			return -1;
		*out = (struct ls_value){ r.value != 0, LS_V_NUMBER, NULL };
		return 0;
	}
	if (eval(v, e->a, &l) || eval(v, e->b, &r))
		return -1;
	if (l.cls != LS_V_NUMBER && r.cls != LS_V_NUMBER && !same_section(&l, &r)) {
		make_abs(v, &l);
		make_abs(v, &r);
	}
	struct ls_value res = r.cls != LS_V_NUMBER ? r : l;   /* the section of the result */
	int same = (l.cls == LS_V_NUMBER) == (r.cls == LS_V_NUMBER);
	uint64_t a = l.value, b = r.value, x = 0;
	int arith = 1;
	switch (e->kind) {
	case LS_E_ADD: x = a + b; break;
	case LS_E_SUB: x = a - b; break;
	case LS_E_MUL: x = a * b; break;
	case LS_E_DIV:
	case LS_E_MOD:
		if (b == 0)
			return ev_error(v, e, "%s by zero", e->kind == LS_E_DIV ? "division" : "modulo");
		x = e->kind == LS_E_DIV ? a / b : a % b;
		break;
	case LS_E_SHL: x = b >= 64 ? 0 : a << b; break;
	case LS_E_SHR: x = b >= 64 ? 0 : a >> b; break;
	case LS_E_AND: x = a & b; break;
	case LS_E_XOR: x = a ^ b; break;
	case LS_E_OR: x = a | b; break;
	case LS_E_LT: case LS_E_LE: case LS_E_GT: case LS_E_GE: case LS_E_EQ: case LS_E_NE:
		x = e->kind == LS_E_LT ? a < b : e->kind == LS_E_LE ? a <= b : e->kind == LS_E_GT ? a > b
		  : e->kind == LS_E_GE ? a >= b : e->kind == LS_E_EQ ? a == b : a != b;
		*out = (struct ls_value){ x, LS_V_NUMBER, NULL };
		return 0;
	case LS_E_MAX: x = a > b ? a : b; arith = 0; break;
	case LS_E_MIN: x = a < b ? a : b; arith = 0; break;
	case LS_E_ALIGN: x = align_up(a, b); arith = 0; break;
	default: return ev_error(v, e, "bad expression");
	}
	res.value = x;
	if (arith && same) {
		/* Both operands numbers, or both in one section (or both absolute). */
		res.cls = v->env->section ? LS_V_NUMBER : LS_V_ABS;
		res.section = NULL;
	}
	*out = res;
	return 0;
}

static int eval(struct ev *v, const struct ls_expr *e, struct ls_value *out)
{
	const struct ls_eval_env *env = v->env;
	if (!e)
		return -1;
	if (v->depth > 400)
		return ev_error(v, e, "expression nested too deeply");
	v->depth++;
	int rc = 0;
	struct ls_value x = { 0, LS_V_NUMBER, NULL };
	struct ls_section_info si;
	switch (e->kind) {
	case LS_E_NUM:
		x.value = e->num;
		break;
	case LS_E_SYM: {
		uint64_t addr;
		const char *sec = NULL;
		if (!env->symbol || !env->symbol(env->user, e->name, &addr, &sec)) {
			rc = ev_error(v, e, "symbol not found: %s", e->name);
			break;
		}
		if (!sec) {
			x = (struct ls_value){ addr, env->section ? LS_V_NUMBER : LS_V_ABS, NULL };
		} else if (env->section && strcmp(sec, env->section) == 0) {
			x = (struct ls_value){ addr - env->section_vma, LS_V_REL, sec };
		} else if (env->section_info && env->section_info(env->user, sec, &si)) {
			x = (struct ls_value){ addr - si.vma, LS_V_REL, sec };
		} else {
			x = (struct ls_value){ addr, LS_V_ABS, NULL };
		}
		break;
	}
	case LS_E_DOT:
		if (!env->dot_valid) {
			rc = ev_error(v, e, "'.' used outside SECTIONS");
			break;
		}
		x = rel_from_abs(env, env->dot);
		break;
	case LS_E_NEG: case LS_E_NOT: case LS_E_BITNOT:
		if ((rc = eval(v, e->a, &x)))
			break;
		x.value = e->kind == LS_E_NEG ? -x.value : e->kind == LS_E_NOT ? !x.value : ~x.value;
		break;
	case LS_E_COND: {
		struct ls_value c;
		if ((rc = eval(v, e->a, &c)))
			break;
		rc = eval(v, c.value ? e->b : e->c, &x);
		break;
	}
	case LS_E_ABSOLUTE:
		if ((rc = eval(v, e->a, &x)))
			break;
		make_abs(v, &x);
		break;
	case LS_E_ADDR:
		if ((rc = section_of(v, e, &si)))
			break;
		x = (struct ls_value){ 0, LS_V_REL, e->name };
		break;
	case LS_E_LOADADDR:
		if ((rc = section_of(v, e, &si)))
			break;
		x = (struct ls_value){ si.lma, LS_V_ABS, NULL };
		break;
	case LS_E_SIZEOF:
	case LS_E_ALIGNOF:
		if ((rc = section_of(v, e, &si)))
			break;
		x.value = e->kind == LS_E_SIZEOF ? si.size : si.align;
		break;
	case LS_E_ALIGN:
	case LS_E_BLOCK:
		if (e->b) {
			rc = eval_binary(v, e, &x);
			break;
		}
		if ((rc = eval(v, e->a, &x)))
			break;
		if (!env->dot_valid) {
			rc = ev_error(v, e, "'.' used outside SECTIONS");
			break;
		}
		x = rel_from_abs(env, align_up(env->dot, x.value));
		break;
	case LS_E_NEXT:
		if ((rc = eval(v, e->a, &x)))
			break;
		if (!env->dot_valid) {
			rc = ev_error(v, e, "'.' used outside SECTIONS");
			break;
		}
		x = (struct ls_value){ align_up(env->dot, x.value), LS_V_ABS, NULL };
		break;
	case LS_E_LOG2CEIL: {
		if ((rc = eval(v, e->a, &x)))
			break;
		uint64_t n = x.value, r = 0;
		while (r < 64 && ((uint64_t)1 << r) < n)
			r++;
		x = (struct ls_value){ r, LS_V_NUMBER, NULL };
		break;
	}
	case LS_E_DSA: {
		struct ls_value maxp, commonp;
		if ((rc = eval(v, e->a, &maxp)) || (rc = eval(v, e->b, &commonp)))
			break;
		if (!env->dot_valid) {
			rc = ev_error(v, e, "'.' used outside SECTIONS");
			break;
		}
		uint64_t val;
		if (env->data_segment_align) {
			if (!env->data_segment_align(env->user, env->dot, maxp.value, commonp.value, &val)) {
				rc = ev_error(v, e, "DATA_SEGMENT_ALIGN cannot be evaluated");
				break;
			}
		} else {
			val = align_up(env->dot, maxp.value) + (maxp.value ? env->dot & (maxp.value - 1) : 0);
		}
		x = rel_from_abs(env, val);
		break;
	}
	case LS_E_DSE:
		rc = eval(v, e->a, &x);
		break;
	case LS_E_DSRE: {
		struct ls_value off;
		if ((rc = eval(v, e->a, &off)))
			break;
		rc = eval(v, e->b, &x);
		break;
	}
	case LS_E_DEFINED: {
		uint64_t addr;
		const char *sec;
		x.value = env->symbol && env->symbol(env->user, e->name, &addr, &sec);
		break;
	}
	case LS_E_ORIGIN:
	case LS_E_LENGTH: {
		uint64_t origin, length;
		if ((rc = region_of(v, e, &origin, &length)))
			break;
		if (e->kind == LS_E_ORIGIN)
			x = rel_from_abs(env, origin);
		else
			x.value = length;
		break;
	}
	case LS_E_SEGMENT_START: {
		uint64_t addr;
		if (env->segment_start && env->segment_start(env->user, e->name, &addr))
			x = rel_from_abs(env, addr);
		else
			rc = eval(v, e->a, &x);
		break;
	}
	case LS_E_SIZEOF_HEADERS:
		x.value = env->sizeof_headers;
		break;
	case LS_E_MAXPAGESIZE:
		x.value = env->max_page_size;
		break;
	case LS_E_COMMONPAGESIZE:
		x.value = env->common_page_size;
		break;
	default:
		rc = eval_binary(v, e, &x);
		break;
	}
	v->depth--;
	if (rc == 0)
		*out = x;
	return rc;
}

int ls_eval(const struct ls_expr *e, const struct ls_eval_env *env, struct ls_value *out)
{
	struct ev v = { env, 0 };
	return eval(&v, e, out);
}

uint64_t ls_value_addr(const struct ls_value *v, const struct ls_eval_env *env)
{
	if (v->cls == LS_V_NUMBER)
		return env->section ? env->section_vma + v->value : v->value;
	if (v->cls == LS_V_ABS)
		return v->value;
	struct ls_section_info si;
	if (env->section && strcmp(v->section, env->section) == 0)
		return env->section_vma + v->value;
	if (env->section_info && env->section_info(env->user, v->section, &si))
		return si.vma + v->value;
	return v->value;
}

const char *ls_value_section(const struct ls_value *v, const struct ls_eval_env *env)
{
	if (v->cls == LS_V_NUMBER)
		return env->section;
	return v->cls == LS_V_REL ? v->section : NULL;
}

int ls_eval_addr(const struct ls_expr *e, const struct ls_eval_env *env, uint64_t *out, int *is_abs)
{
	struct ls_value v;
	if (ls_eval(e, env, &v))
		return -1;
	*out = ls_value_addr(&v, env);
	if (is_abs)
		*is_abs = ls_value_section(&v, env) == NULL;
	return 0;
}

int ls_eval_dot(const struct ls_expr *e, const struct ls_eval_env *env, uint64_t *new_dot)
{
	uint64_t addr;
	if (ls_eval_addr(e, env, &addr, NULL))
		return -1;
	if (env->section && addr < env->dot) {
		if (!env->quiet && env->ctx)
			ld_error(env->ctx, "%s:%u: unable to move location counter backward for: %s "
			         "(from 0x%llx to 0x%llx)", env->file ? env->file : "<script>", e->line,
			         env->section, (unsigned long long)env->dot, (unsigned long long)addr);
		return -1;
	}
	*new_dot = addr;
	return 0;
}

int ls_eval_const(struct ld_ctx *ctx, const char *file, const struct ls_expr *e, uint64_t *out)
{
	struct ls_eval_env env = { .ctx = ctx, .file = file };
	return ls_eval_addr(e, &env, out, NULL);
}

const struct ls_region *ls_find_region(const struct ls_script *s, const char *name)
{
	/* An alias chain is followed at most as many times as there are regions. */
	for (int hops = 0; hops < 64 && name; hops++) {
		const struct ls_region *r;
		for (r = s->regions; r; r = r->next)
			if (strcmp(r->name, name) == 0)
				break;
		if (!r || !r->alias_of)
			return r;
		name = r->alias_of;
	}
	return NULL;
}

/* ---- matching */

/* Matches one character class at p (just after '['); returns the pointer after ']',
 * or NULL if the class is not terminated (then '[' is literal). */
static const char *match_class(const char *p, unsigned char c, int *hit)
{
	int neg = 0, found = 0;
	if (*p == '!' || *p == '^') {
		neg = 1;
		p++;
	}
	int first = 1;
	while (*p && (first || *p != ']')) {
		unsigned char lo = (unsigned char)*p;
		if (lo == '\\' && p[1])
			lo = (unsigned char)*++p;
		p++;
		unsigned char hi = lo;
		if (p[0] == '-' && p[1] && p[1] != ']') {
			hi = (unsigned char)p[1];
			if (hi == '\\' && p[2])
				hi = (unsigned char)*++p;
			p += 2;
		}
		if (c >= lo && c <= hi)
			found = 1;
		first = 0;
	}
	if (*p != ']')
		return NULL;
	*hit = found != neg;
	return p + 1;
}

int ls_glob(const char *pat, const char *name)
{
	/* One backtracking point for the last '*' is enough for fnmatch without flags:
	 * linear in practice, never exponential. */
	const char *star = NULL, *star_name = NULL;
	const char *p = pat, *n = name;
	for (;;) {
		if (*p == '*') {
			while (*p == '*')
				p++;
			star = p;
			star_name = n;
			continue;
		}
		if (!*n) {
			if (!*p)
				return 1;
			goto backtrack;
		}
		if (*p == '?') {
			p++;
			n++;
			continue;
		}
		if (*p == '[') {
			int hit = 0;
			const char *after = match_class(p + 1, (unsigned char)*n, &hit);
			if (after) {
				if (!hit)
					goto backtrack;
				p = after;
				n++;
				continue;
			}
		}
		{
			const char *q = p;
			if (*q == '\\' && q[1])
				q++;
			if (*q && *q == *n) {
				p = q + 1;
				n++;
				continue;
			}
		}
	backtrack:
		if (!star || !*star_name)
			return 0;
		p = star;
		n = ++star_name;
	}
}

static int has_wildcard(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static int name_match(const char *pat, const char *name)
{
	return has_wildcard(pat) ? ls_glob(pat, name) : strcmp(pat, name) == 0;
}

/* GNU's input_statement_is_archive_path: "archive:member", "archive:", ":file". */
static int archive_path_match(const char *pat, const char *colon, const char *file_path, const char *member)
{
	const char *mpat = colon + 1;
	int in_archive = member != NULL;
	if ((colon != pat) != in_archive)
		return 0;
	if (*mpat && !name_match(mpat, in_archive ? member : file_path))
		return 0;
	if (colon == pat)
		return 1;
	size_t n = (size_t)(colon - pat);
	char buf[512];
	if (n >= sizeof(buf))
		return 0;
	memcpy(buf, pat, n);
	buf[n] = 0;
	return name_match(buf, file_path);
}

static int excluded(const struct ls_name *list, const char *file_path, const char *member)
{
	for (; list; list = list->next) {
		const char *colon = strchr(list->name, ':');
		if (colon) {
			if (archive_path_match(list->name, colon, file_path, member))
				return 1;
		} else if (name_match(list->name, member ? member : file_path)
		           || (member && name_match(list->name, file_path))) {
			return 1;
		}
	}
	return 0;
}

int ls_match_input(const struct ls_input_desc *d, const char *file_path, const char *member_name,
                   const char *section_name)
{
	const char *fp = d->file_pattern;
	const char *colon = strchr(fp, ':');
	if (colon) {
		if (!archive_path_match(fp, colon, file_path, member_name))
			return 0;
	} else if (strcmp(fp, "*") != 0) {
		/* Matched against each loaded file's name, an archive member's being its
		 * own: GNU's `*b.o` and `b.o` select member b.o of any archive, `libb.a`
		 * selects nothing of libb.a (that is `libb.a:`). */
		if (!name_match(fp, member_name ? member_name : file_path))
			return 0;
	}
	if (excluded(d->exclude_files, file_path, member_name))
		return 0;
	if (!d->sections)
		return 1;
	int i = 1;
	for (const struct ls_secpat *sp = d->sections; sp; sp = sp->next, i++)
		if (ls_glob(sp->pattern, section_name) && !excluded(sp->exclude_files, file_path, member_name))
			return i;
	return 0;
}

uint64_t ls_init_priority(const char *name)
{
	static const char *const prefixes[] = { ".init_array.", ".fini_array.", ".ctors.", ".dtors." };
	for (size_t i = 0; i < 4; i++) {
		size_t n = strlen(prefixes[i]);
		if (strncmp(name, prefixes[i], n) != 0)
			continue;
		const char *dot = strrchr(name, '.');
		if (!dot[1])
			return 0;
		uint64_t v = 0;
		for (const char *p = dot + 1; *p; p++) {
			if (!is_digit(*p) || v > 0xffffffffu)
				return 0;
			v = v * 10 + (uint64_t)(*p - '0');
		}
		if (i >= 2 && dot == name + n - 1)
			v = v <= 65535 ? 65535 - v : 0;
		return v;
	}
	return 0;
}

enum { SHF_WRITE_ = 1, SHF_ALLOC_ = 2, SHF_EXECINSTR_ = 4, SHT_NOBITS_ = 8 };

uint32_t ls_mem_flags(uint32_t sh_type, uint64_t sh_flags)
{
	uint32_t f = 0;
	if (sh_flags & SHF_ALLOC_) {
		f |= LS_MEM_A;
		if (sh_type != SHT_NOBITS_)
			f |= LS_MEM_I;
	}
	if (!(sh_flags & SHF_WRITE_))
		f |= LS_MEM_R;
	if (sh_flags & SHF_EXECINSTR_)
		f |= LS_MEM_X;
	else if (f & LS_MEM_I)
		f |= LS_MEM_W;
	return f;
}

int ls_region_accepts(const struct ls_region *r, uint32_t sh_type, uint64_t sh_flags)
{
	uint32_t f = ls_mem_flags(sh_type, sh_flags);
	return (r->flags & f) != 0 && (r->not_flags & f) == 0;
}

/* ---- printing */

struct out { char *buf; size_t size, len; };

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
	if (o->len + 1 >= o->size)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len = o->len + (size_t)n < o->size ? o->len + (size_t)n : o->size - 1;
}

static const char *kind_name(enum ls_expr_kind k)
{
	for (size_t i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++)
		if (funcs[i].kind == k)
			return funcs[i].name;
	for (size_t i = 0; i < sizeof(binops) / sizeof(binops[0]); i++)
		if (binops[i].kind == k)
			return binops[i].op;
	return "?";
}

/* GNU folds operators on constants while parsing, and its map prints the result:
 * `2 + 3 << 1` is printed "0xa". Functions of the layout (ALIGN, ABSOLUTE, NEXT, ...)
 * are not folded. Returns 1 with *v when e is such a constant. */
static int fold(const struct ls_expr *e, uint64_t *v, int depth)
{
	uint64_t a, b;
	if (!e || depth > 100)
		return 0;
	switch (e->kind) {
	case LS_E_NUM:
		*v = e->num;
		return 1;
	case LS_E_NEG: case LS_E_NOT: case LS_E_BITNOT: case LS_E_LOG2CEIL:
		if (!fold(e->a, &a, depth + 1))
			return 0;
		if (e->kind == LS_E_LOG2CEIL) {
			uint64_t r = 0;
			while (r < 64 && ((uint64_t)1 << r) < a)
				r++;
			*v = r;
		} else {
			*v = e->kind == LS_E_NEG ? -a : e->kind == LS_E_NOT ? !a : ~a;
		}
		return 1;
	case LS_E_COND:
		if (!fold(e->a, &a, depth + 1))
			return 0;
		return fold(a ? e->b : e->c, v, depth + 1);
	case LS_E_ALIGN: case LS_E_BLOCK: case LS_E_DSA: case LS_E_DSRE:
		return 0;
	default:
		if (!e->a || !e->b || !fold(e->a, &a, depth + 1) || !fold(e->b, &b, depth + 1))
			return 0;
		switch (e->kind) {
		case LS_E_ADD: *v = a + b; return 1;
		case LS_E_SUB: *v = a - b; return 1;
		case LS_E_MUL: *v = a * b; return 1;
		case LS_E_DIV: if (!b) return 0; *v = a / b; return 1;
		case LS_E_MOD: if (!b) return 0; *v = a % b; return 1;
		case LS_E_SHL: *v = b >= 64 ? 0 : a << b; return 1;
		case LS_E_SHR: *v = b >= 64 ? 0 : a >> b; return 1;
		case LS_E_AND: *v = a & b; return 1;
		case LS_E_XOR: *v = a ^ b; return 1;
		case LS_E_OR: *v = a | b; return 1;
		case LS_E_LT: *v = a < b; return 1;
		case LS_E_LE: *v = a <= b; return 1;
		case LS_E_GT: *v = a > b; return 1;
		case LS_E_GE: *v = a >= b; return 1;
		case LS_E_EQ: *v = a == b; return 1;
		case LS_E_NE: *v = a != b; return 1;
		case LS_E_ANDAND: *v = a && b; return 1;
		case LS_E_OROR: *v = a || b; return 1;
		case LS_E_MAX: *v = a > b ? a : b; return 1;
		case LS_E_MIN: *v = a < b ? a : b; return 1;
		default: return 0;
		}
	}
}

static void format(struct out *o, const struct ls_expr *e, int depth)
{
	uint64_t folded;
	if (!e || depth > 100) {
		put(o, "?");
		return;
	}
	if (fold(e, &folded, depth)) {
		put(o, "0x%llx", (unsigned long long)folded);
		return;
	}
	switch (e->kind) {
	case LS_E_NUM: put(o, "0x%llx", (unsigned long long)e->num); break;
	case LS_E_SYM: put(o, "%s", e->name); break;
	case LS_E_DOT: put(o, "."); break;
	case LS_E_NEG: case LS_E_NOT: case LS_E_BITNOT:
		put(o, "%c", e->kind == LS_E_NEG ? '-' : e->kind == LS_E_NOT ? '!' : '~');
		format(o, e->a, depth + 1);
		break;
	case LS_E_COND:
		format(o, e->a, depth + 1);
		put(o, "?");
		format(o, e->b, depth + 1);
		put(o, ":");
		format(o, e->c, depth + 1);
		break;
	case LS_E_SIZEOF_HEADERS: put(o, "SIZEOF_HEADERS"); break;
	case LS_E_MAXPAGESIZE: put(o, "CONSTANT (MAXPAGESIZE)"); break;
	case LS_E_COMMONPAGESIZE: put(o, "CONSTANT (COMMONPAGESIZE)"); break;
	case LS_E_ADDR: case LS_E_ALIGNOF: case LS_E_DEFINED: case LS_E_LENGTH: case LS_E_LOADADDR:
	case LS_E_ORIGIN: case LS_E_SIZEOF:
		put(o, "%s (%s)", kind_name(e->kind), e->name);
		break;
	case LS_E_SEGMENT_START:
		put(o, "SEGMENT_START (\"%s\", ", e->name);
		format(o, e->a, depth + 1);
		put(o, ")");
		break;
	case LS_E_BLOCK:
		put(o, "ALIGN (");
		format(o, e->a, depth + 1);
		put(o, ")");
		break;
	case LS_E_ABSOLUTE: case LS_E_ALIGN: case LS_E_DSA: case LS_E_DSE: case LS_E_DSRE:
	case LS_E_LOG2CEIL: case LS_E_MAX: case LS_E_MIN: case LS_E_NEXT:
		put(o, "%s (", kind_name(e->kind));
		format(o, e->a, depth + 1);
		if (e->b) {
			put(o, ", ");
			format(o, e->b, depth + 1);
		}
		put(o, ")");
		break;
	default:
		put(o, "(");
		format(o, e->a, depth + 1);
		put(o, " %s ", kind_name(e->kind));
		format(o, e->b, depth + 1);
		put(o, ")");
		break;
	}
}

const char *ls_expr_format(const struct ls_expr *e, char *buf, size_t size)
{
	struct out o = { buf, size, 0 };
	if (size)
		buf[0] = 0;
	format(&o, e, 0);
	return buf;
}
