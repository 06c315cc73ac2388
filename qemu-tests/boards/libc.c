/* The rest of the C library a firmware leans on: string.h, setjmp/longjmp, qsort and
 * bsearch, math.h, and strtol/strtod/sscanf. */
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static jmp_buf env;
static volatile int depth;

static void dive(int n)
{
	depth = n;
	if (n == 5)
		longjmp(env, n * 10);
	dive(n + 1);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

int main(void)
{
	char buf[64];
	strcpy(buf, "hello");
	strcat(buf, ", world");
	printf("string: %s len %zu cmp %d %d ncmp %d chr %s rchr %s str %s\n", buf, strlen(buf),
	       strcmp("abc", "abd") < 0, strcmp("b", "a") > 0, strncmp("abcx", "abcy", 3), strchr(buf, 'w'),
	       strrchr(buf, 'o'), strstr(buf, "lo,"));
	memset(buf, 'x', 5);
	memmove(buf + 2, buf, 8);
	buf[12] = 0;
	printf("mem: %s memcmp %d\n", buf, memcmp("aaa", "aab", 3) < 0);
	char tok[] = "a,b;;c";
	printf("strtok:");
	for (char *t = strtok(tok, ",;"); t; t = strtok(NULL, ",;"))
		printf(" %s", t);
	printf("\n");

	int r = setjmp(env);
	if (r == 0)
		dive(0);
	printf("setjmp: returned %d at depth %d\n", r, depth);

	int v[] = { 42, -7, 19, 0, 1000, -300, 5, 5, 88 };
	size_t nv = sizeof(v) / sizeof(v[0]);
	qsort(v, nv, sizeof(int), cmp_int);
	printf("qsort:");
	for (size_t i = 0; i < nv; i++)
		printf(" %d", v[i]);
	int key = 19;
	int *hit = bsearch(&key, v, nv, sizeof(int), cmp_int);
	printf("; bsearch 19 at %d\n", hit ? (int)(hit - v) : -1);

	volatile double x = 2.0;
	printf("math: sqrt %.6f sin %.6f cos %.6f exp %.6f log %.6f pow %.3f\n", sqrt(x), sin(x), cos(x), exp(x),
	       log(x), pow(x, 10.5));
	printf("math: floor %.1f ceil %.1f fabs %.2f fmod %.2f atan2 %.6f hypot %.1f\n", floor(-2.5), ceil(-2.5),
	       fabs(-3.25), fmod(10.0, 3.0), atan2(1.0, 1.0), hypot(3.0, 4.0));
	printf("float: sqrtf %.5f sinf %.5f\n", (double)sqrtf(2.0f), (double)sinf(1.0f));

	char *end;
	long l = strtol("  -0x1fZ", &end, 16);
	double d = strtod("6.02214076e23 mol", &end);
	int a = 0, b = 0;
	char word[8] = "";
	int got = sscanf("12 34 five", "%d %d %7s", &a, &b, word);
	printf("parse: %ld %.6g [%s] sscanf %d: %d %d %s atoi %d\n", l, d, end, got, a, b, word, atoi("77"));
	return 0;
}
