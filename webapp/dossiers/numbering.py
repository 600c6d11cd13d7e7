"""Dossier codes ({agency}-{yyMMdd}-{NNNN}, gap-free per desk and day), log-book lines, and codes as
people type them: with spaces, dots and dashes or without, in any case, after a "Mã:"."""

import re

from webapp.db import db

# A code as written with its separators removed. Agency codes follow Decision 20/2020 (DOMAIN §6):
# the province's "000.00.00.H42" (three digit groups, then a letter and two digits) and a lower
# unit's "H42.18073" (the province's part, then the unit's digits); the day and number follow. The
# shape alone says where the dots and dashes go, so a code typed without them still finds its dossier.
_PACKED = re.compile(
    r"(?:(?<![0-9])(?P<level1>\d{3})(?P<level2>\d{2})(?P<level3>\d{2}))?"
    r"(?P<province>[A-Z]\d{2})(?P<unit>\d*)(?P<day>\d{6})(?P<number>\d{4})(?![0-9])"
)
_TYPED_MAX = 80  # a code is about 21 characters; room for spaces and a "Mã hồ sơ:" before it


def normalise_code(text):
    """The canonical code in what someone typed ("h42 18073 260105 0001", "Mã: H4218073-260105-0001"),
    or None when there is none.

    Every character that is not a Latin letter or a digit is dropped first (spaces, dots, dashes,
    a colon, the marks of "Mã"), so any of them may be typed or left out anywhere.
    """
    if not text or len(text) > _TYPED_MAX:
        return None
    match = _PACKED.search(re.sub(r"[^0-9A-Z]+", "", text.upper()))
    if match is None:
        return None
    parts = match.group("level1", "level2", "level3", "province", "unit")
    agency = ".".join(part for part in parts if part)
    return f"{agency}-{match['day']}-{match['number']}"


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
