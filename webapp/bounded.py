"""Whole numbers from outside — a URL part, a form field, a query string — read one way: ASCII digits
only, within bounds the database can store, else None (the caller answers 404 or a field error).

int() alone is not enough: it takes "+5", " 5", "٥" (Arabic-Indic five) and "5_0"; a 20-digit id makes
SQLite's driver raise OverflowError and PostgreSQL refuse an insert; int() of 5000 digits raises.
"""

from werkzeug.routing import BaseConverter, ValidationError

ID_MAX = 2**63 - 1  # a 64-bit signed integer: SQLite's INTEGER, PostgreSQL's bigint
INT_MAX = 2**31 - 1  # a plain integer column on PostgreSQL (sizes, counts, offsets)
_MAX_DIGITS = len(str(ID_MAX))


def whole_number(text, low=0, high=ID_MAX):
    """The number written as plain digits in `text` (spaces around allowed), within low..high; else None."""
    text = str(text if text is not None else "").strip()
    if not text or len(text) > _MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if low <= value <= high else None


def database_id(text):
    """A row id as posted or in a query string (1..2^63-1), None for anything else."""
    return whole_number(text, low=1)


class IdConverter(BaseConverter):
    """`<id:name>` in a route: 1..2^63-1 written without leading zeros, anything else no match (404)."""

    regex = r"[1-9][0-9]{0,18}"

    def to_python(self, value):
        number = database_id(value)
        if number is None:
            raise ValidationError()
        return number

    def to_url(self, value):
        return str(int(value))


def init_app(app):
    app.url_map.converters["id"] = IdConverter
