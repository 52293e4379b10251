/* Console registry and printk: every message goes to every console. */
#include "kernel/console.h"

#include "kernel/printk.h"
#include "kernel/printk_capture.h"
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

void console_puts(const char *s)
{
	if (printk_capture_puts(s))
		return;
	console_write(s, strlen(s));
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
