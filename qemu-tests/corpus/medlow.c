/* medlow: riscv64 objects built for the medlow code model (absolute LUI+ADDI,
 * R_RISCV_HI20/LO12_I/LO12_S), mixed with the medany libc. */
// corpus-cflags-riscv64: -mcmodel=medlow
#include <stdio.h>

int counter = 10;
static const char msg[] = "medlow";
static int buf[16];

int main(void)
{
	for (int i = 0; i < 16; i++)
		buf[i] = counter + i;
	counter = buf[15] * 2;
	printf("%s %d %d\n", msg, counter, buf[3]);
	return 62;
}
