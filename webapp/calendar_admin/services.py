"""What a calendar admin may change: the province's exceptions, or one unit's own.

A holiday takes a weekday off; a make-up working day puts a weekend day to work (DOMAIN §5). Every
change clears this process's cached calendars, so the next reception's deadline already follows it.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from webapp.admin_log import record
from webapp.calendar.services import forget_calendars
from webapp.db import db
from webapp.identity.session import staff_units
from webapp.models import CalendarDay, Unit, UnitCalendarDay

HOLIDAY, MAKE_UP = "nghi", "lam_bu"
KINDS = {HOLIDAY: _l("Ngày nghỉ"), MAKE_UP: _l("Ngày làm bù")}
FIRST_YEAR, LAST_YEAR = 2000, 2100
# Stored data, always Vietnamese whatever the admin's language: it names a seeded holiday an admin removed.
CANCELLED = "Bỏ ngày nghỉ: "


class Refused(ValueError):
    """An exception the calendar cannot take: (field, message) to show next to that field."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field, self.message = field, message


@dataclass(frozen=True)
class Entry:
    """One row of a calendar as the admin page lists it."""

    day: date
    is_working: bool
    name: str
    seeded: bool = False

    @property
    def kind(self):
        return MAKE_UP if self.is_working else HOLIDAY

    @property
    def cancels(self):
        """A row that only restores the ordinary rule (a seeded holiday an admin removed)."""
        return self.is_working == (self.day.weekday() < 5)


def check_day(day, kind):
    """A holiday must fall on a weekday and a make-up day on a weekend: anything else changes nothing."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise Refused("day", _l("Ngày phải trong khoảng năm %(first)s đến %(last)s.", first=FIRST_YEAR, last=LAST_YEAR))
    if kind == MAKE_UP and day.weekday() < 5:
        raise Refused("day", _l("Ngày làm bù phải là thứ Bảy hoặc Chủ nhật: ngày thường đã là ngày làm việc."))
    if kind == HOLIDAY and day.weekday() >= 5:
        raise Refused("day", _l("Ngày nghỉ phải là ngày thường (thứ Hai đến thứ Sáu): cuối tuần đã là ngày nghỉ."))


def editable_unit(staff, unit_id):
    """The unit if this admin may edit its calendar, else None (shown as 404)."""
    if unit_id not in staff_units(staff):
        return None
    return Unit.get_or_none(Unit.id == unit_id)


def entries(year, unit=None):
    """The year's exceptions of the province (unit None) or of one unit, by date."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    if unit is None:
        rows = CalendarDay.select().where(CalendarDay.day.between(first, last))
        found = [Entry(r.day, r.is_working, r.name, r.source != "manual") for r in rows]
    else:
        rows = UnitCalendarDay.select().where(UnitCalendarDay.unit == unit.id, UnitCalendarDay.day.between(first, last))
        found = [Entry(r.day, r.is_working, r.name) for r in rows]
    return sorted(found, key=lambda entry: entry.day)


AREA = "lich"


def set_day(day, kind, name, unit=None, staff=None):
    """Add (or replace) the exception of `day`, in the admin audit log; True when a row was replaced."""
    check_day(day, kind)
    with db.atomic():
        replaced = _write_day(day, kind, name, unit)
        record(staff, AREA, "replace" if replaced else "add", _subject(unit), day=day.isoformat(), kind=kind, name=name)
    forget_calendars()
    return bool(replaced)


def set_swap(day_off, day_worked, basis, unit=None, staff=None):
    """Both halves of a swap in one go: a weekday off, a weekend day worked, each naming the other."""
    if day_off.weekday() >= 5:
        raise Refused("day_off", _l("Ngày được nghỉ phải là ngày thường (thứ Hai đến thứ Sáu)."))
    if day_worked.weekday() < 5:
        raise Refused("day_worked", _l("Ngày làm bù phải là thứ Bảy hoặc Chủ nhật."))
    for field, day in (("day_off", day_off), ("day_worked", day_worked)):
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise Refused(
                field, _l("Ngày phải trong khoảng năm %(first)s đến %(last)s.", first=FIRST_YEAR, last=LAST_YEAR)
            )
    # Stored data, Vietnamese whatever the admin's language, like the seed's swap names.
    off_name = f"Nghỉ, làm bù {_named(day_worked)} ({basis})"[:160]
    worked_name = f"Làm bù cho ngày nghỉ {_named(day_off)} ({basis})"[:160]
    with db.atomic():
        _write_day(day_off, HOLIDAY, off_name, unit)
        _write_day(day_worked, MAKE_UP, worked_name, unit)
        record(
            staff,
            AREA,
            "swap",
            _subject(unit),
            day_off=day_off.isoformat(),
            day_worked=day_worked.isoformat(),
            basis=basis,
        )
    forget_calendars()


WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def _named(day):
    return f"{WEEKDAYS[day.weekday()]} {day:%d/%m/%Y}"


def _subject(unit):
    """The audit's subject: the unit's code, or "tinh" for the province's calendar."""
    return unit.code if unit is not None else "tinh"


def _write_day(day, kind, name, unit):
    """Write one exception row (an admin's: source "manual"); returns how many rows were replaced."""
    values = {"is_working": kind == MAKE_UP, "name": name}
    with db.atomic():
        if unit is None:
            replaced = CalendarDay.update(**values, source="manual").where(CalendarDay.day == day).execute()
            if not replaced:
                CalendarDay.create(day=day, source="manual", **values)
        else:
            where = (UnitCalendarDay.unit == unit.id) & (UnitCalendarDay.day == day)
            replaced = UnitCalendarDay.update(**values).where(where).execute()
            if not replaced:
                UnitCalendarDay.create(unit=unit.id, day=day, **values)
    return replaced


def remove_day(day, unit=None, staff=None):
    """Remove the exception of `day`; returns the removed entry, or None if there was none.

    A seeded province row would come back at the next `flask seed`, so it is turned into a manual
    row holding the ordinary rule instead: the seed leaves manual rows alone.
    """
    with db.atomic():
        if unit is None:
            row = CalendarDay.get_or_none(CalendarDay.day == day)
            if row is not None and row.source != "manual":
                row.is_working, row.source = day.weekday() < 5, "manual"
                row.name = (CANCELLED + row.name)[:160]
                row.save()
            elif row is not None:
                row.delete_instance()
        else:
            row = UnitCalendarDay.get_or_none(UnitCalendarDay.unit == unit.id, UnitCalendarDay.day == day)
            if row is not None:
                row.delete_instance()
        if row is not None:
            record(staff, AREA, "remove", _subject(unit), day=day.isoformat(), name=row.name)
    forget_calendars()
    return row
