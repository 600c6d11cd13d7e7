"""A dossier's steps told to the citizen in plain words: what happened, and what to do next.

The back office's internal hand-overs (assignment, submission to the leader, send-back, liên thông)
are all "being processed" to the citizen, without officers' names; the words of the steps the citizen
must know (form 02's items, a refusal's or a delay's reason, the postal tracking number) come from the
notes and details each step stored (webapp/backoffice/supplement.py, papers.py, result.py).
"""

import datetime
from dataclasses import dataclass, field

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.dossiers.timing import late, punctuality
from webapp.formatting import local_time, money
from webapp.models import values
from webapp.workflow import machine
from webapp.workflow.fees import waits_for_fee

INTERNAL = frozenset({values.ASSIGN, values.SUBMIT_TO_LEADER, values.SEND_BACK, values.TRANSFER})
IN_PROGRESS = _l("Đang được giải quyết")
# The state in the citizen's words (the officers' names of the states are in machine.STATES).
PLAIN_STATES = {
    machine.CHO_TIEP_NHAN: _l("Đang chờ kiểm tra, tiếp nhận hồ sơ"),
    machine.CHO_BO_SUNG: _l("Cần bổ sung giấy tờ"),
    machine.DA_TIEP_NHAN: IN_PROGRESS,
    machine.DANG_XU_LY: IN_PROGRESS,
    machine.CHO_PHE_DUYET: IN_PROGRESS,
    machine.CHO_TRA_KET_QUA: _l("Đã có kết quả, chờ trả"),
    machine.DA_TRA_KET_QUA: _l("Đã trả kết quả"),
    machine.TU_CHOI: _l("Từ chối tiếp nhận"),
    machine.DUNG_XU_LY: _l("Đã dừng giải quyết"),
    machine.DA_RUT: _l("Đã rút hồ sơ"),
}
FEE_DUE = _l("Chờ bạn nộp phí")
FINISHED = {
    "truoc_han": _l("Có kết quả trước hạn"),
    "dung_han": _l("Có kết quả đúng hạn"),
    "qua_han": _l("Có kết quả trễ hạn"),
}


@dataclass
class Entry:
    at: datetime.datetime  # UTC
    title: str
    lines: list = field(default_factory=list)
    items: list = field(default_factory=list)  # form 02: [{"item", "reason"}]
    link: tuple | None = None  # (url, label)


def state_of(dossier):
    """The dossier's state in the citizen's words: "Chờ bạn nộp phí" while it waits on the fee."""
    if waits_for_fee(dossier):
        return FEE_DUE
    return PLAIN_STATES.get(dossier.status, dossier.status)


def due_of(dossier):
    """The due time the dossier is held to: fixed at reception, else the one expected at filing."""
    return dossier.due_at or dossier.expected_due_at


def timeliness(dossier, now):
    """On time or late, in words: against the result's date once there is one, else against now."""
    due = due_of(dossier)
    if due is None or dossier.status in (machine.TU_CHOI, machine.DUNG_XU_LY, machine.DA_RUT):
        return None
    if waits_for_fee(dossier) and dossier.status == machine.CHO_TIEP_NHAN:
        return None  # the clock has not started: it starts at reception, once the fee is in
    done = dossier.finished_at or dossier.returned_at
    if done is not None:
        return FINISHED[punctuality(done, due)]
    if dossier.new_due_at:
        return _("Trễ hạn — hẹn trả lại vào %(when)s", when=local_time(dossier.new_due_at))
    if late(dossier, now):  # the back office's own meaning: past the due date, not the due hour
        return _("Đã quá hạn giải quyết")
    return _("Đang trong hạn giải quyết")


def timeliness_changes_at(dossier, now):
    """When `timeliness` will say something else with nothing else changed: the due moment of a
    dossier still in time; None when only a change to the dossier can change it."""
    due = due_of(dossier)
    settled = dossier.finished_at or dossier.returned_at or dossier.new_due_at
    if due is None or settled or now > due or dossier.status in (machine.TU_CHOI, machine.DUNG_XU_LY, machine.DA_RUT):
        return None
    if timeliness(dossier, now) is None:
        return None
    return due


def initials(name):
    """ "Nguyễn Văn An" → "N. V. A.": enough to recognise one's own dossier, not to identify anyone."""
    return " ".join(f"{word[0].upper()}." for word in (name or "").split() if word[0].isalpha())


def entries(dossier, steps):
    """The timeline, oldest first; consecutive internal steps show once, as "being processed"."""
    last_request = next((step for step in reversed(steps) if step.action == values.REQUEST_SUPPLEMENT), None)
    shown = []
    for step in steps:
        if step.action in INTERNAL and shown and shown[-1].title == str(IN_PROGRESS):
            continue
        shown.append(_describe(dossier, step, is_last_request=step is last_request))
    return shown


def _describe(dossier, step, is_last_request=False):
    details, note = step.details or {}, (step.note or "").strip()
    describe = _DESCRIBE.get(step.action)
    if describe is not None:
        return describe(dossier, step, details, note, is_last_request)
    return Entry(step.at, str(IN_PROGRESS))


def _filed_online(dossier, step, details, note, is_last_request):
    return Entry(step.at, _("Đã nộp hồ sơ trực tuyến"))


def _filed_at_desk(dossier, step, details, note, is_last_request):
    return Entry(step.at, _("Đã nộp hồ sơ tại %(agency)s", agency=dossier.agency.name))


def _received(dossier, step, details, note, is_last_request):
    lines = [_("Hẹn trả kết quả: %(when)s", when=local_time(dossier.due_at))] if dossier.due_at else []
    return Entry(step.at, _("%(agency)s đã tiếp nhận hồ sơ", agency=dossier.agency.name), lines)


def _supplement(dossier, step, details, note, is_last_request):
    entry = Entry(step.at, _("Cần bổ sung giấy tờ"), items=list(details.get("items") or []))
    if details.get("contact"):
        entry.lines.append(_("Liên hệ: %(contact)s", contact=details["contact"]))
    if is_last_request and dossier.status == machine.CHO_BO_SUNG and dossier.supplement_token:
        url = url_for("filing.supplement", supplement_token=dossier.supplement_token)
        entry.link = (url, _("Nộp bổ sung giấy tờ"))
    return entry


def _handed_in(dossier, step, details, note, is_last_request):
    return Entry(step.at, _("Đã nộp bổ sung giấy tờ"))


def _refused(dossier, step, details, note, is_last_request):
    return Entry(step.at, _("Từ chối tiếp nhận hồ sơ"), _reason(note))


def _apology(dossier, step, details, note, is_last_request):
    new_due = _moment(details.get("new_due_at")) or dossier.new_due_at
    title = _("Trễ hạn — hẹn trả lại vào %(when)s", when=local_time(new_due)) if new_due else _("Trễ hạn")
    return Entry(step.at, title, _reason(note))


def _stopped(dossier, step, details, note, is_last_request):
    return Entry(step.at, _("Dừng giải quyết hồ sơ"), _reason(note))


def _result(dossier, step, details, note, is_last_request):
    entry = Entry(step.at, _("Đã có kết quả"))
    if dossier.status == machine.CHO_TRA_KET_QUA:
        online = bool(details.get("file"))
        entry.lines.append(where_to_collect(dossier, online))
        entry.link = (url_for("filing.mine"), _("Hồ sơ của tôi")) if online else None
    return entry


def where_to_collect(dossier, online):
    place = ", ".join(part for part in (dossier.agency.name, dossier.agency.address) if part)
    if online:
        return _(
            "Nhận kết quả tại %(place)s (mang theo giấy tờ tùy thân), hoặc tải về tại “Hồ sơ của tôi” khi kết quả"
            " được trả trực tuyến.",
            place=place,
        )
    return _("Nhận kết quả tại %(place)s, mang theo giấy tờ tùy thân.", place=place)


def _returned(dossier, step, details, note, is_last_request):
    channel = details.get("channel") or dossier.return_channel
    if channel == values.POST:
        tracking = details.get("to") or dossier.returned_to
        return Entry(step.at, _("Đã gửi qua bưu chính, mã bưu gửi %(tracking)s", tracking=tracking))
    if channel == values.ONLINE:
        link = (url_for("filing.citizen_result", code=dossier.code), _("Tải kết quả"))
        lines = [_("Tải kết quả sau khi xác thực số điện thoại đã dùng khi nộp hồ sơ.")]
        return Entry(step.at, _("Đã trả kết quả trực tuyến"), lines, link=link)
    # At the desk: who collected it, and their ID number, are not shown here.
    return Entry(step.at, _("Đã trả kết quả tại %(agency)s", agency=dossier.agency.name))


def _withdrawn(dossier, step, details, note, is_last_request):
    return Entry(step.at, _("Đã rút hồ sơ"))


def _reason(note):
    return [_("Lý do: %(reason)s", reason=note)] if note else []


def _moment(text):
    try:
        return datetime.datetime.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


def _fee_paid(dossier, step, details, note, is_last_request):
    amount = details.get("amount")
    if amount:
        return Entry(step.at, _("Đã nộp phí, lệ phí %(amount)s", amount=money(amount)))
    return Entry(step.at, _("Đã nộp phí, lệ phí"))


def _delivered(dossier, step, details, note, is_last_request):
    return Entry(step.at, _("Bưu điện đã giao kết quả"))


_DESCRIBE = {
    values.FILED_ONLINE: _filed_online,
    values.FILED_AT_COUNTER: _filed_at_desk,
    values.RECEIVE: _received,
    values.REQUEST_SUPPLEMENT: _supplement,
    values.HAND_IN: _handed_in,
    values.REFUSE: _refused,
    values.APOLOGISE: _apology,
    values.STOP: _stopped,
    values.APPROVE: _result,
    values.RETURN: _returned,
    values.WITHDRAW: _withdrawn,
    values.PAID_ONLINE: _fee_paid,
    values.CASH_PAID: _fee_paid,
    values.POST_DELIVERED: _delivered,
}
