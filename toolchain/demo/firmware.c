/* The sample firmware of `make demo`: a program for the qemu-virt-rv64 board, written
 * against newlib as any firmware would be. It prints through the board's UART with
 * printf, allocates from the board's heap with malloc, computes in floating point, and
 * exits with a status the board's exit device hands back to the shell. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct reading {
	const char *sensor;
	double celsius;
};

int main(void)
{
	static const struct reading readings[] = {
		{ "core", 41.5 }, { "board", 33.25 }, { "ambient", 21.0 }, { "psu", 47.75 },
	};
	size_t n = sizeof(readings) / sizeof(readings[0]);

	printf("hello from solder on qemu-virt-rv64\n");

	/* A heap copy of the table, sorted hottest first by a simple insertion sort. */
	struct reading *sorted = malloc(n * sizeof(*sorted));
	if (!sorted) {
		printf("malloc failed\n");
		return 1;
	}
	memcpy(sorted, readings, n * sizeof(*sorted));
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && sorted[j].celsius > sorted[j - 1].celsius; j--) {
			struct reading t = sorted[j];
			sorted[j] = sorted[j - 1];
			sorted[j - 1] = t;
		}

	double sum = 0, squares = 0;
	for (size_t i = 0; i < n; i++) {
		printf("  %-8s %6.2f C  %6.2f F\n", sorted[i].sensor, sorted[i].celsius, sorted[i].celsius * 9 / 5 + 32);
		sum += sorted[i].celsius;
		squares += sorted[i].celsius * sorted[i].celsius;
	}
	double mean = sum / n;
	printf("mean %.3f C, standard deviation %.3f C\n", mean, sqrt(squares / n - mean * mean));
	printf("malloc'ed %zu bytes at %p; exiting with status 7\n", n * sizeof(*sorted), (void *)sorted);
	free(sorted);
	return 7;
}
