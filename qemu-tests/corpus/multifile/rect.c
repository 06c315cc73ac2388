#include "shapes.h"

static int count;
static int describe(const struct shape *s) { return s->w * s->h; }

struct shape make_rect(int w, int h)
{
	count += 2;
	return (struct shape){ "rect", w, h, describe };
}

int rect_count(void) { return count; }
