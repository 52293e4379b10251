/* What the shell's files (kernel/shell.c, kernel/shell_change.c) share. */
#ifndef KERNEL_SHELL_INTERNAL_H
#define KERNEL_SHELL_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "kernel/shell.h"

/* Output through the shell's write callback. */
void shell_puts(struct shell *sh, const char *s);
void shell_printf(struct shell *sh, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The C library's message for errno err (positive or negative), as
 * strerror() gives it on Linux: "No such file or directory". */
const char *shell_strerror(int err);

/* A growing heap string. After a failed allocation it keeps what it had and
 * remembers the failure (oom); the text is always terminated once anything
 * was added. */
struct sbuf {
	char *buf;
	size_t len, size;
	bool oom;
};

void sbuf_puts(struct sbuf *b, const char *s);
void sbuf_putn(struct sbuf *b, const char *s, size_t n);
void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The text (kzalloc'd, "" when empty) for the caller to kfree, or NULL
 * after an allocation failure; b is empty again. */
char *sbuf_take(struct sbuf *b);
void sbuf_free(struct sbuf *b);

/* Throws away an open change (the command that opened it failed, so
 * nothing changed). */
void shell_change_abort(struct shell *sh);
/* Frees the texts of a change. */
void shell_change_clear(struct shell_change *c);

#endif
