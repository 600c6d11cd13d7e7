"""A dossier's history as the officers read it ("Quá trình xử lý"): every step with who took it and
on which side (the citizen, the desk, a specialist, the leader, the system), whom it was handed to,
and what it recorded. A fact recorded without a move (a fee paid, the post's delivery) is an event of
its own, never a state "moving" to itself.

The role is on the step's audit row (workflow.services.ROLE_KEY) since it was kept; older rows get it
from the step itself where only one side can take it.
"""

import datetime
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from webapp.formatting import local_time, money, vn_date
from webapp.identity.services import ROLE_LABELS
from webapp.models import Transition, values
from webapp.workflow import machine
from webapp.workflow.result import RETURN_CHANNELS
from webapp.workflow.sides import OFFICER, SYSTEM, side_of

SIDES = {
    machine.CONG_DAN: _l("Công dân"),
    **ROLE_LABELS,
    SYSTEM: _l("Hệ thống"),
    OFFICER: _l("Cán bộ"),
}
# The steps that hand the dossier to a named specialist (a submission also names one, as its assignee).
HANDED_TO_SPECIALIST = (values.ASSIGN, values.SEND_BACK)


@dataclass
class Line:
    step: Transition
    title: str  # the step's name
    actor: str
    side: str  # SIDES' words
    move: tuple | None  # (from state, to state) in words; None for a recorded fact
    facts: list = field(default_factory=list)  # whom it went to, the unit, the amount…

    @property
    def recorded(self):
        return self.step.action in machine.RECORDED_STEPS


def timeline(dossier):
    """The dossier's audit rows, oldest first."""
    return list(Transition.select().where(Transition.dossier == dossier.id).order_by(Transition.at, Transition.id))


def history(dossier, steps=None):
    """The history lines of `dossier` (from `steps`, its timeline, when the caller has it already)."""
    return [_line(step, dossier) for step in (timeline(dossier) if steps is None else steps)]


def _line(step, dossier):
    moved = step.action not in machine.RECORDED_STEPS and step.from_status != step.to_status
    return Line(
        step=step,
        title=str(machine.step_label(step.action)),
        actor=step.actor,
        side=str(SIDES.get(side_of(step, dossier), SIDES[OFFICER])),
        move=(_state(step.from_status), _state(step.to_status)) if moved else None,
        facts=_facts(step),
    )


def _state(name):
    return str(machine.STATES.get(name, name)) if name else ""


def _facts(step):
    """What a reader needs beside the step's name: whom, where, how much, until when."""
    details = step.details or {}
    shown = [
        (details.get("assignee_name") if step.action in HANDED_TO_SPECIALIST else None, _assignee),
        (details.get("to_unit_name"), lambda v: _l("Chuyển đến: %(unit)s", unit=v)),
        (details.get("new_due_at"), lambda v: _l("Hẹn trả mới: %(when)s", when=_moment(v))),
        (details.get("amount"), lambda v: _l("Số tiền: %(amount)s", amount=money(v))),
        (details.get("txn_ref"), lambda v: _l("Mã giao dịch: %(ref)s", ref=v)),
        (details.get("delivered_on"), lambda v: _l("Ngày giao: %(day)s", day=_day(v))),
        (details.get("tracking"), lambda v: _l("Mã bưu gửi: %(code)s", code=v)),
        (details.get("channel") if step.action == values.RETURN else None, _returned_by),
        (details.get("to") if step.action == values.RETURN else None, lambda v: _l("Người nhận: %(to)s", to=v)),
    ]
    return [str(words(value)) for value, words in shown if value not in (None, "")]


def _assignee(name):
    return _l("Giao cho chuyên viên: %(name)s", name=name)


def _returned_by(channel):
    return _l("Hình thức trả: %(channel)s", channel=RETURN_CHANNELS.get(channel, channel))


def _moment(iso_text):
    try:
        return local_time(datetime.datetime.fromisoformat(iso_text))
    except (TypeError, ValueError):
        return str(iso_text)


def _day(iso_text):
    try:
        return vn_date(iso_text)
    except (TypeError, ValueError):
        return str(iso_text)
