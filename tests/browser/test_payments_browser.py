"""Mức 4 in a real browser: a paid procedure filed, paid through the simulator (the VNPay protocol) and
receipted; processed by the ward's officers; the e-result downloaded from the lookup page and checked on
the public verification page; a result sent by post shows its tracking number in the citizen's timeline.
"""

import io
import re
import time

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.walks import (
    LANH_DAO,
    MOT_CUA,
    act,
    make_files,
    open_from_queue,
    run_axe,
    staff_page,
    to_the_return_desk,
)
from webapp.db import db
from webapp.dossiers.drafts import spec_of, start_draft
from webapp.models import Agency, Procedure, Staff, Unit
from webapp.models.dossier import utcnow
from webapp.phone import normalize_phone
from webapp.seed.dossiers import sample_answers

pytestmark = pytest.mark.browser

EXTRACT = "2.000635"  # cấp bản sao trích lục hộ tịch: 8.000 đồng a copy, paid before reception


def ready_draft(app, phone, copies=2):
    """A complete, phone-verified draft of 2.000635 to Phường Thành Sen; returns its resume token."""
    with app.app_context(), db.connection_context():
        agency = Agency.select().join(Unit).where(Unit.code == "18073").get()
        draft = start_draft(Procedure.get(Procedure.code == EXTRACT), agency)
        answers = sample_answers(spec_of(draft), int(phone[-6:]))
        answers["so_ban_sao"] = copies
        draft.answers = answers
        draft.phone, draft.phone_verified_at = normalize_phone(phone), utcnow()
        draft.save()
        return draft.token


def prove(page, code, phone):
    """The lookup form, as the pay page sends a browser that has not proved the code yet."""
    expect(page).to_have_url(re.compile(r"/tra-cuu\?ma="))
    expect(page.get_by_label("Mã hồ sơ")).to_have_value(code)
    page.get_by_label("4 số cuối điện thoại hoặc CCCD").fill(phone[-4:])
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("h1")).to_have_text(f"Hồ sơ {code}")


def leader_page(make_page, js, app):
    """The leader logged in; waits for a fresh 30-second TOTP step if this one was used already
    (a code is accepted once: another test may have logged the leader in moments ago)."""
    with app.app_context(), db.connection_context():
        used = Staff.get(Staff.username == LANH_DAO).last_totp_step or 0
    now = time.time()
    if used >= int(now // 30):
        time.sleep((used + 1) * 30 - now + 0.5)
    return staff_page(make_page, js, LANH_DAO)


def receive(desk, code):
    open_from_queue(desk, "Chờ tiếp nhận", code)
    act(desk, code, "Tiếp nhận hồ sơ (mẫu 01)", "Đã tiếp nhận")


def pdf_text(data):
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def fetched(page, url):
    """A file the page links to, fetched with the page's cookies (a PDF would open a download)."""
    answer = page.context.request.get(url)
    assert answer.ok, (url, answer.status)
    return answer.body()


def test_a_paid_procedure_is_filed_paid_receipted_processed_and_its_e_result_verified(
    make_page, js, phone, seeded_app, tmp_path
):
    signed_pdf, other_file, _ = make_files(tmp_path)
    citizen = make_page(js=js)
    citizen.goto(f"/nop/{ready_draft(seeded_app, phone)}/kiem-tra")  # at the desk unless changed here
    citizen.locator("#nhan-ket-qua").get_by_role("link", name="Sửa").click()
    citizen.get_by_label("Nhận bản điện tử", exact=False).check()
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(citizen.locator("#nhan-ket-qua")).to_contain_text("Nhận bản điện tử")
    expect(citizen.locator("main")).to_contain_text("16.000 đồng")
    citizen.get_by_role("button", name="Nộp hồ sơ").click()
    code = citizen.locator(".code strong").inner_text()
    expect(citizen.locator("#le-phi")).to_contain_text("16.000 đồng: chưa nộp")

    citizen.get_by_role("link", name="Thanh toán trực tuyến").click()
    prove(citizen, code, phone)
    expect(citizen.locator("#tinh-trang")).to_have_text("Chờ bạn nộp phí")
    expect(citizen.locator("#le-phi")).to_contain_text("16.000 đồng")
    if js:
        audited = make_page(bypass_csp=True)  # axe is injected inline
        audited.goto(f"/tra-cuu/{code}")
        prove(audited, code, phone)
        run_axe(audited, "status page with a fee to pay")
    citizen.get_by_role("link", name="Nộp phí trực tuyến").click()
    expect(citizen.locator("main")).to_contain_text("16.000 đồng")
    citizen.get_by_role("button", name="Thanh toán qua VNPay").click()
    expect(citizen.locator("h1")).to_have_text("Cổng thanh toán giả lập")
    citizen.get_by_role("button", name="Thanh toán", exact=True).click()
    expect(citizen.locator("h1")).to_have_text("Kết quả thanh toán")
    expect(citizen.locator("main")).to_contain_text("Đã thanh toán")
    receipt = pdf_text(fetched(citizen, citizen.get_by_role("link", name="Xem biên lai").get_attribute("href")))
    assert code in receipt and "16.000 đồng" in receipt and "Mười sáu nghìn đồng" in receipt, receipt
    reference = citizen.locator("#ma-giao-dich").inner_text()
    assert f"Mã giao dịch: {reference}" in receipt and "Ký hiệu:" in receipt, receipt
    citizen.get_by_role("link", name="Quay lại hồ sơ").click()
    expect(citizen.locator("#ma-giao-dich")).to_have_text(reference)
    assert (
        pdf_text(fetched(citizen, citizen.get_by_role("link", name="Tải biên lai (PDF)").get_attribute("href")))
        == receipt
    )

    desk = staff_page(make_page, js, MOT_CUA)
    receive(desk, code)  # paid online, so the desk may receive it
    to_the_return_desk(make_page, js, desk, code, signed_pdf, leader=lambda: leader_page(make_page, js, seeded_app))
    expect(desk.get_by_label("Trực tuyến (người nộp tải về)")).to_be_checked()  # as asked at filing
    act(desk, code, "Trả kết quả", "Đã trả kết quả")
    desk.get_by_role("link", name="In tem xác thực (mã QR)").click()
    verify_url = re.search(r"https?://\S+/xac-thuc/[\w-]+", desk.locator("main").inner_text())[0]

    citizen.goto(f"/tra-cuu/{code}")
    expect(citizen.locator(".timeline")).to_contain_text("Đã nộp phí, lệ phí 16.000 đồng")
    download = citizen.get_by_role("link", name="Tải văn bản kết quả (PDF)").get_attribute("href")
    issued = tmp_path / "ket-qua-da-ky.pdf"
    issued.write_bytes(fetched(citizen, download))
    assert issued.read_bytes().startswith(signed_pdf.read_bytes())  # the upload, signatures appended
    assert issued.read_bytes().count(b"/ByteRange") == 2  # the leader's, then the unit's

    checker = make_page(js=js, bypass_csp=True)
    checker.goto(verify_url)
    expect(checker.locator("h1")).to_have_text("Xác thực văn bản kết quả")
    if js:
        run_axe(checker, "verification page")
    for upload, answer in ((issued, "Khớp: đúng là văn bản này."), (signed_pdf, "không khớp")):
        checker.locator("input[type=file]").set_input_files(upload)
        checker.get_by_role("button", name="Kiểm tra", exact=True).click()
        expect(checker.locator("#ket-qua-kiem-tra")).to_contain_text(answer)
    assert phone[-4:] not in checker.locator("main").inner_text()


def test_a_result_sent_by_post_shows_its_tracking_number_in_the_citizens_timeline(
    make_page, js, phone, seeded_app, tmp_path
):
    citizen = make_page(js=js)
    citizen.goto(f"/nop/{ready_draft(seeded_app, phone, copies=1)}/nhan-ket-qua")
    citizen.get_by_label("Nhận qua dịch vụ bưu chính công ích", exact=False).check()
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()
    citizen.get_by_label("Xã, phường nhận kết quả").select_option(label="Phường Thành Sen")
    citizen.get_by_label("Số nhà, đường, thôn, xóm").fill("Số 12 đường Trần Phú")
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(citizen.locator("#nhan-ket-qua")).to_contain_text("Số 12 đường Trần Phú, Phường Thành Sen, Tỉnh Hà Tĩnh")
    expect(citizen.locator("#nhan-ket-qua")).to_contain_text("Cước bưu chính: 25.000 đồng")
    citizen.get_by_role("button", name="Nộp hồ sơ").click()
    code = citizen.locator(".code strong").inner_text()
    citizen.get_by_role("link", name="Thanh toán trực tuyến").click()
    prove(citizen, code, phone)
    citizen.get_by_role("link", name="Nộp phí trực tuyến").click()
    citizen.get_by_role("button", name="Thanh toán qua VNPay").click()
    citizen.get_by_role("button", name="Thanh toán", exact=True).click()
    expect(citizen.locator("main")).to_contain_text("Đã thanh toán")

    desk = staff_page(make_page, js, MOT_CUA)
    receive(desk, code)
    to_the_return_desk(
        make_page, js, desk, code, make_files(tmp_path)[0], leader=lambda: leader_page(make_page, js, seeded_app)
    )
    expect(desk.locator("main")).to_contain_text("Số 12 đường Trần Phú, Phường Thành Sen")
    expect(desk.get_by_label("Qua dịch vụ bưu chính công ích")).to_be_checked()
    desk.get_by_label("Số biên nhận / mã bưu gửi (bưu chính)").fill("EE123456789VN")
    act(desk, code, "Trả kết quả", "Đã trả kết quả")

    citizen.goto(f"/tra-cuu/{code}")
    expect(citizen.locator(".timeline")).to_contain_text("Đã gửi qua bưu chính, mã bưu gửi EE123456789VN")
