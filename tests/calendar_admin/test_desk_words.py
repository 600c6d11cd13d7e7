"""The calendar admin names the desk as Decree 118/2025 does ("Trung tâm Phục vụ hành chính công"), and
the office-hours groups' hints are tied to their fieldsets for screen readers."""

from tests.calendar_admin.test_calendar_admin import URL, admin, unit_id
from tests.calendar_admin.test_hours_and_desk import post
from tests.pages import check_page

CENTRE = "Trung tâm Phục vụ hành chính công"


def test_the_desk_pages_use_the_decree_name_not_bo_phan_tiep_nhan(filing_app):
    client = admin(filing_app, "qt.tentt")
    unit = unit_id(filing_app, "18073")
    url = f"{URL}/don-vi/{unit}/bo-phan"
    page = check_page(client.get(url).get_data(as_text=True))
    assert page.find("h1").get_text().startswith(f"{CENTRE}:")
    assert page.find("label", attrs={"for": "name"}).get_text(strip=True) == f"Tên chính thức của {CENTRE}"
    saved = {"name": "Trung tâm PVHCC phường Thành Sen", "address": "01 Nguyễn Du", "phone": "0239 3856 123"}
    after = check_page(client.get(post(client, url, saved).headers["Location"]).get_data(as_text=True))
    assert f"Đã lưu tên, địa chỉ, điện thoại của {CENTRE}." in after.get_text()
    calendar = check_page(client.get(f"{URL}/don-vi/{unit}").get_data(as_text=True)).get_text(" ")
    assert f"Tên, địa chỉ, điện thoại của {CENTRE}" in calendar
    assert "bộ phận tiếp nhận" not in (page.get_text(" ") + calendar).lower()


def test_the_season_and_hours_hints_describe_their_groups(filing_app):
    client = admin(filing_app, "qt.goiy", role="quan_tri_tinh")
    page = check_page(client.get(f"{URL}/gio-lam-viec").get_data(as_text=True))
    for legend in ("Mùa trong năm", "Giờ làm việc"):
        group = page.find("legend", string=legend).parent
        hint = page.find(id=group["aria-describedby"])
        assert hint is not None and "hint" in hint["class"] and hint.parent is group
