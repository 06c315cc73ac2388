/* rodata_str: string literals in .rodata.str1.1 and a table of pointers to them,
 * const arrays in .rodata, and the str* functions of the stub. */
#include <stdio.h>
#include <string.h>

static const char *const months[] = { "January", "February", "March", "April", "May", "June",
                                      "July", "August", "September", "October", "November", "December" };
static const char alphabet[27] = "abcdefghijklmnopqrstuvwxyz";
static const unsigned short primes[] = { 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37 };

int main(void)
{
	size_t total = 0;
	for (int i = 0; i < 12; i++)
		total += strlen(months[i]);
	printf("month letters %d, longest check %d\n", (int)total, strcmp(months[8], "September") == 0);
	printf("strchr %s, strncmp %d, alphabet[25] %c\n", strchr(months[10], 'v'), strncmp("Jun", months[5], 3), alphabet[25]);
	char copy[32];
	strcpy(copy, months[1]);
	copy[0] = 'f';
	int p = 0;
	for (int i = 0; i < 12; i++)
		p += primes[i];
	printf("copy %s primes %d memcmp %d\n", copy, p, memcmp(alphabet, "abd", 3) < 0);
	return 47;
}
