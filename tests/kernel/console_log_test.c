/* console_log: what printk left in the kernel's log (kernel/logbuf.h) for
 * the one message every QEMU boot prints from untrusted text, the echo of
 * the fw_cfg command line. However long it is and whatever bytes it holds,
 * it is one line of at most the line buffer, whole or ending in the cut
 * marker, with no raw control byte (kernel/printk_format.h). */
#include "kernel/ktest.h"
#include "kernel/logbuf.h"
#include "kernel/printk_format.h"
#include "lib/string.h"

#define ECHO_PREFIX "cmdline: fw_cfg opt/org.hotmem/cmdline: \""
#define CUT_END	    "bytes]"

static char line[2 * PRINTK_LINE_MAX];

static void cmdline_echo_is_one_safe_line(struct ktest *t)
{
	int64_t pos = logbuf_find_last_line(&init_logbuf, ECHO_PREFIX);
	size_t len, i;

	if (pos < 0)
		ktest_skip(t, "no fw_cfg command line in the log (not under QEMU, or none given)");
	len = logbuf_line(&init_logbuf, (uint64_t)pos, line, sizeof(line));
	/* The line buffer holds the '\n' and the NUL too. */
	KTEST_EXPECT_LE(t, len, PRINTK_LINE_MAX - 2);
	KTEST_ASSERT_LE(t, len, sizeof(line) - 1);
	/* Whole (the closing quote) or cut with the marker: nothing glued on. */
	KTEST_EXPECT_TRUE(
	    t, (len && line[len - 1] == '"') ||
		   (len >= strlen(CUT_END) && !strcmp(line + len - strlen(CUT_END), CUT_END)));
	for (i = 0; i < len; i++)
		if ((unsigned char)line[i] < 0x20 && line[i] != '\t')
			break;
	KTEST_EXPECT_EQ(t, i, len);
}

static const struct ktest_case console_log_cases[] = {
    KTEST_CASE(cmdline_echo_is_one_safe_line),
    {0},
};

static const struct ktest_suite console_log_suite = {
    .name = "console_log",
    .cases = console_log_cases,
};
KTEST_SUITE(console_log_suite);
