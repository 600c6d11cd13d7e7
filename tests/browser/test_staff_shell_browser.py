"""The staff shell in a real browser, with JavaScript on and off: each demo account of Phường Thành
Sen lands on its own queue right after login (the leader through the TOTP step, the admin on the
calendar pages), the header carries the staff's navigation and a logout that works without script,
and on a 1366 × 768 desk screen a dossier code never breaks across lines."""

import re
import uuid

import pyotp
import pytest
from playwright.sync_api import expect

from tests.apps import require
from tests.browser.walks import AXE, CHUYEN_VIEN, LANH_DAO, MOT_CUA, NAMES, log_in, queue_tab, run_axe
from tests.factories import make_draft
from tests.staff_login import PASSWORD, new_staff
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.workflow.intake import submit

pytestmark = pytest.mark.browser

DESK_SCREEN = {"width": 1366, "height": 768}
ADMIN = "thanhsen.quantri"


@pytest.fixture
def waiting_code(seeded_app, server):
    """A dossier of Thành Sen just filed, waiting at the desk."""
    with seeded_app.app_context(), db.connection_context():
        draft = make_draft()
        return submit(draft, spec_of(draft))[0].code


@pytest.mark.parametrize(
    "username, landing", [(MOT_CUA, "Chờ tiếp nhận"), (CHUYEN_VIEN, "Được giao cho tôi"), (LANH_DAO, "Chờ phê duyệt")]
)
def test_each_officer_lands_on_their_own_queue(make_page, js, username, landing):
    page = make_page(js=js, viewport=DESK_SCREEN)
    log_in(page, username)
    expect(page).to_have_url(re.compile(r"/can-bo/ho-so$"))
    expect(page.locator("h1")).to_have_text(landing)
    expect(queue_tab(page, landing)).to_have_attribute("aria-current", "page")
    expect(queue_tab(page, landing)).to_have_text(re.compile(r"\(\d+\)$"))  # its count
    staff_nav = page.get_by_role("navigation", name="Điều hướng cán bộ")
    expect(staff_nav).to_contain_text(NAMES[username])
    expect(page.get_by_role("navigation", name="Điều hướng chính")).to_have_count(0)  # no citizen links
    counter = staff_nav.get_by_role("link", name="Tiếp nhận hồ sơ trực tiếp")
    expect(counter).to_have_count(1 if username == MOT_CUA else 0)

    page.locator("header").get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/can-bo/dang-nhap$"))
    expect(page.locator("main")).to_contain_text("Bạn đã đăng xuất.")
    page.goto("/can-bo/ho-so")
    expect(page.locator("h1")).to_have_text("Đăng nhập cán bộ")


def test_an_admin_lands_on_the_calendar_pages(make_page, js):
    page = make_page(js=js)
    log_in(page, ADMIN)
    expect(page).to_have_url(re.compile(r"/quan-tri/lich-lam-viec$"))
    expect(
        page.get_by_role("navigation", name="Điều hướng cán bộ").get_by_role("link", name="Lịch làm việc")
    ).to_be_visible()


def test_codes_stay_on_one_line_on_a_desk_screen(make_page, js, waiting_code):
    page = make_page(js=js, viewport=DESK_SCREEN)
    log_in(page, MOT_CUA)
    link = page.get_by_role("link", name=waiting_code, exact=True)
    expect(link).to_be_visible()
    assert page.locator("main").bounding_box()["width"] > 1200  # the wide staff layout, not a 736 px column
    for code in page.locator("tbody a.nowrap").all():
        assert code.evaluate("a => a.getClientRects().length") == 1, code.inner_text()


def test_axe_finds_no_serious_violations_in_the_staff_shell(make_page, waiting_code):
    require("axe-core (npm ci)", AXE.exists())
    page = make_page(bypass_csp=True, viewport=DESK_SCREEN)  # axe is injected inline
    log_in(page, MOT_CUA)
    expect(page.get_by_role("link", name=waiting_code, exact=True)).to_be_visible()
    run_axe(page, "the desk's queue")
    page.get_by_role("navigation", name="Điều hướng cán bộ").get_by_role("link", name=re.compile("^Tài khoản")).click()
    expect(page.locator("h1")).to_have_text("Tài khoản và bảo mật")
    qr = page.locator(".qr-code svg[role=img]")
    expect(qr).to_be_visible()
    expect(qr.locator("title")).to_contain_text(MOT_CUA)
    expect(page.locator("code.secret").first).to_have_text(re.compile(r"^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$"))
    run_axe(page, "the account page with the QR code")


def test_the_totp_setup_shows_a_qr_code_and_lands_a_new_leader_on_his_queue(make_page, seeded_app, server):
    """A leader of another ward (so no page of the other tests changes) at his first login."""
    require("axe-core (npm ci)", AXE.exists())
    leader = new_staff(seeded_app, f"ld.qr.{uuid.uuid4().hex[:8]}", role="lanh_dao", units=("18115",))
    page = make_page(bypass_csp=True, viewport=DESK_SCREEN)
    page.goto("/can-bo/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill(leader.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page.locator("h1")).to_have_text("Thiết lập xác thực hai bước")
    qr = page.get_by_role("img", name=re.compile(re.escape(leader.username)))
    expect(qr).to_be_visible()
    expect(page.locator("details code.secret")).to_contain_text("issuer=MotCua")
    run_axe(page, "the TOTP setup with its QR code")
    secret = page.locator("code.secret").first.inner_text().replace(" ", "")
    page.get_by_label("Mã xác thực gồm 6 chữ số").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Xác nhận và đăng nhập").click()
    expect(page.locator("h1")).to_have_text("Chờ phê duyệt")
    expect(queue_tab(page, "Chờ phê duyệt")).to_have_attribute("aria-current", "page")
