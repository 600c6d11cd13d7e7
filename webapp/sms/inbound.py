"""SMS from phones (MO): TRACUU <code> for a dossier's status, HUY / DK to stop or resume the
optional messages, anything else gets the help text.

Anyone holding a code may learn its status by SMS, as on the paper receipt's hotline; only the
applicant's own phone is also told what to do next. Each number may ask a few times an hour.
"""

import datetime
import re

from flask import current_app

from webapp import ratelimit
from webapp.dossiers.numbering import normalise_code
from webapp.messaging.outbound import queue_sms
from webapp.messaging.templates import sms_time
from webapp.models import Dossier, SmsInbound, SmsOptOut
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


def handle(phone, text):
    """Answer one inbound SMS; returns the reply SmsMessage, or None when the number is throttled."""
    command, argument = parse(text)
    key = f"sms-in:{phone}"
    if ratelimit.take(ratelimit.Limit(key, LIMIT, WINDOW)).wait:
        SmsInbound.create(phone=phone, body=(text or "")[:480], command="throttled")
        return None
    reply = ANSWERS[command](phone, argument)
    SmsInbound.create(phone=phone, body=(text or "")[:480], command=command, reply=reply.id)
    return reply


def parse(text):
    """('tracuu', code) · ('huy', '') · ('dangky', '') · ('huongdan', '') from what the phone sent."""
    words = re.sub(r"\s+", " ", strip_marks((text or "")[:200])).strip().upper()  # "Tra cứu" is TRA CUU
    for keyword in LOOKUP_WORDS:
        rest = words[len(keyword) :] if words.startswith(keyword) else None
        if rest is not None and (rest[:1] in ("", " ") or normalise_code(rest)):  # "TRACUUH42…" too
            return "tracuu", rest.strip()
    if words in ("HUY", "HUY TB", "STOP"):
        return "huy", ""
    if words in ("DK", "DANGKY", "DANG KY"):
        return "dangky", ""
    return "huongdan", ""


def _lookup(phone, typed):
    code = normalise_code(typed)
    dossier = Dossier.get_or_none(Dossier.code == code) if code else None
    if dossier is None:
        if not code:
            return _help(phone, "")
        return queue_sms(phone, "lookup_unknown", code=code)
    words = {"code": dossier.code, "status": status_words(dossier), "due": sms_time(_due(dossier))}
    if phone == dossier.applicant_phone:
        step = FEE_DUE_NEXT if waits_for_fee(dossier) else NEXT_STEP.get(dossier.status, "")
        return queue_sms(phone, "lookup_owner", next=step, **words)
    return queue_sms(phone, "lookup_status", **words)


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
    SmsOptOut.insert(phone=phone).on_conflict_ignore().execute()
    return queue_sms(phone, "opted_out")


def _resume(phone, _argument):
    SmsOptOut.delete().where(SmsOptOut.phone == phone).execute()
    return queue_sms(phone, "opted_in")


ANSWERS = {"tracuu": _lookup, "huongdan": _help, "huy": _stop, "dangky": _resume}
