"""Uploads: known by their bytes, images stripped of EXIF and shrunk, stored under random names only."""

import hashlib
import io
import re
import struct
import zlib

import pytest
from PIL import ExifTags, Image, PngImagePlugin
from werkzeug.datastructures import FileStorage

from tests.factories import PDF
from webapp.db import db, write_transaction
from webapp.dossiers.files import (
    UploadError,
    delete_attachment_files,
    discard_on_failure,
    display_name,
    keep_bytes,
    read_attachment,
    send_attachment,
    sniff,
    store_upload,
    stored_name_of,
)
from webapp.dossiers.files import (
    uploads as uploads_store,
)
from webapp.models.dossier import Attachment

STORED = re.compile(r"[0-9a-f]{32}\.(pdf|jpg|png)")


@pytest.fixture
def uploads(migrated_app, tmp_path):
    """The upload folder (not yet created), inside a request of a migrated app."""
    folder = tmp_path / "a" / "b" / "uploads"
    migrated_app.config["UPLOAD_DIR"] = str(folder)
    with migrated_app.test_request_context(), db.connection_context():
        yield folder


def upload(data, name):
    return FileStorage(stream=io.BytesIO(data), filename=name)


def image_bytes(fmt, size=(40, 30), mode="RGB", **save):
    out = io.BytesIO()
    Image.linear_gradient("L").resize(size).convert(mode).save(out, fmt, **save)
    return out.getvalue()


def noisy_jpeg():
    out = io.BytesIO()
    Image.effect_noise((300, 300), 80).convert("RGB").save(out, "JPEG")
    return out.getvalue()


def bomb_png(side=20000):
    """A PNG header claiming side × side pixels: far past Pillow's decompression-bomb limit."""
    ihdr = b"IHDR" + struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", 13) + ihdr + struct.pack(">I", zlib.crc32(ihdr))
    return b"\x89PNG\r\n\x1a\n" + chunk + b"\x00\x00\x00\x00IEND\xaeB`\x82"


def files_in(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def stored_image(attachment):
    return Image.open(io.BytesIO(read_attachment(attachment)))


@pytest.mark.parametrize(
    "head, expected",
    [
        (PDF, "application/pdf"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"<!DOCTYPE html><html>", None),
        (b'<svg xmlns="http://www.w3.org/2000/svg">', None),
        (b"PK\x03\x04docx", None),
        (b"MZ\x90\x00", None),
        (b"\x7fELF\x02\x01", None),
        (b"#!/bin/sh\n", None),
        (b"\x89PNG", None),
        (b"", None),
    ],
)
def test_sniff_knows_only_pdf_jpeg_and_png(head, expected):
    assert sniff(head) == expected


def test_a_pdf_is_stored_as_received_under_a_random_name(uploads):
    attachment = store_upload(upload(PDF, "Giấy khai sinh.pdf"), document_index=2)
    row = Attachment.get_by_id(attachment.id)
    assert (row.content_type, row.document_index, row.original_name) == ("application/pdf", 2, "Giấy khai sinh.pdf")
    assert STORED.fullmatch(row.stored_name) and row.stored_name.endswith(".pdf")
    assert read_attachment(row) == PDF
    assert (row.size, row.sha256) == (len(PDF), hashlib.sha256(PDF).hexdigest())
    assert row.created_at is not None
    assert files_in(uploads) == [row.stored_name]


@pytest.mark.parametrize("fmt, content_type, ext", [("JPEG", "image/jpeg", ".jpg"), ("PNG", "image/png", ".png")])
def test_images_are_reencoded_and_still_open(uploads, fmt, content_type, ext):
    attachment = store_upload(upload(image_bytes(fmt), f"anh.{ext}"), document_index=0)
    assert attachment.content_type == content_type and attachment.stored_name.endswith(ext)
    data = read_attachment(attachment)
    assert attachment.size == len(data) and attachment.sha256 == hashlib.sha256(data).hexdigest()
    with stored_image(attachment) as image:
        assert (image.format, image.size) == (fmt, (40, 30))


def test_gps_exif_and_comments_do_not_survive_and_the_photo_is_turned_upright(uploads):
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # the phone was held sideways
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (18.0, 20.0, 30.0)}
    photo = image_bytes("JPEG", exif=exif, comment=b"nha cua toi")
    with Image.open(io.BytesIO(photo)) as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo really carries a position
    attachment = store_upload(upload(photo, "IMG_0001.jpg"), document_index=0)
    data = read_attachment(attachment)
    assert b"Exif" not in data and b"PhoneMaker" not in data and b"nha cua toi" not in data
    with stored_image(attachment) as image:
        assert not image.getexif() and "exif" not in image.info and "comment" not in image.info
        assert image.size == (30, 40)


def test_png_text_and_exif_chunks_do_not_survive(uploads):
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "18.34N 105.90E")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    attachment = store_upload(upload(image_bytes("PNG", pnginfo=info, exif=exif), "a.png"), document_index=0)
    data = read_attachment(attachment)
    assert b"18.34N" not in data and b"PhoneMaker" not in data and b"eXIf" not in data


@pytest.mark.parametrize("size, expected", [((4000, 3000), (2000, 1500)), ((3000, 4000), (1500, 2000))])
@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_large_images_are_downscaled_to_2000_px_on_the_long_side(uploads, fmt, size, expected):
    attachment = store_upload(upload(image_bytes(fmt, size), "big"), document_index=0)
    with stored_image(attachment) as image:
        assert image.size == expected


def test_the_longest_side_is_configurable(uploads, migrated_app):
    migrated_app.config["UPLOAD_MAX_IMAGE_SIDE"] = 100
    attachment = store_upload(upload(image_bytes("PNG", (400, 300)), "a.png"), document_index=0)
    with stored_image(attachment) as image:
        assert image.size == (100, 75)


def test_palette_and_transparent_pngs_are_kept_readable(uploads):
    for mode in ("P", "LA", "RGBA", "I;16"):
        attachment = store_upload(upload(image_bytes("PNG", mode=mode), "a.png"), document_index=0)
        with stored_image(attachment) as image:
            image.load()
            assert image.size == (40, 30)


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"<html><script>alert(1)</script></html>", "x.pdf", "Tệp không phải PDF, JPEG hoặc PNG."),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "x.png", "Tệp không phải PDF, JPEG hoặc PNG."),
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100, "scan.jpg", "Tệp không phải PDF, JPEG hoặc PNG."),
        (b"", "empty.pdf", "Tệp rỗng."),
        (noisy_jpeg()[:3000], "cut.jpg", "Ảnh bị hỏng hoặc không đọc được."),
        (b"\xff\xd8\xff\xe0 not really a jpeg", "fake.jpg", "Ảnh bị hỏng hoặc không đọc được."),
        (
            bomb_png(),
            "bomb.png",
            "Ảnh bomb.png quá lớn (400 megapixel); tối đa 40 megapixel. Hãy chụp lại với độ phân giải thấp hơn.",
        ),
    ],
)
def test_refused_files_leave_nothing_behind(uploads, data, name, message):
    with pytest.raises(UploadError) as refused:
        store_upload(upload(data, name), document_index=0)
    assert str(refused.value) == message
    assert files_in(uploads) == []
    assert Attachment.select().count() == 0


@pytest.mark.parametrize("extra", [1, 5 * 1024 * 1024])
def test_an_oversized_file_is_refused_before_anything_is_written(uploads, extra):
    limit = 10 * 1024 * 1024
    stream = io.BytesIO(PDF + b"\0" * (limit + extra - len(PDF)))
    with pytest.raises(UploadError) as refused:
        store_upload(FileStorage(stream=stream, filename="big.pdf"), document_index=0)
    assert str(refused.value) == "Tệp lớn hơn 10 MB."
    assert stream.tell() == limit + 1  # read just far enough to know, never the whole upload
    assert not uploads.exists()
    assert Attachment.select().count() == 0


def test_a_file_of_exactly_the_limit_is_accepted(uploads, migrated_app):
    migrated_app.config["MAX_UPLOAD_BYTES"] = len(PDF)
    assert store_upload(upload(PDF, "a.pdf"), document_index=0).size == len(PDF)


def test_a_hostile_name_is_display_text_only(uploads, tmp_path):
    attachment = store_upload(upload(PDF, "../../etc/passwd%00.pdf"), document_index=0)
    assert attachment.original_name == "passwd%00.pdf"
    assert STORED.fullmatch(attachment.stored_name)
    assert (uploads / attachment.stored_name).is_file()
    created = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "a").rglob("*"))
    assert created == ["a/b", "a/b/uploads", f"a/b/uploads/{attachment.stored_name}"]
    assert not list(tmp_path.rglob("*passwd*"))


@pytest.mark.parametrize(
    "name, expected",
    [
        ("../../etc/passwd%00.pdf", "passwd%00.pdf"),
        ("C:\\Users\\an\\Desktop\\scan.jpg", "scan.jpg"),
        ("a\x00b\r\n\t.pdf", "ab.pdf"),
        ("\u202egpj.exe", "gpj.exe"),
        ("Gia\u0301y.pdf", "Giáy.pdf"),
        ("", "tep"),
        (None, "tep"),
        ("..", "tep"),
        ("dir/", "tep"),
        ("x" * 300, "x" * 255),
    ],
)
def test_display_name(name, expected):
    assert display_name(name) == expected


def test_a_stored_name_leading_outside_the_folder_is_refused(uploads):
    for name in ("../../x.pdf", "/etc/passwd", "abc.pdf", ""):
        with pytest.raises(ValueError):
            stored_name_of(Attachment(stored_name=name))


def test_deleting_files_tolerates_ones_already_gone(uploads):
    first = store_upload(upload(PDF, "a.pdf"), document_index=0)
    second = store_upload(upload(image_bytes("PNG"), "b.png"), document_index=1)
    uploads_store().delete(first.stored_name)
    delete_attachment_files([first, second])
    assert files_in(uploads) == []


def test_files_kept_in_a_transaction_that_fails_are_removed_with_its_rollback(uploads):
    rows_before = Attachment.select().count()
    with pytest.raises(RuntimeError), discard_on_failure(), write_transaction():
        keep_bytes(PDF, "application/pdf", "a.pdf", document_index=0)
        with discard_on_failure():  # an inner block that succeeds leaves its files to the outer one
            keep_bytes(image_bytes("PNG"), "image/png", "b.png", document_index=1, kind="bo_sung")
        assert len(files_in(uploads)) == 2
        raise RuntimeError("the transaction fails after its files were written")
    assert files_in(uploads) == []
    assert Attachment.select().count() == rows_before


def test_send_attachment_is_a_download_that_cannot_run_in_our_origin(uploads):
    attachment = store_upload(upload(image_bytes("PNG"), 'Ảnh "CCCD"; mặt trước.jpg'), document_index=0)
    response = send_attachment(attachment)
    response.direct_passthrough = False
    assert response.mimetype == "image/png"
    assert response.get_data() == read_attachment(attachment)
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''%E1%BA%A2nh%20%22CCCD%22%3B%20m%E1%BA%B7t%20tr%C6%B0%E1%BB%9Bc.png" in disposition
    assert "\n" not in disposition and "\r" not in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    assert "no-store" in response.headers["Cache-Control"] and "public" not in response.headers["Cache-Control"]
    response.close()


def test_the_app_wide_headers_do_not_loosen_a_download(migrated_app, tmp_path):
    migrated_app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    migrated_app.add_url_rule("/_t/<int:id>", "t", lambda id: send_attachment(Attachment.get_by_id(id)))
    with migrated_app.test_request_context(), db.connection_context():
        attachment = store_upload(upload(PDF, "a.pdf"), document_index=0)
    response = migrated_app.test_client().get(f"/_t/{attachment.id}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    assert response.headers["Content-Disposition"].startswith("attachment;")
