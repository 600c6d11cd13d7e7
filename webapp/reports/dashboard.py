"""The staff dashboard (/can-bo/thong-ke): their units' backlog by field, what is due soon or late and
whether an apology went out, and the work in each officer's hands. A unit outside the account's
scope is a 404, as its dossiers are."""

import datetime

from flask import abort, render_template, request
from peewee import JOIN, fn

from webapp.dossiers.access import in_units
from webapp.dossiers.timing import due_soon, late
from webapp.identity.session import current_staff, login_required, staff_units
from webapp.models import Agency, Dossier, Field, Procedure, Staff, StaffUnit, Unit
from webapp.models.dossier import utcnow
from webapp.models.units import sorted_units
from webapp.reports import bp
from webapp.reports.forms import UnitForm
from webapp.text import vi_sorted
from webapp.workflow import machine

RECENT = datetime.timedelta(days=30)
# The most overdue shown on the page; the whole list is the desk's "Quá hạn" queue, which pages.
LATE_SHOWN = 50


@bp.get("/can-bo/thong-ke")
@login_required(*machine.STAFF_ROLES)
def dashboard():
    staff = current_staff()
    units = sorted_units(Unit.select().where(Unit.id.in_(staff_units(staff))))
    form = UnitForm(formdata=request.args).offer(units)
    unit = form.chosen(units)
    if unit is False:  # not one of this account's units: as unknown as its dossiers
        abort(404)
    scope = [unit.id] if unit else [u.id for u in units]
    now = utcnow()
    open_rows = _open_dossiers(scope)
    overdue = [d for d in open_rows if late(d, now)]  # most overdue first: the rows come by due date
    return render_template(
        "reports/dashboard.html",
        units=units,
        unit=unit,
        form=form,
        fields=_by_field(open_rows, now),
        late=overdue[:LATE_SHOWN],
        late_total=len(overdue),
        officers=_by_officer(scope, open_rows, now),
        now=now,
    )


def _open_dossiers(unit_ids):
    """The open dossiers received by, or transferred to, these units, with procedure, field, assignee."""
    return list(
        Dossier.select(Dossier, Procedure, Field, Agency, Staff)
        .join(Procedure)
        .join(Field)
        .switch(Dossier)
        .join(Agency)
        .switch(Dossier)
        .join(Staff, JOIN.LEFT_OUTER, on=Dossier.assignee)
        .where(
            Dossier.status.in_(machine.OPEN),
            in_units(unit_ids),
        )
        .order_by(Dossier.due_at.asc(nulls="LAST"))
    )


def _by_field(rows, now):
    """[(field name, open, due soon, late, late with an apology)], busiest first."""
    table = {}
    for dossier in rows:
        counts = table.setdefault(dossier.procedure.field.name, [0, 0, 0, 0])
        counts[0] += 1
        counts[1] += due_soon(dossier, now)
        overdue = late(dossier, now)
        counts[2] += overdue
        counts[3] += overdue and dossier.new_due_at is not None
    return vi_sorted(((name, *counts) for name, counts in table.items()), lambda row: row[0], group=lambda row: -row[1])


def _by_officer(unit_ids, rows, now):
    """[(officer, open in their hands, of which late, results signed in the last 30 days)]."""
    officers = (
        Staff.select()
        .join(StaffUnit)
        .where(StaffUnit.unit.in_(unit_ids), Staff.is_active == True)  # noqa: E712 (SQL)
        .distinct()
    )
    finished = (
        Dossier.select(Dossier.assignee, fn.COUNT(Dossier.id))
        .where(Dossier.finished_at >= now - RECENT, in_units(unit_ids))
        .group_by(Dossier.assignee)
        .tuples()
    )
    done = dict(finished)
    held = {}
    for dossier in rows:
        held.setdefault(dossier.assignee_id, []).append(dossier)
    table = []
    for officer in vi_sorted(officers, lambda officer: officer.full_name, person=True):
        mine = held.get(officer.id, [])
        overdue = sum(late(d, now) for d in mine)
        if mine or done.get(officer.id):
            table.append((officer, len(mine), overdue, done.get(officer.id, 0)))
    return table
