"""The dossier page in Chromium, with JavaScript on and off: each officer reads what the citizen declared,
refusing asks again before it is done (a page of its own, so it needs no script), and axe finds nothing
serious on the page or on the confirmation."""

import pytest
from playwright.sync_api import expect

from tests.apps import require
from tests.browser.walks import (
    AXE,
    CHUYEN_VIEN,
    MOT_CUA,
    act,
    expect_dossier_page,
    file_dossier,
    run_axe,
    staff_page,
    status,
)

pytestmark = pytest.mark.browser

CHILD, MOTHER, FATHER = "Nguyễn Minh Khang", "Trần Thị Bình", "Nguyễn Văn An"  # walks.answers()
REFUSE = "Từ chối tiếp nhận (mẫu 03)"
REASON = "Lý do, nội dung cho “Từ chối tiếp nhận”"


def open_dossier(page, code):
    page.goto(f"/can-bo/ho-so/{code}")
    expect_dossier_page(page, code)


def expect_declaration(page):
    declaration = page.get_by_role("region", name="Tờ khai của người nộp")
    expect(declaration).to_be_visible()
    for shown in (CHILD, "05/09/2025", "Nam", MOTHER, FATHER):
        expect(declaration).to_contain_text(shown)
    expect(declaration.get_by_role("link", name="Tờ khai (PDF)")).to_be_visible()


def test_each_officer_reads_the_declaration_and_refusing_needs_a_confirmation(make_page, js, phone, tmp_path):
    code = file_dossier(make_page(js=js), phone, tmp_path)
    desk = staff_page(make_page, js, MOT_CUA)
    open_dossier(desk, code)
    expect_declaration(desk)
    files = desk.get_by_role("region", name="Giấy tờ đính kèm")
    expect(files.get_by_role("row").filter(has_text="Giấy chứng sinh")).to_contain_text("Giấy tờ công dân nộp")
    specialist = staff_page(make_page, js, CHUYEN_VIEN)
    open_dossier(specialist, code)
    expect_declaration(specialist)

    reason = "Thủ tục này do UBND tỉnh giải quyết."
    desk.get_by_label(REASON).fill(reason)
    desk.get_by_role("button", name=REFUSE).click()
    expect(desk.locator("h1")).to_have_text("Xác nhận: Từ chối tiếp nhận")
    expect(desk.locator("main")).to_contain_text(reason)
    desk.get_by_role("button", name="Quay lại").click()
    expect(desk.locator("h1")).to_have_text(f"Hồ sơ {code}")  # the page again, answered to the post
    expect(status(desk)).to_have_text("Chờ tiếp nhận")
    expect(desk.get_by_label(REASON)).to_have_value(reason)
    desk.get_by_role("button", name=REFUSE).click()
    act(desk, code, "Xác nhận từ chối", "Từ chối tiếp nhận")
    expect(desk.get_by_role("region", name="Quá trình xử lý")).to_contain_text(reason)


def test_axe_on_the_dossier_page_and_the_confirmation(make_page, phone, tmp_path):
    require("axe-core (npm ci)", AXE.exists())
    code = file_dossier(make_page(), phone, tmp_path)
    desk = staff_page(lambda js: make_page(js=js, bypass_csp=True), True, MOT_CUA)  # axe is injected inline
    open_dossier(desk, code)
    run_axe(desk, "dossier page with the declaration")
    desk.get_by_label(REASON).fill("Sai thẩm quyền")
    desk.get_by_role("button", name=REFUSE).click()
    expect(desk.locator("h1")).to_have_text("Xác nhận: Từ chối tiếp nhận")
    run_axe(desk, "confirmation of a refusal")
