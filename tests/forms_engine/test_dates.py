"""One reader of a typed day for the citizen's answers and the officers' forms: the same text means
the same day everywhere, day first as people write it."""

import datetime

import pytest

from webapp.forms_engine.dates import NotADay, parse_day, read_day

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


@pytest.mark.parametrize(
    "typed, reason, parts",
    [
        ("31/02/2026", "no_such_day", (31, 2, 2026)),
        ("29/02/2025", "no_such_day", (29, 2, 2025)),
        ("05/13/2025", "no_such_month", (5, 13, 2025)),
        ("5/9/95", "short_year", (None, None, None)),
        ("hôm nay", "format", (None, None, None)),
        ("", "format", (None, None, None)),
    ],
)
def test_read_day_says_why_a_text_is_not_a_day(typed, reason, parts):
    with pytest.raises(NotADay) as caught:
        read_day(typed)
    assert caught.value.reason == reason
    assert (caught.value.day, caught.value.month, caught.value.year) == parts


def test_read_day_reads_what_parse_day_reads_without_a_range():
    assert read_day("29/02/2024") == datetime.date(2024, 2, 29)
    assert read_day("01/01/1850") == datetime.date(1850, 1, 1) and parse_day("01/01/1850") is None
