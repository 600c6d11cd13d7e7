"""Deadline arithmetic in working hours, pure: no database, no Flask, naive local datetimes.

Everything here works on naive Asia/Ho_Chi_Minh wall-clock times, because office hours are wall-clock
rules; the database stores naive UTC, so convert at the edges with `to_local` / `to_utc`.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
CUTOFF = time(15, 0)
DEFAULT_PERIODS = ((time(7, 0), time(11, 30)), (time(13, 30), time(17, 0)))


_CLOCK = re.compile(r"^(\d{1,2})\s*[:hg.]\s*(\d{2})$", re.IGNORECASE)


def parse_clock(typed):
    """A time of day as people type it: 07:30, 7:30, 7h30, 7g30 (giờ), 7.30 → time(7, 30); None when
    it is not one. The one clock parser of every form (office hours, effective moments, new due hours)."""
    found = _CLOCK.match((typed or "").strip())
    if not found or int(found[1]) > 23 or int(found[2]) > 59:
        return None
    return time(int(found[1]), int(found[2]))


def to_local(utc_naive):
    """Naive UTC (as stored) → naive local wall-clock time (as office hours are written)."""
    return utc_naive.replace(tzinfo=UTC).astimezone(LOCAL_ZONE).replace(tzinfo=None)


def to_utc(local_naive):
    """Naive local wall-clock time → naive UTC, for storing a computed deadline."""
    return local_naive.replace(tzinfo=LOCAL_ZONE).astimezone(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class OfficeHours:
    """The working periods of one day; configurable per unit, so they are data, not constants."""

    periods: tuple = DEFAULT_PERIODS

    def __post_init__(self):
        bounds = [moment for period in self.periods for moment in period]
        if not bounds or bounds != sorted(bounds) or len(set(bounds)) != len(bounds):
            raise ValueError(f"office periods must be ordered, non-empty and not touching: {self.periods}")

    @property
    def day_hours(self):
        """Hours in one working day (8 by default): "n working days" means n full office days."""
        seconds = sum(_seconds(end) - _seconds(start) for start, end in self.periods)
        return seconds / 3600

    @property
    def closing(self):
        return self.periods[-1][1]


def _seconds(moment):
    return moment.hour * 3600 + moment.minute * 60 + moment.second


class WorkingCalendar:
    """Monday–Friday work, except the stored exceptions (holidays off, make-up Saturdays worked).

    Office hours are those of each day: `hours_for(day)` (a resolver of seasonal rules, see
    office_hours.py) answers OfficeHours or None, and `hours` is the fallback when it answers None.
    """

    def __init__(self, exceptions, hours=None, hours_for=None):
        self.exceptions = dict(exceptions)
        self.hours = hours or OfficeHours()
        self.hours_for = hours_for

    def hours_on(self, day):
        """The office hours of `day`: the rule that holds then, else the calendar's default."""
        found = self.hours_for(day) if self.hours_for is not None else None
        return found or self.hours

    def is_working_day(self, day):
        return self.exceptions.get(day, day.weekday() < 5)

    def next_working_day(self, day):
        """The first working day strictly after `day`; always ends, as exceptions are finite."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def end_of_day(self, day):
        return datetime.combine(day, self.hours_on(day).closing)

    def next_period_start(self, moment):
        """`moment` itself inside a working period, else the start of the next one.

        Periods are half-open [start, end): the closing minute itself belongs to the next period.
        """
        day = moment.date()
        if self.is_working_day(day):
            for start, end in self.hours_on(day).periods:
                if moment < datetime.combine(day, end):
                    return max(moment, datetime.combine(day, start))
        following = self.next_working_day(day)
        return datetime.combine(following, self.hours_on(following).periods[0][0])

    def _period_end(self, moment):
        """The end of the working period that contains `moment` (which must be inside one)."""
        return next(
            datetime.combine(moment.date(), end)
            for _, end in self.hours_on(moment.date()).periods
            if moment < datetime.combine(moment.date(), end)
        )

    def add_working_hours(self, start, hours):
        """Count `hours` of time inside working periods only, from `start`.

        A total that runs out exactly at a period's end returns that end (17:00, or 11:30), not the
        next start: the dossier is due when the office closes, not when it reopens.
        """
        remaining = timedelta(hours=hours)
        moment = start
        while remaining > timedelta(0):
            moment = self.next_period_start(moment)
            available = self._period_end(moment) - moment
            if remaining <= available:
                return moment + remaining
            remaining -= available
            moment += available
        return moment


def counted_from(received_at, calendar, move_outside_hours=True):
    """The moment the clock starts: reception outside office hours moves to the next working period.

    This is the moment to print as "thời điểm tiếp nhận"; DOMAIN §5 marks the move [U], so it is a flag.
    """
    return calendar.next_period_start(received_at) if move_outside_hours else received_at


def due_at(received_at, limit, cutoff_15h, calendar, move_outside_hours=True):
    """When a dossier received at `received_at` (naive local) is due under one `time_limits` item.

    - "same_day" (or amount 0): the close of the working day the clock starts on; with the 15:00
      cut-off, a reception after 15:00:00 on a working day is due at the close of the next working
      day (15:00:00 sharp is still "by 15:00"). The cut-off looks at the real reception time: a
      dossier filed at 22:00 on Monday is due at Tuesday's close, not Wednesday's.
    - "working_day" n: n × the office day's hours (8 by default, and in both of Hà Tĩnh's seasons),
      taken from the day the clock starts, counted in working hours over each day's own periods: a
      dossier received at 10:00 is due at 10:00 n working days later, unless a season change moves
      the periods (then it gets the same number of working hours, ending at another clock time).
    - "working_hour" n: n working hours.
    Because only time inside working periods counts, `move_outside_hours` changes the start of the
    clock (see `counted_from`) but never the deadline under these three rules.
    """
    start = counted_from(received_at, calendar, move_outside_hours)
    unit, amount = limit["unit"], limit.get("amount") or 0
    if unit == "same_day" or amount == 0:
        return _same_day_due(received_at, start, cutoff_15h, calendar)
    if unit == "working_day":
        return calendar.add_working_hours(start, amount * calendar.hours_on(start.date()).day_hours)
    if unit == "working_hour":
        return calendar.add_working_hours(start, amount)
    raise ValueError(f"unknown time limit unit {unit!r}")


def _same_day_due(received_at, start, cutoff_15h, calendar):
    day = calendar.next_period_start(start).date()
    received_day = received_at.date()
    if cutoff_15h and calendar.is_working_day(received_day) and received_at.time() > CUTOFF:
        day = max(day, calendar.next_working_day(received_day))
    return calendar.end_of_day(day)


def working_hours_between(start, end, calendar):
    """Hours of working time from `start` to `end` (naive local); 0 when `end` is not after `start`.

    The inverse of `add_working_hours`: a queue shows it as the time left, or the time overdue.
    """
    total, day = timedelta(0), start.date()
    while day <= end.date():
        if calendar.is_working_day(day):
            for period_start, period_end in calendar.hours_on(day).periods:
                begin = max(start, datetime.combine(day, period_start))
                finish = min(end, datetime.combine(day, period_end))
                total += max(finish - begin, timedelta(0))
        day += timedelta(days=1)
    return total.total_seconds() / 3600
