/* Tests of the terminal decoder (drivers/input/vt_input.h): what a terminal
 * sends on COM1 -> the exact key events. Characters and control codes, the
 * Enter variants, escape sequences with and without modifiers, sequences
 * split across feeds, the timeout of a pending sequence, and input that
 * must not leave the decoder stuck. */
#include "drivers/input/vt_input.h"
#include "kernel/ktest.h"
#include "lib/string.h"
#include "tests/unit/input_test_util.h"

#define TIMEOUT 100

static char out[512];

/* Feeds the n bytes of `s` at time `now`; the events as text (in `out`). */
static const char *feedn(struct vt_input *vt, const char *s, size_t n, u64 now)
{
	struct key_event ev;

	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		if (vt_input_feed(vt, (u8)s[i], now, &ev))
			key_event_append(out, sizeof(out), &ev);
	return out;
}

/* A string literal, NULs included. */
#define FEED(vt, lit, now) feedn(vt, lit, sizeof(lit) - 1, now)

static struct vt_input *fresh(struct vt_input *vt)
{
	vt_input_init(vt, TIMEOUT);
	return vt;
}

static void printable_text(struct ktest *t)
{
	struct vt_input vt;

	KTEST_EXPECT_STREQ(t, FEED(fresh(&vt), "cat /proc/iomem", 0), "cat /proc/iomem");
	KTEST_EXPECT_STREQ(t, FEED(&vt, " !\"#~{|}[\\]^_`", 0), " !\"#~{|}[\\]^_`");
	KTEST_EXPECT_FALSE(t, vt_input_pending(&vt));
}

static void enter_variants(struct ktest *t)
{
	struct vt_input vt;

	/* CR (most terminals), LF, CR LF: one Enter each; CR CR: two. */
	KTEST_EXPECT_STREQ(t, FEED(fresh(&vt), "a\rb\nc\r\nd\r\re\n\n", 0),
			   "a<ENTER>b<ENTER>c<ENTER>d<ENTER><ENTER>e<ENTER><ENTER>");
	/* CR NUL (telnet): one Enter. */
	KTEST_EXPECT_STREQ(t, FEED(&vt, "x\r\0y", 0), "x<ENTER>y");
	/* The LF of a CR LF split across two feeds is still dropped. */
	KTEST_EXPECT_STREQ(t, FEED(&vt, "\r", 0), "<ENTER>");
	KTEST_EXPECT_STREQ(t, FEED(&vt, "\n", 5), "");
}

static void editing_and_control_codes(struct ktest *t)
{
	struct vt_input vt;
	struct key_event ev;

	KTEST_EXPECT_STREQ(t, FEED(fresh(&vt), "\x7f\b\t", 0), "<BS><BS><TAB>");
	KTEST_EXPECT_STREQ(t, FEED(&vt, "\x03\x04\x01\x05\x15\x1a", 0),
			   "<C-c><C-d><C-a><C-e><C-u><C-z>");
	KTEST_ASSERT_INT_EQ(t, vt_input_feed(&vt, 0x03, 0, &ev), 1);
	KTEST_EXPECT_EQ(t, ev.code, 'c');
	KTEST_EXPECT_EQ(t, ev.mods, KEY_MOD_CTRL);
	/* 0x1c..0x1f, NUL and bytes above 0x7f (no UTF-8) make no event. */
	KTEST_EXPECT_STREQ(t, FEED(&vt, "\x1c\x1d\x1e\x1f\0\x80\xc3\xa9\xff", 0), "");
}

static void cursor_keys(struct ktest *t)
{
	struct vt_input vt;

	/* Normal mode (ESC [) and application mode (ESC O). */
	KTEST_EXPECT_STREQ(t, FEED(fresh(&vt), "\x1b[A\x1b[B\x1b[C\x1b[D", 0),
			   "<UP><DOWN><RIGHT><LEFT>");
	KTEST_EXPECT_STREQ(t, FEED(&vt, "\x1bOA\x1bOB\x1bOC\x1bOD", 0), "<UP><DOWN><RIGHT><LEFT>");
}

static void home_end_variants(struct ktest *t)
{
	struct vt_input vt;

	KTEST_EXPECT_STREQ(
	    t, FEED(fresh(&vt), "\x1b[H\x1b[F\x1bOH\x1bOF\x1b[1~\x1b[4~\x1b[7~\x1b[8~", 0),
	    "<HOME><END><HOME><END><HOME><END><HOME><END>");
}

static void tilde_keys(struct ktest *t)
{
	struct vt_input vt;

	KTEST_EXPECT_STREQ(t, FEED(fresh(&vt), "\x1b[5~\x1b[6~\x1b[2~\x1b[3~", 0),
			   "<PGUP><PGDN><INS><DEL>");
	/* Unknown numbers (function keys F5..F12) make no event. */
	KTEST_EXPECT_STREQ(t, FEED(&vt, "\x1b[15~\x1b[24~\x1b[~x", 0), "x");
}

static void modifier_parameter(struct ktest *t)
{
	struct vt_input vt;

	KTEST_EXPECT_STREQ(t, FEED(fresh(&vt), "\x1b[5;2~\x1b[6;2~", 0), "<S-PGUP><S-PGDN>");
	KTEST_EXPECT_STREQ(t, FEED(&vt, "\x1b[1;2A\x1b[1;5C\x1b[1;3D\x1b[3;5~\x1b[1;8H", 0),
			   "<S-UP><C-RIGHT><M-LEFT><C-DEL><C-M-S-HOME>");
	/* Shift+Tab. */
	KTEST_EXPECT_STREQ(t, FEED(&vt, "\x1b[Z", 0), "<S-TAB>");
	/* A modifier parameter of 1 is no modifier. */
	KTEST_EXPECT_STREQ(t, FEED(&vt, "\x1b[1;1B", 0), "<DOWN>");
}

static void alt_prefix(struct ktest *t)
{
	struct vt_input vt;

	KTEST_EXPECT_STREQ(t, FEED(fresh(&vt), "\x1bx\x1b\x7f\x1b\r", 0), "<M-x><M-BS><M-ENTER>");
	/* ESC ESC [ A: Esc, then Up. */
	KTEST_EXPECT_STREQ(t, FEED(&vt, "\x1b\x1b[A", 0), "<ESC><UP>");
}

static void split_sequence(struct ktest *t)
{
	static const char seq[] = "\x1b[5;2~";
	struct vt_input vt;
	struct key_event ev;
	char got[64] = "";

	fresh(&vt);
	/* One byte per feed, each just inside the timeout of the one before,
	 * with idle calls in between that must not end the sequence. */
	for (size_t i = 0; i < sizeof(seq) - 1; i++) {
		u64 now = i * (TIMEOUT - 1);

		if (i)
			KTEST_EXPECT_INT_EQ(t, vt_input_idle(&vt, now, &ev), 0);
		if (vt_input_feed(&vt, (u8)seq[i], now, &ev))
			key_event_append(got, sizeof(got), &ev);
		KTEST_EXPECT_EQ(t, vt_input_pending(&vt), i + 1 < sizeof(seq) - 1);
	}
	KTEST_EXPECT_STREQ(t, got, "<S-PGUP>");
}

static void lone_esc_times_out(struct ktest *t)
{
	struct vt_input vt;
	struct key_event ev = {0, 0};

	KTEST_EXPECT_STREQ(t, FEED(fresh(&vt), "\x1b", 1000), "");
	KTEST_EXPECT_TRUE(t, vt_input_pending(&vt));
	KTEST_EXPECT_INT_EQ(t, vt_input_idle(&vt, 1000 + TIMEOUT - 1, &ev), 0);
	KTEST_EXPECT_TRUE(t, vt_input_pending(&vt));
	KTEST_ASSERT_INT_EQ(t, vt_input_idle(&vt, 1000 + TIMEOUT, &ev), 1);
	KTEST_EXPECT_EQ(t, ev.code, KEY_ESC);
	KTEST_EXPECT_EQ(t, ev.mods, 0);
	KTEST_EXPECT_FALSE(t, vt_input_pending(&vt));
	/* Nothing more to give, and the next byte is itself again. */
	KTEST_EXPECT_INT_EQ(t, vt_input_idle(&vt, 5000, &ev), 0);
	KTEST_EXPECT_STREQ(t, FEED(&vt, "[A", 5000), "[A");
}

static void incomplete_sequence_times_out(struct ktest *t)
{
	struct vt_input vt;
	struct key_event ev;

	/* ESC [ 5 ; and then nothing: dropped, no event, no garbage. */
	KTEST_EXPECT_STREQ(t, FEED(fresh(&vt), "\x1b[5;", 0), "");
	KTEST_EXPECT_INT_EQ(t, vt_input_idle(&vt, TIMEOUT, &ev), 0);
	KTEST_EXPECT_FALSE(t, vt_input_pending(&vt));
	KTEST_EXPECT_STREQ(t, FEED(&vt, "b", TIMEOUT), "b");
	/* The same for ESC O. */
	KTEST_EXPECT_STREQ(t, FEED(&vt, "\x1bO", 0), "");
	KTEST_EXPECT_INT_EQ(t, vt_input_idle(&vt, TIMEOUT, &ev), 0);
	KTEST_EXPECT_STREQ(t, FEED(&vt, "c", TIMEOUT), "c");
}

static void control_byte_ends_sequence(struct ktest *t)
{
	struct vt_input vt;

	KTEST_EXPECT_STREQ(t, FEED(fresh(&vt), "\x1b[\r", 0), "<ENTER>");
	KTEST_EXPECT_STREQ(t, FEED(&vt, "\x1b[5\x03", 0), "<C-c>");
	KTEST_EXPECT_STREQ(t, FEED(&vt, "\x1bO\x7f", 0), "<BS>");
	KTEST_EXPECT_FALSE(t, vt_input_pending(&vt));
}

static void overlong_and_odd_sequences(struct ktest *t)
{
	struct vt_input vt;

	/* 40 digits: far beyond VT_SEQ_MAX; dropped whole, up to its '~'. */
	KTEST_EXPECT_STREQ(
	    t, FEED(fresh(&vt), "\x1b[1111111111222222222233333333334444444444~x", 0), "x");
	/* Big numbers are clamped, not wrapped (65540 is not 4, End), and a
	 * modifier above xterm's 16 makes no key. */
	KTEST_EXPECT_STREQ(t, FEED(&vt, "\x1b[65540~\x1b[5;65538~\x1b[5;17~\x1b[5;16~z", 0),
			   "<C-M-S-PGUP>z");
	/* Many parameters: only the first two count. */
	KTEST_EXPECT_STREQ(t, FEED(&vt, "\x1b[5;2;7;9~", 0), "<S-PGUP>");
	/* Private markers and intermediates (mouse reports, replies): dropped. */
	KTEST_EXPECT_STREQ(t, FEED(&vt, "\x1b[<0;12;5M\x1b[?1;2c\x1b[ qy", 0), "y");
	KTEST_EXPECT_FALSE(t, vt_input_pending(&vt));
}

static const struct ktest_case vt_cases[] = {
    KTEST_CASE(printable_text),
    KTEST_CASE(enter_variants),
    KTEST_CASE(editing_and_control_codes),
    KTEST_CASE(cursor_keys),
    KTEST_CASE(home_end_variants),
    KTEST_CASE(tilde_keys),
    KTEST_CASE(modifier_parameter),
    KTEST_CASE(alt_prefix),
    KTEST_CASE(split_sequence),
    KTEST_CASE(lone_esc_times_out),
    KTEST_CASE(incomplete_sequence_times_out),
    KTEST_CASE(control_byte_ends_sequence),
    KTEST_CASE(overlong_and_odd_sequences),
    {0},
};
static const struct ktest_suite vt_suite = {.name = "input_vt", .cases = vt_cases};
KTEST_SUITE(vt_suite);
