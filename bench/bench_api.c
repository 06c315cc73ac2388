/*
 * bench_api.c: the incremental-update benchmark behind `make bench`.
 *
 * A JIT's cycle through solder.h: build N functions, flush, then change one function
 * in the middle of .text and flush, 1,000 times. For each architecture and N it
 * reports the initial build time, the wall time of one update + flush (median, p99,
 * mean), the bytes solder hands to the file per update, and the file size; then it
 * says whether the two goals hold: bytes per update do not grow with N, and
 * an update + flush takes under 50 us at N = 100k.
 *
 * Every function is a realistic few dozen bytes: a frame, a call through the GOT, a
 * write(2) sequence that refers directly to a string in .rodata, the matching frame
 * exit and return; three line rows; a local name and a global export; debug_info on.
 * The image stays runnable: _start calls the middle function and exits.
 *
 * Two workloads differ in the string the functions write:
 *  - own: each function has its own string (a literal emitted with it), so every
 *    symbol has one direct referrer;
 *  - hot: all functions write one string, which so has N direct referrers (a global
 *    that every function touches). It runs on the first two architectures only.
 * On each image two update sequences run, one after the other:
 *  - in place: the middle function alternates between two bodies of the same size
 *    (another callee, another write length, other line numbers), so it never moves;
 *  - growing: every fourth update adds two write sequences, more than a block's 4/3
 *    capacity, so the function moves. A function that moved is the last block of
 *    .text and would grow in place from then on, so each round of four works on the
 *    next function after the middle: every round ends in a move out of the middle.
 *
 * The own workload runs against a real file in a temporary directory
 * (solder_posix_open: what a user gets) and against an in-memory file (the engine's
 * own cost, without system calls); the tables report the file, and the memory
 * variant's median beside it. The hot workload runs in memory.
 *
 * This is a benchmark, not a test: it prints whether the goals are met and exits 0
 * either way; it exits 1 only when the API fails.
 *
 * Usage: bench-api [-n N]... [-a riscv64|x86_64|riscv32|i386]... [-w file|mem]
 *                  [-W own|hot] [-k]
 *   -n, -a restrict the sizes and architectures (repeatable); -w runs one file
 *   variant, -W one workload; -k keeps the images (they run under qemu-user).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "solder.h"

#define UPDATES 1000
#define GROW_EVERY 4
#define GROW_BY 2        /* write sequences a growing update adds: more than a block's 4/3 */
#define HOT_ARCHES 2     /* the hot-string workload runs on the first two architectures */
#define MAX_SIZES 8
#define MAX_ARCHES 4
#define GOAL_US 50.0

static const char msg[] = "hello from solder\n";

/* ---- an output file in memory, so engine cost can be told apart from I/O */

struct memfile {
	uint8_t *p;
	size_t len, cap;
};

static int mem_reserve(struct memfile *m, uint64_t end)
{
	if (end > SIZE_MAX)
		return -1;
	if (end > m->cap) {
		size_t cap = m->cap ? m->cap : 1 << 16;
		while (cap < end)
			cap *= 2;
		uint8_t *p = realloc(m->p, cap);
		if (!p)
			return -1;
		m->p = p;
		m->cap = cap;
	}
	if (end > m->len) {
		memset(m->p + m->len, 0, (size_t)end - m->len);
		m->len = (size_t)end;
	}
	return 0;
}

static int64_t mem_pread(void *h, void *buf, size_t len, uint64_t off)
{
	struct memfile *m = h;
	if (off >= m->len)
		return 0;
	size_t n = m->len - (size_t)off < len ? m->len - (size_t)off : len;
	memcpy(buf, m->p + off, n);
	return (int64_t)n;
}

static int mem_pwrite(void *h, const void *buf, size_t len, uint64_t off)
{
	struct memfile *m = h;
	if (mem_reserve(m, off + len))
		return -1;
	memcpy(m->p + off, buf, len);
	return 0;
}

/* Bytes past the end of the file read as zeros, as in the POSIX host layer. */
static int mem_copy_range(void *h, uint64_t src, uint64_t dst, uint64_t len)
{
	struct memfile *m = h;
	if (mem_reserve(m, dst + len))
		return -1;
	uint64_t have = src < m->len ? m->len - src : 0;
	uint64_t n = have < len ? have : len;
	memmove(m->p + dst, m->p + src, (size_t)n);
	memset(m->p + dst + n, 0, (size_t)(len - n));
	return 0;
}

static int mem_truncate(void *h, uint64_t len)
{
	struct memfile *m = h;
	if (len <= m->len) {
		m->len = (size_t)len;
		return 0;
	}
	return mem_reserve(m, len);
}

/* ---- helpers */

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static solder_link *cur;

static void ck(solder_status s, const char *what)
{
	if (s == SOLDER_OK)
		return;
	fprintf(stderr, "bench-api: %s failed: status %d: %s\n", what, (int)s, cur ? solder_error(cur) : "");
	exit(1);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

struct dist {
	double median, p99, mean;
};

/* Sorts v in place. p99 is the value below which 99% of the samples lie. */
static struct dist distribution(double *v, size_t n)
{
	struct dist d = { 0, 0, 0 };
	if (!n)
		return d;
	qsort(v, n, sizeof *v, cmp_double);
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	d.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	size_t k = (size_t)((double)n * 0.99 + 0.999999);
	d.p99 = v[(k ? k : 1) - 1];
	d.mean = sum / (double)n;
	return d;
}

static uint64_t written(solder_link *l)
{
	struct solder_stats st;
	solder_get_stats(l, &st);
	return st.bytes_written + st.bytes_copied;
}

/* ---- the functions */

struct arch_info {
	solder_arch arch;
	const char *name;
	const char *qemu;
};

static const struct arch_info arches[] = {
	{ SOLDER_ARCH_RISCV64, "riscv64", "qemu-riscv64" },
	{ SOLDER_ARCH_X86_64, "x86_64", "qemu-x86_64" },
	{ SOLDER_ARCH_RISCV32, "riscv32", "qemu-riscv32" },
	{ SOLDER_ARCH_I386, "i386", "qemu-i386" },
};

struct image {
	solder_arch arch;
	solder_link *l;
	solder_sym msg, leaf[2], start;
	solder_sym *fn;      /* fn[0 .. n) */
	solder_sym *str;     /* str[0 .. n): each function's own string; NULL: all write msg */
	size_t n;
};

struct body {
	uint8_t bytes[4096];
	struct solder_fixup fx[256];
	struct solder_line rows[3];
	struct solder_code c;
};

/* Function i's body in variant v (0 or 1; same size either way) with `extra` further
 * write sequences. Variants differ in callee, write length and line numbers. */
static void make_body(const struct image *im, struct body *b, size_t i, int v, int extra)
{
	b->c = (struct solder_code){ b->bytes, 0, sizeof b->bytes, b->fx, 0, 256, 0 };
	uint32_t line = (uint32_t)(10 * i + 1 + (unsigned)v);
	b->rows[0] = (struct solder_line){ 0, line };
	solder_emit_enter(im->arch, &b->c);
	b->rows[1] = (struct solder_line){ (uint32_t)b->c.len, line + 1 };
	solder_emit_call_got(im->arch, &b->c, im->leaf[v]);
	b->rows[2] = (struct solder_line){ (uint32_t)b->c.len, line + 2 };
	for (int k = 0; k <= extra; k++)
		solder_emit_sys_write(im->arch, &b->c, 1, im->str ? im->str[i] : im->msg, 0, sizeof msg - 1 - (uint64_t)v);
	solder_emit_leave(im->arch, &b->c);
	solder_emit_ret(im->arch, &b->c);
	if (b->c.overflow) {
		fprintf(stderr, "bench-api: function body overflows its buffer\n");
		exit(1);
	}
}

static void update_fn(struct image *im, struct body *b, size_t i, int v, int extra)
{
	make_body(im, b, i, v, extra);
	char name[32];
	snprintf(name, sizeof name, "fn%zu", i);
	ck(solder_update_symbol(im->l, im->fn[i], &(struct solder_update){
		.name = name, .kind = SOLDER_FUNC, .bytes = b->bytes, .size = b->c.len,
		.fixups = b->fx, .nfixups = b->c.nfixups, .lines = b->rows, .nlines = 3,
		.file_name = "bench.c" }), "solder_update_symbol");
}

/* A leaf (a bare return), or with_exit: the entry, which calls the middle function
 * and exits 0. */
static void define_small(struct image *im, solder_sym s, const char *name, int with_exit)
{
	struct body b;
	b.c = (struct solder_code){ b.bytes, 0, sizeof b.bytes, b.fx, 0, 256, 0 };
	if (with_exit) {
		solder_emit_call_got(im->arch, &b.c, im->fn[im->n / 2]);
		solder_emit_sys_exit(im->arch, &b.c, 0);
	} else {
		solder_emit_ret(im->arch, &b.c);
	}
	b.rows[0] = (struct solder_line){ 0, 1 };
	ck(solder_update_symbol(im->l, s, &(struct solder_update){
		.name = name, .kind = SOLDER_FUNC, .bytes = b.bytes, .size = b.c.len,
		.fixups = b.fx, .nfixups = b.c.nfixups, .lines = b.rows, .nlines = 1 }), "solder_update_symbol");
}

/* ---- one configuration */

struct result {
	const char *arch;
	size_t n;
	int mem;
	int shared;
	double build_ms;
	double close_ms;          /* solder_close: the last flush and the saved state */
	struct dist upd;          /* in place: us per update + flush */
	double bytes_mean;
	uint64_t bytes_max;
	unsigned inplace_moves;   /* must be 0 */
	struct dist grow;         /* growing: all updates */
	struct dist grow_move;    /* growing: the updates that moved */
	double grow_bytes_mean, move_bytes_mean;
	uint64_t grow_bytes_max;
	unsigned moves;
	uint64_t file_size;
};

/* Builds the image and returns the time it took, in us: from solder_create to the
 * first flush. */
static double build(struct image *im, const struct arch_info *a, size_t n, int shared, struct solder_file_ops *f)
{
	im->arch = a->arch;
	im->n = n;
	im->fn = calloc(n, sizeof *im->fn);
	im->str = shared ? NULL : calloc(n, sizeof *im->str);
	if (!im->fn || (!shared && !im->str)) {
		fprintf(stderr, "bench-api: out of memory\n");
		exit(1);
	}
	double t0 = now_us();
	ck(solder_create(&im->l, &solder_malloc_allocator), "solder_create");
	cur = im->l;
	struct solder_options o = { .arch = a->arch, .debug_info = 1, .cu_name = "bench.c" };
	ck(solder_open(im->l, &o, f), "solder_open");
	ck(solder_alloc_symbol(im->l, &im->msg), "solder_alloc_symbol");
	ck(solder_update_symbol(im->l, im->msg, &(struct solder_update){
		.name = "msg", .kind = SOLDER_RODATA, .bytes = (const uint8_t *)msg, .size = sizeof msg - 1 }),
	   "solder_update_symbol");
	for (int k = 0; k < 2; k++) {
		ck(solder_alloc_symbol(im->l, &im->leaf[k]), "solder_alloc_symbol");
		define_small(im, im->leaf[k], k ? "leaf1" : "leaf0", 0);
	}
	/* All symbols first, so every GOT slot a body names exists. */
	for (size_t i = 0; i < n; i++)
		ck(solder_alloc_symbol(im->l, &im->fn[i]), "solder_alloc_symbol");
	struct body b;
	char name[32];
	for (size_t i = 0; i < n; i++) {
		if (im->str) {
			/* A function's string literal goes out with it, as a compiler emits it. */
			snprintf(name, sizeof name, "str%zu", i);
			ck(solder_alloc_symbol(im->l, &im->str[i]), "solder_alloc_symbol");
			ck(solder_update_symbol(im->l, im->str[i], &(struct solder_update){
				.name = name, .kind = SOLDER_RODATA, .bytes = (const uint8_t *)msg, .size = sizeof msg - 1 }),
			   "solder_update_symbol");
		}
		update_fn(im, &b, i, 0, 0);
		snprintf(name, sizeof name, "fn%zu", i);
		ck(solder_export(im->l, im->fn[i], name, SOLDER_GLOBAL), "solder_export");
	}
	ck(solder_alloc_symbol(im->l, &im->start), "solder_alloc_symbol");
	define_small(im, im->start, "start", 1);
	ck(solder_export(im->l, im->start, "_start", SOLDER_GLOBAL), "solder_export");
	ck(solder_flush(im->l), "solder_flush");
	return now_us() - t0;
}

static uint64_t addr_of(struct image *im, solder_sym s)
{
	uint64_t a;
	ck(solder_symbol_addr(im->l, s, &a), "solder_symbol_addr");
	return a;
}

static double samples[UPDATES], move_samples[UPDATES];

/* The in-place workload: same-size bodies alternate in the middle function. */
static void run_inplace(struct image *im, struct result *r)
{
	struct body b;
	size_t mid = im->n / 2;
	uint64_t addr = addr_of(im, im->fn[mid]);
	double bytes_sum = 0;
	for (int k = 0; k < UPDATES; k++) {
		uint64_t w0 = written(im->l);
		double t0 = now_us();
		update_fn(im, &b, mid, (k + 1) & 1, 0);
		ck(solder_flush(im->l), "solder_flush");
		samples[k] = now_us() - t0;
		uint64_t w = written(im->l) - w0;
		bytes_sum += (double)w;
		if (w > r->bytes_max)
			r->bytes_max = w;
		uint64_t a = addr_of(im, im->fn[mid]);
		r->inplace_moves += a != addr;
		addr = a;
	}
	r->bytes_mean = bytes_sum / UPDATES;
	r->upd = distribution(samples, UPDATES);
}

/* The growing workload: rounds of GROW_EVERY updates on one function, the last of
 * which adds a write sequence; each round takes the next function after the middle. */
static void run_growing(struct image *im, struct result *r)
{
	struct body b;
	size_t nmove = 0;
	double bytes_sum = 0, move_bytes_sum = 0;
	for (int k = 0; k < UPDATES; k++) {
		size_t i = (im->n / 2 + 1 + (size_t)(k / GROW_EVERY)) % im->n;
		int grow = k % GROW_EVERY == GROW_EVERY - 1;
		uint64_t addr = addr_of(im, im->fn[i]);
		uint64_t w0 = written(im->l);
		double t0 = now_us();
		update_fn(im, &b, i, (k + 1) & 1, grow ? GROW_BY : 0);
		ck(solder_flush(im->l), "solder_flush");
		samples[k] = now_us() - t0;
		uint64_t w = written(im->l) - w0;
		bytes_sum += (double)w;
		if (w > r->grow_bytes_max)
			r->grow_bytes_max = w;
		if (addr_of(im, im->fn[i]) != addr) {
			move_samples[nmove++] = samples[k];
			move_bytes_sum += (double)w;
		}
	}
	r->moves = (unsigned)nmove;
	r->grow_bytes_mean = bytes_sum / UPDATES;
	r->move_bytes_mean = nmove ? move_bytes_sum / (double)nmove : 0;
	r->grow = distribution(samples, UPDATES);
	r->grow_move = distribution(move_samples, nmove);
}

static void run_config(const struct arch_info *a, size_t n, int mem, int shared, const char *dir, int keep,
                       struct result *r)
{
	memset(r, 0, sizeof *r);
	r->arch = a->name;
	r->n = n;
	r->mem = mem;
	r->shared = shared;
	struct image im;
	memset(&im, 0, sizeof im);
	struct solder_file_ops f;
	struct memfile mf = { 0 };
	char path[4096 + 64];   /* dir (at most 4096) and a file name */
	snprintf(path, sizeof path, "%s/%s-%zu-%s.elf", dir, a->name, n, shared ? "hot" : "own");
	if (mem) {
		f = (struct solder_file_ops){ &mf, mem_pread, mem_pwrite, mem_copy_range, mem_truncate };
	} else {
		remove(path);
		if (solder_posix_open(path, &f)) {
			fprintf(stderr, "bench-api: cannot open %s: %s\n", path, strerror(errno));
			exit(1);
		}
	}
	r->build_ms = build(&im, a, n, shared, &f) / 1e3;
	run_inplace(&im, r);
	run_growing(&im, r);
	double t0 = now_us();
	ck(solder_close(im.l), "solder_close");
	r->close_ms = (now_us() - t0) / 1e3;
	cur = NULL;
	if (mem) {
		r->file_size = mf.len;
		free(mf.p);
	} else {
		solder_posix_close(&f);
		FILE *fp = fopen(path, "rb");
		if (fp && !fseek(fp, 0, SEEK_END))
			r->file_size = (uint64_t)ftell(fp);
		if (fp)
			fclose(fp);
		if (keep)
			printf("  kept %s (runs under %s, prints \"hello from solder\")\n", path, a->qemu);
		else
			remove(path);
	}
	free(im.fn);
	free(im.str);
}

/* ---- report */

static const struct result *find(const struct result *rs, size_t nr, const char *arch, size_t n, int mem,
                                 int shared)
{
	for (size_t i = 0; i < nr; i++)
		if (!strcmp(rs[i].arch, arch) && rs[i].n == n && rs[i].mem == mem && rs[i].shared == shared)
			return &rs[i];
	return NULL;
}

/* The two goals for one architecture and workload: the smallest N against the
 * largest, and the largest N's median. */
static void print_goals(const struct result *rs, size_t nr, const char *arch, int mem, int shared, size_t nlo,
                        size_t nhi)
{
	const struct result *lo = find(rs, nr, arch, nlo, mem, shared);
	const struct result *hi = find(rs, nr, arch, nhi, mem, shared);
	if (!lo || !hi)
		return;
	const char *w = shared ? "hot" : "own";
	if (nlo == nhi) {
		printf("  %-8s %s: bytes per update against N needs two sizes\n", arch, w);
	} else {
		/* The same change must cost the same bytes. The bodies' line numbers grow with
		 * the function's index, so their LEB128 encodings may take a few bytes more. */
		int flat = hi->bytes_max <= lo->bytes_max + 16;
		printf("  %-8s %s: bytes per update %s with N: mean %.0f / max %llu at N=%zu, %.0f / %llu at N=%zu: %s\n",
		       arch, w, flat ? "do not grow" : "grow", lo->bytes_mean, (unsigned long long)lo->bytes_max, nlo,
		       hi->bytes_mean, (unsigned long long)hi->bytes_max, nhi, flat ? "met" : "NOT met");
	}
	printf("  %-8s %s: update + flush at N=%zu: median %.2f us (p99 %.2f; %.2f at N=%zu) against %.0f us: %s\n",
	       arch, w, nhi, hi->upd.median, hi->upd.p99, lo->upd.median, nlo, GOAL_US,
	       hi->upd.median < GOAL_US ? "met" : "NOT met");
}

static void usage(void)
{
	fprintf(stderr, "usage: bench-api [-n N]... [-a riscv64|x86_64|riscv32|i386]... [-w file|mem] "
	                "[-W own|hot] [-k]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	size_t sizes[MAX_SIZES] = { 1000, 10000, 100000 };
	size_t nsizes = 3, user_sizes = 0;
	const struct arch_info *sel[MAX_ARCHES];
	size_t nsel = 0;
	int want_file = 1, want_mem = 1, want_own = 1, want_hot = 1, keep = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc) {
			long v = atol(argv[++i]);
			if (v < 1 || user_sizes == MAX_SIZES)
				usage();
			sizes[user_sizes++] = (size_t)v;
			nsizes = user_sizes;
		} else if (!strcmp(argv[i], "-a") && i + 1 < argc) {
			const char *name = argv[++i];
			size_t k = 0;
			while (k < MAX_ARCHES && strcmp(arches[k].name, name))
				k++;
			if (k == MAX_ARCHES || nsel == MAX_ARCHES)
				usage();
			sel[nsel++] = &arches[k];
		} else if (!strcmp(argv[i], "-w") && i + 1 < argc) {
			i++;
			want_file = !strcmp(argv[i], "file");
			want_mem = !strcmp(argv[i], "mem");
			if (!want_file && !want_mem)
				usage();
		} else if (!strcmp(argv[i], "-W") && i + 1 < argc) {
			i++;
			want_own = !strcmp(argv[i], "own");
			want_hot = !strcmp(argv[i], "hot");
			if (!want_own && !want_hot)
				usage();
		} else if (!strcmp(argv[i], "-k")) {
			keep = 1;
		} else {
			usage();
		}
	}
	if (!nsel)
		for (size_t k = 0; k < MAX_ARCHES; k++)
			sel[nsel++] = &arches[k];
	size_t nlo = sizes[0], nhi = sizes[0];
	for (size_t si = 0; si < nsizes; si++) {
		nlo = sizes[si] < nlo ? sizes[si] : nlo;
		nhi = sizes[si] > nhi ? sizes[si] : nhi;
	}
	/* The variant the tables and goals report: the real file unless only mem ran. The
	 * hot workload runs once per configuration, in memory unless only file was asked. */
	int rep_mem = !want_file, hot_mem = want_mem;
	size_t nhot = nsel < HOT_ARCHES ? nsel : HOT_ARCHES;

	const char *tmp = getenv("TMPDIR");
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/solder-bench.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		fprintf(stderr, "bench-api: cannot create a directory %s: %s\n", dir, strerror(errno));
		return 1;
	}

	printf("solder %s incremental-update benchmark: %d updates + flushes per configuration\n",
	       SOLDER_VERSION, UPDATES);
	printf("file: a real file in %s (solder_posix_open); mem: an in-memory file (engine cost alone)\n", dir);
	printf("times: wall clock (CLOCK_MONOTONIC) of one solder_update_symbol + solder_flush, in us;\n"
	       "bytes (B): what solder hands to pwrite and copy_range per update + flush\n");

	struct result rs[MAX_ARCHES * MAX_SIZES * 2 + HOT_ARCHES * MAX_SIZES];
	size_t nr = 0;
	for (size_t ai = 0; want_own && ai < nsel; ai++)
		for (size_t si = 0; si < nsizes; si++)
			for (int mem = 0; mem < 2; mem++)
				if (mem ? want_mem : want_file)
					run_config(sel[ai], sizes[si], mem, 0, dir, keep, &rs[nr++]);
	for (size_t ai = 0; want_hot && ai < nhot; ai++)
		for (size_t si = 0; si < nsizes; si++)
			run_config(sel[ai], sizes[si], hot_mem, 1, dir, keep, &rs[nr++]);
	if (!keep)
		rmdir(dir);

	if (want_own) {
		printf("\nown strings, in place: each function writes its own string; the middle one alternates\n"
		       "between two same-size bodies\n");
		printf("%-8s %7s %4s | %9s %6s | %7s %7s %7s | %6s %6s | %7s | %10s %8s\n", "arch", "N", "", "build ms",
		       "us/fn", "median", "p99", "mean", "B mean", "B max", "mem med", "file bytes", "close ms");
		for (size_t i = 0; i < nr; i++) {
			const struct result *r = &rs[i];
			if (r->shared || r->mem != rep_mem)
				continue;
			const struct result *m = rep_mem ? NULL : find(rs, nr, r->arch, r->n, 1, 0);
			char memmed[16] = "-";
			if (m)
				snprintf(memmed, sizeof memmed, "%.2f", m->upd.median);
			printf("%-8s %7zu %4s | %9.1f %6.2f | %7.2f %7.2f %7.2f | %6.0f %6llu | %7s | %10llu %8.1f%s\n",
			       r->arch, r->n, r->mem ? "mem" : "file", r->build_ms, r->build_ms * 1e3 / (double)r->n,
			       r->upd.median, r->upd.p99, r->upd.mean, r->bytes_mean, (unsigned long long)r->bytes_max, memmed,
			       (unsigned long long)r->file_size, r->close_ms, r->inplace_moves ? "  (it moved!)" : "");
		}
		printf("\nown strings, growing: every %dth update adds %d write sequences, so the function moves;\n"
		       "each round of %d works on the next function after the middle\n",
		       GROW_EVERY, GROW_BY, GROW_EVERY);
		printf("%-8s %7s %4s | %7s %7s %7s | %6s %6s | %5s %7s %6s\n", "arch", "N", "", "median", "p99", "mean",
		       "B mean", "B max", "moves", "move us", "move B");
		for (size_t i = 0; i < nr; i++) {
			const struct result *r = &rs[i];
			if (r->shared || r->mem != rep_mem)
				continue;
			printf("%-8s %7zu %4s | %7.2f %7.2f %7.2f | %6.0f %6llu | %5u %7.2f %6.0f\n", r->arch, r->n,
			       r->mem ? "mem" : "file", r->grow.median, r->grow.p99, r->grow.mean, r->grow_bytes_mean,
			       (unsigned long long)r->grow_bytes_max, r->moves, r->grow_move.mean, r->move_bytes_mean);
		}
	}
	if (want_hot) {
		printf("\nhot string: every function writes the same string, which so has N direct referrers\n");
		printf("%-8s %7s %4s | %9s %6s | %7s %7s | %6s %6s | %8s %7s\n", "arch", "N", "", "build ms", "us/fn",
		       "median", "p99", "B mean", "B max", "grow med", "move us");
		for (size_t i = 0; i < nr; i++) {
			const struct result *r = &rs[i];
			if (!r->shared)
				continue;
			printf("%-8s %7zu %4s | %9.1f %6.2f | %7.2f %7.2f | %6.0f %6llu | %8.2f %7.2f%s\n", r->arch, r->n,
			       r->mem ? "mem" : "file", r->build_ms, r->build_ms * 1e3 / (double)r->n, r->upd.median,
			       r->upd.p99, r->bytes_mean, (unsigned long long)r->bytes_max, r->grow.median, r->grow_move.mean,
			       r->inplace_moves ? "  (it moved!)" : "");
		}
	}

	printf("\ngoals (in-place updates; own: %s, hot: %s):\n", rep_mem ? "mem" : "file", hot_mem ? "mem" : "file");
	for (size_t ai = 0; ai < nsel; ai++) {
		if (want_own)
			print_goals(rs, nr, sel[ai]->name, rep_mem, 0, nlo, nhi);
		if (want_hot && ai < nhot)
			print_goals(rs, nr, sel[ai]->name, hot_mem, 1, nlo, nhi);
	}
	return 0;
}
