"""The CalendarDay table: seeded from the `holidays` package and `seed/calendar.yaml`, read whole.

Deadlines read only the table (DOMAIN §5), so an admin's correction takes effect without a release.
"""

import datetime
import time
from pathlib import Path

import holidays

from webapp.calendar.working_time import WorkingCalendar
from webapp.db import db
from webapp.models.calendar import CalendarDay, UnitCalendarDay

DEFAULT_YEARS = range(2024, 2028)
CALENDAR_FILE = "calendar.yaml"
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "seed" / CALENDAR_FILE
# Rows the seed owns and may rewrite or remove; "manual" rows are an admin's decision and are left alone.
SEEDED_SOURCES = ("holidays", "seed")


def load_calendar(hours=None, *, unit=None):
    """The province's exceptions (a few hundred rows at most), overridden by `unit`'s own, as a pure calendar."""
    exceptions = {row.day: row.is_working for row in CalendarDay.select(CalendarDay.day, CalendarDay.is_working)}
    unit_id = _unit_id(unit)
    if unit_id is not None:
        own = UnitCalendarDay.select(UnitCalendarDay.day, UnitCalendarDay.is_working)
        exceptions.update({row.day: row.is_working for row in own.where(UnitCalendarDay.unit == unit_id)})
    return WorkingCalendar(exceptions, hours)


_cached = {}
CACHE_SECONDS = 60


def current_calendar(unit=None):
    """load_calendar() for the province or one unit, kept for a minute per (database, unit): deadlines
    are computed on every submit. An edit here clears this process's copies at once (forget_calendars);
    other processes follow within the minute."""
    key = (id(db.obj), _unit_id(unit))
    hit = _cached.get(key)
    if hit is None or hit[0] < time.monotonic():
        hit = _cached[key] = (time.monotonic() + CACHE_SECONDS, load_calendar(unit=key[1]))
    return hit[1]


def forget_calendars():
    """Drop every cached calendar of the current database, after an admin's edit."""
    for key in [key for key in _cached if key[0] == id(db.obj)]:
        _cached.pop(key, None)


def _unit_id(unit):
    return getattr(unit, "id", unit)


def package_holidays(years):
    """Public holidays from the package, named in Vietnamese when it can."""
    localized = holidays.list_localized_countries().get("VN", ())
    language = "vi" if "vi" in localized else None
    return dict(holidays.country_holidays("VN", years=list(years), language=language))


def read_calendar_file(path=None):
    """The reviewed overrides: {"working_saturdays": [...], "ignore": [...]}, checked."""
    from webapp.seed.loader import SeedError, read_yaml  # the loader imports this module: import it late

    path = Path(path or DEFAULT_PATH)
    data = read_yaml(path) or {}
    try:
        saturdays = [
            _check(item, i, "working_saturdays", ("name", "basis"))
            for i, item in enumerate(data.get("working_saturdays") or [])
        ]
        ignored = [_check(item, i, "ignore", ("reason",)) for i, item in enumerate(data.get("ignore") or [])]
    except AttributeError as exc:
        raise SeedError(path.name, None, None, f"cannot read the calendar overrides: {exc}") from exc
    except _BadEntry as exc:
        raise SeedError(path.name, *exc.args) from exc
    for i, item in enumerate(saturdays):
        if item["date"].weekday() < 5:
            raise SeedError(
                path.name, f"working_saturdays[{i}]", "date", "a make-up working day must fall on a weekend"
            )
    return {"working_saturdays": saturdays, "ignore": ignored}


class _BadEntry(Exception):
    """(record, field, message) of one bad entry, turned into a SeedError by the reader."""


def _check(item, index, key, texts):
    record = f"{key}[{index}]"
    if not isinstance(item, dict) or type(item.get("date")) is not datetime.date:
        raise _BadEntry(record, "date", "expected a mapping with an unquoted date: YYYY-MM-DD")
    for name in texts:
        if not isinstance(item.get(name), str) or not item[name].strip():
            raise _BadEntry(record, name, "expected a non-empty text")
    return item


def wanted_days(years, overrides):
    """day → CalendarDay values the seed should hold for `years`, after the reviewed overrides."""
    years = set(years)
    ignored = {item["date"] for item in overrides["ignore"]}
    wanted = {
        day: {"is_working": False, "name": name, "source": "holidays"}
        for day, name in package_holidays(years).items()
        if day not in ignored
    }
    for item in overrides["working_saturdays"]:
        if item["date"].year in years:
            name = item["name"] + (" (chưa xác nhận)" if item.get("unconfirmed") else "")
            wanted[item["date"]] = {"is_working": True, "name": name, "source": "seed"}
    return wanted


def seed_calendar(years, report, path=None):
    """Make the seeded rows for `years` match the package and the file; idempotent, manual rows kept.

    A seeded row no longer wanted (an entry added to `ignore`, a package correction) is removed;
    Report has no "deleted" bucket, so a removal counts as an update: it is still a change.
    """
    from webapp.seed.loader import upsert  # the loader imports this module: import it late

    years = set(years)
    wanted = wanted_days(years, read_calendar_file(path))
    with db.atomic():
        existing = {row.day: row for row in CalendarDay.select()}
        for day, values in sorted(wanted.items()):
            row = existing.get(day)
            if row is None or row.source in SEEDED_SOURCES:
                upsert(CalendarDay, {"day": day}, values, report)
        for day, row in existing.items():
            if day.year in years and day not in wanted and row.source in SEEDED_SOURCES:
                row.delete_instance()
                report.count("updated", CalendarDay)
    return report
