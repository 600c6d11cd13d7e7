"""Limits for anything people may try too often (lookups, logins, inbound SMS, file checks).

A try first takes a slot: one statement (INSERT … ON CONFLICT DO UPDATE … RETURNING) adds it to the
counter of its key and window and returns the new count, so parallel tries queue on the counter's row
and each sees the count with all the others in it; counting the rows first and writing after let 24
parallel guesses through where 5 were allowed (issue 17). A try past the limit is refused and gives
its slot back (refused tries do not count); a try that turns out not to count (a right answer, where
only failures count) gives its slot back too. A window begins at the first try after the last one
ended, so the door opens `window` after that try; a key is never closed longer than its window.
"""

import datetime
import math
from dataclasses import dataclass, field

from webapp.db import db
from webapp.models import RateCounter
from webapp.models.dossier import utcnow

EPOCH = datetime.datetime(1970, 1, 1)
TABLE = RateCounter._meta.table_name
TAKE_SQL = (
    'INSERT INTO {t} ("key", "window_s", "started", "taken") VALUES ({p}, {p}, {p}, 1)'
    ' ON CONFLICT ("key", "window_s") DO UPDATE SET'
    ' "taken" = CASE WHEN {t}."started" <= {p} THEN 1 ELSE {t}."taken" + 1 END,'
    ' "started" = CASE WHEN {t}."started" <= {p} THEN {p} ELSE {t}."started" END'
    ' RETURNING "taken", "started"'
)


@dataclass(frozen=True)
class Limit:
    """At most `limit` tries under `key` in `window`."""

    key: str
    limit: int
    window: datetime.timedelta

    @property
    def seconds(self):
        return int(self.window.total_seconds())


@dataclass
class Ticket:
    """The slots one try took; `wait` is the seconds to wait when it was refused (0: it may go on)."""

    wait: int = 0
    slots: list = field(default_factory=list)  # (Limit, window start in ms)

    def give_back(self, limits=None):
        """This try does not count against `limits` (all of its limits when None)."""
        kept = []
        for limit, started in self.slots:
            if limits is None or limit in limits:
                _give_back(limit, started)
            else:
                kept.append((limit, started))
        self.slots = kept


def _millis(moment):
    return int((moment - EPOCH).total_seconds() * 1000)


def take(*limits):
    """A slot under every limit, or none and the seconds until all of them have room again.

    The limits are taken in order and the first refusal stops the taking (the others are only read
    for the wait): a refused try holds no slot another try could have been refused for.
    """
    now = _millis(utcnow())
    ticket = Ticket()
    for position, limit in enumerate(limits):
        expired = now - limit.seconds * 1000
        sql = TAKE_SQL.format(t=TABLE, p=db.obj.param)
        taken, started = db.execute_sql(sql, (limit.key[:80], limit.seconds, now, expired, expired, now)).fetchone()
        ticket.slots.append((limit, started))
        if taken > limit.limit:
            ticket.give_back()
            waits = [_seconds_left(limit, started, now)] + [_wait(other, now) for other in limits[position + 1 :]]
            ticket.wait = max(1, *waits)
            break
    return ticket


def _seconds_left(limit, started, now):
    # `now` may have been read before a parallel try started the window: never more than the window.
    return min(limit.seconds, math.ceil((started + limit.seconds * 1000 - now) / 1000))


def _wait(limit, now):
    """Seconds until `limit` has room, read without taking a slot."""
    row = (
        RateCounter.select(RateCounter.taken, RateCounter.started)
        .where(RateCounter.key == limit.key[:80], RateCounter.window_s == limit.seconds)
        .first()
    )
    if row is None or row.taken < limit.limit or row.started <= now - limit.seconds * 1000:
        return 0
    return _seconds_left(limit, row.started, now)


def _give_back(limit, started):
    """One slot less, if the window it was taken in still runs (a new one starts from nothing)."""
    RateCounter.update(taken=RateCounter.taken - 1).where(
        RateCounter.key == limit.key[:80],
        RateCounter.window_s == limit.seconds,
        RateCounter.started == started,
        RateCounter.taken > 0,
    ).execute()


def clear(key):
    """Every window of `key` starts afresh (a full login forgives the account's failures)."""
    RateCounter.delete().where(RateCounter.key == key[:80]).execute()


def forget_old():
    """Counters whose window has ended say nothing any more."""
    now = _millis(utcnow())
    RateCounter.delete().where(RateCounter.started + RateCounter.window_s * 1000 < now).execute()
