/* A firmware-shaped program for the linker-script tests: a vector table, boot code
 * kept by name, overlays, initialised and zeroed data, COMMON, constructors and
 * string literals, so every kind of section a script places is present. It is linked,
 * not run: the tests compare where solder and GNU ld put everything. */
typedef void (*handler)(void);

void _start(void);
static void trap(void) { for (;;) ; }

__attribute__((section(".vectors"), used)) const handler vectors[4] = { _start, trap, trap, trap };
__attribute__((section(".isr_vector"), used)) const handler isr_vector[4] = { _start, trap, trap, trap };

int counter = 40;                 /* .sdata / .data */
long table[64] = { 1, 2, 3 };     /* .data */
int zeroed[300];                  /* .bss */
int tentative;                    /* COMMON with -fcommon */
const char banner[] = "solder linker script test";
const char *helper_name(void);
const char *const same_literal = "strings are merged within an output section";

__attribute__((section(".ov_a"), used)) int overlay_a[8] = { 1 };
__attribute__((section(".ov_b"), used)) int overlay_b[16] = { 2 };

static int ctor_ran;
__attribute__((constructor)) static void ctor(void) { ctor_ran = 1; }

int helper(int x);

__attribute__((section(".text.boot"))) void _start(void)
{
	counter += helper(zeroed[3] + tentative + banner[0] + ctor_ran + (int)table[2]) + (helper_name() == same_literal);
	for (;;)
		;
}
