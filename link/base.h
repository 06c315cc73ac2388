/*
 * base.h: what every engine module leans on: the caller's allocator, growable arrays,
 * byte buffers with explicit byte order, LEB128, messages, and a name table.
 *
 * The engine (link/, dwarf/, targets/) is freestanding: it uses only this header's
 * helpers plus memcpy, memset, memcmp and strlen. Nothing here prints or exits.
 */
#ifndef SOLDER_BASE_H
#define SOLDER_BASE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "solder.h"

/* ---- memory */

void *mem_realloc(const struct solder_allocator *a, void *p, size_t old_size, size_t new_size);
void mem_free(const struct solder_allocator *a, void *p, size_t size);
/* A NUL-terminated copy of s, or NULL on failure. Free with mem_free(a, p, strlen(p) + 1). */
char *mem_strdup(const struct solder_allocator *a, const char *s);

/* Grows *items (of elem_size bytes each, *cap of them) to hold at least need.
 * Returns 0, or -1 when memory runs out (nothing changes then). */
int vec_reserve(const struct solder_allocator *a, void **items, uint32_t *cap, uint32_t need, size_t elem_size);

/* A typed growable array: VEC(struct foo) v; VEC_PUSH(a, v, x). */
#define VEC(T) struct { T *v; uint32_t len, cap; }
#define VEC_RESERVE(a, vec, n) vec_reserve((a), (void **)&(vec).v, &(vec).cap, (n), sizeof(*(vec).v))
#define VEC_PUSH(a, vec, x) \
	(VEC_RESERVE(a, vec, (vec).len + 1) ? -1 : ((vec).v[(vec).len++] = (x), 0))
#define VEC_FREE(a, vec) \
	(mem_free((a), (vec).v, (size_t)(vec).cap * sizeof(*(vec).v)), (vec).v = NULL, (vec).len = (vec).cap = 0)

/* ---- byte order: every multi-byte field is written through these */

static inline void put8(uint8_t *p, uint8_t v) { p[0] = v; }
static inline void put16(uint8_t *p, uint16_t v, int be)
{
	if (be) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
	else { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
}
static inline void put32(uint8_t *p, uint32_t v, int be)
{
	for (int i = 0; i < 4; i++)
		p[be ? 3 - i : i] = (uint8_t)(v >> (8 * i));
}
static inline void put64(uint8_t *p, uint64_t v, int be)
{
	for (int i = 0; i < 8; i++)
		p[be ? 7 - i : i] = (uint8_t)(v >> (8 * i));
}
static inline uint16_t get16(const uint8_t *p, int be)
{
	return be ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}
static inline uint32_t get32(const uint8_t *p, int be)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++)
		v |= (uint32_t)p[be ? 3 - i : i] << (8 * i);
	return v;
}
static inline uint64_t get64(const uint8_t *p, int be)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v |= (uint64_t)p[be ? 7 - i : i] << (8 * i);
	return v;
}
/* A field of 4 or 8 bytes (ELF32/ELF64 words, DWARF offsets and addresses). */
static inline void put_word(uint8_t *p, uint64_t v, unsigned size, int be)
{
	if (size == 8) put64(p, v, be);
	else put32(p, (uint32_t)v, be);
}
static inline uint64_t get_word(const uint8_t *p, unsigned size, int be)
{
	return size == 8 ? get64(p, be) : get32(p, be);
}

static inline uint64_t align_up(uint64_t v, uint64_t a) { return a <= 1 ? v : (v + a - 1) / a * a; }
static inline uint64_t align_down(uint64_t v, uint64_t a) { return a <= 1 ? v : v / a * a; }
static inline int is_pow2(uint64_t v) { return v && !(v & (v - 1)); }
/* Saturating a * num / den for capacity arithmetic: never wraps. */
static inline uint64_t sat_scale(uint64_t a, uint64_t num, uint64_t den)
{
	if (a > UINT64_MAX / num) return UINT64_MAX;
	return a * num / den;
}

/* ---- byte buffers */

/* An append-only byte buffer. After an allocation failure `failed` is set and further
 * appends are ignored, so a sequence of appends needs one check at its end. */
struct buf {
	const struct solder_allocator *a;
	uint8_t *p;
	size_t len, cap;
	int be;       /* byte order of the multi-byte appends */
	int failed;
};

void buf_init(struct buf *b, const struct solder_allocator *a, int be);
void buf_free(struct buf *b);
/* Reserves n bytes at the end and returns them (zeroed), or NULL after a failure. */
uint8_t *buf_grow(struct buf *b, size_t n);
void buf_bytes(struct buf *b, const void *p, size_t n);
void buf_fill(struct buf *b, uint8_t byte, size_t n);
void buf_u8(struct buf *b, uint8_t v);
void buf_u16(struct buf *b, uint16_t v);
void buf_u32(struct buf *b, uint32_t v);
void buf_u64(struct buf *b, uint64_t v);
void buf_word(struct buf *b, uint64_t v, unsigned size);   /* 4 or 8 bytes */
void buf_str(struct buf *b, const char *s);                /* with its NUL */
void buf_uleb(struct buf *b, uint64_t v);
void buf_sleb(struct buf *b, int64_t v);
unsigned uleb_size(uint64_t v);
unsigned sleb_size(int64_t v);

/* ---- messages */

/* The formatter behind every message: %s %c %d %u %x and their ll forms (%lld %llu %llx),
 * %% and a width/zero-pad prefix for numbers (%08llx). Always NUL-terminates.
 * Returns the length it would have written. */
size_t fmt_v(char *out, size_t size, const char *fmt, va_list ap);
size_t fmt(char *out, size_t size, const char *f, ...);

/* Where errors go. error() records and carries on; callers check count at the end of
 * a pass. The first message is kept: it is the one a user can act on. */
struct diag {
	uint32_t count;
	solder_status status;  /* the status of the first error */
	char msg[768];
};
void diag_error(struct diag *d, solder_status st, const char *f, ...);
void diag_verror(struct diag *d, solder_status st, const char *f, va_list ap);
void diag_reset(struct diag *d);

/* ---- names */

uint32_t hash_str(const char *s);
static inline int str_eq(const char *a, const char *b)
{
	size_t n = strlen(a);
	return n == strlen(b) && memcmp(a, b, n) == 0;
}

/* An open-addressing map from a name to a non-zero uint32_t. Keys are offsets of
 * NUL-terminated strings in a string buffer (a .strtab being built), so the map stays
 * valid when the buffer grows; offset 0 (the empty string) is never a key. */
struct name_map {
	struct name_slot { uint32_t key, hash, value; } *slots;
	uint32_t cap, used, tombs;
};
int name_map_put(const struct solder_allocator *a, struct name_map *m, const struct buf *strs,
                 uint32_t key, uint32_t value);
uint32_t name_map_get(const struct name_map *m, const struct buf *strs, const char *name); /* 0: absent */
void name_map_del(struct name_map *m, const struct buf *strs, const char *name);
void name_map_free(const struct solder_allocator *a, struct name_map *m);

#endif
