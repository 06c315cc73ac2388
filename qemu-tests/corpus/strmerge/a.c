/* strmerge: the same string literals in three files (.rodata.str1.1, SHF_MERGE |
 * SHF_STRINGS); the linker merges identical strings and tail strings, so the same
 * text has one address. The program checks contents always, addresses for the
 * literal that every file uses. */
// corpus-cflags: -fmerge-constants
#include <stdio.h>
#include <string.h>

const char *b_greeting(void);
const char *c_greeting(void);
const char *b_tail(void);
const char *a_greeting(void) { return "merged greeting"; }

int main(void)
{
	const char *a = a_greeting(), *b = b_greeting(), *c = c_greeting();
	printf("%s|%s|%s\n", a, b, c);
	printf("same text: %d %d\n", strcmp(a, b) == 0, strcmp(b, c) == 0);
	printf("same address: %d %d\n", a == b, b == c);
	printf("tail: %s\n", b_tail());
	static const char local[] = "not merged: an array";
	printf("%s %d\n", local, (int)sizeof(local));
	return 23;
}
