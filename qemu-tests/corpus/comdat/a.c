/* comdat: a COMDAT group (as C++ inline functions and templates make) defined in two
 * files: the linker keeps the first copy and drops the other one whole. */
#include <stdio.h>

#include "group.h"

DEFINE_GROUP(1)

int b_reads(void);

int main(void)
{
	printf("a sees %d %d %d %d, b sees %d\n", shared_table[0], shared_table[1], shared_table[2], shared_table[3], b_reads());
	return 58;
}
