/* Framebuffer text console: draws PSF glyphs into a linear RGB framebuffer
 * (the only screen under UEFI, and what GRUB sets up on BIOS too when the
 * kernel asks for a framebuffer). Light grey on black, line wrap, scrolling,
 * and a large centred verdict banner. */
#include "drivers/video/video.h"
#include "kernel/console.h"
#include "lib/errno.h"

#define TAB_WIDTH    8
#define BANNER_SCALE 6

struct rgb {
	uint8_t r, g, b;
};

static const struct rgb text_fg = {0xaa, 0xaa, 0xaa};
static const struct rgb text_bg = {0x00, 0x00, 0x00};
static const struct rgb banner_rgb[] = {
    [BANNER_RED] = {0xe0, 0x20, 0x20},
    [BANNER_GREEN] = {0x20, 0xd0, 0x20},
    [BANNER_YELLOW] = {0xe0, 0xd0, 0x20},
};

static struct {
	struct console con;
	volatile uint8_t *base;
	uint32_t pitch, width, height, bytespp;
	struct fb_info info; /* for the colour field layout */
	const struct psf_font *font;
	uint32_t cols, rows;
	/* x == cols means the line is full: wrap only when the next character
	 * comes, so a line of exactly `cols` characters plus '\n' leaves no gap. */
	uint32_t x, y;
	uint32_t fg, bg;
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

static void draw_char(uint32_t cx, uint32_t cy, uint8_t ch)
{
	const struct psf_font *f = fbc.font;
	const uint8_t *g = psf_glyph(f, ch);

	for (uint32_t y = 0; y < f->height; y++) {
		volatile uint8_t *p = pixel_addr(cx * f->width, cy * f->height + y);

		for (uint32_t x = 0; x < f->width; x++, p += fbc.bytespp)
			put_pixel(p, psf_pixel(f, g, x, y) ? fbc.fg : fbc.bg);
	}
}

/* Forward copy (dst below src), in 64-bit words when both ends allow it:
 * byte copies of a whole screen are far too slow under QEMU's TCG. */
static void copy_down_to(volatile uint8_t *dst, const volatile uint8_t *src, size_t n)
{
	size_t i = 0;

	if ((((uintptr_t)dst | (uintptr_t)src) & 7) == 0) {
		volatile uint64_t *d = (volatile uint64_t *)dst;
		const volatile uint64_t *s = (const volatile uint64_t *)src;

		for (; i < n / 8; i++)
			d[i] = s[i];
		i *= 8;
	}
	for (; i < n; i++)
		dst[i] = src[i];
}

static void scroll_up(void)
{
	uint32_t line_px = fbc.font->height;

	/* Pixel lines of the text area are `pitch` apart, so rows 1.. move up as
	 * one block; pixels below the last text row are never touched. */
	copy_down_to(fbc.base, fbc.base + (size_t)line_px * fbc.pitch,
		     (size_t)(fbc.rows - 1) * line_px * fbc.pitch);
	fill_rect(0, (fbc.rows - 1) * line_px, fbc.cols * fbc.font->width, line_px, fbc.bg);
}

static void newline(void)
{
	fbc.x = 0;
	if (fbc.y + 1 < fbc.rows)
		fbc.y++;
	else
		scroll_up();
}

static void put_char(uint8_t ch)
{
	if (fbc.x >= fbc.cols)
		newline();
	draw_char(fbc.x++, fbc.y, ch);
}

static void fbcon_write(struct console *con, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t ch = (uint8_t)s[i];

		switch (ch) {
		case '\n':
			newline();
			break;
		case '\r':
			fbc.x = 0;
			break;
		case '\b':
			if (fbc.x > 0)
				fbc.x = (fbc.x > fbc.cols ? fbc.cols : fbc.x) - 1;
			break;
		case '\t':
			do
				put_char(' ');
			while (fbc.x % TAB_WIDTH && fbc.x < fbc.cols);
			break;
		default:
			put_char(ch);
			break;
		}
	}
}

/* Draws the first line of `text` `scale` times the font size, centred on the
 * screen over whatever is there, on a black box with a coloured frame. */
static void fbcon_banner(struct console *con, const char *text)
{
	const struct psf_font *f = fbc.font;
	uint32_t colour = pack(banner_rgb[banner_colour_of(text)]);
	uint32_t n = 0, scale = BANNER_SCALE, pad, frame, tw, th, x0, y0;
	bool fits;

	while (text[n] && text[n] != '\n')
		n++;
	if (n > fbc.width / f->width)
		n = fbc.width / f->width;
	if (n == 0)
		return;
	/* Shrink to fit a small screen, keeping room for the padding. */
	while (scale > 1 && (n * f->width * scale + f->width * scale > fbc.width ||
			     f->height * scale + f->width * scale > fbc.height))
		scale--;
	tw = n * f->width * scale;
	th = f->height * scale;
	fits = tw + f->width * scale <= fbc.width && th + f->width * scale <= fbc.height;
	pad = fits ? f->width * scale / 2 : 0;
	frame = pad ? (scale + 1) / 2 : 0;
	x0 = (fbc.width - tw) / 2;
	y0 = (fbc.height - th) / 2;

	fill_rect(x0 - pad, y0 - pad, tw + 2 * pad, th + 2 * pad, colour);
	fill_rect(x0 - pad + frame, y0 - pad + frame, tw + 2 * (pad - frame),
		  th + 2 * (pad - frame), pack(text_bg));
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *g = psf_glyph(f, (uint8_t)text[i]);

		for (uint32_t y = 0; y < f->height; y++)
			for (uint32_t x = 0; x < f->width; x++)
				if (psf_pixel(f, g, x, y))
					fill_rect(x0 + (i * f->width + x) * scale, y0 + y * scale,
						  scale, scale, colour);
	}
}

static bool field_fits(uint8_t pos, uint8_t size, uint32_t bpp)
{
	return size <= 32 && (uint32_t)pos + size <= bpp;
}

int fbcon_init(const struct fb_info *fb, const struct psf_font *font)
{
	uint32_t bpp = fb->bpp;

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
	fbc.cols = fb->width / font->width;
	fbc.rows = fb->height / font->height;
	fbc.x = fbc.y = 0;
	fbc.fg = pack(text_fg);
	fbc.bg = pack(text_bg);
	/* Start clean: GRUB leaves its menu on the screen. */
	fill_rect(0, 0, fbc.width, fbc.height, fbc.bg);
	fbc.con.name = "fbcon";
	fbc.con.write = fbcon_write;
	fbc.con.banner = fbcon_banner;
	console_register(&fbc.con);
	return 0;
}
