/* vsnprintf/snprintf with Linux's semantics, freestanding (see lib/printf.h).
 *
 * Choices where the header leaves room:
 * - Integer precision follows ISO C: minimum digit count, and an explicit
 *   precision turns the '0' flag off. "%.0d" of 0 prints no digits; with '#'
 *   the Linux rule still keeps the prefix, so "%#.0x" of 0 prints "0x".
 * - "%.3s" of NULL prints the first three bytes of "(null)", as Linux does.
 * - After "%p", every letter and digit belongs to the conversion, as in
 *   Linux (ASCII only). Extensions hotmem does not implement ("%pS", "%pK",
 *   ...) and plain "%p" print the address like "%px": there is nothing to
 *   hide it from, so no hashing.
 * - 'L' and 'q' are accepted as "ll", as Linux does.
 * - An unknown conversion is copied to the output verbatim, flags and all,
 *   and consumes no argument (a '*' already read stays consumed).
 * - '%' with flags or a width ("%5%") prints a plain '%'.
 * No floating point anywhere: the kernel is built with -mgeneral-regs-only. */
#include "lib/printf.h"

#include <stdbool.h>
#include <stdint.h>

/* For the layouts %pR/%pr and %pra read. kernel/resource.h is declarations
 * that never need lib/printf.h, so there is no include cycle. */
#include "kernel/resource.h"
#include "lib/kernel.h"
#include "lib/limits.h"
#include "lib/range.h"

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

static void put_text(struct out *o, const char *s)
{
	while (*s)
		put(o, *s++);
}

/* ---- %p extensions: Linux's output, byte for byte ---- */

/* linux/err.h: the last 4095 addresses are error pointers (ERR_PTR). */
#define MAX_ERRNO 4095

/* Linux's check_pointer(): the text printed instead of reading through a
 * NULL, first-page or error pointer; NULL when p may be read. */
static const char *bad_pointer_text(const void *p)
{
	uintptr_t v = (uintptr_t)p;

	if (!p)
		return "(null)";
	if (v < PAGE_SIZE || v >= (uintptr_t)-MAX_ERRNO)
		return "(efault)";
	return NULL;
}

/* Linux's error_string(): the caller's width applies, and the text is cut
 * at 16 characters unless the caller gave a precision. */
static void put_error(struct out *o, const char *msg, struct spec sp)
{
	if (sp.prec < 0)
		sp.prec = 2 * sizeof(void *);
	put_string(o, msg, &sp);
}

/* How one kind of number inside an extension is printed. */
struct num_fmt {
	unsigned int base;
	struct spec sp;
};

/* "0x" and at least 8 hex digits (Linux's MEM_RSRC_PRINTK_SIZE 10). */
static const struct num_fmt mem_fmt = {16, {F_ALT | F_ZERO, 10, -1}};
/* "0x" and at least 4 hex digits (IO_RSRC_PRINTK_SIZE 6). */
static const struct num_fmt io_fmt = {16, {F_ALT | F_ZERO, 6, -1}};
/* Bus numbers: 2 hex digits, no prefix. */
static const struct num_fmt bus_fmt = {16, {F_ZERO, 2, -1}};
/* IRQ and DMA channel numbers. */
static const struct num_fmt dec_fmt = {10, {0, -1, -1}};
/* %pr's raw flags: "0x" and no padding. */
static const struct num_fmt flag_fmt = {16, {F_ALT, -1, -1}};
/* %pa and %pra: "0x" and all 16 digits of a 64-bit value. */
static const struct num_fmt u64_fmt = {16, {F_ALT | F_ZERO, 18, -1}};

static void put_num(struct out *o, unsigned long long v, const struct num_fmt *nf)
{
	put_number(o, v, false, nf->base, &nf->sp);
}

/* Linux's hex_range(): "start-end", or only "start" when they are equal. */
static void put_range(struct out *o, uint64_t start, uint64_t end, const struct num_fmt *nf)
{
	put_num(o, start, nf);
	if (start != end) {
		put(o, '-');
		put_num(o, end, nf);
	}
}

/* %pR (decode) and %pr: "[mem 0x000a0000-0x000bffff pref]" or
 * "[mem 0x000a0000-0x000bffff flags 0x2200]". The first of the io, mem, irq,
 * dma and bus bits that is set picks the word and the number format; with
 * none of them the type is "???" and the flags are shown raw even for %pR.
 * %pR shows an IORESOURCE_UNSET resource by its size only. */
static void resource_text(struct out *o, const struct resource *res, bool decode)
{
	const struct num_fmt *nf;

	put(o, '[');
	if (res->flags & IORESOURCE_IO) {
		put_text(o, "io  ");
		nf = &io_fmt;
	} else if (res->flags & IORESOURCE_MEM) {
		put_text(o, "mem ");
		nf = &mem_fmt;
	} else if (res->flags & IORESOURCE_IRQ) {
		put_text(o, "irq ");
		nf = &dec_fmt;
	} else if (res->flags & IORESOURCE_DMA) {
		put_text(o, "dma ");
		nf = &dec_fmt;
	} else if (res->flags & IORESOURCE_BUS) {
		put_text(o, "bus ");
		nf = &bus_fmt;
	} else {
		put_text(o, "??? ");
		nf = &mem_fmt;
		decode = false;
	}
	if (decode && (res->flags & IORESOURCE_UNSET)) {
		put_text(o, "size ");
		put_num(o, resource_size(res), nf);
	} else {
		put_range(o, res->start, res->end, nf);
	}
	if (decode) {
		if (res->flags & IORESOURCE_MEM_64)
			put_text(o, " 64bit");
		if (res->flags & IORESOURCE_PREFETCH)
			put_text(o, " pref");
		if (res->flags & IORESOURCE_WINDOW)
			put_text(o, " window");
		if (res->flags & IORESOURCE_DISABLED)
			put_text(o, " disabled");
	} else {
		put_text(o, " flags ");
		put_num(o, res->flags, &flag_fmt);
	}
	put(o, ']');
}

/* %pra: "[range 0x0000000060000000-0x000000006fffffff]". */
static void range_text(struct out *o, const struct range *r)
{
	put_text(o, "[range ");
	put_range(o, r->start, r->end, &u64_fmt);
	put(o, ']');
}

/* %pR, %pr and %pra print like one string: the caller's width and
 * precision apply to the whole text, as with %s. */
static void put_struct(struct out *o, const char *ext, const void *ptr, const struct spec *sp)
{
	char text[96]; /* the longest, "[irq <20 digits>-<20 digits> 64bit pref ...]", is 74 */
	struct out t = {.buf = text, .size = sizeof(text), .len = 0};

	if (ext[0] == 'r' && ext[1] == 'a')
		range_text(&t, ptr);
	else
		resource_text(&t, ptr, ext[0] == 'R');
	text[t.len < sizeof(text) ? t.len : sizeof(text) - 1] = '\0';
	put_string(o, text, sp);
}

/* Everything after the 'p': prints ptr the way the extension letters ask,
 * and returns where the format continues. */
static const char *put_pointer(struct out *o, const char *ext, const void *ptr, struct spec sp)
{
	const char *bad = bad_pointer_text(ptr);

	switch (ext[0]) {
	case 'R':
	case 'r':
		if (bad)
			put_error(o, bad, sp);
		else
			put_struct(o, ext, ptr, &sp);
		break;
	case 'a':
		/* %pa[p]: phys_addr_t or resource_size_t, %pad: dma_addr_t. All are
		 * 64 bits on x86-64 and hotmem keeps them in uint64_t. The width
		 * and flags are ignored, as in Linux. */
		if (bad)
			put_error(o, bad, sp);
		else
			put_num(o, *(const uint64_t *)ptr, &u64_fmt);
		break;
	default:
		/* Linux's %px: a fixed-width address unless a width is given. */
		if (sp.width < 0) {
			sp.width = 2 * sizeof(void *);
			sp.flags |= F_ZERO;
		}
		put_number(o, (uintptr_t)ptr, false, 16, &sp);
		break;
	}
	while ((*ext >= 'a' && *ext <= 'z') || (*ext >= 'A' && *ext <= 'Z') ||
	       (*ext >= '0' && *ext <= '9'))
		ext++;
	return ext;
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
			fmt = put_pointer(&o, fmt + 1, va_arg(args, void *), sp);
			continue;
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
