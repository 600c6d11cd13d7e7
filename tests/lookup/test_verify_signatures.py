"""What the verification pages say of a file's digital signatures, in plain Vietnamese."""

import io

import pytest

from tests.factories import PDF
from tests.lookup.test_verify import check, main_text, stored
from tests.pages import check_page
from tests.signing_helpers import (
    OUTSIDER,
    demo_signed_pdf,
    expired_signed_pdf,
    flipped_in_signed_range,
    foreign_signed_pdf,
    revoked_signed_pdf,
    without_its_certificates,
)
from tests.staff_login import csrf
from tests.walks import signed
from webapp.db import db
from webapp.dossiers.signed_papers import people_committee
from webapp.formatting import local_time
from webapp.lookup.verify import UPLOADS_PER_IP, upload_slot
from webapp.models import Staff
from webapp.models.signing import FAILED, PENDING, Signing
from webapp.signing import validation

NOT_ISSUED = "Chữ ký hợp lệ, không do hệ thống này cấp"
NO_MATCH = "không khớp với văn bản đã cấp"


def sentence(verdict):
    return str(validation.SUMMARIES[verdict])


def outcome_of(response):
    soup = check_page(response.get_data(as_text=True))
    return " ".join(soup.find(id="ket-qua-kiem-tra").get_text(" ").split())


def made(app, make, *args):
    with app.app_context():
        return make(*args)


@pytest.fixture
def result(filing_app):
    """(dossier, its signed result, the result's verification address)."""
    dossier, found = signed(filing_app)
    return dossier, found, f"/xac-thuc/{found.verify_code}"


def test_the_page_names_the_leader_and_the_agency_stamp_with_their_times(filing_app, result):
    dossier, found, url = result
    soup = check_page(filing_app.test_client().get(url).get_data(as_text=True))
    items = [" ".join(li.get_text(" ").split()) for li in soup.find(class_="signature-checks").find_all("li")]
    with filing_app.app_context(), db.connection_context():
        leader = Staff.get(Staff.username == "ld.ketqua").full_name
        stamp = people_committee(dossier.agency.unit)  # the stamp of the unit that handled it
        times = [local_time(s.signed_at) for s in validation.check(stored(filing_app, found)).signatures]
    assert len(items) == 2 and leader in items[0] and items[1].startswith(stamp)
    assert all(time in item for time, item in zip(times, items, strict=True))
    assert all(sentence(validation.VALID) in item for item in items)
    assert sentence(validation.VALID) in soup.find(id="ket-luan-chu-ky").get_text()


def test_the_stored_bytes_match_and_their_signatures_hold(filing_app, result):
    _, found, url = result
    text = outcome_of(check(filing_app.test_client(), url, stored(filing_app, found)))
    assert "Khớp: đúng là văn bản này" in text and sentence(validation.VALID) in text


def test_one_byte_changed_in_the_signed_file_is_said_modified(filing_app, result):
    _, found, url = result
    changed = made(filing_app, flipped_in_signed_range, stored(filing_app, found))
    text = outcome_of(check(filing_app.test_client(), url, changed))
    assert "sửa đổi sau khi ký" in text and NO_MATCH in text and "Khớp:" not in text


def test_a_file_signed_under_another_ca_is_untrusted(filing_app, result):
    _, _, url = result
    text = outcome_of(check(filing_app.test_client(), url, made(filing_app, foreign_signed_pdf)))
    assert sentence(validation.UNTRUSTED) in text and NO_MATCH in text and OUTSIDER in text


def test_a_certificate_expired_before_signing_is_said_expired(filing_app, result):
    _, _, url = result
    text = outcome_of(check(filing_app.test_client(), url, made(filing_app, expired_signed_pdf)))
    assert sentence(validation.EXPIRED) in text and NO_MATCH in text


def test_a_revoked_certificate_is_said_revoked_once_its_crl_is_listed(filing_app, result, tmp_path):
    _, _, url = result
    crl = tmp_path / "root.crl"
    filing_app.config["SIGNING_CRL_FILES"] = [str(crl)]
    text = outcome_of(check(filing_app.test_client(), url, made(filing_app, revoked_signed_pdf, crl)))
    assert sentence(validation.REVOKED) in text and NO_MATCH in text


def test_a_valid_signature_motcua_never_issued_is_said_so_with_its_signer(filing_app, result):
    _, _, url = result
    text = outcome_of(check(filing_app.test_client(), url, made(filing_app, demo_signed_pdf)))
    assert NOT_ISSUED in text and OUTSIDER in text and "Khớp:" not in text


def test_an_unsigned_pdf_and_a_file_that_is_no_pdf(filing_app, result):
    _, _, url = result
    client = filing_app.test_client()
    assert sentence(validation.UNSIGNED) in outcome_of(check(client, url, PDF))
    assert sentence(validation.UNREADABLE) in outcome_of(check(client, url, b"GIF89a\x00\x01"))


def test_a_damaged_signature_is_an_answer_not_an_error(filing_app, result):
    _, _, url = result
    damaged = made(filing_app, lambda: without_its_certificates(demo_signed_pdf()))
    response = check(filing_app.test_client(), url, damaged)
    assert response.status_code == 200
    text = outcome_of(response)
    assert sentence(validation.MODIFIED) in text and NO_MATCH in text and sentence(validation.VALID) not in text
    assert "không rõ tên người ký" in text


def test_a_file_over_the_limit_is_not_read(filing_app, result):
    _, _, url = result
    filing_app.config["MAX_UPLOAD_BYTES"] = 1024
    text = outcome_of(check(filing_app.test_client(), url, PDF + b" " * 2048))
    assert "Tệp lớn hơn" in text and NO_MATCH in text


@pytest.mark.parametrize(("state", "words"), [(PENDING, "Đang ký số"), (FAILED, "chưa hoàn tất")])
def test_a_result_not_yet_signed_says_so_and_checks_no_file(filing_app, result, state, words):
    dossier, _, url = result
    with filing_app.app_context(), db.connection_context():
        Signing.update(state=state).where(Signing.dossier == dossier.id).execute()
    client = filing_app.test_client()
    soup = check_page(client.get(url).get_data(as_text=True))
    assert words in soup.find(id="trang-thai-ky").get_text()
    assert not soup.find(class_="signature-checks") and not soup.find(id="f-tep")
    assert dossier.agency.name in main_text(client.get(url))
    posted = client.post(url, data={"csrf_token": csrf(client, "/xac-thuc"), "tep": (io.BytesIO(PDF), "a.pdf")})
    assert posted.status_code == 200 and not check_page(posted.get_data(as_text=True)).find(id="ket-qua-kiem-tra")


def test_any_pdf_is_checked_without_a_code(filing_app, result):
    _, _, url = result
    client = filing_app.test_client()
    page = check_page(client.get(url).get_data(as_text=True))
    assert page.find("a", href="/xac-thuc")
    general = check_page(client.get("/xac-thuc").get_data(as_text=True))
    assert general.find("form", action="/xac-thuc") and general.find(id="f-tep")
    text = outcome_of(check(client, "/xac-thuc", made(filing_app, demo_signed_pdf)))
    assert sentence(validation.VALID) in text and OUTSIDER in text and NO_MATCH not in text
    text = outcome_of(check(client, "/xac-thuc", made(filing_app, foreign_signed_pdf)))
    assert sentence(validation.UNTRUSTED) in text and NO_MATCH not in text


def test_the_page_without_a_code_is_throttled_too(filing_app):
    with filing_app.app_context(), db.connection_context():
        for _ in range(UPLOADS_PER_IP[0]):
            assert not upload_slot("10.9.8.7").wait
    response = check(filing_app.test_client(), "/xac-thuc", PDF, ip="10.9.8.7")
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert "thử lại sau" in check_page(response.get_data(as_text=True)).find(id="error-summary").get_text()
