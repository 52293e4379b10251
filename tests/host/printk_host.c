/* Host backend of kernel/printk.h: stdout, or a capture buffer for tests. */
#include <stdio.h>

#include "kernel/printk.h"
#include "lib/printf.h"
#include "lib/string.h"

static char *cap_buf;
static size_t cap_size, cap_len;

void printk_capture_start(char *buf, size_t size)
{
	cap_buf = buf;
	cap_size = size;
	cap_len = 0;
	if (size)
		buf[0] = '\0';
}

size_t printk_capture_stop(void)
{
	size_t n = cap_len;

	cap_buf = NULL;
	return n;
}

void console_puts(const char *s)
{
	if (cap_buf) {
		size_t n = strlen(s);

		if (cap_len + n >= cap_size)
			n = cap_size - 1 - cap_len;
		memcpy(cap_buf + cap_len, s, n);
		cap_len += n;
		cap_buf[cap_len] = '\0';
		return;
	}
	fputs(s, stdout);
}

void vprintk(const char *fmt, va_list ap)
{
	char buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	console_puts(buf);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}
