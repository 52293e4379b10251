/* Console registry and printk (kernel/console.h): the machine consoles get
 * every byte, the log ring buffer keeps it, the screen consoles show the
 * screen layout once it has started (and, in the shell, the text below it). */
#include "kernel/console.h"

#include "kernel/kalloc.h"
#include "kernel/logbuf.h"
#include "kernel/printk.h"
#include "kernel/printk_capture.h"
#include "kernel/printk_format.h"
#include "kernel/screen.h"
#include "lib/printf.h"
#include "lib/string.h"

/* The log the screen scrolls over: 1 MiB holds several whole boots. */
#define CONSOLE_LOG_SIZE (1u << 20)

static struct console *consoles;

void console_register(struct console *con)
{
	struct console **pp = &consoles;

	/* Append, so output order follows registration order. */
	while (*pp)
		pp = &(*pp)->next;
	con->next = NULL;
	*pp = con;
	if ((con->flags & CON_PEOPLE) && con->grid)
		screen_add_display(con->grid);
}

void console_write(const char *s, size_t n)
{
	bool people = !screen_started();

	logbuf_write(&init_logbuf, s, n);
	for (struct console *c = consoles; c; c = c->next)
		if ((c->flags & CON_MACHINE) || people)
			c->write(c, s, n);
	/* In the shell the screen shows the text too, as a terminal would. */
	screen_session_write(s, n);
}

void console_log_grow(void)
{
	char *mem = kzalloc(CONSOLE_LOG_SIZE);

	/* Without the memory the small log goes on, dropping its oldest text. */
	if (mem)
		logbuf_move(&init_logbuf, mem, CONSOLE_LOG_SIZE);
}

size_t console_describe(char *buf, size_t size)
{
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	for (struct console *c = consoles; c; c = c->next) {
		size_t room = len < size ? size - len : 0;
		const char *role = c->flags & CON_MACHINE ? "the full log" : "this screen";

		len += (size_t)snprintf(room ? buf + len : NULL, room, "%s%s (%s%s%s)",
					c == consoles ? "" : ", ", c->name,
					c->flags & CON_MACHINE ? c->desc : "",
					c->flags & CON_MACHINE ? ": " : "", role);
	}
	return len;
}

const char *console_people_desc(void)
{
	for (struct console *c = consoles; c; c = c->next)
		if (c->flags & CON_PEOPLE)
			return c->desc ? c->desc : c->name;
	return "none";
}

void console_puts(const char *s)
{
	if (printk_capture_puts(s))
		return;
	console_write(s, strlen(s));
}

void vprintk(const char *fmt, va_list ap)
{
	char text[PRINTK_LINE_MAX];
	size_t n;
	/* Cut with a marker and a newline, control bytes escaped. */
	int level = printk_format(text, &n, fmt, ap);

	if (!n || printk_capture_puts(text))
		return;
	console_write(text, n);
	/* Warnings and errors are listed on the screen too (docs/screen.md). */
	if (level >= 0 && level <= LOGLEVEL_WARNING)
		screen_note(text, strlen(text));
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}
