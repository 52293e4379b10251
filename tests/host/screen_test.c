/* Tests of the screen layout (kernel/screen.c): the exact rows a person sees
 * for a set of results (summary with and without failures, the bound on the
 * failure list, a crash, the self-tests in progress), scrollback over the
 * log (pages, lines, wrapped lines, the dropped-text marker, back to the
 * layout), screen_text()'s trimming and truncation, and the drawing cost (a
 * change redraws only the cells it touches). The banner's block characters
 * are compared as '#'. Host only. */
#include "kernel/ktest.h"
#include "kernel/screen.h"
#include "lib/printf.h"
#include "lib/string.h"

#define MAX_COLS 100
#define MAX_ROWS 40

struct fixture {
	struct screen s;
	struct textgrid g;
	struct tg_cell want[MAX_COLS * MAX_ROWS], glass[MAX_COLS * MAX_ROWS];
	bool dirty[MAX_ROWS];
	struct logbuf log;
	char logmem[4096];
	char text[16384];
};

static const struct screen_facts facts = {
    .firmware = "BIOS",
    .loader = "GRUB 2.06",
    .ram_bytes = 512ull << 20,
    .screen = "800x600x32 framebuffer",
    .consoles = "ttyS0 (serial: the full log), fbcon (this screen)",
    .cmdline = "fw.hide=auto",
};

static void setup(struct fixture *f, uint32_t cols, uint32_t rows)
{
	memset(f, 0, sizeof(*f));
	logbuf_init(&f->log, f->logmem, sizeof(f->logmem));
	textgrid_init(&f->g, cols, rows, f->want, f->glass, f->dirty, true);
	screen_init_in(&f->s, &f->log, NULL);
	screen_add_display_in(&f->s, &f->g);
}

static void log_text(struct fixture *f, const char *s)
{
	logbuf_write(&f->log, s, strlen(s));
}

/* Seven suites; with_failures: memory_hotplug_fault fails two cases. */
static void run_suites(struct fixture *f, bool with_failures)
{
	static const char *const names[] = {
	    "e820", "resource", "memory_hotplug_fault", "psf", "kdump", "cmdline", "paging"};

	for (size_t i = 0; i < 7; i++) {
		screen_suite_begin_in(&f->s, names[i], 10);
		if (with_failures && i == 2) {
			screen_case_failed_in(
			    &f->s, names[i], "adds_a_block",
			    "tests/unit/x.c:12: Expected a == b, but a == 1 (0x1), b == 2 (0x2)");
			screen_case_failed_in(&f->s, names[i], "removes_a_block",
					      "tests/unit/x.c:40: Expected err == 0, but err == "
					      "-16, 0 == 0\nsecond line");
			screen_suite_end_in(&f->s, names[i], 8, 2, 0);
		} else if (i == 6) {
			screen_suite_end_in(&f->s, names[i], 7, 0, 3);
		} else {
			screen_suite_end_in(&f->s, names[i], 10, 0, 0);
		}
	}
}

/* screen_text() with the banner's U+2588 as '#'. */
static const char *screen_rows(struct fixture *f)
{
	char *w = f->text;

	screen_text_in(&f->s, f->text, sizeof(f->text));
	for (const char *r = f->text; *r;) {
		if (strncmp(r, "\xe2\x96\x88", 3) == 0) {
			*w++ = '#';
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return f->text;
}

/* Compares the first n rows, one by one, so a failure names the row; with
 * whole, nothing may follow them. */
static void expect_rows_of(struct ktest *t, const char *got, const char *const *want, size_t n,
			   bool whole)
{
	for (size_t i = 0; i < n; i++) {
		const char *nl = strchr(got, '\n');
		char row[MAX_COLS * 3 + 1];
		size_t len = nl ? (size_t)(nl - got) : strlen(got);

		if (len >= sizeof(row))
			len = sizeof(row) - 1;
		memcpy(row, got, len);
		row[len] = '\0';
		if (!ktest__streq(row, want[i]))
			ktest_info(t, "row %zu", i);
		KTEST_EXPECT_STREQ(t, row, want[i]);
		got = nl ? nl + 1 : got + len;
	}
	if (whole)
		KTEST_EXPECT_STREQ(t, got, "");
}

static void expect_rows(struct ktest *t, const char *got, const char *const *want, size_t n)
{
	expect_rows_of(t, got, want, n, true);
}

#define LEGEND " PgUp/PgDn: the full log page by page   Shift+PgUp/PgDn: line by line"

static const char *const header_80[] = {
    " hotmem 0.1.0  memory-map test kernel",
    " Firmware  BIOS                         Loader  GRUB 2.06",
    " RAM       512 MiB                      Screen  800x600x32 framebuffer",
    " Consoles  ttyS0 (serial: the full log), fbcon (this screen)",
    " Cmdline   fw.hide=auto",
    "",
};

/* The summary of the PASS run (rows 0-21), shared by the cases that show it. */
#define PASS_SUMMARY_ROWS                                                                      \
	" hotmem 0.1.0  memory-map test kernel                                      PASS",     \
	    header_80[1], header_80[2], header_80[3], header_80[4], "",                        \
	    " Self-tests: 7 suites, 70 cases: 67 passed, 0 failed, 3 skipped",                 \
	    " Verdict PASS after 5.4 s", "",                                                   \
	    "                 ########      ######      ########    ########",                 \
	    "                 ##      ##  ##      ##  ##          ##",                         \
	    "                 ##      ##  ##      ##  ##          ##",                         \
	    "                 ########    ##########    ######      ######",                   \
	    "                 ##          ##      ##          ##          ##",                 \
	    "                 ##          ##      ##          ##          ##",                 \
	    "                 ##          ##      ##  ########    ########", "", "",           \
	    " e820 ....................... 10 passed  kdump ...................... 10 passed", \
	    " resource ................... 10 passed  cmdline .................... 10 passed", \
	    " memory_hotplug_fault ....... 10 passed  paging ............ 7 passed 3 skipped", \
	    " psf ........................ 10 passed"

static void summary_pass(struct ktest *t)
{
	static struct fixture f;
	static const char *const want[] = {
	    PASS_SUMMARY_ROWS,
	    "",
	    "",
	    LEGEND,
	};

	setup(&f, 80, 25);
	screen_start_in(&f.s, &facts);
	run_suites(&f, false);
	screen_summary_in(&f.s, "PASS", 5432);
	expect_rows(t, screen_rows(&f), want, sizeof(want) / sizeof(want[0]));
	/* The verdict's colour: the banner green, every block of it. */
	KTEST_EXPECT_EQ(t, textgrid_get(&f.g, 17, 9).attr, TG_ATTR(TG_LIGHT_GREEN, TG_BLACK));
}

static void summary_lists_failed_cases(struct ktest *t)
{
	static struct fixture f;
	static const char *const want[] = {
	    " hotmem 0.1.0  memory-map test kernel                  FAIL",
	    " Firmware  BIOS",
	    " Loader    GRUB 2.06",
	    " RAM       512 MiB",
	    " Screen    800x600x32 framebuffer",
	    " Consoles  ttyS0 (serial: the full log), fbcon (this screen",
	    " Cmdline   fw.hide=auto",
	    "",
	    " Self-tests: 7 suites, 70 cases: 65 passed, 2 failed, 3 skip",
	    " Verdict FAIL after 0.0 s",
	    "",
	    " Failed cases:",
	    "   memory_hotplug_fault.adds_a_block",
	    "     tests/unit/x.c:12: Expected a == b, but a == 1 (0x1), b",
	    "   memory_hotplug_fault.removes_a_block",
	    "     tests/unit/x.c:40: Expected err == 0, but err == -16, 0",
	    "",
	    " memory_hotplug_~ .. 2 failed  paging .. 7 passed 3 skipped",
	    " cmdline .......... 10 passed  ... 4 more suites",
	    " PgUp/PgDn: the full log page by page   Shift+PgUp/PgDn: lin",
	};

	/* Too small for the banner: the verdict line says it. */
	setup(&f, 60, 20);
	screen_start_in(&f.s, &facts);
	run_suites(&f, true);
	screen_summary_in(&f.s, "FAIL", 12);
	expect_rows(t, screen_rows(&f), want, sizeof(want) / sizeof(want[0]));
	KTEST_EXPECT_EQ(t, textgrid_get(&f.g, 3, 12).attr, TG_ATTR(TG_LIGHT_RED, TG_BLACK));
}

static void failure_list_is_bounded(struct ktest *t)
{
	static struct fixture f;
	char name[32], diag[32];
	static const char *const want_tail[] = {
	    " Failed cases:",
	    "   big.case_0",
	    "     diag 0",
	    "   big.case_1",
	    "     diag 1",
	    "   ... and 38 more failed cases in the log",
	    "",
	    LEGEND,
	};

	setup(&f, 80, 25);
	screen_start_in(&f.s, &facts);
	/* More than the screen keeps (SCREEN_MAX_FAILURES): still counted. */
	screen_suite_begin_in(&f.s, "big", 40);
	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "case_%d", i);
		snprintf(diag, sizeof(diag), "diag %d", i);
		screen_case_failed_in(&f.s, "big", name, diag);
	}
	screen_suite_end_in(&f.s, "big", 0, 40, 0);
	screen_summary_in(&f.s, "FAIL", 1000);
	KTEST_EXPECT_EQ(t, f.s.failures_seen, 40);
	KTEST_EXPECT_EQ(t, f.s.nfailures, SCREEN_MAX_FAILURES);
	/* Rows 17-24: after the banner, up to the legend. */
	{
		const char *p = screen_rows(&f);

		for (int i = 0; i < 17; i++)
			p = strchr(p, '\n') + 1;
		expect_rows(t, p, want_tail, sizeof(want_tail) / sizeof(want_tail[0]));
	}
}

static void crash_shows_banner_and_dump(struct ktest *t)
{
	static struct fixture f;
	static const char *const want[] = {
	    " hotmem 0.1.0  memory-map test kernel                                     CRASH",
	    header_80[1],
	    header_80[2],
	    header_80[3],
	    header_80[4],
	    "",
	    "             ######    ########      ######      ########  ##      ##",
	    "           ##      ##  ##      ##  ##      ##  ##          ##      ##",
	    "           ##          ##      ##  ##      ##  ##          ##      ##",
	    "           ##          ########    ##########    ######    ##########",
	    "           ##          ##  ##      ##      ##          ##  ##      ##",
	    "           ##      ##  ##    ##    ##      ##          ##  ##      ##",
	    "             ######    ##      ##  ##      ##  ########    ##      ##",
	    "",
	    " hotmem: panic: CPU exception 14 (#PF page fault), error code 0x0",
	    " hotmem: panic: during self-test e820.sanitize",
	    " RIP: 0008:0000000000118449 RFLAGS: 0000000000000006",
	    "",
	    "",
	    "",
	    "",
	    "",
	    "",
	    "",
	    LEGEND,
	};

	setup(&f, 80, 25);
	screen_start_in(&f.s, &facts);
	screen_suite_begin_in(&f.s, "e820", 57);
	log_text(&f, "# hotmem: panic: an older one\nKTAP version 1\n"
		     "# hotmem: crashing on purpose\n"
		     "# hotmem: panic: CPU exception 14 (#PF page fault), error code 0x0\n"
		     "# hotmem: panic: during self-test e820.sanitize\n"
		     "# RIP: 0008:0000000000118449 RFLAGS: 0000000000000006\n");
	screen_crash_in(&f.s);
	expect_rows(t, screen_rows(&f), want, sizeof(want) / sizeof(want[0]));
	/* The dump's last panic line is the one shown first, in red. */
	KTEST_EXPECT_EQ(t, textgrid_get(&f.g, 1, 14).attr, TG_ATTR(TG_LIGHT_RED, TG_BLACK));
	/* A second crash while the first is shown changes nothing. */
	f.g.ndrawn = 0;
	screen_crash_in(&f.s);
	KTEST_EXPECT_EQ(t, f.g.ndrawn, 0);
}

static void progress_while_tests_run(struct ktest *t)
{
	static struct fixture f;
	static const char *const want[] = {
	    " hotmem 0.1.0  memory-map test kernel                                self-tests",
	    header_80[1],
	    header_80[2],
	    header_80[3],
	    header_80[4],
	    "",
	    " Self-tests: 3 suites, 14 cases so far: 12 passed, 1 failed, 1 skipped",
	    " ! cmdline: unknown option 'foo'",
	    "",
	    " e820 ......... 10 passed  resource ...... 1 failed  psf ............ running",
	    "",
	};

	setup(&f, 80, 25);
	screen_start_in(&f.s, &facts);
	screen_stage_in(&f.s, "Setting up the memory map");
	screen_note_in(&f.s, "cmdline: unknown option 'foo'\n", 30);
	screen_suite_begin_in(&f.s, "e820", 10);
	screen_suite_end_in(&f.s, "e820", 10, 0, 0);
	screen_suite_begin_in(&f.s, "resource", 4);
	screen_case_failed_in(&f.s, "resource", "insert", "x.c:1: Expected 1 == 2");
	screen_suite_end_in(&f.s, "resource", 2, 1, 1);
	screen_suite_begin_in(&f.s, "psf", 20);
	expect_rows_of(t, screen_rows(&f), want, sizeof(want) / sizeof(want[0]), false);
}

static void progress_keeps_failed_suites_when_full(struct ktest *t)
{
	static struct fixture f;
	static const char *const want[] = {
	    " suite1 .. 1 failed  suite8 .. 1 passed",
	    " suite6 .. 1 passed  suite9 .. 1 passed",
	    " suite7 .. 1 passed  ... 5 more suites",
	    " PgUp/PgDn: the full log page by page",
	};
	char name[16];
	const char *p;

	/* 40x14: three rows of two columns for ten suites. */
	setup(&f, 40, 14);
	screen_start_in(&f.s, &facts);
	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "suite%d", i);
		screen_suite_begin_in(&f.s, name, 1);
		screen_suite_end_in(&f.s, name, i == 1 ? 0 : 1, i == 1 ? 1 : 0, 0);
	}
	/* The failed one and the newest stay; rows 10-13. */
	p = screen_rows(&f);
	for (int i = 0; i < 10; i++)
		p = strchr(p, '\n') + 1;
	expect_rows(t, p, want, sizeof(want) / sizeof(want[0]));
}

/* A log of n numbered lines, "line 1" ... */
static void numbered_log(struct fixture *f, int n)
{
	char buf[32];

	for (int i = 1; i <= n; i++) {
		snprintf(buf, sizeof(buf), "line %d\n", i);
		log_text(f, buf);
	}
}

static int first_row_number(struct fixture *f)
{
	const char *p = screen_rows(f);
	int n = 0;

	if (strncmp(p, "line ", 5) != 0)
		return -1;
	for (p += 5; *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (*p - '0');
	return n;
}

static void scrollback_pages_and_lines(struct ktest *t)
{
	static struct fixture f;
	const char *p;

	setup(&f, 40, 10);
	numbered_log(&f, 40);
	screen_start_in(&f.s, &facts);
	/* Down from the layout: nothing to do. */
	screen_scroll_in(&f.s, 1);
	KTEST_EXPECT_FALSE(t, f.s.scrolled);
	/* The first PgUp shows the newest page: 9 rows and the legend. */
	screen_scroll_page_in(&f.s, -1);
	KTEST_ASSERT_TRUE(t, f.s.scrolled);
	KTEST_EXPECT_EQ(t, first_row_number(&f), 32);
	p = screen_rows(&f);
	KTEST_EXPECT_NOT_NULL(t, strstr(p, "line 40\n Log line 32 of 40   PgUp/PgDn: page  "));
	/* A page keeps one row of overlap. */
	screen_scroll_page_in(&f.s, -1);
	KTEST_EXPECT_EQ(t, first_row_number(&f), 24);
	screen_scroll_in(&f.s, -1);
	KTEST_EXPECT_EQ(t, first_row_number(&f), 23);
	/* The top stops at the oldest line. */
	screen_scroll_in(&f.s, -100);
	KTEST_EXPECT_EQ(t, first_row_number(&f), 1);
	screen_scroll_in(&f.s, 3);
	KTEST_EXPECT_EQ(t, first_row_number(&f), 4);
	/* Down stops at the newest page, and one more step returns. */
	screen_scroll_in(&f.s, 100);
	KTEST_EXPECT_EQ(t, first_row_number(&f), 32);
	KTEST_EXPECT_TRUE(t, f.s.scrolled);
	screen_scroll_page_in(&f.s, 1);
	KTEST_EXPECT_FALSE(t, f.s.scrolled);
	KTEST_EXPECT_EQ(t, strncmp(screen_rows(&f), " hotmem 0.1.0", 13), 0);
	/* Reset from anywhere. */
	screen_scroll_page_in(&f.s, -1);
	screen_scroll_reset_in(&f.s);
	KTEST_EXPECT_FALSE(t, f.s.scrolled);
}

static void scrollback_wraps_long_lines(struct ktest *t)
{
	static struct fixture f;
	static const char *const want[] = {
	    "short", "0123456789abcdefghij", "ABCDEFGHIJ", "", "end", " Log line 1 of 4   P",
	};

	setup(&f, 20, 6);
	log_text(&f, "short\n0123456789abcdefghijABCDEFGHIJ\n\nend");
	screen_start_in(&f.s, &facts);
	screen_scroll_page_in(&f.s, -1);
	expect_rows(t, screen_rows(&f), want, sizeof(want) / sizeof(want[0]));
	/* Line by line through the wrapped rows. */
	screen_scroll_in(&f.s, 1);
	KTEST_EXPECT_FALSE(t, f.s.scrolled); /* it was the newest page */
	screen_scroll_page_in(&f.s, -1);
	KTEST_EXPECT_TRUE(t, f.s.scrolled);
	KTEST_EXPECT_EQ(t, f.s.view_top, 0);
}

static void scrollback_marks_dropped_text(struct ktest *t)
{
	static struct fixture f;
	const char *p;

	setup(&f, 40, 6);
	/* A 64-byte ring for this test. */
	logbuf_init(&f.log, f.logmem, 64);
	numbered_log(&f, 20);
	screen_start_in(&f.s, &facts);
	screen_scroll_in(&f.s, -1);
	screen_scroll_in(&f.s, -100);
	p = screen_rows(&f);
	/* 151 bytes written, the last 64 kept: "line 13" starts at the tail. */
	KTEST_EXPECT_EQ(t, strncmp(p, "-- 87 bytes of older log dropped --\nline 13\n", 44), 0);
	KTEST_EXPECT_NOT_NULL(t, strstr(p, "\n Log: older text dropped, 8 lines kept\n"));
}

static void text_trims_and_truncates(struct ktest *t)
{
	static struct fixture f;
	char small[8];
	size_t full;

	setup(&f, 40, 6);
	screen_start_in(&f.s, &facts);
	full = screen_text_in(&f.s, f.text, sizeof(f.text));
	KTEST_EXPECT_EQ(t, full, strlen(f.text));
	/* One line per row, none with a trailing blank. */
	KTEST_EXPECT_EQ(t, f.text[full - 1], '\n');
	KTEST_EXPECT_NULL(t, strstr(f.text, " \n"));
	KTEST_EXPECT_STREQ(t, f.text + full - 5, "page\n");
	/* snprintf's convention: the full length, the text cut. */
	KTEST_EXPECT_EQ(t, screen_text_in(&f.s, small, sizeof(small)), full);
	KTEST_EXPECT_STREQ(t, small, " hotmem");
	KTEST_EXPECT_EQ(t, screen_text_in(&f.s, NULL, 0), full);
}

static void text_without_a_display(struct ktest *t)
{
	static struct fixture f;
	static struct tg_cell w[80 * 25], g[80 * 25];
	static bool d[25];
	struct textgrid model;

	memset(&f, 0, sizeof(f));
	logbuf_init(&f.log, f.logmem, sizeof(f.logmem));
	textgrid_init(&model, 80, 25, w, g, d, true);
	screen_init_in(&f.s, &f.log, &model);
	screen_start_in(&f.s, &facts);
	screen_text_in(&f.s, f.text, sizeof(f.text));
	KTEST_EXPECT_EQ(t, strncmp(f.text, " hotmem 0.1.0  memory-map test kernel", 37), 0);
}

static void changes_redraw_only_their_cells(struct ktest *t)
{
	static struct fixture f;

	setup(&f, 80, 25);
	screen_start_in(&f.s, &facts);
	run_suites(&f, false);
	/* The same state again: nothing to draw. */
	f.g.ndrawn = 0;
	screen_stage_in(&f.s, "");
	KTEST_EXPECT_EQ(t, f.g.ndrawn, 0);
	/* A new suite: its line and a digit of the counts. */
	screen_suite_begin_in(&f.s, "list", 3);
	KTEST_EXPECT_GT(t, f.g.ndrawn, 0);
	KTEST_EXPECT_LE(t, f.g.ndrawn, 52);
	/* Its end: "running" becomes "3 passed", the counts change. */
	f.g.ndrawn = 0;
	screen_suite_end_in(&f.s, "list", 3, 0, 0);
	KTEST_EXPECT_GT(t, f.g.ndrawn, 0);
	KTEST_EXPECT_LE(t, f.g.ndrawn, 12);
}

/* ---- the shell's view ---- */

static void session_write(struct fixture *f, const char *text)
{
	screen_session_write_in(&f->s, text, strlen(text));
	screen_session_flush_in(&f->s);
}

#define SEPARATOR                                                           \
	"-- shell: help lists the commands, exit ends the run ------------" \
	"---------------"

/* After the run: the whole summary, then the separator and the prompt with
 * a block cursor; nothing the shell writes is drawn before the flush. */
static void shell_summary_then_prompt(struct ktest *t)
{
	static struct fixture f;
	static const char *const want[] = {
	    PASS_SUMMARY_ROWS,
	    SEPARATOR,
	    "hotmem>",
	    LEGEND,
	};

	setup(&f, 80, 25);
	screen_start_in(&f.s, &facts);
	run_suites(&f, false);
	screen_summary_in(&f.s, "PASS", 5432);
	KTEST_ASSERT_INT_EQ(t, screen_shell_start_in(&f.s), 0);
	f.g.ndrawn = 0;
	screen_session_write_in(&f.s, "hotmem> ", 8);
	KTEST_EXPECT_EQ(t, f.g.ndrawn, 0);
	screen_session_flush_in(&f.s);
	expect_rows(t, screen_rows(&f), want, sizeof(want) / sizeof(want[0]));
	/* The cursor after the prompt, a block; the prompt in plain colours. */
	KTEST_EXPECT_EQ(t, textgrid_get(&f.g, 8, 23).attr, TG_ATTR(TG_BLACK, TG_LIGHT_GREY));
	KTEST_EXPECT_EQ(t, textgrid_get(&f.g, 0, 23).attr, TG_ATTR_NORMAL);
	/* Self-tests run from the prompt do not change the summary. */
	screen_suite_begin_in(&f.s, "late", 2);
	screen_case_failed_in(&f.s, "late", "x", "late.c:1: no");
	screen_suite_end_in(&f.s, "late", 1, 1, 0);
	expect_rows(t, screen_rows(&f), want, sizeof(want) / sizeof(want[0]));
	screen_shell_end_in(&f.s);
}

/* A long session: the summary gives up its suites and banner, then
 * everything but one line of counts; the session is a terminal ('\r',
 * '\b', wrapping, UTF-8) with its lines coloured by their start. */
static void shell_session_grows(struct ktest *t)
{
	static struct fixture f;
	static const char *const want[] = {
	    " hotmem 0.1.0  memory-map test kernel                                      FAIL",
	    " Self-tests: 65 passed, 2 failed, 3 skipped   Verdict FAIL after 5.4 s",
	    SEPARATOR,
	    "line 3",
	    "line 4",
	    "line 5",
	    "line 6",
	    "line 7",
	    "line 8",
	    "line 9",
	    "line 10",
	    "line 11",
	    "line 12",
	    "line 13",
	    "--- /proc/iomem",
	    "+++ /proc/iomem",
	    "@@ -1 +1,2 @@",
	    "-old",
	    "+new \xc3\xa9 #",
	    "why: because",
	    "# hotmem: handled 1 x add 0x0-0x1",
	    "hotmem> ab",
	    "01234567890123456789012345678901234567890123456789012345678901234567890123456789",
	    "01",
	    LEGEND,
	};
	char line[16];

	setup(&f, 80, 25);
	screen_start_in(&f.s, &facts);
	run_suites(&f, true);
	screen_summary_in(&f.s, "FAIL", 5432);
	KTEST_ASSERT_INT_EQ(t, screen_shell_start_in(&f.s), 0);
	session_write(&f, "line 1\n");
	/* Two rows of session: the suites go first; banner and failures stay. */
	KTEST_EXPECT_NOT_NULL(t, strstr(screen_rows(&f), "########"));
	KTEST_EXPECT_NOT_NULL(t, strstr(screen_rows(&f), "memory_hotplug_fault.adds_a_block"));
	KTEST_EXPECT_NULL(t, strstr(screen_rows(&f), "psf ...."));
	for (int i = 2; i <= 13; i++) {
		snprintf(line, sizeof(line), "line %d\n", i);
		session_write(&f, line);
	}
	session_write(
	    &f,
	    "--- /proc/iomem\n+++ /proc/iomem\n@@ -1 +1,2 @@\n-old\n+new \xc3\xa9 \xe2\x96\x88\n");
	session_write(&f, "why: because\n# hotmem: handled 1 x add 0x0-0x1\n");
	session_write(&f, "hotmem> abc\b \b\rhotmem> ab\n");
	session_write(
	    &f, "01234567890123456789012345678901234567890123456789012345678901234567890123456789");
	session_write(&f, "01");
	expect_rows(t, screen_rows(&f), want, sizeof(want) / sizeof(want[0]));
	KTEST_EXPECT_EQ(t, textgrid_get(&f.g, 0, 14).attr, TG_ATTR(TG_WHITE, TG_BLACK));
	KTEST_EXPECT_EQ(t, textgrid_get(&f.g, 0, 15).attr, TG_ATTR(TG_WHITE, TG_BLACK));
	KTEST_EXPECT_EQ(t, textgrid_get(&f.g, 3, 16).attr, TG_ATTR(TG_CYAN, TG_BLACK));
	KTEST_EXPECT_EQ(t, textgrid_get(&f.g, 0, 17).attr, TG_ATTR(TG_LIGHT_RED, TG_BLACK));
	KTEST_EXPECT_EQ(t, textgrid_get(&f.g, 0, 18).attr, TG_ATTR(TG_LIGHT_GREEN, TG_BLACK));
	KTEST_EXPECT_EQ(t, textgrid_get(&f.g, 7, 18).ch, TG_BLOCK_FULL);
	KTEST_EXPECT_EQ(t, textgrid_get(&f.g, 0, 19).attr, TG_ATTR(TG_YELLOW, TG_BLACK));
	KTEST_EXPECT_EQ(t, textgrid_get(&f.g, 0, 20).attr, TG_ATTR(TG_DARK_GREY, TG_BLACK));
	KTEST_EXPECT_EQ(t, textgrid_get(&f.g, 0, 21).attr, TG_ATTR_NORMAL);
	/* The cursor after "01", on the wrapped row. */
	KTEST_EXPECT_EQ(t, textgrid_get(&f.g, 2, 23).attr, TG_ATTR(TG_BLACK, TG_LIGHT_GREY));
	/* The verdict word at the end of the run: the view stays. */
	screen_summary_in(&f.s, "PASS", 1);
	KTEST_EXPECT_EQ(t, f.s.phase, SCREEN_SHELL);
	screen_shell_end_in(&f.s);
}

static const struct ktest_case screen_cases[] = {
    KTEST_CASE(summary_pass),
    KTEST_CASE(summary_lists_failed_cases),
    KTEST_CASE(failure_list_is_bounded),
    KTEST_CASE(crash_shows_banner_and_dump),
    KTEST_CASE(progress_while_tests_run),
    KTEST_CASE(progress_keeps_failed_suites_when_full),
    KTEST_CASE(scrollback_pages_and_lines),
    KTEST_CASE(scrollback_wraps_long_lines),
    KTEST_CASE(scrollback_marks_dropped_text),
    KTEST_CASE(text_trims_and_truncates),
    KTEST_CASE(text_without_a_display),
    KTEST_CASE(changes_redraw_only_their_cells),
    KTEST_CASE(shell_summary_then_prompt),
    KTEST_CASE(shell_session_grows),
    {0},
};

static const struct ktest_suite screen_suite = {
    .name = "screen",
    .cases = screen_cases,
};
KTEST_SUITE(screen_suite);
