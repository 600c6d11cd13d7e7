"""The working calendar: only the exceptions to "Monday to Friday work" are stored."""

from peewee import BooleanField, CharField, DateField, ForeignKeyField

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
