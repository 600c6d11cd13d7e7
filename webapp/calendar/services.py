"""The CalendarDay table (seeded by webapp/seed/calendar.py), read whole, as a working calendar.

Deadlines read only the table (DOMAIN §5), so an admin's correction takes effect without a release.
"""

import time

from webapp.calendar.office_hours import HoursResolver, HoursRule
from webapp.calendar.working_time import OfficeHours, WorkingCalendar
from webapp.db import db
from webapp.models.calendar import CalendarDay, OfficeHoursRule, UnitCalendarDay


def load_calendar(hours=None, *, unit=None):
    """The province's exceptions (a few hundred rows at most), overridden by `unit`'s own, as a pure
    calendar whose office hours are each day's rule (the unit's own before the province's); `hours`
    is the fallback on days no rule covers."""
    exceptions = {row.day: row.is_working for row in CalendarDay.select(CalendarDay.day, CalendarDay.is_working)}
    unit_id = _unit_id(unit)
    if unit_id is not None:
        own = UnitCalendarDay.select(UnitCalendarDay.day, UnitCalendarDay.is_working)
        exceptions.update({row.day: row.is_working for row in own.where(UnitCalendarDay.unit == unit_id)})
    return WorkingCalendar(exceptions, hours, HoursResolver(hours_rules(unit_id)))


def hours_rules(unit_id=None):
    """The province's office-hours rules and, for a unit, its own (marked `own`), as pure values."""
    query = OfficeHoursRule.select().where(OfficeHoursRule.unit.is_null())
    if unit_id is not None:
        query = OfficeHoursRule.select().where(OfficeHoursRule.unit.is_null() | (OfficeHoursRule.unit == unit_id))
    return [as_hours_rule(row) for row in query]


def as_hours_rule(row):
    """An OfficeHoursRule row as the resolver's value."""
    periods = ((row.morning_start, row.morning_end), (row.afternoon_start, row.afternoon_end))
    return HoursRule(
        hours=OfficeHours(periods),
        effective_from=row.effective_from,
        effective_until=row.effective_until,
        season_start=row.season_start or None,
        season_end=row.season_end or None,
        own=row.unit_id is not None,
        manual=row.source == "manual",
        rank=row.id,
    )


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
