/* The screen for people (docs/screen.md): a fixed layout instead of the
 * machine log. A header with the machine's facts, one progress line per
 * self-test suite, and at the end a summary that fits one screen (counts,
 * failed cases with their first diagnostic line, the verdict banner in its
 * own rows, elapsed time); a crash shows a CRASH banner and the register
 * dump. The full log stays a key press away: a viewport scrolls over the
 * log ring buffer (kernel/logbuf.h).
 *
 * Pure C: the layout is drawn into text grids (kernel/textgrid.h) that the
 * screen consoles flush to the glass. The functions without _in act on the
 * kernel's screen, init_screen; tests build their own struct screen. */
#ifndef KERNEL_SCREEN_H
#define KERNEL_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/logbuf.h"
#include "kernel/textgrid.h"

/* What the header shows; filled by kernel_main from the boot information.
 * Strings are copied (cut to fit); NULL or 0 shows as "?". */
struct screen_facts {
	const char *firmware; /* "BIOS" or "UEFI" */
	const char *loader;   /* the boot loader's name */
	uint64_t ram_bytes;   /* usable RAM in the loader's map */
	const char *screen;   /* e.g. "800x600x24 framebuffer", "80x25 VGA text" */
	const char *consoles; /* e.g. "ttyS0 (serial: machine log), fbcon (screen)" */
	const char *cmdline;  /* kernel arguments */
};

enum screen_phase {
	SCREEN_OFF,	/* not started: screen consoles show the printk stream */
	SCREEN_BOOT,	/* header, the boot stage */
	SCREEN_TESTS,	/* header, one progress line per suite */
	SCREEN_SUMMARY, /* the end of the run */
	SCREEN_CRASH,	/* CRASH banner and the register dump */
	SCREEN_SHELL,	/* the summary above, the shell session below it */
};

#define SCREEN_MAX_DISPLAYS 2
#define SCREEN_MAX_SUITES   128
#define SCREEN_MAX_FAILURES 32
#define SCREEN_MAX_NOTES    8
#define SCREEN_NAME_LEN	    40
#define SCREEN_TEXT_LEN	    160

struct screen_suite {
	char name[SCREEN_NAME_LEN];
	uint32_t ncases, pass, fail, skip;
	bool done;
};

struct screen_failure {
	char suite[SCREEN_NAME_LEN];
	char tcase[SCREEN_NAME_LEN + 24];
	char diag[SCREEN_TEXT_LEN];
};

struct screen {
	struct logbuf *log;
	/* The screen consoles' grids; the layout is drawn into each. */
	struct textgrid *displays[SCREEN_MAX_DISPLAYS];
	size_t ndisplays;
	/* What screen_text() reads when there is no display. */
	struct textgrid *model;

	enum screen_phase phase;
	char firmware[8], loader[64], screen[48], consoles[96], cmdline[SCREEN_TEXT_LEN];
	uint64_t ram_bytes;
	char stage[SCREEN_TEXT_LEN];

	struct screen_suite suites[SCREEN_MAX_SUITES];
	size_t nsuites;		   /* kept in suites[] */
	size_t suites_seen;	   /* all, kept or not */
	uint64_t pass, fail, skip; /* cases, over every suite */
	struct screen_failure failures[SCREEN_MAX_FAILURES];
	size_t nfailures;     /* kept in failures[] */
	size_t failures_seen; /* all failed cases reported */

	char notes[SCREEN_MAX_NOTES][SCREEN_TEXT_LEN]; /* the newest, oldest first */
	size_t notes_seen;

	char verdict[8];
	uint64_t elapsed_ms;

	/* Scrollback: while `scrolled`, the displays show the log from the row
	 * that starts at view_top (a logbuf position; below the oldest line
	 * held, the row is the "dropped" marker). */
	bool scrolled;
	int64_t view_top;
	bool in_crash; /* screen_crash() runs: a fault inside it must not loop */

	/* The shell (screen_shell_start): a terminal grid the console text is
	 * written into from then on; its newest rows are shown below the
	 * summary. utf8: the bytes of an unfinished UTF-8 character. */
	struct textgrid *session;
	unsigned char utf8[4];
	uint8_t utf8_len, utf8_want;
	bool session_dirty; /* text written since the last redraw */
	char line_head[8];  /* the first characters of the session's line */
	uint8_t line_head_len;
};

extern struct screen init_screen;

/* A fresh screen over `log` (may be NULL: no scrollback, no crash dump).
 * `model` (may be NULL) is the grid screen_text() reads without displays. */
void screen_init_in(struct screen *s, struct logbuf *log, struct textgrid *model);
/* Adds a screen console's grid (it keeps the printk stream until
 * screen_start). Returns 0 or -ENOSPC. */
int screen_add_display_in(struct screen *s, struct textgrid *g);

/* Starts the layout: from now on the screen consoles show only it (see
 * docs/screen.md for what still reaches them). Later calls update the header. */
void screen_start_in(struct screen *s, const struct screen_facts *f);
bool screen_started_in(const struct screen *s);
/* One line saying what the kernel does now ("setting up the memory map"). */
void screen_stage_in(struct screen *s, const char *text);
/* A message for people (printk at KERN_WARNING or more urgent): listed in
 * the layout, newest last, one line each. */
void screen_note_in(struct screen *s, const char *text, size_t len);

/* The self-test runner's calls: a suite starts with ncases selected cases,
 * a case failed (first_diag: its first diagnostic line, may be NULL), a
 * suite ends with its counts. */
void screen_suite_begin_in(struct screen *s, const char *suite, size_t ncases);
void screen_case_failed_in(struct screen *s, const char *suite, const char *tcase,
			   const char *first_diag);
void screen_suite_end_in(struct screen *s, const char *suite, size_t pass, size_t fail,
			 size_t skip);
/* The end of the run: verdict "PASS", "FAIL" or "SKIP" and the time since
 * the kernel started; the counts are those of the suites reported. */
void screen_summary_in(struct screen *s, const char *verdict, uint64_t elapsed_ms);
/* The run crashed: CRASH banner and the log from its last "# hotmem: panic"
 * line on (the register dump). Safe to call in a fault handler; a second
 * call while the first runs returns at once. */
void screen_crash_in(struct screen *s);

/* The interactive shell starts (docs/screen.md): from now on the layout
 * shows the summary at the top and, below it, the console text written
 * from now on (screen_session_write), like a terminal: the newest rows,
 * with a block cursor after the last character. As the session grows the
 * summary gives up rows (suites first, then failures and the banner) down
 * to one line of counts and the verdict. Call after screen_summary.
 * 0, or -ENOMEM (the layout stays the summary). */
int screen_shell_start_in(struct screen *s);
/* Console text for the shell's terminal: '\n', '\r', '\b' and '\t' as a
 * terminal does, UTF-8 (U+0080..U+00FF and the banner's U+2588 are shown,
 * other characters as '?'). Lines are coloured by how they start: a
 * diff's "+" lines green, "-" lines red, "@@" cyan, "why:" yellow, "# "
 * comments dim. Does nothing before screen_shell_start. The
 * text reaches the glass with the next redraw or screen_session_flush:
 * drawing once per batch of output, not once per line, keeps a long
 * output cheap on a framebuffer. */
void screen_session_write_in(struct screen *s, const char *text, size_t n);
/* Back to the summary; frees the session (the kernel's shell never ends
 * without ending the run; tests free their screens). */
void screen_shell_end_in(struct screen *s);
/* Draws what the session got since the last redraw (the shell calls it
 * while it waits for a key, and before it reads the screen's text). */
void screen_session_flush_in(struct screen *s);

/* Scrollback: lines < 0 towards older text, > 0 towards newer; scrolling
 * down past the newest text returns to the layout. page: dir < 0 up one
 * screen, > 0 down. reset: back to the layout. */
void screen_scroll_in(struct screen *s, int lines);
void screen_scroll_page_in(struct screen *s, int dir);
void screen_scroll_reset_in(struct screen *s);

/* The text on the screen now, one line per row, trailing blanks removed,
 * UTF-8. Writes at most size - 1 bytes and a NUL; returns the full length
 * (snprintf's convention). */
size_t screen_text_in(struct screen *s, char *buf, size_t size);

/* The most screen_text_in() can return, with its NUL: three bytes of UTF-8
 * a cell and a newline a row (0 without any grid). */
size_t screen_text_max_in(struct screen *s);

/* Draws the current view into g (does not flush): the layout, or the log
 * when scrolled. */
void screen_render(struct screen *s, struct textgrid *g);

/* The kernel's screen. */
static inline int screen_add_display(struct textgrid *g)
{
	return screen_add_display_in(&init_screen, g);
}
static inline void screen_start(const struct screen_facts *f)
{
	screen_start_in(&init_screen, f);
}
static inline bool screen_started(void)
{
	return screen_started_in(&init_screen);
}
static inline void screen_stage(const char *text)
{
	screen_stage_in(&init_screen, text);
}
static inline void screen_note(const char *text, size_t len)
{
	screen_note_in(&init_screen, text, len);
}
static inline void screen_suite_begin(const char *suite, size_t ncases)
{
	screen_suite_begin_in(&init_screen, suite, ncases);
}
static inline void screen_case_failed(const char *suite, const char *tcase, const char *first_diag)
{
	screen_case_failed_in(&init_screen, suite, tcase, first_diag);
}
static inline void screen_suite_end(const char *suite, size_t pass, size_t fail, size_t skip)
{
	screen_suite_end_in(&init_screen, suite, pass, fail, skip);
}
static inline void screen_summary(const char *verdict, uint64_t elapsed_ms)
{
	screen_summary_in(&init_screen, verdict, elapsed_ms);
}
static inline void screen_crash(void)
{
	screen_crash_in(&init_screen);
}
static inline int screen_shell_start(void)
{
	return screen_shell_start_in(&init_screen);
}
static inline void screen_session_write(const char *text, size_t n)
{
	screen_session_write_in(&init_screen, text, n);
}
static inline void screen_session_flush(void)
{
	screen_session_flush_in(&init_screen);
}
static inline bool screen_scrolled(void)
{
	return init_screen.scrolled;
}
static inline void screen_scroll(int lines)
{
	screen_scroll_in(&init_screen, lines);
}
static inline void screen_scroll_page(int dir)
{
	screen_scroll_page_in(&init_screen, dir);
}
static inline void screen_scroll_reset(void)
{
	screen_scroll_reset_in(&init_screen);
}
static inline size_t screen_text_max(void)
{
	return screen_text_max_in(&init_screen);
}
static inline size_t screen_text(char *buf, size_t size)
{
	return screen_text_in(&init_screen, buf, size);
}

#endif
