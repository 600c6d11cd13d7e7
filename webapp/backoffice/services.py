"""What an officer sees and does: queues scoped to the officer's units, and reception."""

import datetime

from flask_babel import lazy_gettext as _l
from peewee import JOIN, Case, DatabaseError, fn

from webapp.backoffice.history import timeline
from webapp.dossiers.access import scoped
from webapp.dossiers.numbering import normalise_code
from webapp.dossiers.timing import due_soon, late, punctuality, start_of_day
from webapp.models import Dossier, Staff, Unit
from webapp.models.dossier import utcnow
from webapp.models.values import ASSIGN, RECEIVE, REFUSE, RETURN, SEND_BACK, STOP, TRANSFER, WITHDRAW
from webapp.text import CONTROL_RE
from webapp.workflow import machine

QUEUES = {
    "duoc-giao": (_l("Được giao cho tôi"), (machine.DA_TIEP_NHAN, machine.DANG_XU_LY)),  # a specialist's own
    "cho-tiep-nhan": (_l("Chờ tiếp nhận"), (machine.CHO_TIEP_NHAN,)),
    "dang-xu-ly": (_l("Đang xử lý"), (machine.DA_TIEP_NHAN, machine.DANG_XU_LY, machine.CHO_PHE_DUYET)),
    "cho-phe-duyet": (_l("Chờ phê duyệt"), (machine.CHO_PHE_DUYET,)),
    "cho-bo-sung": (_l("Chờ bổ sung"), (machine.CHO_BO_SUNG,)),
    "sap-den-han": (_l("Sắp đến hạn"), machine.OPEN),
    "qua-han": (_l("Quá hạn"), machine.OPEN),
    "cho-tra-ket-qua": (_l("Chờ trả kết quả"), (machine.CHO_TRA_KET_QUA,)),
}
SEARCH_MAX = 60
# Eight working hours never span more than this many calendar days (the longest Tết break is ~9).
DUE_SOON_WINDOW = datetime.timedelta(days=21)


QUEUE_ROWS = 200  # a page of a queue; counting (the morning digest) passes limit=None
# Where each role's own work waits: the login lands there, and so does the queues page opened
# without a queue. Admins land on their admin pages instead (webapp/auth).
ROLE_QUEUE = {machine.MOT_CUA: "cho-tiep-nhan", machine.CHUYEN_VIEN: "duoc-giao", machine.LANH_DAO: "cho-phe-duyet"}
OWN_QUEUES = {"duoc-giao": (machine.CHUYEN_VIEN,)}  # the queues only these roles have
MINE_QUEUES = ("dang-xu-ly", "sap-den-han", "qua-han")  # narrowed to "của tôi" on asking (see _mine)
MINE_ROLES = (machine.CHUYEN_VIEN, machine.LANH_DAO)  # the roles with work of their own: see _mine
LATENESS_QUEUES = ("qua-han", "sap-den-han")  # decided row by row by dossiers.timing


def role_queue(staff):
    """The queue where this officer's own work waits."""
    return ROLE_QUEUE.get(staff.role, "cho-tiep-nhan")


def tabs_for(staff):
    """The queues this officer has, the role's own first: {key: label}."""
    keys = [key for key in QUEUES if staff.role in OWN_QUEUES.get(key, (staff.role,))]
    keys.sort(key=lambda key: key != role_queue(staff))
    return {key: QUEUES[key][0] for key in keys}


def has_mine(staff, key):
    """Whether "của tôi" narrows this queue for this officer: a specialist or a leader, on a queue of
    the unit's dossiers at several stages."""
    return staff.role in MINE_ROLES and key in MINE_QUEUES


def queue(staff, key, search="", mine=False, now=None, limit=QUEUE_ROWS):
    """One queue, today's work first (see today_first); `search` matches the code, the applicant's
    name or phone. `mine` keeps what waits on `staff` (see _mine).

    The assignee comes in the same query, so the page costs the same number of queries for 1 row or 200.
    """
    now = now or utcnow()
    rows = _matching(_selection(staff, key, mine, now), search).order_by(*today_first(now))
    if key == "qua-han":
        return [d for d in rows if late(d, now)][:limit]
    if key == "sap-den-han":
        return [d for d in rows if due_soon(d, now)][:limit]
    return list(rows.limit(limit))


def _selection(staff, key, mine, now):
    rows = (
        scoped(staff)
        .select_extend(Staff.id, Staff.full_name)
        .switch(Dossier)
        .join(Staff, JOIN.LEFT_OUTER, on=Dossier.assignee)
        .where(Dossier.status.in_(QUEUES[key][1]))
    )
    if key == "qua-han":  # unsigned: decided in SQL (a due date before today); signed: by timing.late
        unsigned_late = Dossier.finished_at.is_null() & (Dossier.due_at < start_of_day(now))
        rows = rows.where(unsigned_late | (Dossier.finished_at.is_null(False) & (Dossier.due_at < now)))
    if key == "sap-den-han":  # narrowed in SQL, decided by timing.due_soon
        rows = rows.where(
            Dossier.finished_at.is_null(), Dossier.due_at >= start_of_day(now), Dossier.due_at <= now + DUE_SOON_WINDOW
        )
    if key == "duoc-giao":
        rows = rows.where(Dossier.assignee == staff.id)
    if mine:
        rows = rows.where(_mine(staff))
    return rows


def _mine(staff):
    """ "Của tôi", what waits on this officer: for a leader, every result waiting for his signature in
    his units; for anyone else, the dossiers assigned to them and not yet with the leader."""
    if staff.role == machine.LANH_DAO:
        return Dossier.status == machine.CHO_PHE_DUYET
    return (Dossier.assignee == staff.id) & Dossier.status.in_((machine.DA_TIEP_NHAN, machine.DANG_XU_LY))


def today_first(now):
    """What an officer acts on first: the dossiers due from today on, soonest first; then the overdue
    ones, most recently due first, so one forgotten for months never buries today's; then the ones
    not yet received (no due date), first come first served."""
    today = start_of_day(now)
    group = Case(None, [(Dossier.due_at >= today, 0), (Dossier.due_at < today, 1)], 2)
    upcoming = Case(None, [(Dossier.due_at >= today, Dossier.due_at)])
    return group, upcoming.asc(), Dossier.due_at.desc(), Dossier.submitted_at, Dossier.id


def counts(staff, now=None):
    """{queue key: how many its tab holds}: the tabs by status from one grouped count, the due-soon
    and overdue tabs as their lists decide."""
    now = now or utcnow()
    open_rows = scoped(staff).select(Dossier.status, fn.COUNT(Dossier.id)).where(Dossier.status.in_(machine.OPEN))
    by_status = dict(open_rows.group_by(Dossier.status).tuples())  # the closed ones are in no tab
    found = {}
    for key in tabs_for(staff):
        if key in LATENESS_QUEUES or key in OWN_QUEUES:
            found[key] = count(staff, key, now=now)
        else:
            found[key] = sum(by_status.get(state, 0) for state in QUEUES[key][1])
    return found


def header_counts(staff):
    """The header's tab counts on any staff page; {} when the database cannot say (an error page about
    the database itself must still render)."""
    try:
        return counts(staff)
    except DatabaseError:
        return {}


def count(staff, key, mine=False, now=None):
    """How many dossiers one queue holds (all of them, past one page)."""
    now = now or utcnow()
    if key in LATENESS_QUEUES:
        return len(queue(staff, key, mine=mine, now=now, limit=None))
    return _selection(staff, key, mine, now).count()


def _matching(rows, search):
    # Control characters read as spaces: PostgreSQL refuses a NUL in a string (a 500 the fuzzer found).
    search = CONTROL_RE.sub(" ", search or "").strip()[:SEARCH_MAX]
    if not search:
        return rows
    digits = "".join(c for c in search if c.isdigit())
    match = Dossier.code.contains(search) | Dossier.applicant_name.contains(search)
    code = normalise_code(search)  # a whole code typed as people type it: spaces, no dot, lower case
    if code:
        match |= Dossier.code == code
    if len(digits) >= 6:
        match |= Dossier.applicant_phone.contains(digits[-9:])
    return rows.where(match)


# Form 06's rows: the dossier arriving, every step that passes it to other hands (the actions that
# issue form 06), its return, and the steps that close it. Supplements, apologies and views have their
# own papers and the audit page.
HANDOVERS = (
    *machine.ENTRY_STEPS,
    RECEIVE,
    *(action.name for action in machine.ACTIONS if action.form == "06"),
    RETURN,
    REFUSE,
    STOP,
    WITHDRAW,
)


def control_rows(dossier):
    """Form 06: one row per hand-over, timed against the due date from reception on ("—" before)."""
    steps = [step for step in timeline(dossier) if step.action in HANDOVERS]
    names = _unit_names(steps)
    return [
        {
            "step": step,
            "punctuality": _timed(step, dossier),
            "handover": handover(step, names),
        }
        for step in steps
    ]


def _timed(step, dossier):
    if dossier.due_at is None or dossier.received_at is None or step.at < dossier.received_at:
        return None
    return punctuality(step.at, dossier.due_at)


def _unit_names(steps):
    ids = {step.unit_id for step in steps} | {(step.details or {}).get("to_unit") for step in steps}
    ids.discard(None)
    return {unit.id: unit.full_name for unit in Unit.select(Unit.id, Unit.full_name).where(Unit.id.in_(ids))}


def handover(step, unit_names):
    """Form 06's "from unit → to unit (or specialist)" of an assignment or a transfer; "" otherwise."""
    details = step.details or {}
    source = unit_names.get(step.unit_id, "")
    if step.action == TRANSFER:
        target = unit_names.get(details.get("to_unit")) or details.get("to_unit_name", "")
    elif step.action in (ASSIGN, SEND_BACK) and details.get("assignee_name"):
        target = "chuyên viên " + details["assignee_name"]  # form 06 is a Vietnamese paper in every UI language
    else:
        return ""
    return f"{source} → {target}" if source else target
