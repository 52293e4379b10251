/* What the video drivers need to know about the screen the loader set up
 * (filled from the multiboot2 framebuffer tag by kernel/main.c). */
#ifndef DRIVERS_VIDEO_FB_H
#define DRIVERS_VIDEO_FB_H

#include <stdint.h>

enum fb_kind {
	FB_KIND_NONE,	 /* no tag: legacy VGA text at 0xB8000 (BIOS only) */
	FB_KIND_INDEXED, /* multiboot2 framebuffer type 0: not supported for drawing */
	FB_KIND_RGB,	 /* type 1: linear RGB, draw glyphs */
	FB_KIND_EGA_TEXT /* type 2: text cells at addr, width x height characters */
};

struct fb_info {
	enum fb_kind kind;
	uint64_t addr;
	uint32_t pitch;		/* bytes per line */
	uint32_t width, height; /* pixels, or characters for EGA text */
	uint8_t bpp;
	uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

/* Registers the console that fits `fb` (VGA text, EGA text cells or a
 * framebuffer with the embedded PSF font). Returns 0 or -errno. */
int video_console_init(const struct fb_info *fb);

#endif
