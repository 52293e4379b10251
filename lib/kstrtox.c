/* Number parsing with Linux's semantics (see lib/kstrtox.h). */
#include "lib/kstrtox.h"

#include <stddef.h>

#include "lib/errno.h"
#include "lib/limits.h"

/* Value of c as a digit in bases up to 36, or 36 (invalid in every base). */
static unsigned int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned int)(c - '0');
	if (c >= 'a' && c <= 'z')
		return (unsigned int)(c - 'a') + 10;
	if (c >= 'A' && c <= 'Z')
		return (unsigned int)(c - 'A') + 10;
	return 36;
}

static int is_hex_prefix(const char *s)
{
	return s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && digit_value(s[2]) < 16;
}

/*
 * Picks the base and skips a "0x" prefix. The prefix is only skipped when a
 * hex digit follows, so "0x" alone parses as 0 with "x" left over (as C's
 * strtoull does) rather than as an empty number.
 */
static const char *fixup_base(const char *s, unsigned int *base)
{
	if (*base == 0) {
		if (is_hex_prefix(s))
			*base = 16;
		else if (s[0] == '0')
			*base = 8;
		else
			*base = 10;
	}
	if (*base == 16 && is_hex_prefix(s))
		s += 2;
	return s;
}

/*
 * Parses digits of an already fixed-up base; returns how many were consumed.
 * Keeps consuming after an overflow so the caller sees where the number ends.
 */
static size_t parse_digits(const char *s, unsigned int base, unsigned long long *res, int *overflow)
{
	unsigned long long val = 0;
	size_t n = 0;
	unsigned int d;

	*overflow = 0;
	for (; (d = digit_value(s[n])) < base; n++) {
		if (*overflow)
			continue;
		if (val > (ULLONG_MAX - d) / base) {
			*overflow = 1;
			val = ULLONG_MAX;
			continue;
		}
		val = val * base + d;
	}
	*res = val;
	return n;
}

unsigned long long simple_strtoull_ovf(const char *s, char **endp, unsigned int base, int *overflow)
{
	unsigned long long val = 0;
	int ovf = 0;

	/* Bases outside 2..36 have no digits: nothing is consumed. */
	if (base != 1 && base <= 36) {
		s = fixup_base(s, &base);
		s += parse_digits(s, base, &val, &ovf);
	}
	if (endp)
		*endp = (char *)s;
	if (overflow)
		*overflow = ovf;
	return val;
}

unsigned long long simple_strtoull(const char *s, char **endp, unsigned int base)
{
	return simple_strtoull_ovf(s, endp, base, NULL);
}

/* The whole-string rule shared by kstrtoull and kstrtoll, without the sign. */
static int parse_whole(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long val;
	size_t n;
	int ovf;

	if (base == 1 || base > 36)
		return -EINVAL;
	s = fixup_base(s, &base);
	n = parse_digits(s, base, &val, &ovf);
	/* Linux reports overflow before looking at what follows the digits. */
	if (ovf)
		return -ERANGE;
	if (n == 0)
		return -EINVAL;
	s += n;
	/* One trailing newline is allowed, so sysfs-style "42\n" parses. */
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = val;
	return 0;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	if (s[0] == '+')
		s++;
	return parse_whole(s, base, res);
}

int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long mag;
	int err;

	if (s[0] == '-') {
		err = parse_whole(s + 1, base, &mag);
		if (err)
			return err;
		/* The magnitude of LLONG_MIN is one more than LLONG_MAX. */
		if (mag > (unsigned long long)LLONG_MAX + 1)
			return -ERANGE;
		*res = mag == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)mag;
		return 0;
	}
	err = kstrtoull(s, base, &mag);
	if (err)
		return err;
	if (mag > LLONG_MAX)
		return -ERANGE;
	*res = (long long)mag;
	return 0;
}

/* Linux's kstrtobool(): only the first characters count. */
int kstrtobool(const char *s, bool *res)
{
	switch (s[0]) {
	case 'y':
	case 'Y':
	case 't':
	case 'T':
	case '1':
		*res = true;
		return 0;
	case 'n':
	case 'N':
	case 'f':
	case 'F':
	case '0':
		*res = false;
		return 0;
	case 'o':
	case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}
