/* malloc, free and realloc under stress, up to heap exhaustion: running out of heap
 * must make malloc return NULL (the board's _sbrk says ENOMEM), not crash, and freeing
 * everything must make the heap usable again. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BLOCKS 65536

static unsigned char *blocks[MAX_BLOCKS];
static size_t sizes[MAX_BLOCKS];

/* Each block is filled with a pattern of its own, so that an allocator handing out
 * overlapping memory shows up as a mismatch. */
static int check(size_t i)
{
	for (size_t k = 0; k < sizes[i]; k++)
		if (blocks[i][k] != (unsigned char)(i * 7 + k))
			return 0;
	return 1;
}

static void fill(size_t i)
{
	for (size_t k = 0; k < sizes[i]; k++)
		blocks[i][k] = (unsigned char)(i * 7 + k);
}

int main(void)
{
	uint32_t seed = 12345;
	int bad = 0;

	/* Churn: random sizes, random frees and reallocs, contents checked throughout. */
	for (int round = 0; round < 20000; round++) {
		seed = seed * 1103515245u + 12345u;
		size_t i = (seed >> 8) % 256;
		size_t size = 1 + (seed >> 16) % 2000;
		if (blocks[i] && !check(i))
			bad++;
		if (blocks[i] && (seed & 1)) {
			unsigned char *p = realloc(blocks[i], size);
			if (p) {
				size_t keep = size < sizes[i] ? size : sizes[i];
				for (size_t k = 0; k < keep; k++)
					if (p[k] != (unsigned char)(i * 7 + k))
						bad++;
				blocks[i] = p;
				sizes[i] = size;
				fill(i);
			}
		} else {
			free(blocks[i]);
			blocks[i] = malloc(size);
			sizes[i] = blocks[i] ? size : 0;
			if (blocks[i])
				fill(i);
		}
	}
	for (size_t i = 0; i < 256; i++) {
		if (blocks[i] && !check(i))
			bad++;
		free(blocks[i]);
		blocks[i] = NULL;
	}
	printf("churn: %s\n", bad ? "corrupted" : "ok");

	/* Exhaustion: 64 KiB blocks until malloc says no. */
	size_t n = 0;
	errno = 0;
	while (n < MAX_BLOCKS && (blocks[n] = malloc(65536)) != NULL) {
		memset(blocks[n], (int)n, 65536);
		n++;
	}
	printf("exhausted: %s, errno %s\n", n < MAX_BLOCKS && n > 0 ? "malloc returned NULL" : "never",
	       errno == ENOMEM ? "ENOMEM" : "other");
	printf("huge: %s\n", malloc((size_t)-1 / 2) == NULL ? "NULL" : "not NULL");
	int intact = 1;
	for (size_t i = 0; i < n; i++)
		if (blocks[i][0] != (unsigned char)i || blocks[i][65535] != (unsigned char)i)
			intact = 0;
	printf("blocks intact: %s\n", intact ? "yes" : "no");
	for (size_t i = 0; i < n; i++)
		free(blocks[i]);

	/* Everything freed: the heap serves a large block again. */
	void *again = malloc(n / 2 * 65536);
	printf("after free: %s\n", again ? "heap usable" : "heap lost");
	free(again);
	return 0;
}
