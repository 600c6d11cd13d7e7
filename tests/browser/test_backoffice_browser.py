"""The back office in a real browser: a dossier filed online goes from the desk to the result and back.

The citizen files Đăng ký khai sinh to Phường Thành Sen; the demo staff of that ward log in through the
real pages (the leader through the TOTP step) and take it through every step; a desk officer of another
ward never sees it.
"""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.apps import require
from tests.browser.walks import (
    AXE,
    BIRTH,
    CCCD,
    CHUYEN_VIEN,
    CODE_RE,
    LANH_DAO,
    MOT_CUA,
    NAMES,
    WHEN,
    act,
    expect_dossier_page,
    fact,
    file_dossier,
    log_in,
    make_files,
    open_from_queue,
    queue_tab,
    receive,
    run_axe,
    shown,
    staff_page,
    status,
)

pytestmark = pytest.mark.browser

OTHER_MOT_CUA = "tranphu.motcua"  # Phường Trần Phú, unit 18100
APPLICANT = "Nguyễn Văn An"  # the person filing, in answers()
QUEUE_TABS = ("Chờ tiếp nhận", "Đang xử lý", "Chờ bổ sung", "Chờ trả kết quả", "Quá hạn")


# The staff's papers.


def open_form01(page, code, due):
    page.get_by_role("link", name="Giấy tiếp nhận (mẫu 01)").click()
    expect(page).to_have_url(re.compile(rf"/can-bo/ho-so/{re.escape(code)}/mau-01$"))
    paper = page.locator("article.paper")
    expect(paper.get_by_role("heading", level=1)).to_have_text("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
    expect(paper).to_contain_text(f"Mã hồ sơ: {code}")
    expect(paper.locator("p", has_text="Thời gian trả kết quả giải quyết hồ sơ").locator("strong")).to_have_text(due)
    expect(paper).to_contain_text(NAMES[MOT_CUA])


# The tests.


def form01_pdf_text(page):
    """The text of form 01's PDF, fetched with the officer's session from the paper's own link."""
    link = page.get_by_role("link", name="Tải bản PDF")
    response = page.request.get(link.get_attribute("href"))
    assert response.ok and response.headers["content-type"].startswith("application/pdf")
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)


def request_supplement(page, code):
    """Form 02 with one item and its reason; returns the link the citizen gets by SMS."""
    page.get_by_label("Giấy tờ 1", exact=True).fill("Giấy chứng sinh (bản rõ nét)")
    page.get_by_label("Lý do bổ sung giấy tờ 1", exact=True).fill("Bản chụp bị mờ, không đọc được số hiệu.")
    act(page, code, "Yêu cầu bổ sung (mẫu 02)", "Chờ bổ sung")
    panel = page.get_by_role("region", name="Yêu cầu bổ sung (mẫu 02)")
    expect(panel).to_contain_text("Bản chụp bị mờ, không đọc được số hiệu.")
    expect(panel).to_contain_text("Đang chờ công dân nộp bổ sung.")


def supplement_link(page, phone, code):
    """The upload link of the newest 'bo sung' SMS to `phone`, read from /dev/sms."""
    outbox = page.context.new_page()
    outbox.goto("/dev/sms")
    row = outbox.locator("tbody tr").filter(has_text=shown(phone)).filter(has_text="can bo sung").first
    text = row.locator(".sms").inner_text()
    outbox.close()
    assert code in text, text
    return re.search(r"https?://\S+/bo-sung/\S+", text)[0]


def hand_in_supplement(page, link, tmp_path):
    """The citizen, from the SMS link in a fresh browser: a missing file is refused, then the PDF goes in."""
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Nộp bổ sung hồ sơ")
    expect(page.locator("main")).to_contain_text("Bản chụp bị mờ, không đọc được số hiệu.")
    page.get_by_role("button", name="Nộp bổ sung").click()
    expect(page.get_by_role("alert")).to_contain_text("Chưa nộp được")
    page.get_by_label("Ghi chú gửi cán bộ (không bắt buộc)").fill("Gửi lại bản quét rõ.")
    page.get_by_label("Giấy chứng sinh (bản rõ nét)").set_input_files(make_files(tmp_path)[0])
    page.get_by_role("button", name="Nộp bổ sung").click()
    expect(page).to_have_url(re.compile(r"/bo-sung/da-nop$"))
    assert page.goto(link).status == 404  # the link is single-use


def test_dossier_goes_from_the_desk_to_the_result(make_page, js, phone, tmp_path):
    citizen = make_page(js=js)
    code = file_dossier(citizen, phone, tmp_path)

    desk = staff_page(make_page, js, MOT_CUA)
    open_from_queue(desk, "Chờ tiếp nhận", code)
    request_supplement(desk, code)
    hand_in_supplement(make_page(js=js), supplement_link(desk, phone, code), tmp_path)

    open_from_queue(desk, "Chờ tiếp nhận", code)
    expect(desk.get_by_role("region", name="Yêu cầu bổ sung (mẫu 02)")).to_contain_text("Gửi lại bản quét rõ.")
    due = receive(desk, code)
    open_form01(desk, code, due)
    pdf = form01_pdf_text(desk)
    assert code in pdf and due.split()[-1] in pdf, pdf
    desk.get_by_role("link", name="Quay lại hồ sơ").click()
    expect_dossier_page(desk, code)
    expect(desk.get_by_label("Chuyên viên xử lý")).to_have_value(re.compile(r"^\d+$"))
    act(desk, code, "Chuyển xử lý", "Đang xử lý")
    expect(fact(desk, "Hạn trả kết quả").locator("strong")).to_have_text(due)

    specialist = staff_page(make_page, js, CHUYEN_VIEN)
    open_from_queue(specialist, "Đang xử lý", code)
    specialist.get_by_label("Dự thảo kết quả (PDF, không bắt buộc)").set_input_files(make_files(tmp_path)[0])
    act(specialist, code, "Trình lãnh đạo phê duyệt", "Chờ phê duyệt")

    leader = staff_page(make_page, js, LANH_DAO)
    open_from_queue(leader, "Đang xử lý", code)
    expect(leader.get_by_role("region", name="Xử lý", exact=True)).to_contain_text("giay-chung-sinh.pdf")  # the draft
    leader.get_by_role("button", name="Phê duyệt, ký kết quả").click()
    expect(leader.get_by_role("alert")).to_be_visible()  # neither a signed file nor a paper result
    expect(status(leader)).to_have_text("Chờ phê duyệt")
    leader.get_by_label("Văn bản kết quả đã ký (PDF)").set_input_files(make_files(tmp_path)[0])
    act(leader, code, "Phê duyệt, ký kết quả", "Chờ trả kết quả")

    open_from_queue(desk, "Chờ trả kết quả", code)
    desk.get_by_label("Tại nơi tiếp nhận hồ sơ").check()
    desk.get_by_label("Họ tên người nhận kết quả").fill(APPLICANT)
    desk.get_by_label("Số giấy tờ tùy thân của người nhận").fill(CCCD)
    act(desk, code, "Trả kết quả", "Đã trả kết quả")
    expect(desk.get_by_role("region", name="Thao tác")).to_have_count(0)  # closed: nothing left to do
    expect(fact(desk, "Hạn trả kết quả").locator("strong")).to_have_text(due)

    steps = desk.get_by_role("region", name="Quá trình xử lý").get_by_role("listitem")
    expect(steps).to_have_text(
        [
            re.compile(rf"Nộp hồ sơ trực tuyến\s+{APPLICANT} \(Công dân\) · Chờ tiếp nhận"),
            re.compile(rf"{NAMES[MOT_CUA]} \(Công chức tiếp nhận và trả kết quả\) · Chờ tiếp nhận → Chờ bổ sung"),
            re.compile(rf"{APPLICANT} \(Công dân\) · Chờ bổ sung → Chờ tiếp nhận"),
            re.compile(rf"{NAMES[MOT_CUA]} \(Công chức tiếp nhận và trả kết quả\) · Chờ tiếp nhận → Đã tiếp nhận"),
            re.compile(
                rf"{NAMES[MOT_CUA]} \(Công chức tiếp nhận và trả kết quả\) · Đã tiếp nhận → Đang xử lý\s+Giao cho chuyên viên: {NAMES[CHUYEN_VIEN]}"
            ),
            re.compile(rf"{NAMES[CHUYEN_VIEN]} \(Chuyên viên\) · Đang xử lý → Chờ phê duyệt"),
            re.compile(rf"{NAMES[LANH_DAO]} \(Lãnh đạo\) · Chờ phê duyệt → Chờ trả kết quả"),
            re.compile(rf"{NAMES[MOT_CUA]} \(Công chức tiếp nhận và trả kết quả\) · Chờ trả kết quả → Đã trả kết quả"),
        ]
    )
    for step in steps.all():
        expect(step.locator("strong").first).to_have_text(WHEN)


def test_another_wards_desk_never_sees_the_dossier(make_page, js, phone, tmp_path):
    code = file_dossier(make_page(js=js), phone, tmp_path)
    desk = staff_page(make_page, js, MOT_CUA)
    receive(desk, code)
    response = desk.goto(f"/can-bo/ho-so/{code}/mau-01")
    assert response.status == 200
    expect(desk.locator("article.paper")).to_contain_text(code)

    desk.goto(f"/can-bo/ho-so/{code}")
    file_url = desk.get_by_role("region", name="Giấy tờ đính kèm").get_by_role("link").first.get_attribute("href")
    assert desk.request.get(file_url).ok

    other = staff_page(make_page, js, OTHER_MOT_CUA)
    for url in (
        f"/can-bo/ho-so/{code}",
        f"/can-bo/ho-so/{code}/mau-01",
        f"/can-bo/ho-so/{code}/mau-06",
        file_url,
    ):
        response = other.goto(url)
        assert response.status == 404, f"{url}: {response.status}"
        expect(other.locator("h1")).to_have_text("Không tìm thấy trang")
        expect(other.locator("main")).not_to_contain_text(code)
    for url in (f"/can-bo/ho-so/{code}/mau-01.pdf", f"/can-bo/ho-so/{code}/mau-06.pdf"):
        assert other.request.get(url).status == 404, url

    other.goto("/can-bo/ho-so")
    for tab in QUEUE_TABS:
        queue_tab(other, tab).click()
        expect(queue_tab(other, tab)).to_have_attribute("aria-current", "page")
        expect(other.locator("main")).not_to_contain_text(code)
        other.get_by_label("Tìm theo mã hồ sơ, tên hoặc số điện thoại").fill(code)
        other.get_by_role("button", name="Tìm", exact=True).click()
        expect(other).to_have_url(re.compile(r"[?&]q="))
        expect(other.get_by_role("searchbox")).to_have_value(code)
        expect(other.locator("main")).to_contain_text("Không có hồ sơ nào trong hàng đợi này.")


def test_axe_finds_no_serious_violations_in_the_back_office(make_page, phone, tmp_path):
    require("axe-core (npm ci)", AXE.exists())
    code = file_dossier(make_page(), phone, tmp_path)
    page = make_page(bypass_csp=True)  # axe is injected inline
    page.goto("/can-bo/dang-nhap")
    run_axe(page, "login page")
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page.locator("#f-username-error, #username-error, .error").first).to_be_visible()
    run_axe(page, "login page with errors")
    log_in(page, MOT_CUA)  # lands on "Chờ tiếp nhận"
    expect(page.get_by_role("link", name=code, exact=True)).to_be_visible()
    run_axe(page, "queue page")
    page.get_by_role("link", name=code, exact=True).click()
    expect_dossier_page(page, code)
    run_axe(page, "dossier page before reception")
    act(page, code, "Tiếp nhận hồ sơ (mẫu 01)", "Đã tiếp nhận")
    run_axe(page, "dossier page after reception")
    page.get_by_role("link", name="Giấy tiếp nhận (mẫu 01)").click()
    expect(page.locator("article.paper")).to_contain_text(code)
    run_axe(page, "form 01")


def test_a_refused_action_keeps_the_dossier_and_says_why(make_page, js, phone, tmp_path):
    """A reason-required action sent empty: the page says so and nothing changes; then form 03 is issued."""
    code = file_dossier(make_page(js=js), phone, tmp_path)
    desk = staff_page(make_page, js, MOT_CUA)
    open_from_queue(desk, "Chờ tiếp nhận", code)
    note = desk.get_by_label("Lý do, nội dung cho “Từ chối tiếp nhận”")
    expect(note).to_be_visible()
    desk.get_by_role("button", name="Từ chối tiếp nhận (mẫu 03)").click()
    expect(desk.get_by_role("alert")).to_have_text("Vui lòng ghi lý do.")
    expect(status(desk)).to_have_text("Chờ tiếp nhận")
    reason = "Thủ tục này do UBND tỉnh giải quyết."
    desk.get_by_label("Lý do, nội dung cho “Từ chối tiếp nhận”").fill(reason)
    desk.get_by_role("button", name="Từ chối tiếp nhận (mẫu 03)").click()  # irreversible: asked again first
    act(desk, code, "Xác nhận từ chối", "Từ chối tiếp nhận")
    expect(desk.get_by_role("region", name="Quá trình xử lý")).to_contain_text(reason)
    desk.get_by_role("link", name="Phiếu từ chối tiếp nhận giải quyết hồ sơ").click()
    expect(desk.locator("main")).to_contain_text(reason)
    expect(desk.locator("main")).to_contain_text(code)


def counter_dossier(page, tmp_path):
    """The desk types in a walk-in Đăng ký khai sinh with one scanned paper; returns its code."""
    page.goto("/can-bo/ho-so")
    page.get_by_role("link", name="Tiếp nhận hồ sơ trực tiếp").click()
    page.get_by_label("Thủ tục hành chính").select_option(value=BIRTH)
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.locator("h1")).to_have_text("Tiếp nhận hồ sơ trực tiếp")
    page.get_by_label("Họ, chữ đệm và tên").fill("Hồ Thị Mai")
    page.get_by_label("Số giấy tờ tùy thân (căn cước / CCCD)").fill("04219")  # too short: refused, answers kept
    page.get_by_label("Số điện thoại di động").fill("0912345678")
    page.locator("#f-dia_chi").fill("Tổ 3, phường Thành Sen")  # not the post address below
    page.get_by_label("Tại nơi tiếp nhận hồ sơ").check()
    page.get_by_role("button", name="Tiếp nhận hồ sơ (mẫu 01)").click()
    expect(page.locator("#f-so_dinh_danh-error")).to_be_visible()
    expect(page.get_by_label("Họ, chữ đệm và tên")).to_have_value("Hồ Thị Mai")
    page.get_by_label("Số giấy tờ tùy thân (căn cước / CCCD)").fill("042195004321")
    page.locator(".paper-received").first.get_by_role("checkbox").check()
    page.locator(".paper-received").first.get_by_label("Bản quét").set_input_files(make_files(tmp_path)[0])
    page.get_by_role("button", name="Tiếp nhận hồ sơ (mẫu 01)").click()
    expect(page.locator("h1")).to_have_text(re.compile(r"^Hồ sơ H42\."))
    return page.locator("h1").inner_text().removeprefix("Hồ sơ ")


def test_a_walk_in_dossier_is_received_at_the_counter(make_page, js, tmp_path):
    desk = staff_page(make_page, js, MOT_CUA)
    code = counter_dossier(desk, tmp_path)
    assert CODE_RE.match(code), code
    expect(status(desk)).to_have_text("Đã tiếp nhận")
    expect(fact(desk, "Hạn trả kết quả").locator("strong")).to_have_text(WHEN)
    expect(desk.get_by_role("region", name="Giấy tờ đính kèm")).to_contain_text("giay-chung-sinh")
    due = fact(desk, "Hạn trả kết quả").locator("strong").inner_text()
    open_form01(desk, code, due)
    expect(desk.locator("article.paper")).to_contain_text("Hồ Thị Mai")


def test_axe_on_the_processing_pages(make_page, phone, tmp_path):
    """The pages added for processing: form 02 and the citizen's upload page, counter reception, the log
    book, the audit page, account security and the calendar admin."""
    require("axe-core (npm ci)", AXE.exists())
    code = file_dossier(make_page(), phone, tmp_path)
    desk = make_page(bypass_csp=True)
    log_in(desk, MOT_CUA)
    desk.goto(f"/can-bo/ho-so/{code}")
    desk.get_by_role("button", name="Yêu cầu bổ sung (mẫu 02)").click()
    expect(desk.locator("#yeu_cau_bo_sung-item-1-error")).to_be_visible()
    run_axe(desk, "dossier page with a refused supplement request")
    request_supplement(desk, code)
    desk.get_by_role("link", name="Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ").click()
    expect(desk.locator("main")).to_contain_text("Bản chụp bị mờ")
    run_axe(desk, "form 02")
    citizen = make_page(bypass_csp=True)
    citizen.goto(supplement_link(desk, phone, code))
    run_axe(citizen, "citizen's supplement page")
    citizen.get_by_role("button", name="Nộp bổ sung").click()
    expect(citizen.get_by_role("alert")).to_be_visible()
    run_axe(citizen, "citizen's supplement page with errors")
    desk.goto("/can-bo/ho-so/tiep-nhan-truc-tiep")
    run_axe(desk, "counter: choose a procedure")
    desk.get_by_label("Thủ tục hành chính").select_option(value=BIRTH)
    desk.get_by_role("button", name="Tiếp tục").click()
    desk.get_by_role("button", name="Tiếp nhận hồ sơ (mẫu 01)").click()
    expect(desk.locator(".error").first).to_be_visible()
    run_axe(desk, "counter form with errors")
    desk.goto("/can-bo/ho-so/so-theo-doi")
    run_axe(desk, "form 07, the log book")
    desk.goto("/can-bo/ho-so?hang=sap-den-han")
    run_axe(desk, "queue: due soon")
    desk.goto("/can-bo/bao-mat")
    run_axe(desk, "account security")
    leader = make_page(bypass_csp=True)
    log_in(leader, LANH_DAO)
    leader.goto(f"/can-bo/ho-so/{code}/nhat-ky")
    expect(leader.locator("main")).to_contain_text(NAMES[MOT_CUA])
    run_axe(leader, "audit page")
    admin = make_page(bypass_csp=True)
    log_in(admin, "thanhsen.quantri")
    admin.goto("/quan-tri/lich-lam-viec")
    run_axe(admin, "calendar admin")
