/* structs: structures passed and returned by value, small (in registers) and large
 * (in memory, copied with memcpy), and arrays of structures. */
#include <stdio.h>
#include <string.h>

struct pair { int a, b; };
struct mixed { char c; double d; short s; };
struct big { int v[20]; char name[12]; };

__attribute__((noinline)) static struct pair swap(struct pair p) { return (struct pair){ p.b, p.a }; }
__attribute__((noinline)) static struct mixed scale(struct mixed m, int k)
{
	m.c = (char)(m.c + k);
	m.d *= k;
	m.s = (short)(m.s * k);
	return m;
}
__attribute__((noinline)) static struct big fill(int seed, const char *name)
{
	struct big b;
	for (int i = 0; i < 20; i++)
		b.v[i] = seed * i + i * i;
	strcpy(b.name, name);
	return b;
}
__attribute__((noinline)) static int total(struct big b)
{
	int t = 0;
	for (int i = 0; i < 20; i++)
		t += b.v[i];
	return t;
}

int main(void)
{
	struct pair p = swap((struct pair){ 3, 4 });
	printf("pair %d %d\n", p.a, p.b);
	struct mixed m = scale((struct mixed){ 'a', 1.25, 300 }, 3);
	printf("mixed %c %.2f %d\n", m.c, m.d, m.s);
	struct big arr[3];
	for (int i = 0; i < 3; i++)
		arr[i] = fill(i + 1, i == 0 ? "first" : i == 1 ? "second" : "third");
	for (int i = 0; i < 3; i++)
		printf("big %s %d\n", arr[i].name, total(arr[i]));
	struct big copy = arr[1];
	copy.v[19] = 0;
	printf("copy %d original %d\n", total(copy), total(arr[1]));
	return 15;
}
