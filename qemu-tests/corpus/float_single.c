/* float_single: single precision (__addsf3, __mulsf3, __extendsfdf2, __fixsfsi on the
 * soft-float targets) and conversions between float, double and integers. */
#include <stdio.h>

static volatile float fv[] = { 1.5f, -2.25f, 3.14159265f, 1e-3f, 65504.0f };

int main(void)
{
	float acc = 0;
	for (int i = 0; i < 5; i++) {
		acc = acc * 0.5f + fv[i] * fv[i];
		printf("%d: %.7g %.9e\n", i, (double)acc, (double)fv[i]);
	}
	volatile float x = 16777216.0f;
	printf("2^24+1 in float: %.1f\n", (double)(x + 1.0f));
	volatile double d = 0.1;
	float f = (float)d;
	printf("0.1 as float: %.20f\n", (double)f);
	volatile unsigned u = 4000000000u;
	printf("uint->float %.1f float->uint %u\n", (double)(float)u, (unsigned)(float)u);
	volatile long long ll = -9007199254740993LL;
	volatile double dll = (double)ll;
	printf("ll->double %.1f double->ll %lld\n", dll, (long long)dll);
	return 13;
}
