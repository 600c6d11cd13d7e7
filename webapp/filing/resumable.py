"""Resumable uploads for weak links: a file goes in small chunks, each at the offset the server holds.

A dropped link costs one chunk, not the whole photo: the client asks the server's offset and goes on
from there. The last chunk assembles the file and runs the very checks of a plain upload
(store_upload: type sniffed from the bytes, images re-encoded bare, size limit); a refusal is kept on
the upload for the documents page to show next to its field, as it shows a plain upload's.
An open upload reserves its declared size in the draft's allowance (draft_allowance), so uploads
started together cannot overrun it; the stored bytes are checked again when the file is assembled.
"""

import datetime
import io
import re
import secrets

from flask import abort, current_app, jsonify, request
from werkzeug.datastructures import FileStorage

from webapp.bounded import INT_MAX, whole_number
from webapp.db import db
from webapp.dossiers.files import (
    CHUNK,
    EMPTY,
    PIECES_PREFIX,
    UploadError,
    beyond_allowance,
    discard_on_failure,
    display_name,
    draft_allowance,
    max_upload_bytes,
    store_upload,
    too_big,
    uploadable,
    uploads,
)
from webapp.filing import bp
from webapp.filing.flow import draft_or_404
from webapp.models.dossier import utcnow
from webapp.models.upload import ResumableUpload

UPLOAD_ID = re.compile(r"[A-Za-z0-9_-]{32}")
MAX_CHUNK = 4 * CHUNK  # a client may send bigger chunks on a good link, never more than this


@bp.post("/nop/<token>/tai-len")
def create_upload(token):
    """Open an upload for one file of one paper: form fields doc (its index), name, size."""
    draft = draft_or_404(token)
    index = whole_number(request.form.get("doc"))
    size = whole_number(request.form.get("size"), high=INT_MAX)  # the column is a plain integer
    if index not in {i for i, _ in uploadable(draft.rule_set)} or size is None:
        abort(400)
    upload = open_upload(draft, index, request.form.get("name", ""), size)
    status = {"open": 201, "refused": 413 if size else 422}[upload.state]
    return _answer(upload, status, chunk=CHUNK)


@bp.get("/nop/<token>/tai-len/<upload_id>")
def upload_status(token, upload_id):
    """How far the server got: the client resumes from `offset` after a drop."""
    return _answer(_own_upload(token, upload_id), 200)


@bp.put("/nop/<token>/tai-len/<upload_id>")
def upload_chunk(token, upload_id):
    """One chunk at `?offset=`; 409 with the server's offset when it is not the one expected."""
    upload = _own_upload(token, upload_id)
    offset = whole_number(request.args.get("offset"), high=INT_MAX)
    data = request.stream.read(MAX_CHUNK + 1)
    if offset is None or len(data) > MAX_CHUNK:
        abort(400 if offset is None else 413)
    if upload.state != "open" or offset != upload.received:
        return _answer(upload, 409)
    if not data or offset + len(data) > upload.size:
        abort(400)
    upload = receive_chunk(upload, offset, data)
    if upload is None:  # another request moved the offset meanwhile
        return _answer(_own_upload(token, upload_id), 409)
    return _answer(upload, 422 if upload.state == "refused" else 200)


def open_upload(draft, index, name, size):
    """A new upload row; one already refused when the size alone says no (empty, over the limit, more
    than the draft has room for)."""
    now = utcnow()
    refusal = too_big() if size > max_upload_bytes() else EMPTY if size == 0 else beyond_room(draft, size)
    return ResumableUpload.create(
        id=secrets.token_urlsafe(24),
        draft=draft,
        document_index=index,
        original_name=display_name(name),
        size=size,
        state="refused" if refusal else "open",
        error=str(refusal)[:255],
        created_at=now,
        updated_at=now,
    )


def beyond_room(draft, size):
    files_left, bytes_left = draft_allowance(draft)
    return beyond_allowance(files_left, bytes_left) if files_left < 1 or size > bytes_left else ""


def receive_chunk(upload, offset, data):
    """Write the chunk where it goes, then move the offset, unless another request already did (None).

    A repeated chunk writes the same bytes at the same place, so a late duplicate harms nothing.
    """
    uploads().put(piece_name(upload.id, offset), data)
    received = offset + len(data)
    with discard_on_failure(), db.atomic():
        moved = (
            ResumableUpload.update(received=received, updated_at=utcnow())
            .where(ResumableUpload.id == upload.id, ResumableUpload.received == offset, ResumableUpload.state == "open")
            .execute()
        )
        if not moved:
            return None
        upload.received = received
        if received == upload.size:
            finish(upload)
    if upload.state != "open":
        drop_pieces(upload.id)
    return upload


def finish(upload):
    """All bytes are in: the same checks and storage as a plain upload, done or refused for good."""
    data = assembled(upload)
    try:
        attachment = store_upload(
            FileStorage(io.BytesIO(data), filename=upload.original_name),
            document_index=upload.document_index,
            draft=upload.draft_id,
            reserved_by=upload.id,
        )
        upload.state, upload.attachment = "done", attachment
    except UploadError as problem:
        upload.state, upload.error = "refused", str(problem)[:255]
    upload.save(only=[ResumableUpload.state, ResumableUpload.error, ResumableUpload.attachment])


def settle(draft, upload_ids):
    """(document index, message) of each refused upload among upload_ids; finished ones are let go."""
    ids = [i for i in upload_ids if UPLOAD_ID.fullmatch(i)]
    if not ids:
        return []
    finished = list(
        ResumableUpload.select()
        .where(ResumableUpload.id.in_(ids), ResumableUpload.draft == draft, ResumableUpload.state != "open")
        .order_by(ResumableUpload.created_at)
    )
    ResumableUpload.delete().where(ResumableUpload.id.in_([u.id for u in finished] or [""])).execute()
    return [(u.document_index, f"{u.original_name[:80]}: {u.error}") for u in finished if u.state == "refused"]


def purge_abandoned(now=None):
    """Remove uploads untouched for UPLOAD_ABANDONED_HOURS and part files no upload owns; returns how many."""
    now = now or utcnow()
    hours = current_app.config.get("UPLOAD_ABANDONED_HOURS", 24)
    old = ResumableUpload.select(ResumableUpload.id).where(
        ResumableUpload.updated_at < now - datetime.timedelta(hours=hours)
    )
    gone = [u.id for u in old]
    ResumableUpload.delete().where(ResumableUpload.id.in_(gone or [""])).execute()
    pieces = {}
    for name, _ in uploads().names(PIECES_PREFIX):
        pieces.setdefault(name[len(PIECES_PREFIX) :].split(".")[0], []).append(name)
    living = {
        u.id for u in ResumableUpload.select(ResumableUpload.id).where(ResumableUpload.id.in_(list(pieces) or [""]))
    }
    for upload_id, names in pieces.items():
        if upload_id not in living:
            for name in names:
                uploads().delete(name)
    return len(gone)


def piece_name(upload_id, offset):
    """Each chunk is stored as a piece named by its offset, so that any web host may take the next one."""
    return f"{PIECES_PREFIX}{upload_id}.{offset:012d}"


def pieces_of(upload_id):
    """{offset: stored name} of the upload's pieces."""
    prefix = f"{PIECES_PREFIX}{upload_id}."
    return {int(name[len(prefix) :]): name for name, _ in uploads().names(prefix)}


def assembled(upload):
    """The upload's bytes, each piece laid where it was sent: a chunk sent twice lands on the same bytes."""
    data = bytearray(upload.size)
    for offset, name in sorted(pieces_of(upload.id).items()):
        piece = uploads().read(name)[: max(0, upload.size - offset)]
        data[offset : offset + len(piece)] = piece
    return bytes(data)


def drop_pieces(upload_id):
    for name in pieces_of(upload_id).values():
        uploads().delete(name)


def _own_upload(token, upload_id):
    """The upload, if it is this draft's; another draft's id is as unknown as a made-up one."""
    draft = draft_or_404(token)
    upload = UPLOAD_ID.fullmatch(upload_id) and ResumableUpload.get_or_none(
        ResumableUpload.id == upload_id, ResumableUpload.draft == draft
    )
    if not upload:
        abort(404)
    return upload


def _answer(upload, status, **extra):
    body = {"id": upload.id, "offset": upload.received, "size": upload.size, "state": upload.state, **extra}
    if upload.state == "refused":
        body["message"] = upload.error
    response = jsonify(body)
    response.status_code = status
    response.cache_control.no_store = True
    return response
