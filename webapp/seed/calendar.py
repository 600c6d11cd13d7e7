"""Seeding the CalendarDay table from the `holidays` package and the reviewed overrides in
calendar.yaml (swaps, both halves of each; package entries to ignore), and the office-hours rules;
rows an admin made are left alone."""

import datetime
from pathlib import Path

import holidays

from webapp.calendar.working_time import OfficeHours
from webapp.db import db
from webapp.models.calendar import CalendarDay, OfficeHoursRule
from webapp.models.units import Unit
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
    """The reviewed overrides: {"swaps": [...], "ignore": [...], "office_hours": [...]}, checked."""
    path = Path(path or DEFAULT_PATH)
    data = read_yaml(path) or {}
    try:
        swaps = [_check_swap(item, i) for i, item in enumerate(data.get("swaps") or [])]
        ignored = [_check(item, i, "ignore", ("reason",)) for i, item in enumerate(data.get("ignore") or [])]
        hours = [check_hours_rule(item, i) for i, item in enumerate(data.get("office_hours") or [])]
        _check_distinct_keys(hours)
    except AttributeError as exc:
        raise SeedError(path.name, None, None, f"cannot read the calendar overrides: {exc}") from exc
    except _BadEntry as exc:
        raise SeedError(path.name, *exc.args) from exc
    return {"swaps": swaps, "ignore": ignored, "office_hours": hours}


class _BadEntry(Exception):
    """(record, field, message) of one bad entry, turned into a SeedError by the reader."""


def _check(item, index, key, texts, dates=("date",)):
    record = f"{key}[{index}]"
    for name in dates:
        if not isinstance(item, dict) or type(item.get(name)) is not datetime.date:
            raise _BadEntry(record, name, "expected a mapping with an unquoted date: YYYY-MM-DD")
    for name in texts:
        if not isinstance(item.get(name), str) or not item[name].strip():
            raise _BadEntry(record, name, "expected a non-empty text")
    return item


def _check_swap(item, index):
    """A swap names both halves: a weekday off and a weekend day worked."""
    _check(item, index, "swaps", ("basis",), dates=("day_off", "day_worked"))
    if item["day_off"].weekday() >= 5:
        raise _BadEntry(f"swaps[{index}]", "day_off", "the day off of a swap must be a weekday")
    if item["day_worked"].weekday() < 5:
        raise _BadEntry(f"swaps[{index}]", "day_worked", "a make-up working day must fall on a weekend")
    return item


def check_hours_rule(item, index):
    """An office-hours rule: name, effective_from, optional season "MM-DD" pair, two ordered periods;
    an optional `key` keeps the rule the same one when its name in the file changes."""
    record = f"office_hours[{index}]"
    _check(item, index, "office_hours", ("name", "basis"), dates=("effective_from",))
    if "key" in item and (not isinstance(item["key"], str) or not item["key"].strip()):
        raise _BadEntry(record, "key", "expected a non-empty text (the rule's stable key), or no key at all")
    season = [item.get("season_start"), item.get("season_end")]
    if any(season) and not all(_month_day(value) for value in season):
        raise _BadEntry(record, "season_start", 'a season is two quoted month-days, e.g. "04-16" and "10-15"')
    try:
        periods = [_period(item.get(name)) for name in ("morning", "afternoon")]
        OfficeHours(tuple(periods))
    except (TypeError, ValueError) as exc:
        raise _BadEntry(record, "morning", f'expected two ordered periods of quoted "HH:MM" times: {exc}') from exc
    return {**item, "periods": periods}


def _check_distinct_keys(rules):
    """Two rules of one owner with one key would overwrite each other at every seed."""
    seen = set()
    for index, item in enumerate(rules):
        key = hours_seed_key(item)
        if key in seen:
            raise _BadEntry(f"office_hours[{index}]", "key", f"another rule already has the key {key!r}")
        seen.add(key)


def _month_day(value):
    try:
        datetime.date.fromisoformat(f"2024-{value}")
    except (TypeError, ValueError):
        return False
    return len(value) == 5


def _period(pair):
    start, end = pair
    return datetime.time.fromisoformat(start), datetime.time.fromisoformat(end)


def wanted_days(years, overrides):
    """day → CalendarDay values the seed should hold for `years`, after the reviewed overrides.

    Each swap writes both of its days itself, whatever the package lists for them."""
    years = set(years)
    ignored = {item["date"] for item in overrides["ignore"]}
    wanted = {
        day: {"is_working": False, "name": name, "source": "holidays"}
        for day, name in package_holidays(years).items()
        if day not in ignored
    }
    for item in overrides["swaps"]:
        for day, values in swap_days(item).items():
            if day.year in years:
                wanted[day] = values
    return wanted


def swap_days(item):
    """The two CalendarDay rows of one swap, each naming the other half."""
    off, worked = item["day_off"], item["day_worked"]
    mark = " (chưa xác nhận)" if item.get("unconfirmed") else ""
    return {
        off: {"is_working": False, "name": f"Nghỉ, làm bù {_named(worked)}{mark}", "source": "seed"},
        worked: {"is_working": True, "name": f"Làm bù cho ngày nghỉ {_named(off)}{mark}", "source": "seed"},
    }


WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def _named(day):
    return f"{WEEKDAYS[day.weekday()]} {day:%d/%m/%Y}"


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


def seed_office_hours(report, path=None):
    """Make the seeded office-hours rules match the file, each found by its seed key (hours_seed_key),
    so a rule an admin renamed is still the same rule; rules an admin made or edited (source
    "manual") are left alone, and a seeded rule no longer in the file goes."""
    rules = read_calendar_file(path)["office_hours"]
    units = {unit.code: unit.id for unit in Unit.select(Unit.id, Unit.code)}
    kept = set()
    with db.atomic():
        for item in rules:
            unit_id = units.get(str(item["unit"])) if item.get("unit") else None
            if item.get("unit") and unit_id is None:
                continue  # a unit not in this database (a smaller test seed): nothing to attach to
            kept.add(_write_hours_rule(item, unit_id, report))
        stale = OfficeHoursRule.select().where(OfficeHoursRule.source == "seed", OfficeHoursRule.id.not_in(kept or [0]))
        for row in stale:
            row.delete_instance()
            report.count("updated", OfficeHoursRule)
    return report


def hours_seed_key(item):
    """The rule's stable key: who it belongs to ("tinh" or the unit's code) and its `key` in the file,
    the name when it has none. An admin's rename changes the name, never this key."""
    return f"{item.get('unit') or 'tinh'}:{item.get('key') or item['name']}"


def _write_hours_rule(item, unit_id, report):
    """Create or update the seeded rule by its key; an admin's (manual) row is only kept."""
    seed_key = hours_seed_key(item)
    row = OfficeHoursRule.get_or_none(OfficeHoursRule.seed_key == seed_key)
    if row is not None and row.source != "seed":
        return row.id
    (morning_start, morning_end), (afternoon_start, afternoon_end) = item["periods"]
    values = {
        "unit": unit_id,
        "name": item["name"],
        "effective_from": item["effective_from"],
        "effective_until": item.get("effective_until"),
        "season_start": item.get("season_start") or "",
        "season_end": item.get("season_end") or "",
        "morning_start": morning_start,
        "morning_end": morning_end,
        "afternoon_start": afternoon_start,
        "afternoon_end": afternoon_end,
        "basis": item["basis"] + (" (chưa xác nhận)" if item.get("unconfirmed") else ""),
        "source": "seed",
    }
    return upsert(OfficeHoursRule, {"seed_key": seed_key}, values, report).id
