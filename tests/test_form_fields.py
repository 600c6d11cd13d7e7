"""The shared typing helpers: one filter for control characters (a space between words, nothing elsewhere), one day field, one clock parser and
one number parser (Vietnamese: the dot groups thousands, the comma marks decimals)."""

import datetime

import pytest
from wtforms import Form

from webapp.calendar.working_time import parse_clock
from webapp.form_fields import DayField, printable
from webapp.text import parse_number, without_controls


def test_printable_drops_control_characters_keeps_words_apart_and_line_breaks():
    assert printable("  Trung tâm\x00PVHCC\x07\n dòng\thai\x1b ") == "Trung tâm PVHCC\n dòng\thai"
    assert printable(None) is None
    assert without_controls({"a\x00b": ["c\x00", 1]}) == {"a b": ["c", 1]}


@pytest.mark.parametrize("typed", ["07:30", "7:30", "7h30", "7H30", "7g30", "7.30", " 7 : 30 "])
def test_one_clock_parser_reads_every_way_people_write_half_past_seven(typed):
    assert parse_clock(typed) == datetime.time(7, 30)


@pytest.mark.parametrize("typed", ["", "24:00", "7:60", "7", "7:3", "bảy giờ", None, "7\x0030"])
def test_what_is_not_a_time_of_day_is_none(typed):
    assert parse_clock(typed) is None


@pytest.mark.parametrize(
    ("typed", "decimals", "number"),
    [
        ("10.000", True, 10000),
        ("10.000", False, 10000),
        ("1 000 000", False, 1000000),
        ("2,5", True, 2.5),
        ("1.000,5", True, 1000.5),
        ("2.5", True, 2.5),
        ("-3", False, -3),
        ("2,5", False, None),
        ("2.5", False, None),
        ("12.34.5", True, None),
        ("1e5", True, None),
        ("9" * 5000, True, None),
        ("", True, None),
    ],
)
def test_numbers_read_the_vietnamese_way(typed, decimals, number):
    assert parse_number(typed, decimals=decimals) == number


class Dated(Form):
    day = DayField("Ngày", message="Sai ngày")


class Posted(dict):
    def getlist(self, key):
        return [self[key]] if key in self else []


def test_the_day_field_reads_dd_mm_yyyy_and_keeps_what_was_typed_when_wrong():
    good = Dated(Posted(day="02/09/2026"))
    assert good.validate() and good.day.data == datetime.date(2026, 9, 2)
    bad = Dated(Posted(day="30/02/2026"))
    assert not bad.validate() and bad.day.errors == ["Sai ngày"] and bad.day._value() == "30/02/2026"
    assert Dated(Posted(day="")).day.data is None


def test_every_form_reads_clocks_and_days_with_the_shared_helpers():
    """The desk's new due hour, the effective hour of a version and office hours accept 7g30 alike."""
    from webapp.backoffice import forms as desk_forms
    from webapp.calendar_admin import forms as calendar_forms
    from webapp.catalogue_admin import register_forms, versions_forms

    assert desk_forms.parse_clock is versions_forms.parse_clock is calendar_forms.parse_clock is parse_clock
    assert register_forms.DayField is DayField
    assert isinstance(calendar_forms.AddDayForm.day.field_class, type) and issubclass(
        calendar_forms.AddDayForm.day.field_class, DayField
    )
