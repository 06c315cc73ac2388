/* data_pointers: initialised data full of addresses (R_RISCV_64/32, R_X86_64_64,
 * R_386_32 in .data and .data.rel.ro): a list that crosses files, pointers into the
 * middle and one past the end of arrays (addends), strings and functions. */
#include <stdint.h>
#include <stdio.h>

struct node {
	int value;
	struct node *next;
	const char *label;
};

extern struct node b_nodes[];
extern int b_numbers[4];
int (*b_pick(void))(int);

struct node a_nodes[3] = {
	{ 1, &a_nodes[1], "a0" },
	{ 2, &b_nodes[0], "a1" },
	{ 3, NULL, "a2" },
};
static int buffer[10] = { 0, 10, 20, 30, 40, 50, 60, 70, 80, 90 };
int *const middle = &buffer[5];
int *const past_end = buffer + 10;
int *numbers_tail = &b_numbers[3];
const char *const words[] = { "zero", "one", "two", "three" };
const char *const *word_ptr = &words[2];
uintptr_t buffer_address = (uintptr_t)buffer;

int main(void)
{
	for (struct node *n = a_nodes; n; n = n->next)
		printf("%s=%d ", n->label, n->value);
	printf("\n");
	printf("middle %d span %d tail %d word %s\n", *middle, (int)(past_end - middle), *numbers_tail, *word_ptr);
	printf("address in data matches: %d\n", buffer_address == (uintptr_t)buffer);
	printf("picked %d\n", b_pick()(6));
	return 41;
}
