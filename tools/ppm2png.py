#!/usr/bin/env python3
"""Convert a binary PPM (P6, 8 bits per sample), as QEMU's screendump writes
it, to PNG with the standard library only (no Pillow, no ImageMagick).

Usage: tools/ppm2png.py IN.ppm [OUT.png]   (OUT defaults to IN with .png)
"""
import struct
import sys
import zlib


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
        while not data[end:end + 1].isspace():
            end += 1
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
