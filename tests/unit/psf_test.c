/* Tests of the PSF font parser (drivers/video/psf.c) with small PSF1 and PSF2
 * fonts built here byte by byte: header fields, glyph lookup with and without
 * a unicode table, and rejection of bad magic, truncation and inconsistent
 * sizes. Every blob is handed to the parser at the very end of a buffer, so a
 * read past its length hits ASan's redzone on the host. */
#include "drivers/video/psf.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/string.h"

struct blob {
	uint8_t b[4096];
	size_t len;
};

static void put8(struct blob *bl, uint32_t v)
{
	if (bl->len < sizeof(bl->b))
		bl->b[bl->len] = (uint8_t)v;
	bl->len++; /* an overflow shows up as len > sizeof(b), checked by at_end() */
}

static void put16(struct blob *bl, uint32_t v)
{
	put8(bl, v & 0xff);
	put8(bl, v >> 8 & 0xff);
}

static void put32(struct blob *bl, uint32_t v)
{
	put16(bl, v & 0xffff);
	put16(bl, v >> 16);
}

static void put_bytes(struct blob *bl, const char *s)
{
	while (*s)
		put8(bl, (uint8_t)*s++);
}

static uint8_t tail_buf[4096];

/* Copies the first `len` bytes of the blob to the end of tail_buf. */
static const uint8_t *at_end(const struct blob *bl, size_t len)
{
	if (len > sizeof(tail_buf) || len > bl->len || bl->len > sizeof(bl->b))
		return NULL;
	memmove(tail_buf + sizeof(tail_buf) - len, bl->b, len);
	return tail_buf + sizeof(tail_buf) - len;
}

/* psf_load() on the first `len` bytes of the blob, placed at a buffer's end. */
static int load_prefix(struct psf_font *f, const struct blob *bl, size_t len)
{
	const uint8_t *p = at_end(bl, len);

	if (!p)
		return -E2BIG; /* a test bug: no PSF error code */
	return psf_load(f, p, len);
}

static int load_all(struct psf_font *f, const struct blob *bl)
{
	return load_prefix(f, bl, bl->len);
}

/* Start of the loaded copy of the blob (valid after load_all()). */
static const uint8_t *loaded(const struct blob *bl)
{
	return tail_buf + sizeof(tail_buf) - bl->len;
}

/* ---- PSF1 ---- */

#define PSF1_CHARSIZE 2

/* PSF1 header and glyphs; glyph i is the bytes (i, ~i) so glyphs differ. */
static void psf1_build(struct blob *bl, uint8_t mode, uint8_t charsize)
{
	uint32_t n = (mode & 1) ? 512 : 256;

	bl->len = 0;
	put8(bl, 0x36);
	put8(bl, 0x04);
	put8(bl, mode);
	put8(bl, charsize);
	for (uint32_t i = 0; i < n; i++)
		for (uint32_t r = 0; r < charsize; r++)
			put8(bl, r % 2 ? ~i & 0xff : i & 0xff);
}

/* Table: glyph 0 = 'A'; glyph 1 = '?'; glyph 2 = U+00E9 and U+263A; glyph 3 =
 * only the sequence "B" U+0301 (so 'B' itself has no glyph); glyph 4 = 'A'
 * again (the first listing wins); the rest nothing. */
static void psf1_put_table(struct blob *bl, uint32_t nglyph, bool with_question)
{
	put16(bl, 'A');
	put16(bl, 0xffff);
	if (with_question)
		put16(bl, '?');
	put16(bl, 0xffff);
	put16(bl, 0x00e9);
	put16(bl, 0x263a);
	put16(bl, 0xffff);
	put16(bl, 0xfffe);
	put16(bl, 'B');
	put16(bl, 0x0301);
	put16(bl, 0xffff);
	put16(bl, 'A');
	put16(bl, 0xffff);
	for (uint32_t i = 5; i < nglyph; i++)
		put16(bl, 0xffff);
}

/* The blob under test (static: it is too big for a small kernel stack). */
static struct blob tb;

static void psf1_header(struct ktest *t)
{
	struct psf_font f;

	psf1_build(&tb, 0, 8);
	KTEST_ASSERT_INT_EQ(t, load_all(&f, &tb), 0);
	KTEST_EXPECT_EQ(t, tb.len, 4 + 256 * 8);
	KTEST_EXPECT_EQ(t, f.version, 1);
	KTEST_EXPECT_EQ(t, f.numglyph, 256);
	KTEST_EXPECT_EQ(t, f.width, 8);
	KTEST_EXPECT_EQ(t, f.height, 8);
	KTEST_EXPECT_EQ(t, f.bytesperrow, 1);
	KTEST_EXPECT_EQ(t, f.bytesperglyph, 8);
	KTEST_EXPECT_TRUE(t, f.glyphs == loaded(&tb) + 4);
	KTEST_EXPECT_NULL(t, f.table);
}

static void psf1_mode512(struct ktest *t)
{
	struct psf_font f;

	psf1_build(&tb, 0x01, PSF1_CHARSIZE);
	KTEST_ASSERT_INT_EQ(t, load_all(&f, &tb), 0);
	KTEST_EXPECT_EQ(t, f.numglyph, 512);
	/* Without a table, glyph index = code, also above 255. */
	KTEST_EXPECT_EQ(t, psf_lookup(&f, 511), 511);
	KTEST_EXPECT_EQ(t, psf_lookup(&f, 512), PSF_NO_GLYPH);
}

static void psf1_glyph_without_table(struct ktest *t)
{
	struct psf_font f;

	psf1_build(&tb, 0, PSF1_CHARSIZE);
	KTEST_ASSERT_INT_EQ(t, load_all(&f, &tb), 0);
	KTEST_EXPECT_TRUE(t, psf_glyph(&f, 'A') == f.glyphs + 'A' * PSF1_CHARSIZE);
	KTEST_EXPECT_TRUE(t, psf_glyph(&f, 0) == f.glyphs);
	KTEST_EXPECT_TRUE(t, psf_glyph(&f, 0xff) == f.glyphs + 0xff * PSF1_CHARSIZE);
	KTEST_EXPECT_EQ(t, psf_glyph(&f, 'A')[0], 'A');
	KTEST_EXPECT_EQ(t, psf_glyph(&f, 'A')[1], (uint8_t) ~'A');
	/* Past the font: '?' is glyph 63. */
	KTEST_EXPECT_EQ(t, psf_lookup(&f, 256), PSF_NO_GLYPH);
	KTEST_EXPECT_TRUE(t, psf_glyph(&f, 256) == f.glyphs + '?' * PSF1_CHARSIZE);
	KTEST_EXPECT_TRUE(t, psf_glyph(&f, 0x263a) == f.glyphs + '?' * PSF1_CHARSIZE);
}

static void psf1_unicode_table(struct ktest *t)
{
	struct psf_font f;

	psf1_build(&tb, 0x02, PSF1_CHARSIZE);
	psf1_put_table(&tb, 256, true);
	KTEST_ASSERT_INT_EQ(t, load_all(&f, &tb), 0);
	KTEST_EXPECT_TRUE(t, f.table == loaded(&tb) + 4 + 256 * PSF1_CHARSIZE);
	KTEST_EXPECT_TRUE(t, f.table_end == loaded(&tb) + tb.len);
	KTEST_EXPECT_EQ(t, psf_lookup(&f, 'A'), 0);
	KTEST_EXPECT_EQ(t, psf_lookup(&f, '?'), 1);
	KTEST_EXPECT_EQ(t, psf_lookup(&f, 0xe9), 2);
	KTEST_EXPECT_EQ(t, psf_lookup(&f, 0x263a), 2); /* above 255: the table scan */
	/* Only part of a sequence, and absent characters, have no glyph. */
	KTEST_EXPECT_EQ(t, psf_lookup(&f, 'B'), PSF_NO_GLYPH);
	KTEST_EXPECT_EQ(t, psf_lookup(&f, 0x0301), PSF_NO_GLYPH);
	KTEST_EXPECT_EQ(t, psf_lookup(&f, 'C'), PSF_NO_GLYPH);
	KTEST_EXPECT_EQ(t, psf_lookup(&f, 0x2600), PSF_NO_GLYPH);
	/* The table, not the code, picks the glyph; misses draw '?'. */
	KTEST_EXPECT_TRUE(t, psf_glyph(&f, 'A') == f.glyphs);
	KTEST_EXPECT_TRUE(t, psf_glyph(&f, 0xe9) == f.glyphs + 2 * PSF1_CHARSIZE);
	KTEST_EXPECT_TRUE(t, psf_glyph(&f, 'B') == f.glyphs + 1 * PSF1_CHARSIZE);
	KTEST_EXPECT_TRUE(t, psf_glyph(&f, 0x10ffff) == f.glyphs + 1 * PSF1_CHARSIZE);
}

static void psf1_table_without_question_mark(struct ktest *t)
{
	struct psf_font f;

	psf1_build(&tb, 0x02, PSF1_CHARSIZE);
	psf1_put_table(&tb, 256, false);
	KTEST_ASSERT_INT_EQ(t, load_all(&f, &tb), 0);
	KTEST_EXPECT_EQ(t, psf_lookup(&f, '?'), PSF_NO_GLYPH);
	KTEST_EXPECT_TRUE(t, psf_glyph(&f, 'Z') == f.glyphs);
	KTEST_EXPECT_TRUE(t, psf_glyph(&f, 0x263a) == f.glyphs + 2 * PSF1_CHARSIZE);
}

static void psf1_seq_mode_has_table(struct ktest *t)
{
	struct psf_font f;

	/* Mode bit 2 (sequences) alone also means a table follows. */
	psf1_build(&tb, 0x04, PSF1_CHARSIZE);
	psf1_put_table(&tb, 256, true);
	KTEST_ASSERT_INT_EQ(t, load_all(&f, &tb), 0);
	KTEST_EXPECT_NOT_NULL(t, f.table);
	KTEST_EXPECT_EQ(t, psf_lookup(&f, 'A'), 0);
	/* A 512-glyph font needs 512 lists. */
	psf1_build(&tb, 0x03, PSF1_CHARSIZE);
	psf1_put_table(&tb, 512, true);
	KTEST_ASSERT_INT_EQ(t, load_all(&f, &tb), 0);
	KTEST_EXPECT_EQ(t, psf_lookup(&f, 0x263a), 2);
	psf1_build(&tb, 0x03, PSF1_CHARSIZE);
	psf1_put_table(&tb, 511, true);
	KTEST_EXPECT_INT_EQ(t, load_all(&f, &tb), -EBADMSG);
}

static void psf1_bad_magic(struct ktest *t)
{
	struct psf_font f;

	psf1_build(&tb, 0, PSF1_CHARSIZE);
	tb.b[1] = 0x05;
	KTEST_EXPECT_INT_EQ(t, load_all(&f, &tb), -EINVAL);
	tb.b[0] = 0x37;
	tb.b[1] = 0x04;
	KTEST_EXPECT_INT_EQ(t, load_all(&f, &tb), -EINVAL);
	/* One byte that cannot start either magic. */
	KTEST_EXPECT_INT_EQ(t, load_prefix(&f, &tb, 1), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, psf_load(&f, NULL, 10), -EINVAL);
}

static void psf1_bad_header(struct ktest *t)
{
	struct psf_font f;

	psf1_build(&tb, 0, PSF1_CHARSIZE);
	tb.b[3] = 0; /* charsize 0 */
	KTEST_EXPECT_INT_EQ(t, load_all(&f, &tb), -EBADMSG);
	psf1_build(&tb, 0x08, PSF1_CHARSIZE); /* undefined mode bit */
	KTEST_EXPECT_INT_EQ(t, load_all(&f, &tb), -EBADMSG);
	/* Mode says 512 glyphs, the data holds 256. */
	psf1_build(&tb, 0, PSF1_CHARSIZE);
	tb.b[2] = 0x01;
	KTEST_EXPECT_INT_EQ(t, load_all(&f, &tb), -EBADMSG);
	/* charsize says 3 bytes a glyph, the data holds 2. */
	psf1_build(&tb, 0, PSF1_CHARSIZE);
	tb.b[3] = 3;
	KTEST_EXPECT_INT_EQ(t, load_all(&f, &tb), -EBADMSG);
	/* A table flag without a table: no glyph gets its terminator. */
	psf1_build(&tb, 0, PSF1_CHARSIZE);
	tb.b[2] = 0x02;
	KTEST_EXPECT_INT_EQ(t, load_all(&f, &tb), -EBADMSG);
	KTEST_EXPECT_NULL(t, f.glyphs); /* a failed load leaves nothing usable */
}

static void psf1_table_odd_byte(struct ktest *t)
{
	struct psf_font f;

	psf1_build(&tb, 0x02, PSF1_CHARSIZE);
	psf1_put_table(&tb, 255, true);
	put8(&tb, 0xff); /* half of the last terminator */
	KTEST_EXPECT_INT_EQ(t, load_all(&f, &tb), -EBADMSG);
	/* Bytes after the last list are ignored. */
	put8(&tb, 0xff);
	put8(&tb, 0x12);
	KTEST_EXPECT_INT_EQ(t, load_all(&f, &tb), 0);
}

static void psf1_every_truncation(struct ktest *t)
{
	struct psf_font f;
	size_t bad = 0;

	psf1_build(&tb, 0x02, PSF1_CHARSIZE);
	psf1_put_table(&tb, 256, true);
	KTEST_ASSERT_INT_EQ(t, load_all(&f, &tb), 0);
	for (size_t len = 0; len < tb.len; len++) {
		int ret = load_prefix(&f, &tb, len);

		if (ret != -EBADMSG) {
			ktest_info(t, "length %lu of %lu: got %d", (unsigned long)len,
				   (unsigned long)tb.len, ret);
			bad++;
		}
	}
	KTEST_EXPECT_EQ(t, bad, 0);
}

/* ---- PSF2 ---- */

#define P2_WIDTH  10 /* two bytes a row, six unused bits */
#define P2_HEIGHT 3
#define P2_BPG	  (2 * P2_HEIGHT)

struct psf2_hdr {
	uint32_t version, headersize, flags, numglyph, bpg, height, width;
};

static const struct psf2_hdr p2_default = {0, 32, 0, 3, P2_BPG, P2_HEIGHT, P2_WIDTH};

/* Header (padded to headersize if that is larger, but to 64 bytes at most so
 * an absurd headersize stays beyond the blob) and `nglyph` glyphs of `bpg`
 * bytes, glyph i filled with 0x10 * (i + 1) + byte index. */
static void psf2_build(struct blob *bl, const struct psf2_hdr *h, uint32_t nglyph, uint32_t bpg)
{
	bl->len = 0;
	put8(bl, 0x72);
	put8(bl, 0xb5);
	put8(bl, 0x4a);
	put8(bl, 0x86);
	put32(bl, h->version);
	put32(bl, h->headersize);
	put32(bl, h->flags);
	put32(bl, h->numglyph);
	put32(bl, h->bpg);
	put32(bl, h->height);
	put32(bl, h->width);
	while (bl->len < h->headersize && bl->len < 64)
		put8(bl, 0xee);
	for (uint32_t i = 0; i < nglyph; i++)
		for (uint32_t j = 0; j < bpg; j++)
			put8(bl, 0x10 * (i + 1) + j);
}

static void psf2_default(struct blob *bl, bool table)
{
	struct psf2_hdr h = p2_default;

	h.flags = table ? 1 : 0;
	psf2_build(bl, &h, h.numglyph, h.bpg);
}

/* Table: glyph 0 = "A"; glyph 1 = "?" and U+00E9 (2 bytes); glyph 2 = U+263A
 * (3 bytes), U+1F600 (4 bytes), then the sequence "e" U+0301. */
static void psf2_put_table(struct blob *bl)
{
	put_bytes(bl, "A\xff");
	put_bytes(bl, "?\xc3\xa9\xff");
	put_bytes(bl, "\xe2\x98\xba\xf0\x9f\x98\x80\xfe"
		      "e\xcc\x81\xff");
}

static void psf2_header(struct ktest *t)
{
	struct psf_font f;

	psf2_default(&tb, false);
	KTEST_ASSERT_INT_EQ(t, load_all(&f, &tb), 0);
	KTEST_EXPECT_EQ(t, tb.len, 32 + 3 * P2_BPG);
	KTEST_EXPECT_EQ(t, f.version, 2);
	KTEST_EXPECT_EQ(t, f.numglyph, 3);
	KTEST_EXPECT_EQ(t, f.width, P2_WIDTH);
	KTEST_EXPECT_EQ(t, f.height, P2_HEIGHT);
	KTEST_EXPECT_EQ(t, f.bytesperrow, 2);
	KTEST_EXPECT_EQ(t, f.bytesperglyph, P2_BPG);
	KTEST_EXPECT_TRUE(t, f.glyphs == loaded(&tb) + 32);
	KTEST_EXPECT_NULL(t, f.table);
}

static void psf2_larger_header(struct ktest *t)
{
	struct psf_font f;
	struct psf2_hdr h = p2_default;

	/* A later writer may add header fields: glyphs start at headersize. */
	h.headersize = 40;
	psf2_build(&tb, &h, h.numglyph, h.bpg);
	KTEST_ASSERT_INT_EQ(t, load_all(&f, &tb), 0);
	KTEST_EXPECT_TRUE(t, f.glyphs == loaded(&tb) + 40);
	KTEST_EXPECT_EQ(t, psf_glyph(&f, 1)[0], 0x20);
}

static void psf2_glyph_without_table(struct ktest *t)
{
	struct psf_font f;

	psf2_default(&tb, false);
	KTEST_ASSERT_INT_EQ(t, load_all(&f, &tb), 0);
	KTEST_EXPECT_EQ(t, psf_lookup(&f, 2), 2);
	KTEST_EXPECT_TRUE(t, psf_glyph(&f, 2) == f.glyphs + 2 * P2_BPG);
	KTEST_EXPECT_EQ(t, psf_glyph(&f, 2)[5], 0x35);
	/* Three glyphs, so no '?': anything else draws glyph 0. */
	KTEST_EXPECT_EQ(t, psf_lookup(&f, 3), PSF_NO_GLYPH);
	KTEST_EXPECT_TRUE(t, psf_glyph(&f, 'A') == f.glyphs);
	KTEST_EXPECT_TRUE(t, psf_glyph(&f, 0x263a) == f.glyphs);
}

static void psf2_unicode_table(struct ktest *t)
{
	struct psf_font f;

	psf2_default(&tb, true);
	psf2_put_table(&tb);
	KTEST_ASSERT_INT_EQ(t, load_all(&f, &tb), 0);
	KTEST_EXPECT_TRUE(t, f.table == loaded(&tb) + 32 + 3 * P2_BPG);
	KTEST_EXPECT_EQ(t, psf_lookup(&f, 'A'), 0);
	KTEST_EXPECT_EQ(t, psf_lookup(&f, '?'), 1);
	KTEST_EXPECT_EQ(t, psf_lookup(&f, 0xe9), 1);
	KTEST_EXPECT_EQ(t, psf_lookup(&f, 0x263a), 2);
	KTEST_EXPECT_EQ(t, psf_lookup(&f, 0x1f600), 2);
	KTEST_EXPECT_EQ(t, psf_lookup(&f, 'e'), PSF_NO_GLYPH); /* only in a sequence */
	KTEST_EXPECT_EQ(t, psf_lookup(&f, 0x301), PSF_NO_GLYPH);
	KTEST_EXPECT_EQ(t, psf_lookup(&f, 1), PSF_NO_GLYPH); /* not the identity any more */
	KTEST_EXPECT_TRUE(t, psf_glyph(&f, 0x263a) == f.glyphs + 2 * P2_BPG);
	KTEST_EXPECT_TRUE(t, psf_glyph(&f, 'x') == f.glyphs + 1 * P2_BPG);
	KTEST_EXPECT_TRUE(t, psf_glyph(&f, 0x20ac) == f.glyphs + 1 * P2_BPG);
}

static void psf2_pixels(struct ktest *t)
{
	struct psf_font f;
	const uint8_t *g;
	uint8_t *raw;

	psf2_default(&tb, false);
	/* Glyph 1, row 1: bytes 2 and 3 of the glyph. */
	raw = tb.b + 32 + P2_BPG;
	memset(raw, 0, P2_BPG);
	raw[2] = 0x81; /* x = 0 and x = 7 */
	raw[3] = 0x40; /* x = 9, the last pixel of a 10-pixel row */
	KTEST_ASSERT_INT_EQ(t, load_all(&f, &tb), 0);
	g = psf_glyph(&f, 1);
	for (uint32_t y = 0; y < P2_HEIGHT; y++)
		for (uint32_t x = 0; x < P2_WIDTH; x++)
			KTEST_EXPECT_EQ(t, psf_pixel(&f, g, x, y),
					y == 1 && (x == 0 || x == 7 || x == 9));
}

static void psf2_bad_magic(struct ktest *t)
{
	struct psf_font f;

	psf2_default(&tb, false);
	tb.b[3] = 0x87;
	KTEST_EXPECT_INT_EQ(t, load_all(&f, &tb), -EINVAL);
	KTEST_EXPECT_INT_EQ(t, load_prefix(&f, &tb, 4), -EINVAL);
	/* Three bytes that start no magic are not a font either. */
	tb.b[2] = 0x4b;
	KTEST_EXPECT_INT_EQ(t, load_prefix(&f, &tb, 3), -EINVAL);
}

static void psf2_unknown_version(struct ktest *t)
{
	struct psf_font f;
	struct psf2_hdr h = p2_default;

	h.version = 1;
	psf2_build(&tb, &h, h.numglyph, h.bpg);
	KTEST_EXPECT_INT_EQ(t, load_all(&f, &tb), -EINVAL);
}

/* Loads a font with the default glyph data (3 glyphs of P2_BPG bytes) under
 * a header with these fields. */
static int load_with_header(uint32_t headersize, uint32_t numglyph, uint32_t bpg, uint32_t height,
			    uint32_t width)
{
	struct psf2_hdr h = {0, headersize, 0, numglyph, bpg, height, width};
	struct psf_font f;

	psf2_build(&tb, &h, p2_default.numglyph, p2_default.bpg);
	return load_all(&f, &tb);
}

static void psf2_inconsistent_sizes(struct ktest *t)
{
	/* The default header is load_with_header(32, 3, P2_BPG, P2_HEIGHT, P2_WIDTH). */
	KTEST_EXPECT_INT_EQ(t, load_with_header(32, 3, P2_BPG, P2_HEIGHT, P2_WIDTH), 0);
	KTEST_EXPECT_INT_EQ(t, load_with_header(31, 3, P2_BPG, P2_HEIGHT, P2_WIDTH), -EBADMSG);
	/* headersize beyond the end of the buffer */
	KTEST_EXPECT_INT_EQ(t, load_with_header(1000, 3, P2_BPG, P2_HEIGHT, P2_WIDTH), -EBADMSG);
	KTEST_EXPECT_INT_EQ(t, load_with_header(32, 0, P2_BPG, P2_HEIGHT, P2_WIDTH), -EBADMSG);
	KTEST_EXPECT_INT_EQ(t, load_with_header(32, 3, 0, 0, P2_WIDTH), -EBADMSG);
	KTEST_EXPECT_INT_EQ(t, load_with_header(32, 3, P2_BPG, P2_HEIGHT, 0), -EBADMSG);
	/* bytesperglyph is not height * bytes a row */
	KTEST_EXPECT_INT_EQ(t, load_with_header(32, 3, P2_BPG - 1, P2_HEIGHT, P2_WIDTH), -EBADMSG);
	KTEST_EXPECT_INT_EQ(t, load_with_header(32, 3, P2_BPG, P2_HEIGHT, 8), -EBADMSG);
	KTEST_EXPECT_INT_EQ(t, load_with_header(32, 3, P2_BPG, P2_HEIGHT, 17), -EBADMSG);
	/* one glyph more than the data holds */
	KTEST_EXPECT_INT_EQ(t, load_with_header(32, 4, P2_BPG, P2_HEIGHT, P2_WIDTH), -EBADMSG);
	/* Products that wrap in 32 bits: (2^32 - 8 + 7) / 8 * 64 = 2^35 - 64,
	 * which is 0xffffffc0 when cut to 32 bits... */
	KTEST_EXPECT_INT_EQ(t, load_with_header(32, 3, 0xffffffc0, 64, 0xfffffff8), -EBADMSG);
	/* ...and 0x40000001 glyphs of 4 bytes would be 4 bytes. */
	KTEST_EXPECT_INT_EQ(t, load_with_header(32, 0x40000001, 4, 4, 8), -EBADMSG);
	KTEST_EXPECT_INT_EQ(t, load_with_header(32, 0xffffffff, P2_BPG, P2_HEIGHT, P2_WIDTH),
			    -EBADMSG);
}

/* Loads the default font with the table bytes `table` (NUL-terminated). */
static int load_with_table(const char *table)
{
	struct psf_font f;

	psf2_default(&tb, true);
	put_bytes(&tb, table);
	return load_all(&f, &tb);
}

static void psf2_bad_table(struct ktest *t)
{
	KTEST_EXPECT_INT_EQ(t, load_with_table("A\xff\xff\xff"), 0);
	KTEST_EXPECT_INT_EQ(t, load_with_table(""), -EBADMSG);
	KTEST_EXPECT_INT_EQ(t, load_with_table("A\xff\xff"), -EBADMSG);	   /* 2 of 3 lists */
	KTEST_EXPECT_INT_EQ(t, load_with_table("\xff\xff\xfe"), -EBADMSG); /* sequence, no end */
	/* Malformed UTF-8. */
	KTEST_EXPECT_INT_EQ(t, load_with_table("\x80\xff\xff\xff"), -EBADMSG); /* continuation */
	KTEST_EXPECT_INT_EQ(t, load_with_table("\xf8\x88\x80\x80\x80\xff\xff\xff"), -EBADMSG);
	KTEST_EXPECT_INT_EQ(t, load_with_table("\xc3\xff\xff\xff"), -EBADMSG);	   /* cut short */
	KTEST_EXPECT_INT_EQ(t, load_with_table("\xff\xff\xe2\x98"), -EBADMSG);	   /* at the end */
	KTEST_EXPECT_INT_EQ(t, load_with_table("\xc0\x80\xff\xff\xff"), -EBADMSG); /* overlong */
	KTEST_EXPECT_INT_EQ(t, load_with_table("\xe0\x81\x81\xff\xff\xff"), -EBADMSG);
	KTEST_EXPECT_INT_EQ(t, load_with_table("\xf4\x90\x80\x80\xff\xff\xff"), -EBADMSG);
	/* The largest code point and trailing bytes after the last list are fine. */
	KTEST_EXPECT_INT_EQ(t, load_with_table("\xf4\x8f\xbf\xbf\xff\xff\xff junk"), 0);
}

static void psf2_every_truncation(struct ktest *t)
{
	struct psf_font f;
	size_t bad = 0;

	psf2_default(&tb, true);
	psf2_put_table(&tb);
	KTEST_ASSERT_INT_EQ(t, load_all(&f, &tb), 0);
	for (size_t len = 0; len < tb.len; len++) {
		int ret = load_prefix(&f, &tb, len);

		if (ret != -EBADMSG) {
			ktest_info(t, "length %lu of %lu: got %d", (unsigned long)len,
				   (unsigned long)tb.len, ret);
			bad++;
		}
	}
	KTEST_EXPECT_EQ(t, bad, 0);
}

static const struct ktest_case psf_cases[] = {
    KTEST_CASE(psf1_header),
    KTEST_CASE(psf1_mode512),
    KTEST_CASE(psf1_glyph_without_table),
    KTEST_CASE(psf1_unicode_table),
    KTEST_CASE(psf1_table_without_question_mark),
    KTEST_CASE(psf1_seq_mode_has_table),
    KTEST_CASE(psf1_bad_magic),
    KTEST_CASE(psf1_bad_header),
    KTEST_CASE(psf1_table_odd_byte),
    KTEST_CASE(psf1_every_truncation),
    KTEST_CASE(psf2_header),
    KTEST_CASE(psf2_larger_header),
    KTEST_CASE(psf2_glyph_without_table),
    KTEST_CASE(psf2_unicode_table),
    KTEST_CASE(psf2_pixels),
    KTEST_CASE(psf2_bad_magic),
    KTEST_CASE(psf2_unknown_version),
    KTEST_CASE(psf2_inconsistent_sizes),
    KTEST_CASE(psf2_bad_table),
    KTEST_CASE(psf2_every_truncation),
    {0},
};

static const struct ktest_suite psf_suite = {
    .name = "psf",
    .cases = psf_cases,
};
KTEST_SUITE(psf_suite);
