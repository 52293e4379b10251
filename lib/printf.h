/* vsnprintf with Linux's semantics for the conversions hotmem prints.
 *
 * Supported: %d %i %u %x %X %c %s %p %% with flags '-' '0' '#' '+' ' ',
 * width and precision (numbers or '*'), length modifiers hh h l ll z t j.
 * Like Linux and unlike ISO C: "%#x" of 0 prints "0x0" and "%#018llx" of 0
 * prints "0x0000000000000000" (the prefix is kept for zero and counts towards
 * the width). "%p" prints like Linux's %px: 16 zero-padded lowercase hex
 * digits, no prefix. "%s" of NULL prints "(null)". Returns the length the
 * full output would have had (C99 rule); the buffer is always terminated when
 * size > 0. */
#ifndef LIB_PRINTF_H
#define LIB_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

#ifdef HOTMEM_HOST
#define vsnprintf hm_vsnprintf
#define snprintf  hm_snprintf
#endif

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
