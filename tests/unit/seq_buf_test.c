/* Tests of lib/seq_buf.c: appends that fit, fit exactly, overflow; the
 * terminating NUL; the full length; snprintf-style functions through
 * get_buf/commit. */
#include "kernel/ktest.h"
#include "lib/printf.h"
#include "lib/seq_buf.h"
#include "lib/string.h"

static void appends_fit(struct ktest *t)
{
	char buf[32];
	struct seq_buf s;

	memset(buf, 'z', sizeof(buf));
	seq_buf_init(&s, buf, sizeof(buf));
	KTEST_EXPECT_STREQ(t, seq_buf_str(&s), "");
	seq_buf_printf(&s, "%s %d", "ab", 12);
	seq_buf_putc(&s, '-');
	seq_buf_puts(&s, "cd\n");
	KTEST_EXPECT_STREQ(t, buf, "ab 12-cd\n");
	KTEST_EXPECT_EQ(t, seq_buf_used(&s), 9);
	KTEST_EXPECT_EQ(t, seq_buf_wanted(&s), 9);
	KTEST_EXPECT_FALSE(t, seq_buf_has_overflowed(&s));
	seq_buf_clear(&s);
	KTEST_EXPECT_STREQ(t, buf, "");
	KTEST_EXPECT_EQ(t, seq_buf_used(&s), 0);
}

/* size - 1 characters fit (the NUL takes the last byte); one more overflows. */
static void exact_fit(struct ktest *t)
{
	char buf[6];
	struct seq_buf s;

	seq_buf_init(&s, buf, sizeof(buf));
	seq_buf_puts(&s, "abc");
	seq_buf_printf(&s, "%d", 45);
	KTEST_EXPECT_STREQ(t, buf, "abc45");
	KTEST_EXPECT_FALSE(t, seq_buf_has_overflowed(&s));
	KTEST_EXPECT_EQ(t, seq_buf_used(&s), 5);
	seq_buf_putc(&s, 'x');
	KTEST_EXPECT_TRUE(t, seq_buf_has_overflowed(&s));
	KTEST_EXPECT_STREQ(t, buf, "abc45");
	KTEST_EXPECT_EQ(t, seq_buf_used(&s), 5);
	KTEST_EXPECT_EQ(t, seq_buf_wanted(&s), 6);
}

/* An overflowing append is cut like snprintf, never past the end; later
 * appends store nothing but still count. */
static void overflow_cuts_and_counts(struct ktest *t)
{
	char buf[12];
	struct seq_buf s;

	memset(buf, 'z', sizeof(buf));
	seq_buf_init(&s, buf, 8);
	seq_buf_puts(&s, "0123");
	seq_buf_printf(&s, "%s", "456789");
	KTEST_EXPECT_STREQ(t, buf, "0123456");
	KTEST_EXPECT_EQ(t, buf[8], 'z');
	seq_buf_puts(&s, "abc");
	seq_buf_printf(&s, "%x", 0xff);
	seq_buf_putc(&s, '!');
	KTEST_EXPECT_STREQ(t, buf, "0123456");
	KTEST_EXPECT_EQ(t, buf[8], 'z');
	KTEST_EXPECT_TRUE(t, seq_buf_has_overflowed(&s));
	KTEST_EXPECT_EQ(t, seq_buf_used(&s), 7);
	KTEST_EXPECT_EQ(t, seq_buf_wanted(&s), 16);

	/* puts cuts too */
	seq_buf_init(&s, buf, 4);
	seq_buf_puts(&s, "abcdef");
	KTEST_EXPECT_STREQ(t, buf, "abc");
	KTEST_EXPECT_EQ(t, seq_buf_wanted(&s), 6);
}

/* A zero-size buffer (NULL allowed) only counts. */
static void zero_size_counts(struct ktest *t)
{
	struct seq_buf s;

	seq_buf_init(&s, NULL, 0);
	KTEST_EXPECT_FALSE(t, seq_buf_has_overflowed(&s));
	KTEST_EXPECT_STREQ(t, seq_buf_str(&s), "");
	seq_buf_printf(&s, "%08x", 1);
	seq_buf_puts(&s, "ab");
	KTEST_EXPECT_TRUE(t, seq_buf_has_overflowed(&s));
	KTEST_EXPECT_EQ(t, seq_buf_used(&s), 0);
	KTEST_EXPECT_EQ(t, seq_buf_wanted(&s), 10);
}

static int render_hex(char *buf, size_t size, unsigned v)
{
	return snprintf(buf, size, "0x%x\n", v);
}

/* get_buf/commit: an snprintf-style function appends in place. */
static void get_buf_and_commit(struct ktest *t)
{
	char buf[10], *room_buf;
	struct seq_buf s;
	size_t room;

	seq_buf_init(&s, buf, sizeof(buf));
	seq_buf_puts(&s, "a=");
	room = seq_buf_get_buf(&s, &room_buf);
	KTEST_EXPECT_EQ(t, room, 8);
	KTEST_EXPECT_TRUE(t, room_buf == buf + 2);
	seq_buf_commit(&s, render_hex(room_buf, room, 0x12));
	KTEST_EXPECT_STREQ(t, buf, "a=0x12\n");
	room = seq_buf_get_buf(&s, &room_buf);
	seq_buf_commit(&s, render_hex(room_buf, room, 0x3456));
	KTEST_EXPECT_STREQ(t, buf, "a=0x12\n0x");
	KTEST_EXPECT_TRUE(t, seq_buf_has_overflowed(&s));
	KTEST_EXPECT_EQ(t, seq_buf_wanted(&s), 14);
	/* full: no room, and a negative length (an error) adds nothing */
	KTEST_EXPECT_EQ(t, seq_buf_get_buf(&s, &room_buf), 0);
	KTEST_EXPECT_NULL(t, room_buf);
	seq_buf_commit(&s, -22);
	KTEST_EXPECT_EQ(t, seq_buf_wanted(&s), 14);
}

static const struct ktest_case seq_buf_cases[] = {
    KTEST_CASE(appends_fit),
    KTEST_CASE(exact_fit),
    KTEST_CASE(overflow_cuts_and_counts),
    KTEST_CASE(zero_size_counts),
    KTEST_CASE(get_buf_and_commit),
    {0},
};

static const struct ktest_suite seq_buf_suite = {
    .name = "seq_buf",
    .cases = seq_buf_cases,
};
KTEST_SUITE(seq_buf_suite);
