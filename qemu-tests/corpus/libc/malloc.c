/*
 * malloc.c: a bump allocator over a static arena. Each block is preceded by its size
 * so realloc can copy; free only gives back the most recent block.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_SIZE (1u << 20)
#define ALIGN 16
static unsigned char arena[ARENA_SIZE] __attribute__((aligned(ALIGN)));
static size_t arena_used;

void *malloc(size_t n)
{
	size_t need = ALIGN + ((n + ALIGN - 1) & ~(size_t)(ALIGN - 1));
	if (n > ARENA_SIZE || need > ARENA_SIZE - arena_used)
		return NULL;
	unsigned char *block = arena + arena_used;
	arena_used += need;
	*(size_t *)block = n;
	return block + ALIGN;
}

void free(void *p)
{
	if (!p)
		return;
	unsigned char *block = (unsigned char *)p - ALIGN;
	size_t n = *(size_t *)block;
	if (block + ALIGN + ((n + ALIGN - 1) & ~(size_t)(ALIGN - 1)) == arena + arena_used)
		arena_used = (size_t)(block - arena);
}

void *calloc(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		return NULL;
	void *p = malloc(count * size);
	if (p)
		memset(p, 0, count * size);
	return p;
}

void *realloc(void *p, size_t n)
{
	if (!p)
		return malloc(n);
	size_t old = *(size_t *)((unsigned char *)p - ALIGN);
	void *q = malloc(n);
	if (q)
		memcpy(q, p, old < n ? old : n);
	return q;
}
