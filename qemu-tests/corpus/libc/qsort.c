/* qsort.c: insertion sort for short runs, otherwise a median-of-three quicksort. */
#include <stdlib.h>

static void swap(unsigned char *a, unsigned char *b, size_t size)
{
	while (size--) {
		unsigned char t = *a;
		*a++ = *b;
		*b++ = t;
	}
}

void qsort(void *base, size_t count, size_t size, int (*cmp)(const void *, const void *))
{
	unsigned char *b = base;
	while (count > 8) {
		unsigned char *mid = b + count / 2 * size, *last = b + (count - 1) * size;
		if (cmp(mid, b) < 0)
			swap(mid, b, size);
		if (cmp(last, mid) < 0) {
			swap(last, mid, size);
			if (cmp(mid, b) < 0)
				swap(mid, b, size);
		}
		swap(mid, last, size); /* pivot at the end */
		size_t store = 0;
		for (size_t i = 0; i + 1 < count; i++)
			if (cmp(b + i * size, last) < 0)
				swap(b + i * size, b + store++ * size, size);
		swap(b + store * size, last, size);
		/* Recurse into the smaller side, loop on the larger one. */
		if (store < count - store - 1) {
			qsort(b, store, size, cmp);
			b += (store + 1) * size;
			count -= store + 1;
		} else {
			qsort(b + (store + 1) * size, count - store - 1, size, cmp);
			count = store;
		}
	}
	for (size_t i = 1; i < count; i++)
		for (size_t j = i; j > 0 && cmp(b + (j - 1) * size, b + j * size) > 0; j--)
			swap(b + (j - 1) * size, b + j * size, size);
}
