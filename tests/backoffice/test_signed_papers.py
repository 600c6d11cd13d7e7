"""Form 01 and the receipt go out stamped with the agency's organisation certificate: signed by a job when
issued, served as the same signed file every time; a page that reloads itself while the job runs, another
when it failed; papers from before signing existed stay unsigned."""

import os
import subprocess
import sys
from pathlib import Path

from tests.pages import check_page
from tests.staff_login import csrf, officer
from tests.walks import (
    act_now,
    counter_form,
    filed,
    filled_counter_form,
    post_counter_form,
    proven,
    received,
    with_fee,
)
from webapp.db import db
from webapp.dossiers import signed_papers
from webapp.dossiers.signed_papers import FORM_01, RECEIPT_PAPER
from webapp.models import Agency, Dossier, Unit
from webapp.models.signing import FAILED, SIGNED, Signing
from webapp.signing import validation

ROOT = Path(__file__).resolve().parents[2]


def form_01(dossier):
    return f"/can-bo/ho-so/{dossier.code}/mau-01.pdf"


def receipt(dossier):
    return f"/thanh-toan/bien-lai/ho-so/{dossier.code}"


def checked(app, data):
    with app.app_context():
        return validation.check(data)


def stamp_holder(app, dossier):
    """Whose stamp a receipt or form 01 carries: the receiving unit's People's Committee."""
    with app.app_context(), db.connection_context():
        unit = Unit.select().join(Agency).join(Dossier).where(Dossier.id == dossier.id).get()
        return signed_papers.people_committee(unit)


def signing(app, dossier, paper):
    with app.app_context(), db.connection_context():
        return Signing.get(Signing.dossier == dossier.id, Signing.paper == paper)


def paid_in_cash(app, username="mc.thuphi"):
    """A dossier whose fee the desk took in cash; (dossier, desk)."""
    dossier, desk = with_fee(app, 15000), officer(app, username)
    page = f"/can-bo/ho-so/{dossier.code}"
    assert desk.post(f"{page}/thu-phi", data={"csrf_token": csrf(desk, page)}).status_code == 303
    return dossier, desk


def served_pdf(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf", response.status_code
    return response.data


def assert_stamped_by_its_agency(app, dossier, data):
    report = checked(app, data)
    assert report.verdict == validation.VALID, [(s.field, s.verdict) for s in report.signatures]
    (stamp,) = report.signatures
    assert stamp.signer == stamp_holder(app, dossier) == "Ủy ban nhân dân phường Thành Sen"
    assert stamp.organisation == stamp.signer


def test_form_01_of_a_received_dossier_is_stamped_by_its_agency_and_the_same_on_every_download(filing_app):
    dossier, desk = received(filing_app, "mc.ky01")
    first = served_pdf(desk, form_01(dossier))
    assert_stamped_by_its_agency(filing_app, dossier, first)
    assert served_pdf(desk, form_01(dossier)) == first  # the stored copy, not a fresh drawing
    assert signing(filing_app, dossier, FORM_01).state == SIGNED


def test_the_receipt_of_a_fee_paid_at_the_desk_is_stamped_by_its_agency_for_the_citizen_too(filing_app):
    dossier, desk = paid_in_cash(filing_app)
    first = served_pdf(desk, receipt(dossier))
    assert_stamped_by_its_agency(filing_app, dossier, first)
    assert served_pdf(proven(filing_app, dossier), receipt(dossier)) == first


def test_a_walk_in_dossier_received_at_the_counter_has_its_form_01_stamped_too(filing_app):
    desk = officer(filing_app, "mc.quayky")
    response = post_counter_form(desk, filing_app, filled_counter_form(counter_form(desk, filing_app)))
    assert response.status_code == 303
    with filing_app.app_context(), db.connection_context():
        dossier = Dossier.get(Dossier.code == response.headers["Location"].rsplit("/", 1)[-1])
    assert_stamped_by_its_agency(filing_app, dossier, served_pdf(desk, form_01(dossier)))


def test_while_the_job_runs_the_link_answers_a_page_that_reloads_itself_then_the_signed_file(filing_app, monkeypatch):
    monkeypatch.setattr(signed_papers, "sign_paper", lambda *args: None)  # a consumer that has not run yet
    dossier, desk = paid_in_cash(filing_app, "mc.cho")
    citizen = proven(filing_app, dossier)
    for client in (desk, citizen):
        response = client.get(receipt(dossier))
        assert response.status_code == 202 and response.headers["Cache-Control"] == "no-store"
        page = check_page(response.get_data(as_text=True))
        assert page.find("meta", attrs={"http-equiv": "refresh", "content": "3"})
        assert "Đang ký số" in page.find("h1").get_text()
        assert page.find("a", href=receipt(dossier), string="Thử tải lại")
    monkeypatch.undo()
    with filing_app.app_context():  # the consumer: an app context of its own, no request
        signed_papers.sign_paper(signing(filing_app, dossier, RECEIPT_PAPER).id)
    assert_stamped_by_its_agency(filing_app, dossier, served_pdf(citizen, receipt(dossier)))


def test_a_failed_signing_says_so_and_the_desk_asking_again_brings_the_signed_file(filing_app, tmp_path, monkeypatch):
    monkeypatch.setitem(filing_app.config, "SIGNING_KEY_DIR", str(tmp_path / "no-keys"))
    monkeypatch.setitem(filing_app.config, "SIGNING_DEMO_PKI", False)
    dossier, desk = received(filing_app, "mc.loi")
    found = signing(filing_app, dossier, FORM_01)
    assert found.state == FAILED and found.error
    response = desk.get(form_01(dossier))
    assert response.status_code == 503
    page = check_page(response.get_data(as_text=True))
    assert not page.find("meta", attrs={"http-equiv": "refresh"})
    assert "chưa thành công" in page.get_text() and "đã được thông báo" in page.get_text()
    monkeypatch.undo()
    with filing_app.test_request_context(), db.connection_context():
        signed_papers.retry(found, None)
    assert signing(filing_app, dossier, FORM_01).state == SIGNED
    assert_stamped_by_its_agency(filing_app, dossier, served_pdf(desk, form_01(dossier)))


def test_papers_issued_before_signing_existed_are_drawn_unsigned_as_before(filing_app):
    dossier, desk = paid_in_cash(filing_app, "mc.cu")
    assert act_now(desk, dossier, "tiep_nhan").status_code == 303
    with filing_app.app_context(), db.connection_context():
        Signing.delete().where(Signing.dossier == dossier.id).execute()
    for url in (form_01(dossier), receipt(dossier)):
        assert checked(filing_app, served_pdf(desk, url)).verdict == validation.UNSIGNED


def test_forms_02_to_06_stay_unsigned(filing_app):
    dossier, desk = received(filing_app, "mc.mau06")
    assert checked(filing_app, served_pdf(desk, f"/can-bo/ho-so/{dossier.code}/mau-06.pdf")).verdict == (
        validation.UNSIGNED
    )
    with filing_app.app_context(), db.connection_context():
        assert {s.paper for s in Signing.select().where(Signing.dossier == dossier.id)} == {FORM_01}


def test_a_dossier_not_yet_received_has_no_form_01_to_sign(filing_app):
    dossier, desk = filed(filing_app), officer(filing_app, "mc.chua")
    assert desk.get(form_01(dossier)).status_code == 404
    with filing_app.app_context(), db.connection_context():
        assert not Signing.select().where(Signing.dossier == dossier.id).exists()


def test_the_job_consumer_knows_how_to_draw_both_papers(tmp_path):
    """The consumer builds the app from webapp.worker: the features that draw the papers must be loaded."""
    env = {
        **os.environ,
        "MOTCUA_ENV": "test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.db'}",
        "HUEY_URL": f"sqlite:///{tmp_path / 'huey.db'}",
    }
    script = "import webapp.worker; from webapp.dossiers.signed_papers import RENDERERS; print(sorted(RENDERERS))"
    shown = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True)
    assert shown.stdout.strip() == str(sorted([FORM_01, RECEIPT_PAPER])), shown.stderr
