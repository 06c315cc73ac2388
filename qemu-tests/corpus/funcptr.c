/* funcptr: tables of function pointers in .data/.rodata (absolute relocations in
 * data), callbacks, and qsort with a comparator. */
#include <stdio.h>
#include <stdlib.h>

static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }
static int mod(int a, int b) { return a % b; }

struct op { const char *name; int (*fn)(int, int); };
static const struct op ops[] = { { "add", add }, { "sub", sub }, { "mul", mul }, { "mod", mod } };
static int (*mutable_ops[4])(int, int) = { mod, mul, sub, add };

static int by_value(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int apply(int (*fn)(int, int), int a, int b) { return fn(a, b); }

int main(void)
{
	for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		printf("%s(17, 5) = %d, via table %d\n", ops[i].name, apply(ops[i].fn, 17, 5), mutable_ops[3 - i](17, 5));
	int values[] = { 42, -7, 1000, 3, 3, 0, -100, 77, 12, 5, 9, 1, 64, -1, 8, 31, 2 };
	int n = (int)(sizeof(values) / sizeof(values[0]));
	qsort(values, (size_t)n, sizeof(int), by_value);
	for (int i = 0; i < n; i++)
		printf("%d%c", values[i], i + 1 < n ? ' ' : '\n');
	mutable_ops[0] = add;
	printf("patched %d\n", mutable_ops[0](1, 2));
	return 16;
}
