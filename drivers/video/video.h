/* Internal interface between video.c (which picks a console) and the console
 * drivers in this directory. */
#ifndef DRIVERS_VIDEO_VIDEO_H
#define DRIVERS_VIDEO_VIDEO_H

#include <stdint.h>

#include "drivers/video/fb.h"
#include "drivers/video/psf.h"
#include "kernel/textgrid.h"

/* A screen console's cell shadow (kernel/textgrid.h), from the kernel heap:
 * a grid larger than VIDEO_MAX_COLS x VIDEO_MAX_ROWS (2048x1536 with an
 * 8x16 font) uses the top-left part of the screen. */
#define VIDEO_MAX_COLS 256
#define VIDEO_MAX_ROWS 96

struct video_cells {
	uint32_t cols, rows; /* clipped to the maximum */
	struct tg_cell *want, *glass;
	bool *dirty;
};

/* Returns 0 or -ENOMEM. */
int video_cells_alloc(uint32_t cols, uint32_t rows, struct video_cells *out);

/* Text cells (character, attribute) at `cells`, cols x rows, `stride` cells
 * from one row to the next; desc names the mode for the screen's header. */
int vga_text_init(uintptr_t cells, uint32_t cols, uint32_t rows, uint32_t stride, const char *desc);

/* Linear RGB framebuffer of 15, 16, 24 or 32 bits per pixel; needs a font. */
int fbcon_init(const struct fb_info *fb, const struct psf_font *font);

#endif
