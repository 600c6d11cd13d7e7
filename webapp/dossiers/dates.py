"""The one reader of a day typed by a person: dates in forms, filters and periods."""

import datetime


def parse_day(text):
    """A date typed as 2026-12-25 (date pickers) or 25/12/2026 (old browsers, by hand); else None.

    Years outside 2000–2100 are typing mistakes (and would overflow the time zone arithmetic)."""
    text = (text or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        return day if 2000 <= day.year <= 2100 else None
    return None
