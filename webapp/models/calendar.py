"""The working calendar: only the exceptions to "Monday to Friday work" are stored."""

from peewee import BooleanField, CharField, DateField, ForeignKeyField, TextField, TimeField

from webapp.db import BaseModel
from webapp.models.units import Unit


class CalendarDay(BaseModel):
    """A public holiday (is_working False) or a make-up working Saturday (is_working True)."""

    day = DateField(unique=True)
    is_working = BooleanField()
    name = CharField(max_length=160, default="")
    # "holidays" when seeded from the holidays package, "manual" when an admin set it.
    source = CharField(max_length=16, default="manual")


class UnitCalendarDay(BaseModel):
    """A unit's own exception, set by its admin; it overrides the province's row for that day."""

    unit = ForeignKeyField(Unit, on_delete="CASCADE")
    day = DateField()
    is_working = BooleanField()
    name = CharField(max_length=160, default="")

    class Meta:
        indexes = ((("unit", "day"), True),)


class OfficeHoursRule(BaseModel):
    """Office hours of the province (unit None) or of one unit, for a season, between two dates.

    A season is two month-days "MM-DD" (inclusive); start after end wraps the new year; both empty
    = all year. The pure resolver (webapp/calendar/office_hours.py) picks each day's rule.
    """

    unit = ForeignKeyField(Unit, null=True, on_delete="CASCADE")
    name = CharField(max_length=120)
    effective_from = DateField()
    effective_until = DateField(null=True)
    season_start = CharField(max_length=5, default="")
    season_end = CharField(max_length=5, default="")
    morning_start = TimeField()
    morning_end = TimeField()
    afternoon_start = TimeField()
    afternoon_end = TimeField()
    basis = TextField(default="")
    # "seed" when written from webapp/seed/calendar.yaml, "manual" once an admin made or edited it.
    source = CharField(max_length=16, default="manual")
    # The seed's own name for the rule ("tinh:…" or "<unit code>:…"), kept when an admin renames it, so
    # a re-seed finds the row instead of adding it again; never shown to nor edited by admins.
    seed_key = CharField(max_length=160, null=True, unique=True)
