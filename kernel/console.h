/* Console registry: drivers register an output, printk writes to all of them.
 * The core only knows this interface, never a driver. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stddef.h>

struct console {
	const char *name;
	/* Writes n bytes; '\n' means newline (drivers add '\r' if they need it). */
	void (*write)(struct console *con, const char *s, size_t n);
	/* Optional: draws `text` large (a few characters) for the end-of-run banner. */
	void (*banner)(struct console *con, const char *text);
	struct console *next;
};

void console_register(struct console *con);
void console_write(const char *s, size_t n);
/* Draws a large banner on every console that can (the verdict on real hardware). */
void console_banner(const char *text);

#endif
