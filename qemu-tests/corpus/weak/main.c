/* weak: a weak default overridden by a strong definition in another file, a weak
 * default nobody overrides, and undefined weak symbols (function and data) that
 * stay 0. */
#include <stdio.h>

__attribute__((weak)) const char *who(void) { return "weak default (wrong)"; }
__attribute__((weak)) const char *kept(void) { return "weak default kept"; }
__attribute__((weak)) int weak_value = 1;
extern void missing_function(void) __attribute__((weak));
extern int missing_data __attribute__((weak));

int main(void)
{
	printf("who: %s\n", who());
	printf("kept: %s\n", kept());
	printf("weak_value: %d\n", weak_value);
	printf("missing_function is %s\n", missing_function ? "set (wrong)" : "null");
	printf("missing_data is %s\n", &missing_data ? "set (wrong)" : "null");
	if (missing_function)
		missing_function();
	return 25;
}
