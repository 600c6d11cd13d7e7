"""The public lookup in a real browser: a dossier taken through the back office, told in plain words.

The dossier is filed and worked by the demo staff of Phường Thành Sen through the real pages (the
walks of tests/browser/walks.py), then returned by post; the citizen looks it up with the code
and the last four digits of the phone, reads the timeline and rates the service.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.apps import require
from tests.browser.walks import (
    AXE,
    MOT_CUA,
    act,
    file_dossier,
    make_files,
    receive,
    run_axe,
    staff_page,
    to_the_return_desk,
)
from webapp.db import db
from webapp.models import RateCounter

pytestmark = pytest.mark.browser

TRACKING = "EB123456789VN"
STEPS = [
    "Đã nộp hồ sơ trực tuyến",
    "Trung tâm Phục vụ hành chính công phường Thành Sen đã tiếp nhận hồ sơ",
    "Đang được giải quyết",
    "Đã có kết quả",
    f"Đã gửi qua bưu chính, mã bưu gửi {TRACKING}",
]


@pytest.fixture(autouse=True)
def open_limits(server, seeded_app):
    """Every browser comes from 127.0.0.1: start and end each test with the lookup throttles open."""

    def forget():
        with seeded_app.app_context(), db.connection_context():
            RateCounter.delete().where(RateCounter.key.startswith("lookup-")).execute()

    forget()
    yield
    forget()


def returned_by_post(make_page, phone, tmp_path):
    """A dossier filed online and taken by the demo staff from reception to its return by post."""
    code = file_dossier(make_page(), phone, tmp_path)
    desk = staff_page(make_page, True, MOT_CUA)
    receive(desk, code)
    to_the_return_desk(make_page, True, desk, code, make_files(tmp_path)[0])
    desk.get_by_label("Qua dịch vụ bưu chính công ích").check()
    desk.get_by_label("Số biên nhận / mã bưu gửi (bưu chính)").fill(TRACKING)
    act(desk, code, "Trả kết quả", "Đã trả kết quả")
    return code


def look_up(page, code, digits):
    page.goto("/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Tra cứu hồ sơ").click()
    expect(page.locator("h1")).to_have_text("Tra cứu hồ sơ")
    page.get_by_label("Mã hồ sơ").fill(code)
    page.get_by_label("4 số cuối điện thoại hoặc CCCD").fill(digits)
    page.get_by_role("button", name="Tra cứu").click()


def test_the_lookup_tells_the_back_office_flow_in_plain_words_and_takes_a_rating(make_page, js, phone, tmp_path):
    code = returned_by_post(make_page, phone, tmp_path)
    citizen = make_page(js=js)
    agency, day, number = code.split("-")
    look_up(citizen, f"{agency.lower()} {day} {number}", phone[-4:])
    expect(citizen).to_have_url(re.compile(rf"/tra-cuu/{re.escape(code)}$"))
    expect(citizen.locator("h1")).to_have_text(f"Hồ sơ {code}")
    expect(citizen.locator("#tinh-trang")).to_have_text("Đã trả kết quả")
    steps = citizen.get_by_role("region", name="Quá trình giải quyết").locator("ol > li")
    expect(steps).to_have_text(
        [re.compile(rf"^\d{{2}}:\d{{2}} \d{{2}}/\d{{2}}/\d{{4}} · {re.escape(s)}") for s in STEPS]
    )
    main = citizen.locator("main")
    for hidden in ("Trần Văn Minh", "Lê Văn Hùng", "Nguyễn Thị Lan", "Nguyễn Văn An", "042095001234", phone):
        expect(main).not_to_contain_text(hidden)

    citizen.get_by_role("link", name="Đánh giá", exact=True).click()
    expect(citizen.locator("h1")).to_have_text("Đánh giá mức độ hài lòng")
    citizen.get_by_role("group", name="Thời gian giải quyết so với giấy hẹn").get_by_label("Đúng hẹn").check()
    citizen.get_by_role("button", name="Gửi đánh giá").click()
    expect(citizen.get_by_role("alert")).to_contain_text("Vui lòng sửa các lỗi sau")
    expect(citizen.get_by_label("Đúng hẹn")).to_be_checked()  # the answer given stays
    citizen.get_by_role("group", name="Số lần phải liên hệ để hoàn thiện hồ sơ").get_by_label("1 lần").check()
    citizen.get_by_label("Lịch sự, tận tình").check()
    citizen.get_by_label("Đúng quy định", exact=True).check()
    citizen.get_by_label("Rất hài lòng").check()
    citizen.get_by_label("Góp ý thêm (không bắt buộc)").fill("Cán bộ hướng dẫn tận tình.")
    citizen.get_by_role("button", name="Gửi đánh giá").click()
    expect(citizen.get_by_role("status")).to_contain_text("Cảm ơn, bạn đã đánh giá")
    expect(citizen.get_by_role("status")).to_contain_text("Mức độ hài lòng chung: Rất hài lòng")
    citizen.get_by_role("link", name="Quay lại hồ sơ").click()
    expect(citizen.locator("#danh-gia")).to_contain_text("Cảm ơn, bạn đã đánh giá: Rất hài lòng")


def test_twenty_wrong_digits_in_a_row_are_throttled(make_page, js, phone, tmp_path):
    code = file_dossier(make_page(), phone, tmp_path)
    wrong = next(d for d in ("0000", "1111", "2222") if d not in (phone[-4:], "1234"))
    page = make_page(js=js)
    page.goto("/tra-cuu")
    messages = []
    for _ in range(20):
        page.get_by_label("Mã hồ sơ").fill(code)
        page.get_by_label("4 số cuối điện thoại hoặc CCCD").fill(wrong)
        page.get_by_role("button", name="Tra cứu").click()
        alert = page.get_by_role("alert")
        expect(alert).to_be_visible()
        messages.append(alert.inner_text())
    assert "Không tìm thấy hồ sơ" in messages[0]
    assert all("Bạn đã thử quá nhiều lần" in m for m in messages[5:]), messages
    expect(page.get_by_label("Mã hồ sơ")).to_have_value(code)
    page.get_by_label("4 số cuối điện thoại hoặc CCCD").fill(phone[-4:])
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_role("alert")).to_contain_text("Bạn đã thử quá nhiều lần")
    expect(page).to_have_url(re.compile(r"/tra-cuu$"))


def test_axe_finds_no_serious_violations_on_the_lookup_pages(make_page, phone, tmp_path):
    require("axe-core (npm ci)", AXE.exists())
    code = returned_by_post(make_page, phone, tmp_path)
    page = make_page(bypass_csp=True)  # axe is injected inline
    page.goto("/tra-cuu")
    run_axe(page, "lookup form")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("#error-summary")).to_be_visible()
    run_axe(page, "lookup form with errors")
    look_up(page, code, phone[-4:])
    expect(page.locator("h1")).to_have_text(f"Hồ sơ {code}")
    run_axe(page, "status page")
    page.get_by_role("link", name="Đánh giá", exact=True).click()
    run_axe(page, "rating page")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.locator("#error-summary")).to_be_visible()
    run_axe(page, "rating page with errors")
    page.goto(f"/tra-cuu/{code}")
    page.get_by_role("button", name="Ngừng nhận tin nhắn không bắt buộc").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ngừng gửi tin nhắn")
    run_axe(page, "status page after stopping the SMS")
