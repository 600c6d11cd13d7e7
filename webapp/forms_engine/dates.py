"""The one reader of a day typed by a person: the citizen's answers, the officers' forms, filters and
periods all read dates through `parse_day`; `read_day` also says why a text is not a day."""

import datetime
import re

from webapp.calendar.working_time import LOCAL_ZONE

DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")  # 25/12/2026, 5.9.2025, 05-09-2025
SHORT_YEAR = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2})")  # 5/9/95: which century?
ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")  # 2026-12-25: links, and days stored by older flows
LATEST_YEAR = 2100


class NotADay(ValueError):
    """Why a text is not a day.

    reason: "format" (not written day/month/year), "short_year" (a two-digit year), "no_such_month"
    (a month past 12), "no_such_day" (31/02/2026: `day`, `month`, `year` say which)."""

    def __init__(self, reason, day=None, month=None, year=None):
        super().__init__(reason)
        self.reason, self.day, self.month, self.year = reason, day, month, year


def read_day(text):
    """The day typed, or NotADay saying why not. No range check: callers bound the day."""
    text = (text or "").strip()
    if match := DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif SHORT_YEAR.fullmatch(text):
        raise NotADay("short_year")
    else:
        raise NotADay("format")
    if not 1 <= month <= 12:
        raise NotADay("no_such_month", day, month, year)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise NotADay("no_such_day", day, month, year) from None


def parse_day(text, earliest=2000):
    """The day typed, or None when it is not one.

    Before `earliest` or after 2100 it is a typing mistake for the office's dates (and would overflow
    the time zone arithmetic); a citizen's answers about a life (a birth, a marriage) pass an earlier one."""
    try:
        found = read_day(text)
    except NotADay:
        return None
    return found if earliest <= found.year <= LATEST_YEAR else None


def local_today():
    """Today where the office is: a birth at 06:00 in Hà Tĩnh is not in the future at 23:00 UTC."""
    return datetime.datetime.now(LOCAL_ZONE).date()
