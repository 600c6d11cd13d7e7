"""Calendar admin, issue 18: office-hours rules, the swap form and the desk's name, each edited in the
browser-less client, scoped to the admin's units, and written to the admin audit log."""

import re
from datetime import date, datetime, time

from tests.calendar_admin.test_calendar_admin import URL, admin, unit_id
from tests.pages import check_page
from webapp.admin_log import events
from webapp.calendar.services import current_calendar
from webapp.db import db
from webapp.models import Agency, CalendarDay, OfficeHoursRule, Unit, UnitCalendarDay

RULE = {
    "name": "Giờ làm việc riêng",
    "effective_from": "01/01/2031",
    "effective_until": "",
    "season_start": "",
    "season_end": "",
    "morning_start": "06:30",
    "morning_end": "11:00",
    "afternoon_start": "13:00",
    "afternoon_end": "16:30",
    "basis": "Quyết định thử",
}


def token_of(client, url):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def post(client, url, data, page=None):
    return client.post(url, data={"csrf_token": token_of(client, page or url), **data})


def logged(app, area, subject):
    with app.app_context(), db.connection_context():
        return [(event.action, event.details) for event in events(area=area, subject=subject)]


def test_the_province_admin_adds_a_rule_and_the_next_deadline_follows_it(filing_app):
    client = admin(filing_app, "qt.gio", role="quan_tri_tinh")
    check_page(client.get(f"{URL}/gio-lam-viec").get_data(as_text=True))
    response = post(client, f"{URL}/gio-lam-viec", RULE)
    assert response.status_code == 303
    listed = check_page(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Giờ làm việc riêng" in listed.get_text() and "06:30–11:00" in listed.get_text()
    with filing_app.app_context(), db.connection_context():
        cal = current_calendar()
        assert cal.next_period_start(datetime(2031, 3, 4, 6, 40)) == datetime(2031, 3, 4, 6, 40)
        assert cal.end_of_day(date(2031, 3, 4)) == datetime(2031, 3, 4, 16, 30)
        assert cal.end_of_day(date(2030, 3, 5)) == datetime(2030, 3, 5, 17, 30)  # still the seeded winter
    assert logged(filing_app, "gio-lam-viec", "tinh")[0][0] == "add"


def test_periods_out_of_order_are_refused_next_to_the_field_with_answers_kept(filing_app):
    client = admin(filing_app, "qt.gio2", role="quan_tri_tinh")
    response = post(client, f"{URL}/gio-lam-viec", {**RULE, "morning_end": "12:00", "afternoon_start": "11:00"})
    assert response.status_code == 200
    page = check_page(response.get_data(as_text=True))
    assert "tăng dần" in page.find(id="afternoon_start-error").get_text()
    assert page.find(id="afternoon_start")["value"] == "11:00" and page.find(id="name")["value"] == RULE["name"]
    bad = check_page(
        post(client, f"{URL}/gio-lam-viec", {**RULE, "morning_start": "25:00", "season_start": "31/02"}).get_data(
            as_text=True
        )
    )
    assert "Giờ không hợp lệ" in bad.find(id="morning_start-error").get_text()
    assert "Ngày không hợp lệ" in bad.find(id="season_start-error").get_text()
    with filing_app.app_context(), db.connection_context():
        assert not OfficeHoursRule.select().where(OfficeHoursRule.name == RULE["name"]).exists()


def test_a_unit_admin_edits_and_ends_their_units_rule_which_overrides_the_provinces(filing_app):
    client = admin(filing_app, "qt.gio.ts")
    own = unit_id(filing_app, "18073")
    summer = {
        **RULE,
        "name": "Mùa hè của phường",
        "season_start": "16/04",
        "season_end": "15/10",
        "effective_from": "01/01/2030",
    }
    assert post(client, f"{URL}/don-vi/{own}/gio-lam-viec", summer).status_code == 303
    with filing_app.app_context(), db.connection_context():
        rule = OfficeHoursRule.get(OfficeHoursRule.name == "Mùa hè của phường")
        assert rule.season_start == "04-16" and rule.unit_id == own
        unit_cal, province_cal = current_calendar(own), current_calendar()
        assert unit_cal.end_of_day(date(2030, 7, 1)) == datetime(2030, 7, 1, 16, 30)
        assert province_cal.end_of_day(date(2030, 7, 1)) == datetime(2030, 7, 1, 17, 30)
        assert unit_cal.end_of_day(date(2030, 12, 3)) == datetime(2030, 12, 3, 17, 30)  # winter: the province's
    edit_url = f"{URL}/gio-lam-viec/{rule.id}"
    check_page(client.get(edit_url).get_data(as_text=True))
    assert post(client, edit_url, {**summer, "afternoon_end": "17:00"}).status_code == 303
    assert post(client, f"{edit_url}/ket-thuc", {"until": "31/12/2030"}, page=edit_url).status_code == 303
    with filing_app.app_context(), db.connection_context():
        rule = OfficeHoursRule.get_by_id(rule.id)
        assert rule.afternoon_end == time(17, 0) and rule.effective_until == date(2030, 12, 31)
        assert current_calendar(own).end_of_day(date(2031, 7, 1)) == datetime(2031, 7, 1, 17, 30)
    assert [action for action, _ in logged(filing_app, "gio-lam-viec", "18073")] == ["end", "edit", "add"]


def test_a_unit_admin_cannot_touch_another_units_or_the_provinces_hours_or_desk(filing_app):
    client = admin(filing_app, "qt.gio.khac")
    other, own = unit_id(filing_app, "18100"), unit_id(filing_app, "18073")
    with filing_app.app_context(), db.connection_context():
        province_rule = OfficeHoursRule.get(OfficeHoursRule.unit.is_null()).id
        others_rule = OfficeHoursRule.create(
            unit=other,
            name="Của xã khác",
            effective_from=date(2030, 1, 1),
            morning_start=time(7),
            morning_end=time(11),
            afternoon_start=time(13),
            afternoon_end=time(17),
        ).id
    token = token_of(client, f"{URL}/don-vi/{own}/gio-lam-viec")
    for url in (
        f"{URL}/don-vi/{other}/gio-lam-viec",
        f"{URL}/don-vi/{other}/bo-phan",
        f"{URL}/gio-lam-viec/{others_rule}",
        f"{URL}/gio-lam-viec/{province_rule}",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, data={"csrf_token": token, **RULE}).status_code == 404, url
    assert (
        client.post(
            f"{URL}/gio-lam-viec/{province_rule}/ket-thuc", data={"csrf_token": token, "until": "01/01/2030"}
        ).status_code
        == 404
    )
    assert client.post(f"{URL}/gio-lam-viec", data={"csrf_token": token, **RULE}).status_code == 403
    assert client.post(f"{URL}/don-vi/{other}/bo-phan", data={"csrf_token": token, "name": "Tên lạ"}).status_code == 404
    with filing_app.app_context(), db.connection_context():
        assert Agency.get(Agency.unit == other).name == "Trung tâm Phục vụ hành chính công phường Trần Phú"
        assert OfficeHoursRule.get_by_id(province_rule).effective_until is None


def test_the_swap_form_records_both_days_and_a_deadline_counts_them(filing_app):
    client = admin(filing_app, "qt.hoandoi", role="quan_tri_tinh")
    response = post(
        client,
        f"{URL}/hoan-doi",
        {"day_off": "03/05/2030", "day_worked": "11/05/2030", "basis": "Công văn thử"},
        page=URL,
    )
    assert response.status_code == 303
    with filing_app.app_context(), db.connection_context():
        rows = {
            row.day: row
            for row in CalendarDay.select().where(CalendarDay.day.in_([date(2030, 5, 3), date(2030, 5, 11)]))
        }
        cal = current_calendar()
    assert rows[date(2030, 5, 3)].is_working is False and rows[date(2030, 5, 11)].is_working is True
    assert "Công văn thử" in rows[date(2030, 5, 11)].name and rows[date(2030, 5, 11)].source == "manual"
    assert not cal.is_working_day(date(2030, 5, 3)) and cal.is_working_day(date(2030, 5, 11))
    (action, details), *_ = logged(filing_app, "lich", "tinh")
    assert action == "swap" and details["day_off"] == "2030-05-03" and details["day_worked"] == "2030-05-11"


def test_a_swap_with_the_days_the_wrong_way_round_is_refused_beside_the_field(filing_app):
    client = admin(filing_app, "qt.hoandoi2")
    url = f"{URL}/don-vi/{unit_id(filing_app, '18073')}"
    response = post(
        client, f"{url}/hoan-doi", {"day_off": "11/05/2030", "day_worked": "03/05/2030", "basis": "Nhầm"}, page=url
    )
    page = check_page(response.get_data(as_text=True))
    assert response.status_code == 200 and "ngày thường" in page.find(id="day_off-error").get_text()
    assert page.find(id="day_worked")["value"] == "03/05/2030"
    with filing_app.app_context(), db.connection_context():
        assert UnitCalendarDay.select().count() == 0


def test_a_day_added_or_removed_lands_in_the_audit_log(filing_app):
    client = admin(filing_app, "qt.nhatky")
    url = f"{URL}/don-vi/{unit_id(filing_app, '18073')}"
    post(client, url, {"day": "12/03/2030", "kind": "nghi", "name": "Ngày thử"})
    post(client, f"{url}/xoa", {"day": "2030-03-12"}, page=url)
    assert [action for action, _ in logged(filing_app, "lich", "18073")] == ["remove", "add"]


def test_a_renamed_desk_is_printed_and_the_seed_does_not_overwrite_it(filing_app):
    from webapp.seed.loader import load

    client = admin(filing_app, "qt.bophan")
    url = f"{URL}/don-vi/{unit_id(filing_app, '18073')}/bo-phan"
    form = check_page(client.get(url).get_data(as_text=True))
    assert form.find(id="name")["value"] == "Trung tâm Phục vụ hành chính công phường Thành Sen"
    new = {
        "name": "Trung tâm PVHCC phường Thành Sen",
        "address": "01 Nguyễn Du, phường Thành Sen",
        "phone": "0239 3856 123",
    }
    assert post(client, url, new).status_code == 303
    bad = check_page(post(client, url, {**new, "phone": "gọi tôi", "name": ""}).get_data(as_text=True))
    assert (
        "Vui lòng nhập tên" in bad.find(id="name-error").get_text()
        and "chữ số" in bad.find(id="phone-error").get_text()
    )
    with filing_app.app_context(), db.connection_context():
        load(filing_app.config["SEED_DIR"])
        desk = Agency.get(Agency.unit == Unit.get(Unit.code == "18073").id)
        assert (desk.name, desk.address, desk.phone, desk.name_source) == (*new.values(), "manual")
        assert Agency.get(Agency.unit == Unit.get(Unit.code == "18100").id).name_source == "seed"
    unit_page = check_page(filing_app.test_client().get("/don-vi/18073").get_data(as_text=True)).get_text(" ")
    assert all(value in unit_page for value in new.values())
    ((action, details),) = logged(filing_app, "bo-phan", "18073")
    assert action == "edit" and details["after"]["name"] == new["name"]
    assert details["before"]["name"] == "Trung tâm Phục vụ hành chính công phường Thành Sen"


def test_control_characters_in_a_desk_name_are_read_as_spaces(filing_app):
    client = admin(filing_app, "qt.bophan.nul")
    url = f"{URL}/don-vi/{unit_id(filing_app, '18073')}/bo-phan"
    assert post(client, url, {"name": "Trung tâm\x00PVHCC", "address": "", "phone": ""}).status_code == 303
    with filing_app.app_context(), db.connection_context():
        assert Agency.get(Agency.unit == unit_id(filing_app, "18073")).name == "Trung tâm PVHCC"


RULE_INPUTS = tuple(RULE)


def test_a_seeded_rule_an_admin_renamed_is_not_seeded_again_and_still_holds(filing_app):
    from webapp.calendar.services import load_calendar
    from webapp.seed.loader import load

    client = admin(filing_app, "qt.gio.doiten", role="quan_tri_tinh")
    with filing_app.app_context(), db.connection_context():
        summer = OfficeHoursRule.get(OfficeHoursRule.name == "Giờ làm việc mùa hè", OfficeHoursRule.unit.is_null())
    edit_url = f"{URL}/gio-lam-viec/{summer.id}"
    form = check_page(client.get(edit_url).get_data(as_text=True))
    shown = {name: form.find(id=name).get("value") or form.find(id=name).get_text() for name in RULE_INPUTS}
    renamed = {**shown, "name": "Giờ mùa hè (tỉnh)", "afternoon_start": "13:30", "afternoon_end": "17:00"}
    assert post(client, edit_url, renamed).status_code == 303
    with filing_app.app_context(), db.connection_context():
        load(filing_app.config["SEED_DIR"])  # what `make run` does at every start
        load(filing_app.config["SEED_DIR"])
        names = sorted(rule.name for rule in OfficeHoursRule.select().where(OfficeHoursRule.unit.is_null()))
        cal = load_calendar()
    assert names == ["Giờ làm việc mùa đông", "Giờ mùa hè (tỉnh)"]
    assert cal.end_of_day(date(2027, 7, 1)) == datetime(2027, 7, 1, 17, 0)  # the admin's summer afternoon
    assert cal.next_period_start(datetime(2027, 7, 1, 13, 0)) == datetime(2027, 7, 1, 13, 30)
    assert cal.end_of_day(date(2027, 12, 1)) == datetime(2027, 12, 1, 17, 30)  # the seeded winter, untouched
    listed = check_page(client.get(f"{URL}/gio-lam-viec").get_data(as_text=True)).get_text()
    assert "Giờ mùa hè (tỉnh)" in listed and "Giờ làm việc mùa hè" not in listed
