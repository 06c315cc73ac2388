/* 512 MiB of .bss: more than any board's RAM region, so the link must fail naming the
 * region and by how much it overflows. */
char big[512u << 20];   /* not static: GCC would drop it */

int main(void)
{
	big[12345] = 1;
	return big[12345];
}
