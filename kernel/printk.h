/* printk: formatted output to every registered console. */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <stdarg.h>

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* Writes a string as is (no formatting, no length limit). */
void console_puts(const char *s);

#endif
