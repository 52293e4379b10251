/* The selftest= filter: globs over "suite.case", and which filters name a
 * suite (what an on-request suite needs to run). */
#include "kernel/ktest.h"

static void filter_globs(struct ktest *t)
{
	KTEST_EXPECT_TRUE(t, ktest_filter_match("all", "e820", "sanitize"));
	KTEST_EXPECT_FALSE(t, ktest_filter_match("none", "e820", "sanitize"));
	KTEST_EXPECT_TRUE(t, ktest_filter_match("cmdline,e8*", "e820", "sanitize"));
	KTEST_EXPECT_TRUE(t, ktest_filter_match("e820.san*", "e820", "sanitize"));
	KTEST_EXPECT_FALSE(t, ktest_filter_match("e820.x*", "e820", "sanitize"));
}

static void names_suite_needs_the_exact_name(struct ktest *t)
{
	KTEST_EXPECT_TRUE(t, ktest_filter_names_suite("failtest", "failtest"));
	KTEST_EXPECT_TRUE(t, ktest_filter_names_suite("cmdline,failtest", "failtest"));
	KTEST_EXPECT_TRUE(t, ktest_filter_names_suite("failtest.fails_*", "failtest"));
	KTEST_EXPECT_FALSE(t, ktest_filter_names_suite("all", "failtest"));
	KTEST_EXPECT_FALSE(t, ktest_filter_names_suite("fail*", "failtest"));
	KTEST_EXPECT_FALSE(t, ktest_filter_names_suite("*", "failtest"));
	KTEST_EXPECT_FALSE(t, ktest_filter_names_suite("failtest2", "failtest"));
	KTEST_EXPECT_FALSE(t, ktest_filter_names_suite("fail", "failtest"));
	KTEST_EXPECT_FALSE(t, ktest_filter_names_suite("", "failtest"));
}

static const struct ktest_case ktest_filter_cases[] = {
    KTEST_CASE(filter_globs),
    KTEST_CASE(names_suite_needs_the_exact_name),
    {0},
};

static const struct ktest_suite ktest_filter_suite = {
    .name = "ktest_filter",
    .cases = ktest_filter_cases,
};
KTEST_SUITE(ktest_filter_suite);
