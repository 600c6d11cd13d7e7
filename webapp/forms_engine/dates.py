"""The one reader of a day typed by a person: the citizen's answers, the officers' forms, filters and
periods all read dates through `parse_day`."""

import datetime
import re

DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")  # 25/12/2026, 5.9.2025, 05-09-2025
ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")  # 2026-12-25: links, and days stored by older flows


def parse_day(text, earliest=2000):
    """The day typed, or None when it is not one.

    Before `earliest` or after 2100 it is a typing mistake for the office's dates (and would overflow
    the time zone arithmetic); a citizen's answers about a life (a birth, a marriage) pass an earlier one."""
    text = (text or "").strip()
    if match := DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None
    try:
        found = datetime.date(year, month, day)
    except ValueError:
        return None
    return found if earliest <= found.year <= 2100 else None
