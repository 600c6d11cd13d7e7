"""The unit admin's report of access to personal data: who opened how many dossiers, how many outside
their work, the lists they took away; unusual reading flagged, only their own unit's officers shown."""

import pytest

from tests.pages import check_page
from tests.staff_login import officer, person
from tests.walks import filed, rows
from webapp.db import db
from webapp.models import Dossier

REPORT = "/can-bo/ho-so/truy-cap-du-lieu"


def report_rows(client, query=""):
    response = client.get(REPORT + query)
    assert response.status_code == 200
    page = check_page(response.get_data(as_text=True))
    return {row[0].split("(")[1].rstrip(")"): row for row in rows(page, "access")}, page


def assign(app, dossiers, staff):
    with app.app_context(), db.connection_context():
        Dossier.update(assignee=staff.id).where(Dossier.id.in_([d.id for d in dossiers])).execute()


def open_each(client, dossiers):
    for dossier in dossiers:
        assert client.get(f"/can-bo/ho-so/{dossier.code}").status_code == 200


def test_an_officer_reading_forty_dossiers_outside_their_work_is_flagged_and_one_reading_their_own_is_not(
    filing_app,
):
    others = [filed(filing_app) for _ in range(40)]
    own = [filed(filing_app) for _ in range(25)]
    curious, _curious_staff = person(filing_app, "cv.tomo", "chuyen_vien", name="Lê Văn Tò Mò")
    diligent, diligent_staff = person(filing_app, "cv.chamchi", "chuyen_vien", name="Phạm Thị Chăm")
    assign(filing_app, own, diligent_staff)
    open_each(curious, others)
    open_each(diligent, own + own[:5])  # opened twice: counted once
    found, page = report_rows(officer(filing_app, "qt.truycap", role="quan_tri_don_vi"))
    assert found["cv.tomo"][2:7] == ["40", "0", "40", "0 (0)", "Truy cập bất thường"]
    assert found["cv.chamchi"][2:7] == ["25", "25", "0", "0 (0)", "—"]
    first = rows(page, "access")[0]
    assert "cv.tomo" in first[0]


def test_a_desk_officer_reading_their_units_dossiers_is_within_their_work(filing_app):
    dossiers = [filed(filing_app) for _ in range(22)]
    desk, _staff = person(filing_app, "mc.truycap", "mot_cua", name="Võ Thị Quầy")
    open_each(desk, dossiers)
    found, _page = report_rows(officer(filing_app, "qt.quay", role="quan_tri_don_vi"))
    assert found["mc.truycap"][2:5] == ["22", "22", "0"] and found["mc.truycap"][6] == "—"


def test_exports_are_counted_with_their_rows(filing_app):
    for _ in range(3):
        filed(filing_app)
    desk = officer(filing_app, "mc.xuatso")
    assert desk.get("/can-bo/ho-so/so-theo-doi.csv").status_code == 200
    assert desk.get("/can-bo/ho-so/so-theo-doi.xlsx").status_code == 200
    found, _page = report_rows(officer(filing_app, "qt.xuatso", role="quan_tri_don_vi"))
    assert found["mc.xuatso"][5] == "2 (6)"


def test_a_unit_admin_sees_only_their_units_officers_and_the_province_admin_sees_all(filing_app):
    here = officer(filing_app, "cv.thanhsen.tc", role="chuyen_vien")
    there = officer(filing_app, "cv.tranphu.tc", role="chuyen_vien", unit="18100")
    open_each(here, [filed(filing_app)])
    open_each(there, [filed(filing_app, unit="18100")])
    found, _page = report_rows(officer(filing_app, "qt.thanhsen.tc", role="quan_tri_don_vi"))
    assert "cv.thanhsen.tc" in found and "cv.tranphu.tc" not in found
    found, _page = report_rows(officer(filing_app, "qt.tranphu.tc", role="quan_tri_don_vi", unit="18100"))
    assert "cv.tranphu.tc" in found and "cv.thanhsen.tc" not in found
    found, _page = report_rows(officer(filing_app, "tinh.tc", role="quan_tri_tinh", unit="42"))
    assert found["cv.thanhsen.tc"][2] == "1" and found["cv.tranphu.tc"][2] == "1"


@pytest.mark.parametrize("role", ["mot_cua", "chuyen_vien", "lanh_dao"])
def test_officers_who_are_not_admins_are_refused(filing_app, role):
    client = officer(filing_app, f"truycap.{role}", role=role)
    assert client.get(REPORT).status_code == 403
    menu = check_page(client.get("/can-bo/ho-so").get_data(as_text=True))
    assert not menu.find("a", href=REPORT)


def test_the_unit_admins_menu_links_the_report(filing_app):
    admin = officer(filing_app, "qt.menu.tc", role="quan_tri_don_vi")
    page = check_page(admin.get("/can-bo/ho-so/so-theo-doi").get_data(as_text=True))
    assert page.find("a", href=REPORT).get_text(strip=True) == "Truy cập dữ liệu cá nhân"


def test_a_bad_period_is_shown_again_with_a_message_next_to_the_field(filing_app):
    admin = officer(filing_app, "qt.ngay.tc", role="quan_tri_don_vi")
    response = admin.get(REPORT + "?tu=31/02/2026&den=01/03/2026")
    assert response.status_code == 400
    page = check_page(response.get_data(as_text=True))
    assert "Ngày không hợp lệ" in page.find(id="tu-error").get_text()
    assert page.find(id="tu")["value"] == "31/02/2026" and not page.select("table.access")
    backwards = check_page(admin.get(REPORT + "?tu=10/03/2026&den=01/03/2026").get_data(as_text=True))
    assert "phải bằng hoặc sau" in backwards.find(id="den-error").get_text()
