"""Unusual access to personal data (issue 22): per officer of an admin's units, the dossiers they opened
in a period, how many of them were within their work, the rest, and the lists of applicants they saw or
took away; an officer reading far more than their work asks is flagged for the unit admin.

A dossier is within an officer's work ("trong phạm vi công việc") when
- it is assigned to them now, or was (a phân công step naming them), or
- they took a step on it (a Transition in their name, at one of their units), or
- it waited in their role's own queue at their units: for the desk (một cửa), every dossier received
  at their units' desks or handed to their units (liên thông), as all of them pass through "Chờ tiếp
  nhận" and "Chờ trả kết quả"; for a leader, every dossier that went to "Chờ phê duyệt" there.
A specialist's own queue is what is assigned to them; an administrator has no queue of dossiers.
Any other dossier they opened is outside their work ("ngoài phạm vi công việc").
"""

import datetime
from dataclasses import dataclass

from peewee import fn

from webapp.calendar.working_time import to_utc
from webapp.models import Agency, Dossier, DossierView, Staff, StaffUnit, Transition
from webapp.models.access import PersonalDataExport
from webapp.models.values import ASSIGN
from webapp.workflow import machine

# Flagged when outside reads exceed both: a floor (a few look-ups for a colleague are normal work) and
# a multiple of the reads within their work. The app's config may set other values.
FLAG_MIN_OUTSIDE = 20
FLAG_RATIO = 3


@dataclass
class OfficerAccess:
    staff: Staff
    opened: int = 0
    within: int = 0
    exports: int = 0
    exported_rows: int = 0
    flagged: bool = False

    @property
    def outside(self):
        return self.opened - self.within


def moments(start, end):
    """The period's local days [start, end] as stored (naive UTC) bounds [since, until)."""
    since = to_utc(datetime.datetime.combine(start, datetime.time.min))
    until = to_utc(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min))
    return since, until


def officers_of(units):
    """The accounts linked to any of these units, each once."""
    linked = StaffUnit.select(StaffUnit.staff).where(StaffUnit.unit.in_(units))
    return list(Staff.select().where(Staff.id.in_(linked)))


def report(units, start, end, min_outside=FLAG_MIN_OUTSIDE, ratio=FLAG_RATIO):
    """Every officer of `units`, flagged first, then by reads outside their work, most first, then by name."""
    since, until = moments(start, end)
    officers = {s.id: OfficerAccess(s) for s in officers_of(units)}
    views = (
        DossierView.select(DossierView.staff, DossierView.dossier)
        .where(DossierView.at >= since, DossierView.at < until, DossierView.staff.in_(list(officers) or [0]))
        .distinct()
    )
    opened = {}
    for view in views.tuples():
        opened.setdefault(view[0], set()).add(view[1])
    within = _within_work(officers, views.select(DossierView.dossier))
    for staff_id, dossiers in opened.items():
        row = officers[staff_id]
        row.opened, row.within = len(dossiers), len(dossiers & within.get(staff_id, set()))
        row.flagged = row.outside > min_outside and row.outside > ratio * row.within
    _add_exports(officers, since, until)
    return sorted(officers.values(), key=lambda r: (not r.flagged, -r.outside, r.staff.full_name, r.staff.username))


def _within_work(officers, viewed):
    """{staff id: ids of the dossiers among `viewed` (a subquery) within that officer's work}."""
    units_of = {}
    for link in StaffUnit.select().where(StaffUnit.staff.in_(list(officers) or [0])):
        units_of.setdefault(link.staff_id, set()).add(link.unit_id)
    found = {}
    for staff_id, dossier_id in [*_assigned(viewed), *_acted(officers, units_of, viewed)]:
        found.setdefault(staff_id, set()).add(dossier_id)
    for staff_id, dossier_id in _in_role_queue(officers, units_of, viewed):
        found.setdefault(staff_id, set()).add(dossier_id)
    return found


def _assigned(viewed):
    """(assignee, dossier) now, and for every phân công step of these dossiers."""
    now = Dossier.select(Dossier.assignee, Dossier.id).where(Dossier.id.in_(viewed), Dossier.assignee.is_null(False))
    yield from now.tuples()
    steps = Transition.select(Transition.dossier, Transition.details).where(
        Transition.action == ASSIGN, Transition.dossier.in_(viewed)
    )
    for step in steps:
        if isinstance(step.details, dict) and step.details.get("assignee"):
            yield step.details["assignee"], step.dossier_id


def _acted(officers, units_of, viewed):
    """(officer, dossier) for the steps in an officer's name at one of their units (steps keep the name)."""
    by_name = {}
    for row in officers.values():
        by_name.setdefault(row.staff.full_name or row.staff.username, []).append(row.staff.id)
    steps = Transition.select(Transition.dossier, Transition.actor, Transition.unit).where(
        Transition.dossier.in_(viewed), Transition.actor.in_(list(by_name) or [""])
    )
    for dossier_id, actor, unit_id in steps.tuples():
        for staff_id in by_name.get(actor, ()):
            if unit_id in units_of.get(staff_id, ()):
                yield staff_id, dossier_id


def _in_role_queue(officers, units_of, viewed):
    """(officer, dossier) for the desk's dossiers of its units and the leader's dossiers sent for approval."""
    desks, leaders = _by_unit(officers, units_of, machine.MOT_CUA), _by_unit(officers, units_of, machine.LANH_DAO)
    if desks:
        received = Dossier.select(Dossier.id, Agency.unit, Dossier.handling_unit).join(Agency)
        for dossier_id, unit_id, handling_unit_id in received.where(Dossier.id.in_(viewed)).tuples():
            for staff_id in {*desks.get(unit_id, ()), *desks.get(handling_unit_id, ())}:
                yield staff_id, dossier_id
    if leaders:
        approvals = Transition.select(Transition.dossier, Transition.unit).where(
            Transition.to_status == machine.CHO_PHE_DUYET, Transition.dossier.in_(viewed)
        )
        for dossier_id, unit_id in approvals.tuples():
            for staff_id in leaders.get(unit_id, ()):
                yield staff_id, dossier_id


def _by_unit(officers, units_of, role):
    """{unit id: ids of the officers of `role` acting for it}."""
    found = {}
    for staff_id, row in officers.items():
        if row.staff.role == role:
            for unit_id in units_of.get(staff_id, ()):
                found.setdefault(unit_id, []).append(staff_id)
    return found


def _add_exports(officers, since, until):
    exports = (
        PersonalDataExport.select(
            PersonalDataExport.staff, fn.COUNT(PersonalDataExport.id), fn.COALESCE(fn.SUM(PersonalDataExport.rows), 0)
        )
        .where(
            PersonalDataExport.at >= since,
            PersonalDataExport.at < until,
            PersonalDataExport.staff.in_(list(officers) or [0]),
        )
        .group_by(PersonalDataExport.staff)
    )
    for staff_id, count, rows in exports.tuples():
        officers[staff_id].exports, officers[staff_id].exported_rows = count, int(rows)
