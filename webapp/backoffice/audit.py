"""The audit page: every step and every view of a dossier, with who, when and from where."""

import datetime

from flask import render_template
from flask_babel import lazy_gettext as _l
from peewee import JOIN

from webapp.backoffice import bp
from webapp.dossiers.access import staff_dossier_or_404
from webapp.formatting import local_time
from webapp.identity.services import ROLE_LABELS
from webapp.identity.session import current_staff, login_required
from webapp.models import DossierView, Staff, Transition, Unit
from webapp.workflow import machine
from webapp.workflow.result import RETURN_CHANNELS

# Who answers for what happened to a dossier: the leader and the administrators, not the desk.
AUDIT_ROLES = (machine.LANH_DAO, machine.QUAN_TRI_DON_VI, machine.QUAN_TRI_TINH)
VIEWED = {
    "page": _l("Xem hồ sơ"),
    "mau-01": _l("Xem giấy tiếp nhận (mẫu 01)"),
    "mau-06": _l("Xem phiếu kiểm soát (mẫu 06)"),
    "tep": _l("Tải tệp đính kèm"),
    "nhat-ky": _l("Xem nhật ký"),
    "to-khai.pdf": _l("Xem tờ khai (PDF)"),
    "tep-goc": _l("Tải tệp gốc của giấy tờ dùng lại"),
    "bien-lai": _l("Xem biên lai thu phí"),
}
# Ids that travel with a name in the same details: the name says it for a reader; and the actor's role
# (workflow.services.ROLE_KEY), which the dossier page's history says beside the name.
SHOWN_BY_NAME = {"assignee", "from_unit", "to_unit", "role"}


def viewed_label(what):
    """What an officer opened: a page, a file, or a paper (mau-0N) as a page or as PDF."""
    if what in VIEWED:
        return VIEWED[what]
    if what.startswith("mau-"):
        number, _dot, kind = what[4:].partition(".")
        return _l("Xem mẫu %(n)s (PDF)", n=number) if kind == "pdf" else _l("Xem mẫu %(n)s", n=number)
    return what


def may_see_audit():
    staff = current_staff()
    return staff is not None and staff.role in AUDIT_ROLES


def _moment(iso_text):
    try:
        return local_time(datetime.datetime.fromisoformat(iso_text))
    except (TypeError, ValueError):
        return str(iso_text)


def _item(entry):
    if not isinstance(entry, dict):
        return str(entry)
    return f"{entry.get('item', '')} ({entry['reason']})" if entry.get("reason") else str(entry.get("item", ""))


def _items(items):
    return "; ".join(_item(entry) for entry in items) if isinstance(items, list) else str(items)


def _papers(papers):
    """The counter's ticked papers: "name (count)" each."""
    if not isinstance(papers, list):
        return str(papers)
    return "; ".join(f"{p.get('name', '')} ({p.get('count', '')})" if isinstance(p, dict) else str(p) for p in papers)


def _detail_line(key, value):
    """One line a reader understands for a known detail (DOMAIN forms 02, 04, 06, return)."""
    known = {
        "items": lambda: _l("Cần bổ sung: %(items)s", items=_items(value)),
        "contact": lambda: _l("Liên hệ: %(contact)s", contact=value),
        "new_due_at": lambda: _l("Hẹn trả mới: %(when)s", when=_moment(value)),
        "old_due_at": lambda: _l("Hạn cũ: %(when)s", when=_moment(value)),
        "to_unit_name": lambda: _l("Chuyển đến: %(unit)s", unit=value),
        "assignee_name": lambda: _l("Giao cho: %(name)s", name=value),
        "channel": lambda: _l("Hình thức trả: %(channel)s", channel=RETURN_CHANNELS.get(value, value)),
        "to": lambda: _l("Người nhận: %(to)s", to=value),
        "file": lambda: _l("Có tệp kết quả") if value else _l("Không có tệp kết quả"),
        "on_paper": lambda: _l("Kết quả bản giấy") if value else _l("Không có bản giấy"),
        "draft": lambda: _l("Có dự thảo kết quả") if value else _l("Không kèm dự thảo"),
        "documents": lambda: _l("Giấy tờ nhận: %(papers)s", papers=_papers(value)),
    }
    if key in known:
        return str(known[key]())
    return f"{key}: {value}"


def summarize(details):
    """The step's details as short lines, known ones in words, anything else as it was stored."""
    if not isinstance(details, dict):
        return [str(details)] if details else []
    return [_detail_line(k, v) for k, v in details.items() if k not in SHOWN_BY_NAME and v not in (None, "", [], {})]


def steps_of(dossier):
    return list(
        Transition.select(Transition, Unit)
        .join(Unit, JOIN.LEFT_OUTER)
        .where(Transition.dossier == dossier.id)
        .order_by(Transition.at.desc(), Transition.id.desc())
    )


def views_of(dossier):
    return list(
        DossierView.select(DossierView, Staff)
        .join(Staff)
        .where(DossierView.dossier == dossier.id)
        .order_by(DossierView.at.desc(), DossierView.id.desc())
    )


@bp.get("/<code>/nhat-ky")
@login_required(*AUDIT_ROLES)
def audit(code):
    """Nhật ký hồ sơ: opening it is itself written in the log it shows."""
    record = staff_dossier_or_404(code, seen="nhat-ky")
    return render_template(
        "backoffice/audit.html",
        dossier=record,
        steps=steps_of(record),
        views=views_of(record),
        action_label=machine.step_label,
        summarize=summarize,
        viewed_label=viewed_label,
        roles=ROLE_LABELS,
    )
