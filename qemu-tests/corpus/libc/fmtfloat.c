/*
 * fmtfloat.c: %f %e %g by exact decimal expansion, so every target prints the same
 * text for the same double (and the text a hosted C library prints).
 *
 * A finite double is m * 2^e with m < 2^53. Its exact decimal digits are those of the
 * integer D = m * 2^e (e >= 0) or D = m * 5^-e (e < 0, the value being D * 10^e). D
 * is computed in a little bignum of 32-bit words and converted to digits nine at a
 * time; the conversions then round that digit string half to even. Integer
 * arithmetic only: the 64-bit divisions pull __udivdi3/__umoddi3 out of libgcc on the
 * 32-bit targets.
 */
#include <stdint.h>
#include <string.h>

#include "libc.h"

#define WORDS 90 /* 2880 bits: 2^1024, and 2^53 * 5^1074 (2547 bits) */
#define MAX_DIGITS 880

struct big {
	uint32_t w[WORDS];
	int n;
};

static void big_mul(struct big *b, uint32_t m)
{
	uint64_t carry = 0;
	for (int i = 0; i < b->n; i++) {
		uint64_t t = (uint64_t)b->w[i] * m + carry;
		b->w[i] = (uint32_t)t;
		carry = t >> 32;
	}
	if (carry)
		b->w[b->n++] = (uint32_t)carry;
}

static uint32_t big_divmod(struct big *b, uint32_t d)
{
	uint64_t rem = 0;
	for (int i = b->n - 1; i >= 0; i--) {
		uint64_t cur = rem << 32 | b->w[i];
		b->w[i] = (uint32_t)(cur / d);
		rem = cur % d;
	}
	while (b->n > 0 && b->w[b->n - 1] == 0)
		b->n--;
	return (uint32_t)rem;
}

/* The digits of v > 0 (finite) into d, most significant first, and where the decimal
 * point goes: v = 0.d[0]d[1]... * 10^*dp. Returns the number of digits. */
static int exact_digits(double v, char *d, int *dp)
{
	static const uint32_t pow5[14] = { 1, 5, 25, 125, 625, 3125, 15625, 78125, 390625,
	                                   1953125, 9765625, 48828125, 244140625, 1220703125 };
	uint64_t bits;
	memcpy(&bits, &v, sizeof(bits));
	int biased = (int)(bits >> 52 & 0x7ff);
	uint64_t m = bits & ((1ULL << 52) - 1);
	int e = -1074;
	if (biased) {
		m |= 1ULL << 52;
		e = biased - 1075;
	}

	struct big b;
	b.w[0] = (uint32_t)m;
	b.w[1] = (uint32_t)(m >> 32);
	b.n = b.w[1] ? 2 : 1;
	int k = 0;
	if (e >= 0) {
		for (int left = e; left > 0; left -= 31)
			big_mul(&b, 1u << (left < 31 ? left : 31));
	} else {
		for (int left = -e; left > 0; left -= 13)
			big_mul(&b, pow5[left < 13 ? left : 13]);
		k = e;
	}

	/* Nine digits per division, least significant group first. */
	uint32_t groups[MAX_DIGITS / 9 + 1];
	int ngroups = 0;
	while (b.n > 0)
		groups[ngroups++] = big_divmod(&b, 1000000000u);
	int n = 0;
	for (int g = ngroups - 1; g >= 0; g--) {
		char nine[9];
		uint32_t x = groups[g];
		for (int i = 8; i >= 0; i--, x /= 10)
			nine[i] = (char)('0' + x % 10);
		int i = 0;
		if (n == 0)
			while (i < 8 && nine[i] == '0')
				i++;
		for (; i < 9; i++)
			d[n++] = nine[i];
	}
	*dp = n + k;
	while (n > 1 && d[n - 1] == '0')
		n--;
	return n;
}

/* Rounds the digits to the first keep ones, half to even; a carry out of the first
 * digit moves the decimal point. Returns the new digit count. */
static int round_digits(char *d, int n, int *dp, int keep)
{
	if (keep >= n)
		return n;
	if (keep < 0)
		return 0;
	int up = d[keep] > '5';
	if (d[keep] == '5') {
		int tail = 0;
		for (int i = keep + 1; i < n; i++)
			tail |= d[i] != '0';
		up = tail || (keep > 0 && (d[keep - 1] - '0') % 2 == 1);
	}
	n = keep;
	if (!up)
		return n;
	int i = n - 1;
	while (i >= 0 && d[i] == '9')
		d[i--] = '0';
	if (i >= 0) {
		d[i]++;
		return n;
	}
	memmove(d + 1, d, (size_t)n);
	d[0] = '1';
	(*dp)++;
	return n + 1;
}

static char digit_at(const char *d, int n, int i)
{
	return i >= 0 && i < n ? d[i] : '0';
}

static size_t fixed(char *out, const char *d, int n, int dp, int prec, int alt)
{
	size_t len = 0;
	if (dp <= 0)
		out[len++] = '0';
	for (int i = 0; i < dp; i++)
		out[len++] = digit_at(d, n, i);
	if (prec > 0 || alt)
		out[len++] = '.';
	for (int i = 0; i < prec; i++)
		out[len++] = digit_at(d, n, dp + i);
	return len;
}

static size_t scientific(char *out, const char *d, int n, int exp10, int prec, int alt, char e)
{
	size_t len = 0;
	out[len++] = digit_at(d, n, 0);
	if (prec > 0 || alt)
		out[len++] = '.';
	for (int i = 1; i <= prec; i++)
		out[len++] = digit_at(d, n, i);
	out[len++] = e;
	out[len++] = exp10 < 0 ? '-' : '+';
	unsigned x = (unsigned)(exp10 < 0 ? -exp10 : exp10);
	char tmp[4];
	int t = 0;
	do {
		tmp[t++] = (char)('0' + x % 10);
		x /= 10;
	} while (x);
	if (t < 2)
		tmp[t++] = '0';
	while (t)
		out[len++] = tmp[--t];
	return len;
}

size_t __fmt_float(char *out, double v, char conv, int prec, int flags)
{
	int upper = conv == 'F' || conv == 'E' || conv == 'G';
	int alt = flags & FMT_ALT;
	if (v != v || v - v != 0) {
		memcpy(out, v != v ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"), 3);
		return 3;
	}
	if (prec < 0)
		prec = 6;

	char d[MAX_DIGITS];
	int dp = 1, n = 0;
	if (v != 0)
		n = exact_digits(v, d, &dp);

	switch (conv) {
	case 'f':
	case 'F':
		n = round_digits(d, n, &dp, dp + prec);
		return fixed(out, d, n, dp, prec, alt);
	case 'e':
	case 'E':
		n = round_digits(d, n, &dp, prec + 1);
		return scientific(out, d, n, n ? dp - 1 : 0, prec, alt, upper ? 'E' : 'e');
	default: {
		int p = prec == 0 ? 1 : prec;
		char r[MAX_DIGITS];
		memcpy(r, d, (size_t)n);
		int rdp = dp;
		int rn = round_digits(r, n, &rdp, p);
		int x = rn ? rdp - 1 : 0;
		size_t len;
		if (x < p && x >= -4) {
			n = round_digits(d, n, &dp, dp + p - 1 - x);
			len = fixed(out, d, n, dp, p - 1 - x, alt);
		} else {
			len = scientific(out, r, rn, x, p - 1, alt, upper ? 'E' : 'e');
		}
		if (alt)
			return len;
		/* %g drops the fraction's trailing zeros, and a point left alone. */
		size_t mant_end = len;
		for (size_t i = 0; i < len; i++)
			if (out[i] == 'e' || out[i] == 'E')
				mant_end = i;
		size_t point = 0;
		while (point < mant_end && out[point] != '.')
			point++;
		if (point == mant_end)
			return len;
		size_t cut = mant_end;
		while (out[cut - 1] == '0')
			cut--;
		if (out[cut - 1] == '.')
			cut--;
		memmove(out + cut, out + mant_end, len - mant_end);
		return cut + (len - mant_end);
	}
	}
}
