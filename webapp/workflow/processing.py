"""Processing: assignment to a named specialist, transfers to another unit (liên thông), who may submit.

machine.py says which role may take a step; the steps here add what depends on the dossier itself:
the specialist must belong to the unit handling it, only the assignee submits it to the leader, and
only the handling unit's officers hand it on.
"""

from flask_babel import gettext as _

from webapp.dossiers.timing import acting_unit
from webapp.identity.session import staff_units
from webapp.models import Staff, StaffUnit, Unit
from webapp.models.units import sorted_units
from webapp.models.values import DRAFT_RESULT
from webapp.text import vi_sorted
from webapp.workflow import steps
from webapp.workflow.machine import CHUYEN_VIEN, LANH_DAO, NotAllowed


def specialists(dossier):
    """Active chuyên viên of the unit handling the dossier, by given name: whom it may be assigned to."""
    return vi_sorted(
        Staff.select()
        .join(StaffUnit)
        .where(
            StaffUnit.unit == acting_unit(dossier),
            Staff.role == CHUYEN_VIEN,
            Staff.is_active == True,  # noqa: E712 (a peewee expression, not a comparison)
        )
        .order_by(Staff.id),  # namesakes in a steady order
        lambda officer: officer.full_name,
        person=True,
    )


def transfer_targets(dossier):
    """Every unit but the one handling the dossier now, province first, then by tier and name."""
    rows = Unit.select(Unit.id, Unit.full_name, Unit.tier).where(Unit.id != acting_unit(dossier))
    return sorted_units(rows)


def handling_unit_name(dossier):
    unit = Unit.get_or_none(Unit.id == acting_unit(dossier))
    return unit.full_name if unit else ""


def _handles(staff, dossier):
    """Whether the officer acts for the unit handling the dossier (after liên thông, not the receiver)."""
    return acting_unit(dossier) in staff_units(staff)


def must_handle(staff, dossier):
    if not _handles(staff, dossier):
        raise NotAllowed(
            _(
                "Hồ sơ đang do %(unit)s xử lý: chỉ cán bộ của đơn vị đó được thực hiện.",
                unit=handling_unit_name(dossier),
            )
        )


def assign(dossier, inputs, staff, now):
    """Chuyển xử lý: to one named specialist (`assignee`, a Staff id) of the handling unit (form 06 shows to whom)."""
    must_handle(staff, dossier)
    chosen = next((s for s in specialists(dossier) if s.id == inputs.get("assignee")), None)
    if chosen is None:
        raise steps.BadInput("assignee", _("Vui lòng chọn một chuyên viên của đơn vị xử lý hồ sơ."))
    return steps.Step(
        changes={"assignee": chosen.id},
        details={"assignee": chosen.id, "assignee_name": chosen.full_name},
    )


def submit_to_leader(dossier, inputs, staff, now):
    """Only the assignee (or a leader of the handling unit) submits; after a transfer the first
    specialist of the new unit to submit becomes the assignee, so a send-back returns to them."""
    must_handle(staff, dossier)
    if dossier.assignee_id not in (None, staff.id) and staff.role != LANH_DAO:
        raise NotAllowed(
            _(
                "Hồ sơ này được phân công cho %(name)s: chỉ chuyên viên đó hoặc lãnh đạo đơn vị được trình.",
                name=dossier.assignee.full_name,
            )
        )
    keep = steps.kept_pdf(inputs, "du_thao", DRAFT_RESULT)  # the draft result the leader reads before signing
    step = steps.Step(details={"draft": keep is not None}, within=[keep] if keep else [])
    if dossier.assignee_id is None:
        step.changes, step.details = {"assignee": staff.id}, step.details | _assignee_details(staff)
    return step


def send_back(dossier, inputs, staff, now):
    """The leader sends it back: to the same assignee, named on the audit row and on form 06."""
    must_handle(staff, dossier)
    return steps.Step(details=_assignee_details(dossier.assignee) if dossier.assignee_id else {})


def _assignee_details(specialist):
    return {"assignee": specialist.id, "assignee_name": specialist.full_name}


def transfer(dossier, inputs, staff, now):
    """Liên thông: another unit (`to_unit`, a Unit id) handles it from now on; its officers see it, the
    receiver still does."""
    must_handle(staff, dossier)
    from_unit = acting_unit(dossier)
    target = Unit.get_or_none(Unit.id == inputs["to_unit"]) if inputs.get("to_unit") else None
    if target is None or target.id == from_unit:
        raise steps.BadInput("to_unit", _("Vui lòng chọn đơn vị nhận hồ sơ, khác đơn vị đang xử lý."))
    return steps.Step(
        changes={"handling_unit": target.id, "assignee": None},
        details={"from_unit": from_unit, "to_unit": target.id, "to_unit_name": target.full_name},
    )


def stop(dossier, inputs, staff, now):
    """Form 05 is signed by a leader of the unit handling the dossier, not of the one that passed it on."""
    must_handle(staff, dossier)
    return steps.Step()
