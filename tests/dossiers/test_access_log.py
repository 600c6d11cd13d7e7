"""Reads of personal data are logged: lists of applicants (the log book on screen and as files, a
search of the queues) in PersonalDataExport, a dossier read through another in DossierView; and what
audit rows keep of a person is minimised (identity numbers masked, no form answers)."""

from tests.backoffice.test_reused_result import filed_with_a_reused_result
from tests.staff_login import officer, person
from tests.walks import filed, fresh, received
from webapp import admin_log
from webapp.db import db
from webapp.models import AdminEvent, Attachment, DossierView, Staff, Transition
from webapp.models.access import PersonalDataExport
from webapp.workflow.services import apply


def exports_of(app, username):
    with app.app_context(), db.connection_context():
        staff = Staff.get(Staff.username == username)
        query = PersonalDataExport.select().where(PersonalDataExport.staff == staff.id)
        return list(query.order_by(PersonalDataExport.id))


def test_each_log_book_file_and_the_book_on_screen_write_a_log_row(filing_app):
    filed(filing_app), filed(filing_app)
    desk = officer(filing_app, "mc.soxuat")
    for kind in ("csv", "xlsx", "pdf"):
        response = desk.get(f"/can-bo/ho-so/so-theo-doi.{kind}?tu=01/01/2026&den=31/12/2026")
        assert response.status_code == 200
    assert desk.get("/can-bo/ho-so/so-theo-doi?tu=01/01/2026&den=31/12/2026").status_code == 200
    logged = exports_of(filing_app, "mc.soxuat")
    assert [e.what for e in logged] == ["so-theo-doi.csv", "so-theo-doi.xlsx", "so-theo-doi.pdf", "so-theo-doi"]
    assert {e.rows for e in logged} == {2}
    assert logged[0].filters == {"tu": "2026-01-01", "den": "2026-12-31"} and logged[0].ip == "127.0.0.1"
    assert logged[0].unit_id is not None


def test_a_refused_period_downloads_nothing_and_logs_nothing(filing_app):
    desk = officer(filing_app, "mc.sosai")
    assert desk.get("/can-bo/ho-so/so-theo-doi.csv?tu=31/02/2026").status_code == 400
    assert exports_of(filing_app, "mc.sosai") == []


def test_a_queue_search_is_logged_without_the_words_searched(filing_app):
    dossier = filed(filing_app)
    desk = officer(filing_app, "mc.timkiem")
    assert desk.get("/can-bo/ho-so").status_code == 200  # the queue without a search: not a search
    name = fresh(filing_app, dossier).applicant_name
    page = desk.get("/can-bo/ho-so", query_string={"hang": "cho-tiep-nhan", "q": name}).get_data(as_text=True)
    assert dossier.code in page
    (logged,) = exports_of(filing_app, "mc.timkiem")
    assert logged.what == "tim-kiem" and logged.rows >= 1
    assert logged.filters == {"hang": "cho-tiep-nhan", "cua_toi": False}
    assert name not in str(logged.filters)


def test_a_return_hands_back_with_the_recipients_number_masked_in_the_audit_row(filing_app):
    dossier, desk = received(filing_app, "mc.mask")
    with filing_app.test_request_context(), db.connection_context():
        record = fresh(filing_app, dossier)
        note = "Người nhận xuất trình CCCD 042095001234, CMND cũ 123456789, gọi 0912345678"
        details = {"to": "Nguyễn Thị Hoa, giấy tờ số 042095001234", "answers": {"so_dinh_danh": "042095001234"}}
        apply(record, "phan_cong", role="mot_cua", actor="Lan", version=record.version, note=note, details=details)
        step = Transition.select().where(Transition.dossier == dossier.id).order_by(Transition.id.desc()).get()
    assert step.note == "Người nhận xuất trình CCCD •••••••••234, CMND cũ ••••••789, gọi 0912345678"
    assert step.details["to"] == "Nguyễn Thị Hoa, giấy tờ số •••••••••234"
    assert "answers" not in step.details and "042095001234" not in str(step.details)


def test_an_admin_event_keeps_masked_numbers_and_whole_references(filing_app):
    staff = person(filing_app, "qt.mask", "quan_tri_don_vi")[1]
    with filing_app.app_context(), db.connection_context():
        event = admin_log.record(
            staff,
            "thu-tuc",
            "sua",
            "1.001193",
            holder="Chủ hộ 001203004005",
            items=[{"owner": "CMND 123456789"}],
            txn_ref="261204000123",
            tracking="EB123456789VN",
            answers={"ho_ten": "Nguyễn Văn A"},
        )
        stored = AdminEvent.get_by_id(event.id)
    assert stored.details == {
        "holder": "Chủ hộ •••••••••005",
        "items": [{"owner": "CMND ••••••789"}],
        "txn_ref": "261204000123",
        "tracking": "EB123456789VN",
    }
    assert stored.subject == "1.001193"


def test_opening_a_reused_original_logs_a_read_of_the_dossier_it_was_issued_for(filing_app):
    dossier, result = filed_with_a_reused_result(filing_app)
    desk = officer(filing_app, "mc.bangoc")
    with filing_app.app_context(), db.connection_context():
        copy = Attachment.get(Attachment.reused_from == result.id)
    assert desk.get(f"/can-bo/ho-so/{dossier.code}/tep/{copy.id}/ban-goc").status_code == 200
    with filing_app.app_context(), db.connection_context():
        seen = {(v.dossier_id, v.what) for v in DossierView.select().where(DossierView.what == "tep-goc")}
    assert seen == {(dossier.id, "tep-goc"), (result.dossier_id, "tep-goc")}
