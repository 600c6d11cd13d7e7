"""Working time: deadlines over the real 2026–2027 Vietnamese holidays, and the CalendarDay seed.

Holidays as the `holidays` package (0.109) gives them, which the pure tests rely on:
2026: 1/1 Thu; Tết 16/2 Mon–20/2 Fri (mùng 1 = 17/2); Giỗ Tổ 26/4 Sun → 27/4 Mon (nghỉ bù);
      30/4 Thu, 1/5 Fri; 31/8 Mon (swapped with make-up Saturday 22/8), 1/9 Tue, 2/9 Wed; 24/11 Tue.
2027: 1/1 Fri; Tết 4/2 Thu–10/2 Wed (mùng 1 = 6/2 Sat); Giỗ Tổ 16/4 Fri; 30/4 Fri,
      1/5 Sat → 3/5 Mon; 2/9 Thu, 3/9 Fri; 24/11 Wed.
"""

from datetime import date, datetime, time

import holidays
import pytest
import yaml

from webapp.calendar.services import load_calendar
from webapp.calendar.working_time import OfficeHours, WorkingCalendar, counted_from, due_at, to_local, to_utc
from webapp.db import db
from webapp.models import CalendarDay
from webapp.seed.calendar import package_holidays, read_calendar_file, seed_calendar
from webapp.seed.loader import Report, SeedError

MAKE_UP_SATURDAY = date(2026, 8, 22)
DAY, HOUR, SAME = "working_day", "working_hour", "same_day"


@pytest.fixture(scope="module")
def cal():
    exceptions = dict.fromkeys(holidays.country_holidays("VN", years=[2026, 2027]), False)
    exceptions[MAKE_UP_SATURDAY] = True
    return WorkingCalendar(exceptions)


def due(cal, received, unit, amount=0, cutoff=False, **options):
    limit = {"channel": "truc_tuyen", "amount": amount, "unit": unit, "note": ""}
    return due_at(received, limit, cutoff, cal, **options)


def at(*parts):
    return datetime(*parts)


HOLIDAYS_2026_2027 = """
2026-01-01 2026-02-16 2026-02-17 2026-02-18 2026-02-19 2026-02-20 2026-04-26 2026-04-27 2026-04-30 2026-05-01
2026-08-31 2026-09-01 2026-09-02 2026-11-24 2027-01-01 2027-02-04 2027-02-05 2027-02-06 2027-02-07 2027-02-08
2027-02-09 2027-02-10 2027-04-16 2027-04-30 2027-05-01 2027-05-03 2027-09-02 2027-09-03 2027-11-24
"""


def test_the_package_dates_these_tests_rely_on(cal):
    off = {day.isoformat() for day, working in cal.exceptions.items() if not working}
    assert off == set(HOLIDAYS_2026_2027.split())


# Tết: received the working day before.
@pytest.mark.parametrize(
    "amount, expected",
    [(1, at(2026, 2, 23, 9)), (3, at(2026, 2, 25, 9))],
)
def test_tet_2026_received_friday_13_feb_resumes_monday_23_feb(cal, amount, expected):
    # Fri 13/2 09:00–17:00 is 6 h; Tết 16–20/2 and both weekends are skipped.
    assert due(cal, at(2026, 2, 13, 9), DAY, amount) == expected


@pytest.mark.parametrize(
    "amount, expected",
    [(1, at(2027, 2, 11, 10)), (3, at(2027, 2, 15, 10))],
)
def test_tet_2027_received_wednesday_3_feb_resumes_thursday_11_feb(cal, amount, expected):
    # Wed 3/2 10:00–17:00 is 5 h; Tết 4–10/2 (Thu–Wed) is skipped.
    assert due(cal, at(2027, 2, 3, 10), DAY, amount) == expected


def test_30_april_1_may_2026_thursday_friday_then_weekend(cal):
    assert due(cal, at(2026, 4, 29, 14), DAY, 1) == at(2026, 5, 4, 14)
    assert due(cal, at(2026, 4, 29, 15, 30), SAME, cutoff=True) == at(2026, 5, 4, 17)


def test_national_day_2026_with_the_swapped_monday_31_aug(cal):
    # Fri 28/8 10:00: 5 h that day; 29/8–2/9 off (31/8 swapped, 1/9 adjacent day, 2/9).
    assert due(cal, at(2026, 8, 28, 10), DAY, 2) == at(2026, 9, 4, 10)


def test_national_day_2027_thursday_2_and_adjacent_friday_3_sep(cal):
    assert due(cal, at(2027, 9, 1, 16), DAY, 1) == at(2027, 9, 6, 16)


def test_a_weekend_is_skipped(cal):
    assert due(cal, at(2026, 3, 13, 16), DAY, 1) == at(2026, 3, 16, 16)


def test_the_make_up_saturday_22_aug_2026_is_worked(cal):
    assert cal.is_working_day(MAKE_UP_SATURDAY) and not cal.is_working_day(date(2026, 8, 29))
    assert due(cal, at(2026, 8, 21, 16), DAY, 1) == at(2026, 8, 22, 16)
    assert due(cal, at(2026, 8, 22, 10), SAME) == at(2026, 8, 22, 17)
    assert due(cal, at(2026, 8, 21, 15, 1), SAME, cutoff=True) == at(2026, 8, 22, 17)


@pytest.mark.parametrize(
    "received, cutoff, expected",
    [
        (at(2026, 3, 10, 14, 59), True, at(2026, 3, 10, 17)),
        (at(2026, 3, 10, 15, 0), True, at(2026, 3, 10, 17)),  # 15:00:00 is still "by 15:00"
        (at(2026, 3, 10, 15, 1), True, at(2026, 3, 11, 17)),
        (at(2026, 3, 10, 15, 1), False, at(2026, 3, 10, 17)),
        (at(2026, 3, 13, 15, 1), True, at(2026, 3, 16, 17)),  # Friday → Monday
        (at(2026, 2, 13, 16), True, at(2026, 2, 23, 17)),  # the day before Tết 2026 → after it
    ],
)
def test_same_day_with_the_15h_cut_off(cal, received, cutoff, expected):
    assert due(cal, received, SAME, cutoff=cutoff) == expected


def test_reception_at_22h_counts_from_7h_next_day_and_ends_at_17h_not_7h(cal):
    received = at(2026, 3, 10, 22)
    assert counted_from(received, cal) == at(2026, 3, 11, 7)
    assert due(cal, received, DAY, 1) == at(2026, 3, 11, 17)
    assert due(cal, received, SAME) == due(cal, received, SAME, cutoff=True) == at(2026, 3, 11, 17)


def test_reception_on_a_sunday(cal):
    received = at(2026, 3, 15, 10)
    assert counted_from(received, cal) == at(2026, 3, 16, 7)
    assert due(cal, received, DAY, 1) == at(2026, 3, 16, 17)
    assert due(cal, received, HOUR, 4) == at(2026, 3, 16, 11)
    assert due(cal, received, SAME, cutoff=True) == at(2026, 3, 16, 17)


def test_reception_on_a_holiday_new_year_2027(cal):
    assert due(cal, at(2027, 1, 1, 9), SAME) == at(2027, 1, 4, 17)


def test_reception_during_lunch(cal):
    received = at(2026, 3, 10, 12)
    assert counted_from(received, cal) == at(2026, 3, 10, 13, 30)
    assert due(cal, received, HOUR, 2) == at(2026, 3, 10, 15, 30)
    assert due(cal, received, SAME) == at(2026, 3, 10, 17)
    # 3.5 h on Tuesday, then 4.5 h on Wednesday: due at 11:30, not 13:30.
    assert due(cal, received, DAY, 1) == at(2026, 3, 11, 11, 30)


@pytest.mark.parametrize(
    "received, hours, expected",
    [
        (at(2026, 3, 10, 10), 3, at(2026, 3, 10, 15)),  # across lunch
        (at(2026, 3, 10, 7), 4.5, at(2026, 3, 10, 11, 30)),  # exactly the morning
        (at(2026, 3, 10, 16), 3, at(2026, 3, 11, 9)),  # across a night
        (at(2026, 3, 13, 16, 30), 4, at(2026, 3, 16, 10, 30)),  # across a weekend
        (at(2026, 4, 24, 16), 2, at(2026, 4, 28, 8)),  # across Giỗ Tổ observed Mon 27/4/2026
        (at(2026, 3, 10, 9), 16, at(2026, 3, 12, 9)),
    ],
)
def test_working_hour_limits(cal, received, hours, expected):
    assert due(cal, received, HOUR, hours) == expected


def test_moving_outside_hours_changes_the_start_not_the_deadline(cal):
    received = at(2026, 3, 15, 10)
    assert counted_from(received, cal, move_outside_hours=False) == received
    for unit, amount in ((DAY, 2), (HOUR, 3), (SAME, 0)):
        assert due(cal, received, unit, amount, move_outside_hours=False) == due(cal, received, unit, amount)


def test_next_period_start(cal):
    assert cal.next_period_start(at(2026, 3, 10, 9)) == at(2026, 3, 10, 9)
    assert cal.next_period_start(at(2026, 3, 10, 6)) == at(2026, 3, 10, 7)
    assert cal.next_period_start(at(2026, 3, 10, 11, 30)) == at(2026, 3, 10, 13, 30)
    assert cal.next_period_start(at(2026, 3, 10, 17)) == at(2026, 3, 11, 7)
    assert cal.next_period_start(at(2026, 2, 13, 17)) == at(2026, 2, 23, 7)


def test_office_hours_are_configurable():
    hours = OfficeHours(((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0))))
    assert OfficeHours().day_hours == hours.day_hours == 8
    cal = WorkingCalendar({}, hours)
    assert due(cal, at(2026, 3, 10, 12), HOUR, 1) == at(2026, 3, 10, 14)
    assert due(cal, at(2026, 3, 10, 18), DAY, 1) == at(2026, 3, 11, 17)
    with pytest.raises(ValueError):
        OfficeHours(((time(13, 0), time(17, 0)), (time(7, 0), time(11, 0))))


def test_unknown_unit_is_refused(cal):
    with pytest.raises(ValueError, match="week"):
        due(cal, at(2026, 3, 10, 9), "week", 1)


def test_local_and_utc_are_seven_hours_apart():
    assert to_local(at(2026, 3, 10, 1)) == at(2026, 3, 10, 8)
    assert to_utc(at(2026, 3, 10, 8)) == at(2026, 3, 10, 1)
    assert to_utc(to_local(at(2026, 12, 31, 20))) == at(2026, 12, 31, 20)


# The CalendarDay table.


def rows():
    return {row.day: (row.is_working, row.name, row.source) for row in CalendarDay.select()}


def test_seed_writes_holidays_make_up_saturdays_and_skips_ignored(migrated_app):
    with migrated_app.app_context(), db.connection_context():
        report = seed_calendar(range(2024, 2028), Report())
        stored = rows()
    assert report.created["CalendarDay"] == len(stored)
    assert stored[date(2026, 2, 17)] == (False, "Tết Nguyên Đán", "holidays")
    assert stored[date(2024, 5, 4)][:1] == (True,) and stored[date(2025, 4, 26)][2] == "seed"
    assert stored[MAKE_UP_SATURDAY][0] is True and "chưa xác nhận" in stored[MAKE_UP_SATURDAY][1]
    assert date(2026, 11, 24) not in stored and date(2027, 11, 24) not in stored
    package = set(package_holidays(range(2024, 2028)))
    swapped_off = {date(2026, 1, 2)}  # a swap's weekday off the package does not list: the seed writes it
    assert {d for d, r in stored.items() if not r[0]} == package - {
        date(2026, 11, 24),
        date(2027, 11, 24),
    } | swapped_off


def test_seed_twice_writes_nothing(migrated_app):
    with migrated_app.app_context(), db.connection_context():
        seed_calendar(range(2024, 2028), Report())
        before = rows()
        report = seed_calendar(range(2024, 2028), Report())
        assert not report.changed and rows() == before


def test_seed_keeps_manual_rows_and_removes_stale_seeded_ones(migrated_app):
    with migrated_app.app_context(), db.connection_context():
        CalendarDay.create(day=date(2026, 11, 24), is_working=False, name="Quyết định của tỉnh", source="manual")
        CalendarDay.create(day=date(2026, 4, 27), is_working=True, name="Làm việc", source="manual")
        CalendarDay.create(day=date(2026, 3, 3), is_working=False, name="cũ", source="holidays")
        CalendarDay.create(day=date(2023, 3, 3), is_working=False, name="ngoài phạm vi", source="holidays")
        report = seed_calendar([2026], Report())
        stored = rows()
    assert report.changed
    assert stored[date(2026, 11, 24)] == (False, "Quyết định của tỉnh", "manual")
    assert stored[date(2026, 4, 27)] == (True, "Làm việc", "manual")
    assert date(2026, 3, 3) not in stored and date(2023, 3, 3) in stored
    assert date(2025, 4, 26) not in stored  # outside the years asked for


def test_load_calendar_reads_the_table_back(migrated_app):
    with migrated_app.app_context(), db.connection_context():
        seed_calendar(range(2024, 2028), Report())
        cal = load_calendar()
        custom = load_calendar(OfficeHours(((time(8, 0), time(12, 0)), (time(13, 0), time(17, 0)))))
    assert not cal.is_working_day(date(2026, 2, 17)) and cal.is_working_day(MAKE_UP_SATURDAY)
    assert cal.is_working_day(date(2026, 11, 24))  # ignored package entry: an ordinary Tuesday
    assert due(cal, at(2026, 2, 13, 9), DAY, 1) == at(2026, 2, 23, 9)
    assert custom.next_period_start(at(2026, 3, 10, 7)) == at(2026, 3, 10, 8)


def test_a_make_up_day_on_a_weekday_is_refused(tmp_path):
    path = tmp_path / "calendar.yaml"
    entry = {"day_off": date(2026, 8, 17), "day_worked": date(2026, 8, 19), "basis": "y"}
    path.write_text(yaml.safe_dump({"swaps": [entry]}), encoding="utf-8")
    with pytest.raises(SeedError, match=r"swaps\[0\].*day_worked.*weekend"):
        read_calendar_file(path)
    entry = {"day_off": date(2026, 8, 22), "day_worked": date(2026, 8, 23), "basis": "y"}
    path.write_text(yaml.safe_dump({"swaps": [entry]}), encoding="utf-8")
    with pytest.raises(SeedError, match=r"swaps\[0\].*day_off.*weekday"):
        read_calendar_file(path)
    path.write_text("ignore:\n  - date: '2026-11-24'\n    reason: quoted\n", encoding="utf-8")
    with pytest.raises(SeedError, match="unquoted date"):
        read_calendar_file(path)
