/* recursion: deep and mutual recursion (the stack crt0 leaves must be usable). */
#include <stdio.h>

__attribute__((noinline)) static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
__attribute__((noinline)) static int ackermann(int m, int n)
{
	if (m == 0)
		return n + 1;
	if (n == 0)
		return ackermann(m - 1, 1);
	return ackermann(m - 1, ackermann(m, n - 1));
}
static int is_odd(unsigned n);
__attribute__((noinline)) static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
__attribute__((noinline)) static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }
static int moves;
__attribute__((noinline)) static void hanoi(int n, int from, int to, int via)
{
	if (n == 0)
		return;
	hanoi(n - 1, from, via, to);
	moves++;
	hanoi(n - 1, via, to, from);
}
__attribute__((noinline)) static int depth(int n, volatile char *prev)
{
	volatile char frame[64];
	frame[0] = (char)n;
	if (n == 0)
		return prev[0] == 1;
	return depth(n - 1, frame);
}

int main(void)
{
	printf("fib(25) = %ld\n", fib(25));
	printf("ackermann(2, 3) = %d, ackermann(3, 3) = %d\n", ackermann(2, 3), ackermann(3, 3));
	printf("even(1001) = %d, odd(1001) = %d\n", is_even(1001), is_odd(1001));
	hanoi(12, 1, 3, 2);
	printf("hanoi(12) moves = %d\n", moves);
	volatile char top[1] = { 0 };
	printf("depth 10000 ok = %d\n", depth(10000, top));
	return 17;
}
