"""The text a person sees, read back from the screen's pixels.

QEMU's `screendump` gives the picture (binary PPM). hotmem's framebuffer
console draws every character cell from the top-left corner as one glyph of
its console font in one foreground and one background colour
(drivers/video/fbcon.c), so cutting the picture into cells of the font's size
and matching each cell's pixels against the font's glyphs reads the text back
exactly. This checks what is on the glass, independently of the kernel's own
record of it (/sys/kernel/hotmem/screen), and works without a serial port.

A cell of one colour reads as a space (a blank cell and a full block look
alike); a cell that is no glyph of the font, or has more than two colours,
reads as '?'. Rows are returned with trailing spaces removed. Standard
library only."""

import gzip
from pathlib import Path

# The console font the Makefile links into the kernel (FONT_PSF there), and
# the copy the build unpacks beside the ISO.
SYSTEM_FONT = Path("/usr/share/consolefonts/Lat15-VGA16.psf.gz")
BUILD_FONT_NAME = "font.psf"

PSF1_MAGIC = b"\x36\x04"
PSF2_MAGIC = b"\x72\xb5\x4a\x86"


class ScreenError(Exception):
    pass


def read_ppm(data):
    """Return (width, height, rgb bytes) of a P6 image with maxval 255."""
    fields = []
    pos = 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while end < len(data) and not data[end:end + 1].isspace():
            end += 1
        if end == pos:
            raise ValueError("PPM header truncated")
        fields.append(data[pos:end])
        pos = end
    pos += 1  # the single blank after maxval
    if fields[0] != b"P6" or int(fields[3]) != 255:
        raise ValueError("not a P6 PPM with maxval 255")
    width, height = int(fields[1]), int(fields[2])
    rgb = data[pos:pos + width * height * 3]
    if len(rgb) != width * height * 3:
        raise ValueError("PPM truncated")
    return width, height, rgb


def _rank(code):
    return (not 0x20 <= code <= 0x7e, code)


class Font:
    """A PSF font as a lookup from a glyph's bitmap (rows of whole bytes,
    most significant bit leftmost, as PSF stores them) to its character."""

    def __init__(self, width, height, glyphs, chars):
        self.width = width
        self.height = height
        self.row_bytes = (width + 7) // 8
        self.by_bitmap = {}
        for index, codes in sorted(chars.items()):
            bitmap = glyphs[index]
            # Several glyphs may look alike (space and no-break space): a
            # printable ASCII character wins, then the lowest code point.
            best = min(codes, key=_rank)
            have = self.by_bitmap.get(bitmap)
            if have is None or _rank(best) < _rank(ord(have)):
                self.by_bitmap[bitmap] = chr(best)

    def bitmap_of(self, ch):
        """The bitmap the font draws for ch (for tests), or None."""
        for bitmap, c in self.by_bitmap.items():
            if c == ch:
                return bitmap
        return None


def _unicode_table_psf1(table, numglyph):
    """PSF1: per glyph, little-endian 16-bit code points; 0xfffe starts a
    sequence (skipped: a console draws one glyph per character), 0xffff
    ends the glyph."""
    chars, glyph, in_seq = {}, 0, False
    for pos in range(0, len(table) - 1, 2):
        if glyph >= numglyph:
            break
        code = table[pos] | table[pos + 1] << 8
        if code == 0xffff:
            glyph, in_seq = glyph + 1, False
        elif code == 0xfffe:
            in_seq = True
        elif not in_seq:
            chars.setdefault(glyph, []).append(code)
    return chars


def _unicode_table_psf2(table, numglyph):
    """PSF2: per glyph, UTF-8 characters; 0xfe starts a sequence, 0xff ends
    the glyph."""
    chars, glyph, pos = {}, 0, 0
    while pos < len(table) and glyph < numglyph:
        end = pos
        while end < len(table) and table[end] not in (0xfe, 0xff):
            end += 1
        for ch in table[pos:end].decode("utf-8", errors="ignore"):
            chars.setdefault(glyph, []).append(ord(ch))
        if end < len(table) and table[end] == 0xfe:
            # Sequences run to the glyph's end marker.
            while end < len(table) and table[end] != 0xff:
                end += 1
        glyph += 1
        pos = end + 1
    return chars


def parse_psf(data):
    """A Font from PSF1 or PSF2 bytes. Without a unicode table glyph N is
    character N."""
    if data[:2] == PSF1_MAGIC:
        if len(data) < 4:
            raise ValueError("PSF1 header truncated")
        mode, charsize = data[2], data[3]
        numglyph = 512 if mode & 0x01 else 256
        width, height, bpg, start = 8, charsize, charsize, 4
        has_table = bool(mode & 0x06)
        table_parser = _unicode_table_psf1
    elif data[:4] == PSF2_MAGIC:
        if len(data) < 32:
            raise ValueError("PSF2 header truncated")
        words = [int.from_bytes(data[i:i + 4], "little") for i in range(4, 32, 4)]
        _version, start, flags, numglyph, bpg, height, width = words
        has_table = bool(flags & 0x01)
        table_parser = _unicode_table_psf2
    else:
        raise ValueError("not a PSF1 or PSF2 font")
    end = start + numglyph * bpg
    if len(data) < end or bpg != height * ((width + 7) // 8):
        raise ValueError("PSF glyphs truncated or inconsistent")
    glyphs = [bytes(data[start + i * bpg:start + (i + 1) * bpg]) for i in range(numglyph)]
    if has_table:
        chars = table_parser(data[end:], numglyph)
    else:
        chars = {i: [i] for i in range(numglyph)}
    return Font(width, height, glyphs, chars)


def load_font(iso=None):
    """The kernel's console font: the build's copy beside the ISO when there
    is one, else the system font the build takes it from."""
    candidates = []
    if iso is not None:
        candidates.append(Path(iso).resolve().parent / BUILD_FONT_NAME)
    candidates.append(SYSTEM_FONT)
    for path in candidates:
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            return parse_psf(data)
    raise ScreenError("console font not found (%s)" % ", ".join(str(p) for p in candidates))


class ScreenReader:
    """Decodes screendumps with one font; remembers cells it has seen (most
    of a screen is the same few glyphs in the same few colours)."""

    def __init__(self, font):
        self.font = font
        self.cache = {}

    def _cell(self, raw):
        ch = self.cache.get(raw)
        if ch is not None:
            return ch
        f = self.font
        colours = {raw[i:i + 3] for i in range(0, len(raw), 3)}
        if len(colours) == 1:
            ch = " "
        elif len(colours) > 2:
            ch = "?"
        else:
            ch = "?"
            for fg in colours:
                bitmap = bytearray()
                for y in range(f.height):
                    for xb in range(f.row_bytes):
                        byte = 0
                        for bit in range(8):
                            x = xb * 8 + bit
                            if x < f.width:
                                p = (y * f.width + x) * 3
                                if raw[p:p + 3] == fg:
                                    byte |= 0x80 >> bit
                        bitmap.append(byte)
                found = f.by_bitmap.get(bytes(bitmap))
                if found is not None:
                    ch = found
                    break
        self.cache[raw] = ch
        return ch

    def decode(self, ppm):
        """The screen's rows of text from a PPM screendump."""
        width, height, rgb = read_ppm(ppm)
        f = self.font
        cols, rows = width // f.width, height // f.height
        stride, cell_bytes = width * 3, f.width * 3
        out = []
        for row in range(rows):
            lines = [rgb[(row * f.height + y) * stride:(row * f.height + y + 1) * stride]
                     for y in range(f.height)]
            text = []
            for col in range(cols):
                x0 = col * cell_bytes
                raw = b"".join(line[x0:x0 + cell_bytes] for line in lines)
                text.append(self._cell(raw))
            out.append("".join(text).rstrip())
        return out


def missing_rows(patterns, rows):
    """A reason for every regex of `screen_has` that matches no row."""
    return ["no screen row matches %r (screen_has)" % p.pattern for p in patterns
            if not any(p.search(r) for r in rows)]
