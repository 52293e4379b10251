/* printk's message safety (kernel/printk_format.c): printable text passes
 * byte for byte, control bytes are escaped, a message longer than the line
 * buffer is cut with a marker and a newline. Buffers are static: these cases
 * also run on the kernel stack. */
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/printk_format.h"
#include "lib/string.h"

static char out[PRINTK_LINE_MAX];
static char big[2100];
static char want[PRINTK_LINE_MAX];
static char cap[4096];

static int fmt(size_t *len, const char *f, ...) __attribute__((format(printf, 2, 3)));
static int fmt(size_t *len, const char *f, ...)
{
	va_list ap;
	int level;

	va_start(ap, f);
	level = printk_format(out, len, f, ap);
	va_end(ap);
	return level;
}

static void printable_text_is_untouched(struct ktest *t)
{
	/* Tabs, newlines, quotes, UTF-8 ("grün") and a continuation without
	 * '\n' are all kept as they are. */
	static const char text[] = "e820: [mem 0x0-0x9fbff]\tusable \"gr\xc3\xbcn\" ~\n";
	size_t len = 0;

	KTEST_EXPECT_INT_EQ(t, fmt(&len, "%s", text), -1);
	KTEST_EXPECT_STREQ(t, out, text);
	KTEST_EXPECT_EQ(t, len, strlen(text));
	KTEST_EXPECT_INT_EQ(t, fmt(&len, "no newline %d", 7), -1);
	KTEST_EXPECT_STREQ(t, out, "no newline 7");
	KTEST_EXPECT_INT_EQ(t, fmt(&len, KERN_ERR "error %s\n", "x"), 3);
	KTEST_EXPECT_STREQ(t, out, "error x\n");
	KTEST_EXPECT_INT_EQ(t, fmt(&len, "%s", ""), -1);
	KTEST_EXPECT_EQ(t, len, 0);
}

static void control_bytes_are_escaped(struct ktest *t)
{
	size_t len = 0;

	/* ESC[2J would clear the terminal; BEL rings it. */
	fmt(&len, "cmdline: \"%s\"\n",
	    "a\x1b[2Jb\a\rc\x7f\x01"
	    "3d\be");
	KTEST_EXPECT_STREQ(t, out, "cmdline: \"a\\x1b[2Jb\\x07\\x0dc\\x7f\\x013d\\x08e\"\n");
	KTEST_EXPECT_EQ(t, len, strlen(out));
	/* Only the leading level prefix is a level. */
	KTEST_EXPECT_INT_EQ(t, fmt(&len, KERN_WARNING "%s\n", KERN_ERR "x"), 4);
	KTEST_EXPECT_STREQ(t, out, "\\x013x\n");
}

/* Row 8 of the sweep: 1999 '"' characters echoed in one message. */
static void long_line_is_cut_with_marker(struct ktest *t)
{
	static const char marker[] = " [cut: the message had 2009 bytes]\n";
	size_t len = 0, keep = PRINTK_LINE_MAX - 1 - (sizeof(marker) - 1);

	memset(big, '"', 1999);
	big[1999] = '\0';
	fmt(&len, "cmdline: %s\n", big);
	KTEST_EXPECT_EQ(t, len, PRINTK_LINE_MAX - 1);
	KTEST_EXPECT_EQ(t, strlen(out), len);
	memcpy(want, "cmdline: ", 9);
	memset(want + 9, '"', keep - 9);
	memcpy(want + keep, marker, sizeof(marker));
	KTEST_EXPECT_STREQ(t, out, want);
}

/* 1023 bytes fit exactly; 1024 do not. */
static void exact_fit_is_not_cut(struct ktest *t)
{
	size_t len = 0;

	memset(big, 'x', 1022);
	big[1022] = '\0';
	fmt(&len, "%s\n", big);
	KTEST_EXPECT_EQ(t, len, 1023);
	KTEST_EXPECT_EQ(t, out[1022], '\n');
	fmt(&len, "%sy\n", big);
	KTEST_EXPECT_EQ(t, len, 1023);
	KTEST_EXPECT_EQ(t, out[1022], '\n');
	KTEST_EXPECT_NOT_NULL(t, strstr(out, " [cut: the message had 1024 bytes]\n"));
}

/* A message that fits as formatted but not once escaped is cut on a whole
 * escape, never in the middle of one. */
static void escapes_that_do_not_fit(struct ktest *t)
{
	size_t len = 0, n;

	memset(big, 0x1b, 600);
	big[600] = '\0';
	fmt(&len, "%s", big);
	KTEST_EXPECT_LE(t, len, PRINTK_LINE_MAX - 1);
	KTEST_EXPECT_NOT_NULL(t, strstr(out, "\\x1b [cut: the message had 600 bytes]\n"));
	n = (size_t)(strstr(out, " [cut") - out);
	KTEST_EXPECT_EQ(t, n % 4, 0);
	KTEST_EXPECT_EQ(t, len, n + strlen(" [cut: the message had 600 bytes]\n"));
}

/* Through printk: the message after a cut one starts on its own line. */
static void next_message_on_its_own_line(struct ktest *t)
{
	memset(big, '"', 1999);
	big[1999] = '\0';
	printk_capture_start(cap, sizeof(cap));
	printk("cmdline: %s\n", big);
	printk("next\n");
	printk_capture_stop();
	KTEST_EXPECT_NOT_NULL(t, strstr(cap, "\" [cut: the message had 2009 bytes]\nnext\n"));
	KTEST_EXPECT_EQ(t, strlen(cap), PRINTK_LINE_MAX - 1 + 5);
}

static const struct ktest_case printk_format_cases[] = {
    KTEST_CASE(printable_text_is_untouched),
    KTEST_CASE(control_bytes_are_escaped),
    KTEST_CASE(long_line_is_cut_with_marker),
    KTEST_CASE(exact_fit_is_not_cut),
    KTEST_CASE(escapes_that_do_not_fit),
    KTEST_CASE(next_message_on_its_own_line),
    {0},
};

static const struct ktest_suite printk_format_suite = {
    .name = "printk_format",
    .cases = printk_format_cases,
};
KTEST_SUITE(printk_format_suite);
