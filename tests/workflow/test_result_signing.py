"""A leader's approval signs the result: the leader's personal signature, then the unit's stamp, by a
job; an uploaded file already signed keeps its signature; a failed signing is recorded, holds the
result back, and succeeds when asked again."""

import io
import time

import pytest
from bs4 import BeautifulSoup
from huey.exceptions import RetryTask

from tests.factories import PDF
from tests.staff_login import officer
from tests.walks import act_now, dossier_at, fresh, result_file
from webapp.db import db
from webapp.dossiers.files import read_attachment, result_file_of
from webapp.dossiers.signed_papers import RESULT_PAPER, retry, sign_paper, signing_of
from webapp.models import AdminEvent, Staff
from webapp.models.signing import FAILED, SIGNED
from webapp.signing import validation
from webapp.signing.keys import KeyRef
from webapp.signing.signer import LocalSigner, Request


@pytest.fixture
def leader(filing_app):
    return officer(filing_app, "ld.ky-ket-qua", "lanh_dao", full_name="Lê Văn Hùng")


def _approve(app, leader, data=PDF):
    dossier = dossier_at(app, "cho_phe_duyet")
    response = act_now(leader, dossier, "phe_duyet", ket_qua=(io.BytesIO(data), "trich-luc.pdf"))
    return fresh(app, dossier), response


def _report(app, dossier):
    with app.app_context(), db.connection_context():
        return validation.check(read_attachment(result_file(app, dossier)))


def test_the_result_carries_the_leaders_signature_then_the_units_stamp_and_both_hold(filing_app, leader):
    dossier, response = _approve(filing_app, leader)
    assert response.status_code == 303
    report = _report(filing_app, dossier)
    assert report.valid
    first, second = report.signatures
    assert first.signer == "Lê Văn Hùng" and first.title == "Lãnh đạo Ủy ban nhân dân phường Thành Sen"
    assert second.signer == "Ủy ban nhân dân phường Thành Sen" and second.signed_at >= first.signed_at
    with filing_app.app_context(), db.connection_context():
        signing = signing_of(dossier, RESULT_PAPER)
        found = result_file(filing_app, dossier)
        assert signing.state == SIGNED and signing.attachment_id == found.id and found.verify_code
        assert result_file_of(dossier).id == found.id  # handed out once signed
        assert read_attachment(found)[: len(PDF)] == PDF  # the upload, then the signatures appended
        assert AdminEvent.select().where(AdminEvent.area == "ky_so", AdminEvent.action == "ky_xong").exists()


def test_an_upload_already_signed_keeps_its_signature_and_gets_only_the_units_stamp(filing_app, leader):
    with filing_app.app_context():
        own_token = KeyRef("staff", "ld.token-rieng", holder="Lê Văn Hùng", organisation="UBND phường Thành Sen")
        signed_by_hand = LocalSigner().sign(PDF, Request(own_token, "KySoRieng", "Ký bằng USB token"))
    dossier, response = _approve(filing_app, leader, signed_by_hand)
    assert response.status_code == 303
    report = _report(filing_app, dossier)
    assert report.valid and [s.field for s in report.signatures] == ["KySoRieng", "CoQuan"]
    with filing_app.app_context(), db.connection_context():
        assert read_attachment(result_file(filing_app, dossier)).startswith(signed_by_hand)


def test_a_pdf_that_cannot_be_signed_or_whose_signature_broke_is_refused_next_to_the_field(filing_app, leader):
    _dossier, response = _approve(filing_app, leader, b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert "không thể ký số" in soup.get_text()
    with filing_app.app_context():
        signed = LocalSigner().sign(PDF, Request(KeyRef("staff", "ld.ky-tay", holder="Lê Văn Hùng"), "Ky", "Ký"))
    broken = bytearray(signed)
    broken[len(PDF) // 2] ^= 0x01  # a byte of the signed content changed
    _dossier, response = _approve(filing_app, leader, bytes(broken))
    assert "sửa đổi sau khi ký" in BeautifulSoup(response.get_data(as_text=True), "html.parser").get_text()


def test_a_failed_signing_is_recorded_holds_the_result_back_and_succeeds_when_asked_again(filing_app, leader, tmp_path):
    filing_app.config.update(SIGNING_DEMO_PKI=False, SIGNING_KEY_DIR=str(tmp_path / "no-keys"))
    try:
        dossier, response = _approve(filing_app, leader)
    finally:
        filing_app.config.update(SIGNING_DEMO_PKI=True)
    assert response.status_code == 303
    with filing_app.app_context(), db.connection_context():
        signing = signing_of(dossier, RESULT_PAPER)
        assert signing.state == FAILED and signing.attempts == 1 and signing.error == "khong_co_khoa"
        assert result_file_of(dossier) is None  # no unsigned result goes out
        assert AdminEvent.select().where(AdminEvent.action == "ky_loi", AdminEvent.subject == dossier.code).exists()
    desk = officer(filing_app, "mc.kyso", "mot_cua")
    refused = act_now(desk, dossier, "tra_ket_qua", kenh_tra="truc_tuyen")
    assert "đang được ký số" in BeautifulSoup(refused.get_data(as_text=True), "html.parser").get_text()
    with filing_app.app_context(), db.connection_context():
        retry(signing_of(dossier, RESULT_PAPER), Staff.get(Staff.username == "ld.ky-ket-qua"))
        assert signing_of(dossier, RESULT_PAPER).state == SIGNED
        assert result_file_of(dossier) is not None
        assert AdminEvent.select().where(AdminEvent.action == "ky_lai").exists()
    assert _report(filing_app, dossier).valid


def test_a_job_that_starts_before_the_commit_looks_again_and_one_rolled_back_is_dropped(filing_app):
    with filing_app.app_context(), db.connection_context():
        with pytest.raises(RetryTask):  # the consumer was faster than the transaction asking for it
            sign_paper.call_local(999_999, time.time())
        assert sign_paper.call_local(999_999, time.time() - 3600) is None  # never committed: nothing to do


def test_a_paper_asked_again_is_not_taken_for_signed_before_the_new_request_commits(filing_app, leader):
    dossier, _response = _approve(filing_app, leader)
    with filing_app.app_context(), db.connection_context():
        signing = signing_of(dossier, RESULT_PAPER)
        assert signing.state == SIGNED
        with pytest.raises(RetryTask):  # a consumer sees the old "signed" until the reset commits
            sign_paper.call_local(signing.id, time.time() + 5)
