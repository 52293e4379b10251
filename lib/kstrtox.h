/* Number parsing with Linux's semantics (lib/kstrtox.c, lib/vsprintf.c). */
#ifndef LIB_KSTRTOX_H
#define LIB_KSTRTOX_H

#include <stdbool.h>

/* Parses an unsigned number; base 0 means auto: "0x"/"0X" hex, leading "0"
 * octal, else decimal. Stops at the first invalid character and stores its
 * address in *endp (if endp). Overflow saturates at ULLONG_MAX and sets
 * *overflow (if overflow) so callers can reject it; *overflow is cleared
 * otherwise. Bases 2..36; a "0x" prefix is only taken when a hex digit
 * follows it. No sign and no leading whitespace are accepted. */
unsigned long long simple_strtoull_ovf(const char *s, char **endp, unsigned int base,
				       int *overflow);
unsigned long long simple_strtoull(const char *s, char **endp, unsigned int base);

/* Whole-string parse like Linux kstrtoull(): an optional leading '+', one
 * trailing '\n' allowed, nothing else. Returns 0, -EINVAL (empty or junk) or
 * -ERANGE (overflow). */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtoll(const char *s, unsigned int base, long long *res);

/* Linux's kstrtobool(): y/Y/t/T/1 and on are true, n/N/f/F/0 and off are
 * false; only the first characters count ("yes please" is true). 0 and
 * *res, or -EINVAL (then *res is unchanged). */
int kstrtobool(const char *s, bool *res);

#endif
