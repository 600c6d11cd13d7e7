"""Login throttling: too many failures for one account, or from one address, close the door a while.

Failures count in a sliding window; a full login clears the account's failures (not the address's,
so one good account cannot unlock guessing at the others).
"""

import datetime
import math

from webapp.models import LoginAttempt
from webapp.models.dossier import utcnow

WINDOW = datetime.timedelta(minutes=15)
LIMITS = {"user": 5, "ip": 20}
KEEP = datetime.timedelta(days=1)


def keys(username, ip):
    return {"user": f"user:{(username or '').strip().lower()}", "ip": f"ip:{ip or '-'}"}


def wait_minutes(username, ip):
    """Minutes until this account and this address may try again; 0 when they may now."""
    return max(_wait(key, LIMITS[kind]) for kind, key in keys(username, ip).items())


def _wait(key, limit):
    now = utcnow()
    failures = [
        a.at
        for a in LoginAttempt.select(LoginAttempt.at)
        .where(LoginAttempt.key == key, LoginAttempt.success == False, LoginAttempt.at > now - WINDOW)  # noqa: E712
        .order_by(LoginAttempt.at.desc())
        .limit(limit)
    ]
    if len(failures) < limit:
        return 0
    # The door opens when the oldest of the last `limit` failures leaves the window.
    return max(1, math.ceil((failures[-1] + WINDOW - now).total_seconds() / 60))


def record_failure(username, ip):
    for key in keys(username, ip).values():
        LoginAttempt.create(key=key, success=False)
    LoginAttempt.delete().where(LoginAttempt.at < utcnow() - KEEP).execute()


def record_success(username, ip):
    user_key = keys(username, ip)["user"]
    LoginAttempt.delete().where(LoginAttempt.key == user_key, LoginAttempt.success == False).execute()  # noqa: E712
    for key in keys(username, ip).values():
        LoginAttempt.create(key=key, success=True)
