"""Issue 18's walk in a real browser: a province admin changes a household business procedure's fee and its
time limit and adds a field to its tờ khai, previews and submits; a second admin approves it from
tomorrow. A dossier filed today keeps the old rules and form, the version in force after that moment has
the new ones, and the diff page names the three changes. axe-core checks the editor's pages."""

import datetime
import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.apps import require
from tests.browser.walks import AXE, run_axe, second_factor
from tests.factories import make_draft
from tests.staff_login import PASSWORD, new_staff
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.forms_engine.dates import local_today
from webapp.models import Procedure
from webapp.versions.bundle import newest_version
from webapp.workflow.intake import submit

pytestmark = pytest.mark.browser

INDEX = "/quan-tri/thu-tuc/"
# Household business procedures with one version, in force (no scheduled one to start from, as the
# civil-status procedures have), 50.000 đ and 3 working days at the counter: đăng ký thay đổi nội dung
# (with JavaScript) and cấp lại giấy chứng nhận (without: the same walk on plain forms).
CODES = {True: "2.000720", False: "2.000575"}
NEW_FIELD = ("nghe_nghiep_nguoi_yeu_cau", "Nghề nghiệp của người yêu cầu")


def province_admin(seeded_app):
    return new_staff(seeded_app, f"qt.tinh.{uuid.uuid4().hex[:8]}", role="quan_tri_tinh", units=("42",))


def log_in(page, username):
    """A new account: password, then the TOTP setup step (its secret read from the page)."""
    page.goto("/can-bo/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    if "/dang-nhap/ma" in page.url:
        second_factor(page, username)
    expect(page.get_by_role("navigation", name="Điều hướng cán bộ")).to_be_visible()


def axe(page, where, js):
    """axe-core is injected as a script tag: it runs where the page runs script."""
    if js:
        run_axe(page, where)


def version_now(seeded_app, code):
    """The version in force, which must be the newest: the draft starts from the newest."""
    with seeded_app.app_context(), db.connection_context():
        procedure = Procedure.get(Procedure.code == code)
        assert newest_version(procedure).version == procedure.rules_on().version
        return procedure.rules_on().version


def edit_fee_and_time_limit(page, js):
    """From the hub: the counter's fee to 60.000 đ, the counter's time limit to 2 working days."""
    page.get_by_role("link", name="Phí, lệ phí", exact=True).click()
    expect(page.locator("h1")).to_have_text("Phí, lệ phí")
    axe(page, "the fees section", js)
    rows = page.locator("fieldset.row").count()
    page.get_by_role("button", name="Thêm một dòng").click()  # with htmx only the rows are swapped
    expect(page.locator("fieldset.row")).to_have_count(rows + 1)
    page.locator("#rows-0-amount").fill("60.000")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator("main")).to_contain_text("Đã lưu phần “Phí, lệ phí”.")
    page.get_by_role("link", name="Thời hạn giải quyết", exact=True).click()
    page.locator("#rows-0-amount").fill("2")
    page.locator("#rows-0-unit").select_option("working_day")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator("main")).to_contain_text("Đã lưu phần “Thời hạn giải quyết”.")
    expect(page.locator("main")).to_contain_text("Nộp trực tiếp: 2 ngày làm việc")


def add_a_field(page):
    """Through the form editor (H6b's pages): a text field in the first step."""
    page.get_by_role("link", name="Tờ khai (mẫu đơn)").click()
    page.get_by_role("link", name=re.compile("^Thêm trường vào bước")).first.click()
    page.get_by_label("Tên trường").fill(NEW_FIELD[0])
    page.get_by_label("Nhãn", exact=True).fill(NEW_FIELD[1])
    page.get_by_role("button", name="Lưu trường").click()
    expect(page.locator("main")).to_contain_text(NEW_FIELD[1])


def test_an_admin_edits_a_second_approves_and_dossiers_keep_their_version(make_page, seeded_app, js):
    require("axe-core (npm ci)", AXE.exists())
    author, approver = province_admin(seeded_app), province_admin(seeded_app)
    code = CODES[js]
    old_version = version_now(seeded_app, code)

    page = make_page(js=js, bypass_csp=True)
    log_in(page, author.username)
    page.get_by_role("navigation", name="Điều hướng cán bộ").get_by_role("link", name="Thủ tục hành chính").click()
    expect(page.locator("h1")).to_have_text("Quản trị thủ tục hành chính")
    axe(page, "the procedures' index", js)
    page.get_by_role("button", name=f"Sửa thủ tục {code}").click()
    expect(page).to_have_url(re.compile(r"/ban-nhap/\d+/sua$"))
    draft_id = re.search(r"/ban-nhap/(\d+)/sua", page.url)[1]
    axe(page, "the edit hub", js)

    edit_fee_and_time_limit(page, js)
    add_a_field(page)

    page.goto(f"{INDEX}ban-nhap/{draft_id}/xem-truoc")
    expect(page.locator(".preview-step").first).to_contain_text(NEW_FIELD[1])
    expect(page.locator("main")).to_contain_text("60.000")
    axe(page, "the preview", js)

    page.goto(f"{INDEX}ban-nhap/{draft_id}/sua")
    page.get_by_role("link", name="Xem tổng quan và gửi duyệt").click()
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.locator("main")).to_contain_text("Đã gửi duyệt.")

    tomorrow = local_today() + datetime.timedelta(days=1)
    second = make_page(js=js, bypass_csp=True)
    log_in(second, approver.username)
    second.goto(f"{INDEX}ban-nhap/{draft_id}")
    second.locator("[name=ngay_hieu_luc]").fill(f"{tomorrow:%d/%m/%Y}")
    second.locator("[name=gio_hieu_luc]").fill("00:00")
    second.get_by_role("button", name="Duyệt và công bố").click()
    expect(second.locator("main")).to_contain_text(f"phiên bản {old_version + 1} được công bố")

    with seeded_app.app_context(), db.connection_context():
        draft = make_draft(code)  # filed today, after the approval: the version in force now
        dossier = submit(draft, spec_of(draft))[0]
        assert dossier.rule_set.version == old_version  # filed today: the old rules and form
        assert NEW_FIELD[0] not in {
            f["name"] for s in dossier.rule_set.forms.get().definition["steps"] for f in s["fields"]
        }
        procedure = Procedure.get(Procedure.code == code)
        midnight_utc = datetime.datetime.combine(tomorrow, datetime.time()) - datetime.timedelta(hours=7)
        later = procedure.rules_at(midnight_utc + datetime.timedelta(minutes=1))
        assert (
            later.version == old_version + 1
            and procedure.rules_at(midnight_utc - datetime.timedelta(minutes=1)).version == old_version
        )
        assert later.fees[0]["amount"] == 60000 and later.time_limits[0]["unit"] == "working_day"
        assert NEW_FIELD[0] in {f["name"] for s in later.forms.get().definition["steps"] for f in s["fields"]}

    second.goto(f"/quan-tri/thu-tuc/{code}/so-sanh?tu={old_version}&den={old_version + 1}")
    changes = second.locator("main").inner_text()
    assert "Thời hạn giải quyết" in changes and "2 ngày làm việc" in changes
    assert "60.000" in changes
    assert NEW_FIELD[1] in changes
    axe(second, "the diff page", js)
