/* PC Screen Font parser (PSF1 and PSF2), written from the format as kbd's
 * psfxtable and the Linux console use it:
 *
 *   PSF1: 0x36 0x04, mode, charsize; 256 (or 512 with mode bit 0) glyphs of
 *         charsize bytes, 8 pixels wide; if mode bit 1 or 2 is set, a unicode
 *         table follows: per glyph, little-endian 16-bit code points, 0xfffe
 *         starting a multi-character sequence, 0xffff ending the glyph.
 *   PSF2: 32-byte little-endian header (magic 0x864ab572, version 0,
 *         headersize, flags, numglyph, bytesperglyph, height, width); glyphs
 *         at headersize; with flags bit 0 a unicode table follows, the same
 *         shape but UTF-8 with 0xfe / 0xff as the markers.
 *
 * Everything read from the buffer is bounds-checked: the font is a linked-in
 * blob today, but the parser is tested with hostile input. */
#include "drivers/video/psf.h"

#include "lib/errno.h"
#include "lib/string.h"

#define PSF1_HEADER_SIZE 4
#define PSF1_MODE512	 0x01
#define PSF1_MODEHASTAB	 0x02
#define PSF1_MODEHASSEQ	 0x04
#define PSF1_MODE_MASK	 0x07

#define PSF2_HEADER_SIZE       32
#define PSF2_HAS_UNICODE_TABLE 0x01

/* Table markers, decoded to values no code point can take. */
#define ENTRY_END UINT32_MAX	   /* end of this glyph's entries */
#define ENTRY_SEQ (UINT32_MAX - 1) /* a multi-character sequence starts */

static const uint8_t psf1_magic[2] = {0x36, 0x04};
static const uint8_t psf2_magic[4] = {0x72, 0xb5, 0x4a, 0x86};

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Walks the unicode table one single-character entry at a time; entries inside
 * sequences are skipped because a console draws one glyph per character. */
struct table_walk {
	const uint8_t *p, *end;
	uint8_t version;
	uint32_t numglyph;
	uint32_t glyph; /* glyph the next entry belongs to */
	bool in_seq;
};

static int read_ucs2(struct table_walk *w, uint32_t *v)
{
	if (w->end - w->p < 2)
		return -EBADMSG;
	*v = (uint32_t)w->p[0] | (uint32_t)w->p[1] << 8;
	w->p += 2;
	if (*v == 0xffff)
		*v = ENTRY_END;
	else if (*v == 0xfffe)
		*v = ENTRY_SEQ;
	return 0;
}

static int read_utf8(struct table_walk *w, uint32_t *v)
{
	uint32_t b, min;
	size_t more, i;

	if (w->p >= w->end)
		return -EBADMSG;
	b = *w->p++;
	if (b == 0xff) {
		*v = ENTRY_END;
		return 0;
	}
	if (b == 0xfe) {
		*v = ENTRY_SEQ;
		return 0;
	}
	if (b < 0x80) {
		*v = b;
		return 0;
	}
	if ((b & 0xe0) == 0xc0) {
		more = 1;
		min = 0x80;
		b &= 0x1f;
	} else if ((b & 0xf0) == 0xe0) {
		more = 2;
		min = 0x800;
		b &= 0x0f;
	} else if ((b & 0xf8) == 0xf0) {
		more = 3;
		min = 0x10000;
		b &= 0x07;
	} else {
		return -EBADMSG; /* a stray continuation byte or an invalid lead byte */
	}
	if ((size_t)(w->end - w->p) < more)
		return -EBADMSG;
	for (i = 0; i < more; i++) {
		if ((w->p[i] & 0xc0) != 0x80)
			return -EBADMSG;
		b = b << 6 | (w->p[i] & 0x3f);
	}
	w->p += more;
	/* Overlong forms would let two byte strings name one character. */
	if (b < min || b > 0x10ffff)
		return -EBADMSG;
	*v = b;
	return 0;
}

static void walk_start(struct table_walk *w, const struct psf_font *f)
{
	w->p = f->table;
	w->end = f->table_end;
	w->version = f->version;
	w->numglyph = f->numglyph;
	w->glyph = 0;
	w->in_seq = false;
}

/* Returns 1 with the next entry in *cp / *glyph, 0 once every glyph's list has
 * ended, or -EBADMSG if the table is cut short or malformed. */
static int walk_next(struct table_walk *w, uint32_t *cp, uint32_t *glyph)
{
	while (w->glyph < w->numglyph) {
		uint32_t v;
		int err = w->version == 1 ? read_ucs2(w, &v) : read_utf8(w, &v);

		if (err)
			return err;
		if (v == ENTRY_END) {
			w->glyph++;
			w->in_seq = false;
		} else if (v == ENTRY_SEQ) {
			w->in_seq = true;
		} else if (!w->in_seq) {
			*cp = v;
			*glyph = w->glyph;
			return 1;
		}
	}
	return 0;
}

static int load_psf1(struct psf_font *f, const uint8_t *p, size_t len)
{
	uint8_t mode, charsize;
	size_t glyph_bytes;

	if (len < PSF1_HEADER_SIZE)
		return -EBADMSG;
	mode = p[2];
	charsize = p[3];
	if ((mode & ~PSF1_MODE_MASK) || charsize == 0)
		return -EBADMSG;
	f->version = 1;
	f->numglyph = (mode & PSF1_MODE512) ? 512 : 256;
	f->width = 8;
	f->height = charsize;
	f->bytesperrow = 1;
	f->bytesperglyph = charsize;
	glyph_bytes = (size_t)f->numglyph * charsize;
	if (len - PSF1_HEADER_SIZE < glyph_bytes)
		return -EBADMSG;
	f->glyphs = p + PSF1_HEADER_SIZE;
	if (mode & (PSF1_MODEHASTAB | PSF1_MODEHASSEQ)) {
		f->table = f->glyphs + glyph_bytes;
		f->table_end = p + len;
	}
	return 0;
}

static int load_psf2(struct psf_font *f, const uint8_t *p, size_t len)
{
	uint32_t headersize, flags;
	uint64_t row, glyph_bytes;

	if (len < PSF2_HEADER_SIZE)
		return -EBADMSG;
	if (get_le32(p + 4) != 0)
		return -EINVAL; /* a later format revision we do not know */
	headersize = get_le32(p + 8);
	flags = get_le32(p + 12);
	f->version = 2;
	f->numglyph = get_le32(p + 16);
	f->bytesperglyph = get_le32(p + 20);
	f->height = get_le32(p + 24);
	f->width = get_le32(p + 28);
	if (headersize < PSF2_HEADER_SIZE || headersize > len)
		return -EBADMSG;
	if (f->numglyph == 0 || f->height == 0 || f->width == 0)
		return -EBADMSG;
	/* 64-bit arithmetic: none of these products can wrap. */
	row = ((uint64_t)f->width + 7) / 8;
	if (row * f->height != f->bytesperglyph)
		return -EBADMSG;
	f->bytesperrow = (uint32_t)row;
	glyph_bytes = (uint64_t)f->numglyph * f->bytesperglyph;
	if (glyph_bytes > len - headersize)
		return -EBADMSG;
	f->glyphs = p + headersize;
	if (flags & PSF2_HAS_UNICODE_TABLE) {
		f->table = f->glyphs + glyph_bytes;
		f->table_end = p + len;
	}
	return 0;
}

/* Does the buffer hold the start of `magic` but end before the whole of it? */
static bool is_cut_magic(const uint8_t *p, size_t len, const uint8_t *magic, size_t mlen)
{
	size_t i;

	if (len >= mlen)
		return false;
	for (i = 0; i < len; i++)
		if (p[i] != magic[i])
			return false;
	return true;
}

/* Validates the whole unicode table once, so lookups can trust it, and fills
 * the direct map for code points 0..255 (the first glyph listed wins). */
static int build_map(struct psf_font *f)
{
	struct table_walk w;
	uint32_t cp, glyph;
	int ret;

	for (cp = 0; cp < 256; cp++)
		f->map[cp] = f->table ? PSF_NO_GLYPH : (cp < f->numglyph ? cp : PSF_NO_GLYPH);
	if (!f->table)
		return 0;
	walk_start(&w, f);
	while ((ret = walk_next(&w, &cp, &glyph)) > 0)
		if (cp < 256 && f->map[cp] == PSF_NO_GLYPH)
			f->map[cp] = glyph;
	return ret;
}

int psf_load(struct psf_font *f, const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t q;
	int ret;

	memset(f, 0, sizeof(*f));
	if (!p && len)
		return -EINVAL;
	if (len >= sizeof(psf1_magic) && p[0] == psf1_magic[0] && p[1] == psf1_magic[1])
		ret = load_psf1(f, p, len);
	else if (len >= sizeof(psf2_magic) && memcmp(p, psf2_magic, sizeof(psf2_magic)) == 0)
		ret = load_psf2(f, p, len);
	else if (is_cut_magic(p, len, psf1_magic, sizeof(psf1_magic)) ||
		 is_cut_magic(p, len, psf2_magic, sizeof(psf2_magic)))
		ret = -EBADMSG;
	else
		ret = -EINVAL;
	if (!ret)
		ret = build_map(f);
	if (ret) {
		memset(f, 0, sizeof(*f));
		return ret;
	}
	q = f->map['?'];
	f->fallback = q == PSF_NO_GLYPH ? 0 : q;
	return 0;
}

uint32_t psf_lookup(const struct psf_font *f, uint32_t c)
{
	struct table_walk w;
	uint32_t cp, glyph;

	if (c < 256)
		return f->map[c];
	if (!f->table)
		return c < f->numglyph ? c : PSF_NO_GLYPH;
	/* Rare (the consoles print bytes), so a linear scan is good enough. */
	walk_start(&w, f);
	while (walk_next(&w, &cp, &glyph) > 0)
		if (cp == c)
			return glyph;
	return PSF_NO_GLYPH;
}

const uint8_t *psf_glyph(const struct psf_font *f, uint32_t c)
{
	uint32_t g = psf_lookup(f, c);

	if (g == PSF_NO_GLYPH)
		g = f->fallback;
	return f->glyphs + (size_t)g * f->bytesperglyph;
}
