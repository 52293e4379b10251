/* printk: formatted output to the consoles and the log (kernel/console.h). */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <stdarg.h>
#include <stddef.h>

/* Linux's log levels, as a prefix of the format: printk(KERN_ERR "...").
 * The prefix is not printed. A message at KERN_WARNING or more urgent is
 * also listed on the screen for people (docs/screen.md); without a prefix
 * a message goes to the machine log only. */
#define KERN_SOH     "\001"
#define KERN_EMERG   KERN_SOH "0"
#define KERN_ALERT   KERN_SOH "1"
#define KERN_CRIT    KERN_SOH "2"
#define KERN_ERR     KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE  KERN_SOH "5"
#define KERN_INFO    KERN_SOH "6"
#define KERN_DEBUG   KERN_SOH "7"

#define LOGLEVEL_WARNING 4

/* The level of a formatted message (0-7), or -1 without a prefix; moves
 * *text past the prefix. */
static inline int printk_get_level(const char **text)
{
	const char *s = *text;

	if (s[0] != KERN_SOH[0] || s[1] < '0' || s[1] > '7')
		return -1;
	*text = s + 2;
	return s[1] - '0';
}

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
