/* switch_table: dense switches that GCC compiles to jump tables in .rodata (absolute
 * or relative entries, depending on the target), and a sparse one that it does not. */
#include <stdio.h>

__attribute__((noinline)) static int dense(int x)
{
	switch (x) {
	case 0: return 17;
	case 1: return 4;
	case 2: return 99;
	case 3: return -8;
	case 4: return 1000;
	case 5: return 6;
	case 6: return 23;
	case 7: return 42;
	case 8: return -1;
	case 9: return 12;
	case 10: return 77;
	case 11: return 5;
	default: return 0;
	}
}

__attribute__((noinline)) static const char *names(unsigned x)
{
	switch (x) {
	case 100: return "hundred";
	case 101: return "hundred-one";
	case 102: return "hundred-two";
	case 103: return "hundred-three";
	case 104: return "hundred-four";
	case 105: return "hundred-five";
	case 106: return "hundred-six";
	default: return "other";
	}
}

__attribute__((noinline)) static int sparse(int x)
{
	switch (x) {
	case 1: return 1;
	case 1000: return 2;
	case 123456: return 3;
	case -77: return 4;
	default: return 5;
	}
}

int main(void)
{
	int s = 0;
	for (int i = -2; i < 15; i++) {
		printf("%d ", dense(i));
		s += dense(i);
	}
	printf("| %d\n", s);
	for (unsigned i = 99; i < 108; i++)
		printf("%s ", names(i));
	printf("\n%d %d %d %d %d\n", sparse(1), sparse(1000), sparse(123456), sparse(-77), sparse(0));
	return 42;
}
