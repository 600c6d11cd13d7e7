"""Dates, times, money and numbers the Vietnamese way in both languages (registered for templates in
webapp/templating.py)."""

import datetime

from flask_babel import format_decimal

from webapp.calendar.working_time import to_local


def vn_date(value):
    """dd/mm/yyyy; accepts dates, datetimes and ISO text."""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return value.strftime("%d/%m/%Y")


def local_time(utc_value):
    """A stored (naive UTC) moment as Vietnamese local time: '15:30 ngày 05/09/2026' style digits."""
    if utc_value is None:
        return ""
    return to_local(utc_value).strftime("%H:%M %d/%m/%Y")


def money(amount):
    """16000 → '16.000 đồng': dots between thousands, in both languages (the one money formatter)."""
    return f"{int(amount or 0):,} đồng".replace(",", ".")


def count(number):
    """2410 → '2.410' in Vietnamese, '2,410' in English."""
    return format_decimal(number or 0, format="#,##0")


def percent(value):
    """40.5 → '40,5%' ('40.5%' in English); None (nothing to divide) → '—'."""
    return "—" if value is None else format_decimal(value, format="#,##0.0") + "%"


def decimal(value):
    """6.67 → '6,67' ('6.67' in English); up to two decimals, none when whole."""
    return format_decimal(value or 0, format="#,##0.##")
