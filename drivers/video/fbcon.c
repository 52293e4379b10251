/* Framebuffer text console: draws PSF glyphs into a linear RGB framebuffer
 * (the only screen under UEFI, and what GRUB sets up on BIOS too when the
 * kernel asks for a framebuffer). A people console (kernel/console.h): its
 * text lives in a cell shadow (kernel/textgrid.h) and only cells that change
 * are drawn; video memory is written, never read (a read-back scroll of a
 * 1080p screen moves megabytes per line). */
#include "drivers/video/video.h"
#include "kernel/console.h"
#include "lib/errno.h"
#include "lib/printf.h"

struct rgb {
	uint8_t r, g, b;
};

/* The 16 colours of a VGA attribute (kernel/textgrid.h). */
static const struct rgb vga_palette[16] = {
    {0x00, 0x00, 0x00}, {0x00, 0x00, 0xaa}, {0x00, 0xaa, 0x00}, {0x00, 0xaa, 0xaa},
    {0xaa, 0x00, 0x00}, {0xaa, 0x00, 0xaa}, {0xaa, 0x55, 0x00}, {0xaa, 0xaa, 0xaa},
    {0x55, 0x55, 0x55}, {0x55, 0x55, 0xff}, {0x55, 0xff, 0x55}, {0x55, 0xff, 0xff},
    {0xff, 0x55, 0x55}, {0xff, 0x55, 0xff}, {0xff, 0xff, 0x55}, {0xff, 0xff, 0xff},
};

static struct {
	struct console con;
	struct textgrid grid;
	volatile uint8_t *base;
	uint32_t pitch, width, height, bytespp;
	struct fb_info info; /* for the colour field layout */
	const struct psf_font *font;
	uint32_t colour[16]; /* the palette packed for this framebuffer */
	char desc[48];
} fbc;

/* Scales an 8-bit channel to a field of `size` bits at bit `pos`. */
static uint32_t colour_field(uint8_t v, uint8_t pos, uint8_t size)
{
	uint32_t f;

	if (size == 0)
		return 0;
	f = size >= 8 ? (uint32_t)v << (size - 8) : (uint32_t)v >> (8 - size);
	return f << pos;
}

static uint32_t pack(struct rgb c)
{
	const struct fb_info *i = &fbc.info;

	return colour_field(c.r, i->red_pos, i->red_size) |
	       colour_field(c.g, i->green_pos, i->green_size) |
	       colour_field(c.b, i->blue_pos, i->blue_size);
}

static void put_pixel(volatile uint8_t *p, uint32_t c)
{
	switch (fbc.bytespp) {
	case 4:
		*(volatile uint32_t *)p = c;
		break;
	case 3:
		p[0] = (uint8_t)c;
		p[1] = (uint8_t)(c >> 8);
		p[2] = (uint8_t)(c >> 16);
		break;
	default:
		*(volatile uint16_t *)p = (uint16_t)c;
		break;
	}
}

static volatile uint8_t *pixel_addr(uint32_t x, uint32_t y)
{
	return fbc.base + (size_t)y * fbc.pitch + (size_t)x * fbc.bytespp;
}

static void fill_rect(uint32_t x0, uint32_t y0, uint32_t w, uint32_t h, uint32_t c)
{
	for (uint32_t y = y0; y < y0 + h; y++) {
		volatile uint8_t *p = pixel_addr(x0, y);

		for (uint32_t x = 0; x < w; x++, p += fbc.bytespp)
			put_pixel(p, c);
	}
}

/* The grid's draw callback: one cell, from the font or a block. */
static void fb_draw_cell(struct textgrid *g, uint32_t cx, uint32_t cy, struct tg_cell c)
{
	const struct psf_font *f = fbc.font;
	uint32_t fg = fbc.colour[c.attr & 0xf], bg = fbc.colour[c.attr >> 4];
	const uint8_t *glyph;

	if (c.ch == TG_BLOCK_FULL) {
		fill_rect(cx * f->width, cy * f->height, f->width, f->height, fg);
		return;
	}
	glyph = psf_glyph(f, c.ch);
	for (uint32_t y = 0; y < f->height; y++) {
		volatile uint8_t *p = pixel_addr(cx * f->width, cy * f->height + y);

		for (uint32_t x = 0; x < f->width; x++, p += fbc.bytespp)
			put_pixel(p, psf_pixel(f, glyph, x, y) ? fg : bg);
	}
}

static void fbcon_write(struct console *con, const char *s, size_t n)
{
	textgrid_write(&fbc.grid, s, n);
	textgrid_flush(&fbc.grid);
}

static bool field_fits(uint8_t pos, uint8_t size, uint32_t bpp)
{
	return size <= 32 && (uint32_t)pos + size <= bpp;
}

int fbcon_init(const struct fb_info *fb, const struct psf_font *font)
{
	struct video_cells shadow;
	uint32_t bpp = fb->bpp;
	int err;

	if (!font || !fb->addr)
		return -EINVAL;
	if (bpp != 15 && bpp != 16 && bpp != 24 && bpp != 32)
		return -EOPNOTSUPP;
	if (!field_fits(fb->red_pos, fb->red_size, bpp) ||
	    !field_fits(fb->green_pos, fb->green_size, bpp) ||
	    !field_fits(fb->blue_pos, fb->blue_size, bpp))
		return -EINVAL;
	fbc.bytespp = (bpp + 7) / 8;
	if (fb->width < font->width || fb->height < font->height ||
	    fb->pitch < (uint64_t)fb->width * fbc.bytespp)
		return -EINVAL;
	fbc.base = (volatile uint8_t *)(uintptr_t)fb->addr;
	fbc.pitch = fb->pitch;
	fbc.width = fb->width;
	fbc.height = fb->height;
	fbc.info = *fb;
	fbc.font = font;
	for (int i = 0; i < 16; i++)
		fbc.colour[i] = pack(vga_palette[i]);
	err = video_cells_alloc(fb->width / font->width, fb->height / font->height, &shadow);
	if (err)
		return err;
	/* Start clean (GRUB leaves its menu on the screen); the grid then
	 * knows the glass is blank. */
	fill_rect(0, 0, fbc.width, fbc.height, fbc.colour[TG_BLACK]);
	textgrid_init(&fbc.grid, shadow.cols, shadow.rows, shadow.want, shadow.glass, shadow.dirty,
		      true);
	fbc.grid.draw = fb_draw_cell;
	snprintf(fbc.desc, sizeof(fbc.desc), "%ux%ux%u framebuffer", fb->width, fb->height, bpp);
	fbc.con.name = "fbcon";
	fbc.con.flags = CON_PEOPLE;
	fbc.con.desc = fbc.desc;
	fbc.con.write = fbcon_write;
	fbc.con.grid = &fbc.grid;
	console_register(&fbc.con);
	return 0;
}
