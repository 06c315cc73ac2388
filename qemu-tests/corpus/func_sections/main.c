/* func_sections: -ffunction-sections -fdata-sections: one input section per function
 * and per data object (.text.main, .data.table, .bss.bss_value, .rodata.lib_name). */
// corpus-cflags: -ffunction-sections -fdata-sections
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
	return 36;
}

int never_called(void) { return unused_table[0]; }
