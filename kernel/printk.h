/* printk: formatted output to every registered console. */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <stdarg.h>
#include <stddef.h>

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* Writes a string as is (no formatting, no length limit). */
void console_puts(const char *s);

/* Tests capture printk output: until printk_capture_stop() everything printed
 * goes into buf (NUL-terminated, truncated to size - 1) instead of the
 * consoles. Returns the captured length. Not nestable. */
void printk_capture_start(char *buf, size_t size);
size_t printk_capture_stop(void);

#endif
