/* Text-mode console: legacy VGA at 0xB8000 (no framebuffer tag) or the EGA
 * text cells GRUB describes with a type 2 framebuffer tag. Each cell is a
 * character byte and an attribute byte. A people console (kernel/console.h)
 * with a cell shadow (kernel/textgrid.h): cells are written only when they
 * change and video memory is never read, so the screen can always be
 * restored from the shadow. */
#include "drivers/video/video.h"
#include "kernel/console.h"
#include "kernel/io.h"
#include "lib/errno.h"

/* CP437 block character for TG_BLOCK_FULL. */
#define CP437_BLOCK_FULL 0xdb

#define VGA_CRTC_INDEX	  0x3d4
#define VGA_CRTC_DATA	  0x3d5
#define CRTC_CURSOR_START 0x0a
#define CRTC_CURSOR_HI	  0x0e
#define CRTC_CURSOR_LO	  0x0f
#define CURSOR_DISABLE	  0x20
#define CURSOR_SCANLINES  0x0d /* the usual underline: start at scan line 13 */

static struct {
	struct console con;
	struct textgrid grid;
	volatile uint16_t *cells;
	uint32_t stride; /* cells from one row to the next */
	/* The hardware cursor as last programmed (never read back). */
	bool cursor_shown;
	uint16_t cursor_pos;
} vga;

static void vga_draw_cell(struct textgrid *g, uint32_t x, uint32_t y, struct tg_cell c)
{
	uint8_t ch = c.ch == TG_BLOCK_FULL ? CP437_BLOCK_FULL : c.ch;

	vga.cells[(size_t)y * vga.stride + x] = (uint16_t)(c.attr << 8 | ch);
}

static void crtc_write(uint8_t reg, uint8_t val)
{
	outb(VGA_CRTC_INDEX, reg);
	outb(VGA_CRTC_DATA, val);
}

/* After a flush: the cursor follows the streamed text, and is hidden while
 * the screen layout is shown. Ports are written only on a change. */
static void vga_after_flush(struct textgrid *g)
{
	uint32_t x = g->x < g->cols ? g->x : g->cols - 1;
	uint16_t pos = (uint16_t)(g->y * vga.stride + x);

	if (g->cursor_on != vga.cursor_shown) {
		crtc_write(CRTC_CURSOR_START, g->cursor_on ? CURSOR_SCANLINES : CURSOR_DISABLE);
		vga.cursor_shown = g->cursor_on;
	}
	if (g->cursor_on && pos != vga.cursor_pos) {
		crtc_write(CRTC_CURSOR_HI, (uint8_t)(pos >> 8));
		crtc_write(CRTC_CURSOR_LO, (uint8_t)pos);
		vga.cursor_pos = pos;
	}
}

static void vga_write(struct console *con, const char *s, size_t n)
{
	textgrid_write(&vga.grid, s, n);
	textgrid_flush(&vga.grid);
}

int vga_text_init(uintptr_t cells, uint32_t cols, uint32_t rows, uint32_t stride, const char *desc)
{
	struct video_cells shadow;
	int err;

	if (!cells || cols == 0 || rows == 0 || stride < cols)
		return -EINVAL;
	err = video_cells_alloc(cols, rows, &shadow);
	if (err)
		return err;
	vga.cells = (volatile uint16_t *)cells;
	vga.stride = stride;
	/* The boot loader's menu is still on the screen: the glass is unknown,
	 * so the first flush writes every cell. */
	textgrid_init(&vga.grid, shadow.cols, shadow.rows, shadow.want, shadow.glass, shadow.dirty,
		      false);
	vga.grid.draw = vga_draw_cell;
	vga.grid.after_flush = vga_after_flush;
	/* Program the cursor on the first flush whatever the loader left. */
	vga.cursor_shown = false;
	vga.cursor_pos = 0xffff;
	crtc_write(CRTC_CURSOR_START, CURSOR_DISABLE);
	textgrid_flush(&vga.grid);
	vga.con.name = "vga";
	vga.con.flags = CON_PEOPLE;
	vga.con.desc = desc;
	vga.con.write = vga_write;
	vga.con.grid = &vga.grid;
	console_register(&vga.con);
	return 0;
}
