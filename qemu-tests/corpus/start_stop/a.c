/* start_stop: entries placed in a section named like a C identifier, from two files;
 * the linker defines __start_corpus_set and __stop_corpus_set around them. */
#include <stdio.h>

#include "set.h"

SET_ENTRY(alpha, 1);
SET_ENTRY(beta, 20);

int main(void)
{
	int n = 0, sum = 0;
	for (const struct set_entry *e = __start_corpus_set; e < __stop_corpus_set; e++, n++) {
		printf("%s ", e->name);
		sum += e->value;
	}
	printf("\n%d entries, sum %d\n", n, sum);
	return 59;
}
