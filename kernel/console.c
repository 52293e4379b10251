/* Console registry and printk: every message goes to every console. */
#include "kernel/console.h"

#include "kernel/printk.h"
#include "lib/printf.h"
#include "lib/string.h"

static struct console *consoles;

void console_register(struct console *con)
{
	struct console **pp = &consoles;

	/* Append, so output order follows registration order. */
	while (*pp)
		pp = &(*pp)->next;
	con->next = NULL;
	*pp = con;
}

void console_write(const char *s, size_t n)
{
	for (struct console *c = consoles; c; c = c->next)
		c->write(c, s, n);
}

void console_banner(const char *text)
{
	for (struct console *c = consoles; c; c = c->next)
		if (c->banner)
			c->banner(c, text);
}

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
	size_t n = strlen(s);

	if (cap_buf) {
		if (cap_len + n >= cap_size)
			n = cap_size - 1 - cap_len;
		memcpy(cap_buf + cap_len, s, n);
		cap_len += n;
		cap_buf[cap_len] = '\0';
		return;
	}
	console_write(s, n);
}

void vprintk(const char *fmt, va_list ap)
{
	char buf[1024];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	if (n > 0)
		console_puts(buf);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}
