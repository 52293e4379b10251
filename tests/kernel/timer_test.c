/* Kernel-only self-tests of the TSC calibration (kernel/timer.c): it used a
 * clock that counts, never the 1 GHz guess, where one exists; on a machine
 * without a PIT it used the HPET or the ACPI PM timer; and every reference
 * clock registered gives the same TSC rate as the one in use. */
#include "kernel/ktest.h"
#include "kernel/timer.h"
#include "lib/string.h"

/* Under TCG on a loaded host, 20 ms windows agree to a few percent; a
 * wrong frequency or a counter read wrongly is off by far more. */
#define AGREE_PCT 25u

static void calibrated_against_a_clock(struct ktest *t)
{
	const struct clock_ref *refs;
	const char *src = timer_source();
	uint64_t pit;

	if (!src && timer_measure(NULL, 10, &pit) && !timer_references(&refs)) {
		ktest_mark_skip(t, "no PIT, HPET or ACPI PM timer on this machine");
		return;
	}
	KTEST_ASSERT_NOT_NULL(t, src);
	ktest_info(t, "TSC %llu kHz, calibrated against the %s",
		   (unsigned long long)timer_tsc_per_ms(), src);
	KTEST_EXPECT_GT(t, timer_tsc_per_ms(), 0ull);
}

static void without_a_pit_a_reference_is_used(struct ktest *t)
{
	uint64_t pit;
	const char *src;

	if (!timer_measure(NULL, 10, &pit)) {
		ktest_mark_skip(t, "the PIT counts here");
		return;
	}
	src = timer_source();
	KTEST_ASSERT_NOT_NULL(t, src);
	KTEST_EXPECT_TRUE(t, !strcmp(src, "HPET") || !strcmp(src, "ACPI PM timer"));
}

static void every_clock_gives_the_same_rate(struct ktest *t)
{
	const struct clock_ref *refs;
	unsigned int n = timer_references(&refs), measured = 0;
	uint64_t want = timer_tsc_per_ms(), got;

	if (!timer_source()) {
		ktest_mark_skip(t, "the TSC rate is a guess");
		return;
	}
	/* The PIT alone is not held to it: a PIT read under emulation can be
	 * late by far more, which is why calibration checks it against a
	 * reference (and Linux does the same). */
	if (!timer_measure(NULL, 20, &got))
		ktest_info(t, "PIT: %llu kHz", (unsigned long long)got);
	for (unsigned int i = 0; i < n; i++) {
		int err = timer_measure(&refs[i], 20, &got);

		KTEST_EXPECT_INT_EQ(t, err, 0);
		if (err)
			continue;
		ktest_info(t, "%s: %llu kHz", refs[i].name, (unsigned long long)got);
		KTEST_EXPECT_TRUE(t, clock_rates_agree(got, want, AGREE_PCT));
		measured++;
	}
	if (measured < 2) {
		ktest_mark_skip(t, "only one clock to compare with");
		return;
	}
}

static const struct ktest_case timer_cases[] = {
    KTEST_CASE(calibrated_against_a_clock),
    KTEST_CASE(without_a_pit_a_reference_is_used),
    KTEST_CASE(every_clock_gives_the_same_rate),
    {0},
};

static const struct ktest_suite timer_suite = {
    .name = "timer",
    .cases = timer_cases,
};
KTEST_SUITE(timer_suite);
