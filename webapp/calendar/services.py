"""The CalendarDay table (seeded by webapp/seed/calendar.py), read whole, as a working calendar.

Deadlines read only the table (DOMAIN §5), so an admin's correction takes effect without a release.
"""

import time

from webapp.calendar.working_time import WorkingCalendar
from webapp.db import db
from webapp.models.calendar import CalendarDay, UnitCalendarDay


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
