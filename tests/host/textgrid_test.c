/* Tests of the text-cell shadow (kernel/textgrid.c): which cells a flush
 * draws (only those whose character or colour changed, also after a
 * scroll), the stream writer's wrapping and control characters, and the
 * row text with trailing blanks removed. Host only: the kernel's self-test
 * output stays as it is. */
#include "kernel/ktest.h"
#include "kernel/textgrid.h"
#include "lib/string.h"

#define MAX_DRAWS 64

struct fixture {
	struct textgrid g;
	struct tg_cell want[8 * 4], glass[8 * 4];
	bool dirty[4];
	struct {
		uint32_t x, y;
		struct tg_cell c;
	} draws[MAX_DRAWS];
	size_t ndraws;
};

static struct fixture *fixture_of(struct textgrid *g)
{
	return (struct fixture *)g->priv;
}

static void record_draw(struct textgrid *g, uint32_t x, uint32_t y, struct tg_cell c)
{
	struct fixture *f = fixture_of(g);

	if (f->ndraws < MAX_DRAWS) {
		f->draws[f->ndraws].x = x;
		f->draws[f->ndraws].y = y;
		f->draws[f->ndraws].c = c;
	}
	f->ndraws++;
}

static void setup(struct fixture *f, uint32_t cols, uint32_t rows, bool glass_blank)
{
	memset(f, 0, sizeof(*f));
	textgrid_init(&f->g, cols, rows, f->want, f->glass, f->dirty, glass_blank);
	f->g.draw = record_draw;
	f->g.priv = f;
}

static const char *row(struct fixture *f, uint32_t y)
{
	static char buf[64];

	textgrid_row_text(&f->g, y, buf, sizeof(buf));
	return buf;
}

static void flush_draws_only_changed_cells(struct ktest *t)
{
	static struct fixture f;

	setup(&f, 8, 4, true);
	textgrid_put(&f.g, 1, 2, (struct tg_cell){'a', TG_ATTR_NORMAL});
	KTEST_EXPECT_EQ(t, textgrid_flush(&f.g), 1);
	KTEST_ASSERT_EQ(t, f.ndraws, 1);
	KTEST_EXPECT_EQ(t, f.draws[0].x, 1);
	KTEST_EXPECT_EQ(t, f.draws[0].y, 2);
	KTEST_EXPECT_EQ(t, f.draws[0].c.ch, 'a');
	/* Nothing changed: nothing drawn. */
	KTEST_EXPECT_EQ(t, textgrid_flush(&f.g), 0);
	/* The same cell again: still nothing. */
	textgrid_put(&f.g, 1, 2, (struct tg_cell){'a', TG_ATTR_NORMAL});
	KTEST_EXPECT_EQ(t, textgrid_flush(&f.g), 0);
	/* Another colour is a change. */
	textgrid_put(&f.g, 1, 2, (struct tg_cell){'a', TG_ATTR(TG_LIGHT_RED, TG_BLACK)});
	KTEST_EXPECT_EQ(t, textgrid_flush(&f.g), 1);
	KTEST_EXPECT_EQ(t, f.g.ndrawn, 2);
}

static void unknown_glass_is_drawn_once(struct ktest *t)
{
	static struct fixture f;

	/* What the loader left on the screen is unknown: every cell once. */
	setup(&f, 8, 4, false);
	KTEST_EXPECT_EQ(t, textgrid_flush(&f.g), 32);
	KTEST_EXPECT_EQ(t, f.draws[31].c.ch, ' ');
	KTEST_EXPECT_EQ(t, textgrid_flush(&f.g), 0);
}

static void scroll_redraws_changed_cells_only(struct ktest *t)
{
	static struct fixture f;

	setup(&f, 8, 2, true);
	textgrid_write(&f.g, "same\nsame", 9);
	KTEST_EXPECT_EQ(t, textgrid_flush(&f.g), 8);
	/* A scroll whose rows look the same as before draws nothing. */
	textgrid_write(&f.g, "\nsame", 5);
	KTEST_EXPECT_EQ(t, textgrid_flush(&f.g), 0);
	/* One differing character after a scroll: one cell. */
	textgrid_write(&f.g, "\nsome", 5);
	KTEST_EXPECT_EQ(t, textgrid_flush(&f.g), 1);
	KTEST_EXPECT_EQ(t, f.draws[f.ndraws - 1].x, 1);
	KTEST_EXPECT_EQ(t, f.draws[f.ndraws - 1].y, 1);
	KTEST_EXPECT_STREQ(t, row(&f, 0), "same");
	KTEST_EXPECT_STREQ(t, row(&f, 1), "some");
	/* A shorter line: only the cells that become blank. */
	textgrid_write(&f.g, "\nso", 3);
	/* Row 0: 'o' over 'a'; row 1: blanks over "me". */
	KTEST_EXPECT_EQ(t, textgrid_flush(&f.g), 3);
	KTEST_EXPECT_STREQ(t, row(&f, 0), "some");
	KTEST_EXPECT_STREQ(t, row(&f, 1), "so");
}

static void stream_wraps_and_handles_controls(struct ktest *t)
{
	static struct fixture f;

	setup(&f, 4, 3, true);
	/* Exactly a row and '\n': no empty row in between. */
	textgrid_write(&f.g, "abcd\nef", 7);
	KTEST_EXPECT_STREQ(t, row(&f, 0), "abcd");
	KTEST_EXPECT_STREQ(t, row(&f, 1), "ef");
	/* Backspace, carriage return, a tab to column 8 (wraps), a control. */
	textgrid_write(&f.g, "\b\rX", 3);
	KTEST_EXPECT_STREQ(t, row(&f, 1), "Xf");
	textgrid_write(&f.g, "\n\001\t|", 4);
	/* The tab filled row 2 and the '|' wrapped, scrolling one row. */
	KTEST_EXPECT_STREQ(t, row(&f, 0), "Xf");
	KTEST_EXPECT_STREQ(t, row(&f, 1), "?");
	KTEST_EXPECT_STREQ(t, row(&f, 2), "|");
}

static void row_text_trims_and_encodes(struct ktest *t)
{
	static struct fixture f;
	char small[5];

	setup(&f, 8, 1, true);
	textgrid_puts(&f.g, 0, 0, "x ", 2, TG_ATTR_NORMAL);
	textgrid_put(&f.g, 2, 0, (struct tg_cell){TG_BLOCK_FULL, TG_ATTR_NORMAL});
	textgrid_put(&f.g, 3, 0, (struct tg_cell){0xe9, TG_ATTR_NORMAL}); /* Latin-1 e acute */
	KTEST_EXPECT_STREQ(t, row(&f, 0), "x \xe2\x96\x88\xc3\xa9");
	KTEST_EXPECT_EQ(t, textgrid_row_text(&f.g, 0, NULL, 0), 7);
	/* Cut to whole characters: "x " and no half of the block. */
	KTEST_EXPECT_EQ(t, textgrid_row_text(&f.g, 0, small, sizeof(small)), 7);
	KTEST_EXPECT_STREQ(t, small, "x ");
	/* A blank row is empty; a row outside the grid too. */
	textgrid_clear(&f.g);
	KTEST_EXPECT_STREQ(t, row(&f, 0), "");
	KTEST_EXPECT_EQ(t, textgrid_row_text(&f.g, 5, small, sizeof(small)), 0);
}

static void puts_clips_at_the_row_end(struct ktest *t)
{
	static struct fixture f;

	setup(&f, 4, 2, true);
	KTEST_EXPECT_EQ(t, textgrid_puts(&f.g, 2, 0, "hello", 5, TG_ATTR_NORMAL), 2);
	KTEST_EXPECT_STREQ(t, row(&f, 0), "  he");
	KTEST_EXPECT_STREQ(t, row(&f, 1), "");
	KTEST_EXPECT_EQ(t, textgrid_puts(&f.g, 0, 9, "x", 1, TG_ATTR_NORMAL), 0);
}

static const struct ktest_case textgrid_cases[] = {
    KTEST_CASE(flush_draws_only_changed_cells),
    KTEST_CASE(unknown_glass_is_drawn_once),
    KTEST_CASE(scroll_redraws_changed_cells_only),
    KTEST_CASE(stream_wraps_and_handles_controls),
    KTEST_CASE(row_text_trims_and_encodes),
    KTEST_CASE(puts_clips_at_the_row_end),
    {0},
};

static const struct ktest_suite textgrid_suite = {
    .name = "textgrid",
    .cases = textgrid_cases,
};
KTEST_SUITE(textgrid_suite);
