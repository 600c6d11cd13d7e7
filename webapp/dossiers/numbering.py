"""Dossier codes ({agency}-{yyMMdd}-{NNNN}, gap-free per desk and day), log-book lines, and codes as
people type them: with spaces, in lower case, with or without the dashes."""

import re

from webapp.db import db

# {agency code}-{yyMMdd}-{NNNN}; the agency code has letters, digits and dots but no dash.
_SPLIT = re.compile(r"^([0-9A-Z.]*[A-Z.][0-9A-Z.]*?)(\d{6})(\d{4})$")


def normalise_code(text):
    """The canonical code for what someone typed, or '' when it cannot be one."""
    packed = re.sub(r"[\s\-–—_/]+", "", (text or "").upper())
    if len(packed) > 40:
        return ""
    match = _SPLIT.match(packed)
    return f"{match[1]}-{match[2]}-{match[3]}" if match else ""


NEXT_NUMBER = (
    'INSERT INTO "{table}" ("agency_id", "{period}", "last") VALUES ({p}, {p}, 1) '
    'ON CONFLICT ("agency_id", "{period}") DO UPDATE SET "last" = "{table}"."last" + 1 RETURNING "last"'
)


def next_number(agency_id, day):
    """Take the agency's next number for the day inside the caller's transaction.

    One statement increments and returns: concurrent submitters queue on the row, and a
    rolled-back submission gives its number back, so there are no gaps.
    """
    return _take(NEXT_NUMBER.format(table="dossier_sequence", period="day", p=db.obj.param), agency_id, day)


def next_book_number(agency_id, year):
    """The agency's next line in its log book for the year (forms 01 and 07), the same way."""
    return _take(NEXT_NUMBER.format(table="log_book_sequence", period="year", p=db.obj.param), agency_id, year)


def _take(sql, agency_id, period):
    return db.execute_sql(sql, (agency_id, period)).fetchone()[0]


def dossier_code(agency, local_moment, number):
    return f"{agency.code}-{local_moment:%y%m%d}-{number:04d}"
