"""Calendar admin: province and unit holidays and make-up days, who may edit which, and deadlines that follow."""

import re
from datetime import date, datetime

from tests.factories import commune_agency, make_draft
from tests.pages import check_page
from tests.staff_login import new_staff, sign_in
from webapp.calendar.services import current_calendar, load_calendar
from webapp.calendar.working_time import to_local, to_utc
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.dossiers.timing import binding_due
from webapp.models import CalendarDay, Dossier, Unit, UnitCalendarDay
from webapp.seed.loader import Report
from webapp.workflow.intake import expected_due, submit

URL = "/quan-tri/lich-lam-viec"
TUESDAY = date(2030, 3, 12)
SATURDAY = date(2030, 3, 16)


def unit_id(app, code):
    with app.app_context(), db.connection_context():
        return Unit.get(Unit.code == code).id


def admin(app, username, role="quan_tri_don_vi", unit="18073"):
    client = app.test_client()
    sign_in(client, new_staff(app, username, role=role, units=(unit,)))
    return client


def filed(app, unit):
    with app.app_context(), db.connection_context():
        draft = make_draft(agency=commune_agency(unit))
        return submit(draft, spec_of(draft))[0].id


def due_if_received(app, dossier_id, local_moment):
    """The binding due time (local) reception would fix for this dossier at that moment."""
    with app.test_request_context(), db.connection_context():
        dossier = Dossier.get_by_id(dossier_id)
        return to_local(binding_due(dossier, to_utc(local_moment)))


def post_day(client, url, day, kind, name):
    page = client.get(url)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True)).group(1)
    return client.post(url, data={"csrf_token": token, "day": day, "kind": kind, "name": name})


def test_a_unit_holiday_moves_that_units_deadlines_only(filing_app):
    here, elsewhere = filed(filing_app, "18073"), filed(filing_app, "18100")
    morning = datetime.combine(TUESDAY, datetime.min.time()).replace(hour=9)
    # Hà Tĩnh's winter hours (seeded): the office closes at 17:30.
    assert due_if_received(filing_app, here, morning) == datetime(2030, 3, 12, 17, 30)  # cached from now on

    client = admin(filing_app, "qt.thanhsen")
    url = f"{URL}/don-vi/{unit_id(filing_app, '18073')}"
    response = post_day(client, url, "2030-03-12", "nghi", "Kỷ niệm ngày thành lập xã")
    assert response.status_code == 303
    page = check_page(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Đã thêm ngày 12/03/2030" in page.find(class_="notice").get_text()
    row = page.find("td", string=re.compile("12/03/2030")).find_parent("tr")
    assert "Ngày nghỉ" in row.get_text() and "Kỷ niệm ngày thành lập xã" in row.get_text()

    assert due_if_received(filing_app, here, morning) == datetime(2030, 3, 13, 17, 30)
    assert due_if_received(filing_app, elsewhere, morning) == datetime(2030, 3, 12, 17, 30)
    with filing_app.test_request_context(), db.connection_context():  # the date shown before submitting online
        rules = Dossier.get_by_id(here).rule_set
        assert to_local(expected_due(rules, to_utc(morning), unit_id(filing_app, "18073"))).day == 13
        assert to_local(expected_due(rules, to_utc(morning), unit_id(filing_app, "18100"))).day == 12


def test_a_province_make_up_saturday_counts_as_working(filing_app):
    dossier = filed(filing_app, "18100")
    friday_late = datetime(2030, 3, 15, 16, 0)  # after the 15:00 cut-off: due the next working day
    assert due_if_received(filing_app, dossier, friday_late) == datetime(2030, 3, 18, 17, 30)
    client = admin(filing_app, "qt.tinh", role="quan_tri_tinh")
    response = post_day(client, URL, "16/03/2030", "lam_bu", "Làm bù cho ngày nghỉ 29/4")
    assert response.status_code == 303
    assert due_if_received(filing_app, dossier, friday_late) == datetime(2030, 3, 16, 17, 30)
    page = check_page(client.get(f"{URL}?nam=2030").get_data(as_text=True))
    row = page.find("td", string=re.compile("16/03/2030")).find_parent("tr")
    assert "Thứ Bảy" in row.get_text() and "Ngày làm bù" in row.get_text()


def test_a_weekday_make_up_day_is_refused_next_to_the_date_with_answers_kept(filing_app):
    client = admin(filing_app, "qt.tinh2", role="quan_tri_tinh")
    response = post_day(client, URL, "2030-03-12", "lam_bu", "Làm bù nhầm ngày")
    assert response.status_code == 200
    page = check_page(response.get_data(as_text=True))
    error = page.find(id="day-error")
    assert "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật" in error.get_text()
    assert page.find(id="day")["aria-invalid"] == "true" and "day-error" in page.find(id="day")["aria-describedby"]
    assert page.find(id="name")["value"] == "Làm bù nhầm ngày"
    assert page.find("input", attrs={"name": "kind", "value": "lam_bu"}).has_attr("checked")
    with filing_app.app_context(), db.connection_context():
        assert not CalendarDay.select().where(CalendarDay.day == TUESDAY).exists()


def test_a_weekend_holiday_and_a_nonsense_date_are_refused_in_vietnamese(filing_app):
    client = admin(filing_app, "qt.thanhsen3")
    url = f"{URL}/don-vi/{unit_id(filing_app, '18073')}"
    weekend = check_page(post_day(client, url, "2030-03-16", "nghi", "Nghỉ").get_data(as_text=True))
    assert "Ngày nghỉ phải là ngày thường" in weekend.find(id="day-error").get_text()
    nonsense = check_page(post_day(client, url, "31/02/2030", "", "").get_data(as_text=True))
    assert "Ngày không hợp lệ" in nonsense.find(id="day-error").get_text()
    assert nonsense.find(id="day")["value"] == "31/02/2030"
    assert nonsense.find(id="day")["type"] == "text"  # no browser date picker: its order is the browser's locale's
    assert "Vui lòng chọn ngày nghỉ hay ngày làm bù" in nonsense.find(id="kind-error").get_text()
    assert "Vui lòng nhập tên ngày" in nonsense.find(id="name-error").get_text()
    with filing_app.app_context(), db.connection_context():
        assert UnitCalendarDay.select().count() == 0


def test_a_unit_admin_gets_404_for_another_unit_and_cannot_edit_the_province(filing_app):
    client = admin(filing_app, "qt.thanhsen4")
    other = f"{URL}/don-vi/{unit_id(filing_app, '18100')}"
    assert client.get(other).status_code == 404
    own = f"{URL}/don-vi/{unit_id(filing_app, '18073')}"
    page = client.get(own).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = {"csrf_token": token, "day": "2030-03-12", "kind": "nghi", "name": "Không được"}
    assert client.post(other, data=data).status_code == 404
    assert client.post(other + "/xoa", data={"csrf_token": token, "day": "2030-03-12"}).status_code == 404
    assert client.post(URL, data=data).status_code == 403
    assert client.post(URL + "/xoa", data={"csrf_token": token, "day": "2026-09-02"}).status_code == 403
    units = check_page(client.get(URL).get_data(as_text=True))
    assert [a["href"] for a in units.select("main li a")] == [own]
    with filing_app.app_context(), db.connection_context():
        assert UnitCalendarDay.select().count() == 0


def test_officers_who_are_not_admins_are_refused(filing_app):
    desk = admin(filing_app, "mc.calendar", role="mot_cua")
    assert desk.get(URL).status_code == 403
    assert desk.get(f"{URL}/don-vi/{unit_id(filing_app, '18073')}").status_code == 403
    anonymous = filing_app.test_client().get(URL)
    assert anonymous.status_code == 302 and "/can-bo/dang-nhap" in anonymous.headers["Location"]


def test_removing_a_seeded_holiday_makes_it_a_working_day_that_the_seed_keeps(filing_app):
    from webapp.seed.calendar import seed_calendar

    client = admin(filing_app, "qt.tinh3", role="quan_tri_tinh")
    page = client.get(f"{URL}?nam=2026").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    assert "02/09/2026" in page
    response = client.post(f"{URL}/xoa", data={"csrf_token": token, "day": "2026-09-02"})
    assert response.status_code == 303
    listed = check_page(client.get(response.headers["Location"]).get_data(as_text=True))
    row = listed.find("td", string=re.compile("02/09/2026")).find_parent("tr")
    assert "Ngày làm việc bình thường" in row.get_text()
    with filing_app.test_request_context(), db.connection_context():
        assert current_calendar().is_working_day(date(2026, 9, 2))
        seed_calendar([2026], Report())
        assert load_calendar().is_working_day(date(2026, 9, 2))


def test_the_admin_link_is_in_the_staff_header_of_admins_only(filing_app):
    def header_links(client):
        header = check_page(client.get("/can-bo/ho-so").get_data(as_text=True)).find("header")
        return [a["href"] for a in header.find_all("a")]

    assert URL in header_links(admin(filing_app, "qt.home", role="quan_tri_tinh"))
    assert URL not in header_links(admin(filing_app, "mc.home", role="mot_cua"))
