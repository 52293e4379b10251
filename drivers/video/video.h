/* Internal interface between video.c (which picks a console) and the console
 * drivers in this directory. */
#ifndef DRIVERS_VIDEO_VIDEO_H
#define DRIVERS_VIDEO_VIDEO_H

#include <stdint.h>

#include "drivers/video/fb.h"
#include "drivers/video/psf.h"

/* Text cells (character, attribute) at `cells`, cols x rows, `stride` cells
 * from one row to the next. `font` may be NULL: the banner then falls back to
 * plain coloured text. */
int vga_text_init(uintptr_t cells, uint32_t cols, uint32_t rows, uint32_t stride,
		  const struct psf_font *font);

/* Linear RGB framebuffer of 15, 16, 24 or 32 bits per pixel; needs a font. */
int fbcon_init(const struct fb_info *fb, const struct psf_font *font);

/* The banner colour follows the verdict word the text starts with. */
enum banner_colour { BANNER_RED, BANNER_GREEN, BANNER_YELLOW };
enum banner_colour banner_colour_of(const char *text);

#endif
