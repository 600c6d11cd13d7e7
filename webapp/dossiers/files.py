"""Uploaded files: known by their bytes, images re-encoded bare, kept outside static/ under random names.

Citizens upload from phones: photos carry GPS positions in their EXIF and names we must not trust,
so an image is always decoded and re-encoded from its pixels, and the client's name is display text only.
"""

import hashlib
import math
import re
import secrets
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from flask import abort, current_app, send_file
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from peewee import fn

from webapp.calendar.working_time import to_local
from webapp.dossiers.images import clean_image
from webapp.dossiers.upload_errors import UploadError
from webapp.formatting import vn_date
from webapp.models.catalogue import Procedure
from webapp.models.dossier import Attachment, Dossier
from webapp.models.signing import SIGNED, Signing
from webapp.models.units import Agency
from webapp.models.upload import ResumableUpload
from webapp.models.values import FILED, ONLINE, RESULT
from webapp.storage import store

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
NOT_A_PAPER = -1  # document_index of a file that answers none of the rule set's papers (a result, a proof…)
DEFAULT_MAX_DRAFT_FILES = 20
DEFAULT_MAX_DRAFT_BYTES = 50 * 1024 * 1024
CHUNK = 64 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
STORED_NAME = re.compile(r"[0-9a-f]{32}\.(pdf|jpg|png)")
PIECES_PREFIX = "partial/"  # the pieces of resumable uploads under way (webapp/filing/resumable.py)
# An attachment whose file the retention sweep removed keeps its row under this name (webapp/retention).
ERASED_PREFIX = "da-xoa-"
UNKNOWN_TYPE = _l("Tệp không phải PDF, JPEG hoặc PNG.")
EMPTY = _l("Tệp rỗng.")

# Stored names kept inside the innermost discard_on_failure() block; None outside any.
_kept_in_block = ContextVar("kept_in_block", default=None)


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


def uploads():
    """The store of uploaded and issued files (webapp/storage: this host's folder or PostgreSQL)."""
    return store("uploads")


def stored_name_of(attachment):
    """The attachment's stored name; one that could lead anywhere else is refused."""
    if not STORED_NAME.fullmatch(attachment.stored_name or ""):
        raise ValueError(f"not a stored name: {attachment.stored_name!r}")
    return attachment.stored_name


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


def max_upload_bytes():
    return current_app.config.get("MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES)


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
        data = clean_image(data, content_type, display_name(file_storage.filename))
    return data, content_type


def write_file(data, stored_name):
    """Store bytes (or a readable file) whole under stored_name: a reader never sees half a file."""
    uploads().put(stored_name, data)


def store_upload(file_storage, *, document_index, draft=None, reserved_by=None):
    """Check, clean and store one uploaded file; returns its Attachment row.

    On a draft the file must also fit what the draft may still hold (draft_allowance); `reserved_by`
    is the resumable upload delivering it, whose reservation is then not counted against it.
    """
    if draft is not None:
        refuse_beyond_allowance(draft, 0, reserved_by)  # no file left: refused before reading it
    data, content_type = checked_content(file_storage)
    if draft is not None:
        refuse_beyond_allowance(draft, len(data), reserved_by)
    return keep_bytes(data, content_type, file_storage.filename, document_index=document_index, draft=draft)


def max_draft_files():
    return current_app.config.get("UPLOAD_MAX_DRAFT_FILES", DEFAULT_MAX_DRAFT_FILES)


def max_draft_bytes():
    return current_app.config.get("UPLOAD_MAX_DRAFT_BYTES", DEFAULT_MAX_DRAFT_BYTES)


def draft_allowance(draft, reserved_by=None):
    """(files, bytes) the draft may still take: its stored files count, and so do the uploads under way
    at their declared size (but `reserved_by`'s), so that parallel uploads cannot together overrun it."""
    stored = (
        Attachment.select(fn.COUNT(Attachment.id), fn.COALESCE(fn.SUM(Attachment.size), 0))
        .where(Attachment.draft == draft)
        .tuples()
        .get()
    )
    under_way = (
        ResumableUpload.select(fn.COUNT(ResumableUpload.id), fn.COALESCE(fn.SUM(ResumableUpload.size), 0))
        .where(
            ResumableUpload.draft == draft, ResumableUpload.state == "open", ResumableUpload.id != (reserved_by or "")
        )
        .tuples()
        .get()
    )
    files = max_draft_files() - stored[0] - under_way[0]
    size = max_draft_bytes() - int(stored[1]) - int(under_way[1])
    return max(0, files), max(0, size)


def refuse_beyond_allowance(draft, size, reserved_by=None):
    files_left, bytes_left = draft_allowance(draft, reserved_by)
    if files_left < 1 or size > bytes_left:
        raise UploadError(beyond_allowance(files_left, bytes_left))


def beyond_allowance(files_left, bytes_left):
    """The refusal of a file the draft has no room for, saying what room is left."""
    return _(
        "Hồ sơ chỉ nhận tối đa %(files)s tệp, tổng cộng %(mb)s MB; còn có thể tải lên %(left)s. "
        "Hãy xóa bớt tệp không cần hoặc chụp lại với độ phân giải thấp hơn.",
        files=max_draft_files(),
        mb=megabytes(max_draft_bytes()),
        left=room_left(files_left, bytes_left),
    )


def room_left(files_left, bytes_left):
    """ "3 tệp, 12,5 MB": what the draft may still take."""
    return _("%(files)s tệp, %(mb)s MB", files=files_left, mb=megabytes(bytes_left))


def megabytes(size):
    """52428800 → "50", 13002342 → "12,4": one decimal at most, rounded down (never more room than
    there is), with the Vietnamese decimal comma."""
    return f"{math.floor(size * 10 / (1024 * 1024)) / 10:.1f}".removesuffix(".0").replace(".", ",")


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
    uploads().delete(stored_name)


def read_attachment(attachment):
    return uploads().read(stored_name_of(attachment))


def delete_attachment_files(attachments):
    """Remove the files (not the rows); a file already gone is not an error."""
    for attachment in attachments:
        remove_stored(stored_name_of(attachment))


def send_attachment(attachment):
    """Always a download, never rendered inline: a stored file can run no script in our origin."""
    if attachment.stored_name.startswith(ERASED_PREFIX):
        abort(404)  # removed when its retention period ended
    name = Path(attachment.original_name).stem or "tep"
    response = send_file(
        uploads().open(stored_name_of(attachment)),
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=name + EXTENSIONS[attachment.content_type],
    )
    response.content_length = attachment.size  # streamed in chunks: the store gives no file size
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers.pop("Expires", None)
    return response


def files_of(dossier):
    """Every file stored on the dossier, in the order they came."""
    return list(Attachment.select().where(Attachment.dossier == dossier.id).order_by(Attachment.id))


def result_file_of(dossier):
    """The latest result document signed for the dossier, or None (paper only, or its digital
    signatures not yet made: webapp/dossiers/signed_papers.py)."""
    return (
        Attachment.select()
        .where(Attachment.dossier == dossier.id, Attachment.kind == RESULT, Attachment.id.not_in(_being_signed()))
        .order_by(Attachment.id.desc())
        .first()
    )


def _being_signed():
    """The result files whose signing job has not finished: not yet a result to hand out."""
    return Signing.select(Signing.attachment).where(Signing.attachment.is_null(False), Signing.state != SIGNED)


def uploadable(rules):
    """(index, document) of the papers to send as files: not those only shown at the desk, nor the
    tờ khai the online form already filled in (`online_form`)."""
    return [
        (i, doc) for i, doc in enumerate(rules.documents) if doc["kind"] != "xuat_trinh" and not doc.get("online_form")
    ]


# Results this system issued, attached again to a later filing ("Giấy tờ của tôi").


def issued_results(citizen_key):
    """The signed results (with a verification code) returned online on the citizen's dossiers, the latest
    per dossier, newest first; each with its dossier, procedure and agency joined."""
    if not citizen_key:
        return []
    latest = (
        Attachment.select(fn.MAX(Attachment.id))
        .join(Dossier)
        .where(
            Dossier.citizen_key == citizen_key,
            Attachment.kind == RESULT,
            Attachment.verify_code.is_null(False),
            Attachment.id.not_in(_being_signed()),
        )
        .group_by(Attachment.dossier)
    )
    return list(
        Attachment.select(Attachment, Dossier, Procedure, Agency)
        .join(Dossier)
        .join(Procedure)
        .switch(Dossier)
        .join(Agency)
        .where(Attachment.id.in_(latest), Dossier.return_channel == ONLINE, Dossier.returned_at.is_null(False))
        .order_by(Attachment.created_at.desc(), Attachment.id.desc())
    )


def issued_result(citizen_key, attachment_id):
    """One of issued_results(citizen_key) by its id, or None (another's, not issued, or no such file)."""
    return next((found for found in issued_results(citizen_key) if found.id == attachment_id), None)


def reuse_result(original, draft, document_index):
    """A copy of the issued result `original` as the draft's file for paper `document_index`, under a new
    stored name (the copy goes with the dossier, the original stays on its own), counted against the
    draft's caps like an upload. The same result chosen again for the same paper is not copied twice."""
    already = Attachment.get_or_none(
        Attachment.draft == draft, Attachment.reused_from == original.id, Attachment.document_index == document_index
    )
    if already is not None:
        return already
    refuse_beyond_allowance(draft, original.size)
    try:
        data = read_attachment(original)
    except (OSError, ValueError) as problem:
        raise UploadError(_("Không đọc được tệp của giấy tờ này; vui lòng tải lên bản chụp.")) from problem
    return keep_bytes(
        data,
        original.content_type,
        original.original_name,
        draft=draft,
        document_index=document_index,
        kind=FILED,
        reused_from=original.id,
    )


def originals_of(attachments):
    """{copy's id: the issued result it was reused from, with its dossier, procedure and agency}, for the
    copies among `attachments` whose bytes are still the original's (same SHA-256)."""
    copies = [a for a in attachments if a.reused_from_id]
    if not copies:
        return {}
    originals = (
        Attachment.select(Attachment, Dossier, Procedure, Agency)
        .join(Dossier)
        .join(Procedure)
        .switch(Dossier)
        .join(Agency)
        .where(
            Attachment.id.in_([a.reused_from_id for a in copies]),
            Attachment.kind == RESULT,
            Attachment.verify_code.is_null(False),
        )
    )
    by_id = {original.id: original for original in originals}
    return {
        a.id: by_id[a.reused_from_id]
        for a in copies
        if a.reused_from_id in by_id and by_id[a.reused_from_id].sha256 == a.sha256
    }


def issued_on(result):
    """The local day a result was signed, dd/mm/yyyy."""
    return vn_date(to_local(result.created_at))
