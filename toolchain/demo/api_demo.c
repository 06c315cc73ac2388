/*
 * api_demo.c: what `make demo` shows of solder's engine, through include/solder.h only.
 *
 *     api-demo IMAGE            build a small riscv64 Linux program into IMAGE
 *     api-demo IMAGE --update   resume IMAGE and change two of its functions in place
 *
 * The program is what a compiler would hand solder one function at a time, here
 * assembled with the solder_emit_* encoders:
 *
 *     banner()  prints a banner
 *     greet()   prints a greeting
 *     report()  prints a one-line report
 *     _start()  calls banner, greet and report through their GOT slots, exits with 7
 *
 * The update is a compiler's next edit-compile cycle: greet's code changes (it prints
 * a new greeting, so its address and length operands change) but keeps its size, so it
 * is rewritten where it is; report grows to three lines, outgrows the room its block
 * has before the next function, and moves. _start is not touched: it calls report
 * through report's GOT slot, and solder rewrites only that slot. The demo prints what
 * moved and how many bytes the update wrote against the size of the file.
 *
 * Exit status: 0, 1 when solder reports an error (its message is printed), 2 on bad
 * usage.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "solder.h"

#define ARCH SOLDER_ARCH_RISCV64
#define EXIT_STATUS 7

static solder_link *L;
/* What the update's calls and flush handed to the file (solder_get_stats). */
static struct solder_stats update_stats;

/* The file operations are the caller's: these pass through to the POSIX ones and count
 * what solder_close writes after the last flush (the state a later run resumes from),
 * which solder_get_stats cannot report once the link is freed. */
static struct solder_file_ops posix_file;
static uint64_t bytes_to_file;

static int64_t count_pread(void *h, void *buf, size_t len, uint64_t off)
{
	(void)h;
	return posix_file.pread(posix_file.handle, buf, len, off);
}

static int count_pwrite(void *h, const void *buf, size_t len, uint64_t off)
{
	(void)h;
	bytes_to_file += len;
	return posix_file.pwrite(posix_file.handle, buf, len, off);
}

static int count_copy_range(void *h, uint64_t src, uint64_t dst, uint64_t len)
{
	(void)h;
	bytes_to_file += len;
	return posix_file.copy_range(posix_file.handle, src, dst, len);
}

static int count_truncate(void *h, uint64_t len)
{
	(void)h;
	return posix_file.truncate(posix_file.handle, len);
}

static void check(solder_status st, const char *what)
{
	if (st == SOLDER_OK)
		return;
	fprintf(stderr, "api-demo: %s: %s\n", what, solder_error(L));
	exit(1);
}

static const char BANNER[] = "Hello from a riscv64 program that solder built through its library API.\n";
static const char GREETING_V1[] = "greet:  version 1 of my code.\n";
static const char GREETING_V2[] = "greet:  version 2, rewritten in place by an incremental update.\n";
/* Version 1 of report prints the first line only, version 2 all three. */
static const char REPORT[] =
	"report: line 1\n"
	"report: line 2: report() grew past its block and moved,\n"
	"report: line 3: and _start still reaches it through the same GOT slot.\n";

/* One function's code, as the encoders assemble it. */
struct func {
	uint8_t bytes[512];
	struct solder_fixup fixups[32];
	struct solder_code code;
};

static struct solder_code *begin(struct func *f)
{
	f->code = (struct solder_code){ f->bytes, 0, sizeof f->bytes, f->fixups, 0, 32, 0 };
	solder_emit_enter(ARCH, &f->code);
	return &f->code;
}

static void put(solder_sym sym, const char *name, enum solder_kind kind, const void *bytes, size_t size,
                const struct solder_code *c)
{
	char what[64];
	snprintf(what, sizeof what, "updating %s", name);
	if (c && c->overflow) {
		fprintf(stderr, "api-demo: %s: the code buffer is too small\n", name);
		exit(2);
	}
	struct solder_update u = { .name = name, .kind = kind, .bytes = bytes, .size = size };
	if (c) {
		u.fixups = c->fixups;
		u.nfixups = c->nfixups;
	}
	check(solder_update_symbol(L, sym, &u), what);
}

/* A function that writes the given slices of a string object and returns. */
static void put_writer(solder_sym sym, const char *name, solder_sym text, const size_t *starts,
                       const size_t *lens, size_t n)
{
	struct func f;
	struct solder_code *c = begin(&f);
	for (size_t i = 0; i < n; i++)
		solder_emit_sys_write(ARCH, c, 1, text, (int64_t)starts[i], lens[i]);
	solder_emit_leave(ARCH, c);
	solder_emit_ret(ARCH, c);
	put(sym, name, SOLDER_FUNC, c->bytes, c->len, c);
}

static void put_string(solder_sym sym, const char *name, const char *s)
{
	put(sym, name, SOLDER_RODATA, s, strlen(s), NULL);
}

static solder_sym find(const char *name)
{
	solder_sym s;
	char what[64];
	snprintf(what, sizeof what, "finding %s", name);
	check(solder_find_symbol(L, name, &s), what);
	return s;
}

static uint64_t addr_of(solder_sym s)
{
	uint64_t a;
	check(solder_symbol_addr(L, s, &a), "solder_symbol_addr");
	return a;
}

static void build(void)
{
	solder_sym banner, greet, report, start, banner_text, greeting, report_text;
	/* report before _start: the block after it is what makes it move when it grows. */
	solder_sym *syms[] = { &banner, &greet, &report, &start, &banner_text, &greeting, &report_text };
	for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++)
		check(solder_alloc_symbol(L, syms[i]), "solder_alloc_symbol");

	put_string(banner_text, "banner_text", BANNER);
	put_string(greeting, "greeting_v1", GREETING_V1);
	put_string(report_text, "report_text", REPORT);

	size_t zero = 0, len;
	len = strlen(BANNER);
	put_writer(banner, "banner", banner_text, &zero, &len, 1);
	len = strlen(GREETING_V1);
	put_writer(greet, "greet", greeting, &zero, &len, 1);
	len = (size_t)(strchr(REPORT, '\n') - REPORT) + 1;
	put_writer(report, "report", report_text, &zero, &len, 1);

	struct func f;
	struct solder_code *c = begin(&f);
	solder_emit_call_got(ARCH, c, banner);
	solder_emit_call_got(ARCH, c, greet);
	solder_emit_call_got(ARCH, c, report);
	solder_emit_sys_exit(ARCH, c, EXIT_STATUS);
	put(start, "_start", SOLDER_FUNC, c->bytes, c->len, c);
	check(solder_export(L, start, "_start", SOLDER_GLOBAL), "exporting _start");
	check(solder_flush(L), "solder_flush");

	printf("functions (each in a block with room to grow; calls go through the GOT):\n");
	const char *names[] = { "banner", "greet", "report", "_start" };
	solder_sym fs[] = { banner, greet, report, start };
	for (int i = 0; i < 4; i++) {
		uint64_t got;
		check(solder_got_slot_addr(L, fs[i], &got), "solder_got_slot_addr");
		printf("  %-7s at 0x%llx, GOT slot at 0x%llx\n", names[i], (unsigned long long)addr_of(fs[i]),
		       (unsigned long long)got);
	}
}

static void update(void)
{
	if (!solder_resumed(L)) {
		fprintf(stderr, "api-demo: the image was not resumed but rebuilt (%s); run api-demo IMAGE first\n",
		        solder_rebuild_reason(L));
		exit(1);
	}
	printf("resumed the image: symbols, blocks and GOT slots are where the last run left them\n");
	solder_sym greet = find("greet"), report = find("report"), report_text = find("report_text");
	uint64_t greet_before = addr_of(greet), report_before = addr_of(report);

	/* greet prints a new string: a new object, and new operands in greet's code. */
	solder_sym greeting;
	check(solder_alloc_symbol(L, &greeting), "solder_alloc_symbol");
	put_string(greeting, "greeting_v2", GREETING_V2);
	size_t zero = 0, len = strlen(GREETING_V2);
	put_writer(greet, "greet", greeting, &zero, &len, 1);

	/* report prints its three lines with three writes. */
	size_t starts[3], lens[3], at = 0;
	for (int i = 0; i < 3; i++) {
		const char *nl = strchr(REPORT + at, '\n');
		starts[i] = at;
		lens[i] = (size_t)(nl - (REPORT + at)) + 1;
		at += lens[i];
	}
	put_writer(report, "report", report_text, starts, lens, 3);
	check(solder_flush(L), "solder_flush");

	uint64_t greet_after = addr_of(greet), report_after = addr_of(report), slot;
	check(solder_got_slot_addr(L, report, &slot), "solder_got_slot_addr");
	printf("  greet:  new code, same size: %s at 0x%llx\n", greet_after == greet_before ? "rewritten in place" : "moved, to",
	       (unsigned long long)greet_after);
	if (report_after != report_before)
		printf("  report: outgrew its block: moved from 0x%llx to 0x%llx; GOT slot 0x%llx rewritten\n",
		       (unsigned long long)report_before, (unsigned long long)report_after, (unsigned long long)slot);
	else
		printf("  report: grew in place at 0x%llx\n", (unsigned long long)report_after);

	solder_get_stats(L, &update_stats);
}

int main(int argc, char **argv)
{
	int do_update = argc == 3 && !strcmp(argv[2], "--update");
	if (argc < 2 || argc > 3 || (argc == 3 && !do_update)) {
		fprintf(stderr, "usage: api-demo IMAGE [--update]\n");
		return 2;
	}
	const char *image = argv[1];
	if (!do_update)
		remove(image);
	if (solder_posix_open(image, &posix_file)) {
		perror(image);
		return 2;
	}
	const struct solder_file_ops file = { NULL, count_pread, count_pwrite, count_copy_range, count_truncate };
	check(solder_create(&L, &solder_malloc_allocator), "solder_create");
	struct solder_options o = { .arch = ARCH };
	check(solder_open(L, &o, &file), "solder_open");
	if (do_update)
		update();
	else
		build();
	uint64_t before_close = bytes_to_file;
	check(solder_close(L), "solder_close");
	solder_posix_close(&posix_file);

	struct stat sb;
	if (stat(image, &sb)) {
		perror(image);
		return 2;
	}
	if (do_update) {
		uint64_t n = update_stats.bytes_written + update_stats.bytes_copied;
		printf("the update wrote %llu bytes in %llu writes into the %lld-byte file (%.1f%% of it);\n",
		       (unsigned long long)n, (unsigned long long)update_stats.write_calls, (long long)sb.st_size,
		       sb.st_size ? 100.0 * (double)n / (double)sb.st_size : 0.0);
		printf("closing it recorded the state the next run resumes from: %llu bytes more\n",
		       (unsigned long long)(bytes_to_file - before_close));
	} else
		printf("wrote %s: %lld bytes\n", image, (long long)sb.st_size);
	return 0;
}
