"""Who may read a dossier, found by its code: an officer of a unit that received or handles it, the
browser that proved the code with its second factor on the lookup page, or the citizen who filed it
signed in with their electronic identity. Anyone else gets 404, like an unknown code, so codes cannot be
probed; an officer's reading is logged: a dossier opened in DossierView (`record_view`), a list of
applicants seen or downloaded in PersonalDataExport (`record_export`). Both logs are append-only."""

from flask import abort, current_app, request, session
from peewee import fn

from webapp.db import is_postgres
from webapp.dossiers import proof
from webapp.dossiers.numbering import normalise_code
from webapp.identity.citizen import current_citizen
from webapp.identity.session import current_staff, staff_units
from webapp.models import Agency, Dossier, DossierView, Procedure, StaffUnit
from webapp.models.access import PersonalDataExport


def scoped(staff):
    """Dossiers of the officer's units, received there or transferred there (liên thông); nothing else."""
    units = staff_units(staff)
    return (
        Dossier.select(Dossier, Procedure, Agency).join(Procedure).switch(Dossier).join(Agency).where(in_units(units))
    )


def in_units(units):
    """Received by these units' desks or handled there, as a condition on the dossier's own columns
    (a subquery for the desks, not the join): the database starts from the dossiers' indexes
    (status, dates) instead of walking every dossier of every desk."""
    desks = Agency.select(Agency.id).where(Agency.unit.in_(units))
    if is_postgres():  # an array computed once, which PostgreSQL looks up in the (agency, status) index
        return (Dossier.agency == fn.ANY(fn.ARRAY(desks))) | Dossier.handling_unit.in_(units)
    return Dossier.agency.in_(desks) | Dossier.handling_unit.in_(units)


def find_for(staff, code):
    """The dossier if it belongs to one of the officer's units, else None (shown as 404)."""
    return scoped(staff).where(Dossier.code == code).first()


def staff_dossier_or_404(code, seen=None):
    """The dossier if it is the signed-in officer's to see; `seen` names what was opened, for the view log."""
    staff = current_staff()
    dossier = find_for(staff, code) if staff else None
    if dossier is None:
        if staff:
            current_app.logger.warning("staff %s asked for dossier %s outside their units", staff.username, code)
        abort(404)
    if seen:
        record_view(dossier.id, staff, seen)
    return dossier


def record_view(dossier_id, staff, what):
    """Log that `staff` opened `what` of the dossier (a page, a paper, a file), from this request's address."""
    return DossierView.create(dossier=dossier_id, staff=staff.id, what=what, ip=request.remote_addr)


def record_export(staff, what, rows, **filters):
    """Log a list of applicants `staff` saw or took away: `what` (so-theo-doi.csv…), how many rows, and
    the `filters` naming the list (a period, a queue), which must hold no person's data."""
    home = StaffUnit.select(StaffUnit.unit).where(StaffUnit.staff == staff.id).order_by(StaffUnit.id).first()
    return PersonalDataExport.create(
        staff=staff.id,
        unit=home.unit_id if home else None,
        what=what,
        rows=rows,
        filters=filters,
        ip=request.remote_addr,
    )


def proven_code(code):
    """The canonical code if this browser proved it on the lookup page, or the citizen signed in here with
    their electronic identity filed it; else None."""
    canonical = normalise_code(code)
    if not canonical:
        return None
    return canonical if proof.proven(session, canonical) or owned_by_citizen(canonical) else None


def owned_by_citizen(canonical):
    citizen = current_citizen()
    if citizen is None:
        return False
    return Dossier.select().where(Dossier.code == canonical, Dossier.citizen_key == citizen.key).exists()


def with_procedure(condition):
    """The first dossier matching `condition`, its procedure and agency joined, or None."""
    found = Dossier.select(Dossier, Procedure, Agency).join(Procedure).switch(Dossier).join(Agency)
    return found.where(condition).first()


def with_its_dossier(model, condition):
    """The first `model` row (a payment, a stored file…) matching `condition`, with its dossier, the
    dossier's procedure and agency joined in the same query, or None."""
    found = model.select(model, Dossier, Procedure, Agency).join(Dossier).join(Procedure).switch(Dossier).join(Agency)
    return found.where(condition).first()


def reader_dossier_or_404(code, seen):
    """For a page both the applicant and the officers open (a receipt, a result): the dossier if this
    browser proved its code, else if it is the signed-in officer's (logged as `seen`), else 404."""
    if proven_code(code):
        return with_procedure(Dossier.code == code) or abort(404)
    return staff_dossier_or_404(code, seen=seen)
