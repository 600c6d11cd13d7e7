"""Pictures re-encoded from their pixels alone, in bounded memory.

Citizens upload phone photos: their EXIF carries GPS positions, and a small file can hold a picture of
hundreds of megapixels. A picture is refused above a pixel count read from its header, decoded reduced,
shrunk a band at a time, turned upright and re-encoded bare (docs/features.md gives the memory figure).
"""

import io
import math
import struct

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, JpegImagePlugin, PngImagePlugin

from webapp.dossiers.upload_errors import UploadError

DEFAULT_MAX_SIDE = 2000
DEFAULT_MAX_IMAGE_PIXELS = 40_000_000
BAND_PIXELS = 1_000_000  # a large picture is shrunk a band of about this many pixels at a time
# The format's reader itself, not Image.open: it reads the header only and leaves the pixel count to us.
IMAGE_READERS = {"image/jpeg": JpegImagePlugin.JpegImageFile, "image/png": PngImagePlugin.PngImageFile}
# The modes pictures are shrunk in: colours with premultiplied alpha (what Pillow would otherwise make
# a whole-picture copy for), palettes as colours, 1-bit and 16-bit grey as 8- and 32-bit grey.
SHRUNK_AS = {"1": ("L",), "P": ("RGBA", "RGBa"), "I;16": ("I",), "RGBA": ("RGBa",), "LA": ("La",)}
UNPREMULTIPLIED = {"RGBa": "RGBA", "La": "LA"}
# Pillow reports a damaged file through any of these, depending on where the damage is.
IMAGE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, IndexError, struct.error, Image.DecompressionBombError)

BROKEN_IMAGE = _l("Ảnh bị hỏng hoặc không đọc được.")


def clean_image(data, content_type, name="tep"):
    """Decode, shrink, turn upright, and re-encode from the pixels alone: no EXIF, GPS or comments survive.

    The pixel count is read from the header and refused above max_image_pixels() before any pixel is
    decoded; a JPEG is decoded at a reduced scale and a large picture is averaged down a band at a time,
    so the memory of a request stays bounded (docs/features.md gives the figure).
    """
    side = max_image_side()
    Image.MAX_IMAGE_PIXELS = max_image_pixels()  # Pillow's own bomb check agrees with ours
    try:
        with IMAGE_READERS[content_type](io.BytesIO(data)) as image:
            refuse_too_many_pixels(image.size, name)
            target = fitted(image.size, side)
            image.draft(None, target)  # JPEG only: decode at 1/2, 1/4 or 1/8 scale, never below the target
            small = shrunk(image, target)
            if small is not image:
                image.close()  # the decoded picture goes before its small copy is worked on
            small.thumbnail((side, side), Image.Resampling.LANCZOS)
            upright = writable_mode(ImageOps.exif_transpose(small), content_type)
            return encode(bare(upright), content_type)
    except IMAGE_ERRORS as error:
        raise UploadError(BROKEN_IMAGE) from error


def refuse_too_many_pixels(size, name):
    if size[0] * size[1] > max_image_pixels():
        raise UploadError(too_many_pixels(size[0] * size[1], name))


def too_many_pixels(pixels, name):
    return _(
        "Ảnh %(name)s quá lớn (%(mp)s megapixel); tối đa %(limit)s megapixel. Hãy chụp lại với độ phân giải thấp hơn.",
        name=name,
        mp=megapixels(pixels),
        limit=megapixels(max_image_pixels()),
    )


def megapixels(pixels):
    """88360000 → "88,4": one decimal at most, with the Vietnamese decimal comma."""
    return f"{pixels / 1_000_000:.1f}".removesuffix(".0").replace(".", ",")


def fitted(size, side):
    """The size an image of `size` takes inside a side×side box, its proportions kept (never 0)."""
    scale = min(1, side / max(size))
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def shrunk(image, target):
    """The image in the mode it is shrunk in, averaged down by the largest whole factor that keeps it
    no smaller than `target`: a copy made a band of rows at a time, so that no second copy of the whole
    decoded picture is ever held (Pillow would make one to premultiply alpha or to turn a palette into
    colours); the image itself when it needs neither."""
    image.load()
    width, height = image.size
    factor = max(1, min(width // target[0], height // target[1]))
    modes = SHRUNK_AS.get(image.mode, ())
    if factor == 1 and not modes:
        return image  # small enough already (at most 16 MP), and in a mode resized without a copy
    out = Image.new(modes[-1] if modes else image.mode, (math.ceil(width / factor), math.ceil(height / factor)))
    rows = max(1, BAND_PIXELS // width // factor) * factor
    for top in range(0, height, rows):
        band = image.crop((0, top, width, min(top + rows, height)))
        for mode in modes:
            band = band.convert(mode)
        out.paste(band.reduce(factor) if factor > 1 else band, (0, top // factor))
    out.info = dict(image.info)  # the EXIF orientation, read by exif_transpose
    return out


def writable_mode(image, content_type):
    """The image in a mode the output format can write (palettes and CMYK become RGB or RGBA)."""
    if image.mode in UNPREMULTIPLIED:
        image = image.convert(UNPREMULTIPLIED[image.mode])
    if content_type == "image/jpeg":
        return image if image.mode in ("L", "RGB") else image.convert("RGB")
    if image.mode == "I":  # a 16-bit grey picture, averaged in 32 bits
        return image.convert("I;16")
    return image if image.mode in ("1", "L", "LA", "RGB", "RGBA", "I;16") else image.convert("RGBA")


def bare(image):
    """A fresh image holding only the pixels: none of the source's info, EXIF or ICC goes along."""
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


def encode(image, content_type):
    out = io.BytesIO()
    if content_type == "image/jpeg":
        image.save(out, "JPEG", quality=85, optimize=True)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def max_image_side():
    return current_app.config.get("UPLOAD_MAX_IMAGE_SIDE", DEFAULT_MAX_SIDE)


def max_image_pixels():
    return current_app.config.get("UPLOAD_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS)
