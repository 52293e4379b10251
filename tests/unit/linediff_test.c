/* Tests of lib/linediff.c: the walk's lines and numbers, and unified texts
 * byte-identical to GNU diff -U1 --label old --label new (checked with
 * diffutils 3.8) for insertions, replacements at both ends, nearby changes
 * sharing a hunk, empty sides, a last line without '\n', and the fallback
 * for a middle part too big to compare line by line. */
#include "kernel/kalloc.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/linediff.h"
#include "lib/printf.h"
#include "lib/seq_buf.h"

#define EIGHT "a\nb\nc\nd\ne\nf\ng\nh\n"

static char out[4096];

static const char *unified(const char *a, const char *b, int *changed)
{
	struct seq_buf m;

	seq_buf_init(&m, out, sizeof(out));
	*changed = linediff_unified(&m, "old", "new", a, b, 1);
	return out;
}

#define EXPECT_UNIFIED(t, a, b, want, nr)                               \
	do {                                                            \
		int __changed;                                          \
		KTEST_EXPECT_STREQ(t, unified(a, b, &__changed), want); \
		KTEST_EXPECT_INT_EQ(t, __changed, nr);                  \
	} while (0)

static void equal_texts_print_nothing(struct ktest *t)
{
	EXPECT_UNIFIED(t, EIGHT, EIGHT, "", 0);
	EXPECT_UNIFIED(t, "", "", "", 0);
	/* A missing last '\n' is no difference in lines. */
	EXPECT_UNIFIED(t, "a\nb", "a\nb\n", "", 0);
}

static void insertion(struct ktest *t)
{
	EXPECT_UNIFIED(t, EIGHT, "a\nb\nc\nX\nd\ne\nf\ng\nh\n",
		       "--- old\n+++ new\n"
		       "@@ -3,2 +3,3 @@\n"
		       " c\n"
		       "+X\n"
		       " d\n",
		       1);
}

static void changes_at_both_ends_make_two_hunks(struct ktest *t)
{
	EXPECT_UNIFIED(t, EIGHT, "Z\nb\nc\nd\ne\nf\ng\nY\n",
		       "--- old\n+++ new\n"
		       "@@ -1,2 +1,2 @@\n"
		       "-a\n"
		       "+Z\n"
		       " b\n"
		       "@@ -7,2 +7,2 @@\n"
		       " g\n"
		       "-h\n"
		       "+Y\n",
		       4);
}

/* Two unchanged lines between changes: within twice the context. */
static void nearby_changes_share_a_hunk(struct ktest *t)
{
	EXPECT_UNIFIED(t, EIGHT, "a\nQ\nc\nd\nR\nf\ng\nh\n",
		       "--- old\n+++ new\n"
		       "@@ -1,6 +1,6 @@\n"
		       " a\n"
		       "-b\n"
		       "+Q\n"
		       " c\n"
		       " d\n"
		       "-e\n"
		       "+R\n"
		       " f\n",
		       4);
}

static void empty_sides(struct ktest *t)
{
	EXPECT_UNIFIED(t, "", "a\nb\n", "--- old\n+++ new\n@@ -0,0 +1,2 @@\n+a\n+b\n", 2);
	EXPECT_UNIFIED(t, "a\nb\n", "", "--- old\n+++ new\n@@ -1,2 +0,0 @@\n-a\n-b\n", 2);
	EXPECT_UNIFIED(t, EIGHT, "b\nc\nd\ne\nf\ng\nh\n",
		       "--- old\n+++ new\n@@ -1,2 +1 @@\n-a\n b\n", 1);
}

static void last_line_without_newline(struct ktest *t)
{
	EXPECT_UNIFIED(t, "x\ny", "x\nz", "--- old\n+++ new\n@@ -1,2 +1,2 @@\n x\n-y\n+z\n", 2);
}

struct collected {
	char text[512];
	struct seq_buf m;
	int stop_at;
	int calls;
};

static int collect(void *arg, const struct linediff_line *l)
{
	struct collected *c = arg;

	seq_buf_printf(&c->m, "%c %zu %zu %.*s\n", l->kind, l->old_nr, l->new_nr, (int)l->len,
		       l->line);
	return ++c->calls == c->stop_at ? 7 : 0;
}

/* Every line, with its number in each text; removals before additions. */
static void walk_numbers_lines(struct ktest *t)
{
	static struct collected c;

	seq_buf_init(&c.m, c.text, sizeof(c.text));
	c.stop_at = 0;
	KTEST_EXPECT_INT_EQ(t, linediff_walk("a\nb\nc\n", "a\nB\nc\nd\n", collect, &c), 0);
	KTEST_EXPECT_STREQ(t, c.text,
			   "= 0 0 a\n"
			   "- 1 1 b\n"
			   "+ 2 1 B\n"
			   "= 2 2 c\n"
			   "+ 3 3 d\n");
	/* fn's non-zero return stops the walk. */
	seq_buf_init(&c.m, c.text, sizeof(c.text));
	c.stop_at = 2;
	c.calls = 0;
	KTEST_EXPECT_INT_EQ(t, linediff_walk("a\nb\nc\n", "a\nB\nc\nd\n", collect, &c), 7);
	KTEST_EXPECT_STREQ(t, c.text, "= 0 0 a\n- 1 1 b\n");
}

/* A middle part of more than LINEDIFF_MAX_CELLS pairs is replaced whole;
 * common lines around it stay common. */
static void big_middle_is_replaced_whole(struct ktest *t)
{
	enum { N = 600 };
	char *a = kzalloc(N * 8 + 16), *b = kzalloc(N * 8 + 16);
	struct seq_buf sa, sb, m;

	KTEST_ASSERT_TRUE(t, a && b);
	seq_buf_init(&sa, a, N * 8 + 16);
	seq_buf_init(&sb, b, N * 8 + 16);
	seq_buf_puts(&sa, "top\n");
	seq_buf_puts(&sb, "top\n");
	for (int i = 0; i < N; i++) {
		seq_buf_printf(&sa, "a%d\n", i);
		seq_buf_printf(&sb, "b%d\n", i);
	}
	seq_buf_init(&m, NULL, 0);
	KTEST_EXPECT_INT_EQ(t, linediff_unified(&m, "old", "new", a, b, 1), 2 * N);
	seq_buf_init(&m, out, sizeof(out));
	linediff_unified(&m, "old", "new", a, b, 1);
	KTEST_EXPECT_MEMEQ(t, out, "--- old\n+++ new\n@@ -1,601 +1,601 @@\n top\n-a0\n-a1\n", 44);
	kfree(a);
	kfree(b);
}

static void allocation_failure(struct ktest *t)
{
	struct seq_buf m;

	seq_buf_init(&m, out, sizeof(out));
	kalloc_fail_nth(1);
	KTEST_EXPECT_INT_EQ(t, linediff_unified(&m, "old", "new", "a\n", "b\n", 1), -ENOMEM);
	kalloc_fail_nth(3);
	KTEST_EXPECT_INT_EQ(t, linediff_unified(&m, "old", "new", "a\n", "b\n", 1), -ENOMEM);
	kalloc_fail_nth(0);
	KTEST_EXPECT_STREQ(t, out, "");
}

static const struct ktest_case linediff_cases[] = {
    KTEST_CASE(equal_texts_print_nothing),
    KTEST_CASE(insertion),
    KTEST_CASE(changes_at_both_ends_make_two_hunks),
    KTEST_CASE(nearby_changes_share_a_hunk),
    KTEST_CASE(empty_sides),
    KTEST_CASE(last_line_without_newline),
    KTEST_CASE(walk_numbers_lines),
    KTEST_CASE(big_middle_is_replaced_whole),
    KTEST_CASE(allocation_failure),
    {0},
};

static const struct ktest_suite linediff_suite = {
    .name = "linediff",
    .cases = linediff_cases,
};
KTEST_SUITE(linediff_suite);
