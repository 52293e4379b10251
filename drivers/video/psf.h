/* PC Screen Font (PSF1 and PSF2) parser: validates a font held in memory and
 * finds the glyph bitmap for a character. Pure C, no hardware access, so the
 * same code runs in the kernel and in the host tests. */
#ifndef DRIVERS_VIDEO_PSF_H
#define DRIVERS_VIDEO_PSF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PSF_NO_GLYPH UINT32_MAX

struct psf_font {
	uint8_t version;	/* 1 or 2 */
	uint32_t numglyph;	/* glyphs in the font */
	uint32_t bytesperglyph; /* height * bytesperrow */
	uint32_t height, width; /* pixels */
	uint32_t bytesperrow;	/* (width + 7) / 8: rows are padded to whole bytes */
	const uint8_t *glyphs;	/* first glyph bitmap, inside the caller's buffer */
	/* Unicode table (inside the caller's buffer), or NULL when the font has none. */
	const uint8_t *table, *table_end;
	/* Glyph index for code points 0..255 (from the table, or the identity),
	 * PSF_NO_GLYPH when the font has no glyph for it. */
	uint32_t map[256];
	uint32_t fallback; /* glyph for characters the font lacks: '?' or glyph 0 */
};

/* Parses the font in data[0..len). The buffer must stay alive as long as `f`
 * is used (glyphs are not copied). Returns 0, -EINVAL if it is not a PSF
 * font (bad magic, unknown PSF2 version), or -EBADMSG if it is truncated or
 * its sizes or unicode table are inconsistent. */
int psf_load(struct psf_font *f, const void *data, size_t len);

/* Glyph bitmap for Unicode code point `c` (bytes 0x80-0xff are taken as
 * Latin-1, which is the same thing). Never NULL for a loaded font: a
 * character the font lacks gets '?' (or glyph 0 if there is no '?'). */
const uint8_t *psf_glyph(const struct psf_font *f, uint32_t c);

/* Glyph index for `c`, or PSF_NO_GLYPH if the font has none (no fallback). */
uint32_t psf_lookup(const struct psf_font *f, uint32_t c);

/* Is pixel (x, y) of `glyph` set? Bits run MSB first within each row. */
static inline bool psf_pixel(const struct psf_font *f, const uint8_t *glyph, uint32_t x, uint32_t y)
{
	return glyph[y * f->bytesperrow + x / 8] & (0x80u >> (x % 8));
}

#endif
