/* vsnprintf/snprintf with Linux's semantics, freestanding (see lib/printf.h).
 *
 * Choices where the header leaves room:
 * - Integer precision follows ISO C: minimum digit count, and an explicit
 *   precision turns the '0' flag off. "%.0d" of 0 prints no digits; with '#'
 *   the Linux rule still keeps the prefix, so "%#.0x" of 0 prints "0x".
 * - "%.3s" of NULL prints the first three bytes of "(null)", as Linux does.
 * - "%p" consumes only the 'p': unlike Linux, letters after it (as in "%pS")
 *   are ordinary text, since no pointer extensions are implemented.
 * - 'L' and 'q' are accepted as "ll", as Linux does.
 * - An unknown conversion is copied to the output verbatim, flags and all,
 *   and consumes no argument (a '*' already read stays consumed).
 * - '%' with flags or a width ("%5%") prints a plain '%'.
 * No floating point anywhere: the kernel is built with -mgeneral-regs-only. */
#include "lib/printf.h"

#include <stdbool.h>
#include <stdint.h>

#include "lib/limits.h"

enum {
	F_LEFT = 1 << 0,   /* '-' */
	F_ZERO = 1 << 1,   /* '0' */
	F_ALT = 1 << 2,	   /* '#' */
	F_PLUS = 1 << 3,   /* '+' */
	F_SPACE = 1 << 4,  /* ' ' */
	F_UPPER = 1 << 5,  /* %X: upper-case digits and prefix */
	F_SIGNED = 1 << 6, /* %d/%i: '+' and ' ' apply */
};

enum length { LEN_INT, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

struct spec {
	unsigned int flags;
	int width; /* -1: none given */
	int prec;  /* -1: none given */
};

/* The output cursor: len counts every byte the full result would have, so
 * the return value is right even when the buffer is too small. */
struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	/* The last byte of the buffer is reserved for the terminator. */
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_repeat(struct out *o, char c, int n)
{
	for (; n > 0; n--)
		put(o, c);
}

static void put_number(struct out *o, unsigned long long mag, bool neg, unsigned int base,
		       const struct spec *sp)
{
	const char *set = (sp->flags & F_UPPER) ? "0123456789ABCDEF" : "0123456789abcdef";
	char digits[24]; /* 20 decimal digits fill a 64-bit value */
	int ndigits = 0, zeros, prefix_len = 0, body, pad;
	char sign = 0;

	if (!(mag == 0 && sp->prec == 0)) {
		do {
			digits[ndigits++] = set[mag % base];
			mag /= base;
		} while (mag);
	}
	zeros = sp->prec > ndigits ? sp->prec - ndigits : 0;

	if (neg)
		sign = '-';
	else if ((sp->flags & F_SIGNED) && (sp->flags & F_PLUS))
		sign = '+';
	else if ((sp->flags & F_SIGNED) && (sp->flags & F_SPACE))
		sign = ' ';
	/* Linux keeps "0x" even for zero, and it counts towards the width. */
	if ((sp->flags & F_ALT) && base == 16)
		prefix_len = 2;

	body = (sign ? 1 : 0) + prefix_len + zeros + ndigits;
	pad = sp->width > body ? sp->width - body : 0;

	/* Zero padding goes between the sign/prefix and the digits; it is off
	 * with '-' and with an explicit precision (ISO C). */
	if (!(sp->flags & F_LEFT) && !((sp->flags & F_ZERO) && sp->prec < 0)) {
		put_repeat(o, ' ', pad);
		pad = 0;
	}
	if (sign)
		put(o, sign);
	if (prefix_len) {
		put(o, '0');
		put(o, (sp->flags & F_UPPER) ? 'X' : 'x');
	}
	if (!(sp->flags & F_LEFT)) {
		put_repeat(o, '0', pad);
		pad = 0;
	}
	put_repeat(o, '0', zeros);
	while (ndigits > 0)
		put(o, digits[--ndigits]);
	put_repeat(o, ' ', pad);
}

static void put_string(struct out *o, const char *s, const struct spec *sp)
{
	int n = 0, pad;

	if (!s)
		s = "(null)";
	/* With a precision, s need not be terminated: never read past it. */
	while ((sp->prec < 0 || n < sp->prec) && n < INT_MAX && s[n])
		n++;
	pad = sp->width > n ? sp->width - n : 0;
	if (!(sp->flags & F_LEFT))
		put_repeat(o, ' ', pad);
	for (int i = 0; i < n; i++)
		put(o, s[i]);
	if (sp->flags & F_LEFT)
		put_repeat(o, ' ', pad);
}

/* va_list is an array type on x86-64, so helpers get a pointer to a copy. */
static long long get_signed(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
		/* The signed type corresponding to size_t. */
		return (ptrdiff_t)va_arg(*ap, size_t);
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	case LEN_INT:
		break;
	}
	return va_arg(*ap, int);
}

static unsigned long long get_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
		return va_arg(*ap, size_t);
	case LEN_T:
		/* The unsigned type corresponding to ptrdiff_t. */
		return (size_t)va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	case LEN_INT:
		break;
	}
	return va_arg(*ap, unsigned int);
}

/* Reads a decimal field, saturating so absurd widths cannot overflow. */
static int parse_decimal(const char **fmt)
{
	int v = 0;

	for (; **fmt >= '0' && **fmt <= '9'; (*fmt)++) {
		int d = **fmt - '0';

		v = v > (INT_MAX - d) / 10 ? INT_MAX : v * 10 + d;
	}
	return v;
}

static const char *parse_flags(const char *fmt, unsigned int *flags)
{
	for (;; fmt++) {
		switch (*fmt) {
		case '-':
			*flags |= F_LEFT;
			break;
		case '0':
			*flags |= F_ZERO;
			break;
		case '#':
			*flags |= F_ALT;
			break;
		case '+':
			*flags |= F_PLUS;
			break;
		case ' ':
			*flags |= F_SPACE;
			break;
		default:
			return fmt;
		}
	}
}

static const char *parse_length(const char *fmt, enum length *len)
{
	switch (*fmt) {
	case 'h':
		if (fmt[1] == 'h') {
			*len = LEN_HH;
			return fmt + 2;
		}
		*len = LEN_H;
		return fmt + 1;
	case 'l':
		if (fmt[1] == 'l') {
			*len = LEN_LL;
			return fmt + 2;
		}
		*len = LEN_L;
		return fmt + 1;
	case 'L':
	case 'q':
		*len = LEN_LL;
		return fmt + 1;
	case 'z':
		*len = LEN_Z;
		return fmt + 1;
	case 't':
		*len = LEN_T;
		return fmt + 1;
	case 'j':
		*len = LEN_J;
		return fmt + 1;
	default:
		*len = LEN_INT;
		return fmt;
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {.buf = buf, .size = size, .len = 0};
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		struct spec sp = {.flags = 0, .width = -1, .prec = -1};
		const char *start = fmt;
		enum length len;
		long long sval;

		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_flags(fmt + 1, &sp.flags);

		if (*fmt == '*') {
			int w = va_arg(args, int);

			/* A negative '*' width means '-' plus its magnitude. */
			if (w < 0) {
				sp.flags |= F_LEFT;
				w = w == INT_MIN ? INT_MAX : -w;
			}
			sp.width = w;
			fmt++;
		} else if (*fmt >= '0' && *fmt <= '9') {
			sp.width = parse_decimal(&fmt);
		}

		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				int p = va_arg(args, int);

				/* A negative '*' precision counts as none. */
				sp.prec = p < 0 ? -1 : p;
				fmt++;
			} else {
				sp.prec = parse_decimal(&fmt);
			}
		}

		fmt = parse_length(fmt, &len);

		switch (*fmt) {
		case 'd':
		case 'i':
			sp.flags |= F_SIGNED;
			sval = get_signed(&args, len);
			/* Negate in unsigned arithmetic so LLONG_MIN is fine. */
			put_number(&o,
				   sval < 0 ? 0ULL - (unsigned long long)sval
					    : (unsigned long long)sval,
				   sval < 0, 10, &sp);
			break;
		case 'u':
			put_number(&o, get_unsigned(&args, len), false, 10, &sp);
			break;
		case 'X':
			sp.flags |= F_UPPER;
			/* fallthrough */
		case 'x':
			put_number(&o, get_unsigned(&args, len), false, 16, &sp);
			break;
		case 'p':
			/* Linux %px: a fixed-width address unless a width is given. */
			if (sp.width < 0) {
				sp.width = 2 * sizeof(void *);
				sp.flags |= F_ZERO;
			}
			put_number(&o, (uintptr_t)va_arg(args, void *), false, 16, &sp);
			break;
		case 'c': {
			int pad = sp.width > 1 ? sp.width - 1 : 0;

			if (!(sp.flags & F_LEFT))
				put_repeat(&o, ' ', pad);
			put(&o, (char)va_arg(args, int));
			if (sp.flags & F_LEFT)
				put_repeat(&o, ' ', pad);
			break;
		}
		case 's':
			put_string(&o, va_arg(args, const char *), &sp);
			break;
		case '%':
			put(&o, '%');
			break;
		default:
			/* Unknown, or the format ended inside the spec: show what we
			 * could not interpret instead of guessing at arguments. */
			while (start < fmt)
				put(&o, *start++);
			if (!*fmt)
				continue;
			put(&o, *fmt);
			break;
		}
		fmt++;
	}
	va_end(args);

	if (size)
		o.buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len > INT_MAX ? INT_MAX : (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
