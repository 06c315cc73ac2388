/* gc_sections: the same program as func_sections linked with --gc-sections: the
 * unreachable sections go, everything reachable from _start and .init_array stays. */
// corpus-cflags: -ffunction-sections -fdata-sections
// corpus-ldflags: --gc-sections
#include <stdio.h>

extern int lib_counter;
extern const char lib_name[];
int lib_compute(int);
int lib_unused(int);
static int table[8] = { 3, 1, 4, 1, 5, 9, 2, 6 };
static int unused_table[1024] = { 1 };
static int bss_value;

static int helper(int i) { return table[i & 7] + bss_value; }

int main(void)
{
	int s = 0;
	bss_value = 2;
	for (int i = 0; i < 20; i++)
		s += helper(i) * lib_compute(i);
	lib_counter++;
	printf("%s: sum %d counter %d\n", lib_name, s, lib_counter);
	return 37;
}

int never_called(void) { return unused_table[0]; }
