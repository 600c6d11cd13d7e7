"""Issue 19, done when: a citizen signs in with VNeID through the demo identity provider on a phone
(360×740, JavaScript on and off), files Đăng ký khai sinh as the child's mother with her own fields
filled from her identity, finds the dossier in "Hồ sơ của tôi" from a second browser after signing in
again, and attaches a result issued to her earlier, chosen from "Giấy tờ của tôi", to a second filing.

Taps are counted as in test_first_citizen_browser.py (its Thumb), from the home page to the dossier
code, the sign-in included; docs/features.md reports the count beside the anonymous one."""

import re

import pytest
from playwright.sync_api import expect

from tests.apps import require
from tests.browser.test_first_citizen_browser import PHONE_SCREEN, Thumb, field
from tests.browser.walks import AXE, CODE_RE, MOT_CUA, expect_at, make_files, open_from_queue, run_axe, staff_page
from webapp.db import db
from webapp.models import Agency, Staff, Unit
from webapp.seed.dossiers import DEMO_UNIT, DESK, LEADER, SPECIALIST, citizen_dossiers

pytestmark = pytest.mark.browser

LAN = "Nguyễn Thị Lan"
LAN_NUMBER = "042195001234"
LAN_ADDRESS = "Thôn Trung Sơn, xã Thạch Hà, tỉnh Hà Tĩnh"
LAN_PHONE = "0912 345 678"  # the number her identity vouches for
FROM_IDENTITY = "Từ định danh điện tử"
CERTIFIED_COPY = "2.000815"  # chứng thực bản sao từ bản chính: two short steps, then the papers


@pytest.fixture(autouse=True)
def lan_was_issued_a_birth_extract(seeded_app, server):
    """The demo seed's signed-in births (Lan's and Hùng's), returned online with a signed extract; the
    home page's most-filed list counted again, as an hour later."""
    with seeded_app.app_context(), db.connection_context():
        agency = Agency.select().join(Unit).where(Unit.code == DEMO_UNIT).get()
        staff = {name: Staff.get(Staff.username == name) for name in (DESK, SPECIALIST, LEADER)}
        citizen_dossiers(agency, staff)  # once: a citizen who has a dossier already gets none
    seeded_app.extensions.pop("catalogue.most_filed", None)


def audit(page, where, js):
    """axe-core runs as a script: only where the page runs script."""
    if js:
        run_axe(page, where)


def signed_in_page(make_page, js):
    page = make_page(js=js, viewport=PHONE_SCREEN, is_mobile=js, has_touch=js, bypass_csp=True)
    return page, Thumb(page)


def sign_in(page, thumb, js):
    """From any citizen page: the header's "Đăng nhập", the sign-in page's button, Lan (preselected) at the
    provider; back on the site with her name in the header."""
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    thumb.press(nav.get_by_role("link", name="Đăng nhập", exact=True))
    expect(page.locator("h1")).to_have_text("Đăng nhập bằng tài khoản định danh điện tử (VNeID)")
    audit(page, "sign-in page", js)
    thumb.press(page.get_by_role("button", name="Đăng nhập bằng VNeID"))
    expect(page).to_have_url(re.compile(r"/gia-lap-dinh-danh/authorize\?"))
    expect(page.locator("#cong_dan-lan")).to_be_checked()
    audit(page, "the provider's authorize page", js)
    thumb.press(page.get_by_role("button", name="Đăng nhập", exact=True))
    expect(page.locator("header form.out")).to_contain_text(LAN)
    expect(nav.get_by_role("link", name="Đăng nhập", exact=True)).to_have_count(0)


def expect_step(page, number):
    expect_at(page, rf"/nop/[\w-]+/buoc/{number}")
    expect(page.locator(".progress")).to_contain_text(f"Bước {number}/")


def expect_locked(page, name, value):
    box = field(page, name)
    expect(box).to_have_value(value)
    expect(box).to_have_attribute("readonly", "")
    expect(page.locator(f'label[for="f-{name}"]')).to_contain_text(FROM_IDENTITY)


def test_lan_signs_in_files_finds_and_reuses_her_papers(make_page, js, tmp_path):
    require("axe-core (npm ci)", AXE.exists())
    page, thumb = signed_in_page(make_page, js)
    certificate, _, _ = make_files(tmp_path)

    page.goto("/")
    sign_in(page, thumb, js)
    expect(page).to_have_url(re.compile(r"/$"))  # back where she pressed "Đăng nhập"
    thumb.press(page.locator("#most-filed + ul").get_by_role("link", name="Thủ tục đăng ký khai sinh", exact=True))
    thumb.press(page.get_by_role("link", name="Nộp hồ sơ trực tuyến"))
    thumb.pick(page.get_by_label("Nơi nộp hồ sơ (xã, phường)"), "Phường Thành Sen")
    thumb.press(page.get_by_role("button", name="Bắt đầu"))

    expect_step(page, 1)  # what her identity proves arrives filled and locked; the rest is hers to change
    expect_locked(page, "ho_ten", LAN)
    expect_locked(page, "so_giay_to", LAN_NUMBER)
    expect_locked(page, "ngay_sinh", "12/04/1995")
    expect(field(page, "noi_cu_tru")).to_have_value(LAN_ADDRESS)
    expect(field(page, "noi_cu_tru")).not_to_have_attribute("readonly", "")
    expect(field(page, "dien_thoai")).to_have_value(LAN_PHONE)
    audit(page, "step 1 with locked fields", js)
    thumb.tick(page.get_by_label("Mẹ", exact=True))
    thumb.type(field(page, "email"), "lan.nguyen@example.com")
    thumb.save()

    expect_step(page, 2)
    thumb.type(field(page, "ks_ho_ten"), "Phạm Minh Khôi")
    thumb.type(field(page, "ks_ngay_sinh"), "05/09/2025")
    thumb.tick(page.locator('[name="ks_gioi_tinh"][value="nam"]'))
    thumb.type(field(page, "ks_dan_toc"), "Kinh")
    thumb.type(field(page, "ks_noi_sinh"), "Bệnh viện Đa khoa tỉnh Hà Tĩnh, phường Thành Sen, Hà Tĩnh")
    thumb.type(field(page, "ks_que_quan"), "Xã Thạch Hà, Hà Tĩnh")
    thumb.save()

    expect_step(page, 3)  # the mother's page: her own, from her identity
    expect(field(page, "me_ho_ten")).to_have_value(LAN)
    expect(field(page, "me_so_giay_to")).to_have_value(LAN_NUMBER)
    expect(field(page, "me_noi_cu_tru")).to_have_value(LAN_ADDRESS)
    expect(field(page, "me_nam_sinh")).to_have_value("1995")
    thumb.type(field(page, "me_dan_toc"), "Kinh")
    thumb.save()

    expect_step(page, 4)
    thumb.type(field(page, "cha_ho_ten"), "Phạm Văn Nam")
    thumb.type(field(page, "cha_nam_sinh"), "1993")
    thumb.type(field(page, "cha_so_giay_to"), "042.093.001.235")
    thumb.save()

    expect_step(page, 5)
    thumb.type(field(page, "so_ban_sao"), "2")
    thumb.tick(field(page, "cam_doan"))
    thumb.save()

    expect_at(page, "/giay-to")
    thumb.attach(page.get_by_label("Giấy chứng sinh"), certificate)
    thumb.press(page.get_by_role("button", name="Tiếp tục"))

    # Her identity vouches for the phone she left at step 1: no SMS code, straight to the check page.
    expect(page.locator("h1")).to_have_text("Kiểm tra thông tin trước khi nộp")
    expect(page.locator("main")).to_contain_text(FROM_IDENTITY)
    thumb.press(page.get_by_role("button", name="Nộp hồ sơ"))

    expect_at(page, "/da-nop")
    code = page.locator(".dossier-code").first.inner_text().strip()
    assert CODE_RE.match(code)
    print(f"\ntaps from home to the dossier code, signed in ({'js' if js else 'no js'}): {thumb.taps}")

    # Another device: she signs in again and finds the dossier in "Hồ sơ của tôi".
    other, other_thumb = signed_in_page(make_page, js)
    other.goto("/")
    other.goto("/ho-so-cua-toi")
    sign_in(other, other_thumb, js)
    expect_at(other, "/ho-so-cua-toi")  # back on the page that offered the sign-in
    expect(other.locator("#signed-in")).to_contain_text("•••••••••234")
    expect(other.locator("tbody tr").filter(has_text=code)).to_contain_text("Thủ tục đăng ký khai sinh")
    audit(other, "Hồ sơ của tôi, signed in", js)

    other.get_by_role("link", name="Giấy tờ của tôi").click()
    expect_at(other, "/giay-to-cua-toi")
    expect(other.locator("main")).to_contain_text("Thủ tục đăng ký khai sinh")
    audit(other, "Giấy tờ của tôi", js)

    # A second filing: a certified copy of the birth extract issued to her, chosen instead of a photo.
    other.goto(f"/thu-tuc/{CERTIFIED_COPY}")
    other.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    other.get_by_label("Nơi nộp hồ sơ (xã, phường)").select_option(label="Phường Thành Sen")
    other.get_by_role("button", name="Bắt đầu").click()
    expect_step(other, 1)
    expect_locked(other, "ho_ten", LAN)
    other.get_by_role("button", name="Lưu và tiếp tục").click()
    expect_step(other, 2)
    field(other, "ten_giay_to").fill("Trích lục khai sinh")
    field(other, "so_trang").fill("1")
    field(other, "so_ban_sao").fill("1")
    other.locator('[name="hinh_thuc_nhan"][value="ban_giay"]').check()
    field(other, "cam_doan").check()
    other.get_by_role("button", name="Lưu và tiếp tục").click()

    expect_at(other, "/giay-to")
    chooser = other.locator(".reuse").first
    expect(chooser).to_contain_text("Hoặc chọn từ Giấy tờ của tôi")
    audit(other, "documents page with Giấy tờ của tôi", js)
    issued = chooser.locator("option").filter(has_text="Thủ tục đăng ký khai sinh").first
    verify_code = re.search(r"mã xác thực (\S+)$", issued.inner_text().strip())[1]
    chooser.locator("select").select_option(value=issued.get_attribute("value"))
    chooser.get_by_role("button", name="Đính kèm giấy tờ đã chọn").click()
    expect_at(other, "/giay-to")
    expect(other.locator(".notice.reused")).to_have_text(f"Giấy tờ do hệ thống cấp — mã xác thực {verify_code}")

    # Filed, the officer at the desk sees that paper verified: who issued it, when, its code, the original.
    other.get_by_role("button", name="Tiếp tục").click()
    expect(other.locator("h1")).to_have_text("Kiểm tra thông tin trước khi nộp")  # the vouched phone again
    other.get_by_role("button", name="Nộp hồ sơ").click()
    expect_at(other, "/da-nop")
    second = other.locator(".dossier-code").first.inner_text().strip()
    desk = staff_page(make_page, js, MOT_CUA)
    open_from_queue(desk, "Chờ tiếp nhận", second)
    verified = desk.locator(".verified")
    expect(verified).to_contain_text(f"mã xác thực {verify_code}")
    expect(verified).to_contain_text("Đã xác thực: do")
    original = desk.get_by_role("link", name="Mở bản gốc").get_attribute("href")
    response = desk.request.get(original)
    assert response.ok and response.body().startswith(b"%PDF"), original
