"""PNGs of many pixels in few bytes, written row by row with zlib: the test never holds their pixels.

The two images of issue 17 (an 11 KB 1-bit PNG of 9400×9400 pixels, a 560 KB RGBA PNG of 12000×12000)
cost the worker gigabytes when they were decoded; here they cost a few megabytes and a second or two.
"""

import functools
import struct
import zlib

# color type, bit depth, channels: what the PNG header says about each pixel
GREY_1BIT = (0, 1, 1)
RGBA = (6, 8, 4)


def png(width, height, pixel=RGBA):
    """A valid PNG of width × height black pixels, compressed a row at a time."""
    color_type, depth, channels = pixel
    row = bytes(1 + -(-width * channels * depth // 8))  # filter byte, then the row's pixels
    packer = zlib.compressobj(9)
    idat = b"".join([packer.compress(row) for _ in range(height)] + [packer.flush()])
    header = struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def _chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


@functools.cache
def bilevel_9400():
    """Issue 17's first image: 9400×9400 1-bit pixels (88,4 megapixel) in about 11 KB."""
    return png(9400, 9400, GREY_1BIT)


@functools.cache
def rgba_12000():
    """Issue 17's second image: 12000×12000 RGBA pixels (144 megapixel) in about 560 KB."""
    return png(12000, 12000, RGBA)


BIG_IMAGES = [
    ("quet-den-trang.png", bilevel_9400, "88,4"),
    ("anh-rgba.png", rgba_12000, "144"),
]


def refusal(name, megapixels):
    return f"Ảnh {name} quá lớn ({megapixels} megapixel); tối đa 40 megapixel. Hãy chụp lại với độ phân giải thấp hơn."
