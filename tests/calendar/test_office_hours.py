"""Office hours of each day (issue 18): seasonal rules with effective dates, a unit's own over the
province's, the seeded Hà Tĩnh seasons, the 2026 New Year swap and the pinned `holidays`."""

import configparser
from datetime import date, datetime, time
from importlib.metadata import version
from pathlib import Path

import pytest

from webapp.calendar.office_hours import HoursResolver, HoursRule, in_season
from webapp.calendar.services import current_calendar, load_calendar
from webapp.calendar.working_time import OfficeHours, WorkingCalendar, due_at, working_hours_between
from webapp.db import db
from webapp.models import CalendarDay, OfficeHoursRule, Unit
from webapp.seed.calendar import seed_calendar
from webapp.seed.records import Report

ROOT = Path(__file__).resolve().parents[2]
SUMMER = OfficeHours(((time(7, 0), time(11, 30)), (time(14, 0), time(17, 30))))
WINTER = OfficeHours(((time(7, 30), time(11, 30)), (time(13, 30), time(17, 30))))
DAY, SAME_DAY = {"unit": "working_day", "amount": 1}, {"unit": "same_day"}


def ha_tinh_rules(own=False, start=date(2024, 1, 1)):
    return [
        HoursRule(SUMMER, start, season_start="04-16", season_end="10-15", own=own),
        HoursRule(WINTER, start, season_start="10-16", season_end="04-15", own=own),
    ]


def calendar(rules, exceptions=()):
    return WorkingCalendar(dict(exceptions), hours_for=HoursResolver(rules))


def test_a_season_may_wrap_the_new_year():
    assert in_season("10-16", "04-15", date(2027, 1, 5)) and in_season("10-16", "04-15", date(2026, 12, 31))
    assert not in_season("10-16", "04-15", date(2026, 7, 1))
    assert in_season("04-16", "10-15", date(2026, 10, 15)) and not in_season("04-16", "10-15", date(2026, 10, 16))
    assert in_season(None, None, date(2028, 2, 29)) and in_season("02-01", "02-29", date(2028, 2, 29))


def test_both_seasons_are_eight_hours_and_each_day_has_its_own_periods():
    cal = calendar(ha_tinh_rules())
    assert SUMMER.day_hours == WINTER.day_hours == 8
    assert cal.hours_on(date(2026, 7, 1)) == SUMMER and cal.hours_on(date(2026, 12, 3)) == WINTER
    # Summer lunch runs to 14:00; winter mornings start at 07:30.
    assert cal.next_period_start(datetime(2026, 7, 1, 13, 45)) == datetime(2026, 7, 1, 14, 0)
    assert cal.next_period_start(datetime(2026, 12, 3, 7, 10)) == datetime(2026, 12, 3, 7, 30)
    assert cal.end_of_day(date(2026, 12, 3)) == datetime(2026, 12, 3, 17, 30)


def test_a_deadline_across_the_summer_to_winter_switch_uses_each_days_hours():
    cal = calendar(ha_tinh_rules())
    thursday = datetime(2026, 10, 15, 10, 0)  # the last summer day: 5 working hours left (10–11:30, 14–17:30)
    due = due_at(thursday, DAY, False, cal)
    assert due == datetime(2026, 10, 16, 10, 30)  # Friday, winter: the other 3 hours from 07:30
    assert working_hours_between(thursday, due, cal) == 8
    # A dossier received late on the last summer day is due at the winter close the next day.
    assert due_at(datetime(2026, 10, 15, 16, 0), SAME_DAY, True, cal) == datetime(2026, 10, 16, 17, 30)
    # Without the rules the old fixed hours would have made it 10:00, closing at 17:00.
    assert due_at(thursday, DAY, False, WorkingCalendar({})) == datetime(2026, 10, 16, 10, 0)


def test_a_units_own_rule_wins_over_the_provinces_on_the_days_it_covers():
    early = OfficeHours(((time(6, 30), time(11, 0)), (time(13, 30), time(17, 0))))
    own_summer = HoursRule(early, date(2026, 1, 1), season_start="04-16", season_end="10-15", own=True)
    cal = calendar([*ha_tinh_rules(), own_summer])
    assert cal.hours_on(date(2026, 7, 1)) == early  # the unit's summer
    assert cal.hours_on(date(2026, 12, 3)) == WINTER  # no own winter rule: the province's
    assert cal.hours_on(date(2025, 7, 1)) == SUMMER  # before the unit's rule took effect


def test_the_latest_rule_in_force_wins_and_an_ended_rule_stops():
    later = OfficeHours(((time(8, 0), time(12, 0)), (time(13, 0), time(17, 0))))
    rules = [HoursRule(WINTER, date(2024, 1, 1)), HoursRule(later, date(2027, 1, 1), date(2027, 6, 30))]
    cal = calendar(rules)
    assert cal.hours_on(date(2026, 12, 31)) == WINTER
    assert cal.hours_on(date(2027, 1, 4)) == later and cal.hours_on(date(2027, 7, 1)) == WINTER


def test_a_units_own_rule_in_the_database_overrides_the_provinces(migrated_app):
    with migrated_app.app_context(), db.connection_context():
        unit = Unit.create(code="99001", name="Thử", full_name="Xã Thử", kind="commune", tier="xa")
        periods = {"morning_start": time(7, 0), "morning_end": time(11, 0)}
        periods |= {"afternoon_start": time(13, 0), "afternoon_end": time(17, 0)}
        OfficeHoursRule.create(name="Tỉnh", effective_from=date(2024, 1, 1), **periods)
        OfficeHoursRule.create(
            unit=unit,
            name="Xã",
            effective_from=date(2024, 1, 1),
            **{**periods, "morning_start": time(6, 0), "morning_end": time(10, 0)},
        )
        province, own = load_calendar(), load_calendar(unit=unit)
    assert province.next_period_start(datetime(2026, 3, 10, 6, 30)) == datetime(2026, 3, 10, 7, 0)
    assert own.next_period_start(datetime(2026, 3, 10, 6, 30)) == datetime(2026, 3, 10, 6, 30)


def test_the_seeded_calendar_has_ha_tinhs_seasons_and_the_2026_new_year_swap(app):
    with app.app_context(), db.connection_context():
        cal = current_calendar()
        days = {
            row.day: row
            for row in CalendarDay.select().where(CalendarDay.day.in_([date(2026, 1, 2), date(2026, 1, 10)]))
        }
    assert cal.hours_on(date(2026, 7, 1)) == SUMMER and cal.hours_on(date(2026, 1, 5)) == WINTER
    assert not cal.is_working_day(date(2026, 1, 2)) and cal.is_working_day(date(2026, 1, 10))
    assert "10/01/2026" in days[date(2026, 1, 2)].name and "02/01/2026" in days[date(2026, 1, 10)].name
    # Received Thursday 8/1/2026 at 10:00 with two working days: Friday, then the Saturday worked.
    assert due_at(datetime(2026, 1, 8, 10, 0), {"unit": "working_day", "amount": 2}, False, cal) == datetime(
        2026, 1, 10, 10, 0
    )
    # Received Wednesday 31/12/2025: 1/1 a holiday, 2/1 the day off, then the weekend: Monday 5/1.
    assert due_at(datetime(2025, 12, 31, 10, 0), DAY, False, cal) == datetime(2026, 1, 5, 10, 0)


def test_a_seed_swap_writes_both_days_even_when_the_package_lists_neither(migrated_app, tmp_path):
    path = tmp_path / "calendar.yaml"
    path.write_text(
        "swaps:\n  - day_off: 2027-04-30\n    day_worked: 2027-04-24\n    basis: Thử hoán đổi\n"
        "  - day_off: 2027-12-31\n    day_worked: 2027-12-25\n    basis: Thử hoán đổi\n    unconfirmed: true\n",
        encoding="utf-8",
    )
    with migrated_app.app_context(), db.connection_context():
        seed_calendar([2027], Report(), path=path)
        rows = {row.day: row for row in CalendarDay.select().where(CalendarDay.source == "seed")}
    assert rows[date(2027, 12, 31)].is_working is False and rows[date(2027, 12, 25)].is_working is True
    assert "thứ Bảy 25/12/2027" in rows[date(2027, 12, 31)].name and "chưa xác nhận" in rows[date(2027, 12, 31)].name
    assert "thứ Sáu 31/12/2027" in rows[date(2027, 12, 25)].name
    assert rows[date(2027, 4, 24)].is_working is True  # the package lists 30/4 already; the seed writes it anyway
    assert rows[date(2027, 4, 30)].source == "seed"


def test_holidays_is_pinned_to_the_installed_version():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    requirements = [line.strip() for line in config["options"]["install_requires"].splitlines() if line.strip()]
    pinned = [line for line in requirements if line.startswith("holidays")]
    assert pinned == [f"holidays=={version('holidays')}"]


@pytest.mark.parametrize("month_day", ["04-16", "10-15"])
def test_the_seeded_switch_dates_are_marked_unconfirmed(app, month_day):
    with app.app_context(), db.connection_context():
        rule = OfficeHoursRule.get(
            (OfficeHoursRule.season_start == month_day) | (OfficeHoursRule.season_end == month_day)
        )
    assert "chưa xác nhận" in rule.basis and rule.unit_id is None and rule.source == "seed"


def test_between_equal_rules_the_admins_wins_then_the_newest_row_never_the_list_order():
    admins = OfficeHours(((time(8, 0), time(12, 0)), (time(13, 0), time(17, 0))))
    newest = OfficeHours(((time(6, 0), time(10, 0)), (time(13, 0), time(17, 0))))
    start = date(2024, 1, 1)
    seeded = HoursRule(WINTER, start, rank=9)
    manual = HoursRule(admins, start, manual=True, rank=3)
    for rules in ([seeded, manual], [manual, seeded]):
        assert calendar(rules).hours_on(date(2026, 3, 3)) == admins
    later_manual = HoursRule(newest, start, manual=True, rank=4)
    for rules in ([manual, later_manual, seeded], [later_manual, seeded, manual]):
        assert calendar(rules).hours_on(date(2026, 3, 3)) == newest
    # A later effective date still beats an admin's older rule, and a unit's own beats them all.
    newer_seed = HoursRule(SUMMER, date(2026, 1, 1), rank=1)
    assert calendar([manual, newer_seed]).hours_on(date(2026, 3, 3)) == SUMMER
    own_seed = HoursRule(WINTER, start, own=True, rank=1)
    assert calendar([newer_seed, later_manual, own_seed]).hours_on(date(2026, 3, 3)) == WINTER


def test_an_admins_rule_in_the_database_wins_over_a_seeded_one_made_after_it(migrated_app):
    periods = {"morning_start": time(7, 0), "morning_end": time(11, 0)}
    periods |= {"afternoon_start": time(13, 0), "afternoon_end": time(17, 0)}
    with migrated_app.app_context(), db.connection_context():
        OfficeHoursRule.create(name="Của quản trị", effective_from=date(2024, 1, 1), source="manual", **periods)
        seeded = {**periods, "afternoon_end": time(16, 0)}  # the newer row: it would win on the id alone
        OfficeHoursRule.create(
            name="Của seed", effective_from=date(2024, 1, 1), source="seed", seed_key="tinh:x", **seeded
        )
        cal = load_calendar()
    assert cal.end_of_day(date(2026, 3, 10)) == datetime(2026, 3, 10, 17, 0)
