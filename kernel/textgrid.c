/* Text-cell shadow (kernel/textgrid.h). */
#include "kernel/textgrid.h"

#include "lib/string.h"

#define TAB_WIDTH 8

static const struct tg_cell blank = {' ', TG_ATTR_NORMAL};
/* Never wanted (no writer produces character 0): a glass of these is
 * "unknown", so the first flush draws every cell. */
static const struct tg_cell unknown = {0, 0xff};

static bool cell_eq(struct tg_cell a, struct tg_cell b)
{
	return a.ch == b.ch && a.attr == b.attr;
}

static size_t idx(const struct textgrid *g, uint32_t x, uint32_t y)
{
	return (size_t)y * g->cols + x;
}

void textgrid_init(struct textgrid *g, uint32_t cols, uint32_t rows, struct tg_cell *want,
		   struct tg_cell *glass, bool *dirty, bool glass_blank)
{
	g->cols = cols;
	g->rows = rows;
	g->want = want;
	g->glass = glass;
	g->dirty = dirty;
	g->x = g->y = 0;
	g->attr = TG_ATTR_NORMAL;
	g->cursor_on = true;
	g->ndrawn = 0;
	for (size_t i = 0; i < (size_t)cols * rows; i++) {
		want[i] = blank;
		glass[i] = glass_blank ? blank : unknown;
	}
	for (uint32_t y = 0; y < rows; y++)
		dirty[y] = !glass_blank;
}

void textgrid_put(struct textgrid *g, uint32_t x, uint32_t y, struct tg_cell c)
{
	if (x >= g->cols || y >= g->rows)
		return;
	g->want[idx(g, x, y)] = c;
	g->dirty[y] = true;
}

struct tg_cell textgrid_get(const struct textgrid *g, uint32_t x, uint32_t y)
{
	if (x >= g->cols || y >= g->rows)
		return blank;
	return g->want[idx(g, x, y)];
}

static uint8_t printable(uint8_t ch)
{
	return ch < 0x20 || ch == 0x7f ? '?' : ch;
}

uint32_t textgrid_puts(struct textgrid *g, uint32_t x, uint32_t y, const char *s, size_t n,
		       uint8_t attr)
{
	uint32_t i;

	if (y >= g->rows)
		return 0;
	for (i = 0; i < n && x + i < g->cols; i++)
		textgrid_put(g, x + i, y, (struct tg_cell){printable((uint8_t)s[i]), attr});
	return i;
}

void textgrid_fill(struct textgrid *g, uint32_t x, uint32_t y, uint32_t n, struct tg_cell c)
{
	for (uint32_t i = 0; i < n && x + i < g->cols; i++)
		textgrid_put(g, x + i, y, c);
}

void textgrid_clear(struct textgrid *g)
{
	for (uint32_t y = 0; y < g->rows; y++)
		textgrid_fill(g, 0, y, g->cols, blank);
}

/* Scrolling moves the wanted rows only; the flush then redraws the cells
 * whose content changed, from the shadow. */
static void scroll_up(struct textgrid *g)
{
	memmove(g->want, g->want + g->cols, (size_t)(g->rows - 1) * g->cols * sizeof(*g->want));
	for (uint32_t y = 0; y < g->rows; y++)
		g->dirty[y] = true;
	textgrid_fill(g, 0, g->rows - 1, g->cols, blank);
}

static void newline(struct textgrid *g)
{
	g->x = 0;
	if (g->y + 1 < g->rows)
		g->y++;
	else
		scroll_up(g);
}

static void stream_char(struct textgrid *g, uint8_t ch)
{
	if (g->x >= g->cols)
		newline(g);
	textgrid_put(g, g->x++, g->y, (struct tg_cell){printable(ch), g->attr});
}

void textgrid_write(struct textgrid *g, const char *s, size_t n)
{
	if (!g->cols || !g->rows)
		return;
	for (size_t i = 0; i < n; i++) {
		uint8_t ch = (uint8_t)s[i];

		switch (ch) {
		case '\n':
			newline(g);
			break;
		case '\r':
			g->x = 0;
			break;
		case '\b':
			if (g->x > 0)
				g->x = (g->x > g->cols ? g->cols : g->x) - 1;
			break;
		case '\t':
			do
				stream_char(g, ' ');
			while (g->x % TAB_WIDTH && g->x < g->cols);
			break;
		default:
			stream_char(g, ch);
			break;
		}
	}
}

size_t textgrid_flush(struct textgrid *g)
{
	size_t n = 0;

	for (uint32_t y = 0; y < g->rows; y++) {
		if (!g->dirty[y])
			continue;
		g->dirty[y] = false;
		for (uint32_t x = 0; x < g->cols; x++) {
			size_t i = idx(g, x, y);

			if (cell_eq(g->want[i], g->glass[i]))
				continue;
			if (g->draw)
				g->draw(g, x, y, g->want[i]);
			g->glass[i] = g->want[i];
			n++;
		}
	}
	g->ndrawn += n;
	if (g->after_flush)
		g->after_flush(g);
	return n;
}

/* The UTF-8 form of one cell character in out[]; returns its length. */
static size_t cell_utf8(uint8_t ch, char out[3])
{
	if (ch == TG_BLOCK_FULL) {
		out[0] = (char)0xe2; /* U+2588 FULL BLOCK */
		out[1] = (char)0x96;
		out[2] = (char)0x88;
		return 3;
	}
	if (ch >= 0x80) {
		out[0] = (char)(0xc0 | ch >> 6);
		out[1] = (char)(0x80 | (ch & 0x3f));
		return 2;
	}
	out[0] = (char)ch;
	return 1;
}

size_t textgrid_row_text(const struct textgrid *g, uint32_t y, char *buf, size_t size)
{
	uint32_t end = 0;
	size_t len = 0, written = 0;

	if (y < g->rows)
		for (end = g->cols; end > 0 && g->want[idx(g, end - 1, y)].ch == ' ';)
			end--;
	for (uint32_t x = 0; x < end; x++) {
		char u[3];
		size_t n = cell_utf8(g->want[idx(g, x, y)].ch, u);

		/* Whole characters only: a cut never leaves half a UTF-8 sequence. */
		if (written == len && len + n < size) {
			memcpy(buf + len, u, n);
			written += n;
		}
		len += n;
	}
	if (size)
		buf[written] = '\0';
	return len;
}
