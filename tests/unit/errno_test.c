/* Tests of lib/errno.c: every name in lib/errno.h, either sign, unknowns. */
#include <stddef.h>

#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/limits.h"

struct errno_case {
	int value;
	const char *name;
};

#define E(x)          \
	{             \
		x, #x \
	}

static const struct errno_case errno_cases_table[] = {
    E(EPERM),  E(ENOENT), E(EIO),     E(E2BIG),	    E(ENOMEM),	E(EACCES),     E(EFAULT),
    E(EBUSY),  E(EEXIST), E(ENODEV),  E(ENOTDIR),   E(EISDIR),	E(EINVAL),     E(ENOSPC),
    E(ERANGE), E(ENOSYS), E(ENODATA), E(EOVERFLOW), E(EBADMSG), E(EOPNOTSUPP), E(ETIMEDOUT),
};

static void every_known_name(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(errno_cases_table); i++) {
		const struct errno_case *c = &errno_cases_table[i];

		KTEST_EXPECT_STREQ(t, errno_name(c->value), c->name);
		KTEST_EXPECT_STREQ(t, errno_name(-c->value), c->name);
	}
}

static void unknown_values(struct ktest *t)
{
	KTEST_EXPECT_STREQ(t, errno_name(0), "E?");
	KTEST_EXPECT_STREQ(t, errno_name(3), "E?");
	KTEST_EXPECT_STREQ(t, errno_name(-3), "E?");
	KTEST_EXPECT_STREQ(t, errno_name(4095), "E?");
	KTEST_EXPECT_STREQ(t, errno_name(INT_MAX), "E?");
	KTEST_EXPECT_STREQ(t, errno_name(INT_MIN), "E?");
}

static const struct ktest_case errno_cases[] = {
    KTEST_CASE(every_known_name),
    KTEST_CASE(unknown_values),
    {0},
};

static const struct ktest_suite errno_suite = {
    .name = "errno",
    .cases = errno_cases,
};
KTEST_SUITE(errno_suite);
