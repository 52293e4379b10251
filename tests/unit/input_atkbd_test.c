/* Tests of the AT keyboard decoder (drivers/input/atkbd.h): scan code byte
 * sequences of both sets -> the exact key events, with make and break codes,
 * both Shifts, Ctrl, Alt, Caps Lock, Num Lock, 0xe0 keys, the keyboard's
 * fake shifts, Pause and command replies. Events are compared as text
 * (tests/unit/input_test_util.h). */
#include "drivers/input/atkbd.h"
#include "kernel/ktest.h"
#include "lib/string.h"
#include "tests/unit/input_test_util.h"

static char out[512];

/* Feeds `n` bytes to `kbd`; returns the events as text (in `out`). */
static const char *feed(struct atkbd *kbd, const u8 *bytes, size_t n)
{
	struct key_event ev;

	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		if (atkbd_feed(kbd, bytes[i], &ev))
			key_event_append(out, sizeof(out), &ev);
	return out;
}

#define FEED(kbd, ...) feed(kbd, (const u8[]){__VA_ARGS__}, sizeof((const u8[]){__VA_ARGS__}))

/* ---- set 1 (what QEMU and most firmware give: the i8042 translates) ---- */

static void set1_text_make_break(struct ktest *t)
{
	struct atkbd kbd;

	atkbd_init(&kbd, 1);
	/* "ls -l" with every key released after its press. */
	KTEST_EXPECT_STREQ(
	    t, FEED(&kbd, 0x26, 0xa6, 0x1f, 0x9f, 0x39, 0xb9, 0x0c, 0x8c, 0x26, 0xa6), "ls -l");
	/* Digits and punctuation of the main block. */
	KTEST_EXPECT_STREQ(
	    t, FEED(&kbd, 0x02, 0x0b, 0x0d, 0x1a, 0x1b, 0x27, 0x28, 0x29, 0x2b, 0x33, 0x34, 0x35),
	    "10=[];'`\\,./");
	/* A key held down repeats its make code: one event per repeat. */
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0x1e, 0x1e, 0x1e, 0x9e), "aaa");
}

static void set1_breaks_alone_make_nothing(struct ktest *t)
{
	struct atkbd kbd;

	atkbd_init(&kbd, 1);
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0x9e, 0xa6, 0x81, 0x9c, 0xe0, 0xc8, 0xe0, 0xc9), "");
}

static void set1_both_shifts(struct ktest *t)
{
	struct atkbd kbd;
	struct key_event ev;

	atkbd_init(&kbd, 1);
	/* Left Shift: a 1 /, released: a. */
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0x2a, 0x1e, 0x02, 0x35, 0xaa, 0x1e), "A!?a");
	/* Right Shift. */
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0x36, 0x1e, 0x0d, 0xb6, 0x1e), "A+a");
	/* Both held, one released: still shifted. */
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0x2a, 0x36, 0xaa, 0x1e, 0xb6, 0x1e), "Aa");
	/* The event carries the Shift bit. */
	atkbd_feed(&kbd, 0x2a, &ev);
	KTEST_ASSERT_INT_EQ(t, atkbd_feed(&kbd, 0x1e, &ev), 1);
	KTEST_EXPECT_EQ(t, ev.code, 'A');
	KTEST_EXPECT_EQ(t, ev.mods, KEY_MOD_SHIFT);
}

static void set1_caps_lock(struct ktest *t)
{
	struct atkbd kbd;

	atkbd_init(&kbd, 1);
	/* On: letters upper case, digits untouched, Shift inverts letters. */
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0x3a, 0xba, 0x1e, 0x02, 0x2a, 0x1e, 0x02, 0xaa), "A1a!");
	KTEST_EXPECT_TRUE(t, kbd.caps);
	/* Held down the key repeats, but Caps Lock toggles once per press. */
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0x3a, 0x3a, 0x3a, 0xba, 0x1e), "a");
	KTEST_EXPECT_FALSE(t, kbd.caps);
}

static void set1_ctrl_and_alt(struct ktest *t)
{
	struct atkbd kbd;
	struct key_event ev;

	atkbd_init(&kbd, 1);
	/* Left Ctrl + c; right Ctrl (0xe0 0x1d) + d. */
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0x1d, 0x2e, 0x9d, 0xe0, 0x1d, 0x20, 0xe0, 0x9d, 0x20),
			   "<C-c><C-d>d");
	/* Ctrl+letter stays lower case under Shift and Caps Lock. */
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0x3a, 0xba, 0x1d, 0x2a, 0x2e, 0xaa, 0x9d), "<C-S-c>");
	atkbd_init(&kbd, 1);
	atkbd_feed(&kbd, 0x1d, &ev);
	KTEST_ASSERT_INT_EQ(t, atkbd_feed(&kbd, 0x2e, &ev), 1);
	KTEST_EXPECT_EQ(t, ev.code, 'c');
	KTEST_EXPECT_EQ(t, ev.mods, KEY_MOD_CTRL);
	/* Left Alt, right Alt (0xe0 0x38). */
	KTEST_EXPECT_STREQ(t,
			   FEED(&kbd, 0x9d, 0x38, 0x2d, 0xb8, 0xe0, 0x38, 0x2d, 0xe0, 0xb8, 0x2d),
			   "<M-x><M-x>x");
}

static void set1_special_keys(struct ktest *t)
{
	struct atkbd kbd;

	atkbd_init(&kbd, 1);
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0x01, 0x81, 0x0e, 0x8e, 0x0f, 0x8f, 0x1c, 0x9c),
			   "<ESC><BS><TAB><ENTER>");
	/* Keypad Enter and keypad / are 0xe0 keys. */
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0xe0, 0x1c, 0xe0, 0x9c, 0xe0, 0x35, 0xe0, 0xb5),
			   "<ENTER>/");
}

static void set1_grey_keys(struct ktest *t)
{
	struct atkbd kbd;

	atkbd_init(&kbd, 1);
	KTEST_EXPECT_STREQ(t,
			   FEED(&kbd, 0xe0, 0x48, 0xe0, 0xc8, 0xe0, 0x50, 0xe0, 0xd0, 0xe0, 0x4b,
				0xe0, 0xcb, 0xe0, 0x4d, 0xe0, 0xcd),
			   "<UP><DOWN><LEFT><RIGHT>");
	KTEST_EXPECT_STREQ(t,
			   FEED(&kbd, 0xe0, 0x47, 0xe0, 0xc7, 0xe0, 0x4f, 0xe0, 0xcf, 0xe0, 0x49,
				0xe0, 0xc9, 0xe0, 0x51, 0xe0, 0xd1, 0xe0, 0x52, 0xe0, 0xd2, 0xe0,
				0x53, 0xe0, 0xd3),
			   "<HOME><END><PGUP><PGDN><INS><DEL>");
}

/* With Shift held, a keyboard sends a fake Shift release before a grey key
 * (0xe0 0xaa) and a fake press after it (0xe0 0x2a); with Num Lock on it
 * wraps grey keys in a fake press/release. Neither is a Shift key. */
static void set1_fake_shifts(struct ktest *t)
{
	struct atkbd kbd;

	atkbd_init(&kbd, 1);
	KTEST_EXPECT_STREQ(t,
			   FEED(&kbd, 0x2a, 0xe0, 0xaa, 0xe0, 0x49, 0xe0, 0xc9, 0xe0, 0x2a, 0xe0,
				0xb6, 0xe0, 0x51, 0xe0, 0xd1, 0xe0, 0x36, 0xaa),
			   "<S-PGUP><S-PGDN>");
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0x1e), "a");
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0xe0, 0x2a, 0xe0, 0x48, 0xe0, 0xc8, 0xe0, 0xaa, 0x1e),
			   "<UP>a");
}

static void set1_keypad_num_lock(struct ktest *t)
{
	struct atkbd kbd;

	atkbd_init(&kbd, 1);
	/* Num Lock off (the start): the keypad moves; keypad 5 is nothing. */
	KTEST_EXPECT_STREQ(t,
			   FEED(&kbd, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f, 0x50,
				0x51, 0x52, 0x53, 0x37),
			   "<HOME><UP><PGUP>-<LEFT><RIGHT>+<END><DOWN><PGDN><INS><DEL>*");
	KTEST_EXPECT_STREQ(t,
			   FEED(&kbd, 0x45, 0xc5, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e,
				0x4f, 0x50, 0x51, 0x52, 0x53),
			   "789-456+1230.");
	/* The grey keys do not care about Num Lock. */
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0xe0, 0x48, 0xe0, 0x53), "<UP><DEL>");
}

static void set1_pause_replies_unknown(struct ktest *t)
{
	struct atkbd kbd;

	atkbd_init(&kbd, 1);
	/* Pause: e1 1d 45 e1 9d c5 is swallowed whole. */
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5, 0x1e), "a");
	KTEST_EXPECT_FALSE(t, kbd.numlock);
	KTEST_EXPECT_EQ(t, kbd.held, 0);
	/* Replies (ACK, resend, echo), errors, and 0xaa (left Shift release,
	 * also the self-test's pass) make no event. */
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0xfa, 0xfe, 0xee, 0x00, 0xff, 0xaa, 0x1e), "a");
	/* Function keys, Windows keys, Print Screen: no event, no harm. */
	KTEST_EXPECT_STREQ(t,
			   FEED(&kbd, 0x3b, 0xbb, 0x58, 0xd8, 0xe0, 0x5b, 0xe0, 0xdb, 0xe0, 0x2a,
				0xe0, 0x37, 0xe0, 0xb7, 0xe0, 0xaa, 0x1e),
			   "a");
	/* A 0xe0 prefix applies to the next code only. */
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0xe0, 0xfa, 0x48), "<UP>");
}

/* ---- set 2 (the keyboard's own codes, when the i8042 does not translate) ---- */

static void set2_text_make_break(struct ktest *t)
{
	struct atkbd kbd;

	atkbd_init(&kbd, 2);
	KTEST_EXPECT_STREQ(t,
			   FEED(&kbd, 0x4b, 0xf0, 0x4b, 0x1b, 0xf0, 0x1b, 0x29, 0xf0, 0x29, 0x4e,
				0xf0, 0x4e, 0x4b, 0xf0, 0x4b),
			   "ls -l");
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0xf0, 0x1c, 0xf0, 0x5a), "");
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0x76, 0x66, 0x0d, 0x5a), "<ESC><BS><TAB><ENTER>");
}

/* Every letter, digit and punctuation key of the main block, in set 2 and
 * in set 1, gives the same text. */
static void set2_matches_set1(struct ktest *t)
{
	static const u8 set1[] = {0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19,
				  0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x2c,
				  0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x02, 0x03, 0x04, 0x05,
				  0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1a, 0x1b,
				  0x27, 0x28, 0x29, 0x2b, 0x33, 0x34, 0x35, 0x39};
	static const u8 set2[] = {0x15, 0x1d, 0x24, 0x2d, 0x2c, 0x35, 0x3c, 0x43, 0x44, 0x4d,
				  0x1c, 0x1b, 0x23, 0x2b, 0x34, 0x33, 0x3b, 0x42, 0x4b, 0x1a,
				  0x22, 0x21, 0x2a, 0x32, 0x31, 0x3a, 0x16, 0x1e, 0x26, 0x25,
				  0x2e, 0x36, 0x3d, 0x3e, 0x46, 0x45, 0x4e, 0x55, 0x54, 0x5b,
				  0x4c, 0x52, 0x0e, 0x5d, 0x41, 0x49, 0x4a, 0x29};
	static char text1[128];
	struct atkbd kbd;

	KTEST_ASSERT_EQ(t, sizeof(set1), sizeof(set2));
	atkbd_init(&kbd, 1);
	strlcpy(text1, feed(&kbd, set1, sizeof(set1)), sizeof(text1));
	KTEST_EXPECT_STREQ(t, text1, "qwertyuiopasdfghjklzxcvbnm1234567890-=[];'`\\,./ ");
	atkbd_init(&kbd, 2);
	KTEST_EXPECT_STREQ(t, feed(&kbd, set2, sizeof(set2)), text1);
}

static void set2_modifiers(struct ktest *t)
{
	struct atkbd kbd;

	atkbd_init(&kbd, 2);
	/* Left Shift 0x12, right Shift 0x59. */
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0x12, 0x1c, 0xf0, 0x12, 0x1c, 0x59, 0x16, 0xf0, 0x59),
			   "Aa!");
	/* Caps Lock 0x58. */
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0x58, 0xf0, 0x58, 0x1c, 0x58, 0xf0, 0x58, 0x1c), "Aa");
	/* Left Ctrl 0x14, right Ctrl e0 14, left Alt 0x11. */
	KTEST_EXPECT_STREQ(t,
			   FEED(&kbd, 0x14, 0x21, 0xf0, 0x14, 0xe0, 0x14, 0x23, 0xe0, 0xf0, 0x14,
				0x11, 0x22, 0xf0, 0x11, 0x22),
			   "<C-c><C-d><M-x>x");
}

static void set2_grey_keys_and_fake_shifts(struct ktest *t)
{
	struct atkbd kbd;

	atkbd_init(&kbd, 2);
	KTEST_EXPECT_STREQ(t,
			   FEED(&kbd, 0xe0, 0x75, 0xe0, 0xf0, 0x75, 0xe0, 0x72, 0xe0, 0x6b, 0xe0,
				0x74, 0xe0, 0x6c, 0xe0, 0x69, 0xe0, 0x7d, 0xe0, 0x7a, 0xe0, 0x70,
				0xe0, 0x71, 0xe0, 0x5a, 0xe0, 0x4a),
			   "<UP><DOWN><LEFT><RIGHT><HOME><END><PGUP><PGDN><INS><DEL><ENTER>/");
	/* Shift+PgUp with the fake Shift release/press around it. */
	KTEST_EXPECT_STREQ(t,
			   FEED(&kbd, 0x12, 0xe0, 0xf0, 0x12, 0xe0, 0x7d, 0xe0, 0xf0, 0x7d, 0xe0,
				0x12, 0xf0, 0x12, 0x1c),
			   "<S-PGUP>a");
}

static void set2_pause_and_replies(struct ktest *t)
{
	struct atkbd kbd;

	atkbd_init(&kbd, 2);
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0xe1, 0x14, 0x77, 0xe1, 0xf0, 0x14, 0xf0, 0x77, 0x1c),
			   "a");
	KTEST_EXPECT_EQ(t, kbd.held, 0);
	/* In set 2 0xaa is only the self-test's pass. */
	KTEST_EXPECT_STREQ(t, FEED(&kbd, 0x12, 0xaa, 0xfa, 0x1c, 0xf0, 0x12), "A");
}

static const struct ktest_case atkbd_cases[] = {
    KTEST_CASE(set1_text_make_break),	KTEST_CASE(set1_breaks_alone_make_nothing),
    KTEST_CASE(set1_both_shifts),	KTEST_CASE(set1_caps_lock),
    KTEST_CASE(set1_ctrl_and_alt),	KTEST_CASE(set1_special_keys),
    KTEST_CASE(set1_grey_keys),		KTEST_CASE(set1_fake_shifts),
    KTEST_CASE(set1_keypad_num_lock),	KTEST_CASE(set1_pause_replies_unknown),
    KTEST_CASE(set2_text_make_break),	KTEST_CASE(set2_matches_set1),
    KTEST_CASE(set2_modifiers),		KTEST_CASE(set2_grey_keys_and_fake_shifts),
    KTEST_CASE(set2_pause_and_replies), {0},
};
static const struct ktest_suite atkbd_suite = {.name = "input_atkbd", .cases = atkbd_cases};
KTEST_SUITE(atkbd_suite);
