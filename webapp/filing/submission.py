"""Submitting a draft: exactly one dossier, with a code allocated without gaps or duplicates."""

from peewee import IntegrityError

from webapp.calendar.services import load_calendar
from webapp.calendar.working_time import due_at, to_local, to_utc
from webapp.db import is_postgres, write_transaction
from webapp.models import Attachment, Dossier, DossierSequence, Draft, Transition
from webapp.models.dossier import CLOSED_STATUSES, SUBMITTED, utcnow

ONLINE = "truc_tuyen"


def next_number(agency, day):
    """Take the agency's next number for the day inside the caller's transaction.

    An upsert that increments and returns in one statement: concurrent submitters queue on
    the row, and a rolled-back submission gives its number back, so there are no gaps.
    """
    query = (
        DossierSequence.insert(agency=agency, day=day, last=1)
        .on_conflict(
            conflict_target=[DossierSequence.agency, DossierSequence.day],
            update={DossierSequence.last: DossierSequence.last + 1},
        )
        .returning(DossierSequence.last)
    )
    return next(iter(query.execute())).last


def dossier_code(agency, local_moment, number):
    return f"{agency.code}-{local_moment:%y%m%d}-{number:04d}"


def expected_due(rule_set, received_utc):
    """When the result is due if the desk receives it at `received_utc` (shown before submitting)."""
    limit = rule_set.time_limit_for(ONLINE) or rule_set.time_limit_for("truc_tiep")
    if limit is None:
        return None
    local = due_at(to_local(received_utc), limit, rule_set.cutoff_15h, load_calendar())
    return to_utc(local)


def applicant_of(spec, answers):
    """(name, id number) of the applicant: the first step's name and ID fields by convention."""
    first = spec.steps[0].fields
    name = next((f for f in first if f.name.endswith("ho_ten")), None) or next(
        (f for f in first if f.type == "text"), None
    )
    id_field = next((f for f in first if f.type == "id_number"), None) or next(
        (f for f in spec.fields if f.type == "id_number"), None
    )
    return (answers.get(name.name, "") if name else "", answers.get(id_field.name, "") if id_field else "")


def submit(draft, spec):
    """The dossier of this draft: created on the first call, the same one on every retry."""
    existing = Dossier.get_or_none(Dossier.draft == draft)
    if existing:
        return existing, False
    try:
        with write_transaction():
            return _create(draft, spec)
    except IntegrityError:
        # A parallel submit of the same draft won the race; its dossier is the answer.
        return Dossier.get(Dossier.draft == draft), False


def _create(draft, spec):
    """(dossier, created): a parallel submit may have committed since the check outside the transaction."""
    if is_postgres():
        Draft.select().where(Draft.id == draft.id).for_update().get()
    existing = Dossier.get_or_none(Dossier.draft == draft)
    if existing:
        return existing, False
    now = utcnow()
    local = to_local(now)
    name, id_number = applicant_of(spec, draft.answers)
    dossier = Dossier.create(
        code=dossier_code(draft.agency, local, next_number(draft.agency, local.date())),
        draft=draft,
        procedure=draft.procedure,
        rule_set=draft.rule_set,
        agency=draft.agency,
        channel=ONLINE,
        status=SUBMITTED,
        applicant_name=name[:120],
        applicant_id_number=id_number,
        applicant_phone=draft.phone,
        answers=draft.answers,
        possible_duplicate=_has_open_twin(draft, id_number),
        submitted_at=now,
        expected_due_at=expected_due(draft.rule_set, now),
    )
    Attachment.update(dossier=dossier).where(Attachment.draft == draft).execute()
    Transition.create(dossier=dossier, from_status=None, to_status=SUBMITTED, actor=name[:120] or "công dân", at=now)
    return dossier, True


def _has_open_twin(draft, id_number):
    """Another open dossier for the same person and procedure: accepted, but flagged for the officer."""
    if not id_number:
        return False
    return (
        Dossier.select()
        .where(
            Dossier.applicant_id_number == id_number,
            Dossier.procedure == draft.procedure,
            Dossier.status.not_in(CLOSED_STATUSES),
        )
        .exists()
    )
