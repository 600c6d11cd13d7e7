"""Finding a dossier for whoever knows its code and a second factor, without helping anyone guess codes.

An unknown code and a wrong second factor take the same path and give the same answer, and both count
against the code as typed and the address it came from, so probing codes costs as much as guessing digits.
"""

import datetime

from peewee import fn

from webapp import ratelimit
from webapp.constant_time import same_secret
from webapp.db import db
from webapp.models import Agency, Dossier, Procedure, Rating, SmsOptOut, Transition
from webapp.prepared_sql import prepared_select

MINUTES_15 = datetime.timedelta(minutes=15)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
# Four digits are 10,000 guesses and a phone and a CCCD make two right answers, so a targeted dossier
# falls to about 1 guess in 5,000. Per code, 5 failures per 15 minutes and 20 a day (whether or not the
# code exists) put that beyond the life of a dossier (~250 days on average) while a citizen who mistypes
# waits at most 15 minutes; per address, 10 failures per 15 minutes stop walking through many codes from
# one machine, and 60 tries an hour, right or wrong, stop a script that knows its answers from reading
# the register, yet leave room for a commune office whose people share one address.
IP_FAILURES = (10, MINUTES_15)
IP_TRIES = (60, HOUR)
CODE_FAILURES = (5, MINUTES_15)
CODE_FAILURES_PER_DAY = (20, DAY)
NEVER = "\x00\x00\x00\x00"  # what an unknown code's factors are compared with: never four digits


def _limits(code, ip):
    """(every limit of this try, those that count failures only)."""
    by_ip, by_code = f"lookup-ip:{ip or '-'}", f"lookup-code:{code}"
    failures = (
        ratelimit.Limit(by_ip, *IP_FAILURES),
        ratelimit.Limit(by_code, *CODE_FAILURES),
        ratelimit.Limit(by_code, *CODE_FAILURES_PER_DAY),
    )
    return (*failures, ratelimit.Limit(by_ip, *IP_TRIES)), failures


def take_slot(code, ip):
    """This try's place under every lookup limit, taken atomically; `.wait` says how long to wait if
    there is none (then nothing was counted and nothing may be checked)."""
    every, _failures = _limits(code, ip)
    return ratelimit.take(*every)


def last_four(value):
    digits = "".join(ch for ch in value or "" if ch.isdigit())
    return digits[-4:] if len(digits) >= 4 else NEVER


def _matches(typed, expected):
    return same_secret(typed, expected)


def check(code, typed, ip, slot):
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
    proven = _matches(typed, phone) | _matches(typed, id_number)
    if proven:
        slot.give_back(_limits(code, ip)[1])
    else:
        ratelimit.forget_old()
    return proven


# The status page's cache key, read on every reload: plain values, SQL written once per database kind.
PAGE_STATE_SQL = (
    "SELECT d.version, (SELECT r.overall FROM rating r WHERE r.dossier_id = d.id),"
    " EXISTS(SELECT 1 FROM sms_opt_out o WHERE o.phone = d.applicant_phone)"
    " FROM dossier d WHERE d.code = {p}"
)


def page_state(code):
    """(version, rating, SMS stopped) of the dossier: what the status page shows changes with these."""
    row = db.execute_sql(PAGE_STATE_SQL.format(p=db.obj.param), (code,)).fetchone()
    return (row[0], row[1], bool(row[2])) if row else None


def status_of(code):
    """The dossier with its procedure and agency, its rating (if any) and whether its phone stopped the
    optional SMS: everything the status page shows but the steps, in one query. None if unknown.

    The page is the one people reload while they wait, so its SQL is generated once (webapp/hotpath.py).
    """
    rows = prepared_select("lookup_status", _status_query, [code])
    return rows[0] if rows else None


def _status_query(code):
    opted_out = SmsOptOut.select(SmsOptOut.id).where(SmsOptOut.phone == Dossier.applicant_phone)
    rated = Rating.select(Rating.overall).where(Rating.dossier == Dossier.id)
    return (
        Dossier.select(
            *(Dossier.id, Dossier.code, Dossier.version, Dossier.procedure, Dossier.agency, Dossier.status),
            *(Dossier.channel, Dossier.delivery_channel),
            *(Dossier.applicant_name, Dossier.applicant_phone, Dossier.submitted_at, Dossier.expected_due_at),
            *(Dossier.received_at, Dossier.due_at, Dossier.new_due_at, Dossier.finished_at, Dossier.result_on_paper),
            *(Dossier.returned_at, Dossier.return_channel, Dossier.returned_to, Dossier.supplement_token),
            *(Dossier.fee_amount, Dossier.fee_point, Dossier.paid_at),
            *(Procedure.id, Procedure.code, Procedure.name, Procedure.name_en),
            *(Agency.id, Agency.name, Agency.address, Agency.phone),
            rated.alias("rated_overall"),
            fn.EXISTS(opted_out).alias("sms_opted_out"),
        )
        .join(Procedure)
        .switch(Dossier)
        .join(Agency)
        .where(Dossier.code == code)
        .limit(1)
    )


def steps_of(dossier):
    """The dossier's steps, oldest first, without who took them or from where (officers' data)."""
    return prepared_select("lookup_steps", _steps_query, [dossier.id])


def _steps_query(dossier_id):
    return (
        Transition.select(Transition.id, Transition.action, Transition.at, Transition.note, Transition.details)
        .where(Transition.dossier == dossier_id)
        .order_by(Transition.at, Transition.id)
    )


def set_sms_opt_out(phone, stop):
    """Stop (or resume) the optional SMS to `phone`: receipts, "posted", rating invitations."""
    if stop:
        SmsOptOut.get_or_create(phone=phone)
    else:
        SmsOptOut.delete().where(SmsOptOut.phone == phone).execute()
