/* Tests of kernel/clock_ref.c with a fake machine: a reference counter that
 * advances a fixed number of counts per read and wraps at its width, and a
 * cycle counter tied to the same fake time. */
#include <stdint.h>

#include "kernel/clock_ref.h"
#include "kernel/ktest.h"
#include "lib/errno.h"

struct fake_machine {
	uint64_t ns;	       /* fake time */
	uint64_t ns_per_read;  /* each reference read takes this long */
	uint64_t start_counts; /* the reference counter at ns 0 */
	uint64_t cycles_per_us;
	bool stopped; /* the reference never advances */
	unsigned reads;
};

static struct fake_machine fm;

static uint64_t fake_read(const struct clock_ref *ref)
{
	uint64_t counts;

	fm.reads++;
	if (!fm.stopped)
		fm.ns += fm.ns_per_read;
	counts = fm.start_counts + (fm.stopped ? 0 : fm.ns * ref->hz / 1000000000ull);
	return counts & ref->mask;
}

static uint64_t fake_cycles(void *ctx)
{
	(void)ctx;
	return 1000 + fm.ns * fm.cycles_per_us / 1000;
}

static void machine(uint64_t cycles_per_us, uint64_t ns_per_read, uint64_t start)
{
	fm = (struct fake_machine){
	    .ns_per_read = ns_per_read, .start_counts = start, .cycles_per_us = cycles_per_us};
}

static const struct clock_ref pm_timer = {"ACPI PM timer", 3579545, 0xffffff, fake_read, 0x608};
static const struct clock_ref pm_timer32 = {"ACPI PM timer", 3579545, 0xffffffff, fake_read, 0x608};
static const struct clock_ref hpet = {"HPET", 100000000, ~0ull, fake_read, 0xfed00000};

static void hz_from_femtoseconds(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, clock_hz_from_fs(10000000), 100000000ull); /* QEMU: 10 ns */
	KTEST_EXPECT_EQ(t, clock_hz_from_fs(69841279), 14318179ull);  /* 14.318 MHz PCs */
	KTEST_EXPECT_EQ(t, clock_hz_from_fs(100000000), 10000000ull); /* the 100 ns limit */
	KTEST_EXPECT_EQ(t, clock_hz_from_fs(100000001), 0ull);	      /* beyond it */
	KTEST_EXPECT_EQ(t, clock_hz_from_fs(0), 0ull);
}

static void measures_the_rate_against_the_pm_timer(struct ktest *t)
{
	uint64_t per_ms = 0;

	machine(2400, 700, 0); /* 2.4 GHz, an I/O read costs 700 ns */
	KTEST_ASSERT_INT_EQ(
	    t, clock_ref_calibrate(&pm_timer, fake_cycles, NULL, 50, 1000000, &per_ms), 0);
	/* Exact within the overshoot of one read past the target. */
	KTEST_EXPECT_TRUE(t, clock_rates_agree(per_ms, 2400000, 1));
	KTEST_EXPECT_GT(t, fm.reads, 50u * 1000 * 1000 / 700 - 2);
}

static void measures_the_rate_against_the_hpet(struct ktest *t)
{
	uint64_t per_ms = 0;

	machine(1000, 50, 123456789);
	KTEST_ASSERT_INT_EQ(t, clock_ref_calibrate(&hpet, fake_cycles, NULL, 10, 10000000, &per_ms),
			    0);
	KTEST_EXPECT_TRUE(t, clock_rates_agree(per_ms, 1000000, 1));
}

static void counter_wrap_is_handled(struct ktest *t)
{
	uint64_t per_ms = 0;

	/* 24-bit counter 100 counts before its wrap. */
	machine(3000, 1000, 0xffffff - 100);
	KTEST_ASSERT_INT_EQ(
	    t, clock_ref_calibrate(&pm_timer, fake_cycles, NULL, 50, 1000000, &per_ms), 0);
	KTEST_EXPECT_TRUE(t, clock_rates_agree(per_ms, 3000000, 1));
	/* 32-bit (TMR_VAL_EXT) near its wrap. */
	machine(3000, 1000, 0xffffffff - 5);
	KTEST_ASSERT_INT_EQ(
	    t, clock_ref_calibrate(&pm_timer32, fake_cycles, NULL, 50, 1000000, &per_ms), 0);
	KTEST_EXPECT_TRUE(t, clock_rates_agree(per_ms, 3000000, 1));
}

static void stopped_counter_times_out(struct ktest *t)
{
	uint64_t per_ms = 77;

	machine(2000, 100, 42);
	fm.stopped = true;
	KTEST_EXPECT_INT_EQ(t, clock_ref_calibrate(&hpet, fake_cycles, NULL, 50, 1000, &per_ms),
			    -ETIMEDOUT);
	KTEST_EXPECT_EQ(t, fm.reads, 1001u);
	KTEST_EXPECT_EQ(t, per_ms, 77ull); /* untouched */
}

static void refuses_bad_arguments(struct ktest *t)
{
	struct clock_ref bad = hpet;
	uint64_t per_ms;

	machine(2000, 100, 0);
	KTEST_EXPECT_INT_EQ(t, clock_ref_calibrate(&hpet, fake_cycles, NULL, 0, 10, &per_ms),
			    -EINVAL);
	KTEST_EXPECT_INT_EQ(t, clock_ref_calibrate(NULL, fake_cycles, NULL, 5, 10, &per_ms),
			    -EINVAL);
	KTEST_EXPECT_INT_EQ(t, clock_ref_calibrate(&hpet, NULL, NULL, 5, 10, &per_ms), -EINVAL);
	bad.hz = 0;
	KTEST_EXPECT_INT_EQ(t, clock_ref_calibrate(&bad, fake_cycles, NULL, 5, 10, &per_ms),
			    -EINVAL);
	/* 50 ms of a 24-bit counter at 1 GHz would wrap many times. */
	bad = pm_timer;
	bad.hz = 1000000000;
	KTEST_EXPECT_INT_EQ(t, clock_ref_calibrate(&bad, fake_cycles, NULL, 50, 10, &per_ms),
			    -EINVAL);
	KTEST_EXPECT_EQ(t, fm.reads, 0u);
}

static void rate_from_a_window(struct ktest *t)
{
	/* 50 ms of the PM timer (178977 counts) while 120 M cycles passed. */
	KTEST_EXPECT_TRUE(
	    t, clock_rates_agree(clock_rate_per_ms(120000000, 178977, 3579545), 2400000, 1));
	/* No overflow: 2^40 cycles against a 1 GHz counter. */
	KTEST_EXPECT_EQ(t, clock_rate_per_ms(1ull << 40, 1000000000ull, 1000000000ull),
			(1ull << 40) / 1000);
	KTEST_EXPECT_EQ(t, clock_rate_per_ms(12345, 0, 3579545), 0ull);
}

static void rates_agree_within_percent(struct ktest *t)
{
	KTEST_EXPECT_TRUE(t, clock_rates_agree(1000, 1000, 0));
	KTEST_EXPECT_TRUE(t, clock_rates_agree(1000, 900, 10));
	KTEST_EXPECT_FALSE(t, clock_rates_agree(1000, 899, 10));
	KTEST_EXPECT_TRUE(t, clock_rates_agree(900, 1000, 10));
	KTEST_EXPECT_FALSE(t, clock_rates_agree(0, 1000, 50));
}

static const struct ktest_case clock_ref_cases[] = {
    KTEST_CASE(hz_from_femtoseconds),
    KTEST_CASE(measures_the_rate_against_the_pm_timer),
    KTEST_CASE(measures_the_rate_against_the_hpet),
    KTEST_CASE(counter_wrap_is_handled),
    KTEST_CASE(stopped_counter_times_out),
    KTEST_CASE(refuses_bad_arguments),
    KTEST_CASE(rate_from_a_window),
    KTEST_CASE(rates_agree_within_percent),
    {0},
};

static const struct ktest_suite clock_ref_suite = {
    .name = "clock_ref",
    .cases = clock_ref_cases,
};
KTEST_SUITE(clock_ref_suite);
