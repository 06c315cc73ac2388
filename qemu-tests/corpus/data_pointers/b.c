#include <stddef.h>

struct node {
	int value;
	struct node *next;
	const char *label;
};

extern struct node a_nodes[];
int b_numbers[4] = { 11, 22, 33, 44 };
struct node b_nodes[2] = {
	{ 4, &b_nodes[1], "b0" },
	{ 5, &a_nodes[2], "b1" },
};

static int triple(int x) { return 3 * x; }
static int (*const chooser[2])(int) = { NULL, triple };
int (*b_pick(void))(int) { return chooser[1]; }
