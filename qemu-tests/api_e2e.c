/*
 * api_e2e.c: the end-to-end test of the library API, for one architecture.
 *
 *     api_e2e <arch> <image> [--stop-after STEP]
 *
 * It builds a small Linux program through solder.h alone (the solder_emit_* encoders
 * for the code, the incremental writer for the image), runs it under qemu-user, then
 * changes it step by step in the same file, flushing and re-running after every step:
 * a body changed in place, a function that outgrows its block and moves, a freed
 * function whose space a new one takes, a renamed export, a new entry point, a
 * read-only object that moves under the code referring to it, and finally closing and
 * resuming the file, and reopening it after it was interrupted, truncated or corrupted.
 *
 * The program is a model: functions are lists of ops (write a message, call a function
 * through its GOT slot, exit), messages live in read-only and writable objects. Both
 * the machine code and the expected output are derived from the model, so a step only
 * edits the model and the checks follow.
 *
 * Every step prints one line, "PASS <arch> <step>" or "FAIL <arch> <step>", followed on
 * failure by each failed check (expected, got) and the commands that reproduce it. The
 * image of every step is kept beside <image> as <image-stem>.<step>.elf. After each
 * step the image must run with the right output and exit status, pass `readelf -a -W`
 * without a warning, and pass `llvm-dwarfdump --verify`.
 *
 * The exit status is 0 when every step passed, 1 when one failed, 2 on bad usage.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "solder.h"

extern char **environ;

/* Every QEMU run gets this long; a program that loses its way spins or faults. */
#define QEMU_TIMEOUT "20"

/* ---- the architectures */

struct arch_info {
	const char *name;
	solder_arch arch;
	const char *qemu;
	uint8_t fill;          /* pads code after its last instruction: traps if reached */
	int arg0_dwarf_reg;    /* DWARF register of the first integer argument, -1: stack */
};

static const struct arch_info arches[] = {
	{ "riscv64", SOLDER_ARCH_RISCV64, "qemu-riscv64", 0x00, 10 },  /* a0 = x10 */
	{ "riscv32", SOLDER_ARCH_RISCV32, "qemu-riscv32", 0x00, 10 },
	{ "x86_64", SOLDER_ARCH_X86_64, "qemu-x86_64", 0xcc, 5 },      /* rdi */
	{ "i386", SOLDER_ARCH_I386, "qemu-i386", 0xcc, -1 },           /* on the stack */
};

/* ---- growable strings for command output and reports */

struct sbuf {
	char *p;
	size_t len, cap;
};

static void sb_putn(struct sbuf *s, const char *p, size_t n)
{
	if (s->len + n + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 256;
		while (s->len + n + 1 > cap)
			cap *= 2;
		char *q = realloc(s->p, cap);
		if (!q) {
			fputs("api_e2e: out of memory\n", stderr);
			exit(2);
		}
		s->p = q;
		s->cap = cap;
	}
	memcpy(s->p + s->len, p, n);
	s->len += n;
	s->p[s->len] = 0;
}

static void sb_vprintf(struct sbuf *s, const char *fmt, va_list ap)
{
	char tmp[1024];
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	if (n < 0) {
		va_end(ap2);
		return;
	}
	if ((size_t)n < sizeof tmp) {
		sb_putn(s, tmp, (size_t)n);
	} else {
		char *big = malloc((size_t)n + 1);
		if (!big) {
			fputs("api_e2e: out of memory\n", stderr);
			exit(2);
		}
		vsnprintf(big, (size_t)n + 1, fmt, ap2);
		sb_putn(s, big, (size_t)n);
		free(big);
	}
	va_end(ap2);
}

static void sb_printf(struct sbuf *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(s, fmt, ap);
	va_end(ap);
}

static const char *sb_str(const struct sbuf *s) { return s->p ? s->p : ""; }

static void sb_reset(struct sbuf *s)
{
	s->len = 0;
	if (s->p)
		s->p[0] = 0;
}

static void sb_free(struct sbuf *s)
{
	free(s->p);
	s->p = NULL;
	s->len = s->cap = 0;
}

/* Appends text as a C string literal (newlines as \n), cut after limit characters. */
static void sb_quote(struct sbuf *s, const char *p, size_t n, size_t limit)
{
	sb_putn(s, "\"", 1);
	for (size_t i = 0; i < n && i < limit; i++) {
		unsigned char ch = (unsigned char)p[i];
		if (ch == '\n')
			sb_putn(s, "\\n", 2);
		else if (ch == '"' || ch == '\\')
			sb_printf(s, "\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			sb_printf(s, "\\x%02x", ch);
		else
			sb_putn(s, (const char *)&ch, 1);
	}
	sb_putn(s, "\"", 1);
	if (n > limit)
		sb_printf(s, "... (%zu bytes in all)", n);
}

/* Appends text indented as a block, cut after limit bytes. */
static void sb_block(struct sbuf *s, const char *text, size_t limit)
{
	size_t n = strlen(text);
	const char *p = text;
	while (*p && (size_t)(p - text) < limit) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		sb_printf(s, "      | %.*s\n", (int)len, p);
		p += len + (nl != NULL);
	}
	if (n > limit)
		sb_printf(s, "      | ... (%zu bytes in all)\n", n);
}

/* ---- the model of the program */

enum obj_id { OBJ_STRINGS, OBJ_BANNER, OBJ_GREETING, NOBJ };
static const char *const obj_name[NOBJ] = { "strings", "banner", "greeting" };
static const enum solder_kind obj_kind[NOBJ] = { SOLDER_RODATA, SOLDER_RODATA, SOLDER_DATA };

enum msg_id {
	M_BANNER, M_GREETING,
	M_START, M_L1, M_L2, M_L3, M_L3_A, M_G0, M_G1, M_H, M_V, M_T, M_N, M_S2, M_L3_F,
	/* added when the strings object grows (step r); they sit last so the offsets of
	 * the others never change */
	M_L2_R, M_R_LONG,
	NMSG
};

struct msg {
	enum obj_id obj;
	int late;          /* present only once the strings object has grown */
	const char *text;  /* NULL: the banner, which names the architecture */
};

static const struct msg msgs[NMSG] = {
	[M_BANNER] = { OBJ_BANNER, 0, NULL },
	[M_GREETING] = { OBJ_GREETING, 0, "greeting: from the writable segment\n" },
	[M_START] = { OBJ_STRINGS, 0, "start: calling level1\n" },
	[M_L1] = { OBJ_STRINGS, 0, "level1: calling level2\n" },
	[M_L2] = { OBJ_STRINGS, 0, "level2: calling level3\n" },
	[M_L3] = { OBJ_STRINGS, 0, "level3: leaf\n" },
	[M_L3_A] = { OBJ_STRINGS, 0, "LEVEL3: LEAF\n" },
	[M_G0] = { OBJ_STRINGS, 0, "grower: small\n" },
	[M_G1] = { OBJ_STRINGS, 0, "grower: grown past its capacity\n" },
	[M_H] = { OBJ_STRINGS, 0, "helper: calling the next one\n" },
	[M_V] = { OBJ_STRINGS, 0, "victim: about to be freed\n" },
	[M_T] = { OBJ_STRINGS, 0, "tail: done\n" },
	[M_N] = { OBJ_STRINGS, 0, "newcomer: in the victim's space\n" },
	[M_S2] = { OBJ_STRINGS, 0, "alt_start: the new entry\n" },
	[M_L3_F] = { OBJ_STRINGS, 0, "level3: updated after resume\n" },
	[M_L2_R] = { OBJ_STRINGS, 1, "level2: strings moved\n" },
	[M_R_LONG] = { OBJ_STRINGS, 1,
		"tail: this line only exists since the strings object outgrew its block and "
		"moved; every write that refers to the object was re-applied to its new "
		"address, and the old messages still print\n" },
};

enum op_kind { OP_WRITE = 1, OP_CALL, OP_EXIT, OP_PAD };
struct op {
	enum op_kind kind;
	int arg;           /* WRITE: msg_id; CALL: fn_id; EXIT: status; PAD: total size */
};

enum fn_id { F_START, F_L1, F_L2, F_L3, F_G, F_H, F_V, F_T, F_N, F_S2, NFN };

#define MAX_OPS 48
struct fn {
	const char *name;      /* local (and DWARF) name */
	const char *file;      /* source file of its line rows */
	uint32_t decl_line;    /* its rows are decl_line, decl_line + 1, ... */
	int with_debug;        /* hand in a solder_fn_debug (int name(int depth)) */
	struct op ops[MAX_OPS];
	int nops;
	int live;
	solder_sym sym;
	uint64_t addr;         /* after the last flush */
};

struct export {
	const char *name;
	int fn;
	enum solder_linkage linkage;
};

#define MAX_EXPORTS 8
#define MAX_GONE 4

struct e2e {
	const struct arch_info *ai;
	const char *self;
	const char *image;
	const char *stop_after;
	char stem[4096];               /* image path without ".elf" */
	char banner[64];

	solder_link *l;
	struct solder_file_ops fops;
	int fops_open;

	int strings_grown;
	struct fn fn[NFN];
	solder_sym obj_sym[NOBJ];
	uint64_t obj_addr[NOBJ];
	int entry_fn;
	struct export exports[MAX_EXPORTS];
	int nexports;
	const char *gone[MAX_GONE];    /* names that were exported and must be absent */
	int ngone;
	int focus_fn;                  /* the function the step's DWARF lookup checks */
	uint64_t stale_addr;           /* where stale_name was before the step, or 0 */
	const char *stale_name;        /* a function that moved away or was freed */

	/* the current step */
	const char *step;
	struct sbuf detail;
	int step_failed;
	int fatal;                     /* an API call failed: the steps after it cannot run */
	int failed_steps;

	struct solder_type int_type;
	struct solder_param depth_param;
	struct solder_fn_debug l3_debug;
};

static const char *msg_text(const struct e2e *t, int m)
{
	return m == M_BANNER ? t->banner : msgs[m].text;
}

/* Messages of one object are laid out in table order. */
static uint64_t msg_offset(const struct e2e *t, int m)
{
	uint64_t off = 0;
	for (int i = 0; i < m; i++)
		if (msgs[i].obj == msgs[m].obj)
			off += strlen(msg_text(t, i));
	return off;
}

static int msg_present(const struct e2e *t, int m)
{
	return !msgs[m].late || t->strings_grown;
}

static void set_ops(struct fn *f, const struct op *ops, int n)
{
	memcpy(f->ops, ops, (size_t)n * sizeof *ops);
	f->nops = n;
}

#define W(m) { OP_WRITE, (m) }
#define CALL(f) { OP_CALL, (f) }
#define EXIT(s) { OP_EXIT, (s) }
#define PAD(n) { OP_PAD, (n) }
#define SET_OPS(t, id, ...) do { \
	static const struct op ops_[] = { __VA_ARGS__ }; \
	set_ops(&(t)->fn[id], ops_, (int)(sizeof ops_ / sizeof ops_[0])); \
} while (0)

/* The program as first built: _start -> level1 -> level2 -> level3 is the chain; helper
 * calls victim, which is padded so its space can later hold another function; grower
 * sits between level3 and helper so that growing forces it to move. */
static void model_reset(struct e2e *t)
{
	static const struct { const char *name, *file; uint32_t line; } fns[NFN] = {
		[F_START] = { "start", "chain.c", 10 },
		[F_L1] = { "level1", "chain.c", 20 },
		[F_L2] = { "level2", "chain.c", 30 },
		[F_L3] = { "level3", "chain.c", 40 },
		[F_G] = { "grower", "grower.c", 50 },
		[F_H] = { "helper", "reuse.c", 110 },
		[F_V] = { "victim", "reuse.c", 120 },
		[F_T] = { "tail", "tail.c", 130 },
		[F_N] = { "newcomer", "reuse.c", 140 },
		[F_S2] = { "start2", "entry.c", 150 },
	};
	for (int i = 0; i < NFN; i++) {
		memset(&t->fn[i], 0, sizeof t->fn[i]);
		t->fn[i].name = fns[i].name;
		t->fn[i].file = fns[i].file;
		t->fn[i].decl_line = fns[i].line;
	}
	t->fn[F_L3].with_debug = 1;
	SET_OPS(t, F_START, W(M_BANNER), W(M_START), CALL(F_L1), CALL(F_T), EXIT(42));
	SET_OPS(t, F_L1, W(M_L1), CALL(F_L2), CALL(F_H));
	SET_OPS(t, F_L2, W(M_L2), CALL(F_L3), CALL(F_G));
	SET_OPS(t, F_L3, W(M_L3));
	SET_OPS(t, F_G, W(M_G0));
	SET_OPS(t, F_H, W(M_H), CALL(F_V));
	SET_OPS(t, F_V, W(M_V), PAD(160));
	SET_OPS(t, F_T, W(M_GREETING), W(M_T));
	t->strings_grown = 0;
	t->entry_fn = F_START;
	t->nexports = 0;
	t->ngone = 0;
	t->exports[t->nexports++] = (struct export){ "_start", F_START, SOLDER_GLOBAL };
	t->exports[t->nexports++] = (struct export){ "api_level1_v0", F_L1, SOLDER_GLOBAL };
	t->exports[t->nexports++] = (struct export){ "api_level3", F_L3, SOLDER_WEAK };
	t->exports[t->nexports++] = (struct export){ "tail_local", F_T, SOLDER_LOCAL };
	t->focus_fn = F_L3;
}

/* Runs the model from the entry: what the program must print and its exit status. */
static int model_exec(const struct e2e *t, int id, struct sbuf *out, int *status, int depth)
{
	const struct fn *f = &t->fn[id];
	if (depth > 16 || !f->live) {
		fprintf(stderr, "api_e2e: model error: %s is %s\n", f->name, f->live ? "recursive" : "not live");
		exit(2);
	}
	for (int i = 0; i < f->nops; i++) {
		const struct op *op = &f->ops[i];
		switch (op->kind) {
		case OP_WRITE:
			sb_printf(out, "%s", msg_text(t, op->arg));
			break;
		case OP_CALL:
			if (model_exec(t, op->arg, out, status, depth + 1))
				return 1;
			break;
		case OP_EXIT:
			*status = op->arg;
			return 1;
		case OP_PAD:
			break;
		}
	}
	return 0;
}

/* ---- reporting */

static void fail(struct e2e *t, const char *fmt, ...)
{
	va_list ap;
	sb_printf(&t->detail, "  - ");
	va_start(ap, fmt);
	sb_vprintf(&t->detail, fmt, ap);
	va_end(ap);
	sb_printf(&t->detail, "\n");
	t->step_failed = 1;
}

static int api(struct e2e *t, solder_status st, const char *what)
{
	if (st == SOLDER_OK)
		return 1;
	fail(t, "%s returned status %d: %s", what, (int)st, t->l ? solder_error(t->l) : "");
	t->fatal = 1;
	return 0;
}
#define API(t, call) api((t), (call), #call)

static void snapshot_path(const struct e2e *t, const char *step, char *out, size_t n)
{
	snprintf(out, n, "%s.%s.elf", t->stem, step);
}

static void begin_step(struct e2e *t, const char *step)
{
	t->step = step;
	sb_reset(&t->detail);
	t->step_failed = 0;
	t->stale_addr = 0;
	t->stale_name = NULL;
}

static void end_step(struct e2e *t, const char *note)
{
	char snap[4200];
	snapshot_path(t, t->step, snap, sizeof snap);
	if (!t->step_failed) {
		printf("PASS %s %s%s%s\n", t->ai->name, t->step, note ? ": " : "", note ? note : "");
	} else {
		t->failed_steps++;
		printf("FAIL %s %s\n%s", t->ai->name, t->step, sb_str(&t->detail));
		printf("  reproduce: %s %s %s --stop-after %s\n", t->self, t->ai->name, t->image, t->step);
		printf("  run it:    timeout %s %s %s; echo \"exit status $?\"\n", QEMU_TIMEOUT, t->ai->qemu, t->image);
		printf("  this run's image of the step: %s\n", snap);
	}
	fflush(stdout);
}

/* ---- running tools */

static void read_whole(const char *path, struct sbuf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return;
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_putn(out, buf, n);
	fclose(f);
}

/* Runs argv with stdin from /dev/null, collecting stdout and stderr. Returns the exit
 * status, 128 + signal when killed, or -1 when it could not start (err says why). */
static int run_cmd(struct e2e *t, char *const argv[], struct sbuf *out, struct sbuf *err)
{
	char out_path[4200], err_path[4200];
	snprintf(out_path, sizeof out_path, "%s.cmd-stdout", t->stem);
	snprintf(err_path, sizeof err_path, "%s.cmd-stderr", t->stem);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		sb_printf(err, "cannot run %s: %s", argv[0], strerror(rc));
		return -1;
	}
	int status;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			sb_printf(err, "waitpid: %s", strerror(errno));
			return -1;
		}
	}
	read_whole(out_path, out);
	read_whole(err_path, err);
	unlink(out_path);
	unlink(err_path);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

static int copy_file(const char *src, const char *dst)
{
	struct sbuf data = { 0 };
	FILE *f = fopen(src, "rb");
	if (!f)
		return -1;
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_putn(&data, buf, n);
	fclose(f);
	/* executable like the image: qemu-user refuses to load a file that is not */
	int fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	int ok = fd >= 0 && fchmod(fd, 0755) == 0 &&
	         write(fd, data.p ? data.p : "", data.len) == (ssize_t)data.len;
	if (fd >= 0 && close(fd) != 0)
		ok = 0;
	sb_free(&data);
	return ok ? 0 : -1;
}

/* ---- handing the model to solder */

#define CODE_MAX 4096
#define FIXUPS_MAX 128
#define LINES_MAX (MAX_OPS + 4)

struct emitted {
	uint8_t bytes[CODE_MAX];
	struct solder_fixup fixups[FIXUPS_MAX];
	struct solder_line lines[LINES_MAX];
	size_t nlines;
	struct solder_code c;
};

static void add_line(struct emitted *e, uint32_t line)
{
	if (e->nlines < LINES_MAX)
		e->lines[e->nlines++] = (struct solder_line){ (uint32_t)e->c.len, line };
}

/* Assembles a function from its ops. A function that calls and returns keeps its
 * return address in a frame (enter/leave); one that ends in exit never returns. Each
 * op gets a line row, decl_line + 1 + its index. */
static void emit_fn(const struct e2e *t, int id, struct emitted *e)
{
	const struct fn *f = &t->fn[id];
	solder_arch a = t->ai->arch;
	memset(&e->c, 0, sizeof e->c);
	e->c.bytes = e->bytes;
	e->c.cap = sizeof e->bytes;
	e->c.fixups = e->fixups;
	e->c.fixups_cap = FIXUPS_MAX;
	e->nlines = 0;

	int calls = 0, exits = 0;
	size_t pad = 0;
	for (int i = 0; i < f->nops; i++) {
		calls |= f->ops[i].kind == OP_CALL;
		exits |= f->ops[i].kind == OP_EXIT;
		if (f->ops[i].kind == OP_PAD)
			pad = (size_t)f->ops[i].arg;
	}
	int framed = calls && !exits;
	if (framed) {
		add_line(e, f->decl_line);
		solder_emit_enter(a, &e->c);
	}
	for (int i = 0; i < f->nops; i++) {
		const struct op *op = &f->ops[i];
		if (op->kind == OP_PAD)
			continue;
		add_line(e, f->decl_line + 1 + (uint32_t)i);
		switch (op->kind) {
		case OP_WRITE:
			if (!msg_present(t, op->arg)) {
				fprintf(stderr, "api_e2e: model error: %s writes a message not yet in %s\n",
				        f->name, obj_name[msgs[op->arg].obj]);
				exit(2);
			}
			solder_emit_sys_write(a, &e->c, 1, t->obj_sym[msgs[op->arg].obj],
			                      (int64_t)msg_offset(t, op->arg), strlen(msg_text(t, op->arg)));
			break;
		case OP_CALL:
			solder_emit_call_got(a, &e->c, t->fn[op->arg].sym);
			break;
		case OP_EXIT:
			solder_emit_sys_exit(a, &e->c, op->arg);
			break;
		case OP_PAD:
			break;
		}
	}
	if (!exits) {
		add_line(e, f->decl_line + 1 + (uint32_t)f->nops);
		if (framed)
			solder_emit_leave(a, &e->c);
		solder_emit_ret(a, &e->c);
	}
	while (e->c.len < pad && e->c.len < e->c.cap)
		e->c.bytes[e->c.len++] = t->ai->fill;
}

static int update_fn(struct e2e *t, int id)
{
	struct fn *f = &t->fn[id];
	static struct emitted e;
	emit_fn(t, id, &e);
	if (e.c.overflow) {
		fail(t, "the encoders overflowed a %zu-byte buffer assembling %s", sizeof e.bytes, f->name);
		t->fatal = 1;
		return 0;
	}
	struct solder_update u = {
		.name = f->name,
		.kind = SOLDER_FUNC,
		.bytes = e.c.bytes,
		.size = e.c.len,
		.fixups = e.c.fixups,
		.nfixups = e.c.nfixups,
		.lines = e.lines,
		.nlines = e.nlines,
		.file_name = f->file,
		.debug = f->with_debug ? &t->l3_debug : NULL,
	};
	char what[128];
	snprintf(what, sizeof what, "solder_update_symbol(%s, %zu bytes)", f->name, e.c.len);
	f->live = 1;
	return api(t, solder_update_symbol(t->l, f->sym, &u), what);
}

static int update_obj(struct e2e *t, int obj)
{
	struct sbuf content = { 0 };
	for (int m = 0; m < NMSG; m++)
		if ((int)msgs[m].obj == obj && msg_present(t, m))
			sb_printf(&content, "%s", msg_text(t, m));
	struct solder_update u = {
		.name = obj_name[obj],
		.kind = obj_kind[obj],
		.bytes = (const uint8_t *)content.p,
		.size = content.len,
		.align = 1,
	};
	char what[128];
	snprintf(what, sizeof what, "solder_update_symbol(%s, %zu bytes)", obj_name[obj], content.len);
	int ok = api(t, solder_update_symbol(t->l, t->obj_sym[obj], &u), what);
	sb_free(&content);
	return ok;
}

static uint64_t fn_size(const struct e2e *t, int id)
{
	static struct emitted e;
	emit_fn(t, id, &e);
	return e.c.len;
}

static uint64_t obj_size(const struct e2e *t, int obj)
{
	uint64_t n = 0;
	for (int m = 0; m < NMSG; m++)
		if ((int)msgs[m].obj == obj && msg_present(t, m))
			n += strlen(msg_text(t, m));
	return n;
}

static int refresh_addrs(struct e2e *t)
{
	for (int i = 0; i < NFN; i++)
		if (t->fn[i].live && !API(t, solder_symbol_addr(t->l, t->fn[i].sym, &t->fn[i].addr)))
			return 0;
	for (int o = 0; o < NOBJ; o++)
		if (!API(t, solder_symbol_addr(t->l, t->obj_sym[o], &t->obj_addr[o])))
			return 0;
	return 1;
}

static int flush(struct e2e *t)
{
	return API(t, solder_flush(t->l)) && refresh_addrs(t);
}

static int export_all(struct e2e *t)
{
	for (int i = 0; i < t->nexports; i++) {
		const struct export *x = &t->exports[i];
		if (!API(t, solder_export(t->l, t->fn[x->fn].sym, x->name, x->linkage)))
			return 0;
	}
	return 1;
}

/* Opens the image, resuming it when solder can. entry is the entry symbol the link
 * had when it was closed, so resuming never depends on which of the two wins. */
static int open_link(struct e2e *t)
{
	if (solder_posix_open(t->image, &t->fops) != 0) {
		fail(t, "solder_posix_open(%s): %s", t->image, strerror(errno));
		t->fatal = 1;
		return 0;
	}
	t->fops_open = 1;
	if (!API(t, solder_create(&t->l, &solder_malloc_allocator)))
		return 0;
	struct solder_options o = {
		.arch = t->ai->arch,
		.debug_info = 1,
		.cu_name = "api_e2e.c",
		.comp_dir = "/solder/qemu-tests",
		.entry_name = t->exports[0].name,
	};
	for (int i = 0; i < t->nexports; i++)
		if (t->exports[i].fn == t->entry_fn)
			o.entry_name = t->exports[i].name;
	return API(t, solder_open(t->l, &o, &t->fops));
}

static int close_link(struct e2e *t)
{
	solder_status st = solder_close(t->l);
	t->l = NULL;
	solder_posix_close(&t->fops);
	t->fops_open = 0;
	return api(t, st, "solder_close");
}

static void destroy_link(struct e2e *t)
{
	if (t->l)
		solder_destroy(t->l);
	t->l = NULL;
	if (t->fops_open)
		solder_posix_close(&t->fops);
	t->fops_open = 0;
}

/* Builds the first program in the open link, which must hold nothing of ours. */
static int build_initial(struct e2e *t)
{
	model_reset(t);
	for (int o = 0; o < NOBJ; o++)
		if (!API(t, solder_alloc_symbol(t->l, &t->obj_sym[o])))
			return 0;
	for (int i = F_START; i <= F_T; i++)
		if (!API(t, solder_alloc_symbol(t->l, &t->fn[i].sym)))
			return 0;
	for (int o = 0; o < NOBJ; o++)
		if (!update_obj(t, o))
			return 0;
	for (int i = F_START; i <= F_T; i++)
		if (!update_fn(t, i))
			return 0;
	return export_all(t) && API(t, solder_set_entry(t->l, "_start")) && flush(t);
}

/* ---- checking an image */

static void check_run(struct e2e *t)
{
	struct sbuf want = { 0 }, out = { 0 }, err = { 0 };
	int want_status = -1;
	if (!model_exec(t, t->entry_fn, &want, &want_status, 0)) {
		fprintf(stderr, "api_e2e: model error: the entry returns instead of exiting\n");
		exit(2);
	}
	char *argv[] = { "timeout", QEMU_TIMEOUT, (char *)t->ai->qemu, (char *)t->image, NULL };
	int rc = run_cmd(t, argv, &out, &err);
	if (rc == 124)
		fail(t, "%s %s: timed out after %s s", t->ai->qemu, t->image, QEMU_TIMEOUT);
	else if (rc != want_status)
		fail(t, "%s %s: exit status: expected %d, got %d", t->ai->qemu, t->image, want_status, rc);
	if (out.len != want.len || memcmp(sb_str(&out), sb_str(&want), want.len) != 0) {
		struct sbuf m = { 0 };
		sb_printf(&m, "%s %s: stdout differs\n      expected: ", t->ai->qemu, t->image);
		sb_quote(&m, sb_str(&want), want.len, 1500);
		sb_printf(&m, "\n      got:      ");
		sb_quote(&m, sb_str(&out), out.len, 1500);
		fail(t, "%s", sb_str(&m));
		sb_free(&m);
	}
	if (err.len) {
		struct sbuf m = { 0 };
		sb_printf(&m, "%s %s: stderr: ", t->ai->qemu, t->image);
		sb_quote(&m, sb_str(&err), err.len, 1500);
		fail(t, "%s", sb_str(&m));
		sb_free(&m);
	}
	sb_free(&want);
	sb_free(&out);
	sb_free(&err);
}

struct elf_sym {
	uint64_t value;
	char bind[16];
};

/* Finds name in the .symtab listing of `readelf -a -W`. */
static int find_readelf_sym(const char *listing, const char *name, struct elf_sym *out)
{
	const char *p = strstr(listing, "Symbol table '.symtab'");
	if (!p)
		return 0;
	p = strchr(p, '\n');
	while (p && p[1] && p[1] != '\n') {
		p++;
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[512];
		if (len < sizeof line) {
			memcpy(line, p, len);
			line[len] = 0;
			unsigned long long value;
			char bind[16], sym[256];
			if (sscanf(line, " %*[0-9]: %llx %*s %*s %15s %*s %*s %255s", &value, bind, sym) == 3 &&
			    strcmp(sym, name) == 0) {
				out->value = value;
				snprintf(out->bind, sizeof out->bind, "%s", bind);
				return 1;
			}
		}
		p = nl;
	}
	return 0;
}

static const char *linkage_bind(enum solder_linkage k)
{
	return k == SOLDER_GLOBAL ? "GLOBAL" : k == SOLDER_WEAK ? "WEAK" : "LOCAL";
}

static void check_readelf(struct e2e *t)
{
	struct sbuf out = { 0 }, err = { 0 };
	char *argv[] = { "readelf", "-a", "-W", (char *)t->image, NULL };
	int rc = run_cmd(t, argv, &out, &err);
	if (rc != 0)
		fail(t, "readelf -a -W %s: exit status %d", t->image, rc);
	if (err.len) {
		fail(t, "readelf -a -W %s wrote to stderr:", t->image);
		sb_block(&t->detail, sb_str(&err), 2000);
	}
	const char *w = strstr(sb_str(&out), "Warning");
	if (w) {
		const char *nl = strchr(w, '\n');
		fail(t, "readelf -a -W %s: %.*s", t->image, (int)(nl ? nl - w : (long)strlen(w)), w);
	}

	const char *e = strstr(sb_str(&out), "Entry point address:");
	uint64_t want_entry = t->fn[t->entry_fn].addr;
	if (!e)
		fail(t, "readelf -a -W %s: no \"Entry point address\"", t->image);
	else if (strtoull(e + strlen("Entry point address:"), NULL, 0) != want_entry)
		fail(t, "ELF entry: expected 0x%llx (%s), got %.40s", (unsigned long long)want_entry,
		     t->fn[t->entry_fn].name, e + strlen("Entry point address:"));

	for (int i = 0; i < t->nexports; i++) {
		const struct export *x = &t->exports[i];
		struct elf_sym s;
		uint64_t want = t->fn[x->fn].addr;
		if (!find_readelf_sym(sb_str(&out), x->name, &s))
			fail(t, "readelf -s: expected symbol %s (%s, 0x%llx), got none", x->name,
			     linkage_bind(x->linkage), (unsigned long long)want);
		else if (s.value != want || strcmp(s.bind, linkage_bind(x->linkage)) != 0)
			fail(t, "readelf -s: symbol %s: expected %s 0x%llx, got %s 0x%llx", x->name,
			     linkage_bind(x->linkage), (unsigned long long)want, s.bind,
			     (unsigned long long)s.value);
	}
	for (int i = 0; i < t->ngone; i++) {
		struct elf_sym s;
		if (find_readelf_sym(sb_str(&out), t->gone[i], &s))
			fail(t, "readelf -s: symbol %s was unexported, but is still there (%s 0x%llx)",
			     t->gone[i], s.bind, (unsigned long long)s.value);
	}
	sb_free(&out);
	sb_free(&err);
}

static void check_dwarf(struct e2e *t)
{
	struct sbuf out = { 0 }, err = { 0 };
	char *verify[] = { "llvm-dwarfdump", "--verify", (char *)t->image, NULL };
	int rc = run_cmd(t, verify, &out, &err);
	if (rc != 0 || !strstr(sb_str(&out), "No errors.") || err.len) {
		fail(t, "llvm-dwarfdump --verify %s: exit status %d, it says:", t->image, rc);
		sb_block(&t->detail, sb_str(&out), 3000);
		sb_block(&t->detail, sb_str(&err), 1000);
	}

	/* The step's function must be found by address, under its name and source file. */
	const struct fn *f = &t->fn[t->focus_fn];
	char lookup[64], name_attr[96], file_attr[96];
	snprintf(lookup, sizeof lookup, "--lookup=0x%llx", (unsigned long long)f->addr);
	snprintf(name_attr, sizeof name_attr, "(\"%s\")", f->name);
	snprintf(file_attr, sizeof file_attr, "%s'", f->file);
	char *look[] = { "llvm-dwarfdump", lookup, (char *)t->image, NULL };
	sb_reset(&out);
	sb_reset(&err);
	rc = run_cmd(t, look, &out, &err);
	if (rc != 0 || !strstr(sb_str(&out), "DW_TAG_subprogram") || !strstr(sb_str(&out), name_attr) ||
	    !strstr(sb_str(&out), "Line info: file '") || !strstr(sb_str(&out), file_attr)) {
		fail(t, "llvm-dwarfdump %s %s: expected the DW_TAG_subprogram %s and line info in "
		     "file %s, got (exit status %d):", lookup, t->image, name_attr, f->file, rc);
		sb_block(&t->detail, sb_str(&out), 3000);
		sb_block(&t->detail, sb_str(&err), 1000);
	}

	/* Where a function was before it moved or was freed, DWARF must not name it. */
	if (t->stale_addr) {
		snprintf(lookup, sizeof lookup, "--lookup=0x%llx", (unsigned long long)t->stale_addr);
		snprintf(name_attr, sizeof name_attr, "(\"%s\")", t->stale_name);
		sb_reset(&out);
		sb_reset(&err);
		rc = run_cmd(t, look, &out, &err);
		/* --lookup exits 1 when no DIE covers the address */
		if ((rc != 0 && rc != 1) || strstr(sb_str(&out), name_attr)) {
			fail(t, "llvm-dwarfdump %s %s: %s left that address, expected no DIE naming it, got "
			     "(exit status %d):", lookup, t->image, t->stale_name, rc);
			sb_block(&t->detail, sb_str(&out), 3000);
			sb_block(&t->detail, sb_str(&err), 1000);
		}
	}

	/* The function with a solder_fn_debug carries its parameter and return type. */
	if (t->fn[F_L3].live) {
		char *named[] = { "llvm-dwarfdump", "--name=level3", "--show-children", (char *)t->image, NULL };
		sb_reset(&out);
		sb_reset(&err);
		rc = run_cmd(t, named, &out, &err);
		if (rc != 0 || !strstr(sb_str(&out), "DW_TAG_formal_parameter") ||
		    !strstr(sb_str(&out), "(\"depth\")") || !strstr(sb_str(&out), "\"int\")")) {
			fail(t, "llvm-dwarfdump --name=level3 --show-children %s: expected parameter "
			     "\"depth\" and type \"int\", got (exit status %d):", t->image, rc);
			sb_block(&t->detail, sb_str(&out), 3000);
			sb_block(&t->detail, sb_str(&err), 1000);
		}
	}
	sb_free(&out);
	sb_free(&err);
}

/* Functions not updated since the last check must not have moved. */
static void check_unmoved(struct e2e *t, const uint64_t before[NFN], const int touched[NFN])
{
	for (int i = 0; i < NFN; i++)
		if (t->fn[i].live && before[i] && !touched[i] && t->fn[i].addr != before[i])
			fail(t, "%s was not updated but moved: expected 0x%llx, got 0x%llx", t->fn[i].name,
			     (unsigned long long)before[i], (unsigned long long)t->fn[i].addr);
}

static void check_image(struct e2e *t)
{
	char snap[4200];
	snapshot_path(t, t->step, snap, sizeof snap);
	if (copy_file(t->image, snap) != 0)
		fail(t, "cannot copy %s to %s", t->image, snap);
	check_run(t);
	check_readelf(t);
	check_dwarf(t);
}

static void save_addrs(const struct e2e *t, uint64_t out[NFN])
{
	for (int i = 0; i < NFN; i++)
		out[i] = t->fn[i].live ? t->fn[i].addr : 0;
}

/* ---- the steps. Each returns 0 when the ones after it cannot run. */

static int step_init(struct e2e *t)
{
	begin_step(t, "init");
	unlink(t->image);
	if (open_link(t)) {
		if (solder_resumed(t->l))
			fail(t, "solder_resumed() on a new file: expected 0, got 1");
		build_initial(t);
	}
	if (!t->fatal)
		check_image(t);
	end_step(t, NULL);
	return !t->fatal;
}

static int step_body_in_place(struct e2e *t)
{
	begin_step(t, "a-body-in-place");
	uint64_t before[NFN];
	int touched[NFN] = { [F_L3] = 1 };
	save_addrs(t, before);
	uint64_t old_size = fn_size(t, F_L3);
	SET_OPS(t, F_L3, W(M_L3_A));
	if (fn_size(t, F_L3) > old_size) {
		fprintf(stderr, "api_e2e: model error: level3 grew in step a\n");
		exit(2);
	}
	t->focus_fn = F_L3;
	if (update_fn(t, F_L3) && flush(t)) {
		if (t->fn[F_L3].addr != before[F_L3])
			fail(t, "level3 changed within its size, so it must stay: expected address 0x%llx, got 0x%llx",
			     (unsigned long long)before[F_L3], (unsigned long long)t->fn[F_L3].addr);
		check_unmoved(t, before, touched);
		check_image(t);
	}
	end_step(t, NULL);
	return !t->fatal;
}

static int step_grow_moves(struct e2e *t)
{
	begin_step(t, "b-grow-moves");
	uint64_t before[NFN];
	int touched[NFN] = { [F_G] = 1 };
	save_addrs(t, before);
	/* grower's block reaches up to helper, the block after it */
	uint64_t capacity = t->fn[F_H].addr - t->fn[F_G].addr;
	uint64_t old_size = fn_size(t, F_G);
	struct fn *g = &t->fn[F_G];
	g->nops = 0;
	while (fn_size(t, F_G) <= capacity && g->nops < MAX_OPS)
		g->ops[g->nops++] = (struct op){ OP_WRITE, M_G1 };
	t->focus_fn = F_G;
	t->stale_addr = before[F_G];
	t->stale_name = "grower";
	char note[160] = "";
	if (update_fn(t, F_G) && flush(t)) {
		snprintf(note, sizeof note, "grower %llu -> %llu bytes (capacity %llu) moved 0x%llx -> 0x%llx",
		         (unsigned long long)old_size, (unsigned long long)fn_size(t, F_G),
		         (unsigned long long)capacity,
		         (unsigned long long)before[F_G], (unsigned long long)g->addr);
		if (g->addr == before[F_G])
			fail(t, "grower outgrew its capacity (%llu > %llu bytes): expected it to move from 0x%llx, "
			     "got the same address", (unsigned long long)fn_size(t, F_G),
			     (unsigned long long)capacity, (unsigned long long)before[F_G]);
		check_unmoved(t, before, touched);
		check_image(t);
	}
	end_step(t, note[0] ? note : NULL);
	return !t->fatal;
}

static int step_free_reuse(struct e2e *t)
{
	begin_step(t, "c-free-reuse");
	uint64_t before[NFN];
	int touched[NFN] = { [F_H] = 1, [F_V] = 1, [F_N] = 1 };
	save_addrs(t, before);
	/* victim's space runs up to tail, the block after it */
	uint64_t v_lo = t->fn[F_V].addr, v_hi = t->fn[F_T].addr;
	char note[160] = "";
	if (!API(t, solder_free_symbol(t->l, t->fn[F_V].sym)))
		goto out;
	t->fn[F_V].live = 0;
	t->gone[t->ngone++] = "victim";
	t->stale_addr = v_lo;
	t->stale_name = "victim";
	uint64_t dummy;
	if (solder_symbol_addr(t->l, t->fn[F_V].sym, &dummy) == SOLDER_OK)
		fail(t, "solder_symbol_addr(victim) after solder_free_symbol: expected an error, got SOLDER_OK");
	if (!API(t, solder_alloc_symbol(t->l, &t->fn[F_N].sym)))
		goto out;
	SET_OPS(t, F_N, W(M_N), PAD(96));
	SET_OPS(t, F_H, W(M_H), CALL(F_N));
	t->focus_fn = F_N;
	if (update_fn(t, F_N) && update_fn(t, F_H) && flush(t)) {
		uint64_t n = t->fn[F_N].addr;
		snprintf(note, sizeof note, "newcomer (%llu bytes) at 0x%llx, in victim's old [0x%llx, 0x%llx)",
		         (unsigned long long)fn_size(t, F_N), (unsigned long long)n,
		         (unsigned long long)v_lo, (unsigned long long)v_hi);
		if (n < v_lo || n >= v_hi)
			fail(t, "newcomer (%llu bytes) should reuse the freed victim's space: expected an address in "
			     "[0x%llx, 0x%llx) (victim was at 0x%llx), got 0x%llx", (unsigned long long)fn_size(t, F_N),
			     (unsigned long long)v_lo, (unsigned long long)v_hi, (unsigned long long)v_lo,
			     (unsigned long long)n);
		check_unmoved(t, before, touched);
		check_image(t);
	}
out:
	end_step(t, note[0] ? note : NULL);
	return !t->fatal;
}

static int step_rename_export(struct e2e *t)
{
	begin_step(t, "d-rename-export");
	t->focus_fn = F_L1;
	if (API(t, solder_unexport(t->l, "api_level1_v0")) &&
	    API(t, solder_export(t->l, t->fn[F_L1].sym, "api_level1_v1", SOLDER_GLOBAL))) {
		for (int i = 0; i < t->nexports; i++)
			if (strcmp(t->exports[i].name, "api_level1_v0") == 0)
				t->exports[i].name = "api_level1_v1";
		t->gone[t->ngone++] = "api_level1_v0";
		solder_sym s;
		if (solder_find_symbol(t->l, "api_level1_v0", &s) == SOLDER_OK)
			fail(t, "solder_find_symbol(api_level1_v0) after unexport: expected an error, got symbol %u", s);
		if (solder_find_symbol(t->l, "api_level1_v1", &s) != SOLDER_OK || s != t->fn[F_L1].sym)
			fail(t, "solder_find_symbol(api_level1_v1): expected symbol %u", t->fn[F_L1].sym);
		if (flush(t))
			check_image(t);
	}
	end_step(t, NULL);
	return !t->fatal;
}

static int step_new_entry(struct e2e *t)
{
	begin_step(t, "e-new-entry");
	struct fn *s2 = &t->fn[F_S2];
	SET_OPS(t, F_S2, W(M_S2), CALL(F_L1), CALL(F_T), EXIT(7));
	t->focus_fn = F_S2;
	if (API(t, solder_alloc_symbol(t->l, &s2->sym)) && update_fn(t, F_S2) &&
	    API(t, solder_export(t->l, s2->sym, "alt_start", SOLDER_GLOBAL)) &&
	    API(t, solder_set_entry(t->l, "alt_start"))) {
		t->exports[t->nexports++] = (struct export){ "alt_start", F_S2, SOLDER_GLOBAL };
		t->entry_fn = F_S2;
		if (flush(t))
			check_image(t);
	}
	end_step(t, NULL);
	return !t->fatal;
}

static int step_rodata_moves(struct e2e *t)
{
	begin_step(t, "r-rodata-moves");
	uint64_t before[NFN];
	int touched[NFN] = { [F_L2] = 1, [F_T] = 1 };
	save_addrs(t, before);
	uint64_t old_addr = t->obj_addr[OBJ_STRINGS];
	uint64_t capacity = t->obj_addr[OBJ_BANNER] - old_addr;
	t->strings_grown = 1;
	if (obj_size(t, OBJ_STRINGS) <= capacity) {
		fprintf(stderr, "api_e2e: model error: strings grows to %llu bytes, within its capacity %llu\n",
		        (unsigned long long)obj_size(t, OBJ_STRINGS), (unsigned long long)capacity);
		exit(2);
	}
	SET_OPS(t, F_L2, W(M_L2_R), CALL(F_L3), CALL(F_G));
	SET_OPS(t, F_T, W(M_GREETING), W(M_T), W(M_R_LONG));
	t->focus_fn = F_L2;
	char note[160] = "";
	if (update_obj(t, OBJ_STRINGS) && update_fn(t, F_L2) && update_fn(t, F_T) && flush(t)) {
		snprintf(note, sizeof note, "strings (%llu bytes, capacity %llu) moved 0x%llx -> 0x%llx",
		         (unsigned long long)obj_size(t, OBJ_STRINGS), (unsigned long long)capacity,
		         (unsigned long long)old_addr, (unsigned long long)t->obj_addr[OBJ_STRINGS]);
		if (t->obj_addr[OBJ_STRINGS] == old_addr)
			fail(t, "strings outgrew its capacity (%llu > %llu bytes): expected it to move from 0x%llx, "
			     "got the same address", (unsigned long long)obj_size(t, OBJ_STRINGS),
			     (unsigned long long)capacity, (unsigned long long)old_addr);
		check_unmoved(t, before, touched);
		check_image(t);
	}
	end_step(t, note[0] ? note : NULL);
	return !t->fatal;
}

static uint64_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
}

static int step_resume(struct e2e *t)
{
	begin_step(t, "f-resume");
	uint64_t before[NFN];
	int touched[NFN] = { [F_L3] = 1 };
	char note[160] = "";
	save_addrs(t, before);
	if (!close_link(t) || !open_link(t))
		goto out;
	if (!solder_resumed(t->l)) {
		fail(t, "solder_open of a file closed cleanly: expected solder_resumed() 1, got 0 (%s)",
		     solder_rebuild_reason(t->l));
		t->fatal = 1;
		goto out;
	}
	solder_sym s;
	if (solder_find_symbol(t->l, "level3", &s) != SOLDER_OK || s != t->fn[F_L3].sym)
		fail(t, "solder_find_symbol(level3) after resume: expected symbol %u", t->fn[F_L3].sym);
	if (!refresh_addrs(t))
		goto out;
	int same[NFN] = { 0 };
	check_unmoved(t, before, same);
	SET_OPS(t, F_L3, W(M_L3_F));
	t->focus_fn = F_L3;
	if (update_fn(t, F_L3) && flush(t)) {
		struct solder_stats st;
		solder_get_stats(t->l, &st);
		uint64_t size = file_size(t->image);
		snprintf(note, sizeof note, "resumed; one update wrote %llu of %llu bytes in %llu calls",
		         (unsigned long long)st.bytes_written, (unsigned long long)size,
		         (unsigned long long)st.write_calls);
		if (st.bytes_written * 4 > size)
			fail(t, "updating one function after resume: expected to write under a quarter of the "
			     "%llu-byte file, got %llu bytes (%llu calls, %llu bytes copied)",
			     (unsigned long long)size, (unsigned long long)st.bytes_written,
			     (unsigned long long)st.write_calls, (unsigned long long)st.bytes_copied);
		check_unmoved(t, before, touched);
		check_image(t);
	}
out:
	end_step(t, note[0] ? note : NULL);
	return !t->fatal;
}

/* Reopens a file solder must not trust, and builds the first program again. */
static int reopen_rebuild(struct e2e *t, const char *why, char *note, size_t n)
{
	if (!open_link(t))
		return 0;
	if (solder_resumed(t->l)) {
		fail(t, "solder_open of a file that was %s: expected solder_resumed() 0, got 1", why);
		t->fatal = 1;
		return 0;
	}
	const char *reason = solder_rebuild_reason(t->l);
	if (!reason || !reason[0])
		fail(t, "solder_open of a file that was %s: expected a rebuild reason, got \"\"", why);
	snprintf(note, n, "rebuilt: %s", reason ? reason : "(null)");
	if (!build_initial(t))
		return 0;
	check_image(t);
	return 1;
}

static int step_interrupted(struct e2e *t)
{
	begin_step(t, "f-interrupted");
	char note[256] = "";
	SET_OPS(t, F_L3, W(M_L3));
	if (update_fn(t, F_L3) && flush(t)) {
		destroy_link(t);
		reopen_rebuild(t, "modified and then abandoned (solder_destroy)", note, sizeof note);
	}
	end_step(t, note[0] ? note : NULL);
	return !t->fatal;
}

static int step_corrupted(struct e2e *t, const char *step, int truncate_half)
{
	begin_step(t, step);
	char note[256] = "";
	if (!close_link(t))
		goto out;
	uint64_t size = file_size(t->image);
	int fd = open(t->image, O_WRONLY);
	int ok = fd >= 0;
	if (ok && truncate_half)
		ok = ftruncate(fd, (off_t)(size / 2)) == 0;
	else if (ok)
		ok = pwrite(fd, "\0BAD", 4, 0) == 4;
	if (fd >= 0)
		close(fd);
	if (!ok) {
		fail(t, "cannot corrupt %s: %s", t->image, strerror(errno));
		t->fatal = 1;
		goto out;
	}
	reopen_rebuild(t, truncate_half ? "truncated to half its size" : "given a bad ELF magic", note, sizeof note);
out:
	end_step(t, note[0] ? note : NULL);
	return !t->fatal;
}

/* The image as solder_close leaves it, with the state for resuming, is what a user
 * keeps: it must be as good as the flushed ones. */
static int step_closed(struct e2e *t)
{
	begin_step(t, "closed");
	if (close_link(t))
		check_image(t);
	end_step(t, NULL);
	return !t->fatal;
}

static const char *const step_names[] = {
	"init", "a-body-in-place", "b-grow-moves", "c-free-reuse", "d-rename-export", "e-new-entry",
	"r-rodata-moves", "f-resume", "f-interrupted", "f-truncated", "f-bad-magic", "closed",
};

static int run_steps(struct e2e *t)
{
	for (size_t i = 0; i < sizeof step_names / sizeof step_names[0]; i++) {
		int ok;
		switch (i) {
		case 0: ok = step_init(t); break;
		case 1: ok = step_body_in_place(t); break;
		case 2: ok = step_grow_moves(t); break;
		case 3: ok = step_free_reuse(t); break;
		case 4: ok = step_rename_export(t); break;
		case 5: ok = step_new_entry(t); break;
		case 6: ok = step_rodata_moves(t); break;
		case 7: ok = step_resume(t); break;
		case 8: ok = step_interrupted(t); break;
		case 9: ok = step_corrupted(t, "f-truncated", 1); break;
		case 10: ok = step_corrupted(t, "f-bad-magic", 0); break;
		default: ok = step_closed(t); break;
		}
		if (!ok) {
			printf("  (%s: the steps after %s did not run)\n", t->ai->name, step_names[i]);
			return 0;
		}
		if (t->stop_after && strcmp(t->stop_after, step_names[i]) == 0)
			return 1;
	}
	return 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: api_e2e <riscv64|riscv32|x86_64|i386> <image> [--stop-after STEP]\nsteps:");
	for (size_t i = 0; i < sizeof step_names / sizeof step_names[0]; i++)
		fprintf(stderr, " %s", step_names[i]);
	fprintf(stderr, "\n");
	return 2;
}

int main(int argc, char **argv)
{
	static struct e2e t;
	if (argc != 3 && !(argc == 5 && strcmp(argv[3], "--stop-after") == 0))
		return usage();
	for (size_t i = 0; i < sizeof arches / sizeof arches[0]; i++)
		if (strcmp(argv[1], arches[i].name) == 0)
			t.ai = &arches[i];
	if (!t.ai)
		return usage();
	t.self = argv[0];
	t.image = argv[2];
	if (argc == 5) {
		t.stop_after = argv[4];
		int known = 0;
		for (size_t i = 0; i < sizeof step_names / sizeof step_names[0]; i++)
			known |= strcmp(step_names[i], t.stop_after) == 0;
		if (!known)
			return usage();
	}
	size_t n = strlen(t.image);
	if (n >= sizeof t.stem - 32)
		return usage();
	memcpy(t.stem, t.image, n + 1);
	if (n > 4 && strcmp(t.stem + n - 4, ".elf") == 0)
		t.stem[n - 4] = 0;
	snprintf(t.banner, sizeof t.banner, "== solder api e2e: %s ==\n", t.ai->name);
	t.int_type = (struct solder_type){ "int", 4, 5 /* DW_ATE_signed */ };
	t.depth_param = (struct solder_param){ "depth", &t.int_type, t.ai->arg0_dwarf_reg };
	t.l3_debug = (struct solder_fn_debug){ &t.int_type, &t.depth_param, 1, 40 };

	int ok = run_steps(&t);
	if (t.l && !t.fatal) {
		begin_step(&t, "close");
		if (!close_link(&t))
			end_step(&t, NULL);
	}
	destroy_link(&t);
	sb_free(&t.detail);
	return ok && t.failed_steps == 0 ? 0 : 1;
}
