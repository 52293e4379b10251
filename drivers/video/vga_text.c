/* Text-mode console: legacy VGA at 0xB8000 (no framebuffer tag) or the EGA
 * text cells GRUB describes with a type 2 framebuffer tag. Each cell is a
 * character byte and an attribute byte; we write light grey on black, scroll,
 * and move the hardware cursor. The banner draws the PSF glyphs with CP437
 * block characters, one text row per two glyph pixel rows. */
#include "drivers/video/video.h"
#include "kernel/console.h"
#include "kernel/io.h"
#include "lib/errno.h"

#define ATTR_NORMAL 0x07 /* light grey on black */
#define ATTR_GREEN  0x0a
#define ATTR_YELLOW 0x0e
#define ATTR_RED    0x0c
#define TAB_WIDTH   8

/* CP437 block characters. */
#define BLOCK_FULL  0xdb
#define BLOCK_UPPER 0xdf
#define BLOCK_LOWER 0xdc

#define VGA_CRTC_INDEX 0x3d4
#define VGA_CRTC_DATA  0x3d5
#define CRTC_CURSOR_HI 0x0e
#define CRTC_CURSOR_LO 0x0f

static struct {
	struct console con;
	volatile uint16_t *cells;
	uint32_t cols, rows, stride; /* stride: cells from one row to the next */
	/* x == cols means the line is full: wrap only when the next character
	 * comes, so a line of exactly `cols` characters plus '\n' leaves no gap. */
	uint32_t x, y;
	const struct psf_font *font;
} vga;

static void put_cell(uint32_t x, uint32_t y, uint8_t ch, uint8_t attr)
{
	vga.cells[(size_t)y * vga.stride + x] = (uint16_t)(attr << 8 | ch);
}

static void clear_line(uint32_t y)
{
	for (uint32_t x = 0; x < vga.cols; x++)
		put_cell(x, y, ' ', ATTR_NORMAL);
}

static void scroll_up(void)
{
	for (uint32_t y = 0; y + 1 < vga.rows; y++)
		for (uint32_t x = 0; x < vga.cols; x++)
			vga.cells[(size_t)y * vga.stride + x] =
			    vga.cells[(size_t)(y + 1) * vga.stride + x];
	clear_line(vga.rows - 1);
}

static void newline(void)
{
	vga.x = 0;
	if (vga.y + 1 < vga.rows)
		vga.y++;
	else
		scroll_up();
}

static void put_char(uint8_t ch, uint8_t attr)
{
	if (vga.x >= vga.cols)
		newline();
	put_cell(vga.x++, vga.y, ch, attr);
}

static void update_cursor(void)
{
	uint32_t x = vga.x < vga.cols ? vga.x : vga.cols - 1;
	uint16_t pos = (uint16_t)(vga.y * vga.stride + x);

	outb(VGA_CRTC_INDEX, CRTC_CURSOR_HI);
	outb(VGA_CRTC_DATA, (uint8_t)(pos >> 8));
	outb(VGA_CRTC_INDEX, CRTC_CURSOR_LO);
	outb(VGA_CRTC_DATA, (uint8_t)pos);
}

static void write_attr(const char *s, size_t n, uint8_t attr)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t ch = (uint8_t)s[i];

		switch (ch) {
		case '\n':
			newline();
			break;
		case '\r':
			vga.x = 0;
			break;
		case '\b':
			if (vga.x > 0)
				vga.x = (vga.x > vga.cols ? vga.cols : vga.x) - 1;
			break;
		case '\t':
			do
				put_char(' ', attr);
			while (vga.x % TAB_WIDTH && vga.x < vga.cols);
			break;
		default:
			put_char(ch, attr);
			break;
		}
	}
	update_cursor();
}

static void vga_write(struct console *con, const char *s, size_t n)
{
	write_attr(s, n, ATTR_NORMAL);
}

/* The block character showing glyph pixels (gx, py) above (gx, py + 1). */
static uint8_t glyph_cell(const uint8_t *glyph, uint32_t gx, uint32_t py)
{
	const struct psf_font *f = vga.font;
	bool top = psf_pixel(f, glyph, gx, py);
	bool bottom = py + 1 < f->height && psf_pixel(f, glyph, gx, py + 1);

	if (top && bottom)
		return BLOCK_FULL;
	if (top)
		return BLOCK_UPPER;
	return bottom ? BLOCK_LOWER : ' ';
}

/* First and last pixel rows that any of the n glyphs uses: blank rows above
 * and below the letters would only cost lines of a 25-line screen. Returns
 * false if nothing would be drawn. */
static bool ink_rows(const char *text, uint32_t n, uint32_t *first, uint32_t *last)
{
	const struct psf_font *f = vga.font;

	*first = f->height;
	*last = 0;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *g = psf_glyph(f, (uint8_t)text[i]);

		for (uint32_t y = 0; y < f->height; y++)
			for (uint32_t x = 0; x < f->width; x++)
				if (psf_pixel(f, g, x, y)) {
					*first = y < *first ? y : *first;
					*last = y > *last ? y : *last;
				}
	}
	return *first <= *last;
}

static void vga_banner(struct console *con, const char *text)
{
	static const uint8_t attrs[] = {
	    [BANNER_RED] = ATTR_RED, [BANNER_GREEN] = ATTR_GREEN, [BANNER_YELLOW] = ATTR_YELLOW};
	uint8_t attr = attrs[banner_colour_of(text)];
	const struct psf_font *f = vga.font;
	uint32_t n = 0, h = 0, top, left, first, last;

	while (text[n] && text[n] != '\n')
		n++;
	if (f && n > vga.cols / f->width)
		n = vga.cols / f->width; /* what does not fit is cut off */
	if (f && ink_rows(text, n, &first, &last))
		h = (last - first + 2) / 2;
	/* Without a usable font, the verdict still shows, in colour. */
	if (h == 0 || h + 2 > vga.rows) {
		if (vga.x)
			newline();
		write_attr(text, n, attr);
		write_attr("\n", 1, ATTR_NORMAL);
		return;
	}

	/* Scroll a blank line, the banner and a blank line into view at the
	 * cursor, so the last lines of the log stay visible above it. */
	if (vga.x)
		newline();
	newline();
	for (uint32_t i = 0; i <= h; i++)
		newline();
	top = vga.y - h - 1;
	for (uint32_t y = top; y <= vga.y; y++)
		clear_line(y);
	left = (vga.cols - n * f->width) / 2;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *g = psf_glyph(f, (uint8_t)text[i]);

		for (uint32_t row = 0; row < h; row++)
			for (uint32_t gx = 0; gx < f->width; gx++)
				put_cell(left + i * f->width + gx, top + row,
					 glyph_cell(g, gx, first + 2 * row), attr);
	}
	update_cursor();
}

int vga_text_init(uintptr_t cells, uint32_t cols, uint32_t rows, uint32_t stride,
		  const struct psf_font *font)
{
	if (!cells || cols == 0 || rows == 0 || stride < cols)
		return -EINVAL;
	vga.cells = (volatile uint16_t *)cells;
	vga.cols = cols;
	vga.rows = rows;
	vga.stride = stride;
	vga.font = font;
	vga.x = vga.y = 0;
	/* Start clean: the boot loader's menu is still on the screen. */
	for (uint32_t y = 0; y < rows; y++)
		clear_line(y);
	update_cursor();
	vga.con.name = "vga";
	vga.con.write = vga_write;
	vga.con.banner = vga_banner;
	console_register(&vga.con);
	return 0;
}
