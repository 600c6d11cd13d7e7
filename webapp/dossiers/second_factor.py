"""The second factor that opens a dossier to whoever knows its code: the last four digits of the
applicant's phone or CCCD, asked by the web lookup and by SMS lookup from any phone but the applicant's.

An unknown code and a wrong factor take the same path and give the same answer, and both count
against the code as typed and against where the try came from (an address on the web, a phone number
by SMS), so probing codes costs as much as guessing digits. The per-code counters are the same on
every channel: failures by SMS and on the web add up.
"""

import datetime

from webapp import ratelimit
from webapp.constant_time import same_secret
from webapp.models import Dossier

MINUTES_15 = datetime.timedelta(minutes=15)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
# Four digits are 10,000 guesses and a phone and a CCCD make two right answers, so a targeted dossier
# falls to about 1 guess in 5,000. Per code, 5 failures per 15 minutes and 20 a day (whether or not the
# code exists) put that beyond the life of a dossier (~250 days on average) while a citizen who mistypes
# waits at most 15 minutes; per origin (an address, a phone), 10 failures per 15 minutes stop walking
# through many codes from one machine or SIM, and 60 tries an hour, right or wrong, stop a script that
# knows its answers from reading the register, yet leave room for a commune office whose people share
# one address.
ORIGIN_FAILURES = (10, MINUTES_15)
ORIGIN_TRIES = (60, HOUR)
CODE_FAILURES = (5, MINUTES_15)
CODE_FAILURES_PER_DAY = (20, DAY)
NEVER = "\x00\x00\x00\x00"  # what an unknown code's factors are compared with: never four digits


def web_origin(ip):
    """The counters' key for tries from one network address (the lookup page)."""
    return f"lookup-ip:{ip or '-'}"


def sms_origin(phone):
    """The counters' key for tries from one phone number (TRACUU by SMS)."""
    return f"lookup-sms:{phone}"


def _limits(code, origin):
    """(every limit of this try, those that count failures only)."""
    by_code = f"lookup-code:{code}"
    failures = (
        ratelimit.Limit(origin, *ORIGIN_FAILURES),
        ratelimit.Limit(by_code, *CODE_FAILURES),
        ratelimit.Limit(by_code, *CODE_FAILURES_PER_DAY),
    )
    return (*failures, ratelimit.Limit(origin, *ORIGIN_TRIES)), failures


def take_slot(code, origin):
    """This try's place under every lookup limit, taken atomically; `.wait` says how long to wait if
    there is none (then nothing was counted and nothing may be checked). `origin` is web_origin(ip)
    or sms_origin(phone)."""
    every, _failures = _limits(code, origin)
    return ratelimit.take(*every)


def last_four(value):
    digits = "".join(ch for ch in value or "" if ch.isdigit())
    return digits[-4:] if len(digits) >= 4 else NEVER


def check(code, typed, origin, slot):
    """Whether `typed` is the last four digits of the phone or the CCCD filed with `code`; a right
    answer gives back its `slot` (of take_slot) under the limits that count failures only.

    Both factors are always compared, in constant time, also for a code that does not exist.
    """
    dossier = (
        Dossier.select(Dossier.id, Dossier.applicant_phone, Dossier.applicant_id_number)
        .where(Dossier.code == code)
        .first()
    )
    phone = last_four(dossier.applicant_phone) if dossier else NEVER
    id_number = last_four(dossier.applicant_id_number) if dossier else NEVER
    # Whatever a channel let through, only four digits are a factor: NEVER itself typed is not.
    proven = (same_secret(typed, phone) | same_secret(typed, id_number)) & _four_digits(typed)
    if proven:
        slot.give_back(_limits(code, origin)[1])
    else:
        ratelimit.forget_old()
    return proven


def _four_digits(typed):
    return isinstance(typed, str) and len(typed) == 4 and all("0" <= ch <= "9" for ch in typed)
