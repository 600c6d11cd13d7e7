"""Uploaded files: known by their bytes, images re-encoded bare, kept outside static/ under random names.

Citizens upload from phones: photos carry GPS positions in their EXIF and names we must not trust,
so an image is always decoded and re-encoded from its pixels, and the client's name is display text only.
"""

import hashlib
import io
import os
import re
import secrets
import struct
import tempfile
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from flask import current_app, send_file
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps

from webapp.models.dossier import Attachment
from webapp.models.values import RESULT

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
NOT_A_PAPER = -1  # document_index of a file that answers none of the rule set's papers (a result, a proof…)
DEFAULT_MAX_SIDE = 2000
CHUNK = 64 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
PIL_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
STORED_NAME = re.compile(r"[0-9a-f]{32}\.(pdf|jpg|png)")
# Pillow reports a damaged file through any of these, depending on where the damage is.
IMAGE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, IndexError, struct.error, Image.DecompressionBombError)

UNKNOWN_TYPE = _l("Tệp không phải PDF, JPEG hoặc PNG.")
EMPTY = _l("Tệp rỗng.")
BROKEN_IMAGE = _l("Ảnh bị hỏng hoặc không đọc được.")

# Stored names kept inside the innermost discard_on_failure() block; None outside any.
_kept_in_block = ContextVar("kept_in_block", default=None)


class UploadError(Exception):
    """A refusal the citizen can read: `message` is Vietnamese (or the chosen language)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


def sniff(head):
    """The content type the bytes themselves announce, or None; the file name is never asked."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def display_name(name):
    """The client's file name as harmless text: last path part, no control characters, ≤ 255."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C")).strip()
    return name[:255] if name not in ("", ".", "..") else "tep"


def upload_dir():
    return Path(current_app.config.get("UPLOAD_DIR") or Path(current_app.instance_path) / "uploads")


def attachment_path(attachment):
    """Where the file lives; a stored name that would lead outside UPLOAD_DIR is refused."""
    root = upload_dir().resolve()
    path = (root / attachment.stored_name).resolve()
    if not STORED_NAME.fullmatch(attachment.stored_name) or path.parent != root:
        raise ValueError(f"stored name outside the upload folder: {attachment.stored_name!r}")
    return path


def read_capped(stream, limit):
    """At most limit + 1 bytes: enough to know a file is too big without holding all of it."""
    parts, size = [], 0
    while size <= limit:
        chunk = stream.read(min(CHUNK, limit + 1 - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


def clean_image(data, content_type):
    """Decode, turn upright, shrink, and re-encode from the pixels alone: no EXIF, GPS or comments survive."""
    side = max_image_side()
    try:
        with Image.open(io.BytesIO(data), formats=[PIL_FORMATS[content_type]]) as image:
            image.draft(None, (side, side))  # JPEG only: decode at a reduced scale, sparing memory
            upright = writable_mode(ImageOps.exif_transpose(image), content_type)
            upright.thumbnail((side, side), Image.Resampling.LANCZOS)
            return encode(bare(upright), content_type)
    except IMAGE_ERRORS as error:
        raise UploadError(BROKEN_IMAGE) from error


def writable_mode(image, content_type):
    """The image in a mode the output format can write (palettes and CMYK become RGB or RGBA)."""
    if content_type == "image/jpeg":
        return image if image.mode in ("L", "RGB") else image.convert("RGB")
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


def max_upload_bytes():
    return current_app.config.get("MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES)


def max_image_side():
    return current_app.config.get("UPLOAD_MAX_IMAGE_SIDE", DEFAULT_MAX_SIDE)


def too_big():
    """The refusal of a file over MAX_UPLOAD_BYTES, said the same way whichever way it came."""
    return _("Tệp lớn hơn %(limit)s MB.", limit=format(max_upload_bytes() / (1024 * 1024), "g"))


def checked_content(file_storage):
    """(bytes to store, content type) of an upload, or UploadError; nothing touches the disk here."""
    limit = max_upload_bytes()
    data = read_capped(file_storage.stream, limit)
    if len(data) > limit:
        raise UploadError(too_big())
    if not data:
        raise UploadError(EMPTY)
    content_type = sniff(data[:16])
    if content_type is None:
        raise UploadError(UNKNOWN_TYPE)
    if content_type != "application/pdf":
        data = clean_image(data, content_type)
    return data, content_type


def write_file(data, stored_name):
    """Write beside the target then rename, so a reader never sees half a file."""
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, folder / stored_name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def store_upload(file_storage, *, document_index, draft=None):
    """Check, clean and store one uploaded file; returns its Attachment row."""
    data, content_type = checked_content(file_storage)
    return keep_bytes(data, content_type, file_storage.filename, document_index=document_index, draft=draft)


def keep_bytes(data, content_type, original_name, **attachment_columns):
    """Store already checked bytes and their Attachment row (owner, kind, index… in attachment_columns).

    The file goes again if its row cannot be written; inside discard_on_failure() it also goes if
    the block fails later, since the row then rolls back with the transaction.
    """
    stored_name = secrets.token_hex(16) + EXTENSIONS[content_type]
    write_file(data, stored_name)
    try:
        attachment = Attachment.create(
            original_name=display_name(original_name),
            stored_name=stored_name,
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            **attachment_columns,
        )
    except BaseException:
        remove_stored(stored_name)
        raise
    kept_in_block = _kept_in_block.get()
    if kept_in_block is not None:
        kept_in_block.append(stored_name)
    return attachment


@contextmanager
def discard_on_failure():
    """Remove the files keep_bytes wrote inside the block if the block raises.

    Put it around the transaction, so the files go once their rows are rolled back. Nested in another
    such block, the files kept here stay the outer block's to remove: its transaction can still fail.
    """
    kept, outer = [], _kept_in_block.get()
    token = _kept_in_block.set(kept)
    try:
        yield
    except BaseException:
        for stored_name in kept:
            remove_stored(stored_name)
        raise
    finally:
        _kept_in_block.reset(token)
    if outer is not None:
        outer.extend(kept)


def remove_stored(stored_name):
    (upload_dir() / stored_name).unlink(missing_ok=True)


def read_attachment(attachment):
    return attachment_path(attachment).read_bytes()


def delete_attachment_files(attachments):
    """Remove the files (not the rows); a file already gone is not an error."""
    for attachment in attachments:
        attachment_path(attachment).unlink(missing_ok=True)


def send_attachment(attachment):
    """Always a download, never rendered inline: a stored file can run no script in our origin."""
    name = Path(attachment.original_name).stem or "tep"
    response = send_file(
        attachment_path(attachment),
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=name + EXTENSIONS[attachment.content_type],
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers.pop("Expires", None)
    return response


def files_of(dossier):
    """Every file stored on the dossier, in the order they came."""
    return list(Attachment.select().where(Attachment.dossier == dossier.id).order_by(Attachment.id))


def result_file_of(dossier):
    """The latest result document signed for the dossier, or None (paper only, or not yet signed)."""
    return (
        Attachment.select()
        .where(Attachment.dossier == dossier.id, Attachment.kind == RESULT)
        .order_by(Attachment.id.desc())
        .first()
    )


def uploadable(rules):
    """(index, document) of the papers to send as files: not those only shown at the desk, nor the
    tờ khai the online form already filled in (`online_form`)."""
    return [
        (i, doc) for i, doc in enumerate(rules.documents) if doc["kind"] != "xuat_trinh" and not doc.get("online_form")
    ]
