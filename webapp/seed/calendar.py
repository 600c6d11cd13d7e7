"""Seeding the CalendarDay table from the `holidays` package and the reviewed overrides in
calendar.yaml (make-up Saturdays, package entries to ignore); rows an admin made are left alone."""

import datetime
from pathlib import Path

import holidays

from webapp.db import db
from webapp.models.calendar import CalendarDay
from webapp.seed.records import SeedError, read_yaml, upsert

DEFAULT_YEARS = range(2024, 2028)
CALENDAR_FILE = "calendar.yaml"
DEFAULT_PATH = Path(__file__).resolve().parent / CALENDAR_FILE
# Rows the seed owns and may rewrite or remove; "manual" rows are an admin's decision and are left alone.
SEEDED_SOURCES = ("holidays", "seed")


def package_holidays(years):
    """Public holidays from the package, named in Vietnamese when it can."""
    localized = holidays.list_localized_countries().get("VN", ())
    language = "vi" if "vi" in localized else None
    return dict(holidays.country_holidays("VN", years=list(years), language=language))


def read_calendar_file(path=None):
    """The reviewed overrides: {"working_saturdays": [...], "ignore": [...]}, checked."""
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
