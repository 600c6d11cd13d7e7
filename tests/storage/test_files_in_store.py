"""Attachments through the configured store: on PostgreSQL nothing lands on the web host's disk, a
download streams the same bytes; files no row names are swept once old enough, and only those."""

import datetime
import io

import pytest
from werkzeug.datastructures import FileStorage

from tests.apps import SCALE_OUT_POSTGRES, postgres_database, require
from tests.factories import PDF
from webapp.db import db
from webapp.dossiers.files import read_attachment, send_attachment, store_upload, uploads, write_file
from webapp.dossiers.orphans import sweep
from webapp.models.dossier import utcnow

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def in_request(migrated_app):
    with migrated_app.test_request_context(), db.connection_context():
        yield migrated_app


def test_on_postgres_an_upload_never_touches_the_hosts_disk(in_request, tmp_path):
    require("PostgreSQL (TEST_POSTGRES_URL)", SCALE_OUT_POSTGRES)
    in_request.config["STORAGE_URL"] = postgres_database("motcua_test_files", SCALE_OUT_POSTGRES)
    in_request.config["UPLOAD_DIR"] = str(tmp_path / "never")
    attachment = store_upload(FileStorage(io.BytesIO(PDF), "đơn.pdf"), document_index=0)
    assert read_attachment(attachment) == PDF
    response = send_attachment(attachment)
    response.direct_passthrough = False
    assert response.get_data() == PDF and response.content_length == len(PDF)
    assert "attachment" in response.headers["Content-Disposition"]
    assert not (tmp_path / "never").exists()
    uploads().close()


def test_orphans_are_swept_once_old_and_files_named_by_a_row_stay(in_request):
    kept = store_upload(FileStorage(io.BytesIO(PDF), "a.pdf"), document_index=0)
    write_file(b"%PDF-left by a crash", "0" * 32 + ".pdf")
    uploads().put("partial/" + "u" * 32 + ".000000000000", b"a resumable upload under way")
    assert sweep() == 0, "a file young enough may still be waiting for its row"
    assert sweep(now=utcnow() + 7 * HOUR) == 1
    assert not uploads().exists("0" * 32 + ".pdf")
    assert read_attachment(kept) == PDF
    assert uploads().exists("partial/" + "u" * 32 + ".000000000000"), "pieces go with their upload, not here"


def test_the_sweep_is_a_periodic_job():
    from webapp.dossiers import orphans
    from webapp.jobs import huey

    assert orphans.sweep_orphans.task_class in huey._registry._periodic_tasks


def test_a_province_moving_to_several_hosts_copies_its_files_once(migrated_app, tmp_path):
    require("PostgreSQL (TEST_POSTGRES_URL)", SCALE_OUT_POSTGRES)
    target = postgres_database("motcua_test_copy", SCALE_OUT_POSTGRES)
    with migrated_app.test_request_context(), db.connection_context():
        attachment = store_upload(FileStorage(io.BytesIO(PDF), "a.pdf"), document_index=0)
    runner = migrated_app.test_cli_runner()
    first = runner.invoke(args=["storage", "copy", target])
    assert first.exit_code == 0 and "1 file(s) copied, 0 already there" in first.output
    again = runner.invoke(args=["storage", "copy", target])
    assert "0 file(s) copied, 1 already there" in again.output
    migrated_app.config["STORAGE_URL"] = target
    with migrated_app.test_request_context(), db.connection_context():
        assert read_attachment(attachment) == PDF
        uploads().close()
    checked = runner.invoke(args=["storage", "check"])
    assert checked.exit_code == 0 and "uploads ok (postgres)" in checked.output
