/* Tests of lib/kstrtox.c: bases and prefixes, where parsing stops, overflow
 * exactly at 2^64 and beyond, and the whole-string rules of kstrto*. */
#include <stddef.h>

#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/kstrtox.h"
#include "lib/limits.h"

/* A value no successful parse in these tests produces, to see "untouched". */
#define SENTINEL 0x5a5a5a5a5a5a5a5aULL

static void simple_bases(struct ktest *t)
{
	char *end;

	KTEST_EXPECT_EQ(t, simple_strtoull("123", &end, 10), 123);
	KTEST_EXPECT_EQ(t, *end, '\0');
	KTEST_EXPECT_EQ(t, simple_strtoull("ff", NULL, 16), 255);
	KTEST_EXPECT_EQ(t, simple_strtoull("FF", NULL, 16), 255);
	KTEST_EXPECT_EQ(t, simple_strtoull("0x1F", NULL, 16), 31);
	KTEST_EXPECT_EQ(t, simple_strtoull("0X1f", NULL, 0), 31);
	KTEST_EXPECT_EQ(t, simple_strtoull("017", NULL, 0), 15);
	KTEST_EXPECT_EQ(t, simple_strtoull("017", NULL, 10), 17);
	KTEST_EXPECT_EQ(t, simple_strtoull("017", NULL, 8), 15);
	KTEST_EXPECT_EQ(t, simple_strtoull("42", NULL, 0), 42);
	KTEST_EXPECT_EQ(t, simple_strtoull("101", NULL, 2), 5);
	KTEST_EXPECT_EQ(t, simple_strtoull("zz", NULL, 36), 35 * 36 + 35);

	simple_strtoull("0", &end, 0);
	KTEST_EXPECT_EQ(t, *end, '\0');
}

static void simple_stops_at_junk(struct ktest *t)
{
	static const char s1[] = "123abc", s2[] = "0x", s3[] = "0xg", s4[] = "089", s5[] = "";
	static const char s6[] = "12 34", s7[] = "-5";
	char *end;

	KTEST_EXPECT_EQ(t, simple_strtoull(s1, &end, 10), 123);
	KTEST_EXPECT_TRUE(t, end == s1 + 3);
	/* "0x" without a hex digit is the number 0 followed by junk. */
	KTEST_EXPECT_EQ(t, simple_strtoull(s2, &end, 0), 0);
	KTEST_EXPECT_TRUE(t, end == s2 + 1);
	KTEST_EXPECT_EQ(t, simple_strtoull(s3, &end, 16), 0);
	KTEST_EXPECT_TRUE(t, end == s3 + 1);
	/* Auto base: a leading 0 means octal, so 8 stops it. */
	KTEST_EXPECT_EQ(t, simple_strtoull(s4, &end, 0), 0);
	KTEST_EXPECT_TRUE(t, end == s4 + 1);
	KTEST_EXPECT_EQ(t, simple_strtoull(s5, &end, 0), 0);
	KTEST_EXPECT_TRUE(t, end == s5);
	KTEST_EXPECT_EQ(t, simple_strtoull(s6, &end, 10), 12);
	KTEST_EXPECT_TRUE(t, end == s6 + 2);
	/* No sign handling: nothing is consumed. */
	KTEST_EXPECT_EQ(t, simple_strtoull(s7, &end, 10), 0);
	KTEST_EXPECT_TRUE(t, end == s7);
	/* Digits beyond the base stop it too. */
	KTEST_EXPECT_EQ(t, simple_strtoull("1012", &end, 2), 5);
	KTEST_EXPECT_EQ(t, *end, '2');
	/* A base with no digits consumes nothing. */
	KTEST_EXPECT_EQ(t, simple_strtoull(s1, &end, 1), 0);
	KTEST_EXPECT_TRUE(t, end == s1);
	KTEST_EXPECT_EQ(t, simple_strtoull(s1, &end, 37), 0);
	KTEST_EXPECT_TRUE(t, end == s1);
}

static void simple_overflow(struct ktest *t)
{
	static const char max[] = "18446744073709551615", over[] = "18446744073709551616";
	static const char huge[] = "123456789012345678901234567890 rest";
	char *end;
	int ovf = 1;

	KTEST_EXPECT_EQ(t, simple_strtoull_ovf(max, &end, 10, &ovf), ULLONG_MAX);
	KTEST_EXPECT_INT_EQ(t, ovf, 0);
	KTEST_EXPECT_TRUE(t, end == max + 20);

	/* 2^64 exactly: saturates, flags it, and still consumes every digit. */
	KTEST_EXPECT_EQ(t, simple_strtoull_ovf(over, &end, 10, &ovf), ULLONG_MAX);
	KTEST_EXPECT_INT_EQ(t, ovf, 1);
	KTEST_EXPECT_TRUE(t, end == over + 20);

	KTEST_EXPECT_EQ(t, simple_strtoull_ovf(huge, &end, 10, &ovf), ULLONG_MAX);
	KTEST_EXPECT_INT_EQ(t, ovf, 1);
	KTEST_EXPECT_TRUE(t, end == huge + 30);

	KTEST_EXPECT_EQ(t, simple_strtoull_ovf("0x10000000000000000", NULL, 0, &ovf), ULLONG_MAX);
	KTEST_EXPECT_INT_EQ(t, ovf, 1);
	KTEST_EXPECT_EQ(t, simple_strtoull_ovf("0xffffffffffffffff", NULL, 0, &ovf), ULLONG_MAX);
	KTEST_EXPECT_INT_EQ(t, ovf, 0);
	/* Without an overflow pointer it still saturates. */
	KTEST_EXPECT_EQ(t, simple_strtoull(over, NULL, 10), ULLONG_MAX);
}

static void kstrtoull_valid(struct ktest *t)
{
	unsigned long long v;

	KTEST_EXPECT_INT_EQ(t, kstrtoull("0", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, 0);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("42", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, 42);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("+42", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, 42);
	/* One trailing newline is allowed. */
	KTEST_EXPECT_INT_EQ(t, kstrtoull("42\n", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, 42);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("0x1f", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, 31);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("0x1f", 16, &v), 0);
	KTEST_EXPECT_EQ(t, v, 31);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("1F", 16, &v), 0);
	KTEST_EXPECT_EQ(t, v, 31);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("010", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, 8);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("010", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, 10);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("777", 8, &v), 0);
	KTEST_EXPECT_EQ(t, v, 511);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("+0x10\n", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, 16);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("1111", 2, &v), 0);
	KTEST_EXPECT_EQ(t, v, 15);
}

static void kstrtoull_limits(struct ktest *t)
{
	unsigned long long v;

	KTEST_EXPECT_INT_EQ(t, kstrtoull("18446744073709551615", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, ULLONG_MAX);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("0xffffffffffffffff", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, ULLONG_MAX);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("01777777777777777777777", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, ULLONG_MAX);
	KTEST_EXPECT_INT_EQ(
	    t, kstrtoull("1111111111111111111111111111111111111111111111111111111111111111", 2, &v),
	    0);
	KTEST_EXPECT_EQ(t, v, ULLONG_MAX);

	/* 2^64 exactly, in each base, and beyond; v must stay untouched. */
	v = SENTINEL;
	KTEST_EXPECT_INT_EQ(t, kstrtoull("18446744073709551616", 10, &v), -ERANGE);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("0x10000000000000000", 0, &v), -ERANGE);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("10000000000000000", 16, &v), -ERANGE);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("02000000000000000000000", 0, &v), -ERANGE);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("18446744073709551620", 10, &v), -ERANGE);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("99999999999999999999999", 10, &v), -ERANGE);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("18446744073709551616\n", 10, &v), -ERANGE);
	/* Linux checks the overflow before the trailing junk. */
	KTEST_EXPECT_INT_EQ(t, kstrtoull("18446744073709551616x", 10, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, v, SENTINEL);
}

static void kstrtoull_rejects(struct ktest *t)
{
	unsigned long long v = SENTINEL;

	KTEST_EXPECT_INT_EQ(t, kstrtoull("", 0, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("\n", 0, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("+", 0, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("++1", 0, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("-1", 0, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoull(" 1", 0, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("1 ", 0, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("12a", 10, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("42\n\n", 10, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("42\nx", 10, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("0x1f", 10, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("08", 0, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("0x", 0, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("0x", 16, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("2", 2, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("1", 1, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoull("1", 37, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, v, SENTINEL);
}

static void kstrtoll_signs(struct ktest *t)
{
	long long v;

	KTEST_EXPECT_INT_EQ(t, kstrtoll("-1", 10, &v), 0);
	KTEST_EXPECT_INT_EQ(t, v, -1);
	KTEST_EXPECT_INT_EQ(t, kstrtoll("+5", 10, &v), 0);
	KTEST_EXPECT_INT_EQ(t, v, 5);
	KTEST_EXPECT_INT_EQ(t, kstrtoll("5", 10, &v), 0);
	KTEST_EXPECT_INT_EQ(t, v, 5);
	KTEST_EXPECT_INT_EQ(t, kstrtoll("-0", 10, &v), 0);
	KTEST_EXPECT_INT_EQ(t, v, 0);
	KTEST_EXPECT_INT_EQ(t, kstrtoll("-0x10", 0, &v), 0);
	KTEST_EXPECT_INT_EQ(t, v, -16);
	KTEST_EXPECT_INT_EQ(t, kstrtoll("-010", 0, &v), 0);
	KTEST_EXPECT_INT_EQ(t, v, -8);
	KTEST_EXPECT_INT_EQ(t, kstrtoll("-5\n", 10, &v), 0);
	KTEST_EXPECT_INT_EQ(t, v, -5);
}

static void kstrtoll_limits(struct ktest *t)
{
	long long v;

	KTEST_EXPECT_INT_EQ(t, kstrtoll("9223372036854775807", 10, &v), 0);
	KTEST_EXPECT_INT_EQ(t, v, LLONG_MAX);
	KTEST_EXPECT_INT_EQ(t, kstrtoll("-9223372036854775808", 10, &v), 0);
	KTEST_EXPECT_INT_EQ(t, v, LLONG_MIN);
	KTEST_EXPECT_INT_EQ(t, kstrtoll("-0x8000000000000000", 0, &v), 0);
	KTEST_EXPECT_INT_EQ(t, v, LLONG_MIN);
	KTEST_EXPECT_INT_EQ(t, kstrtoll("-9223372036854775807", 10, &v), 0);
	KTEST_EXPECT_INT_EQ(t, v, -LLONG_MAX);

	v = (long long)SENTINEL;
	KTEST_EXPECT_INT_EQ(t, kstrtoll("9223372036854775808", 10, &v), -ERANGE);
	KTEST_EXPECT_INT_EQ(t, kstrtoll("-9223372036854775809", 10, &v), -ERANGE);
	KTEST_EXPECT_INT_EQ(t, kstrtoll("18446744073709551615", 10, &v), -ERANGE);
	KTEST_EXPECT_INT_EQ(t, kstrtoll("-18446744073709551615", 10, &v), -ERANGE);
	KTEST_EXPECT_INT_EQ(t, kstrtoll("-18446744073709551616", 10, &v), -ERANGE);
	KTEST_EXPECT_INT_EQ(t, kstrtoll("18446744073709551616", 10, &v), -ERANGE);
	KTEST_EXPECT_INT_EQ(t, v, (long long)SENTINEL);
}

static void kstrtoll_rejects(struct ktest *t)
{
	long long v = (long long)SENTINEL;

	KTEST_EXPECT_INT_EQ(t, kstrtoll("", 10, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoll("-", 10, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoll("+", 10, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoll("--1", 10, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoll("-+1", 10, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoll("+-1", 10, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoll("- 1", 10, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoll("-1x", 10, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, kstrtoll("-\n", 10, &v), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, v, (long long)SENTINEL);
}

/* kstrtobool(): the words Linux takes, by their first characters. */
static void kstrtobool_words(struct ktest *t)
{
	static const char *const yes[] = {"1", "y", "Y", "t", "T", "on", "ON", "oN", "yes please"};
	static const char *const no[] = {"0", "n", "N", "f", "F", "off", "OFF", "no"};
	static const char *const bad[] = {"", "2", "o", "ox", "x", "-1", " 1"};
	bool v;

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		v = false;
		KTEST_EXPECT_INT_EQ(t, kstrtobool(yes[i], &v), 0);
		KTEST_EXPECT_TRUE(t, v);
	}
	for (size_t i = 0; i < ARRAY_SIZE(no); i++) {
		v = true;
		KTEST_EXPECT_INT_EQ(t, kstrtobool(no[i], &v), 0);
		KTEST_EXPECT_FALSE(t, v);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		v = true;
		KTEST_EXPECT_INT_EQ(t, kstrtobool(bad[i], &v), -EINVAL);
		KTEST_EXPECT_TRUE(t, v); /* unchanged */
	}
}

static const struct ktest_case kstrtox_cases[] = {
    KTEST_CASE(simple_bases),
    KTEST_CASE(simple_stops_at_junk),
    KTEST_CASE(simple_overflow),
    KTEST_CASE(kstrtoull_valid),
    KTEST_CASE(kstrtoull_limits),
    KTEST_CASE(kstrtoull_rejects),
    KTEST_CASE(kstrtoll_signs),
    KTEST_CASE(kstrtoll_limits),
    KTEST_CASE(kstrtoll_rejects),
    KTEST_CASE(kstrtobool_words),
    {0},
};

static const struct ktest_suite kstrtox_suite = {
    .name = "kstrtox",
    .cases = kstrtox_cases,
};
KTEST_SUITE(kstrtox_suite);
