"""Resumable uploads: chunks at the server's offset, resumed after a drop, checked as a plain upload."""

import datetime
import io
import re

import pytest
from PIL import Image

from tests.factories import make_draft
from tests.pages import check_page
from tests.walks import CHUNK, DOC, Uploader
from webapp.db import db
from webapp.dossiers.files import uploads
from webapp.filing.resumable import piece_name, pieces_of, purge_abandoned
from webapp.models import Attachment, ResumableUpload


@pytest.fixture
def draft(filing_app):
    with filing_app.app_context(), db.connection_context():
        return make_draft()


@pytest.fixture
def client(filing_app):
    return filing_app.test_client()


def noisy_jpeg(width=3000, height=2200):
    """A photo-like JPEG of a few hundred KB with an EXIF block that must not survive."""
    image = Image.effect_noise((width, height), 60).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70, exif=exif)
    return out.getvalue()


def test_chunks_complete_into_exactly_one_cleaned_attachment(client, draft, filing_app):
    data = noisy_jpeg()
    assert len(data) > 3 * CHUNK
    up = Uploader(client, draft.token)
    created = up.create(len(data))
    assert created.status_code == 201
    assert created.json["offset"] == 0 and created.json["chunk"] == CHUNK
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", created.json["id"])
    upload_id = created.json["id"]
    for offset in range(0, len(data), CHUNK):
        response = up.put(upload_id, offset, data[offset : offset + CHUNK])
    assert response.status_code == 200
    assert response.json == {"id": upload_id, "offset": len(data), "size": len(data), "state": "done"}
    with filing_app.app_context(), db.connection_context():
        (attachment,) = Attachment.select().where(Attachment.draft == draft.id)
        assert attachment.content_type == "image/jpeg" and attachment.document_index == DOC
        assert not pieces_of(upload_id)
        from webapp.dossiers.files import read_attachment

        with Image.open(io.BytesIO(read_attachment(attachment))) as stored:
            assert max(stored.size) <= 2000
            assert not stored.getexif()
    # The repeated last chunk (its answer was lost) stores nothing twice.
    assert up.put(upload_id, len(data) - 1, data[-1:]).status_code == 409
    with filing_app.app_context(), db.connection_context():
        assert Attachment.select().where(Attachment.draft == draft.id).count() == 1


def test_after_a_drop_the_client_resumes_from_the_servers_offset(client, draft, filing_app):
    data = noisy_jpeg(1200, 900)
    up = Uploader(client, draft.token)
    upload_id = up.create(len(data)).json["id"]
    assert up.put(upload_id, 0, data[:CHUNK]).json["offset"] == CHUNK
    # The link drops: the client does not know whether its second chunk arrived, so it asks.
    status = up.status(upload_id)
    assert status.status_code == 200 and status.json["offset"] == CHUNK and status.json["state"] == "open"
    assert "no-store" in status.headers["Cache-Control"]
    for offset in range(status.json["offset"], len(data), CHUNK):
        response = up.put(upload_id, offset, data[offset : offset + CHUNK])
    assert response.json["state"] == "done"


def test_a_chunk_at_the_wrong_offset_is_409_with_the_right_offset(client, draft):
    data = noisy_jpeg(1200, 900)
    up = Uploader(client, draft.token)
    upload_id = up.create(len(data)).json["id"]
    up.put(upload_id, 0, data[:CHUNK])
    for wrong in (0, 2 * CHUNK):
        response = up.put(upload_id, wrong, data[wrong : wrong + CHUNK])
        assert response.status_code == 409 and response.json["offset"] == CHUNK


def test_a_chunk_past_the_declared_size_or_too_big_is_refused(client, draft):
    up = Uploader(client, draft.token)
    upload_id = up.create(10).json["id"]
    assert up.put(upload_id, 0, b"x" * 11).status_code == 400
    assert up.put(upload_id, 0, b"").status_code == 400
    assert up.put(upload_id, 0, b"x" * (4 * CHUNK + 1)).status_code == 413
    assert up.status(upload_id).json["offset"] == 0


def test_bytes_that_are_not_pdf_jpeg_or_png_are_refused_and_shown_next_to_the_field(client, draft, filing_app):
    fake = b"<!doctype html><title>x</title><p>not a pdf</p>" * 2000
    up = Uploader(client, draft.token)
    response = up.send(fake, name="giay.pdf", doc=4)
    assert response.status_code == 422
    assert response.json["state"] == "refused"
    assert response.json["message"] == "Tệp không phải PDF, JPEG hoặc PNG."
    upload_id = response.json["id"]
    with filing_app.app_context(), db.connection_context():
        assert Attachment.select().where(Attachment.draft == draft.id).count() == 0
        assert not pieces_of(upload_id)
    page = client.post(
        f"/nop/{draft.token}/giay-to",
        data={"csrf_token": up.headers["X-CSRFToken"], "upload": upload_id, "action": "continue"},
        content_type="multipart/form-data",
    )
    assert page.status_code == 200
    soup = check_page(page.get_data(as_text=True))
    message = "giay.pdf: Tệp không phải PDF, JPEG hoặc PNG."
    assert soup.select_one("#doc-4-error").get_text() == message
    assert soup.select_one("#error-summary a")["href"] == "#doc-4"
    assert soup.select_one("#doc-4")["aria-invalid"] == "true"
    with filing_app.app_context(), db.connection_context():
        assert ResumableUpload.get_or_none(ResumableUpload.id == upload_id) is None  # settled: shown once


def test_a_finished_upload_posted_with_the_form_goes_on_like_a_plain_upload(client, draft, filing_app):
    up = Uploader(client, draft.token)
    upload_id = up.send(b"%PDF-1.4\n" + b"0" * 100_000, name="giay-chung-sinh.pdf").json["id"]
    response = client.post(
        f"/nop/{draft.token}/giay-to",
        data={"csrf_token": up.headers["X-CSRFToken"], "upload": upload_id, "action": "continue"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303 and response.headers["Location"].endswith("/kiem-tra")
    with filing_app.app_context(), db.connection_context():
        (attachment,) = Attachment.select().where(Attachment.draft == draft.id)
        assert attachment.content_type == "application/pdf" and attachment.original_name == "giay-chung-sinh.pdf"


def test_a_total_over_the_limit_is_refused_before_any_chunk(client, draft, filing_app):
    up = Uploader(client, draft.token)
    response = up.create(filing_app.config["MAX_UPLOAD_BYTES"] + 1)
    assert response.status_code == 413
    assert response.json["state"] == "refused" and response.json["message"] == "Tệp lớn hơn 10 MB."
    assert up.put(response.json["id"], 0, b"%PDF-").status_code == 409
    assert up.create(0).json["message"] == "Tệp rỗng."


def test_an_unknown_paper_is_400(client, draft):
    up = Uploader(client, draft.token)
    assert up.create(100, doc=2).status_code == 400  # shown at the desk, never uploaded
    assert up.create(100, doc=99).status_code == 400


def test_an_upload_of_another_draft_is_404(client, draft, filing_app):
    with filing_app.app_context(), db.connection_context():
        other = make_draft()
    up = Uploader(client, draft.token)
    upload_id = up.create(1000).json["id"]
    assert up.status(upload_id, token=other.token).status_code == 404
    assert up.put(upload_id, 0, b"%PDF-", token=other.token).status_code == 404
    assert up.status("A" * 32).status_code == 404
    assert up.status(upload_id).status_code == 200


def test_csrf_is_enforced(client, draft):
    up = Uploader(client, draft.token)
    upload_id = up.create(1000).json["id"]
    assert client.post(f"/nop/{draft.token}/tai-len", data={"doc": DOC, "name": "a.pdf", "size": 10}).status_code == 400
    assert client.put(f"/nop/{draft.token}/tai-len/{upload_id}?offset=0", data=b"%PDF-").status_code == 400
    assert up.status(upload_id).json["offset"] == 0


def test_abandoned_uploads_and_orphan_parts_are_cleaned_up(client, draft, filing_app):
    up = Uploader(client, draft.token)
    stale = up.create(1000).json["id"]
    fresh = up.create(1000).json["id"]
    up.put(stale, 0, b"%PDF-" + b"0" * 95)
    up.put(fresh, 0, b"%PDF-" + b"0" * 95)
    with filing_app.app_context(), db.connection_context():
        ResumableUpload.update(updated_at=datetime.datetime(2020, 1, 1)).where(ResumableUpload.id == stale).execute()
        uploads().put(piece_name("B" * 32, 0), b"left behind by a deleted draft")
        assert purge_abandoned() == 1
        assert ResumableUpload.get_or_none(ResumableUpload.id == stale) is None
        assert not pieces_of(stale) and not pieces_of("B" * 32)
        assert pieces_of(fresh) and ResumableUpload.get_or_none(ResumableUpload.id == fresh)


def test_the_cleanup_is_a_periodic_job():
    from webapp.filing import tasks
    from webapp.jobs import huey

    assert tasks.purge_abandoned_uploads.task_class in huey._registry._periodic_tasks


def test_the_documents_page_offers_progress_only_to_scripts_and_stays_small(client, draft):
    import gzip

    response = client.get(f"/nop/{draft.token}/giay-to")
    soup = check_page(response.get_data(as_text=True))
    status = soup.select_one("#upload-status")
    assert status.has_attr("hidden")
    assert soup.select_one("label[for=upload-progress]").get_text() == "Tiến độ tải lên"
    assert soup.select_one("form[data-upload]")["data-side"] == "2000"
    assert len(gzip.compress(response.data, 9)) <= 14_000
