#!/usr/bin/env python3
"""Convert a binary PPM (P6, 8 bits per sample), as QEMU's screendump writes
it, to PNG with the standard library only (no Pillow, no ImageMagick).

Usage: tools/ppm2png.py IN.ppm [OUT.png]   (OUT defaults to IN with .png)
"""
import struct
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from screen_text import read_ppm  # noqa: E402  (the one PPM reader)


def png_bytes(width, height, rgb):
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    stride = width * 3
    # Filter type 0 (None) on every row.
    raw = b"".join(b"\0" + rgb[y * stride:(y + 1) * stride] for y in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def convert(src, dst):
    with open(src, "rb") as f:
        width, height, rgb = read_ppm(f.read())
    with open(dst, "wb") as f:
        f.write(png_bytes(width, height, rgb))


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__)
        return 2
    src = argv[1]
    dst = argv[2] if len(argv) == 3 else (src[:-4] if src.endswith(".ppm") else src) + ".png"
    convert(src, dst)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
