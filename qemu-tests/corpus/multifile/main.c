/* multifile: four files, each with static functions and variables of the same names
 * (local symbols that must not clash), and a shared header. */
#include <stdio.h>

#include "shapes.h"

static int count = 100;
static int describe(void) { return count; }

int main(void)
{
	struct shape s[3] = { make_square(4), make_rect(2, 7), make_tri(6, 5) };
	int total = 0;
	for (int i = 0; i < 3; i++) {
		printf("%s area %d\n", s[i].name, s[i].area(&s[i]));
		total += s[i].area(&s[i]);
	}
	printf("total %d, local counts %d %d %d %d\n", total, describe(), square_count(), rect_count(), tri_count());
	return 48;
}
