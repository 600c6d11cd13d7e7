"""A result this system issued, attached again to a later filing from "Giấy tờ của tôi": the officer
sees it as verified (who issued it, when, its code) and opens the original it was copied from."""

from tests.citizen_papers import returned_online, sign_in
from tests.factories import make_draft
from tests.pages import check_page
from tests.staff_login import officer
from tests.walks import Citizen
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.dossiers.files import issued_on, read_attachment
from webapp.models import Attachment, Draft
from webapp.workflow.intake import submit


def filed_with_a_reused_result(app):
    """(dossier filed by Lan with her extract chosen for the Giấy chứng sinh, the original result)."""
    lan = Citizen(app)
    key = sign_in(lan.client, app, "lan")
    _, result = returned_online(app, key)
    with app.app_context(), db.connection_context():
        draft = make_draft(citizen_key=key)
    response = lan.post(
        f"/nop/{draft.token}/giay-to",
        {"reuse-1": str(result.id), "action": "reuse"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    with app.app_context(), db.connection_context():
        draft = Draft.get_by_id(draft.id)
        return submit(draft, spec_of(draft))[0], result


def files_panel(client, dossier):
    page = check_page(client.get(f"/can-bo/ho-so/{dossier.code}").get_data(as_text=True))
    return page.find("section", attrs={"aria-labelledby": "files-title"})


def test_the_officer_sees_a_reused_result_as_verified_and_opens_its_original(filing_app):
    dossier, result = filed_with_a_reused_result(filing_app)
    desk = officer(filing_app, "mc.dungchung", "mot_cua")
    panel = files_panel(desk, dossier)
    with filing_app.app_context(), db.connection_context():
        day, copy = issued_on(result), Attachment.get(Attachment.reused_from == result.id)
        original = read_attachment(result)
    text = " ".join(panel.get_text(" ").split())
    expected = f"Đã xác thực: do {dossier.agency.name} cấp ngày {day}, mã xác thực {result.verify_code}"
    assert expected in text and copy.original_name in text
    link = panel.find("a", string="Mở bản gốc")
    opened = desk.get(link["href"])
    assert opened.status_code == 200 and opened.data == original
    assert opened.headers["Content-Disposition"].startswith("attachment")


def test_an_officer_of_another_unit_cannot_open_the_original(filing_app):
    dossier, result = filed_with_a_reused_result(filing_app)
    with filing_app.app_context(), db.connection_context():
        copy = Attachment.get(Attachment.reused_from == result.id)
    elsewhere = officer(filing_app, "mc.noikhac", "mot_cua", unit="18100")
    assert elsewhere.get(f"/can-bo/ho-so/{dossier.code}/tep/{copy.id}/ban-goc").status_code == 404
    desk = officer(filing_app, "mc.tepkhac", "mot_cua")
    ordinary = desk.get(f"/can-bo/ho-so/{dossier.code}/tep/{result.id}/ban-goc")
    assert ordinary.status_code == 404, "only a file of this dossier leads to an original"


def test_a_copy_whose_bytes_changed_is_not_called_verified(filing_app):
    dossier, result = filed_with_a_reused_result(filing_app)
    with filing_app.app_context(), db.connection_context():
        Attachment.update(sha256="0" * 64).where(Attachment.reused_from == result.id).execute()
    panel = files_panel(officer(filing_app, "mc.khacbiet", "mot_cua"), dossier)
    assert "Đã xác thực" not in panel.get_text() and not panel.find("a", string="Mở bản gốc")
