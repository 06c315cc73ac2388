/*
 * format.c: the printf engine. Conversions d i u x X o c s p % and f F e E g G with the
 * flags - + space # 0, a width and a precision (numbers or *), and the length
 * modifiers hh h l ll z j t L. Each conversion becomes a prefix (sign, 0x), zeros, a
 * body and padding, laid out the way C11 7.21.6.1 says.
 */
#include <stdint.h>
#include <string.h>

#include "libc.h"

enum { F_MINUS = 2, F_PLUS = 4, F_SPACE = 8, F_ZERO = 16 };

static void put(struct fmt_sink *o, const char *s, size_t n)
{
	o->put(o, s, n);
}

static void put_repeat(struct fmt_sink *o, char c, int n)
{
	char block[16];
	memset(block, c, sizeof(block));
	while (n > 0) {
		int k = n < (int)sizeof(block) ? n : (int)sizeof(block);
		put(o, block, (size_t)k);
		n -= k;
	}
}

/* prefix, then zeros up to the precision or the zero-padded width, then body. */
static void emit(struct fmt_sink *o, int flags, int width, const char *prefix, int zeros,
                 const char *body, size_t body_len)
{
	int plen = (int)strlen(prefix);
	int len = plen + zeros + (int)body_len;
	if ((flags & F_ZERO) && !(flags & F_MINUS) && width > len) {
		zeros += width - len;
		len = width;
	}
	if (!(flags & F_MINUS))
		put_repeat(o, ' ', width - len);
	put(o, prefix, (size_t)plen);
	put_repeat(o, '0', zeros);
	put(o, body, body_len);
	if (flags & F_MINUS)
		put_repeat(o, ' ', width - len);
}

static size_t utoa(char *end, unsigned long long v, unsigned base, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	size_t n = 0;
	do {
		*--end = digits[v % base];
		v /= base;
		n++;
	} while (v);
	return n;
}

int __vformat(struct fmt_sink *o, const char *f, va_list ap)
{
	while (*f) {
		if (*f != '%') {
			const char *run = f;
			while (*f && *f != '%')
				f++;
			put(o, run, (size_t)(f - run));
			continue;
		}
		f++;
		int flags = 0, alt = 0;
		for (;; f++) {
			if (*f == '-') flags |= F_MINUS;
			else if (*f == '+') flags |= F_PLUS;
			else if (*f == ' ') flags |= F_SPACE;
			else if (*f == '0') flags |= F_ZERO;
			else if (*f == '#') alt = 1;
			else break;
		}
		int width = 0;
		if (*f == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				flags |= F_MINUS;
				width = -width;
			}
			f++;
		} else {
			while (*f >= '0' && *f <= '9')
				width = width * 10 + (*f++ - '0');
		}
		int prec = -1;
		if (*f == '.') {
			f++;
			prec = 0;
			if (*f == '*') {
				prec = va_arg(ap, int);
				f++;
			} else {
				while (*f >= '0' && *f <= '9')
					prec = prec * 10 + (*f++ - '0');
			}
		}
		/* size: -2 hh, -1 h, 0 int, 1 long, 2 long long, 3 size_t/intmax_t/ptrdiff_t */
		int size = 0, long_double = 0;
		for (;; f++) {
			if (*f == 'h') size = size == -1 ? -2 : -1;
			else if (*f == 'l') size = size == 1 ? 2 : 1;
			else if (*f == 'z' || *f == 't') size = sizeof(size_t) == sizeof(long long) ? 2 : 0;
			else if (*f == 'j') size = 2;
			else if (*f == 'L') long_double = 1;
			else break;
		}
		char conv = *f ? *f++ : '\0';
		char num[72];
		char *end = num + sizeof(num);
		const char *prefix = "";
		switch (conv) {
		case 'd':
		case 'i': {
			long long v;
			if (size == 2) v = va_arg(ap, long long);
			else if (size == 1) v = va_arg(ap, long);
			else v = va_arg(ap, int);
			if (size == -1) v = (short)v;
			if (size == -2) v = (signed char)v;
			unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
			prefix = v < 0 ? "-" : (flags & F_PLUS) ? "+" : (flags & F_SPACE) ? " " : "";
			size_t n = (prec == 0 && u == 0) ? 0 : utoa(end, u, 10, 0);
			if (prec >= 0)
				flags &= ~F_ZERO;
			emit(o, flags, width, prefix, prec > (int)n ? prec - (int)n : 0, end - n, n);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o':
		case 'p': {
			unsigned long long u;
			if (conv == 'p') u = (uintptr_t)va_arg(ap, void *);
			else if (size == 2) u = va_arg(ap, unsigned long long);
			else if (size == 1) u = va_arg(ap, unsigned long);
			else u = va_arg(ap, unsigned int);
			if (size == -1) u = (unsigned short)u;
			if (size == -2) u = (unsigned char)u;
			unsigned base = conv == 'u' ? 10 : conv == 'o' ? 8 : 16;
			size_t n = (prec == 0 && u == 0) ? 0 : utoa(end, u, base, conv == 'X');
			int zeros = prec > (int)n ? prec - (int)n : 0;
			if (conv == 'p' || (alt && u != 0 && conv == 'x'))
				prefix = "0x";
			else if (alt && u != 0 && conv == 'X')
				prefix = "0X";
			else if (alt && conv == 'o' && zeros == 0 && (n == 0 || end[-(long)n] != '0'))
				zeros = 1;
			if (prec >= 0)
				flags &= ~F_ZERO;
			emit(o, flags, width, prefix, zeros, end - n, n);
			break;
		}
		case 'c':
			num[0] = (char)va_arg(ap, int);
			emit(o, flags & ~F_ZERO, width, "", 0, num, 1);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			size_t n = 0;
			while (s[n] && (prec < 0 || n < (size_t)prec))
				n++;
			emit(o, flags & ~F_ZERO, width, "", 0, s, n);
			break;
		}
		case 'f':
		case 'F':
		case 'e':
		case 'E':
		case 'g':
		case 'G': {
			double v = long_double ? (double)va_arg(ap, long double) : va_arg(ap, double);
			int negative = __builtin_signbit(v) != 0;
			prefix = negative ? "-" : (flags & F_PLUS) ? "+" : (flags & F_SPACE) ? " " : "";
			if (prec > FMT_FLOAT_MAX_PREC)
				prec = FMT_FLOAT_MAX_PREC;
			char text[FMT_FLOAT_MAX];
			size_t n = __fmt_float(text, negative ? -v : v, conv, prec, alt ? FMT_ALT : 0);
			if (v != v || v - v != 0)
				flags &= ~F_ZERO;  /* inf and nan are never zero padded */
			emit(o, flags, width, prefix, 0, text, n);
			break;
		}
		case '%':
			put(o, "%", 1);
			break;
		default:
			/* Unknown conversion: print it as written, so the mistake shows. */
			put(o, "%", 1);
			if (conv)
				put(o, &conv, 1);
			break;
		}
	}
	return (int)o->total;
}
