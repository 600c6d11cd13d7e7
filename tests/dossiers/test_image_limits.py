"""Images are refused by their pixel count, read from the header, before a pixel is decoded, and the
worst image accepted costs a bounded amount of memory (issue 17: an 11 KB PNG used to cost 1 GB).

The memory is measured in a process of its own as the growth of its peak resident size (VmHWM, reset
through /proc/self/clear_refs before each image) over its size before: Pillow allocates pixels outside
Python's allocator, so tracemalloc would not see them. Bytes, not timings: stable to a few megabytes.
"""

import io
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage

from tests.big_images import BIG_IMAGES, png, refusal
from webapp.dossiers.files import UploadError, checked_content

MIB = 1024 * 1024
# A 40-megapixel RGBA PNG is decoded whole (PNG has no reduced decoding): 4 bytes a pixel, 160 MB,
# plus the shrunk copy made a band at a time: about 177 MiB measured. docs/features.md gives the figure.
WORST_ACCEPTED = (7303, 5477)  # 39 998 531 pixels, just under the 40-megapixel limit
MEMORY_BOUND = 240 * MIB
REFUSAL_BOUND = 16 * MIB  # a refusal reads the header only

MEASURE = r"""
import io, os, re, sys
os.environ["MOTCUA_ENV"] = "test"
from werkzeug.datastructures import FileStorage
from webapp import create_app
from webapp.dossiers.files import UploadError, checked_content
from tests.big_images import png

def kilobytes(line):
    return int(re.search(line + r":\s+(\d+) kB", open("/proc/self/status").read()).group(1))

app = create_app({"UPLOAD_DIR": sys.argv[1]})
with app.test_request_context():
    checked_content(FileStorage(io.BytesIO(png(50, 50)), "nho.png"))  # warm: plugins, codecs
    for path in sys.argv[2:]:
        data = open(path, "rb").read()
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")  # the peak starts again from the present size
        before = kilobytes("VmRSS")
        try:
            outcome = "kept %d bytes" % len(checked_content(FileStorage(io.BytesIO(data), "a.png"))[0])
        except UploadError as refused:
            outcome = "refused: %s" % refused
        print((kilobytes("VmHWM") - before) * 1024, outcome, flush=True)
"""


def upload(data, name):
    return FileStorage(stream=io.BytesIO(data), filename=name)


@pytest.fixture
def ctx(empty_app):
    with empty_app.test_request_context():
        yield empty_app


def measured(tmp_path, images):
    """[(bytes the peak grew by, outcome)] of cleaning each image in turn, in a process of its own."""
    paths = []
    for number, data in enumerate(images):
        paths.append(tmp_path / f"{number}.png")
        paths[-1].write_bytes(data)
    run = subprocess.run(
        [sys.executable, "-c", MEASURE, str(tmp_path / "uploads"), *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    return [(int(line.split(" ", 1)[0]), line.split(" ", 1)[1]) for line in run.stdout.splitlines()]


def test_the_worst_image_accepted_costs_a_bounded_amount_of_memory_and_the_bombs_almost_none(tmp_path):
    images = [bilevel() for _, bilevel, _ in BIG_IMAGES] + [png(*WORST_ACCEPTED)]
    (bilevel_cost, bilevel_outcome), (rgba_cost, rgba_outcome), (worst_cost, worst_outcome) = measured(tmp_path, images)
    assert bilevel_outcome.startswith("refused: Ảnh a.png quá lớn (88,4 megapixel)")
    assert rgba_outcome.startswith("refused: Ảnh a.png quá lớn (144 megapixel)")
    assert bilevel_cost < REFUSAL_BOUND and rgba_cost < REFUSAL_BOUND, (bilevel_cost, rgba_cost)
    assert worst_outcome.startswith("kept")
    assert worst_cost < MEMORY_BOUND, f"{worst_cost / MIB:.0f} MiB"


@pytest.mark.parametrize("name, image, megapixels", BIG_IMAGES)
def test_the_images_of_issue_17_are_refused_naming_the_file_and_the_limit(ctx, name, image, megapixels):
    with pytest.raises(UploadError) as refused:
        checked_content(upload(image(), name))
    assert str(refused.value) == refusal(name, megapixels)


def test_the_limit_is_configured_and_an_image_at_it_is_kept(ctx):
    ctx.config["UPLOAD_MAX_IMAGE_PIXELS"] = 10_000
    data, content_type = checked_content(upload(png(100, 100), "vua.png"))
    assert content_type == "image/png" and Image.open(io.BytesIO(data)).size == (100, 100)
    with pytest.raises(UploadError) as refused:
        checked_content(upload(png(101, 100), "qua.png"))
    assert str(refused.value) == (
        "Ảnh qua.png quá lớn (0 megapixel); tối đa 0 megapixel. Hãy chụp lại với độ phân giải thấp hơn."
    )


def test_pillow_agrees_with_the_limit_and_warns_of_no_bomb_it_would_have_decoded(ctx):
    ctx.config["UPLOAD_MAX_IMAGE_PIXELS"] = 10_000
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a DecompressionBombWarning would fail the test
        with pytest.raises(UploadError, match="quá lớn"):
            checked_content(upload(png(150, 100), "a.png"))  # between the limit and twice it
        with pytest.raises(UploadError, match="quá lớn"):
            checked_content(upload(png(300, 300), "b.png"))  # past twice it: Pillow would raise
    assert Image.MAX_IMAGE_PIXELS == 10_000


@pytest.mark.parametrize("mode", ["1", "P", "LA", "RGBA", "I;16", "CMYK"])
def test_large_pictures_of_every_mode_are_shrunk_to_the_longest_side(ctx, mode):
    source = Image.linear_gradient("L").resize((5000, 1200)).convert(mode)
    out = io.BytesIO()
    source.save(out, "JPEG" if mode == "CMYK" else "PNG")
    data, content_type = checked_content(upload(out.getvalue(), "a"))
    with Image.open(io.BytesIO(data)) as kept:
        assert kept.size == (2000, 480)
        assert kept.getpixel((1000, 10)) != kept.getpixel((1000, 470))  # the gradient, top to bottom, survives


def test_a_photo_turned_by_its_exif_is_shrunk_then_turned(ctx):
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turned 90° clockwise
    out = io.BytesIO()
    Image.new("RGB", (6000, 4000), "white").save(out, "JPEG", exif=exif)
    data, _ = checked_content(upload(out.getvalue(), "IMG_0001.jpg"))
    with Image.open(io.BytesIO(data)) as kept:
        assert kept.size == (1333, 2000) and not kept.getexif()
