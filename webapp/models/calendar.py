"""The working calendar: only the exceptions to "Monday to Friday work" are stored."""

from peewee import BooleanField, CharField, DateField

from webapp.db import BaseModel


class CalendarDay(BaseModel):
    """A public holiday (is_working False) or a make-up working Saturday (is_working True)."""

    day = DateField(unique=True)
    is_working = BooleanField()
    name = CharField(max_length=160, default="")
    # "holidays" when seeded from the holidays package, "manual" when an admin set it.
    source = CharField(max_length=16, default="manual")
