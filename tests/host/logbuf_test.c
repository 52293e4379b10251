/* Tests of the log ring buffer (kernel/logbuf.c): lines read back across
 * the wrap, the oldest text dropped first (a cut line is skipped, a whole
 * one is kept), writes longer than the ring, the search for the last panic
 * line, and moving the text to a larger buffer. Host only. */
#include "kernel/ktest.h"
#include "kernel/logbuf.h"
#include "lib/string.h"

static void put(struct logbuf *lb, const char *s)
{
	logbuf_write(lb, s, strlen(s));
}

static const char *line_at(const struct logbuf *lb, uint64_t pos)
{
	static char buf[64];

	logbuf_line(lb, pos, buf, sizeof(buf));
	return buf;
}

static void lines_without_wrap(struct ktest *t)
{
	char mem[32];
	struct logbuf lb;

	logbuf_init(&lb, mem, sizeof(mem));
	put(&lb, "ab\ncd\ne");
	KTEST_EXPECT_EQ(t, lb.head, 7);
	KTEST_EXPECT_EQ(t, logbuf_tail(&lb), 0);
	KTEST_EXPECT_EQ(t, logbuf_first_line(&lb), 0);
	KTEST_EXPECT_STREQ(t, line_at(&lb, 0), "ab");
	KTEST_EXPECT_STREQ(t, line_at(&lb, 3), "cd");
	/* An unfinished line ends at the head. */
	KTEST_EXPECT_STREQ(t, line_at(&lb, 6), "e");
	KTEST_EXPECT_EQ(t, logbuf_line_end(&lb, 6), 7);
	KTEST_EXPECT_EQ(t, logbuf_line_start(&lb, 4), 3);
	KTEST_EXPECT_EQ(t, logbuf_line_start(&lb, 2), 0);
	KTEST_EXPECT_EQ(t, logbuf_count_lines(&lb, 0, 7), 2);
	KTEST_EXPECT_INT_EQ(t, logbuf_byte(&lb, 7), -1);
}

static void wrap_drops_oldest_and_skips_a_cut_line(struct ktest *t)
{
	char mem[8];
	struct logbuf lb;

	logbuf_init(&lb, mem, sizeof(mem));
	put(&lb, "one\ntwo\n");
	put(&lb, "three\n");
	/* 14 bytes written, the last 8 kept: "o\nthree\n". */
	KTEST_EXPECT_EQ(t, logbuf_tail(&lb), 6);
	KTEST_EXPECT_INT_EQ(t, logbuf_byte(&lb, 5), -1);
	KTEST_EXPECT_INT_EQ(t, logbuf_byte(&lb, 6), 'o');
	/* "o" is the end of a cut line: the oldest whole line is "three". */
	KTEST_EXPECT_EQ(t, logbuf_first_line(&lb), 8);
	KTEST_EXPECT_STREQ(t, line_at(&lb, 8), "three");
	KTEST_EXPECT_EQ(t, logbuf_line_start(&lb, 12), 8);
	KTEST_EXPECT_EQ(t, logbuf_count_lines(&lb, 0, lb.head), 2);
}

static void wrap_at_a_line_end_keeps_the_next_line(struct ktest *t)
{
	char mem[6];
	struct logbuf lb;

	logbuf_init(&lb, mem, sizeof(mem));
	put(&lb, "abc\n");
	put(&lb, "de\n");
	put(&lb, "fg\n");
	/* The last byte dropped was '\n', so "de" is whole. */
	KTEST_EXPECT_EQ(t, logbuf_tail(&lb), 4);
	KTEST_EXPECT_EQ(t, logbuf_first_line(&lb), 4);
	KTEST_EXPECT_STREQ(t, line_at(&lb, 4), "de");
	KTEST_EXPECT_STREQ(t, line_at(&lb, 7), "fg");
}

static void write_longer_than_the_ring(struct ktest *t)
{
	char mem[8];
	struct logbuf lb;

	logbuf_init(&lb, mem, sizeof(mem));
	put(&lb, "x");
	put(&lb, "0123456789\nabcdef\n");
	KTEST_EXPECT_EQ(t, lb.head, 19);
	/* "\nabcdef\n" is kept; the '\n' ends a line that was cut. */
	KTEST_EXPECT_EQ(t, logbuf_tail(&lb), 11);
	KTEST_EXPECT_INT_EQ(t, logbuf_byte(&lb, 11), '\n');
	KTEST_EXPECT_EQ(t, logbuf_first_line(&lb), 12);
	KTEST_EXPECT_STREQ(t, line_at(&lb, 12), "abcdef");
}

static void finds_the_last_panic_line(struct ktest *t)
{
	char mem[128];
	struct logbuf lb;

	logbuf_init(&lb, mem, sizeof(mem));
	put(&lb, "x\n# hotmem: panic: a\ny\n# hotmem: panic: b\n# RIP: 1\n");
	KTEST_EXPECT_INT_EQ(t, logbuf_find_last_line(&lb, "# hotmem: panic"), 23);
	KTEST_EXPECT_STREQ(t, line_at(&lb, 23), "# hotmem: panic: b");
	KTEST_EXPECT_INT_EQ(t, logbuf_find_last_line(&lb, "x"), 0);
	KTEST_EXPECT_INT_EQ(t, logbuf_find_last_line(&lb, "nothing"), -1);
	/* Only at the start of a line. */
	KTEST_EXPECT_INT_EQ(t, logbuf_find_last_line(&lb, "hotmem"), -1);
}

static void move_keeps_positions(struct ktest *t)
{
	char small[8], big[32], tiny[4];
	struct logbuf lb;

	logbuf_init(&lb, small, sizeof(small));
	put(&lb, "one\ntwo\nthree\n");
	logbuf_move(&lb, big, sizeof(big));
	/* What the small ring had dropped stays dropped: 6 and on are held. */
	KTEST_EXPECT_EQ(t, logbuf_tail(&lb), 6);
	KTEST_EXPECT_INT_EQ(t, logbuf_byte(&lb, 5), -1);
	KTEST_EXPECT_INT_EQ(t, logbuf_byte(&lb, 6), 'o');
	KTEST_EXPECT_EQ(t, logbuf_first_line(&lb), 8);
	KTEST_EXPECT_STREQ(t, line_at(&lb, 8), "three");
	put(&lb, "four\n");
	KTEST_EXPECT_STREQ(t, line_at(&lb, 14), "four");
	KTEST_EXPECT_STREQ(t, line_at(&lb, 8), "three");
	/* Into a smaller buffer: the newest bytes, the cut line skipped. */
	logbuf_move(&lb, tiny, sizeof(tiny));
	KTEST_EXPECT_EQ(t, logbuf_tail(&lb), 15);
	KTEST_EXPECT_INT_EQ(t, logbuf_byte(&lb, 15), 'o');
	KTEST_EXPECT_EQ(t, logbuf_first_line(&lb), lb.head);
}

static const struct ktest_case logbuf_cases[] = {
    KTEST_CASE(lines_without_wrap),
    KTEST_CASE(wrap_drops_oldest_and_skips_a_cut_line),
    KTEST_CASE(wrap_at_a_line_end_keeps_the_next_line),
    KTEST_CASE(write_longer_than_the_ring),
    KTEST_CASE(finds_the_last_panic_line),
    KTEST_CASE(move_keeps_positions),
    {0},
};

static const struct ktest_suite logbuf_suite = {
    .name = "logbuf",
    .cases = logbuf_cases,
};
KTEST_SUITE(logbuf_suite);
