"""The province admin marks a procedure sensitive in the editor's "Thông tin chung" section, and
clears the mark: saved into the draft, named among the draft's changes, written in the audit log."""

from tests.catalogue_admin.editor_helpers import (
    INDEX,
    admin,
    bundle_of_draft,
    draft_id,
    form_values,
    post_section,
    section,
    start,
)
from tests.pages import check_page
from webapp.db import db
from webapp.models import AdminEvent

HOUSEHOLD = "1.001612"  # đăng ký thành lập hộ kinh doanh: not sensitive
DEATH = "1.000656"  # đăng ký khai tử: seeded as sensitive
LABEL = "Thủ tục nhạy cảm: tin nhắn và trang công khai chỉ nêu lĩnh vực"
MARKED = "Đánh dấu thủ tục nhạy cảm: tin nhắn và trang công khai chỉ nêu lĩnh vực, không nêu tên thủ tục."
UNMARKED = "Bỏ đánh dấu thủ tục nhạy cảm: tin nhắn và trang công khai nêu lại tên thủ tục."


def text_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return " ".join(check_page(response.get_data(as_text=True)).get_text(" ").split())


def the_box(client, draft):
    page = section(client, draft, "thong-tin")
    box = page.find("input", id="sensitive")
    assert box["type"] == "checkbox"
    assert " ".join(page.find("label", attrs={"for": "sensitive"}).get_text(" ").split()) == LABEL
    return page, box


def saved(client, draft, values):
    response = post_section(client, draft, "thong-tin", values)
    assert response.status_code == 303, response.status_code
    return bundle_of_draft(client.application, draft)


def last_edit(app, draft):
    with app.app_context(), db.connection_context():
        event = AdminEvent.select().where(AdminEvent.action == "sua-ban-nhap").order_by(AdminEvent.id.desc()).get()
    assert event.details["draft"] == draft
    return event.details


def test_the_admin_marks_a_procedure_sensitive_then_clears_the_mark(filing_app, unique):
    client = admin(filing_app, f"qt.nc{unique}")
    draft = draft_id(start(client, HOUSEHOLD))
    page, box = the_box(client, draft)
    assert not box.has_attr("checked")

    values = form_values(page)
    assert saved(client, draft, dict(values, sensitive="y"))["rules"]["sensitive"] is True
    assert last_edit(filing_app, draft) == {"draft": draft, "sensitive": True}
    assert the_box(client, draft)[1].has_attr("checked")
    hub = text_of(client, f"{INDEX}ban-nhap/{draft}/sua")
    assert "thủ tục nhạy cảm (tin nhắn và trang công khai chỉ nêu lĩnh vực)" in hub
    assert MARKED in text_of(client, f"{INDEX}ban-nhap/{draft}")

    saved(client, draft, dict(values, applicants="Cá nhân, hộ gia đình", sensitive="y"))
    assert last_edit(filing_app, draft) == {"draft": draft}, "an edit that leaves the mark says nothing of it"

    unticked = {key: value for key, value in values.items() if key != "sensitive"}
    assert saved(client, draft, unticked)["rules"]["sensitive"] is False
    assert last_edit(filing_app, draft) == {"draft": draft, "sensitive": False}
    assert not the_box(client, draft)[1].has_attr("checked")
    overview = text_of(client, f"{INDEX}ban-nhap/{draft}")
    assert MARKED not in overview and UNMARKED not in overview, "back as published: no change to name"

    history = text_of(client, f"{INDEX}{HOUSEHOLD}/lich-su")
    assert "Sửa bản nháp: đánh dấu thủ tục nhạy cảm" in history
    assert "Sửa bản nháp: bỏ đánh dấu thủ tục nhạy cảm" in history


def test_a_draft_of_the_death_registration_opens_marked_and_unmarking_it_is_a_change(filing_app, unique):
    client = admin(filing_app, f"qt.kt{unique}")
    draft = draft_id(start(client, DEATH))
    page, box = the_box(client, draft)
    assert box.has_attr("checked")
    assert "thủ tục nhạy cảm" in text_of(client, f"{INDEX}ban-nhap/{draft}/sua")
    unticked = {key: value for key, value in form_values(page).items() if key != "sensitive"}
    saved(client, draft, unticked)
    assert UNMARKED in text_of(client, f"{INDEX}ban-nhap/{draft}")
