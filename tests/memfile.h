/*
 * memfile.h: test doubles for the two things the engine takes from its caller, and a
 * reader for what it produced.
 *
 *  - struct memfile: the output file as a growable byte array behind a
 *    struct solder_file_ops. It counts calls and bytes per operation, can be told to
 *    fail the Nth modifying operation (I/O error tests), and hands its bytes to libelf.
 *  - struct countalloc: a struct solder_allocator over malloc that tracks live bytes
 *    and checks the old_size the engine passes back, and can be told to fail every
 *    allocation after the first N (out-of-memory tests).
 *  - struct elfview: the produced image opened with libelf (sections, symbols, bytes
 *    at a virtual address), so tests assert on the file and not on the engine's
 *    internals.
 *  - EXPECT_* macros: CUnit assertions that print what was expected and what came.
 */
#ifndef SOLDER_TESTS_MEMFILE_H
#define SOLDER_TESTS_MEMFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <gelf.h>
#include <libelf.h>

#include "solder.h"

/* ---- the in-memory file */

struct memfile {
	uint8_t *data;
	size_t size, cap;
	/* counters since memfile_init or memfile_reset_counters */
	uint64_t pread_calls, pwrite_calls, copy_calls, truncate_calls;
	uint64_t bytes_read, bytes_written, bytes_copied;
	/* Modifying operations (pwrite, copy_range, truncate) seen so far, and the 1-based
	 * one that must fail (0: none). Every later one fails too when fail_sticky is set,
	 * as a full disk would. */
	uint64_t mutations;
	uint64_t fail_mutation_at;
	int fail_sticky;
	uint64_t failures;         /* operations that were made to fail */
	int fail_reads;            /* every pread fails */
};

void memfile_init(struct memfile *m);
void memfile_free(struct memfile *m);
/* Replaces the contents (a prepared "existing output"). Returns 0, or -1 for memory. */
int memfile_set(struct memfile *m, const void *p, size_t n);
void memfile_reset_counters(struct memfile *m);
/* The operations, with m as their handle. */
struct solder_file_ops memfile_ops(struct memfile *m);

/* ---- the counting allocator */

struct countalloc {
	struct solder_allocator a;   /* a.ud points back to this struct */
	size_t live_bytes, live_blocks, peak_bytes;
	uint64_t calls;              /* calls with new_size > 0 */
	uint64_t fail_after;         /* calls with new_size > 0 beyond this many fail */
	int fail_enabled;
	uint64_t failures;
	/* Calls whose ptr/old_size did not match what was allocated: the engine lied about
	 * a block's size or freed something twice. Always 0 in a correct engine. */
	uint64_t bad_calls;
};

void countalloc_init(struct countalloc *c);
/* Fail every allocation after the next n ones. */
void countalloc_fail_after(struct countalloc *c, uint64_t n);

/* ---- reading the image back */

struct elfview {
	Elf *e;
	uint8_t *buf;     /* our own copy: libelf must not see later writes */
	size_t size;
	GElf_Ehdr eh;
	size_t shstrndx;
};

/* Opens a copy of p[0..n) with libelf. Returns 0, or -1 when libelf rejects it. */
int ev_open(struct elfview *v, const uint8_t *p, size_t n);
int ev_open_memfile(struct elfview *v, const struct memfile *m);
void ev_close(struct elfview *v);
/* The section named name (its header in *sh), or NULL. */
Elf_Scn *ev_section(struct elfview *v, const char *name, GElf_Shdr *sh);
const char *ev_section_name(struct elfview *v, const GElf_Shdr *sh);
/* Symbols named name in .symtab: how many there are; the first is copied to *out and
 * its index to *index (either may be NULL). */
int ev_symbol(struct elfview *v, const char *name, GElf_Sym *out, size_t *index);
/* The file bytes that load at [vaddr, vaddr + len), found through the section headers
 * of allocated sections; NULL when no section holds the whole range. */
const uint8_t *ev_bytes_at(struct elfview *v, uint64_t vaddr, size_t len);
/* An unsigned little-endian word of `size` bytes. */
uint64_t ev_get_le(const uint8_t *p, unsigned size);

/* ---- a link on a memfile with a counting allocator */

struct rig {
	struct countalloc ca;
	struct memfile mf;
	struct solder_file_ops ops;
	solder_link *l;
};

/* Creates a link and opens it on r->mf (empty after rig_init, or whatever a test put
 * there) with o. Returns the status of the first call that failed. */
void rig_init(struct rig *r);
solder_status rig_open(struct rig *r, const struct solder_options *o);
/* solder_close, then checks that every byte the link allocated was freed. */
solder_status rig_close(struct rig *r);
/* solder_destroy, with the same check. */
void rig_destroy(struct rig *r);
/* Frees the file (the link must be closed or destroyed). */
void rig_free(struct rig *r);

/* The recognisable bytes of a symbol: byte i is (seed + 7 * i) & 0xff. */
void pattern_fill(uint8_t *p, size_t n, uint8_t seed);
/* Updates sym with size pattern bytes. name may be NULL; align 0 is the default.
 * Quiet: the caller asserts on the status. */
solder_status rig_update(struct rig *r, solder_sym sym, enum solder_kind kind, const char *name,
                         size_t size, uint32_t align, uint8_t seed);
/* Allocates a symbol and updates it as rig_update does; 0 on failure (after a CUnit
 * failure with the message). */
solder_sym rig_new(struct rig *r, enum solder_kind kind, const char *name, size_t size,
                   uint32_t align, uint8_t seed);
uint64_t rig_addr(struct rig *r, solder_sym sym);   /* UINT64_MAX on failure */
uint64_t rig_slot(struct rig *r, solder_sym sym);   /* UINT64_MAX on failure */

/* ---- assertions that say what they expected */

#define EXPECT_U64(what, got, exp) do { \
	uint64_t got_ = (uint64_t)(got), exp_ = (uint64_t)(exp); \
	if (got_ != exp_) \
		fprintf(stderr, "\n    %s:%d: %s: expected 0x%llx (%llu), got 0x%llx (%llu) [reproduce: make unit]\n", \
		        __FILE__, __LINE__, (what), (unsigned long long)exp_, (unsigned long long)exp_, \
		        (unsigned long long)got_, (unsigned long long)got_); \
	CU_ASSERT(got_ == exp_); \
} while (0)

#define EXPECT_TRUE(what, cond) do { \
	int ok_ = !!(cond); \
	if (!ok_) \
		fprintf(stderr, "\n    %s:%d: expected %s [reproduce: make unit]\n", __FILE__, __LINE__, (what)); \
	CU_ASSERT(ok_); \
} while (0)

/* A status, printed with solder_error() when it is not what was expected. */
#define EXPECT_STATUS(l, got, exp) do { \
	solder_status st_ = (got); \
	if (st_ != (exp)) \
		fprintf(stderr, "\n    %s:%d: %s: expected status %d, got %d (\"%s\") [reproduce: make unit]\n", \
		        __FILE__, __LINE__, #got, (int)(exp), (int)st_, (l) ? solder_error(l) : ""); \
	CU_ASSERT(st_ == (exp)); \
} while (0)

/* A case-insensitive substring test for error messages. */
int contains_nocase(const char *hay, const char *needle);

#define EXPECT_MSG(l, needle) do { \
	const char *m_ = solder_error(l); \
	if (!contains_nocase(m_, (needle))) \
		fprintf(stderr, "\n    %s:%d: expected solder_error() to mention \"%s\", got \"%s\" [reproduce: make unit]\n", \
		        __FILE__, __LINE__, (needle), m_); \
	CU_ASSERT(contains_nocase(m_, (needle))); \
} while (0)

#endif
