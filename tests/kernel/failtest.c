/* failtest: a case that fails on purpose, so the runner can prove that a
 * failure reaches the KTAP tree, the exit status and the screen's summary
 * (the shell-failtest configuration, docs/testing.md). It runs only when
 * selftest= names it ("selftest=failtest"): never part of a normal run. */
#include "kernel/ktest.h"

static void fails_on_purpose(struct ktest *t)
{
	int two = 2;

	KTEST_EXPECT_INT_EQ(t, two + 2, 5);
}

static const struct ktest_case failtest_cases[] = {
    KTEST_CASE(fails_on_purpose),
    {0},
};

static const struct ktest_suite failtest_suite = {
    .name = "failtest",
    .cases = failtest_cases,
    .on_request = true,
};
KTEST_SUITE(failtest_suite);
