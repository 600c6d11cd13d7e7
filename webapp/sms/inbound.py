"""SMS from phones (MO): TRACUU <code> [<4 digits>] for a dossier's status, HUY / DK to stop or resume
the optional messages, anything else gets the help text.

The applicant's own phone (the number filed with the dossier) is told the status, the due date and
what to do next from the code alone. Any other number must add the last four digits of that phone or
of the applicant's CCCD, as the web lookup asks (webapp/dossiers/second_factor.py, one implementation
for both): without them it is asked for them, and a wrong code and a wrong factor get the same reply
word for word, so a day's gap-free codes cannot be walked by SMS. Failures count against the code as
typed (the same counters as the web) and against the sending number; each number may also send only
a few messages an hour, whatever they say.
"""

import datetime
import math
import re

from flask import current_app

from webapp import ratelimit
from webapp.dossiers import consent, second_factor
from webapp.dossiers.numbering import normalise_code
from webapp.messaging.outbound import queue_sms
from webapp.messaging.templates import sms_time
from webapp.models import Dossier, SmsInbound
from webapp.models.values import POST
from webapp.text import strip_marks
from webapp.workflow import machine
from webapp.workflow.fees import waits_for_fee

LIMIT, WINDOW = 10, datetime.timedelta(hours=1)

STATUS_WORDS = {
    machine.CHO_TIEP_NHAN: "dang cho tiep nhan",
    machine.CHO_BO_SUNG: "can bo sung giay to",
    machine.DA_TIEP_NHAN: "da duoc tiep nhan",
    machine.DANG_XU_LY: "dang giai quyet",
    machine.CHO_PHE_DUYET: "dang giai quyet",
    machine.CHO_TRA_KET_QUA: "da co ket qua",
    machine.DA_TRA_KET_QUA: "da tra ket qua",
    machine.TU_CHOI: "bi tu choi tiep nhan",
    machine.DUNG_XU_LY: "da dung giai quyet",
    machine.DA_RUT: "da rut",
}
NEXT_STEP = {
    machine.CHO_TIEP_NHAN: "Vui long cho can bo kiem tra, tiep nhan.",
    machine.CHO_BO_SUNG: "Nop bo sung theo link trong tin nhan yeu cau.",
    machine.DA_TIEP_NHAN: "Ban chua can lam gi them.",
    machine.DANG_XU_LY: "Ban chua can lam gi them.",
    machine.CHO_PHE_DUYET: "Ban chua can lam gi them.",
    machine.CHO_TRA_KET_QUA: "Mang giay hen den nhan ket qua.",
    machine.DA_TRA_KET_QUA: "Cam on ban.",
    machine.TU_CHOI: "Xem ly do tren trang tra cuu.",
    machine.DUNG_XU_LY: "Xem thong bao tren trang tra cuu.",
    machine.DA_RUT: "Ban chua can lam gi them.",
}
FEE_DUE_WORDS = "cho nop phi, le phi"
FEE_DUE_NEXT = "Nop phi, le phi tren trang tra cuu hoac tai noi tiep nhan ho so."
LOOKUP_WORDS = ("TRACUU", "TC", "TRA CUU")
# "<code> 1234": four digits after a space end the message. A code typed with spaces ends with its
# own four-digit number after its six-digit day ("H42.18073 261127 0001"): those are not a factor.
TRAILING_FACTOR = re.compile(r"^(?P<code>.*\S)\s+(?P<factor>[0-9]{4})$")
DIGIT_RUNS = re.compile(r"[0-9]+")
DAY_DIGITS = 6


def handle(phone, text):
    """Answer one inbound SMS; returns the reply SmsMessage, or None when the number is throttled."""
    command, argument = parse(text)
    key = f"sms-in:{phone}"
    body = _kept_body(text, command, argument)
    if ratelimit.take(ratelimit.Limit(key, LIMIT, WINDOW)).wait:
        SmsInbound.create(phone=phone, body=body, command="throttled")
        return None
    reply = ANSWERS[command](phone, argument)
    SmsInbound.create(phone=phone, body=body, command=command, reply=reply.id)
    return reply


def _kept_body(text, command, argument):
    """The message as logged: a lookup's four digits (part of someone's phone or CCCD) are not kept."""
    body = (text or "")[:480]
    if command == "tracuu" and code_and_factor(argument)[1] is not None:
        body = re.sub(r"[0-9]{4}(\s*)$", r"****\1", body)
    return body


def parse(text):
    """('tracuu', code [+ ' ' + 4 digits]) · ('huy', '') · ('dangky', '') · ('huongdan', '') from what
    the phone sent; code_and_factor() splits a lookup's argument."""
    words = re.sub(r"\s+", " ", strip_marks((text or "")[:200])).strip().upper()  # "Tra cứu" is TRA CUU
    for keyword in LOOKUP_WORDS:
        rest = words[len(keyword) :] if words.startswith(keyword) else None
        # "TRACUUH42…" too: a code glued to the keyword
        if rest is not None and (rest[:1] in ("", " ") or normalise_code(code_and_factor(rest)[0])):
            return "tracuu", rest.strip()
    if words in ("HUY", "HUY TB", "STOP"):
        return "huy", ""
    if words in ("DK", "DANGKY", "DANG KY"):
        return "dangky", ""
    return "huongdan", ""


def code_and_factor(typed):
    """(the code as typed, the four digits typed after it or None)."""
    found = TRAILING_FACTOR.match(typed or "")
    if found is None:
        return typed, None
    runs = DIGIT_RUNS.findall(found["code"])
    if runs and len(runs[-1]) == DAY_DIGITS:  # "… 261127 0001": the code's own number
        return typed, None
    return found["code"], found["factor"]


def _lookup(phone, typed):
    typed_code, factor = code_and_factor(typed)
    code = normalise_code(typed_code)
    if not code:
        return _help(phone, "")
    owned = Dossier.get_or_none(Dossier.code == code, Dossier.applicant_phone == phone)
    if owned is not None:
        step = FEE_DUE_NEXT if waits_for_fee(owned) else NEXT_STEP.get(owned.status, "")
        return queue_sms(phone, "lookup_owner", next=step, **_words(owned))
    if factor is None:  # the same whether the code exists or not
        return queue_sms(phone, "lookup_factor", code=code)
    return _lookup_with_factor(phone, code, factor)


def _lookup_with_factor(phone, code, factor):
    """The status for a number that is not the applicant's, once it proved the code as the web asks.

    A throttled try gets a short "try again in N minutes" rather than silence: the sender paid for
    the message (or expects an answer on a free short code), and a carrier's two-way service answers
    every command it understood, keeping silence for flooding; a citizen left without a reply texts
    again and again. What that costs us is bounded by the number's few messages an hour (handle),
    past which nothing is answered at all. The wait says nothing about the code: unknown codes are
    counted and throttled exactly like real ones.
    """
    origin = second_factor.sms_origin(phone)
    slot = second_factor.take_slot(code, origin)
    if slot.wait:
        return queue_sms(phone, "lookup_wait", minutes=math.ceil(slot.wait / 60))
    dossier = Dossier.get_or_none(Dossier.code == code) if second_factor.check(code, factor, origin, slot) else None
    if dossier is None:
        return queue_sms(phone, "lookup_unknown")
    return queue_sms(phone, "lookup_status", **_words(dossier))


def _words(dossier):
    return {"code": dossier.code, "status": status_words(dossier), "due": sms_time(_due(dossier))}


def status_words(dossier):
    if waits_for_fee(dossier):  # waiting on the citizen, not on the office
        return FEE_DUE_WORDS
    words = STATUS_WORDS.get(dossier.status, dossier.status)
    if dossier.status == machine.DA_TRA_KET_QUA and dossier.return_channel == POST:
        return "da gui qua buu chinh"
    if dossier.new_due_at and dossier.status not in machine.CLOSED:
        return words + " (tre han)"
    return words


def _due(dossier):
    return dossier.new_due_at or dossier.due_at or dossier.expected_due_at


def _help(phone, _argument):
    site = current_app.config["PUBLIC_URL"].rstrip("/")
    return queue_sms(phone, "help", url=f"{site}/tra-cuu")


def _stop(phone, _argument):
    consent.record(phone, False, channel=consent.SMS)  # a withdrawal, kept; sets the opt-out
    return queue_sms(phone, "opted_out")


def _resume(phone, _argument):
    consent.record(phone, True, channel=consent.SMS)  # consent given again, kept; lifts the opt-out
    return queue_sms(phone, "opted_in")


ANSWERS = {"tracuu": _lookup, "huongdan": _help, "huy": _stop, "dangky": _resume}
