/* vsnprintf with Linux's semantics for the conversions hotmem prints.
 *
 * Supported: %d %i %u %x %X %c %s %p %% with flags '-' '0' '#' '+' ' ',
 * width and precision (numbers or '*'), length modifiers hh h l ll z t j.
 * Like Linux and unlike ISO C: "%#x" of 0 prints "0x0" and "%#018llx" of 0
 * prints "0x0000000000000000" (the prefix is kept for zero and counts towards
 * the width). "%p" prints like Linux's %px: 16 zero-padded lowercase hex
 * digits, no prefix. "%s" of NULL prints "(null)". Returns the length the
 * full output would have had (C99 rule); the buffer is always terminated when
 * size > 0.
 *
 * Linux's pointer extensions, each taking a pointer, with Linux's output:
 *   %pR   struct resource *   [mem 0x000a0000-0x000bffff 64bit pref window disabled]
 *                             [io  0x0cf8-0x0cff], [mem 0xfee00000] (start == end),
 *                             [mem size 0x00100000] (IORESOURCE_UNSET)
 *   %pr   struct resource *   [mem 0x000a0000-0x000bffff flags 0x2200]
 *   %pra  struct range *      [range 0x0000000060000000-0x000000006fffffff]
 *   %pa   resource_size_t * / phys_addr_t *, also %pap, and %pad for dma_addr_t:
 *                             0x00000000fed00000 (always "0x" and 16 digits)
 *   %px   the pointer itself, as plain %p.
 * Memory numbers have "0x" and at least 8 digits, I/O ports at least 4, both
 * more when the value needs them. A width or precision applies to the whole
 * %pR/%pr/%pra text as for %s; %pa ignores both. A NULL pointer prints
 * "(null)", one into the first page or an error pointer "(efault)". Every
 * letter and digit after %p belongs to the conversion. */
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
