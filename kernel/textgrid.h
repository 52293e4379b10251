/* Text-cell shadow of a screen console (docs/screen.md): `want` is what the
 * screen should show, `glass` what was last drawn. textgrid_flush() draws
 * only the cells where the two differ, through the driver's draw callback,
 * so a driver never reads video memory back and scrolling costs only the
 * cells whose character or colour changes. Pure C: the screen layout and
 * the host tests use it without any hardware. */
#ifndef KERNEL_TEXTGRID_H
#define KERNEL_TEXTGRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One character cell. `ch` is a byte of the text (Latin-1 on a framebuffer,
 * code page 437 on VGA; ASCII is the same on both) or one of the TG_*
 * codes below; `attr` is a VGA attribute: foreground in bits 0-3,
 * background in bits 4-7, colours as enum tg_colour. */
struct tg_cell {
	uint8_t ch;
	uint8_t attr;
};

/* Cell codes that are not text: a control code never reaches a cell (the
 * stream writer shows those as '?'), so these cannot be confused with it. */
#define TG_BLOCK_FULL 0x01 /* the whole cell in the foreground colour */

enum tg_colour {
	TG_BLACK,
	TG_BLUE,
	TG_GREEN,
	TG_CYAN,
	TG_RED,
	TG_MAGENTA,
	TG_BROWN,
	TG_LIGHT_GREY,
	TG_DARK_GREY,
	TG_LIGHT_BLUE,
	TG_LIGHT_GREEN,
	TG_LIGHT_CYAN,
	TG_LIGHT_RED,
	TG_LIGHT_MAGENTA,
	TG_YELLOW,
	TG_WHITE,
};

#define TG_ATTR(fg, bg) ((uint8_t)((bg) << 4 | (fg)))
#define TG_ATTR_NORMAL	TG_ATTR(TG_LIGHT_GREY, TG_BLACK)

struct textgrid {
	uint32_t cols, rows;
	struct tg_cell *want;  /* cols * rows, row after row */
	struct tg_cell *glass; /* what the driver last drew */
	bool *dirty;	       /* per row: want may differ from glass */
	/* The stream writer's cursor; x == cols means the row is full and the
	 * next character wraps (so `cols` characters and '\n' leave no gap). */
	uint32_t x, y;
	uint8_t attr;	/* attribute of streamed text */
	bool cursor_on; /* show a text cursor at (x, y) (VGA hardware cursor) */
	size_t ndrawn;	/* cells drawn so far: the cost, for tests and docs */
	/* Draws one cell on the glass. NULL: nothing to draw (a model only). */
	void (*draw)(struct textgrid *g, uint32_t x, uint32_t y, struct tg_cell c);
	/* Optional: called after a flush (the VGA driver moves its cursor). */
	void (*after_flush)(struct textgrid *g);
	void *priv;
};

/* Sets up a grid over the caller's arrays (cols * rows cells each, rows
 * flags). Every wanted cell is blank. With glass_blank the caller has
 * cleared the glass itself; otherwise the glass counts as unknown and the
 * first flush draws every cell. */
void textgrid_init(struct textgrid *g, uint32_t cols, uint32_t rows, struct tg_cell *want,
		   struct tg_cell *glass, bool *dirty, bool glass_blank);

/* Wanted cell at (x, y); outside the grid: ignored. */
void textgrid_put(struct textgrid *g, uint32_t x, uint32_t y, struct tg_cell c);
/* Writes s[0..n) at (x, y) in `attr`, clipped at the end of the row;
 * returns the number of cells written. Control codes show as '?'. */
uint32_t textgrid_puts(struct textgrid *g, uint32_t x, uint32_t y, const char *s, size_t n,
		       uint8_t attr);
/* Fills n cells from (x, y) (clipped) with c. */
void textgrid_fill(struct textgrid *g, uint32_t x, uint32_t y, uint32_t n, struct tg_cell c);
/* Every wanted cell blank. */
void textgrid_clear(struct textgrid *g);
struct tg_cell textgrid_get(const struct textgrid *g, uint32_t x, uint32_t y);

/* Terminal-style output at the cursor in g->attr: '\n' new line, '\r'
 * column 0, '\b' one back, '\t' to the next multiple of 8, wrap at the end
 * of a row, scroll when the last row is full. Does not flush. */
void textgrid_write(struct textgrid *g, const char *s, size_t n);

/* Draws every cell of a dirty row whose wanted content differs from the
 * glass; returns the number of cells drawn. */
size_t textgrid_flush(struct textgrid *g);

/* The wanted text of row y without trailing blanks, as UTF-8 (Latin-1 bytes
 * become two bytes, TG_BLOCK_FULL is U+2588). Writes at most size - 1 bytes
 * and a NUL (if size > 0); returns the full length, like snprintf. */
size_t textgrid_row_text(const struct textgrid *g, uint32_t y, char *buf, size_t size);

#endif
