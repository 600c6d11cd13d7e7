"""The dossier page's "Ký số" panel: a result signed, one whose signing failed (the reason, the attempts,
"Ký lại" for the officers who see the dossier) and the citizen's status page meanwhile."""

import io
import re

from tests.factories import PDF
from tests.pages import check_page
from tests.staff_login import csrf, officer
from tests.walks import act_now, approved_with_pdf, dossier_at, fresh, proven, status_page
from webapp.db import db
from webapp.models import AdminEvent
from webapp.models.signing import FAILED, Signing

WHEN = r"\d{2}:\d{2} \d{2}/\d{2}/\d{4}"


def panel(client, dossier):
    soup = check_page(client.get(f"/can-bo/ho-so/{dossier.code}").get_data(as_text=True))
    return soup.find("section", attrs={"aria-labelledby": "signing-title"})


def failed_approval(app, username):
    """A dossier approved with a PDF while the leader had no key (and no demo PKI to make one)."""
    dossier = dossier_at(app, "cho_phe_duyet")
    leader = officer(app, username, "lanh_dao")
    app.config["SIGNING_DEMO_PKI"] = False
    try:
        response = act_now(leader, dossier, "phe_duyet", ket_qua=(io.BytesIO(PDF), "ket-qua.pdf"))
    finally:
        app.config["SIGNING_DEMO_PKI"] = True
    assert response.status_code == 303
    return fresh(app, dossier)


def test_a_signed_result_says_when_it_was_signed(filing_app):
    dossier = approved_with_pdf(filing_app, "ld.kyso")
    text = panel(officer(filing_app, "mc.kyso"), dossier).get_text(" ", strip=True)
    assert re.search(rf"Văn bản kết quả Đã ký số lúc {WHEN}", text), text
    assert "Ký lại" not in text


def test_a_failed_signing_shows_why_and_is_signed_again_on_request(filing_app, unique):
    dossier = failed_approval(filing_app, f"ld.{unique}")
    desk = officer(filing_app, "mc.kylai")
    shown = panel(desk, dossier)
    text = shown.get_text(" ", strip=True)
    assert (
        "Ký số không thành công" in text and "Chưa có hoặc không mở được khóa ký số" in text and "Đã thử 1 lần." in text
    )
    form = shown.find("form")
    assert form.find("button").get_text(strip=True) == "Ký lại"

    citizen = proven(filing_app, dossier)
    assert "Kết quả đang được ký số." in status_page(citizen, dossier).find(id="ket-qua").get_text()

    response = desk.post(form["action"], data={"csrf_token": csrf(desk, f"/can-bo/ho-so/{dossier.code}")})
    assert response.status_code == 303 and response.headers["Location"].endswith("#signing-title")
    shown = panel(desk, dossier)
    assert "Đã ký số lại thành công." in shown.find(class_="notice").get_text()
    assert re.search(rf"Đã ký số lúc {WHEN}", shown.get_text(" ", strip=True))
    with filing_app.app_context(), db.connection_context():
        assert AdminEvent.select().where(AdminEvent.action == "ky_lai", AdminEvent.subject == dossier.code).exists()
    assert status_page(citizen, dossier).find(id="ket-qua") is None  # no longer being signed; not returned yet


def test_sign_again_without_csrf_or_outside_ones_units_changes_nothing(filing_app, unique):
    dossier = failed_approval(filing_app, f"ld.{unique}")
    with filing_app.app_context(), db.connection_context():
        signing = Signing.get(Signing.dossier == dossier.id)
    url = f"/can-bo/ho-so/{dossier.code}/ky-so/{signing.id}/ky-lai"
    desk = officer(filing_app, "mc.csrf")
    assert desk.post(url).status_code == 400
    other = officer(filing_app, "mc.khac", unit="18100")
    assert other.post(url, data={"csrf_token": csrf(other, "/can-bo/ho-so")}).status_code == 404
    with filing_app.app_context(), db.connection_context():
        assert Signing.get_by_id(signing.id).state == FAILED


def test_a_signed_paper_is_not_signed_again(filing_app):
    dossier = approved_with_pdf(filing_app, "ld.daky")
    with filing_app.app_context(), db.connection_context():
        signing = Signing.get(Signing.dossier == dossier.id)
    desk = officer(filing_app, "mc.daky")
    url = f"/can-bo/ho-so/{dossier.code}/ky-so/{signing.id}/ky-lai"
    response = desk.post(url, data={"csrf_token": csrf(desk, f"/can-bo/ho-so/{dossier.code}")})
    assert response.status_code == 303
    assert "không cần ký lại" in panel(desk, dossier).find(class_="notice").get_text()
