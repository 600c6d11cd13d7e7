"""The app icon, a door ("một cửa"), drawn once and written as SVG and as the PNGs the manifest lists.

Run `python -m webapp.pwa.icons` after changing the drawing; the files it writes are committed.
The door stays inside the central circle that maskable icons keep, so one PNG serves both purposes.
"""

from PIL import Image, ImageDraw

from webapp.config import ROOT

ICONS = ROOT / "static" / "icons"
GRID = 512
BRAND = "#a3150f"  # --brand in static/css/site.css, also the manifest's theme colour
# (kind, box on a 512 grid, colour), painted in this order.
SHAPES = (
    ("rect", (0, 0, 512, 512), BRAND),
    ("rect", (168, 104, 344, 400), "#ffffff"),  # the frame
    ("rect", (192, 128, 320, 400), "#ffbf47"),  # the door leaf
    ("ellipse", (282, 256, 302, 276), BRAND),  # the handle
    ("rect", (144, 400, 368, 424), "#ffffff"),  # the doorstep
)
PNG_SIZES = (192, 512)
SUPERSAMPLE = 4  # drawn larger, then scaled down, for smooth edges


def svg():
    parts = []
    for kind, (x0, y0, x1, y1), colour in SHAPES:
        if kind == "rect":
            parts.append(f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="{colour}"/>')
        else:
            rx, ry = (x1 - x0) / 2, (y1 - y0) / 2
            parts.append(f'<ellipse cx="{x0 + rx:g}" cy="{y0 + ry:g}" rx="{rx:g}" ry="{ry:g}" fill="{colour}"/>')
    shapes = "".join(parts)
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {GRID} {GRID}">{shapes}</svg>\n'


def png(size):
    big = size * SUPERSAMPLE
    image = Image.new("RGB", (big, big))
    draw = ImageDraw.Draw(image)
    scale = big / GRID
    for kind, box, colour in SHAPES:
        scaled = [round(v * scale) for v in box]
        scaled[2] -= 1  # Pillow's boxes include their last pixel
        scaled[3] -= 1
        (draw.rectangle if kind == "rect" else draw.ellipse)(scaled, fill=colour)
    return image.resize((size, size), Image.LANCZOS)


def write(folder=ICONS):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "motcua.svg").write_text(svg(), encoding="utf-8")
    for size in PNG_SIZES:
        png(size).save(folder / f"motcua-{size}.png", optimize=True)


if __name__ == "__main__":
    write()
