/*
 * gdb_images.c: builds the images that qemu-tests/run-gdb.sh debugs with gdb-multiarch
 * over QEMU's gdbstub, through solder.h alone.
 *
 *     gdb_images <arch> <image>           build the image from scratch
 *     gdb_images <arch> <image> --move    reopen it, grow `inner` past its block, flush
 *
 * The program is what a compiler would hand solder for this C source, one function at
 * a time, with line rows, file names and (for `inner`) its signature. The tool also
 * writes the source, lib.c and prog.c, beside the image (DW_AT_comp_dir names that
 * folder), so that gdb shows the lines it stops at:
 *
 *     lib.c                                    prog.c
 *     10 int inner(int depth) {                20 void middle(void) {
 *     11     write(1, "inner reached\n", 14);  21     inner(3);
 *     12     return 42;                        22 }
 *     13 }                                     30 void outer(void) { 31 middle(); 32 }
 *                                              40 void _start(void) { 41 outer(); 42 exit(3); }
 *
 * Every function builds a frame with solder_emit_enter so that gdb can unwind
 * _start -> outer -> middle -> inner; the calls go through the GOT. solder writes no
 * call-frame information (.debug_frame): gdb unwinds these frames with its prologue
 * analysers, which know `push rbp; mov rbp, rsp` (`push ebp; mov ebp, esp`) and
 * `addi sp, sp, -16; sd ra, 8(sp)` (`sw ra, 12(sp)`). `inner` is allocated first, so
 * the other functions sit after it and it cannot grow in place.
 *
 * The --move mode is the incremental update a compiler makes when `inner` grows: a
 * comment is inserted before its write, which now happens three times (lines 14-16).
 * It resumes the image that the first run closed, so the update is written into the
 * file in place; `inner` no longer fits its block and moves, nothing else does. The
 * mode fails when the image was not resumed or `inner` did not move, since the gdb
 * session that follows would then prove nothing.
 *
 * Both modes print a manifest on stdout, one KEY=VALUE a line, of what the compiler
 * knows and gdb must show: each function's address (from solder_symbol_addr; the script
 * checks it against readelf -s), source file and lines, the length of its prologue (the
 * offset of its second line row, where gdb puts a breakpoint), and for callers the
 * address just past their call (the return address in a backtrace) and the line that
 * starts there (where `finish` stops). Exit status: 0, 1 on an engine error, 2 on bad
 * usage.
 */
#define _XOPEN_SOURCE 700

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solder.h"

struct arch_info {
	const char *name;
	solder_arch arch;
	int arg0_dwarf_reg;  /* DWARF number of the register SOLDER_REG_ARG0 names */
};

static const struct arch_info arches[] = {
	{ "riscv64", SOLDER_ARCH_RISCV64, 10 },  /* a0 */
	{ "riscv32", SOLDER_ARCH_RISCV32, 10 },  /* a0 */
	{ "x86_64", SOLDER_ARCH_X86_64, 5 },     /* rdi */
	{ "i386", SOLDER_ARCH_I386, 3 },         /* ebx: the Linux syscall argument register */
};

/* The value middle passes to inner; gdb must show it as inner's parameter `depth`. */
#define DEPTH_ARG 3
#define EXIT_STATUS 3
#define MESSAGE "inner reached\n"

static solder_link *L;

static void check(solder_status st, const char *what)
{
	if (st == SOLDER_OK)
		return;
	fprintf(stderr, "gdb_images: %s: %s (status %d)\n", what, solder_error(L), (int)st);
	exit(1);
}

/* One function as the compiler hands it over, and what it knows about its code. */
struct func {
	const char *name;
	const char *file;
	solder_sym sym;
	uint8_t bytes[256];
	struct solder_fixup fixups[16];
	struct solder_code code;
	struct solder_line rows[8];
	size_t nrows;
	uint32_t call_end;  /* offset just past the call it makes; 0: makes none */
};

static void begin(struct func *f, const char *name, const char *file)
{
	f->name = name;
	f->file = file;
	f->code = (struct solder_code){ f->bytes, 0, sizeof f->bytes, f->fixups, 0, 16, 0 };
	f->nrows = 0;
	f->call_end = 0;
}

/* Starts the next source line at the current end of the code. */
static void line(struct func *f, uint32_t n)
{
	if (f->nrows == sizeof f->rows / sizeof f->rows[0]) {
		fprintf(stderr, "gdb_images: %s: too many line rows\n", f->name);
		exit(2);
	}
	f->rows[f->nrows++] = (struct solder_line){ (uint32_t)f->code.len, n };
}

static void emit_call(solder_arch arch, struct func *f, const struct func *callee)
{
	solder_emit_call_got(arch, &f->code, callee->sym);
	f->call_end = (uint32_t)f->code.len;
}

static void update(const struct func *f, const struct solder_fn_debug *dbg)
{
	if (f->code.overflow) {
		fprintf(stderr, "gdb_images: %s: code buffer overflow\n", f->name);
		exit(2);
	}
	struct solder_update u = {
		.name = f->name, .kind = SOLDER_FUNC, .bytes = f->bytes, .size = f->code.len,
		.fixups = f->fixups, .nfixups = f->code.nfixups, .lines = f->rows, .nlines = f->nrows,
		.file_name = f->file, .debug = dbg,
	};
	char what[64];
	snprintf(what, sizeof what, "updating %s", f->name);
	check(solder_update_symbol(L, f->sym, &u), what);
}

/* The value inner returns; gdb's `finish` must show it. */
#define INNER_RETURN 42

/* inner's code: `writes` calls of write(1, msg, len) from line first_write_line on,
 * then `return 42;` and the closing brace. */
static void build_inner(solder_arch arch, struct func *f, solder_sym msg, int writes, uint32_t first_write_line)
{
	begin(f, "inner", "lib.c");
	line(f, 10);
	solder_emit_enter(arch, &f->code);
	for (int i = 0; i < writes; i++) {
		line(f, first_write_line + (uint32_t)i);
		solder_emit_sys_write(arch, &f->code, 1, msg, 0, strlen(MESSAGE));
	}
	line(f, first_write_line + (uint32_t)writes);
	solder_emit_load_imm(arch, &f->code, SOLDER_REG_RET, INNER_RETURN);
	line(f, first_write_line + (uint32_t)writes + 1);
	solder_emit_leave(arch, &f->code);
	solder_emit_ret(arch, &f->code);
}

/* A function at line `first` that calls callee on the next line, then returns, or for
 * _start exits. */
static void build_caller(solder_arch arch, struct func *f, const char *name, uint32_t first,
                         const struct func *callee, int pass_depth, int exits)
{
	begin(f, name, "prog.c");
	line(f, first);
	solder_emit_enter(arch, &f->code);
	line(f, first + 1);
	if (pass_depth)
		solder_emit_load_imm(arch, &f->code, SOLDER_REG_ARG0, DEPTH_ARG);
	emit_call(arch, f, callee);
	line(f, first + 2);
	if (exits) {
		solder_emit_sys_exit(arch, &f->code, EXIT_STATUS);
	} else {
		solder_emit_leave(arch, &f->code);
		solder_emit_ret(arch, &f->code);
	}
}

/* Writes dir/name with text[i] as line i + 1 (NULL: an empty line). */
static void write_source(const char *dir, const char *name, const char *const *text, size_t n)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(2);
	}
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s\n", text[i] ? text[i] : "");
	if (fclose(f)) {
		perror(path);
		exit(2);
	}
}

/* The C source the functions stand for, line for line with their rows. */
static void write_sources(const char *dir, int writes, uint32_t first_write_line)
{
	const char *lib[32] = {
		"/* lib.c: `inner`, as gdb_images hands it to solder (generated). */",
		"#include <unistd.h>",
		[9] = "int inner(int depth) {",
	};
	if (writes > 1)
		lib[10] = "\t/* three writes now: inner outgrows its block, and solder moves it */";
	for (int i = 0; i < writes; i++)
		lib[first_write_line - 1 + (uint32_t)i] = "\twrite(1, \"inner reached\\n\", 14);";
	char ret[32];
	snprintf(ret, sizeof ret, "\treturn %d;", INNER_RETURN);
	lib[first_write_line - 1 + (uint32_t)writes] = ret;
	lib[first_write_line + (uint32_t)writes] = "}";
	write_source(dir, "lib.c", lib, first_write_line + (uint32_t)writes + 1);

	char call[32], ex[32];
	snprintf(call, sizeof call, "\tinner(%d);", DEPTH_ARG);
	snprintf(ex, sizeof ex, "\texit(%d);", EXIT_STATUS);
	const char *prog[43] = {
		"/* prog.c: the callers of `inner`, as gdb_images hands them to solder (generated). */",
		"#include <stdlib.h>",
		"int inner(int depth);",
		[19] = "void middle(void) {", [20] = call, [21] = "}",
		[29] = "void outer(void) {", [30] = "\tmiddle();", [31] = "}",
		[39] = "void _start(void) {", [40] = "\touter();", [41] = ex, [42] = "}",
	};
	write_source(dir, "prog.c", prog, sizeof prog / sizeof prog[0]);
}

static void print_func(const char *key, const struct func *f)
{
	uint64_t addr;
	check(solder_symbol_addr(L, f->sym, &addr), "solder_symbol_addr");
	printf("%s_addr=0x%llx\n", key, (unsigned long long)addr);
	printf("%s_file=%s\n", key, f->file);
	printf("%s_entry_line=%u\n", key, (unsigned)f->rows[0].line);
	/* gdb skips the prologue to the second row; it is also where the first row ends. */
	printf("%s_prologue=%u\n", key, (unsigned)f->rows[1].offset);
	printf("%s_body_line=%u\n", key, (unsigned)f->rows[1].line);
	if (f->call_end) {
		printf("%s_return=0x%llx\n", key, (unsigned long long)(addr + f->call_end));
		printf("%s_call_line=%u\n", key, (unsigned)f->rows[1].line);
		/* The call ends its line, so the return address starts the next row. */
		printf("%s_return_line=%u\n", key, (unsigned)f->rows[2].line);
	}
}

static solder_sym find(const char *name)
{
	solder_sym s;
	char what[64];
	snprintf(what, sizeof what, "finding %s in the resumed image", name);
	check(solder_find_symbol(L, name, &s), what);
	return s;
}

int main(int argc, char **argv)
{
	const struct arch_info *ai = NULL;
	if (argc >= 3)
		for (size_t i = 0; i < sizeof arches / sizeof arches[0]; i++)
			if (!strcmp(argv[1], arches[i].name))
				ai = &arches[i];
	int move = argc == 4 && !strcmp(argv[3], "--move");
	if (!ai || (argc == 4 && !move) || argc > 4) {
		fprintf(stderr, "usage: gdb_images riscv64|riscv32|x86_64|i386 IMAGE [--move]\n");
		return 2;
	}
	const char *image = argv[2];
	solder_arch arch = ai->arch;

	/* DW_AT_comp_dir is the image's folder, so that gdb finds prog.c and lib.c there. */
	char dir[PATH_MAX];
	const char *slash = strrchr(image, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - image), image);
	char comp_dir[PATH_MAX];
	if (!realpath(dir, comp_dir)) {
		perror(dir);
		return 2;
	}

	if (!move)
		remove(image);
	struct solder_file_ops file;
	if (solder_posix_open(image, &file)) {
		perror(image);
		return 2;
	}
	check(solder_create(&L, &solder_malloc_allocator), "solder_create");
	struct solder_options o = { .arch = arch, .debug_info = 1, .cu_name = "prog.c", .comp_dir = comp_dir };
	check(solder_open(L, &o, &file), "solder_open");

	static struct func inner, middle, outer, start;
	solder_sym msg;
	if (move) {
		if (!solder_resumed(L)) {
			fprintf(stderr, "gdb_images: %s was not resumed but rebuilt: %s\n", image,
			        solder_rebuild_reason(L));
			return 1;
		}
		msg = find("msg");
		inner.sym = find("inner");
		middle.sym = find("middle");
		outer.sym = find("outer");
		start.sym = find("_start");
	} else {
		/* inner first: the blocks after it keep it from growing in place. */
		check(solder_alloc_symbol(L, &inner.sym), "solder_alloc_symbol");
		check(solder_alloc_symbol(L, &middle.sym), "solder_alloc_symbol");
		check(solder_alloc_symbol(L, &outer.sym), "solder_alloc_symbol");
		check(solder_alloc_symbol(L, &start.sym), "solder_alloc_symbol");
		check(solder_alloc_symbol(L, &msg), "solder_alloc_symbol");
		struct solder_update m = { .name = "msg", .kind = SOLDER_RODATA, .bytes = (const uint8_t *)MESSAGE,
			                       .size = strlen(MESSAGE) };
		check(solder_update_symbol(L, msg, &m), "updating msg");
	}

	static const struct solder_type int_type = { "int", 4, 5 /* DW_ATE_signed */ };
	const struct solder_param depth = { "depth", &int_type, ai->arg0_dwarf_reg };
	const struct solder_fn_debug inner_dbg = { &int_type, &depth, 1, 10 };

	/* The model is rebuilt in both modes: the manifest needs every function's layout. */
	int writes = move ? 3 : 1;
	uint32_t first_write_line = move ? 14 : 11;
	build_inner(arch, &inner, msg, writes, first_write_line);
	build_caller(arch, &middle, "middle", 20, &inner, 1, 0);
	build_caller(arch, &outer, "outer", 30, &middle, 0, 0);
	build_caller(arch, &start, "_start", 40, &outer, 0, 1);

	uint64_t old_addr = 0;
	if (move) {
		check(solder_symbol_addr(L, inner.sym, &old_addr), "solder_symbol_addr");
		update(&inner, &inner_dbg);
	} else {
		update(&inner, &inner_dbg);
		update(&middle, NULL);
		update(&outer, NULL);
		update(&start, NULL);
		check(solder_export(L, start.sym, "_start", SOLDER_GLOBAL), "exporting _start");
	}
	check(solder_flush(L), "solder_flush");

	if (move) {
		uint64_t new_addr;
		check(solder_symbol_addr(L, inner.sym, &new_addr), "solder_symbol_addr");
		if (new_addr == old_addr) {
			fprintf(stderr, "gdb_images: inner grew to %zu bytes but stayed at 0x%llx\n", inner.code.len,
			        (unsigned long long)old_addr);
			return 1;
		}
		printf("inner_old_addr=0x%llx\n", (unsigned long long)old_addr);
	}
	print_func("inner", &inner);
	print_func("middle", &middle);
	print_func("outer", &outer);
	print_func("start", &start);
	printf("inner_writes=%d\n", writes);
	printf("inner_return=%d\n", INNER_RETURN);
	printf("depth_arg=%d\n", DEPTH_ARG);
	printf("exit_status=%d\n", EXIT_STATUS);
	printf("message=%s", MESSAGE);

	write_sources(comp_dir, writes, first_write_line);
	check(solder_close(L), "solder_close");
	solder_posix_close(&file);
	return 0;
}
