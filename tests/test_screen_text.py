"""Tests of tests/screen_text.py: reading text back from screen pixels."""

import re
import struct
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import screen_text  # noqa: E402

WHITE, BLACK, BLUE, GREEN = b"\xaa\xaa\xaa", b"\x00\x00\x00", b"\x00\x00\xaa", b"\x55\xff\x55"


def ppm(width, height, rgb):
    return b"P6\n# a comment, as some writers put one\n%d %d\n255\n" % (width, height) + bytes(rgb)


def draw(font, rows, cols, cells):
    """A PPM of rows x cols cells; cells maps (row, col) to (bitmap, fg, bg)
    and every other cell is blank black."""
    w, h = cols * font.width, rows * font.height
    rgb = bytearray(BLACK * (w * h))
    for (r, c), (bitmap, fg, bg) in cells.items():
        for y in range(font.height):
            for x in range(font.width):
                on = bitmap[y * font.row_bytes + x // 8] & (0x80 >> (x % 8))
                p = ((r * font.height + y) * w + c * font.width + x) * 3
                rgb[p:p + 3] = fg if on else bg
    return ppm(w, h, rgb)


def text_cells(font, row, col, text, fg=WHITE, bg=BLACK):
    return {(row, col + i): (font.bitmap_of(ch), fg, bg) for i, ch in enumerate(text)}


class SystemFontTest(unittest.TestCase):
    """With the console font the kernel is built with."""

    @classmethod
    def setUpClass(cls):
        try:
            cls.font = screen_text.load_font()
        except screen_text.ScreenError as e:
            raise unittest.SkipTest(str(e))

    def test_text_in_any_colours_reads_back(self):
        cells = text_cells(self.font, 0, 1, "Verdict PASS after 0.9 s")
        cells.update(text_cells(self.font, 1, 0, "hotmem 0.1.0  FAIL", fg=WHITE, bg=BLUE))
        cells.update(text_cells(self.font, 2, 3, "ok ~ [x] #42", fg=GREEN))
        rows = screen_text.ScreenReader(self.font).decode(draw(self.font, 4, 30, cells))
        self.assertEqual(rows, [" Verdict PASS after 0.9 s", "hotmem 0.1.0  FAIL", "   ok ~ [x] #42", ""])

    def test_cells_that_are_no_glyph(self):
        f = self.font
        # Two colours in no glyph's shape.
        odd = bytearray(f.bitmap_of("a"))
        odd[0] ^= 0xff
        cells = text_cells(f, 0, 0, "ab")
        cells[(0, 2)] = (bytes(odd), WHITE, BLACK)
        self.assertEqual(screen_text.ScreenReader(f).decode(draw(f, 1, 4, cells)), ["ab?"])
        # A glyph with one pixel in a third colour.
        image = bytearray(draw(f, 1, 4, text_cells(f, 0, 3, "c")))
        first_pixel_of_cell_3 = len(image) - 4 * f.width * f.height * 3 + 3 * f.width * 3
        image[first_pixel_of_cell_3:first_pixel_of_cell_3 + 3] = GREEN
        self.assertEqual(screen_text.ScreenReader(f).decode(bytes(image)), ["   ?"])

    def test_one_colour_cells_are_spaces(self):
        f = self.font
        full = bytes([0xff] * (f.height * f.row_bytes))
        rows = screen_text.ScreenReader(f).decode(draw(f, 1, 3, {(0, 0): (full, GREEN, BLACK)}))
        self.assertEqual(rows, [""])

    def test_partial_cells_at_the_edge_are_ignored(self):
        f = self.font
        w, h = 2 * f.width + 5, f.height + 7
        rgb = bytearray(BLACK * (w * h))
        bitmap = f.bitmap_of("Z")
        for y in range(f.height):
            for x in range(f.width):
                if bitmap[y * f.row_bytes + x // 8] & (0x80 >> (x % 8)):
                    p = (y * w + f.width + x) * 3
                    rgb[p:p + 3] = WHITE
        self.assertEqual(screen_text.ScreenReader(f).decode(ppm(w, h, rgb)), [" Z"])


def psf2(glyphs, width, height, table=None):
    bpg = height * ((width + 7) // 8)
    header = b"\x72\xb5\x4a\x86" + struct.pack("<7I", 0, 32, 1 if table is not None else 0, len(glyphs), bpg,
                                              height, width)
    return header + b"".join(glyphs) + (table or b"")


class PsfTest(unittest.TestCase):
    def test_psf1_with_table_maps_code_points(self):
        glyphs = [bytes([i] * 4) for i in range(256)]
        table = b""
        for i in range(256):
            # Glyph 1 is 'A' and also U+0391 and a sequence; the rest none.
            table += (b"\x41\x00\x91\x03\xfe\xff\x41\x00\x00\x03" if i == 1 else b"") + b"\xff\xff"
        font = screen_text.parse_psf(b"\x36\x04\x02\x04" + b"".join(glyphs) + table)
        self.assertEqual((font.width, font.height), (8, 4))
        self.assertEqual(font.by_bitmap, {bytes([1] * 4): "A"})

    def test_psf1_without_table_is_the_code_page(self):
        glyphs = [bytes([i, 0]) for i in range(256)]
        font = screen_text.parse_psf(b"\x36\x04\x00\x02" + b"".join(glyphs))
        self.assertEqual(font.by_bitmap[bytes([ord("k"), 0])], "k")

    def test_psf2_wide_glyphs_and_utf8_table(self):
        # 10 pixels wide: two bytes per row.
        glyphs = [bytes([0x80, 0x40, 0, 0]), bytes([0x40, 0x40, 0, 0]), bytes([0x80, 0x40, 0, 0])]
        table = "é".encode() + b"\xff" + b"x\xfe" + "x\u0301".encode() + b"\xff" + b"\xc2\xa0e\xff"
        font = screen_text.parse_psf(psf2(glyphs, 10, 2, table))
        self.assertEqual(font.row_bytes, 2)
        # Glyphs 0 and 2 look alike: printable ASCII 'e' wins over 'é'.
        self.assertEqual(font.by_bitmap, {bytes([0x80, 0x40, 0, 0]): "e", bytes([0x40, 0x40, 0, 0]): "x"})

    def test_bad_fonts_are_refused(self):
        for data in (b"", b"\x36\x04\x02", b"\x36\x04\x00\x10" + b"\0" * 100, b"PSF?" + b"\0" * 40,
                     psf2([b"\0\0\0"], 10, 2)):
            with self.assertRaises(ValueError):
                screen_text.parse_psf(data)

    def test_bad_images_are_refused(self):
        for data in (b"P5\n1 1\n255\n\0", b"P6\n2 2\n255\n" + b"\0" * 5, b"P6\n2 2\n65535\n" + b"\0" * 24,
                     b"P6\n2"):
            with self.assertRaises(ValueError):
                screen_text.read_ppm(data)


class MissingRowsTest(unittest.TestCase):
    def test_names_each_missing_pattern(self):
        pats = [re.compile(p) for p in (r"Verdict PASS", r"^ +failtest\.x$", r"nowhere")]
        self.assertEqual(screen_text.missing_rows(pats, [" Verdict PASS after 1.0 s", "   failtest.x"]),
                         ["no screen row matches 'nowhere' (screen_has)"])


if __name__ == "__main__":
    unittest.main()
