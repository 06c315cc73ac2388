/* common: -fcommon tentative definitions. 'table' is int[10] here and int[100] in
 * b.c: the linker allocates the larger. 'shared' is tentative here and initialised in
 * b.c: the initialised definition wins. 'guard' follows to catch an undersized table. */
// corpus-cflags: -fcommon
#include <stdio.h>

int table[10];
int shared;
int guard;
int counter;

void fill_table(void);
int table_sum(void);

int main(void)
{
	printf("shared starts at %d, guard %d, counter %d\n", shared, guard, counter);
	fill_table();
	table[0] = 5;
	guard = 77;
	printf("sum %d guard %d\n", table_sum(), guard);
	return 29;
}
