"""Login throttling: too many failures for one account, or from one address, close the door a while.

Every try first takes a slot under both limits in one atomic statement each (webapp/ratelimit.py), so
parallel tries cannot all slip in under the count; a try that turns out right gives its slots back.
A full login also clears the account's failures (not the address's, so one good account cannot
unlock guessing at the others).
"""

import datetime
import math

from webapp import ratelimit

WINDOW = datetime.timedelta(minutes=15)
LIMITS = {"user": 5, "ip": 20}


def keys(username, ip):
    return {"user": f"user:{(username or '').strip().lower()}", "ip": f"ip:{ip or '-'}"}


def _limits(username, ip):
    return [ratelimit.Limit(key, LIMITS[kind], WINDOW) for kind, key in keys(username, ip).items()]


def take_slot(username, ip):
    """This try's place under the account's and the address's limits; `.wait` (seconds) when refused.
    It counts as a failure unless given back (`slot.give_back()`) once the try proves right."""
    return ratelimit.take(*_limits(username, ip))


def wait_minutes(slot):
    """The whole minutes a refused try is told to wait (0 when it was not refused)."""
    return math.ceil(slot.wait / 60)


def record_success(username, ip):
    """A full login forgives the account's failures."""
    ratelimit.clear(keys(username, ip)["user"])
    ratelimit.forget_old()
