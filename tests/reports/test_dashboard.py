"""The staff dashboard: a unit's backlog by field, due soon and late (with or without the apology),
work per officer; checked against counts made from the rows; other units are a 404."""

import datetime

from tests.factories import commune_agency, make_draft
from tests.pages import check_page
from tests.staff_login import new_staff, officer, sign_in
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.models import Dossier
from webapp.models.dossier import utcnow
from webapp.workflow.intake import submit

WARD, OTHER = "18073", "18100"
URL = "/can-bo/thong-ke"


def dossier(app, unit=WARD, **columns):
    with app.app_context(), db.connection_context():
        draft = make_draft(agency=commune_agency(unit))
        made = submit(draft, spec_of(draft))[0]
        Dossier.update(**columns).where(Dossier.id == made.id).execute()
        return Dossier.get_by_id(made.id)


def table(soup, table_id):
    return {
        row.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in row.find_all("td")]
        for row in soup.select(f"#{table_id} tbody tr")
    }


def test_the_backlog_late_list_and_officers_match_the_rows(filing_app):
    now = utcnow()
    specialist = new_staff(filing_app, "cv.bang", role="chuyen_vien", units=(WARD,))
    late_sorry = dossier(
        filing_app,
        status="dang_xu_ly",
        due_at=now - datetime.timedelta(days=2),
        new_due_at=now + datetime.timedelta(days=3),
        assignee=specialist.id,
    )
    late = dossier(filing_app, status="dang_xu_ly", due_at=now - datetime.timedelta(days=1), assignee=specialist.id)
    dossier(filing_app, status="da_tiep_nhan", due_at=now + datetime.timedelta(days=20))
    dossier(
        filing_app,
        status="da_tra_ket_qua",
        due_at=now - datetime.timedelta(days=9),
        finished_at=now,
        assignee=specialist.id,
    )
    dossier(filing_app, unit=OTHER, status="dang_xu_ly", due_at=now - datetime.timedelta(days=5))
    soup = check_page(officer(filing_app, "ld.bang", role="lanh_dao").get(URL).get_data(as_text=True))

    fields = table(soup, "ton")
    assert sum(int(cells[0]) for cells in fields.values()) == 3  # the other ward and the closed one left out
    assert sum(int(cells[2]) for cells in fields.values()) == 2
    assert sum(int(cells[3]) for cells in fields.values()) == 1
    rows = table(soup, "tre")
    assert set(rows) == {late_sorry.code, late.code}
    assert rows[late_sorry.code][2].startswith("Đã xin lỗi, hẹn") and rows[late.code][2] == "Chưa"
    officers = table(soup, "can-bo")
    assert officers["Nguyễn Văn An"] == ["2", "2", "1"]


def test_a_unit_outside_the_accounts_scope_is_a_404(filing_app):
    client = officer(filing_app, "mc.bang")
    assert client.get(f"{URL}?don_vi={WARD}").status_code == 200
    assert client.get(f"{URL}?don_vi={OTHER}").status_code == 404
    assert client.get(f"{URL}?don_vi=nowhere").status_code == 404
    assert filing_app.test_client().get(URL).status_code == 302  # citizens are sent to log in


def test_the_province_admin_sees_every_unit_and_may_pick_one(filing_app):
    dossier(filing_app, unit=OTHER, status="dang_xu_ly", due_at=utcnow() - datetime.timedelta(days=5))
    client = filing_app.test_client()
    sign_in(client, new_staff(filing_app, "tinh.bang", role="quan_tri_tinh", units=("42",)))
    other = check_page(client.get(f"{URL}?don_vi={OTHER}").get_data(as_text=True))
    assert len(table(other, "tre")) == 1
    ward = check_page(client.get(f"{URL}?don_vi={WARD}").get_data(as_text=True))
    assert not ward.find(id="tre") and "Không có hồ sơ quá hạn." in ward.get_text()


def test_a_long_late_list_shows_the_most_overdue_and_leads_to_the_whole_queue(filing_app, monkeypatch):
    from webapp.reports import dashboard

    monkeypatch.setattr(dashboard, "LATE_SHOWN", 2)
    now = utcnow()
    codes = [dossier(filing_app, status="dang_xu_ly", due_at=now - datetime.timedelta(days=d)).code for d in (9, 5, 1)]
    soup = check_page(officer(filing_app, "ld.bang", role="lanh_dao").get(URL).get_data(as_text=True))
    assert list(table(soup, "tre")) == codes[:2], "the two most overdue, the longest first"
    assert "Đang hiện 2 hồ sơ quá hạn lâu nhất trong tổng số 3." in soup.get_text(" ", strip=True)
    assert soup.find("a", href="/can-bo/ho-so?hang=qua-han", string="Xem tất cả hồ sơ quá hạn")
