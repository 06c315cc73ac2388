/*
 * base.c: allocator wrappers, growable arrays, byte buffers, LEB128, the message
 * formatter and the name map. Freestanding: see base.h.
 */
#include "base.h"

void *mem_realloc(const struct solder_allocator *a, void *p, size_t old_size, size_t new_size)
{
	return a->realloc(a->ud, p, old_size, new_size);
}

void mem_free(const struct solder_allocator *a, void *p, size_t size)
{
	if (p)
		a->realloc(a->ud, p, size, 0);
}

char *mem_strdup(const struct solder_allocator *a, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = mem_realloc(a, NULL, 0, n);
	if (p)
		memcpy(p, s, n);
	return p;
}

int vec_reserve(const struct solder_allocator *a, void **items, uint32_t *cap, uint32_t need, size_t elem_size)
{
	if (need <= *cap)
		return 0;
	uint64_t n = *cap ? *cap : 8;
	while (n < need)
		n *= 2;
	if (n > UINT32_MAX || n > SIZE_MAX / elem_size)
		return -1;
	void *p = mem_realloc(a, *items, (size_t)*cap * elem_size, (size_t)n * elem_size);
	if (!p)
		return -1;
	memset((uint8_t *)p + (size_t)*cap * elem_size, 0, (size_t)(n - *cap) * elem_size);
	*items = p;
	*cap = (uint32_t)n;
	return 0;
}

/* ---- buffers */

void buf_init(struct buf *b, const struct solder_allocator *a, int be)
{
	memset(b, 0, sizeof(*b));
	b->a = a;
	b->be = be;
}

void buf_free(struct buf *b)
{
	mem_free(b->a, b->p, b->cap);
	b->p = NULL;
	b->len = b->cap = 0;
}

uint8_t *buf_grow(struct buf *b, size_t n)
{
	if (b->failed)
		return NULL;
	if (n == 0)
		return b->p ? b->p + b->len : NULL;
	if (n > SIZE_MAX - b->len) {
		b->failed = 1;
		return NULL;
	}
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n)
			cap = cap > SIZE_MAX / 2 ? b->len + n : cap * 2;
		uint8_t *p = mem_realloc(b->a, b->p, b->cap, cap);
		if (!p) {
			b->failed = 1;
			return NULL;
		}
		b->p = p;
		b->cap = cap;
	}
	uint8_t *at = b->p + b->len;
	memset(at, 0, n);
	b->len += n;
	return at;
}

void buf_bytes(struct buf *b, const void *p, size_t n)
{
	uint8_t *at = buf_grow(b, n);
	if (at && n)
		memcpy(at, p, n);
}

void buf_fill(struct buf *b, uint8_t byte, size_t n)
{
	uint8_t *at = buf_grow(b, n);
	if (at)
		memset(at, byte, n);
}

void buf_u8(struct buf *b, uint8_t v) { buf_bytes(b, &v, 1); }

void buf_u16(struct buf *b, uint16_t v)
{
	uint8_t *at = buf_grow(b, 2);
	if (at) put16(at, v, b->be);
}

void buf_u32(struct buf *b, uint32_t v)
{
	uint8_t *at = buf_grow(b, 4);
	if (at) put32(at, v, b->be);
}

void buf_u64(struct buf *b, uint64_t v)
{
	uint8_t *at = buf_grow(b, 8);
	if (at) put64(at, v, b->be);
}

void buf_word(struct buf *b, uint64_t v, unsigned size)
{
	if (size == 8) buf_u64(b, v);
	else buf_u32(b, (uint32_t)v);
}

void buf_str(struct buf *b, const char *s) { buf_bytes(b, s, strlen(s) + 1); }

void buf_uleb(struct buf *b, uint64_t v)
{
	do {
		uint8_t byte = v & 0x7f;
		v >>= 7;
		buf_u8(b, byte | (v ? 0x80 : 0));
	} while (v);
}

void buf_sleb(struct buf *b, int64_t v)
{
	for (;;) {
		uint8_t byte = v & 0x7f;
		/* An arithmetic shift: well defined on every compiler solder supports. */
		v = v < 0 ? ~(~v >> 7) : v >> 7;
		int done = (v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40));
		buf_u8(b, byte | (done ? 0 : 0x80));
		if (done)
			return;
	}
}

unsigned uleb_size(uint64_t v)
{
	unsigned n = 1;
	while (v >>= 7)
		n++;
	return n;
}

unsigned sleb_size(int64_t v)
{
	unsigned n = 0;
	for (;;) {
		uint8_t byte = v & 0x7f;
		v = v < 0 ? ~(~v >> 7) : v >> 7;
		n++;
		if ((v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40)))
			return n;
	}
}

/* ---- the formatter */

struct out {
	char *p;
	size_t size, len;
};

static void out_c(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->p[o->len] = c;
	o->len++;
}

static void out_s(struct out *o, const char *s)
{
	while (*s)
		out_c(o, *s++);
}

static void out_num(struct out *o, uint64_t v, int neg, unsigned base, unsigned width, char pad)
{
	char tmp[24];
	unsigned n = 0;
	do {
		unsigned d = (unsigned)(v % base);
		tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	for (unsigned i = n; i < width; i++)
		out_c(o, pad);
	while (n)
		out_c(o, tmp[--n]);
}

size_t fmt_v(char *p, size_t size, const char *f, va_list ap)
{
	struct out o = { p, size, 0 };
	for (; *f; f++) {
		if (*f != '%') {
			out_c(&o, *f);
			continue;
		}
		f++;
		char pad = ' ';
		unsigned width = 0;
		if (*f == '0') {
			pad = '0';
			f++;
		}
		while (*f >= '0' && *f <= '9')
			width = width * 10 + (unsigned)(*f++ - '0');
		int ll = 0;
		while (*f == 'l') {
			ll = 1;
			f++;
		}
		switch (*f) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			out_s(&o, s ? s : "(null)");
			break;
		}
		case 'c':
			out_c(&o, (char)va_arg(ap, int));
			break;
		case 'd': {
			int64_t v = ll ? va_arg(ap, long long) : va_arg(ap, int);
			out_num(&o, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, v < 0, 10, width, pad);
			break;
		}
		case 'u':
			out_num(&o, ll ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned), 0, 10, width, pad);
			break;
		case 'x':
			out_num(&o, ll ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned), 0, 16, width, pad);
			break;
		case '%':
			out_c(&o, '%');
			break;
		default:
			/* An unknown conversion is a bug in the caller's format; show it rather
			 * than guess at the argument. */
			out_c(&o, '%');
			if (*f)
				out_c(&o, *f);
			else
				f--;
			break;
		}
	}
	if (size)
		p[o.len < size ? o.len : size - 1] = 0;
	return o.len;
}

size_t fmt(char *p, size_t size, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	size_t n = fmt_v(p, size, f, ap);
	va_end(ap);
	return n;
}

void diag_verror(struct diag *d, solder_status st, const char *f, va_list ap)
{
	if (d->count++ == 0) {
		d->status = st;
		fmt_v(d->msg, sizeof(d->msg), f, ap);
	}
}

void diag_error(struct diag *d, solder_status st, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	diag_verror(d, st, f, ap);
	va_end(ap);
}

void diag_reset(struct diag *d)
{
	d->count = 0;
	d->status = SOLDER_OK;
	d->msg[0] = 0;
}

/* ---- names */

uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

static struct name_slot *map_find(const struct name_map *m, const struct buf *strs,
                                  const char *name, uint32_t h)
{
	if (!m->cap)
		return NULL;
	uint32_t mask = m->cap - 1;
	for (uint32_t i = h & mask;; i = (i + 1) & mask) {
		struct name_slot *s = &m->slots[i];
		if (!s->key && !s->value)
			return NULL;
		if (s->key && s->hash == h && s->key < strs->len && str_eq((const char *)strs->p + s->key, name))
			return s;
	}
}

static int map_rehash(const struct solder_allocator *a, struct name_map *m, uint32_t cap)
{
	struct name_slot *slots = mem_realloc(a, NULL, 0, (size_t)cap * sizeof(*slots));
	if (!slots)
		return -1;
	memset(slots, 0, (size_t)cap * sizeof(*slots));
	for (uint32_t i = 0; i < m->cap; i++) {
		struct name_slot *s = &m->slots[i];
		if (!s->key)
			continue;
		uint32_t j = s->hash & (cap - 1);
		while (slots[j].key)
			j = (j + 1) & (cap - 1);
		slots[j] = *s;
	}
	mem_free(a, m->slots, (size_t)m->cap * sizeof(*m->slots));
	m->slots = slots;
	m->cap = cap;
	m->tombs = 0;
	return 0;
}

int name_map_put(const struct solder_allocator *a, struct name_map *m, const struct buf *strs,
                 uint32_t key, uint32_t value)
{
	const char *name = (const char *)strs->p + key;
	uint32_t h = hash_str(name);
	struct name_slot *s = map_find(m, strs, name, h);
	if (s) {
		s->key = key;
		s->value = value;
		return 0;
	}
	if ((uint64_t)(m->used + m->tombs + 1) * 4 > (uint64_t)m->cap * 3) {
		uint32_t cap = 16;
		while ((uint64_t)(m->used + 1) * 2 > cap)
			cap *= 2;
		if (map_rehash(a, m, cap))
			return -1;
	}
	uint32_t mask = m->cap - 1;
	uint32_t i = h & mask;
	while (m->slots[i].key)
		i = (i + 1) & mask;
	if (m->slots[i].value)
		m->tombs--;
	m->slots[i] = (struct name_slot){ key, h, value };
	m->used++;
	return 0;
}

uint32_t name_map_get(const struct name_map *m, const struct buf *strs, const char *name)
{
	struct name_slot *s = map_find(m, strs, name, hash_str(name));
	return s ? s->value : 0;
}

void name_map_del(struct name_map *m, const struct buf *strs, const char *name)
{
	struct name_slot *s = map_find(m, strs, name, hash_str(name));
	if (!s)
		return;
	/* A tombstone: no key, a non-zero value, so probing goes on past it. */
	s->key = 0;
	s->value = 1;
	m->used--;
	m->tombs++;
}

void name_map_free(const struct solder_allocator *a, struct name_map *m)
{
	mem_free(a, m->slots, (size_t)m->cap * sizeof(*m->slots));
	memset(m, 0, sizeof(*m));
}
