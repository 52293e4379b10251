/* Tests of kernel/ktap.c: every line kind, indentation by depth, the SKIP
 * directive, the statistics line and the subtest result rule. */
#include "kernel/ktap.h"
#include "kernel/ktest.h"
#include "lib/seq_buf.h"
#include "lib/string.h"

static char out_text[2048];
static struct seq_buf out;

static void out_write(const char *s)
{
	seq_buf_puts(&out, s);
}

static const struct ktap k = {out_write};

static void out_start(void)
{
	seq_buf_init(&out, out_text, sizeof(out_text));
}

static void document(struct ktest *t)
{
	out_start();
	ktap_begin(&k, 0, 2);
	ktap_subtest_begin(&k, 1, "printf", 3);
	ktap_result(&k, 1, true, 1, "formats_decimal", NULL);
	ktap_diag(&k, 1, "%s: EXPECTATION FAILED at %s:%d", "hex_prefix", "x.c", 42);
	ktap_result(&k, 1, false, 2, "hex_prefix", NULL);
	ktap_result(&k, 1, true, 3, "needs_memory", "no memory to hide");
	ktap_subtest_end(&k, 1, 1, "printf", 1, 1, 1);
	ktap_subtest_begin(&k, 1, "traps", 1);
	ktap_result(&k, 1, true, 1, "ud", NULL);
	ktap_subtest_end(&k, 1, 2, "traps", 1, 0, 0);
	KTEST_EXPECT_STREQ(t, out_text,
			   "KTAP version 1\n"
			   "1..2\n"
			   "  KTAP version 1\n"
			   "  # Subtest: printf\n"
			   "  1..3\n"
			   "  ok 1 formats_decimal\n"
			   "  # hex_prefix: EXPECTATION FAILED at x.c:42\n"
			   "  not ok 2 hex_prefix\n"
			   "  ok 3 needs_memory # SKIP no memory to hide\n"
			   "  # printf: pass:1 fail:1 skip:1 total:3\n"
			   "not ok 1 printf\n"
			   "  KTAP version 1\n"
			   "  # Subtest: traps\n"
			   "  1..1\n"
			   "  ok 1 ud\n"
			   "  # traps: pass:1 fail:0 skip:0 total:1\n"
			   "ok 2 traps\n");
}

/* A subtest whose cases all skipped is "ok ... # SKIP"; a failure wins. */
static void subtest_result_rule(struct ktest *t)
{
	out_start();
	ktap_subtest_end(&k, 1, 4, "all_skip", 0, 0, 2);
	ktap_subtest_end(&k, 1, 5, "skip_and_fail", 0, 1, 1);
	ktap_result(&k, 0, true, 6, "empty_reason", "");
	KTEST_EXPECT_STREQ(t, out_text,
			   "  # all_skip: pass:0 fail:0 skip:2 total:2\n"
			   "ok 4 all_skip # SKIP\n"
			   "  # skip_and_fail: pass:0 fail:1 skip:1 total:2\n"
			   "not ok 5 skip_and_fail\n"
			   "ok 6 empty_reason # SKIP\n");
}

/* Deeper levels indent two more spaces each; a too long diagnostic is cut
 * to one line of 639 characters. */
static void depth_and_long_lines(struct ktest *t)
{
	static char longtext[1000];

	out_start();
	ktap_diag(&k, 3, "deep");
	ktap_result(&k, 2, true, 1, "x", NULL);
	KTEST_EXPECT_STREQ(t, out_text, "      # deep\n    ok 1 x\n");

	memset(longtext, 'a', sizeof(longtext) - 1);
	out_start();
	ktap_diag(&k, 1, "%s", longtext);
	KTEST_EXPECT_EQ(t, strlen(out_text), 639);
	KTEST_EXPECT_EQ(t, strncmp(out_text, "  # aaa", 7), 0);
	KTEST_EXPECT_EQ(t, out_text[638], 'a');
}

/* selftest=zzz selects nothing, and the runner says so (row 12 of the
 * hardening issue: it used to SKIP without a word). */
static void selftest_filter_counts(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, ktest_count_selected("zzz"), 0);
	KTEST_EXPECT_EQ(t, ktest_count_selected("none"), 0);
	KTEST_EXPECT_EQ(t, ktest_count_selected("ktap.selftest_filter_counts"), 1);
	KTEST_EXPECT_EQ(t, ktest_count_selected("ktap"), 4);
}

static const struct ktest_case ktap_cases[] = {
    KTEST_CASE(document),
    KTEST_CASE(subtest_result_rule),
    KTEST_CASE(depth_and_long_lines),
    KTEST_CASE(selftest_filter_counts),
    {0},
};

static const struct ktest_suite ktap_suite = {
    .name = "ktap",
    .cases = ktap_cases,
};
KTEST_SUITE(ktap_suite);
