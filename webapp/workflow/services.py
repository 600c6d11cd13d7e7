"""Taking a workflow action on a dossier: checked against the definition, versioned, audited."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from webapp.admin_log import minimised
from webapp.db import write_transaction
from webapp.models import Dossier, Transition
from webapp.models.dossier import utcnow
from webapp.workflow.machine import check


@dataclass(frozen=True)
class Origin:
    """Where a step comes from, for its audit row: an officer's browser (with its address), the
    counter, a job, or the demo seed replaying the past (`at`, and no SMS to anyone)."""

    kind: str  # web | counter | job | seed
    ip: str | None = None
    at: object = None  # a past moment (naive UTC) for the demo history; None: now
    notify: bool = True

    @classmethod
    def web(cls, request):
        return cls("web", ip=request.remote_addr)

    @classmethod
    def seed(cls, at=None, notify=False):
        return cls("seed", at=at, notify=notify)


# The key of Transition.details holding the actor's role (machine.ROLES) on rows written since it was
# kept; older rows go without it, and the history guesses from the step (webapp/backoffice/history.py).
ROLE_KEY = "role"


class StaleDossier(Exception):
    """Someone changed the dossier since this officer's page was drawn; nothing was written."""

    reason = _l("Hồ sơ vừa được người khác cập nhật. Trạng thái hiện tại được hiển thị bên dưới.")


def apply(
    dossier,
    action_name,
    *,
    role,
    actor,
    version,
    note="",
    unit=None,
    ip=None,
    changes=None,
    details=None,
    within=(),
    at=None,
):
    """Move `dossier` by `action_name` if the definition allows it and `version` is still current.

    Raises NotAllowed (with the reason) or StaleDossier; on success returns the Action, whose
    `form` and `sms` say what the caller issues next. The state change and its audit row are
    written together or not at all; `changes` are further dossier columns set in the same update
    (the due date fixed at reception, say); `details` go on the audit row (what the step issued);
    `within` are callables(dossier) run in the same transaction (storing the signed result's row), so
    if one fails the dossier has not moved. The audit row keeps `role` in its details (ROLE_KEY): a
    citizen and an officer may bear the same name, and the history must tell them apart.
    """
    if version != dossier.version:
        raise StaleDossier()  # the page was drawn before someone else's step: say so before anything else
    action = check(action_name, dossier.status, role, note)
    target = action.target or dossier.status
    now = at or utcnow()  # `at`: the demo history replays steps at past moments
    with write_transaction():
        moved = (
            Dossier.update(status=target, version=Dossier.version + 1, **(changes or {}))
            .where(Dossier.id == dossier.id, Dossier.version == version, Dossier.status == dossier.status)
            .execute()
        )
        if moved != 1:
            raise StaleDossier()
        Transition.create(
            dossier=dossier.id,
            action=action.name,
            from_status=dossier.status,
            to_status=target,
            actor=actor[:120],
            unit=unit,
            ip=ip,
            at=now,
            note=minimised((note or "").strip()),
            details=minimised({**(details or {}), ROLE_KEY: role}),
        )
        for write in within:
            write(dossier)
    dossier.status, dossier.version = target, version + 1
    for name, value in (changes or {}).items():
        setattr(dossier, name, value)
    return action


def record(dossier_id, step, *, actor, changes, unless_set, details=None, unit=None, ip=None, at=None, role=None):
    """Record a fact about a dossier that is not a move (a fee paid, the post's delivery): set `changes`
    and write its audit row in one transaction, once. `unless_set` names the column that says it was
    already recorded (paid_at, delivered_at): of two racing callers only the first writes, the other
    gets False. The version is bumped, so pages keyed by it (the lookup's) show the fact at once.
    `role`, when the caller knows it (an officer's), is kept in the details like apply's."""
    now = at or utcnow()
    with write_transaction():
        current = Dossier.get_or_none(Dossier.id == dossier_id)
        if current is None:
            return False
        column = getattr(Dossier, unless_set)
        done = (
            Dossier.update(version=Dossier.version + 1, **changes)
            .where(Dossier.id == dossier_id, column.is_null())
            .execute()
        )
        if done != 1:
            return False
        Transition.create(
            dossier=dossier_id,
            action=step,
            from_status=current.status,
            to_status=current.status,
            actor=actor[:120],
            unit=unit,
            ip=ip,
            at=now,
            details=minimised({**(details or {}), **({ROLE_KEY: role} if role else {})}),
        )
    return True
