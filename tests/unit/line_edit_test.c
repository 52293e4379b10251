/* Tests of the line editor (kernel/line_edit.h): for each editing operation
 * the exact line and the exact echo bytes, the history (Up/Down, the bounded
 * ring, no repeated lines, the line being typed kept while browsing), the
 * line limit, and a long pseudo-random editing session replayed on a model
 * terminal that knows only '\b' and characters: after every key the row
 * shows the line and the cursor stands where the editor says. The editor is
 * static: it is several KiB and these cases also run on the kernel stack. */
#include "kernel/ktest.h"
#include "kernel/line_edit.h"
#include "lib/kernel.h"
#include "lib/string.h"

static struct line_edit le;
static char echo_raw[4096];
static size_t echo_len;

static void echo_to_buf(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	for (size_t i = 0; i < n && echo_len < sizeof(echo_raw) - 1; i++)
		echo_raw[echo_len++] = s[i];
	echo_raw[echo_len] = '\0';
}

/* The echo since the last call, with '\b' as "\\b" and '\n' as "\\n" so a
 * failure prints readably; resets it. */
static const char *echo_take(void)
{
	static char vis[sizeof(echo_raw) * 2];
	size_t j = 0;

	for (size_t i = 0; i < echo_len; i++) {
		char c = echo_raw[i];

		if (c == '\b' || c == '\n' || c == '\\') {
			vis[j++] = '\\';
			c = c == '\b' ? 'b' : c == '\n' ? 'n' : '\\';
		}
		vis[j++] = c;
	}
	vis[j] = '\0';
	echo_len = 0;
	echo_raw[0] = '\0';
	return vis;
}

static struct line_edit *fresh(void)
{
	line_edit_init(&le, echo_to_buf, NULL);
	echo_len = 0;
	echo_raw[0] = '\0';
	return &le;
}

static enum line_edit_result key(u16 code, u8 mods)
{
	struct key_event ev = {code, mods};

	return line_edit_feed(&le, &ev);
}

static void type(const char *s)
{
	while (*s)
		key((u8)*s++, 0);
}

/* The line being edited, NUL-terminated. */
static const char *cur_line(void)
{
	return le.buf;
}

/* Enters `s` as a whole line (echo dropped). */
static void enter_line(const char *s)
{
	type(s);
	key(KEY_ENTER, 0);
	echo_take();
}

static void typing_appends(struct ktest *t)
{
	fresh();
	type("ls /proc");
	KTEST_EXPECT_STREQ(t, echo_take(), "ls /proc");
	KTEST_EXPECT_STREQ(t, cur_line(), "ls /proc");
	KTEST_EXPECT_EQ(t, le.cur, 8);
	KTEST_EXPECT_INT_EQ(t, key(KEY_ENTER, 0), LINE_EDIT_DONE);
	KTEST_EXPECT_STREQ(t, echo_take(), "\\n");
	KTEST_EXPECT_STREQ(t, line_edit_line(&le), "ls /proc");
	/* The next line starts empty; the returned one stays readable. */
	KTEST_EXPECT_STREQ(t, cur_line(), "");
	KTEST_EXPECT_EQ(t, le.cur, 0);
	type("x");
	KTEST_EXPECT_STREQ(t, line_edit_line(&le), "ls /proc");
	/* Shifted characters are text too. */
	KTEST_EXPECT_INT_EQ(t, key('X', KEY_MOD_SHIFT), LINE_EDIT_BUSY);
	KTEST_EXPECT_STREQ(t, cur_line(), "xX");
}

static void empty_enter(struct ktest *t)
{
	fresh();
	KTEST_EXPECT_INT_EQ(t, key(KEY_ENTER, 0), LINE_EDIT_DONE);
	KTEST_EXPECT_STREQ(t, echo_take(), "\\n");
	KTEST_EXPECT_STREQ(t, line_edit_line(&le), "");
	KTEST_EXPECT_EQ(t, le.hist_n, 0);
}

static void insert_in_middle(struct ktest *t)
{
	fresh();
	type("ac");
	key(KEY_LEFT, 0);
	echo_take();
	/* b, then the tail "c" again, then back over the tail. */
	key('b', 0);
	KTEST_EXPECT_STREQ(t, echo_take(), "bc\\b");
	KTEST_EXPECT_STREQ(t, cur_line(), "abc");
	KTEST_EXPECT_EQ(t, le.cur, 2);
	key(KEY_HOME, 0);
	echo_take();
	key('>', 0);
	KTEST_EXPECT_STREQ(t, echo_take(), ">abc\\b\\b\\b");
	KTEST_EXPECT_STREQ(t, cur_line(), ">abc");
	KTEST_EXPECT_EQ(t, le.cur, 1);
}

static void backspace_at_end_and_middle(struct ktest *t)
{
	fresh();
	type("abcd");
	echo_take();
	key(KEY_BACKSPACE, 0);
	KTEST_EXPECT_STREQ(t, echo_take(), "\\b \\b");
	KTEST_EXPECT_STREQ(t, cur_line(), "abc");
	key(KEY_LEFT, 0);
	key(KEY_LEFT, 0);
	KTEST_EXPECT_STREQ(t, echo_take(), "\\b\\b");
	/* Cursor on 'b': delete 'a', the tail "bc" moves left, a space covers
	 * the old end, back to before 'b'. */
	key(KEY_BACKSPACE, 0);
	KTEST_EXPECT_STREQ(t, echo_take(), "\\bbc \\b\\b\\b");
	KTEST_EXPECT_STREQ(t, cur_line(), "bc");
	KTEST_EXPECT_EQ(t, le.cur, 0);
	/* At the start: nothing. */
	key(KEY_BACKSPACE, 0);
	KTEST_EXPECT_STREQ(t, echo_take(), "");
	KTEST_EXPECT_STREQ(t, cur_line(), "bc");
	/* Ctrl-H is Backspace. */
	key(KEY_END, 0);
	echo_take();
	key('h', KEY_MOD_CTRL);
	KTEST_EXPECT_STREQ(t, echo_take(), "\\b \\b");
	KTEST_EXPECT_STREQ(t, cur_line(), "b");
}

static void delete_under_cursor(struct ktest *t)
{
	fresh();
	type("abcd");
	key(KEY_HOME, 0);
	echo_take();
	key(KEY_DELETE, 0);
	KTEST_EXPECT_STREQ(t, echo_take(), "bcd \\b\\b\\b\\b");
	KTEST_EXPECT_STREQ(t, cur_line(), "bcd");
	KTEST_EXPECT_EQ(t, le.cur, 0);
	key(KEY_END, 0);
	echo_take();
	/* At the end: nothing. */
	key(KEY_DELETE, 0);
	KTEST_EXPECT_STREQ(t, echo_take(), "");
	KTEST_EXPECT_STREQ(t, cur_line(), "bcd");
	/* The last character from just before it. */
	key(KEY_LEFT, 0);
	echo_take();
	key(KEY_DELETE, 0);
	KTEST_EXPECT_STREQ(t, echo_take(), " \\b");
	KTEST_EXPECT_STREQ(t, cur_line(), "bc");
}

static void cursor_moves(struct ktest *t)
{
	fresh();
	type("abc");
	echo_take();
	key(KEY_RIGHT, 0); /* at the end: nothing */
	KTEST_EXPECT_STREQ(t, echo_take(), "");
	key(KEY_HOME, 0);
	KTEST_EXPECT_STREQ(t, echo_take(), "\\b\\b\\b");
	KTEST_EXPECT_EQ(t, le.cur, 0);
	key(KEY_LEFT, 0); /* at the start: nothing */
	KTEST_EXPECT_STREQ(t, echo_take(), "");
	key(KEY_RIGHT, 0); /* moving right reprints the character passed */
	KTEST_EXPECT_STREQ(t, echo_take(), "a");
	key(KEY_END, 0);
	KTEST_EXPECT_STREQ(t, echo_take(), "bc");
	KTEST_EXPECT_EQ(t, le.cur, 3);
	key(KEY_LEFT, 0);
	KTEST_EXPECT_STREQ(t, echo_take(), "\\b");
	KTEST_EXPECT_EQ(t, le.cur, 2);
	KTEST_EXPECT_STREQ(t, cur_line(), "abc");
}

static void emacs_control_keys(struct ktest *t)
{
	fresh();
	type("abc");
	echo_take();
	key('a', KEY_MOD_CTRL);
	KTEST_EXPECT_STREQ(t, echo_take(), "\\b\\b\\b");
	key('f', KEY_MOD_CTRL);
	KTEST_EXPECT_STREQ(t, echo_take(), "a");
	key('e', KEY_MOD_CTRL);
	KTEST_EXPECT_STREQ(t, echo_take(), "bc");
	key('b', KEY_MOD_CTRL);
	KTEST_EXPECT_STREQ(t, echo_take(), "\\b");
	KTEST_EXPECT_EQ(t, le.cur, 2);
	/* Ctrl-D on a line: Delete. */
	key('d', KEY_MOD_CTRL);
	KTEST_EXPECT_STREQ(t, echo_take(), " \\b");
	KTEST_EXPECT_STREQ(t, cur_line(), "ab");
}

static void enter_in_middle_returns_whole_line(struct ktest *t)
{
	fresh();
	type("cat /proc/iomem");
	key(KEY_HOME, 0);
	echo_take();
	KTEST_EXPECT_INT_EQ(t, key(KEY_ENTER, 0), LINE_EDIT_DONE);
	KTEST_EXPECT_STREQ(t, echo_take(), "\\n");
	KTEST_EXPECT_STREQ(t, line_edit_line(&le), "cat /proc/iomem");
}

static void ctrl_c_cancels(struct ktest *t)
{
	fresh();
	enter_line("first");
	type("rm");
	echo_take();
	KTEST_EXPECT_INT_EQ(t, key('c', KEY_MOD_CTRL), LINE_EDIT_CANCEL);
	KTEST_EXPECT_STREQ(t, echo_take(), "^C\\n");
	KTEST_EXPECT_STREQ(t, cur_line(), "");
	KTEST_EXPECT_EQ(t, le.cur, 0);
	/* Not returned, not in the history. */
	KTEST_EXPECT_STREQ(t, line_edit_line(&le), "first");
	KTEST_EXPECT_EQ(t, le.hist_n, 1);
	/* Ctrl-C while browsing the history ends the browse too. */
	key(KEY_UP, 0);
	KTEST_EXPECT_INT_EQ(t, key('c', KEY_MOD_CTRL), LINE_EDIT_CANCEL);
	echo_take();
	key(KEY_DOWN, 0);
	KTEST_EXPECT_STREQ(t, echo_take(), "");
	KTEST_EXPECT_STREQ(t, cur_line(), "");
}

static void ctrl_d_on_empty_line(struct ktest *t)
{
	fresh();
	KTEST_EXPECT_INT_EQ(t, key('d', KEY_MOD_CTRL), LINE_EDIT_EOF);
	KTEST_EXPECT_STREQ(t, echo_take(), "");
	type("a");
	KTEST_EXPECT_INT_EQ(t, key('d', KEY_MOD_CTRL), LINE_EDIT_BUSY);
	KTEST_EXPECT_STREQ(t, cur_line(), "a");
}

static void ignored_keys(struct ktest *t)
{
	static const struct key_event keys[] = {
	    {KEY_TAB, 0},    {KEY_ESC, 0},	 {KEY_PAGEUP, KEY_MOD_SHIFT}, {KEY_PAGEDOWN, 0},
	    {KEY_INSERT, 0}, {'x', KEY_MOD_ALT}, {'x', KEY_MOD_CTRL},	      {0x7f, 0},
	    {0x1f, 0},	     {'\n', 0},
	};

	fresh();
	type("ab");
	key(KEY_LEFT, 0);
	echo_take();
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		KTEST_EXPECT_INT_EQ(t, line_edit_feed(&le, &keys[i]), LINE_EDIT_BUSY);
	KTEST_EXPECT_STREQ(t, echo_take(), "");
	KTEST_EXPECT_STREQ(t, cur_line(), "ab");
	KTEST_EXPECT_EQ(t, le.cur, 1);
}

static void line_limit(struct ktest *t)
{
	static char want[LINE_EDIT_MAX + 1];

	fresh();
	memset(want, 'x', LINE_EDIT_MAX);
	want[LINE_EDIT_MAX] = '\0';
	for (int i = 0; i < LINE_EDIT_MAX; i++)
		key('x', 0);
	echo_take();
	KTEST_EXPECT_EQ(t, le.len, LINE_EDIT_MAX);
	/* Full: refused without a sound, at the end and in the middle. */
	key('y', 0);
	key(KEY_HOME, 0);
	echo_take();
	key('y', 0);
	KTEST_EXPECT_STREQ(t, echo_take(), "");
	KTEST_EXPECT_STREQ(t, cur_line(), want);
	/* Room again after a Delete. */
	key(KEY_DELETE, 0);
	echo_take();
	key('y', 0);
	KTEST_EXPECT_EQ(t, le.len, LINE_EDIT_MAX);
	KTEST_EXPECT_EQ(t, le.buf[0], 'y');
	KTEST_EXPECT_INT_EQ(t, key(KEY_ENTER, 0), LINE_EDIT_DONE);
	KTEST_EXPECT_EQ(t, strlen(line_edit_line(&le)), LINE_EDIT_MAX);
}

static void history_up_down_echo(struct ktest *t)
{
	fresh();
	enter_line("one");
	enter_line("two");
	enter_line("three");
	KTEST_EXPECT_STREQ(t, line_edit_history(&le, 1), "three");
	KTEST_EXPECT_STREQ(t, line_edit_history(&le, 3), "one");
	KTEST_EXPECT_NULL(t, line_edit_history(&le, 4));
	KTEST_EXPECT_NULL(t, line_edit_history(&le, 0));

	key(KEY_UP, 0);
	KTEST_EXPECT_STREQ(t, echo_take(), "three");
	KTEST_EXPECT_STREQ(t, cur_line(), "three");
	/* "three" -> "two": keep the common "t", reprint, blank 2 columns. */
	key(KEY_UP, 0);
	KTEST_EXPECT_STREQ(t, echo_take(), "\\b\\b\\b\\bwo  \\b\\b");
	KTEST_EXPECT_STREQ(t, cur_line(), "two");
	KTEST_EXPECT_EQ(t, le.cur, 3);
	key(KEY_UP, 0);
	KTEST_EXPECT_STREQ(t, echo_take(), "\\b\\b\\bone");
	/* The oldest: Up does nothing. */
	key(KEY_UP, 0);
	KTEST_EXPECT_STREQ(t, echo_take(), "");
	KTEST_EXPECT_STREQ(t, cur_line(), "one");
	key(KEY_DOWN, 0);
	KTEST_EXPECT_STREQ(t, echo_take(), "\\b\\b\\btwo");
	key(KEY_DOWN, 0);
	KTEST_EXPECT_STREQ(t, echo_take(), "\\b\\bhree");
	/* Below the newest: the (empty) line being typed. */
	key(KEY_DOWN, 0);
	KTEST_EXPECT_STREQ(t, echo_take(), "\\b\\b\\b\\b\\b     \\b\\b\\b\\b\\b");
	KTEST_EXPECT_STREQ(t, cur_line(), "");
	key(KEY_DOWN, 0);
	KTEST_EXPECT_STREQ(t, echo_take(), "");
}

/* The common part is kept only up to the cursor: left of it the screen is
 * known to match. */
static void history_redraw_from_cursor(struct ktest *t)
{
	fresh();
	enter_line("abcdef");
	type("abcxyz");
	key(KEY_HOME, 0);
	key(KEY_RIGHT, 0);
	echo_take();
	key(KEY_UP, 0);
	KTEST_EXPECT_STREQ(t, echo_take(), "bcdef");
	KTEST_EXPECT_STREQ(t, cur_line(), "abcdef");
	key(KEY_DOWN, 0);
	KTEST_EXPECT_STREQ(t, echo_take(), "\\b\\b\\bxyz");
	KTEST_EXPECT_STREQ(t, cur_line(), "abcxyz");
	KTEST_EXPECT_EQ(t, le.cur, 6);
}

static void history_keeps_typed_line(struct ktest *t)
{
	fresh();
	enter_line("cat /proc/iomem");
	type("echo 1");
	key(KEY_LEFT, 0);
	key(KEY_UP, 0);
	KTEST_EXPECT_STREQ(t, cur_line(), "cat /proc/iomem");
	key(KEY_DOWN, 0);
	KTEST_EXPECT_STREQ(t, cur_line(), "echo 1");
	KTEST_EXPECT_EQ(t, le.cur, 6); /* at the end after a recall */
	KTEST_EXPECT_INT_EQ(t, key(KEY_ENTER, 0), LINE_EDIT_DONE);
	KTEST_EXPECT_STREQ(t, line_edit_line(&le), "echo 1");
	KTEST_EXPECT_STREQ(t, line_edit_history(&le, 1), "echo 1");
	KTEST_EXPECT_STREQ(t, line_edit_history(&le, 2), "cat /proc/iomem");
}

static void history_no_repeats(struct ktest *t)
{
	fresh();
	enter_line("ls");
	enter_line("ls");
	enter_line("");
	KTEST_EXPECT_EQ(t, le.hist_n, 1);
	enter_line("cat x");
	enter_line("ls");
	/* Only a repeat of the newest line is dropped. */
	KTEST_EXPECT_EQ(t, le.hist_n, 3);
	KTEST_EXPECT_STREQ(t, line_edit_history(&le, 1), "ls");
	KTEST_EXPECT_STREQ(t, line_edit_history(&le, 2), "cat x");
	KTEST_EXPECT_STREQ(t, line_edit_history(&le, 3), "ls");
	/* A recalled line entered again is a repeat too. */
	key(KEY_UP, 0);
	key(KEY_ENTER, 0);
	KTEST_EXPECT_STREQ(t, line_edit_line(&le), "ls");
	KTEST_EXPECT_EQ(t, le.hist_n, 3);
}

static void history_ring_is_bounded(struct ktest *t)
{
	char s[8];

	fresh();
	for (int i = 0; i < LINE_EDIT_HISTORY + 4; i++) {
		s[0] = 'l';
		s[1] = (char)('a' + i);
		s[2] = '\0';
		enter_line(s);
	}
	KTEST_EXPECT_EQ(t, le.hist_n, LINE_EDIT_HISTORY);
	KTEST_EXPECT_STREQ(t, line_edit_history(&le, 1), "lt");
	KTEST_EXPECT_STREQ(t, line_edit_history(&le, LINE_EDIT_HISTORY), "le");
	KTEST_EXPECT_NULL(t, line_edit_history(&le, LINE_EDIT_HISTORY + 1));
	for (int i = 0; i < LINE_EDIT_HISTORY + 5; i++)
		key(KEY_UP, 0);
	KTEST_EXPECT_STREQ(t, cur_line(), "le");
}

static void history_edit_of_recalled_line(struct ktest *t)
{
	fresh();
	enter_line("one");
	enter_line("two");
	key(KEY_UP, 0);
	key(KEY_BACKSPACE, 0);
	KTEST_EXPECT_STREQ(t, cur_line(), "tw");
	/* Moving on forgets the edit; the history is unchanged. */
	key(KEY_UP, 0);
	key(KEY_DOWN, 0);
	KTEST_EXPECT_STREQ(t, cur_line(), "two");
	KTEST_EXPECT_STREQ(t, line_edit_history(&le, 1), "two");
	/* Entering an edited recall adds the edited line. */
	key('!', 0);
	key(KEY_ENTER, 0);
	KTEST_EXPECT_STREQ(t, line_edit_line(&le), "two!");
	KTEST_EXPECT_EQ(t, le.hist_n, 3);
	KTEST_EXPECT_STREQ(t, line_edit_history(&le, 2), "two");
}

static void no_echo_callback(struct ktest *t)
{
	line_edit_init(&le, NULL, NULL);
	type("abc");
	key(KEY_HOME, 0);
	key(KEY_DELETE, 0);
	KTEST_EXPECT_INT_EQ(t, key(KEY_ENTER, 0), LINE_EDIT_DONE);
	KTEST_EXPECT_STREQ(t, line_edit_line(&le), "bc");
}

/* ---- the echo replayed on a model terminal ---- */

/* A terminal row that knows characters and '\b' (stays in column 0), and
 * where the cursor is. */
static struct {
	char row[LINE_EDIT_MAX * 3];
	unsigned int col;
	bool bad; /* a byte the consoles would not show as expected */
} term;

static void term_replay(void)
{
	for (size_t i = 0; i < echo_len; i++) {
		char c = echo_raw[i];

		if (c == '\b') {
			if (term.col)
				term.col--;
		} else if (c >= 0x20 && c <= 0x7e && term.col < sizeof(term.row)) {
			term.row[term.col++] = c;
		} else {
			term.bad = true;
		}
	}
	echo_len = 0;
}

/* The row shows the line then only blanks, and the cursor is at le.cur. */
static bool term_matches(void)
{
	if (term.bad || term.col != le.cur || memcmp(term.row, le.buf, le.len))
		return false;
	for (size_t i = le.len; i < sizeof(term.row); i++)
		if (term.row[i] != ' ')
			return false;
	return true;
}

static void echo_replays_on_terminal(struct ktest *t)
{
	static const u16 moves[] = {KEY_BACKSPACE, KEY_DELETE, KEY_LEFT, KEY_RIGHT,
				    KEY_HOME,	   KEY_END,    KEY_UP,	 KEY_DOWN};
	u32 seed = 12345;

	fresh();
	enter_line("history one");
	enter_line("a longer line from the history");
	enter_line("x");
	memset(term.row, ' ', sizeof(term.row));
	term.col = 0;
	term.bad = false;
	for (int step = 0; step < 5000; step++) {
		u32 r;

		seed = seed * 1103515245u + 12345u;
		r = seed >> 16;
		if (r % 3 == 0)
			key((u16)('a' + r / 3 % 26), 0);
		else
			key(moves[r / 3 % 8], 0);
		term_replay();
		if (!term_matches()) {
			KTEST_EXPECT_TRUE(t, term_matches());
			ktest_info(t, "step %d: line \"%s\" cursor %u, terminal column %u", step,
				   le.buf, le.cur, term.col);
			return;
		}
	}
	KTEST_EXPECT_TRUE(t, le.len > 0);
}

static const struct ktest_case line_edit_cases[] = {
    KTEST_CASE(typing_appends),
    KTEST_CASE(empty_enter),
    KTEST_CASE(insert_in_middle),
    KTEST_CASE(backspace_at_end_and_middle),
    KTEST_CASE(delete_under_cursor),
    KTEST_CASE(cursor_moves),
    KTEST_CASE(emacs_control_keys),
    KTEST_CASE(enter_in_middle_returns_whole_line),
    KTEST_CASE(ctrl_c_cancels),
    KTEST_CASE(ctrl_d_on_empty_line),
    KTEST_CASE(ignored_keys),
    KTEST_CASE(line_limit),
    KTEST_CASE(history_up_down_echo),
    KTEST_CASE(history_redraw_from_cursor),
    KTEST_CASE(history_keeps_typed_line),
    KTEST_CASE(history_no_repeats),
    KTEST_CASE(history_ring_is_bounded),
    KTEST_CASE(history_edit_of_recalled_line),
    KTEST_CASE(no_echo_callback),
    KTEST_CASE(echo_replays_on_terminal),
    {0},
};
static const struct ktest_suite line_edit_suite = {.name = "line_edit", .cases = line_edit_cases};
KTEST_SUITE(line_edit_suite);
