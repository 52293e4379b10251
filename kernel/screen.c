/* The screen layout (kernel/screen.h, docs/screen.md). Every change
 * re-renders the whole view into each display's wanted cells; the flush
 * then draws only the cells that differ from the glass. */
#include "kernel/screen.h"

#include "kernel/kalloc.h"
#include "kernel/version.h"
#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/printf.h"
#include "lib/string.h"

#define A_NORMAL TG_ATTR_NORMAL
#define A_VALUE	 TG_ATTR(TG_WHITE, TG_BLACK)
#define A_DIM	 TG_ATTR(TG_DARK_GREY, TG_BLACK)
#define A_TITLE	 TG_ATTR(TG_WHITE, TG_BLUE)
#define A_LEGEND TG_ATTR(TG_BLACK, TG_LIGHT_GREY)
#define A_PASS	 TG_ATTR(TG_LIGHT_GREEN, TG_BLACK)
#define A_FAIL	 TG_ATTR(TG_LIGHT_RED, TG_BLACK)
#define A_SKIP	 TG_ATTR(TG_YELLOW, TG_BLACK)
#define A_NOTE	 TG_ATTR(TG_YELLOW, TG_BLACK)

#define LABEL_W	      10 /* "Firmware  " */
#define RIGHT_LABEL_W 8	 /* "Loader  " */
#define NOTE_ROWS     3	 /* messages shown; more become "and N more" */
#define PANIC_PREFIX  "# hotmem: panic"

/* The banner font: 5x7 capitals for the verdict words; each pixel is drawn
 * two cells wide and one row high (a square on an 8x16 font). */
#define GLYPH_W	    5
#define GLYPH_H	    7
#define PIXEL_W	    2
#define BANNER_GAP  1 /* pixels between letters */
#define BANNER_ROWS GLYPH_H

struct banner_glyph {
	char ch;
	uint8_t rows[GLYPH_H]; /* bit 4 is the leftmost pixel */
};

static const struct banner_glyph banner_font[] = {
    {'A', {0x0e, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11}},
    {'C', {0x0e, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0e}},
    {'F', {0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x10}},
    {'H', {0x11, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11}},
    {'I', {0x0e, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0e}},
    {'K', {0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11}},
    {'L', {0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1f}},
    {'P', {0x1e, 0x11, 0x11, 0x1e, 0x10, 0x10, 0x10}},
    {'R', {0x1e, 0x11, 0x11, 0x1e, 0x14, 0x12, 0x11}},
    {'S', {0x0f, 0x10, 0x10, 0x0e, 0x01, 0x01, 0x1e}},
};

/* Without a screen console, screen_text() reads an 80x25 model. */
static struct tg_cell model_want[80 * 25], model_glass[80 * 25];
static bool model_dirty[25];
static struct textgrid init_model = {
    .cols = 80,
    .rows = 25,
    .want = model_want,
    .glass = model_glass,
    .dirty = model_dirty,
};

struct screen init_screen = {.log = &init_logbuf, .model = &init_model};

/* ---- small drawing helpers ---- */

static uint32_t put_str(struct textgrid *g, uint32_t x, uint32_t y, const char *str, uint8_t attr)
{
	return textgrid_puts(g, x, y, str, strlen(str), attr);
}

/* Like put_str, but never past column `end`. */
static uint32_t put_clip(struct textgrid *g, uint32_t x, uint32_t y, uint32_t end, const char *str,
			 uint8_t attr)
{
	size_t n = strlen(str);

	if (x >= end)
		return 0;
	return textgrid_puts(g, x, y, str, n < end - x ? n : end - x, attr);
}

static void fill_row(struct textgrid *g, uint32_t y, uint8_t attr)
{
	textgrid_fill(g, 0, y, g->cols, (struct tg_cell){' ', attr});
}

static void copy_text(char *dst, size_t size, const char *src)
{
	strlcpy(dst, src ? src : "", size);
}

static void fmt_elapsed(char *buf, size_t size, uint64_t ms)
{
	snprintf(buf, size, "%llu.%llu s", (unsigned long long)(ms / 1000),
		 (unsigned long long)(ms % 1000 / 100));
}

static void fmt_ram(char *buf, size_t size, uint64_t bytes)
{
	if (!bytes)
		copy_text(buf, size, "?");
	else if (bytes >= (16ull << 30))
		snprintf(buf, size, "%llu GiB", (unsigned long long)(bytes >> 30));
	else
		snprintf(buf, size, "%llu MiB", (unsigned long long)(bytes >> 20));
}

static const char *or_unknown(const char *s)
{
	return s[0] ? s : "?";
}

/* ---- the title, header and legend ---- */

static const char *phase_word(const struct screen *s)
{
	switch (s->phase) {
	case SCREEN_TESTS:
		return "self-tests";
	case SCREEN_SUMMARY:
	case SCREEN_SHELL:
		return s->verdict;
	case SCREEN_CRASH:
		return "CRASH";
	default:
		return "booting";
	}
}

static void render_title(const struct screen *s, struct textgrid *g)
{
	const char *word = phase_word(s);
	uint32_t n = (uint32_t)strlen(word);

	fill_row(g, 0, A_TITLE);
	if (n + 2 >= g->cols)
		n = 0;
	/* The phase word wins over the end of the title. */
	put_clip(g, 1, 0, g->cols - n - 2, "hotmem " HOTMEM_VERSION "  memory-map test kernel",
		 A_TITLE);
	put_str(g, g->cols - n - 1, 0, n ? word : "", A_TITLE);
}

static void fact(struct textgrid *g, uint32_t x, uint32_t y, uint32_t end, const char *label,
		 uint32_t label_w, const char *value)
{
	put_clip(g, x, y, end, label, A_NORMAL);
	put_clip(g, x + label_w, y, end, value, A_VALUE);
}

/* Returns the first row after the header. */
static uint32_t render_header(const struct screen *s, struct textgrid *g)
{
	uint32_t y = 1, half = g->cols / 2, end = g->cols - 1;
	char ram[24];

	fmt_ram(ram, sizeof(ram), s->ram_bytes);
	if (g->cols >= 64) {
		fact(g, 1, y, half - 1, "Firmware", LABEL_W, or_unknown(s->firmware));
		fact(g, half, y++, end, "Loader", RIGHT_LABEL_W, or_unknown(s->loader));
		fact(g, 1, y, half - 1, "RAM", LABEL_W, ram);
		fact(g, half, y++, end, "Screen", RIGHT_LABEL_W, or_unknown(s->screen));
	} else {
		fact(g, 1, y++, end, "Firmware", LABEL_W, or_unknown(s->firmware));
		fact(g, 1, y++, end, "Loader", LABEL_W, or_unknown(s->loader));
		fact(g, 1, y++, end, "RAM", LABEL_W, ram);
		fact(g, 1, y++, end, "Screen", LABEL_W, or_unknown(s->screen));
	}
	fact(g, 1, y++, end, "Consoles", LABEL_W, or_unknown(s->consoles));
	if (s->cmdline[0])
		fact(g, 1, y++, end, "Cmdline", LABEL_W, s->cmdline);
	return y + 1;
}

/* Row starts of the scrollback, for a grid `cols` wide (see struct screen). */
static bool log_dropped(const struct logbuf *lb)
{
	return logbuf_tail(lb) > 0;
}

static int64_t log_start(const struct logbuf *lb)
{
	int64_t first = (int64_t)logbuf_first_line(lb);

	/* The marker row sits just before the oldest line. */
	return log_dropped(lb) ? first - 1 : first;
}

static int64_t next_row(const struct logbuf *lb, int64_t p, uint32_t cols)
{
	uint64_t end;

	if (p < (int64_t)logbuf_first_line(lb))
		return (int64_t)logbuf_first_line(lb);
	end = logbuf_line_end(lb, (uint64_t)p);
	if (end - (uint64_t)p > cols)
		return p + cols;
	return end < lb->head ? (int64_t)end + 1 : (int64_t)lb->head;
}

/* The row start before p (p: a row start, or the head); p itself when
 * there is none. */
static int64_t prev_row(const struct logbuf *lb, int64_t p, uint32_t cols)
{
	int64_t first = (int64_t)logbuf_first_line(lb);
	uint64_t start, len;

	if (p <= first)
		return log_dropped(lb) ? first - 1 : p;
	if (logbuf_byte(lb, (uint64_t)p - 1) == '\n') {
		start = logbuf_line_start(lb, (uint64_t)p - 1);
		len = (uint64_t)p - 1 - start;
	} else if ((uint64_t)p == lb->head) {
		start = logbuf_line_start(lb, (uint64_t)p - 1);
		len = (uint64_t)p - start;
	} else {
		return p - cols;
	}
	return (int64_t)(start + (len ? (len - 1) / cols * cols : 0));
}

/* The top row of the last page: the page that ends with the newest text. */
static int64_t bottom_top(const struct logbuf *lb, uint32_t cols, uint32_t rows)
{
	int64_t p = (int64_t)lb->head;

	for (uint32_t i = 0; i < rows; i++) {
		int64_t q = prev_row(lb, p, cols);

		if (q == p)
			break;
		p = q;
	}
	return p;
}

static struct textgrid *primary(struct screen *s)
{
	return s->ndisplays ? s->displays[0] : s->model;
}

static void render_legend(const struct screen *s, struct textgrid *g)
{
	uint32_t y = g->rows - 1;
	char buf[SCREEN_TEXT_LEN];

	fill_row(g, y, A_LEGEND);
	if (!s->log)
		return;
	if (s->scrolled) {
		uint64_t first = logbuf_first_line(s->log), top;
		uint64_t total = logbuf_count_lines(s->log, first, s->log->head);

		if (s->log->head > first && logbuf_byte(s->log, s->log->head - 1) != '\n')
			total++;
		if (s->view_top < (int64_t)first) {
			snprintf(buf, sizeof(buf), " Log: older text dropped, %llu lines kept",
				 (unsigned long long)total);
		} else {
			top = logbuf_count_lines(s->log, first, (uint64_t)s->view_top) + 1;
			snprintf(buf, sizeof(buf), " Log line %llu of %llu",
				 (unsigned long long)top, (unsigned long long)total);
		}
		put_clip(g, 0, y, g->cols, buf, A_LEGEND);
		put_clip(g, (uint32_t)strlen(buf), y, g->cols,
			 "   PgUp/PgDn: page   Shift+PgUp/PgDn: line   End: back", A_LEGEND);
	} else {
		put_clip(g, 0, y, g->cols,
			 " PgUp/PgDn: the full log page by page   Shift+PgUp/PgDn: line by line",
			 A_LEGEND);
	}
}

/* ---- the body ---- */

/* Rows from y up to (not including) end. */
static uint32_t left(uint32_t y, uint32_t end)
{
	return y < end ? end - y : 0;
}

/* Returns the column after the text. */
static uint32_t render_counts(const struct screen *s, struct textgrid *g, uint32_t x, uint32_t y)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llu passed", (unsigned long long)s->pass);
	x += put_str(g, x, y, buf, s->pass ? A_PASS : A_NORMAL);
	x += put_str(g, x, y, ", ", A_NORMAL);
	snprintf(buf, sizeof(buf), "%llu failed", (unsigned long long)s->fail);
	x += put_str(g, x, y, buf, s->fail ? A_FAIL : A_NORMAL);
	x += put_str(g, x, y, ", ", A_NORMAL);
	snprintf(buf, sizeof(buf), "%llu skipped", (unsigned long long)s->skip);
	return x + put_str(g, x, y, buf, s->skip ? A_SKIP : A_NORMAL);
}

static uint64_t case_total(const struct screen *s)
{
	return s->pass + s->fail + s->skip;
}

/* Messages (printk warnings and errors): the newest NOTE_ROWS, with a line
 * for the rest. Returns the rows used. */
static uint32_t render_notes(const struct screen *s, struct textgrid *g, uint32_t y, uint32_t rows)
{
	size_t kept = s->notes_seen < SCREEN_MAX_NOTES ? s->notes_seen : SCREEN_MAX_NOTES;
	size_t show = kept < NOTE_ROWS ? kept : NOTE_ROWS, more;
	uint32_t used = 0;
	char buf[48];

	if (!s->notes_seen || rows < 2)
		return 0;
	if (show + 1 > rows)
		show = rows - 1;
	more = s->notes_seen - show;
	if (more) {
		snprintf(buf, sizeof(buf), " ! %zu earlier message%s in the log", more,
			 more == 1 ? "" : "s");
		put_clip(g, 0, y + used++, g->cols, buf, A_NOTE);
	}
	for (size_t i = kept - show; i < kept; i++) {
		put_clip(g, 0, y + used, g->cols, " ! ", A_NOTE);
		put_clip(g, 3, y + used++, g->cols, s->notes[i], A_NOTE);
	}
	return used;
}

static void draw_banner(struct textgrid *g, uint32_t y, const char *word, uint8_t colour)
{
	size_t n = strlen(word);
	uint32_t w = (uint32_t)(n * (GLYPH_W + BANNER_GAP) - BANNER_GAP) * PIXEL_W;
	uint32_t x0 = g->cols > w ? (g->cols - w) / 2 : 0;
	struct tg_cell ink = {TG_BLOCK_FULL, TG_ATTR(colour, TG_BLACK)};

	for (size_t i = 0; i < n; i++) {
		const struct banner_glyph *gl = NULL;

		for (size_t k = 0; k < ARRAY_SIZE(banner_font); k++)
			if (banner_font[k].ch == word[i])
				gl = &banner_font[k];
		if (!gl)
			continue;
		for (uint32_t r = 0; r < GLYPH_H; r++)
			for (uint32_t c = 0; c < GLYPH_W; c++)
				if (gl->rows[r] & (0x10 >> c))
					textgrid_fill(
					    g,
					    x0 + (uint32_t)(i * (GLYPH_W + BANNER_GAP) + c) *
						     PIXEL_W,
					    y + r, PIXEL_W, ink);
	}
}

static uint8_t verdict_colour(const char *v)
{
	if (strcmp(v, "PASS") == 0)
		return TG_LIGHT_GREEN;
	if (strcmp(v, "SKIP") == 0)
		return TG_YELLOW;
	return TG_LIGHT_RED;
}

/* Suite progress: "name ..... 57 passed", column by column. */
static void suite_result(const struct screen_suite *su, char *buf, size_t size, uint8_t *attr)
{
	if (!su->done) {
		snprintf(buf, size, "running");
		*attr = A_VALUE;
	} else if (su->fail) {
		snprintf(buf, size, "%u failed", su->fail);
		*attr = A_FAIL;
	} else if (!su->pass && su->skip) {
		snprintf(buf, size, "skipped");
		*attr = A_SKIP;
	} else if (su->skip) {
		snprintf(buf, size, "%u passed %u skipped", su->pass, su->skip);
		*attr = A_PASS;
	} else {
		snprintf(buf, size, "%u passed", su->pass);
		*attr = A_PASS;
	}
}

static void render_suite(const struct screen_suite *su, struct textgrid *g, uint32_t x, uint32_t y,
			 uint32_t colw)
{
	char res[40], name[SCREEN_NAME_LEN];
	uint8_t attr;
	uint32_t rlen, res_x, room, nlen;

	/* " name ...... result " with the result at the column's right end. */
	suite_result(su, res, sizeof(res), &attr);
	rlen = (uint32_t)strlen(res);
	res_x = colw > rlen + 1 ? x + colw - 1 - rlen : x;
	room = res_x > x + 5 ? res_x - x - 5 : 0;
	copy_text(name, sizeof(name), su->name);
	nlen = (uint32_t)strlen(name);
	if (nlen > room) {
		nlen = room;
		name[nlen] = '\0';
		if (nlen)
			name[nlen - 1] = '~';
	}
	put_str(g, x + 1, y, name, A_NORMAL);
	for (uint32_t c = x + 1 + nlen + 1; c + 1 < res_x; c++)
		textgrid_put(g, c, y, (struct tg_cell){'.', A_DIM});
	put_str(g, res_x, y, res, attr);
}

/* The suites in `rows` rows from y: every one if they fit, else the failed
 * ones and the newest, with a cell saying how many are left out. */
static void render_suites(const struct screen *s, struct textgrid *g, uint32_t y, uint32_t rows)
{
	uint16_t pick[SCREEN_MAX_SUITES];
	size_t n = s->nsuites, npick = 0, cap, more;
	uint32_t name_w = 0, res_w = 0, colw, ncols, used_rows;
	char res[40];
	uint8_t attr;

	if (!n || !rows)
		return;
	for (size_t i = 0; i < n; i++) {
		uint32_t l = (uint32_t)strlen(s->suites[i].name);

		suite_result(&s->suites[i], res, sizeof(res), &attr);
		name_w = l > name_w ? l : name_w;
		res_w = (uint32_t)strlen(res) > res_w ? (uint32_t)strlen(res) : res_w;
	}
	colw = name_w + res_w + 6;
	ncols = g->cols / colw ? g->cols / colw : 1;
	/* More columns with shortened names rather than hidden suites. */
	while ((size_t)ncols * rows < n && g->cols / (ncols + 1) >= 30)
		ncols++;
	/* Wider columns only spread the dots. */
	colw = g->cols / ncols < name_w + res_w + 12 ? g->cols / ncols : name_w + res_w + 12;
	cap = (size_t)ncols * rows;
	if (n <= cap) {
		for (size_t i = 0; i < n; i++)
			pick[npick++] = (uint16_t)i;
		more = 0;
	} else {
		bool chosen[SCREEN_MAX_SUITES] = {false};
		size_t want = cap - 1;

		for (size_t i = 0; i < n && npick < want; i++)
			if (s->suites[i].fail) {
				chosen[i] = true;
				npick++;
			}
		for (size_t i = n; i-- > 0 && npick < want;)
			if (!chosen[i]) {
				chosen[i] = true;
				npick++;
			}
		npick = 0;
		for (size_t i = 0; i < n; i++)
			if (chosen[i])
				pick[npick++] = (uint16_t)i;
		more = n - npick;
	}
	more += s->suites_seen - s->nsuites;
	used_rows = (uint32_t)((npick + (more ? 1 : 0) + ncols - 1) / ncols);
	for (size_t k = 0; k < npick; k++)
		render_suite(&s->suites[pick[k]], g, (uint32_t)(k / used_rows) * colw,
			     y + (uint32_t)(k % used_rows), colw);
	if (more) {
		char buf[48];

		snprintf(buf, sizeof(buf), " ... %zu more suite%s", more, more == 1 ? "" : "s");
		put_clip(g, (uint32_t)(npick / used_rows) * colw, y + (uint32_t)(npick % used_rows),
			 g->cols, buf, A_DIM);
	}
}

/* Failed cases, two rows each (name, first diagnostic line), with a line
 * for those that do not fit. Returns the rows used. */
static uint32_t render_failures(const struct screen *s, struct textgrid *g, uint32_t y,
				uint32_t rows)
{
	size_t total = s->failures_seen, show = s->nfailures, more;
	uint32_t used = 0;
	char buf[SCREEN_NAME_LEN * 2 + 32];

	if (!total || rows < 2)
		return 0;
	put_str(g, 1, y + used++, "Failed cases:", A_VALUE);
	rows--;
	if (show * 2 > rows || show < total)
		show = rows ? (rows - 1) / 2 : 0;
	if (show > s->nfailures)
		show = s->nfailures;
	more = total - show;
	for (size_t i = 0; i < show; i++) {
		const struct screen_failure *f = &s->failures[i];

		snprintf(buf, sizeof(buf), "%s.%s", f->suite, f->tcase);
		put_clip(g, 3, y + used++, g->cols, buf, A_FAIL);
		put_clip(g, 5, y + used++, g->cols, f->diag, A_NORMAL);
	}
	if (more) {
		snprintf(buf, sizeof(buf), "... and %zu more failed case%s in the log", more,
			 more == 1 ? "" : "s");
		put_clip(g, 3, y + used++, g->cols, buf, A_FAIL);
	}
	return used;
}

/* The first "# hotmem: panic" line of the last crash report (the report
 * may hold several: the exception, the self-test it hit), or -1. */
static int64_t crash_report_start(const struct screen *s)
{
	int64_t start = s->log ? logbuf_find_last_line(s->log, PANIC_PREFIX) : -1;

	while (start > (int64_t)logbuf_first_line(s->log)) {
		uint64_t prev = logbuf_line_start(s->log, (uint64_t)start - 1);

		if (!logbuf_line_has_prefix(s->log, prev, PANIC_PREFIX))
			break;
		start = (int64_t)prev;
	}
	return start;
}

/* The dump: the log from the crash report on. Returns the rows used. */
static uint32_t render_crash_dump(const struct screen *s, struct textgrid *g, uint32_t y,
				  uint32_t rows)
{
	int64_t start = crash_report_start(s);
	uint64_t p, nlines;
	uint32_t used = 0;
	char line[SCREEN_TEXT_LEN];

	if (start < 0) {
		put_str(g, 1, y, "No crash report in the log.", A_VALUE);
		return 1;
	}
	nlines = logbuf_count_lines(s->log, (uint64_t)start, s->log->head);
	for (p = (uint64_t)start; p < s->log->head && used < rows; used++) {
		uint64_t end = logbuf_line_end(s->log, p);
		const char *text = line;

		if (used + 1 == rows && used + 1 < nlines) {
			snprintf(line, sizeof(line), "... %llu more lines in the log",
				 (unsigned long long)(nlines - used));
			put_clip(g, 1, y + used++, g->cols, line, A_DIM);
			break;
		}
		logbuf_line(s->log, p, line, sizeof(line));
		/* "# " marks diagnostics for machines; people do not need it. */
		if (text[0] == '#' && text[1] == ' ')
			text += 2;
		put_clip(g, 1, y + used, g->cols, text, used ? A_NORMAL : A_FAIL);
		p = end + 1;
	}
	return used;
}

static uint32_t crash_dump_lines(const struct screen *s)
{
	int64_t start = crash_report_start(s);

	if (start < 0)
		return 1;
	return (uint32_t)logbuf_count_lines(s->log, (uint64_t)start, s->log->head);
}

static void render_crash(const struct screen *s, struct textgrid *g, uint32_t y, uint32_t end)
{
	uint32_t dump = crash_dump_lines(s), avail = left(y, end);

	if (avail >= dump + BANNER_ROWS + 1) {
		draw_banner(g, y, "CRASH", TG_LIGHT_RED);
		y += BANNER_ROWS + 1;
	} else {
		put_str(g, 1, y++, "CRASH", TG_ATTR(TG_WHITE, TG_RED));
	}
	if (y < end)
		render_crash_dump(s, g, y, end - y);
}

static void render_summary(const struct screen *s, struct textgrid *g, uint32_t y, uint32_t end)
{
	char buf[SCREEN_TEXT_LEN], t[24];
	uint32_t x;

	snprintf(buf, sizeof(buf), "Self-tests: %zu suites, %llu cases: ", s->suites_seen,
		 (unsigned long long)case_total(s));
	x = 1 + put_str(g, 1, y, buf, A_NORMAL);
	render_counts(s, g, x, y++);
	x = 1 + put_str(g, 1, y, "Verdict ", A_NORMAL);
	x += put_str(g, x, y, s->verdict, TG_ATTR(verdict_colour(s->verdict), TG_BLACK));
	fmt_elapsed(t, sizeof(t), s->elapsed_ms);
	snprintf(buf, sizeof(buf), " after %s", t);
	put_str(g, x, y++, buf, A_NORMAL);
	y++;
	/* The banner has rows of its own; nothing is drawn over it. */
	if (left(y, end) >= BANNER_ROWS + 4) {
		draw_banner(g, y, s->verdict, verdict_colour(s->verdict));
		y += BANNER_ROWS + 1;
	}
	y += render_failures(s, g, y, left(y, end));
	y += render_notes(s, g, y, left(y, end));
	if (y + 1 < end)
		render_suites(s, g, y + 1, end - y - 1);
}

static void render_progress(const struct screen *s, struct textgrid *g, uint32_t y, uint32_t end)
{
	char buf[SCREEN_TEXT_LEN];
	uint32_t x;

	if (s->phase == SCREEN_TESTS) {
		snprintf(buf, sizeof(buf),
			 "Self-tests: %zu suites, %llu cases so far: ", s->suites_seen,
			 (unsigned long long)case_total(s));
		x = 1 + put_str(g, 1, y, buf, A_NORMAL);
		render_counts(s, g, x, y++);
	}
	if (s->stage[0])
		put_clip(g, 1, y++, g->cols - 1, s->stage, A_VALUE);
	y += render_notes(s, g, y, left(y, end));
	if (y + 1 < end)
		render_suites(s, g, y + 1, end - y - 1);
}

static void render_log(const struct screen *s, struct textgrid *g)
{
	const struct logbuf *lb = s->log;
	int64_t p = s->view_top, start = log_start(lb);
	uint32_t rows = g->rows - 1;

	if (p < start)
		p = start;
	for (uint32_t y = 0; y < rows && p < (int64_t)lb->head; y++) {
		if (p < (int64_t)logbuf_first_line(lb)) {
			char buf[80];

			snprintf(buf, sizeof(buf), "-- %llu bytes of older log dropped --",
				 (unsigned long long)logbuf_tail(lb));
			put_clip(g, 0, y, g->cols, buf, A_DIM);
		} else {
			uint64_t end = logbuf_line_end(lb, (uint64_t)p);
			uint32_t col = 0;

			/* A '\b' (the shell's echo of Backspace) steps back, as
			 * on the terminal that showed it. */
			for (uint32_t x = 0; x < g->cols && (uint64_t)p + x < end; x++) {
				char c = (char)logbuf_byte(lb, (uint64_t)p + x);

				if (c == '\b')
					col -= col > 0;
				else
					col += textgrid_puts(g, col, y, &c, 1, A_NORMAL);
			}
		}
		p = next_row(lb, p, g->cols);
	}
	render_legend(s, g);
}

/* ---- the shell ---- */

#define A_CURSOR TG_ATTR(TG_BLACK, TG_LIGHT_GREY)

/* Rows of the session holding text so far (the cursor's row is the last). */
static uint32_t session_used(const struct screen *s)
{
	return s->session->y + 1;
}

/* One line: the counts and the verdict, for a screen full of session. */
static void render_counts_line(const struct screen *s, struct textgrid *g, uint32_t y)
{
	char buf[SCREEN_TEXT_LEN], t[24];
	uint32_t x = 1 + put_str(g, 1, y, "Self-tests: ", A_NORMAL);

	x = render_counts(s, g, x, y);
	x += put_clip(g, x, y, g->cols, "   Verdict ", A_NORMAL);
	x += put_clip(g, x, y, g->cols, s->verdict, TG_ATTR(verdict_colour(s->verdict), TG_BLACK));
	fmt_elapsed(t, sizeof(t), s->elapsed_ms);
	snprintf(buf, sizeof(buf), " after %s", t);
	put_clip(g, x, y, g->cols, buf, A_NORMAL);
}

/* The newest `rows` rows of the session from row y of g, a block cursor
 * after the text. */
static void render_session(const struct screen *s, struct textgrid *g, uint32_t y, uint32_t rows)
{
	const struct textgrid *t = s->session;
	uint32_t first = session_used(s) - rows, cx;

	for (uint32_t r = 0; r < rows; r++)
		for (uint32_t x = 0; x < g->cols && x < t->cols; x++)
			textgrid_put(g, x, y + r, textgrid_get(t, x, first + r));
	cx = t->x < t->cols ? t->x : t->cols - 1;
	if (cx < g->cols)
		textgrid_put(g, cx, y + rows - 1,
			     (struct tg_cell){textgrid_get(t, cx, t->y).ch, A_CURSOR});
}

/* The summary while it fits (render_summary gives up suites, failures and
 * the banner as its rows shrink), else the title and one line of counts;
 * then a separator and the session down to the legend. */
static void render_shell(const struct screen *s, struct textgrid *g, uint32_t y)
{
	static const char label[] = "-- shell: help lists the commands, exit ends the run ";
	uint32_t legend = g->rows - 1, used = session_used(s);
	uint32_t shown = used < legend - 3 ? used : legend - 3;
	uint32_t sep = legend - shown - 1;

	if (sep >= y + 2) {
		render_summary(s, g, y, sep);
	} else {
		for (uint32_t r = 1; r < legend; r++)
			fill_row(g, r, A_NORMAL);
		render_counts_line(s, g, 1);
	}
	put_clip(g, 0, sep, g->cols, label, A_DIM);
	for (uint32_t x = sizeof(label) - 1; x < g->cols; x++)
		textgrid_put(g, x, sep, (struct tg_cell){'-', A_DIM});
	render_session(s, g, sep + 1, shown);
}

void screen_render(struct screen *s, struct textgrid *g)
{
	uint32_t y;

	textgrid_clear(g);
	g->cursor_on = false;
	if (g->rows < 3 || g->cols < 20)
		return;
	if (s->scrolled && s->log) {
		render_log(s, g);
		return;
	}
	render_title(s, g);
	y = render_header(s, g);
	if (y >= g->rows - 1)
		y = g->rows - 1;
	switch (s->phase) {
	case SCREEN_CRASH:
		render_crash(s, g, y, g->rows - 1);
		break;
	case SCREEN_SUMMARY:
		render_summary(s, g, y, g->rows - 1);
		break;
	case SCREEN_SHELL:
		render_shell(s, g, y);
		break;
	default:
		render_progress(s, g, y, g->rows - 1);
		break;
	}
	render_legend(s, g);
}

/* ---- state changes ---- */

static void redraw(struct screen *s)
{
	s->session_dirty = false;
	if (s->phase == SCREEN_OFF)
		return;
	for (size_t i = 0; i < s->ndisplays; i++) {
		screen_render(s, s->displays[i]);
		textgrid_flush(s->displays[i]);
	}
}

void screen_init_in(struct screen *s, struct logbuf *log, struct textgrid *model)
{
	memset(s, 0, sizeof(*s));
	s->log = log;
	s->model = model;
}

int screen_add_display_in(struct screen *s, struct textgrid *g)
{
	if (s->ndisplays >= SCREEN_MAX_DISPLAYS)
		return -ENOSPC;
	s->displays[s->ndisplays++] = g;
	redraw(s);
	return 0;
}

void screen_start_in(struct screen *s, const struct screen_facts *f)
{
	if (f) {
		copy_text(s->firmware, sizeof(s->firmware), f->firmware);
		copy_text(s->loader, sizeof(s->loader), f->loader);
		copy_text(s->screen, sizeof(s->screen), f->screen);
		copy_text(s->consoles, sizeof(s->consoles), f->consoles);
		copy_text(s->cmdline, sizeof(s->cmdline), f->cmdline);
		s->ram_bytes = f->ram_bytes;
	}
	if (s->phase == SCREEN_OFF)
		s->phase = s->suites_seen ? SCREEN_TESTS : SCREEN_BOOT;
	redraw(s);
}

bool screen_started_in(const struct screen *s)
{
	return s->phase != SCREEN_OFF;
}

void screen_stage_in(struct screen *s, const char *text)
{
	copy_text(s->stage, sizeof(s->stage), text);
	redraw(s);
}

void screen_note_in(struct screen *s, const char *text, size_t len)
{
	while (len) {
		size_t n = 0, keep;
		char *slot;

		while (n < len && text[n] != '\n')
			n++;
		if (n) {
			if (s->notes_seen >= SCREEN_MAX_NOTES)
				memmove(s->notes[0], s->notes[1],
					sizeof(s->notes[0]) * (SCREEN_MAX_NOTES - 1));
			slot = s->notes[s->notes_seen < SCREEN_MAX_NOTES ? s->notes_seen
									 : SCREEN_MAX_NOTES - 1];
			keep = n < SCREEN_TEXT_LEN - 1 ? n : SCREEN_TEXT_LEN - 1;
			memcpy(slot, text, keep);
			slot[keep] = '\0';
			s->notes_seen++;
		}
		text += n;
		len -= n;
		if (len) {
			text++;
			len--;
		}
	}
	redraw(s);
}

static struct screen_suite *find_suite(struct screen *s, const char *name)
{
	for (size_t i = s->nsuites; i-- > 0;)
		if (strncmp(s->suites[i].name, name, SCREEN_NAME_LEN - 1) == 0)
			return &s->suites[i];
	return NULL;
}

void screen_suite_begin_in(struct screen *s, const char *suite, size_t ncases)
{
	struct screen_suite *su;

	/* Self-tests run from the shell show in its session; the summary
	 * stays that of the run before it. */
	if (s->phase == SCREEN_SHELL)
		return;
	if (s->phase == SCREEN_BOOT)
		s->phase = SCREEN_TESTS;
	s->suites_seen++;
	if (s->nsuites < SCREEN_MAX_SUITES) {
		su = &s->suites[s->nsuites++];
		memset(su, 0, sizeof(*su));
		copy_text(su->name, sizeof(su->name), suite);
		su->ncases = (uint32_t)ncases;
	}
	s->stage[0] = '\0';
	redraw(s);
}

void screen_case_failed_in(struct screen *s, const char *suite, const char *tcase,
			   const char *first_diag)
{
	if (s->phase == SCREEN_SHELL)
		return;
	s->failures_seen++;
	if (s->nfailures < SCREEN_MAX_FAILURES) {
		struct screen_failure *f = &s->failures[s->nfailures++];
		size_t n;

		copy_text(f->suite, sizeof(f->suite), suite);
		copy_text(f->tcase, sizeof(f->tcase), tcase);
		copy_text(f->diag, sizeof(f->diag), first_diag);
		/* One line only. */
		for (n = 0; f->diag[n] && f->diag[n] != '\n'; n++)
			;
		f->diag[n] = '\0';
	}
	/* The suite's line is redrawn at its end, with the counts. */
}

void screen_suite_end_in(struct screen *s, const char *suite, size_t pass, size_t fail, size_t skip)
{
	struct screen_suite *su = find_suite(s, suite);

	if (s->phase == SCREEN_SHELL)
		return;
	s->pass += pass;
	s->fail += fail;
	s->skip += skip;
	if (su) {
		su->pass = (uint32_t)pass;
		su->fail = (uint32_t)fail;
		su->skip = (uint32_t)skip;
		su->done = true;
	}
	redraw(s);
}

void screen_summary_in(struct screen *s, const char *verdict, uint64_t elapsed_ms)
{
	copy_text(s->verdict, sizeof(s->verdict), verdict);
	s->elapsed_ms = elapsed_ms;
	/* At the end of a shell session only the verdict changes. */
	if (s->phase != SCREEN_SHELL)
		s->phase = SCREEN_SUMMARY;
	s->stage[0] = '\0';
	redraw(s);
}

int screen_shell_start_in(struct screen *s)
{
	struct textgrid *p = primary(s);
	uint32_t cols, rows;
	struct textgrid *t;
	char *mem;
	size_t cells;

	if (s->session)
		return 0;
	if (!p || p->rows < 8)
		return -ENOMEM;
	/* Title, the counts line and the separator above, the legend below. */
	cols = p->cols;
	rows = p->rows - 4;
	cells = (size_t)cols * rows;
	mem = kzalloc(sizeof(*t) + 2 * cells * sizeof(struct tg_cell) + rows);
	if (!mem)
		return -ENOMEM;
	t = (struct textgrid *)mem;
	textgrid_init(t, cols, rows, (struct tg_cell *)(mem + sizeof(*t)),
		      (struct tg_cell *)(mem + sizeof(*t)) + cells,
		      (bool *)(mem + sizeof(*t) + 2 * cells * sizeof(struct tg_cell)), true);
	t->attr = A_NORMAL;
	s->session = t;
	s->utf8_len = s->utf8_want = 0;
	s->line_head_len = 0;
	s->phase = SCREEN_SHELL;
	redraw(s);
	return 0;
}

void screen_shell_end_in(struct screen *s)
{
	if (!s->session)
		return;
	kfree(s->session);
	s->session = NULL;
	s->phase = SCREEN_SUMMARY;
	redraw(s);
}

/* One character of the session: Latin-1 cells, the banner's block. */
static void session_char(struct textgrid *t, uint32_t cp)
{
	char c = cp == 0x2588 ? ' ' : cp < 0x100 ? (char)cp : '?';

	textgrid_write(t, &c, 1);
	if (cp == 0x2588)
		textgrid_put(t, t->x - 1, t->y, (struct tg_cell){TG_BLOCK_FULL, t->attr});
}

static bool head_is(const struct screen *s, const char *prefix)
{
	size_t n = strlen(prefix);

	return s->line_head_len >= n && !memcmp(s->line_head, prefix, n);
}

/* The colour of a session line, from its first characters: what a person
 * looks for in a diff and a report. */
static uint8_t session_line_attr(const struct screen *s)
{
	if (head_is(s, "+++ ") || head_is(s, "--- ") || head_is(s, "event "))
		return A_VALUE;
	if (head_is(s, "+"))
		return A_PASS;
	if (head_is(s, "-") || head_is(s, "not ok"))
		return A_FAIL;
	if (head_is(s, "@@"))
		return TG_ATTR(TG_CYAN, TG_BLACK);
	if (head_is(s, "why:"))
		return A_NOTE;
	if (head_is(s, "# "))
		return A_DIM;
	return A_NORMAL;
}

/* One ASCII byte of the session, colouring its line as it starts. */
static void session_byte(struct screen *s, struct textgrid *t, char c)
{
	uint8_t attr;

	if (c == '\n' || c == '\r') {
		textgrid_write(t, &c, 1);
		s->line_head_len = 0;
		t->attr = A_NORMAL;
		return;
	}
	if (c >= 0x20 && s->line_head_len < sizeof(s->line_head)) {
		s->line_head[s->line_head_len++] = c;
		attr = session_line_attr(s);
		/* The head so far is on this row: colour it anew. */
		for (uint32_t k = 1; attr != t->attr && k < s->line_head_len && k <= t->x; k++) {
			struct tg_cell cell = textgrid_get(t, t->x - k, t->y);

			textgrid_put(t, t->x - k, t->y, (struct tg_cell){cell.ch, attr});
		}
		t->attr = attr;
	}
	textgrid_write(t, &c, 1);
}

void screen_session_write_in(struct screen *s, const char *text, size_t n)
{
	struct textgrid *t = s->session;

	if (!t || !n)
		return;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];

		if (s->utf8_want && (c & 0xc0) == 0x80) {
			s->utf8[s->utf8_len++] = c;
			if (s->utf8_len == s->utf8_want) {
				uint32_t cp = s->utf8[0] & (0x7f >> s->utf8_want);

				for (uint8_t k = 1; k < s->utf8_len; k++)
					cp = cp << 6 | (s->utf8[k] & 0x3f);
				session_char(t, cp);
				s->utf8_want = 0;
			}
			continue;
		}
		if (s->utf8_want) /* cut short: one '?' for it */
			session_char(t, '?');
		s->utf8_want = 0;
		if (c >= 0xc2 && c <= 0xf4) {
			s->utf8[0] = c;
			s->utf8_len = 1;
			s->utf8_want = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		} else if (c >= 0x80) {
			session_char(t, '?');
		} else {
			session_byte(s, t, (char)c);
		}
	}
	s->session_dirty = true;
}

void screen_session_flush_in(struct screen *s)
{
	if (s->session_dirty)
		redraw(s);
}

void screen_crash_in(struct screen *s)
{
	if (s->in_crash)
		return;
	s->in_crash = true;
	s->phase = SCREEN_CRASH;
	s->scrolled = false;
	redraw(s);
}

/* ---- scrollback ---- */

static uint32_t view_rows(struct screen *s)
{
	struct textgrid *g = primary(s);

	return g->rows > 1 ? g->rows - 1 : 1;
}

static bool can_scroll(struct screen *s)
{
	return primary(s) && s->log && s->phase != SCREEN_OFF && s->log->head > logbuf_tail(s->log);
}

static void enter_log(struct screen *s)
{
	s->scrolled = true;
	s->view_top = bottom_top(s->log, primary(s)->cols, view_rows(s));
}

static void move(struct screen *s, int lines)
{
	const struct logbuf *lb = s->log;
	uint32_t cols = primary(s)->cols;
	int64_t bottom = bottom_top(lb, cols, view_rows(s));

	if (s->view_top < log_start(lb))
		s->view_top = log_start(lb);
	for (; lines < 0; lines++) {
		int64_t q = prev_row(lb, s->view_top, cols);

		if (q == s->view_top)
			break;
		s->view_top = q;
	}
	for (int i = 0; i < lines; i++) {
		if (s->view_top >= bottom) {
			/* Past the newest text: back to the layout. */
			if (i == 0)
				s->scrolled = false;
			break;
		}
		s->view_top = next_row(lb, s->view_top, cols);
	}
}

void screen_scroll_in(struct screen *s, int lines)
{
	if (!can_scroll(s) || !lines)
		return;
	if (!s->scrolled) {
		if (lines > 0)
			return;
		enter_log(s);
	} else {
		move(s, lines);
	}
	redraw(s);
}

void screen_scroll_page_in(struct screen *s, int dir)
{
	/* One row of the previous page stays in view. */
	int page = (int)view_rows(s) - 1;

	if (page < 1)
		page = 1;
	if (dir)
		screen_scroll_in(s, dir < 0 ? -page : page);
}

void screen_scroll_reset_in(struct screen *s)
{
	if (!s->scrolled)
		return;
	s->scrolled = false;
	redraw(s);
}

size_t screen_text_max_in(struct screen *s)
{
	struct textgrid *g = primary(s);

	return g ? (size_t)g->cols * g->rows * 3 + g->rows + 1 : 0;
}

size_t screen_text_in(struct screen *s, char *buf, size_t size)
{
	struct textgrid *g = primary(s);
	size_t len = 0;

	if (!g)
		return 0;
	if (!s->ndisplays)
		screen_render(s, g);
	if (size)
		buf[0] = '\0';
	for (uint32_t y = 0; y < g->rows; y++) {
		size_t room = len < size ? size - len : 0;

		len += textgrid_row_text(g, y, room ? buf + len : NULL, room);
		if (len + 1 < size) {
			buf[len] = '\n';
			buf[len + 1] = '\0';
		}
		len++;
	}
	return len;
}
