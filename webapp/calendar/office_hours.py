"""Which office hours hold on a given day: seasonal rules with effective dates, pure (no database).

Hours are the province's decision and change with the season (DOMAIN §12): a rule holds from
`effective_from` to `effective_until` (inclusive, open when None), within a season given as two
month-days ("04-15" to "10-14"); a season whose start is after its end wraps the new year ("10-15"
to "04-14"). A unit's own rule wins over the province's on the days it covers.
"""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from webapp.calendar.working_time import OfficeHours


def month_day(day):
    """The "MM-DD" of a date: month-days compare as text, 29 February included."""
    return f"{day.month:02d}-{day.day:02d}"


def in_season(start, end, day):
    """True when `day` falls in the season start..end (both "MM-DD", inclusive); no season = all year."""
    if not start or not end:
        return True
    md = month_day(day)
    return start <= md <= end if start <= end else md >= start or md <= end


@dataclass(frozen=True)
class HoursRule:
    """One office-hours rule as the resolver needs it; `own` marks a unit's rule over the province's,
    `manual` one an admin made or edited (over a seeded one), `rank` its row id (later rows win)."""

    hours: OfficeHours
    effective_from: date
    effective_until: date | None = None
    season_start: str | None = None
    season_end: str | None = None
    own: bool = False
    manual: bool = False
    rank: int = 0

    def holds_on(self, day):
        if day < self.effective_from or (self.effective_until is not None and day > self.effective_until):
            return False
        return in_season(self.season_start, self.season_end, day)


class HoursResolver:
    """day → OfficeHours, or None when no rule holds (the calendar then keeps its default hours).

    A unit's own rule first, then the province's; among those the latest `effective_from` wins,
    so a new decision only needs a new rule, not an edit of the old one; then an admin's rule over
    a seeded one, then the newest row. The order is total, so the database's order never decides.
    """

    def __init__(self, rules):
        self.rules = sorted(rules, key=precedence, reverse=True)
        self._cached = lru_cache(maxsize=2048)(self._find)

    def __call__(self, day):
        return self._cached(day)

    def _find(self, day):
        return next((rule.hours for rule in self.rules if rule.holds_on(day)), None)


def precedence(rule):
    """The sort key of a rule, the one that should win the highest."""
    return (rule.own, rule.effective_from, rule.manual, rule.rank)
