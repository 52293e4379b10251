/* Console registry. Each console has a role (docs/screen.md):
 *
 * - CON_MACHINE (COM1): receives every byte printk writes, unchanged; this
 *   is the machine protocol (KTAP, dumps, snapshots) of docs/ktap.md.
 * - CON_PEOPLE (VGA text, framebuffer): a text grid that kernel/screen.c
 *   draws its layout on. Until the layout starts (screen_start), these
 *   receive the printk stream too, so problems of the early boot show.
 *
 * Every printk also goes into the log ring buffer (kernel/logbuf.h), which
 * the screen scrolls over. The core only knows this interface, never a
 * driver. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stddef.h>

#include "kernel/textgrid.h"

#define CON_MACHINE 0x1
#define CON_PEOPLE  0x2

struct console {
	const char *name;
	unsigned int flags; /* CON_MACHINE or CON_PEOPLE */
	/* What it is, for the screen's header ("serial", "800x600x24 framebuffer"). */
	const char *desc;
	/* Writes n bytes; '\n' means newline (drivers add '\r' if they need it). */
	void (*write)(struct console *con, const char *s, size_t n);
	/* CON_PEOPLE: the console's cell shadow; the screen draws into it and
	 * flushes it. */
	struct textgrid *grid;
	struct console *next;
};

void console_register(struct console *con);
/* The machine stream: the log ring buffer and every CON_MACHINE console
 * (and the CON_PEOPLE ones until the screen layout starts; in the shell,
 * the screen's session too). */
void console_write(const char *s, size_t n);
/* Gives the log ring buffer its full size, from the kernel heap (call once
 * the heap has its memory). */
void console_log_grow(void);
/* "ttyS0 (serial: the full log), fbcon (this screen)": the consoles found
 * and their roles, for the screen's header. Returns the length, like
 * snprintf. */
size_t console_describe(char *buf, size_t size);
/* The first people console's description ("800x600x24 framebuffer"), or
 * "none". */
const char *console_people_desc(void);

#endif
