/* malloc_qsort: the stub's bump allocator (calloc, realloc, free) and qsort on
 * structures, compared by name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct item {
	char name[12];
	int weight;
};

static int by_name(const void *a, const void *b) { return strcmp(((const struct item *)a)->name, ((const struct item *)b)->name); }

int main(void)
{
	static const char *const names[] = { "pear", "apple", "fig", "kiwi", "banana", "cherry", "date", "grape", "lime", "mango", "plum", "quince" };
	int n = 4;
	struct item *items = calloc((size_t)n, sizeof(*items));
	int zero = 1;
	for (size_t i = 0; i < (size_t)n * sizeof(*items); i++)
		zero &= ((unsigned char *)items)[i] == 0;
	for (int i = 0; i < 12; i++) {
		if (i == n) {
			n *= 2;
			items = realloc(items, (size_t)n * sizeof(*items));
		}
		strcpy(items[i].name, names[i]);
		items[i].weight = (i * 37) % 11;
	}
	qsort(items, 12, sizeof(*items), by_name);
	for (int i = 0; i < 12; i++)
		printf("%s:%d ", items[i].name, items[i].weight);
	printf("\ncalloc zeroed %d\n", zero);
	char *tmp = malloc(100);
	free(tmp);
	char *again = malloc(100);
	printf("freed block reused %d\n", tmp == again);
	return 49;
}
