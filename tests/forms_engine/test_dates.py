"""One reader of a typed day for the citizen's answers and the officers' forms: the same text means
the same day everywhere, day first as people write it."""

import datetime

import pytest

from webapp.forms_engine.dates import parse_day

CHRISTMAS = datetime.date(2026, 12, 25)


@pytest.mark.parametrize("typed", ["25/12/2026", "25.12.2026", "25-12-2026", " 25/12/2026 ", "2026-12-25"])
def test_the_ways_people_and_links_write_a_day(typed):
    assert parse_day(typed) == CHRISTMAS


def test_day_and_month_may_lose_their_zero():
    assert parse_day("5/9/2025") == datetime.date(2025, 9, 5)


@pytest.mark.parametrize("typed", ["31/02/2026", "12/25/2026", "25/12/26", "hôm nay", "", None, "25/12/20266"])
def test_what_is_not_a_day(typed):
    assert parse_day(typed) is None


def test_office_dates_refuse_a_mistyped_year_and_declarations_accept_a_life_long_past():
    assert parse_day("01/01/1950") is None  # no apology is dated 1950: a typing mistake
    assert parse_day("01/01/1950", earliest=1800) == datetime.date(1950, 1, 1)
    assert parse_day("01/01/2201", earliest=1800) is None
