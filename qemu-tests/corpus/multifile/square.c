#include "shapes.h"

static int count;
static int describe(const struct shape *s) { return s->w * s->w; }

struct shape make_square(int side)
{
	count += 1;
	return (struct shape){ "square", side, side, describe };
}

int square_count(void) { return count; }
