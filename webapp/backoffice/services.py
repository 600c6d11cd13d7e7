"""What an officer sees and does: queues scoped to the officer's units, and reception."""

from flask_babel import lazy_gettext as _l

from webapp.auth.session import staff_units
from webapp.calendar.services import current_calendar
from webapp.calendar.working_time import due_at, to_local, to_utc
from webapp.models import Agency, Dossier, Procedure, Transition
from webapp.models.dossier import utcnow
from webapp.workflow import machine

QUEUES = {
    "cho-tiep-nhan": (_l("Chờ tiếp nhận"), (machine.CHO_TIEP_NHAN,)),
    "dang-xu-ly": (_l("Đang xử lý"), (machine.DA_TIEP_NHAN, machine.DANG_XU_LY, machine.CHO_PHE_DUYET)),
    "cho-bo-sung": (_l("Chờ bổ sung"), (machine.CHO_BO_SUNG,)),
    "cho-tra-ket-qua": (_l("Chờ trả kết quả"), (machine.CHO_TRA_KET_QUA,)),
    "qua-han": (_l("Quá hạn"), machine.OPEN),
}
SEARCH_MAX = 60


def scoped(staff):
    """Dossiers of the officer's units only: everything else does not exist for them."""
    return (
        Dossier.select(Dossier, Procedure, Agency)
        .join(Procedure)
        .switch(Dossier)
        .join(Agency)
        .where(Agency.unit.in_(staff_units(staff)))
    )


def queue(staff, key, search=""):
    """One queue, soonest due first; `search` matches the code, the applicant's name or phone."""
    states = QUEUES[key][1]
    rows = scoped(staff).where(Dossier.status.in_(states))
    if key == "qua-han":
        rows = rows.where(Dossier.due_at < utcnow())
    search = (search or "").strip()[:SEARCH_MAX]
    if search:
        digits = "".join(c for c in search if c.isdigit())
        match = Dossier.code.contains(search) | Dossier.applicant_name.contains(search)
        if len(digits) >= 6:
            match |= Dossier.applicant_phone.contains(digits[-9:])
        rows = rows.where(match)
    return list(rows.order_by(Dossier.due_at.asc(nulls="LAST"), Dossier.submitted_at).limit(200))


def acting_unit(dossier):
    """The unit a step is taken for: the one handling the dossier after a transfer, else the receiver."""
    return dossier.handling_unit_id or dossier.agency.unit_id


def find_for(staff, code):
    """The dossier if it belongs to one of the officer's units, else None (shown as 404)."""
    return scoped(staff).where(Dossier.code == code).first()


def timeline(dossier):
    return list(Transition.select().where(Transition.dossier == dossier.id).order_by(Transition.at, Transition.id))


def binding_due(dossier, received_utc):
    """The due time fixed at reception from the rule set in force when the dossier was filed."""
    rules = dossier.rule_set
    limit = rules.time_limit_for(dossier.channel) or rules.time_limit_for("truc_tiep")
    if limit is None:
        return None
    return to_utc(due_at(to_local(received_utc), limit, rules.cutoff_15h, current_calendar()))


def mask_id(number):
    """CCCD in lists: the last three digits only."""
    return ("•" * (len(number) - 3) + number[-3:]) if number and len(number) > 3 else number


PUNCTUALITY = {"truoc_han": _l("Trước hạn"), "dung_han": _l("Đúng hạn"), "qua_han": _l("Quá hạn")}


def punctuality(moment_utc, due_utc):
    """trước hạn before the due date, đúng hạn on it, quá hạn after (DOMAIN §4), by local date."""
    if moment_utc is None or due_utc is None:
        return None
    done, due = to_local(moment_utc).date(), to_local(due_utc).date()
    return "truoc_han" if done < due else "dung_han" if done == due else "qua_han"


def control_rows(dossier):
    """Form 06: one row per hand-over after reception, with its punctuality against the due date."""
    rows = []
    for step in timeline(dossier):
        rows.append({"step": step, "punctuality": punctuality(step.at, dossier.due_at) if dossier.due_at else None})
    return rows
