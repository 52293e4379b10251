/* One printk message made safe for a terminal, pure C (kernel and host
 * printk backends share it).
 *
 * - A message longer than the line buffer is cut and ends with a marker and
 *   a newline: "... [cut: the message had N bytes]\n", so the next message
 *   starts on its own line.
 * - Control bytes other than '\n' and '\t' (ESC, BEL, NUL's neighbours, DEL,
 *   a level prefix inside the text) are written as "\xNN": text from the
 *   command line or from devices cannot clear or reprogram the terminal.
 *   Printable text, bytes >= 0x80 included, passes byte for byte.
 * - A message that fits and needs no escape comes out exactly as formatted
 *   (a message without '\n' continues the line, as before). */
#ifndef KERNEL_PRINTK_FORMAT_H
#define KERNEL_PRINTK_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* The line buffer: the longest message, terminating NUL included. */
#define PRINTK_LINE_MAX 1024

/* Formats fmt/ap into out (PRINTK_LINE_MAX bytes, NUL-terminated) as above,
 * after the level prefix. Returns the level (0-7) or -1 without a prefix;
 * *len is the length of out. */
int printk_format(char *out, size_t *len, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* The same for a message already formatted: the n bytes of text, of a
 * message that had total bytes (more than n: the formatter cut it). Returns
 * the length of out. */
size_t printk_escape(char *out, const char *text, size_t n, size_t total);

#endif
