/* varargs: variadic functions with int, long long, double and pointer arguments,
 * va_copy, and vsnprintf. */
#include <stdarg.h>
#include <stdio.h>

__attribute__((noinline)) static long long sum(int count, ...)
{
	va_list ap;
	va_start(ap, count);
	long long s = 0;
	for (int i = 0; i < count; i++)
		s += va_arg(ap, int);
	va_end(ap);
	return s;
}

/* Types by letter: i int, l long long, d double, s string. */
__attribute__((noinline)) static void show(const char *types, ...)
{
	va_list ap, again;
	va_start(ap, types);
	va_copy(again, ap);
	for (const char *t = types; *t; t++) {
		if (*t == 'i') printf("i:%d ", va_arg(ap, int));
		else if (*t == 'l') printf("l:%lld ", va_arg(ap, long long));
		else if (*t == 'd') printf("d:%.3f ", va_arg(ap, double));
		else if (*t == 's') printf("s:%s ", va_arg(ap, const char *));
	}
	printf("| first again: ");
	if (*types == 'i') printf("%d", va_arg(again, int));
	printf("\n");
	va_end(again);
	va_end(ap);
}

__attribute__((format(printf, 2, 3))) static int fmt(char *buf, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	int n = vsnprintf(buf, 32, f, ap);
	va_end(ap);
	return n;
}

int main(void)
{
	printf("sum %lld %lld\n", sum(3, 1, 2, 3), sum(10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
	show("ildsild", 7, 1234567890123LL, 2.5, "str", -1, -5LL, 0.125);
	char buf[32];
	int n = fmt(buf, "%d-%s-%.1f", 9, "x", 1.25);
	printf("fmt %d %s\n", n, buf);
	return 44;
}
