"""The signed result's public check (/xac-thuc/<code>), its QR stamp, and the citizen's download.

What the page says of each kind of signature: tests/lookup/test_verify_signatures.py."""

import io

from tests.factories import PDF
from tests.pages import check_page
from tests.staff_login import csrf, officer
from tests.walks import CCCD, act_now, fresh, proven, result_file, signed, status_page
from webapp.db import db
from webapp.dossiers.files import read_attachment
from webapp.formatting import local_time
from webapp.lookup.timeline import initials
from webapp.lookup.verify import UPLOADS_PER_IP, qr_svg, upload_slot


def check(client, url, data, ip="10.7.7.7"):
    client.environ_base["REMOTE_ADDR"] = ip
    token = csrf(client, url)
    return client.post(url, data={"csrf_token": token, "tep": (io.BytesIO(data), "tep.pdf")})


def stored(app, attachment):
    """The bytes MotCua keeps (and hands out) for the result: the signed ones."""
    with app.app_context():
        return read_attachment(attachment)


def main_text(response):
    soup = check_page(response.get_data(as_text=True))
    return " ".join(soup.find("main").get_text(" ").split()) if soup.find("main") else soup.get_text(" ")


def test_approval_gives_the_signed_result_a_verify_code(filing_app):
    dossier, found = signed(filing_app)
    assert found.verify_code and 12 <= len(found.verify_code) <= 32
    assert found.sha256 and fresh(filing_app, dossier).finished_at


def test_the_public_page_shows_who_signed_what_and_when_but_no_personal_data(filing_app):
    dossier, found = signed(filing_app)
    response = filing_app.test_client().get(f"/xac-thuc/{found.verify_code}")
    assert response.status_code == 200
    text = main_text(response)
    with filing_app.app_context():
        date = local_time(dossier.finished_at)
    assert dossier.agency.name in text and dossier.procedure.name in text
    assert date in text and found.sha256 in text and initials(dossier.applicant_name) in text
    assert dossier.applicant_name not in text and dossier.applicant_phone not in text
    assert dossier.applicant_phone[-9:] not in text and CCCD not in text and dossier.code not in text


def test_the_qr_code_leads_to_the_page_itself(filing_app):
    _, found = signed(filing_app)
    url = f"http://localhost/xac-thuc/{found.verify_code}"
    for page in (f"/xac-thuc/{found.verify_code}", f"/xac-thuc/{found.verify_code}/tem"):
        html = filing_app.test_client().get(page).get_data(as_text=True)
        soup = check_page(html)
        assert qr_svg(url) in html
        assert soup.find("figcaption").find(class_="url").get_text() == url


def test_the_same_bytes_match(filing_app):
    _, found = signed(filing_app)
    response = check(filing_app.test_client(), f"/xac-thuc/{found.verify_code}", stored(filing_app, found))
    assert response.status_code == 200
    soup = check_page(response.get_data(as_text=True))
    outcome = soup.find(id="ket-qua-kiem-tra").get_text()
    assert "Khớp: đúng là văn bản này" in outcome and "Chữ ký số hợp lệ" in outcome


def test_another_file_does_not_match_and_the_page_says_nothing_more(filing_app):
    dossier, found = signed(filing_app)
    url = f"/xac-thuc/{found.verify_code}"
    client = filing_app.test_client()
    before = main_text(client.get(url))
    response = check(client, url, PDF)  # the file the leader uploaded, before it was signed
    soup = check_page(response.get_data(as_text=True))
    outcome = soup.find(id="ket-qua-kiem-tra")
    assert "Tệp không có chữ ký số" in outcome.get_text() and "không khớp với văn bản đã cấp" in outcome.get_text()
    outcome.decompose()
    after = " ".join((soup.find("main") or soup).get_text(" ").split())
    assert after == before and dossier.applicant_name not in after


def test_an_empty_upload_is_an_error_next_to_the_field(filing_app):
    _, found = signed(filing_app)
    url = f"/xac-thuc/{found.verify_code}"
    client = filing_app.test_client()
    response = client.post(url, data={"csrf_token": csrf(client, url)})
    soup = check_page(response.get_data(as_text=True))
    assert "Vui lòng chọn tệp" in soup.find(id="f-tep-error").get_text()
    assert soup.find(id="f-tep")["aria-invalid"] == "true" and not soup.find(id="ket-qua-kiem-tra")


def test_an_unknown_code_is_404(filing_app):
    client = filing_app.test_client()
    assert client.get("/xac-thuc/khong-co-ma-nay").status_code == 404
    assert client.get("/xac-thuc/" + "x" * 200).status_code == 404
    assert client.get("/xac-thuc/khong-co-ma-nay/tem").status_code == 404


def test_uploads_are_throttled_per_address(filing_app):
    _, found = signed(filing_app)
    limit = UPLOADS_PER_IP[0]
    with filing_app.app_context(), db.connection_context():
        for _ in range(limit):
            assert not upload_slot("10.9.9.9").wait
    client = filing_app.test_client()
    response = check(client, f"/xac-thuc/{found.verify_code}", PDF, ip="10.9.9.9")
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    soup = check_page(response.get_data(as_text=True))
    assert "thử lại sau" in soup.find(id="error-summary").get_text() and not soup.find(id="ket-qua-kiem-tra")
    assert check(client, f"/xac-thuc/{found.verify_code}", PDF, ip="10.9.9.10").status_code == 200


def test_an_online_return_marks_the_e_result_and_the_lookup_page_links_it(filing_app):
    dossier, _ = signed(filing_app)
    citizen = proven(filing_app, dossier)
    assert not status_page(citizen, dossier).find(id="ket-qua")
    desk = officer(filing_app, "mc.eresult", "mot_cua")
    assert act_now(desk, dossier, "tra_ket_qua", kenh_tra="truc_tuyen").status_code == 303
    assert fresh(filing_app, dossier).e_result
    link = status_page(citizen, dossier).find(id="ket-qua").find("a")["href"]
    assert link == f"/tra-cuu/{dossier.code}/ket-qua"
    download = citizen.get(link)
    assert download.status_code == 200 and download.data == stored(filing_app, result_file(filing_app, dossier))
    assert download.headers["Cache-Control"] == "private, no-store"


def test_a_desk_return_is_not_an_e_result(filing_app):
    dossier, _ = signed(filing_app)
    desk = officer(filing_app, "mc.desk.e", "mot_cua")
    response = act_now(
        desk, dossier, "tra_ket_qua", kenh_tra="truc_tiep", nguoi_nhan="Trần Văn B", giay_to_nguoi_nhan=CCCD
    )
    assert response.status_code == 303
    assert not fresh(filing_app, dossier).e_result
    assert proven(filing_app, dossier).get(f"/tra-cuu/{dossier.code}/ket-qua").status_code == 404


def test_the_download_needs_the_lookup_proof(filing_app):
    dossier, _ = signed(filing_app)
    desk = officer(filing_app, "mc.proof", "mot_cua")
    assert act_now(desk, dossier, "tra_ket_qua", kenh_tra="truc_tuyen").status_code == 303
    url = f"/tra-cuu/{dossier.code}/ket-qua"
    stranger = filing_app.test_client().get(url)
    assert stranger.status_code == 302 and "/tra-cuu?ma=" in stranger.headers["Location"]
    assert PDF not in stranger.data
