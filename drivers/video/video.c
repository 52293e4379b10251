/* Picks the screen console that matches what the boot loader set up, with the
 * console font linked into the kernel (Debian's Lat15-VGA16, a PSF1 file,
 * added by the Makefile with `ld -b binary`). */
#include "drivers/video/video.h"
#include "kernel/kalloc.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "mm/paging.h"

#define VGA_TEXT_ADDR 0xb8000
#define VGA_TEXT_COLS 80
#define VGA_TEXT_ROWS 25

extern const uint8_t _binary_font_psf_start[], _binary_font_psf_end[];

static struct psf_font font;
static bool registered;
static char text_desc[32];

/* The consoles start before paging_init(), when only the boot identity map
 * of the first 4 GiB exists. A screen above it (a 64-bit BAR with "Above 4G
 * decoding" or Resizable BAR) is mapped here first, so the console works on
 * such PCs too instead of faulting on the first pixel. */
static int map_screen(uint64_t addr, uint64_t len)
{
	int err = paging_map_mmio(addr, len);

	if (err && err != -EEXIST)
		printk("video: cannot map the screen at %#llx (%llu bytes): %s\n",
		       (unsigned long long)addr, (unsigned long long)len, errno_name(err));
	return err == -EEXIST ? 0 : err;
}

int video_cells_alloc(uint32_t cols, uint32_t rows, struct video_cells *out)
{
	size_t n;

	out->cols = cols < VIDEO_MAX_COLS ? cols : VIDEO_MAX_COLS;
	out->rows = rows < VIDEO_MAX_ROWS ? rows : VIDEO_MAX_ROWS;
	n = (size_t)out->cols * out->rows;
	/* From the heap, sized to this screen: the kernel image stays small. */
	out->want = kzalloc(n * sizeof(struct tg_cell));
	out->glass = kzalloc(n * sizeof(struct tg_cell));
	out->dirty = kzalloc(out->rows * sizeof(bool));
	if (!out->want || !out->glass || !out->dirty) {
		kfree(out->want);
		kfree(out->glass);
		kfree(out->dirty);
		return -ENOMEM;
	}
	return 0;
}

int video_console_init(const struct fb_info *fb)
{
	enum fb_kind kind = fb ? fb->kind : FB_KIND_NONE;
	size_t len = (size_t)(_binary_font_psf_end - _binary_font_psf_start);
	uint32_t stride;
	int font_err, ret;

	/* Registering the same console twice would loop the console list (and
	 * reloading would clear the font under the live console). */
	if (registered)
		return -EBUSY;
	font_err = psf_load(&font, _binary_font_psf_start, len);
	if (font_err)
		printk("video: built-in font rejected (%s)\n", errno_name(font_err));
	switch (kind) {
	case FB_KIND_NONE:
		ret = vga_text_init(VGA_TEXT_ADDR, VGA_TEXT_COLS, VGA_TEXT_ROWS, VGA_TEXT_COLS,
				    "80x25 VGA text");
		break;
	case FB_KIND_EGA_TEXT:
		/* The tag's pitch is in bytes and a cell is two; trust it only if
		 * it can hold a row. */
		stride = fb->pitch / 2 >= fb->width ? fb->pitch / 2 : fb->width;
		ret = map_screen(fb->addr, (uint64_t)stride * 2 * fb->height);
		if (ret)
			break;
		snprintf(text_desc, sizeof(text_desc), "%ux%u EGA text", fb->width, fb->height);
		ret = vga_text_init((uintptr_t)fb->addr, fb->width, fb->height, stride, text_desc);
		break;
	case FB_KIND_RGB:
		ret = map_screen(fb->addr, (uint64_t)fb->pitch * fb->height);
		if (!ret)
			ret = font_err ? font_err : fbcon_init(fb, &font);
		break;
	case FB_KIND_INDEXED:
		ret = -EOPNOTSUPP;
		break;
	default:
		ret = -EINVAL;
		break;
	}
	if (!ret)
		registered = true;
	return ret;
}
