/* ktest: a KUnit-like self-test framework.
 *
 * A file declares cases and a suite, and registers the suite with
 * KTEST_SUITE(); the registration lands in the "ktest_suites" linker section,
 * so adding a test never edits a central list. The same sources build into
 * the kernel (run at boot) and into the host test binary (tests/host), and
 * both print KTAP version 1 (docs/ktap.md).
 *
 *   static void parses_hex(struct ktest *t)
 *   {
 *           KTEST_EXPECT_EQ(t, parse("0x10"), 16);
 *   }
 *   static const struct ktest_case cmdline_cases[] = {
 *           KTEST_CASE(parses_hex),
 *           {0},
 *   };
 *   static const struct ktest_suite cmdline_suite = {
 *           .name = "cmdline", .cases = cmdline_cases,
 *   };
 *   KTEST_SUITE(cmdline_suite);
 *
 * EXPECT records a failure and carries on; ASSERT records it and returns from
 * the calling function (so use it in the case function or a void helper).
 * ktest_skip() marks the case skipped (unless it already failed) and returns. */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ktest;

struct ktest_case {
	const char *name;
	void (*run)(struct ktest *t);
};

struct ktest_suite {
	const char *name;
	const struct ktest_case *cases; /* ends with an entry whose name is NULL */
	/* Optional: runs before each case; a non-zero return fails the case. */
	int (*init)(struct ktest *t);
	/* Optional: runs after each case, also after a failed one. */
	void (*exit)(struct ktest *t);
	/* Runs only when the filter names the suite without a wildcard
	 * ("selftest=failtest"): for suites that exist to test the test
	 * machinery itself, never part of "all" (docs/testing.md). */
	bool on_request;
};

enum ktest_status { KTEST_PASS, KTEST_FAIL, KTEST_SKIP };

struct ktest {
	const struct ktest_suite *suite;
	const struct ktest_case *tcase;
	enum ktest_status status;
	char skip_reason[96];
	void *priv; /* for init/exit to hand state to the case */
};

#define KTEST_CASE(fn)  \
	{               \
#fn, fn \
	}

#define KTEST_SUITE(var)                                         \
	static const struct ktest_suite *const __ktest_ptr_##var \
	    __attribute__((used, section("ktest_suites"), aligned(8))) = &(var)

/* Glob match of `pattern` ('*' and '?') against `name`. */
bool ktest_glob_match(const char *pattern, const char *name);

/* Does "suite.case" match the selftest= filter? The filter is "all", "none",
 * or a comma-separated list of globs over "suite.case"; a glob without a '.'
 * matches suite names (so "e820" selects every case of suite e820). */
bool ktest_filter_match(const char *filter, const char *suite, const char *tcase);
/* Does the filter name the suite itself: a glob whose suite part (before
 * any '.') is exactly the suite's name? */
bool ktest_filter_names_suite(const char *filter, const char *suite);

/* Runs every selected suite, prints KTAP, returns the verdict. */
enum ktest_verdict { KTEST_VERDICT_PASS, KTEST_VERDICT_FAIL, KTEST_VERDICT_SKIP };
enum ktest_verdict ktest_run_all(const char *filter);
/* How many cases the filter selects; ktest_run_all() says
 * "# selftest: 'FILTER' matches no suite" when none (and FILTER is not "none"). */
size_t ktest_count_selected(const char *filter);

/* Printing: the framework writes through this hook (printk in the kernel,
 * stdout on the host); it must be set before ktest_run_all(). */
extern void (*ktest_write)(const char *s);

/* A "# ..." diagnostic line at the current case's indentation. */
void ktest_info(struct ktest *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ktest_mark_skip(struct ktest *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Records a failed expectation (called by the macros). */
void ktest_fail_at(struct ktest *t, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The case currently running, or NULL; the trap handler uses it to report a
 * crash inside a case. */
extern struct ktest *ktest_current;

/* ---- expectation macros ---- */

#define KTEST__BINOP(t, a, op, b, on_fail)                                                         \
	do {                                                                                       \
		unsigned long long __ka = (unsigned long long)(a);                                 \
		unsigned long long __kb = (unsigned long long)(b);                                 \
		if (!(__ka op __kb)) {                                                             \
			ktest_fail_at(                                                             \
			    t, __FILE__, __LINE__,                                                 \
			    "Expected %s %s %s, but %s == %llu (0x%llx), %s == %llu (0x%llx)", #a, \
			    #op, #b, #a, __ka, __ka, #b, __kb, __kb);                              \
			on_fail;                                                                   \
		}                                                                                  \
	} while (0)

/* Signed comparisons, for values that may be negative (errno returns). */
#define KTEST__SBINOP(t, a, op, b, on_fail)                                                     \
	do {                                                                                    \
		long long __ka = (long long)(a);                                                \
		long long __kb = (long long)(b);                                                \
		if (!(__ka op __kb)) {                                                          \
			ktest_fail_at(t, __FILE__, __LINE__,                                    \
				      "Expected %s %s %s, but %s == %lld, %s == %lld", #a, #op, \
				      #b, #a, __ka, #b, __kb);                                  \
			on_fail;                                                                \
		}                                                                               \
	} while (0)

#define KTEST__TRUE(t, c, on_fail)                                                          \
	do {                                                                                \
		if (!(c)) {                                                                 \
			ktest_fail_at(t, __FILE__, __LINE__, "Expected %s to be true", #c); \
			on_fail;                                                            \
		}                                                                           \
	} while (0)

#define KTEST__FALSE(t, c, on_fail)                                                          \
	do {                                                                                 \
		if (c) {                                                                     \
			ktest_fail_at(t, __FILE__, __LINE__, "Expected %s to be false", #c); \
			on_fail;                                                             \
		}                                                                            \
	} while (0)

bool ktest__streq(const char *a, const char *b);
bool ktest__memeq(const void *a, const void *b, size_t n);
void ktest__fail_str(struct ktest *t, const char *file, int line, const char *ea, const char *eb,
		     const char *a, const char *b, bool want_equal);
void ktest__fail_mem(struct ktest *t, const char *file, int line, const char *ea, const char *eb,
		     const void *a, const void *b, size_t n);

#define KTEST__STREQ(t, a, b, want, on_fail)                                                \
	do {                                                                                \
		const char *__ksa = (a), *__ksb = (b);                                      \
		if (ktest__streq(__ksa, __ksb) != (want)) {                                 \
			ktest__fail_str(t, __FILE__, __LINE__, #a, #b, __ksa, __ksb, want); \
			on_fail;                                                            \
		}                                                                           \
	} while (0)

#define KTEST__MEMEQ(t, a, b, n, on_fail)                                                    \
	do {                                                                                 \
		const void *__kma = (a), *__kmb = (b);                                       \
		size_t __kmn = (n);                                                          \
		if (!ktest__memeq(__kma, __kmb, __kmn)) {                                    \
			ktest__fail_mem(t, __FILE__, __LINE__, #a, #b, __kma, __kmb, __kmn); \
			on_fail;                                                             \
		}                                                                            \
	} while (0)

#define KTEST_NOTHING ((void)0)

#define KTEST_EXPECT_EQ(t, a, b)       KTEST__BINOP(t, a, ==, b, KTEST_NOTHING)
#define KTEST_EXPECT_NE(t, a, b)       KTEST__BINOP(t, a, !=, b, KTEST_NOTHING)
#define KTEST_EXPECT_LT(t, a, b)       KTEST__BINOP(t, a, <, b, KTEST_NOTHING)
#define KTEST_EXPECT_LE(t, a, b)       KTEST__BINOP(t, a, <=, b, KTEST_NOTHING)
#define KTEST_EXPECT_GT(t, a, b)       KTEST__BINOP(t, a, >, b, KTEST_NOTHING)
#define KTEST_EXPECT_GE(t, a, b)       KTEST__BINOP(t, a, >=, b, KTEST_NOTHING)
#define KTEST_EXPECT_INT_EQ(t, a, b)   KTEST__SBINOP(t, a, ==, b, KTEST_NOTHING)
#define KTEST_EXPECT_INT_NE(t, a, b)   KTEST__SBINOP(t, a, !=, b, KTEST_NOTHING)
#define KTEST_EXPECT_INT_LT(t, a, b)   KTEST__SBINOP(t, a, <, b, KTEST_NOTHING)
#define KTEST_EXPECT_TRUE(t, c)	       KTEST__TRUE(t, c, KTEST_NOTHING)
#define KTEST_EXPECT_FALSE(t, c)       KTEST__FALSE(t, c, KTEST_NOTHING)
#define KTEST_EXPECT_NULL(t, p)	       KTEST__TRUE(t, (p) == NULL, KTEST_NOTHING)
#define KTEST_EXPECT_NOT_NULL(t, p)    KTEST__TRUE(t, (p) != NULL, KTEST_NOTHING)
#define KTEST_EXPECT_STREQ(t, a, b)    KTEST__STREQ(t, a, b, true, KTEST_NOTHING)
#define KTEST_EXPECT_STRNEQ(t, a, b)   KTEST__STREQ(t, a, b, false, KTEST_NOTHING)
#define KTEST_EXPECT_MEMEQ(t, a, b, n) KTEST__MEMEQ(t, a, b, n, KTEST_NOTHING)

#define KTEST_ASSERT_EQ(t, a, b)       KTEST__BINOP(t, a, ==, b, return )
#define KTEST_ASSERT_NE(t, a, b)       KTEST__BINOP(t, a, !=, b, return )
#define KTEST_ASSERT_LT(t, a, b)       KTEST__BINOP(t, a, <, b, return )
#define KTEST_ASSERT_LE(t, a, b)       KTEST__BINOP(t, a, <=, b, return )
#define KTEST_ASSERT_GT(t, a, b)       KTEST__BINOP(t, a, >, b, return )
#define KTEST_ASSERT_GE(t, a, b)       KTEST__BINOP(t, a, >=, b, return )
#define KTEST_ASSERT_INT_EQ(t, a, b)   KTEST__SBINOP(t, a, ==, b, return )
#define KTEST_ASSERT_TRUE(t, c)	       KTEST__TRUE(t, c, return )
#define KTEST_ASSERT_FALSE(t, c)       KTEST__FALSE(t, c, return )
#define KTEST_ASSERT_NULL(t, p)	       KTEST__TRUE(t, (p) == NULL, return )
#define KTEST_ASSERT_NOT_NULL(t, p)    KTEST__TRUE(t, (p) != NULL, return )
#define KTEST_ASSERT_STREQ(t, a, b)    KTEST__STREQ(t, a, b, true, return )
#define KTEST_ASSERT_MEMEQ(t, a, b, n) KTEST__MEMEQ(t, a, b, n, return )

#define ktest_skip(t, ...)                       \
	do {                                     \
		ktest_mark_skip(t, __VA_ARGS__); \
		return;                          \
	} while (0)

#endif
