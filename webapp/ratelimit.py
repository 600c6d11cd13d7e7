"""Sliding-window limits for anything people may try too often (lookups, inbound SMS).

Each try is a row under a key such as "lookup-ip:1.2.3.4"; a key is closed while `limit` tries
(or failures) fall inside `window`, and opens when the oldest of them leaves it.
"""

import datetime
import math

from webapp.models import LoginAttempt
from webapp.models.dossier import utcnow

KEEP = datetime.timedelta(days=1)


def retry_after(key, limit, window, failures_only=False):
    """Seconds until `key` may try again; 0 when it may now."""
    now = utcnow()
    query = LoginAttempt.select(LoginAttempt.at).where(LoginAttempt.key == key[:80], LoginAttempt.at > now - window)
    if failures_only:
        query = query.where(LoginAttempt.success == False)  # noqa: E712
    recent = [row.at for row in query.order_by(LoginAttempt.at.desc()).limit(limit)]
    if len(recent) < limit:
        return 0
    return max(1, math.ceil((recent[-1] + window - now).total_seconds()))


def record(key, success=False):
    LoginAttempt.create(key=key[:80], success=success)


def forget_old():
    LoginAttempt.delete().where(LoginAttempt.at < utcnow() - KEEP).execute()
