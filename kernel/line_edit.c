/* The line editor (kernel/line_edit.h). Every change to the line is echoed
 * as the smallest redraw that needs only '\b', spaces and reprinting: the
 * text right of the change is printed again, spaces cover what got shorter,
 * and '\b's walk the cursor back to where it belongs. */
#include "kernel/line_edit.h"

#include "lib/string.h"

/* The echo of one key, gathered so the console gets one write per chunk. */
struct echo_buf {
	struct line_edit *le;
	size_t n;
	char b[128];
};

static void echo_flush(struct echo_buf *e)
{
	if (e->n && e->le->echo)
		e->le->echo(e->le->echo_ctx, e->b, e->n);
	e->n = 0;
}

static void echo_put(struct echo_buf *e, char c)
{
	if (e->n == sizeof(e->b))
		echo_flush(e);
	e->b[e->n++] = c;
}

static void echo_str(struct echo_buf *e, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		echo_put(e, s[i]);
}

static void echo_rep(struct echo_buf *e, char c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		echo_put(e, c);
}

void line_edit_init(struct line_edit *le, line_edit_echo_fn echo, void *ctx)
{
	memset(le, 0, sizeof(*le));
	le->echo = echo;
	le->echo_ctx = ctx;
}

const char *line_edit_line(const struct line_edit *le)
{
	return le->line;
}

const char *line_edit_history(const struct line_edit *le, unsigned int k)
{
	if (k < 1 || k > le->hist_n)
		return NULL;
	return le->hist[(le->hist_head + LINE_EDIT_HISTORY - k) % LINE_EDIT_HISTORY];
}

static void insert(struct line_edit *le, char c, struct echo_buf *e)
{
	if (le->len >= LINE_EDIT_MAX)
		return;
	memmove(le->buf + le->cur + 1, le->buf + le->cur, le->len - le->cur);
	le->buf[le->cur] = c;
	le->len++;
	le->buf[le->len] = '\0';
	/* The new character and the tail behind it, then back over the tail. */
	echo_str(e, le->buf + le->cur, le->len - le->cur);
	le->cur++;
	echo_rep(e, '\b', le->len - le->cur);
}

/* Removes the character at the cursor, with the cursor already there on
 * the screen: the tail moves left one column, a space covers its old end. */
static void delete_at_cursor(struct line_edit *le, struct echo_buf *e)
{
	unsigned int tail;

	memmove(le->buf + le->cur, le->buf + le->cur + 1, le->len - le->cur);
	le->len--;
	tail = le->len - le->cur;
	echo_str(e, le->buf + le->cur, tail);
	echo_put(e, ' ');
	echo_rep(e, '\b', tail + 1);
}

static void backspace(struct line_edit *le, struct echo_buf *e)
{
	if (!le->cur)
		return;
	le->cur--;
	echo_put(e, '\b');
	delete_at_cursor(le, e);
}

static void move_to(struct line_edit *le, unsigned int pos, struct echo_buf *e)
{
	if (pos < le->cur)
		echo_rep(e, '\b', le->cur - pos);
	else
		echo_str(e, le->buf + le->cur, pos - le->cur); /* reprint to move right */
	le->cur = pos;
}

/* Shows `s` instead of the line, the cursor at its end: back to where the
 * two first differ (not further than the cursor), print the rest of `s`,
 * blank what is left of the old line. */
static void replace_line(struct line_edit *le, const char *s, struct echo_buf *e)
{
	unsigned int n = (unsigned int)strlen(s), same = 0;

	while (same < le->cur && same < n && le->buf[same] == s[same])
		same++;
	echo_rep(e, '\b', le->cur - same);
	echo_str(e, s + same, n - same);
	if (le->len > n) {
		echo_rep(e, ' ', le->len - n);
		echo_rep(e, '\b', le->len - n);
	}
	memcpy(le->buf, s, n + 1);
	le->len = le->cur = n;
}

static void history_move(struct line_edit *le, int older, struct echo_buf *e)
{
	if (older) {
		if (le->hist_pos >= le->hist_n)
			return;
		if (!le->hist_pos)
			memcpy(le->saved, le->buf, le->len + 1);
		le->hist_pos++;
	} else {
		if (!le->hist_pos)
			return;
		le->hist_pos--;
	}
	replace_line(le, le->hist_pos ? line_edit_history(le, le->hist_pos) : le->saved, e);
}

static void history_add(struct line_edit *le)
{
	const char *newest = line_edit_history(le, 1);

	if (!le->len || (newest && !strcmp(newest, le->buf)))
		return;
	memcpy(le->hist[le->hist_head], le->buf, le->len + 1);
	le->hist_head = (le->hist_head + 1) % LINE_EDIT_HISTORY;
	if (le->hist_n < LINE_EDIT_HISTORY)
		le->hist_n++;
}

/* Empties the line for the next one. */
static void new_line(struct line_edit *le)
{
	le->buf[0] = '\0';
	le->len = le->cur = 0;
	le->hist_pos = 0;
}

static enum line_edit_result feed(struct line_edit *le, const struct key_event *ev,
				  struct echo_buf *e)
{
	u16 code = ev->code;

	if (ev->mods & KEY_MOD_CTRL) {
		switch (code) {
		case 'c':
			echo_str(e, "^C\n", 3);
			new_line(le);
			return LINE_EDIT_CANCEL;
		case 'd':
			if (!le->len)
				return LINE_EDIT_EOF;
			code = KEY_DELETE;
			break;
		case 'a':
			code = KEY_HOME;
			break;
		case 'e':
			code = KEY_END;
			break;
		case 'b':
			code = KEY_LEFT;
			break;
		case 'f':
			code = KEY_RIGHT;
			break;
		case 'h':
			code = KEY_BACKSPACE;
			break;
		}
	} else if (key_is_text(ev)) {
		insert(le, (char)code, e);
		return LINE_EDIT_BUSY;
	}
	switch (code) {
	case KEY_ENTER:
		echo_put(e, '\n');
		history_add(le);
		memcpy(le->line, le->buf, le->len + 1);
		new_line(le);
		return LINE_EDIT_DONE;
	case KEY_BACKSPACE:
		backspace(le, e);
		break;
	case KEY_DELETE:
		if (le->cur < le->len)
			delete_at_cursor(le, e);
		break;
	case KEY_LEFT:
		if (le->cur)
			move_to(le, le->cur - 1, e);
		break;
	case KEY_RIGHT:
		if (le->cur < le->len)
			move_to(le, le->cur + 1, e);
		break;
	case KEY_HOME:
		move_to(le, 0, e);
		break;
	case KEY_END:
		move_to(le, le->len, e);
		break;
	case KEY_UP:
		history_move(le, 1, e);
		break;
	case KEY_DOWN:
		history_move(le, 0, e);
		break;
	}
	return LINE_EDIT_BUSY;
}

enum line_edit_result line_edit_feed(struct line_edit *le, const struct key_event *ev)
{
	struct echo_buf e = {.le = le};
	enum line_edit_result r = feed(le, ev, &e);

	echo_flush(&e);
	return r;
}
