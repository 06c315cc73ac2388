/* tls_multi: thread-locals in two files with different alignments; b.c's are reached
 * from here as extern __thread, which GCC compiles with the initial-exec model in an
 * executable, and its own with local-exec. */
#include <stdint.h>
#include <stdio.h>

extern __thread int b_value;
extern __thread double b_aligned[2];
__thread char a_flag = 'a';
__thread int a_array[5] = { 1, 2, 3, 4, 5 };

int b_sum(void);

int main(void)
{
	b_value += 10;
	a_array[4] = 50;
	printf("a_flag %c b_value %d b_aligned %.2f %.2f b_sum %d\n", a_flag, b_value, b_aligned[0], b_aligned[1], b_sum());
	printf("b_aligned at 32: %d\n", ((uintptr_t)b_aligned & 31) == 0);
	return 34;
}
