/* A line editor fed key events (kernel/input.h), pure C: the shell's input
 * line. It keeps the line and the cursor, a history of the last
 * LINE_EDIT_HISTORY lines, and writes the echo through a callback.
 *
 * The echo uses only printable characters, spaces and '\b' (cursor one
 * column left), never escape sequences, so it works the same on a serial
 * terminal and on the screen consoles, which know '\b', '\r' and '\n' and
 * nothing else. The editor assumes the cursor stands where the line starts
 * (after the prompt the caller printed) and that the line fits on one
 * screen row: '\b' does not go back across a wrapped row.
 *
 *   printable character    inserted at the cursor (refused, silently, once
 *                          the line has LINE_EDIT_MAX characters)
 *   Backspace / Delete     delete before / under the cursor (Ctrl-H is
 *                          Backspace: terminals send it for the key)
 *   Left, Right            move (also Ctrl-B, Ctrl-F)
 *   Home, End              to the start, the end (also Ctrl-A, Ctrl-E)
 *   Up, Down               older, newer history line; below the newest
 *                          comes back the line that was being typed
 *   Enter                  echoes "\n", returns LINE_EDIT_DONE; a line not
 *                          empty and not equal to the newest history line
 *                          joins the history
 *   Ctrl-C                 echoes "^C\n", drops the line: LINE_EDIT_CANCEL
 *   Ctrl-D                 on an empty line LINE_EDIT_EOF (no echo),
 *                          otherwise Delete
 *   anything else          ignored (Tab, Esc, PgUp/PgDn, Insert, Alt+key)
 *
 * Recalled history lines can be edited; the edit is forgotten when Up/Down
 * moves on (the history itself never changes, only Enter adds to it). */
#ifndef KERNEL_LINE_EDIT_H
#define KERNEL_LINE_EDIT_H

#include <stddef.h>

#include "kernel/input.h"

#define LINE_EDIT_MAX	  255 /* characters in a line */
#define LINE_EDIT_HISTORY 16  /* lines kept */

enum line_edit_result {
	LINE_EDIT_BUSY,	  /* the line goes on */
	LINE_EDIT_DONE,	  /* Enter: the line is in line_edit_line() */
	LINE_EDIT_CANCEL, /* Ctrl-C: the line was dropped */
	LINE_EDIT_EOF,	  /* Ctrl-D on an empty line */
};

typedef void (*line_edit_echo_fn)(void *ctx, const char *s, size_t n);

struct line_edit {
	char buf[LINE_EDIT_MAX + 1];  /* the line being edited */
	unsigned int len, cur;	      /* its length, the cursor's index */
	char line[LINE_EDIT_MAX + 1]; /* the last line ended by Enter */
	char hist[LINE_EDIT_HISTORY][LINE_EDIT_MAX + 1];
	unsigned int hist_n;	       /* lines in the ring */
	unsigned int hist_head;	       /* the slot the next line goes to */
	unsigned int hist_pos;	       /* 0: the new line; k: the k-th newest */
	char saved[LINE_EDIT_MAX + 1]; /* the new line while browsing */
	line_edit_echo_fn echo;
	void *echo_ctx;
};

/* Starts an editor with an empty line and an empty history; `echo` (may be
 * NULL) receives the echo. */
void line_edit_init(struct line_edit *le, line_edit_echo_fn echo, void *ctx);

/* Feeds one key; returns what became of the line. */
enum line_edit_result line_edit_feed(struct line_edit *le, const struct key_event *ev);

/* The line ended by the last LINE_EDIT_DONE (NUL-terminated, valid until
 * the next one). */
const char *line_edit_line(const struct line_edit *le);

/* The k-th newest history line (k = 1 is the newest), or NULL. */
const char *line_edit_history(const struct line_edit *le, unsigned int k);

#endif
