"""SMS one-time codes: 6 digits, stored as an HMAC, valid 5 minutes, 5 tries, resend throttled."""

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from flask import current_app

from webapp import ratelimit
from webapp.constant_time import same_secret
from webapp.db import db
from webapp.messaging.outbound import queue_sms
from webapp.models import OtpChallenge

TTL = datetime.timedelta(minutes=5)
MAX_ATTEMPTS = 5
LOCK = datetime.timedelta(minutes=15)
RESEND_AFTER = datetime.timedelta(seconds=60)
MAX_PER_HOUR = 5


@dataclass
class Outcome:
    ok: bool
    reason: str = ""  # sent | throttled | locked | wrong | expired | none
    wait_seconds: int = 0
    tries_left: int = 0


def _now():
    return datetime.datetime.utcnow()


def _digest(phone, purpose, code):
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{phone}|{purpose}|{code}".encode(), hashlib.sha256).hexdigest()


def _latest(phone, purpose):
    return (
        OtpChallenge.select()
        .where(OtpChallenge.phone == phone, OtpChallenge.purpose == purpose)
        .order_by(OtpChallenge.id.desc())
        .first()
    )


def _seconds_until(moment):
    return max(1, int((moment - _now()).total_seconds()) + 1)


def _after(phone, purpose, latest):
    """One new code may follow what a request saw as the latest: parallel requests that saw the same
    compete for this one slot (taken atomically), so the checks above cannot be raced past."""
    return ratelimit.Limit(f"otp-after:{purpose}:{phone}:{latest.id if latest else 0}", 1, RESEND_AFTER)


def request_code(phone, purpose):
    """Send a fresh code unless the number is locked or asked too often; says how long to wait."""
    now = _now()
    latest = _latest(phone, purpose)
    if latest and latest.locked_until and latest.locked_until > now:
        return Outcome(False, "locked", _seconds_until(latest.locked_until))
    if latest and latest.created_at + RESEND_AFTER > now:
        return Outcome(False, "throttled", _seconds_until(latest.created_at + RESEND_AFTER))
    hour_ago = now - datetime.timedelta(hours=1)
    recent = OtpChallenge.select().where(
        OtpChallenge.phone == phone, OtpChallenge.purpose == purpose, OtpChallenge.created_at > hour_ago
    )
    if recent.count() >= MAX_PER_HOUR:
        oldest = recent.order_by(OtpChallenge.created_at).first()
        return Outcome(False, "throttled", _seconds_until(oldest.created_at + datetime.timedelta(hours=1)))
    if ratelimit.take(_after(phone, purpose, latest)).wait:  # a parallel request is sending one now
        return Outcome(False, "throttled", _seconds_until(now + RESEND_AFTER))
    code = f"{secrets.randbelow(10**6):06d}"
    OtpChallenge.create(
        phone=phone, purpose=purpose, code_hash=_digest(phone, purpose, code), created_at=now, expires_at=now + TTL
    )
    queue_sms(phone, "otp", code=code)
    return Outcome(True, "sent")


def verify_code(phone, purpose, code):
    """Check a code against the latest challenge; the fifth wrong try locks the number for a while."""
    now = _now()
    challenge = _latest(phone, purpose)
    if challenge is None or challenge.verified_at:
        return Outcome(False, "none")
    if challenge.locked_until and challenge.locked_until > now:
        return Outcome(False, "locked", _seconds_until(challenge.locked_until))
    if challenge.expires_at <= now:
        return Outcome(False, "expired")
    attempts = _take_try(challenge)
    if attempts is None:  # parallel tries used the last ones: the lock is on its way
        return Outcome(False, "locked", _seconds_until(challenge.locked_until or now + LOCK))
    if same_secret(_digest(phone, purpose, str(code or "").strip()), challenge.code_hash):
        challenge.verified_at = now
        challenge.save(only=[OtpChallenge.verified_at])
        return Outcome(True, "verified")
    if attempts >= MAX_ATTEMPTS:
        OtpChallenge.update(locked_until=now + LOCK).where(OtpChallenge.id == challenge.id).execute()
        return Outcome(False, "locked", _seconds_until(now + LOCK))
    return Outcome(False, "wrong", tries_left=MAX_ATTEMPTS - attempts)


TAKE_TRY_SQL = 'UPDATE {t} SET "attempts" = "attempts" + 1 WHERE "id" = {p} AND "attempts" < {p} RETURNING "attempts"'


def _take_try(challenge):
    """The number of this try, counted in one statement so parallel tries cannot share one; None when
    all were used (a try is taken before the code is compared, so at most MAX_ATTEMPTS are compared)."""
    sql = TAKE_TRY_SQL.format(t=OtpChallenge._meta.table_name, p=db.obj.param)
    row = db.execute_sql(sql, (challenge.id, MAX_ATTEMPTS)).fetchone()
    return row[0] if row else None
