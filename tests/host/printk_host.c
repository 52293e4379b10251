/* Host backend of kernel/printk.h: stdout, unless a test captures the output
 * (kernel/printk_capture.c). */
#include <stdio.h>

#include "kernel/printk.h"
#include "kernel/printk_capture.h"
#include "kernel/printk_format.h"
#include "lib/printf.h"

void console_puts(const char *s)
{
	if (!printk_capture_puts(s))
		fputs(s, stdout);
}

void vprintk(const char *fmt, va_list ap)
{
	char text[PRINTK_LINE_MAX];
	size_t n;

	printk_format(text, &n, fmt, ap);
	console_puts(text);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}
