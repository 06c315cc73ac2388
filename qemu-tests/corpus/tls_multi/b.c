extern __thread int a_array[5];
__thread int b_value = 7;
__thread double b_aligned[2] __attribute__((aligned(32))) = { 1.5, 2.25 };
static __thread int b_hidden;

int b_sum(void)
{
	int s = b_value + b_hidden++;
	for (int i = 0; i < 5; i++)
		s += a_array[i];
	return s;
}
