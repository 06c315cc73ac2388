#include "shapes.h"

static int count;
static int describe(const struct shape *s) { return s->w * s->h / 2; }

struct shape make_tri(int b, int h)
{
	count += 3;
	return (struct shape){ "tri", b, h, describe };
}

int tri_count(void) { return count; }
