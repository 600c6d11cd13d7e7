"""Online filing (mức 3) of Đăng ký khai sinh in a real browser, with JavaScript on and off."""

import re

import pytest
from playwright.sync_api import expect

from tests.apps import require
from tests.browser.walks import (
    AXE,
    BIRTH,
    CODE_RE,
    SAVE,
    SMS_BOX,
    answers,
    choose_delivery,
    expect_at,
    expect_step,
    expect_values,
    file_dossier,
    fill,
    fill_steps,
    make_files,
    run_axe,
    send_code,
    shown,
    start,
    verify_phone,
)

pytestmark = pytest.mark.browser


def test_file_birth_registration_end_to_end(make_page, js, phone, tmp_path):
    page = make_page(js=js)
    pdf, jpeg, _ = make_files(tmp_path)
    steps = answers(phone)
    start(page)
    fill(page, steps[0])
    if js:
        page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name=SAVE).click()
    expect_step(page, 2)
    if js:
        assert page.evaluate("window.notReloaded === true"), "step 2 reloaded the page instead of swapping #main"
    fill_steps(page, steps[1:], first=2)

    expect_at(page, "/giay-to")
    expect(page.locator("h1")).to_have_text("Giấy tờ kèm theo")
    page.get_by_label("Giấy chứng sinh").set_input_files(pdf)
    page.get_by_label("Văn bản ủy quyền").set_input_files(jpeg)
    page.get_by_role("button", name="Tiếp tục").click()

    verify_phone(page, phone)
    expect_at(page, "/kiem-tra")
    main = page.locator("main")
    for text in ("Nguyễn Văn An", "042095001234", "Nguyễn Minh Khang", "05/09/2025", "Trần Thị Bình", shown(phone)):
        expect(main).to_contain_text(text)
    docs = page.locator("section", has=page.get_by_role("heading", name="Giấy tờ kèm theo"))
    expect(docs.get_by_role("listitem")).to_have_text(["giay-chung-sinh.pdf", "uy-quyen.jpg"])
    expect(main).to_contain_text("kết quả dự kiến trước")

    expect(page.get_by_label(SMS_BOX)).not_to_be_checked()  # consent is asked, never assumed
    page.get_by_label(SMS_BOX).check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect_at(page, "/da-nop")
    expect(page.locator("h1")).to_have_text("Đã nộp hồ sơ")
    code = page.locator(".code strong")
    expect(code).to_have_text(CODE_RE)
    expect(page.locator("dt:text-is('Ngày trả kết quả dự kiến') + dd")).to_have_text(
        re.compile(r"^\d{2}:\d{2} \d{2}/\d{2}/\d{4}$")
    )
    dossier_code = code.inner_text()

    outbox = page.context.new_page()
    outbox.goto("/dev/sms")
    expect(outbox.locator("tbody tr").filter(has_text=shown(phone)).first.locator(".sms")).to_contain_text(dossier_code)


def test_validation_keeps_what_was_typed(make_page, js, phone):
    page = make_page(js=js)
    first = answers(phone)[0]
    start(page)
    typed = {**first, "ho_ten": "", "so_giay_to": "12345"}
    fill(page, typed)
    page.get_by_role("button", name=SAVE).click()

    expect_step(page, 1)
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(2)
    expect(summary.locator('a[href="#f-ho_ten"]')).to_contain_text("Vui lòng nhập họ, chữ đệm, tên.")
    expect(summary.locator('a[href="#f-so_giay_to"]')).to_contain_text("gồm đúng 12 chữ số")
    expect(page.locator("#f-ho_ten-error")).to_contain_text("Vui lòng nhập họ, chữ đệm, tên.")
    expect(page.locator("#f-so_giay_to-error")).to_contain_text(
        "Số giấy tờ tùy thân (căn cước / CCCD) gồm đúng 12 chữ số; bạn đã nhập 5 chữ số."
    )
    expect(page.locator("#f-so_giay_to")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-noi_cu_tru")).not_to_have_attribute("aria-invalid", "true")
    expect_values(page, typed)

    fill(page, {"ho_ten": first["ho_ten"], "so_giay_to": first["so_giay_to"]})
    page.get_by_role("button", name=SAVE).click()
    expect_step(page, 2)
    expect(page.locator("#error-summary")).to_have_count(0)


def at_step(make_page, js, phone, number):
    """A fresh draft with the steps before `number` filled in and saved; (page at that step, the answers)."""
    page = make_page(js=js)
    steps = answers(phone)
    start(page)
    fill_steps(page, steps[: number - 1])
    expect_step(page, number)
    return page, steps


def test_back_link_keeps_answers(make_page, js, phone):
    page, steps = at_step(make_page, js, phone, 2)
    page.get_by_role("link", name="Quay lại").click()
    expect_step(page, 1)
    expect_values(page, steps[0])
    expect(page.get_by_role("link", name="Quay lại")).to_have_count(0)


def test_browser_back_keeps_answers(make_page, js, phone):
    page, steps = at_step(make_page, js, phone, 2)
    page.go_back()
    expect_step(page, 1)
    expect_values(page, steps[0])
    page.get_by_role("button", name=SAVE).click()
    expect_step(page, 2)


def test_change_link_on_check_page_returns_through_the_flow(make_page, js, phone):
    page = make_page(js=js)
    steps = answers(phone)
    start(page)
    fill_steps(page, steps)
    page.get_by_role("button", name="Tiếp tục").click()
    verify_phone(page, phone)

    child = page.locator("section", has=page.get_by_role("heading", name="Người được khai sinh"))
    child.get_by_role("link", name="Sửa Họ, chữ đệm, tên").click()
    expect_step(page, 2)
    expect_values(page, steps[1])
    fill(page, {"ks_ho_ten": "Nguyễn Minh Khôi"})
    page.get_by_role("button", name=SAVE).click()
    # Saving a change made from the check page goes straight back to it.
    expect(page.locator("h1")).to_have_text("Kiểm tra thông tin trước khi nộp")
    expect(child).to_contain_text("Nguyễn Minh Khôi")
    expect(child).not_to_contain_text("Nguyễn Minh Khang")


def test_jumping_ahead_lands_on_the_first_unfinished_step(make_page, js):
    page = make_page(js=js)
    token = start(page)
    page.goto(f"/nop/{token}/kiem-tra")
    expect_step(page, 1)
    expect(page.locator("h1")).to_have_text("Người yêu cầu")


def test_five_wrong_codes_lock_the_number(make_page, js, phone):
    page = make_page(js=js)
    token = start(page)
    page.goto(f"/nop/{token}/dien-thoai")
    right = send_code(page, phone)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    error = page.locator("#phone-error")
    for tries_left in (4, 3, 2, 1):
        page.get_by_label("Mã xác thực").fill(wrong)
        page.get_by_role("button", name="Xác nhận").click()
        expect(error).to_have_text(f"Mã xác thực không đúng. Bạn còn {tries_left} lần thử.")
    page.get_by_label("Mã xác thực").fill(wrong)
    page.get_by_role("button", name="Xác nhận").click()
    expect(error).to_have_text(re.compile(r"khóa.*Vui lòng thử lại sau \d+ phút\.$"))
    page.get_by_label("Mã xác thực").fill(right)  # even the right code waits for the lock to end
    page.get_by_role("button", name="Xác nhận").click()
    expect_at(page, "/dien-thoai")
    expect(error).to_have_text(re.compile(r"khóa.*Vui lòng thử lại sau \d+ phút\.$"))
    expect(page.locator("h1")).to_have_text("Xác thực số điện thoại")


def test_refused_upload_keeps_earlier_files(make_page, js, tmp_path):
    page = make_page(js=js)
    pdf, _, fake = make_files(tmp_path)
    token = start(page)
    page.goto(f"/nop/{token}/giay-to")
    page.get_by_label("Giấy chứng sinh").set_input_files(pdf)
    page.get_by_role("button", name="Tải lên Giấy chứng sinh").click()
    listed = page.get_by_role("link", name="giay-chung-sinh.pdf")
    expect(listed).to_be_visible()

    page.get_by_label("Văn bản ủy quyền").set_input_files(fake)
    page.get_by_role("button", name="Tiếp tục").click()
    message = "giay.pdf: Tệp không phải PDF, JPEG hoặc PNG."
    expect(page.locator("#error-summary")).to_contain_text(message)
    expect(page.locator("#error-summary a")).to_have_attribute("href", "#doc-4")
    expect(page.locator("#doc-4-error")).to_have_text(message)
    expect(page.get_by_label("Văn bản ủy quyền")).to_have_attribute("aria-invalid", "true")
    expect_at(page, "/giay-to")
    expect(listed).to_be_visible()
    expect(page.get_by_role("link", name="giay.pdf", exact=True)).to_have_count(0)


def test_resume_link_in_a_new_browser(make_page, js, phone):
    page, steps = at_step(make_page, js, phone, 3)
    half = {"me_ho_ten": steps[2]["me_ho_ten"], "me_dan_toc": "Kinh"}
    fill(page, half)  # saved, but the step stays unfinished: the year of birth is missing
    page.get_by_role("button", name=SAVE).click()
    expect(page.locator("#f-me_nam_sinh-error")).to_be_visible()
    link = page.locator(".resume a")
    expect(link).to_have_attribute("href", re.compile(r"^http://127\.0\.0\.1:\d+/nop/[\w-]+$"))
    resume = link.get_attribute("href")

    other = make_page(js=js)  # a new context: no cookies
    other.goto(resume)
    expect_step(other, 3)
    expect_values(other, half)
    other.get_by_role("link", name="Quay lại").click()
    expect_step(other, 2)
    expect_values(other, steps[1])


def test_axe_finds_no_serious_violations_in_the_flow(make_page, phone, tmp_path):
    require("axe-core (npm ci)", AXE.exists())
    page = make_page(bypass_csp=True)  # axe is injected inline
    pdf, _, fake = make_files(tmp_path)
    steps = answers(phone)
    page.goto(f"/thu-tuc/{BIRTH}/nop-truc-tuyen")
    run_axe(page, "start page")
    page.get_by_label("Nơi nộp hồ sơ (xã, phường)").select_option(index=1)
    page.get_by_role("button", name="Bắt đầu").click()
    fill(page, {**steps[0], "so_giay_to": "12345"})
    page.get_by_role("button", name=SAVE).click()
    expect(page.locator("#error-summary")).to_be_visible()
    run_axe(page, "step 1 with errors")
    fill_steps(page, steps)
    page.get_by_label("Giấy chứng sinh").set_input_files(pdf)
    page.get_by_label("Văn bản ủy quyền").set_input_files(fake)
    page.get_by_role("button", name="Tải lên Giấy chứng sinh").click()
    expect(page.locator("#error-summary")).to_be_visible()
    run_axe(page, "documents page with a refused file")
    page.get_by_role("button", name="Tiếp tục").click()
    expect_at(page, "/dien-thoai")
    run_axe(page, "phone page")
    verify_phone(page, phone)
    run_axe(page, "check page")
    page.locator("#nhan-ket-qua").get_by_role("link", name="Sửa").click()
    run_axe(page, "delivery page")
    choose_delivery(page)
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.locator(".code strong")).to_have_text(CODE_RE)
    run_axe(page, "confirmation page")


def test_the_confirmation_keeps_the_code_whole_on_a_phone_and_back_says_it_was_submitted(
    make_page, js, phone, tmp_path
):
    clipboard = {"permissions": ["clipboard-read", "clipboard-write"]} if js else {}
    page = make_page(js=js, viewport={"width": 360, "height": 740}, **clipboard)
    code = file_dossier(page, phone, tmp_path)
    box = page.locator("#ma-ho-so")
    lines, right, room = box.evaluate(
        "e => [e.getClientRects().length, e.getBoundingClientRect().right, e.parentElement.getBoundingClientRect().right]"
    )
    assert lines == 1 and right <= room <= 360, (lines, right, room)  # one line, inside its panel
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    expect(page.locator("#da-nop-truoc")).to_have_count(0)

    copy = page.get_by_role("button", name="Chép mã hồ sơ")
    if js:
        copy.click()
        expect(page.locator("#chep-ma")).to_have_text("Đã chép mã hồ sơ.")
        assert page.evaluate("navigator.clipboard.readText()") == code
    else:
        expect(copy).to_have_count(0)  # hidden: without JavaScript it could do nothing

    page.get_by_role("link", name="Theo dõi hồ sơ").click()
    expect(page).to_have_url(re.compile(r"/tra-cuu\?ma="))
    expect(page.get_by_label("Mã hồ sơ")).to_have_value(code)
    page.go_back()
    expect(page.locator("#ma-ho-so")).to_have_text(code)
    page.go_back()  # to the check page, as it was before submitting
    expect(page.locator("#da-nop-truoc")).to_contain_text("Hồ sơ này đã được nộp lúc")
    expect(page.locator("#ma-ho-so")).to_have_text(code)
    expect(page.get_by_role("button", name="Nộp hồ sơ")).to_have_count(0)
