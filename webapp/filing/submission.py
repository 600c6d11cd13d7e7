"""Submitting a draft: exactly one dossier, with a code allocated without gaps or duplicates."""

from peewee import IntegrityError

from webapp.calendar.services import current_calendar
from webapp.calendar.working_time import due_at, to_local, to_utc
from webapp.db import db, write_transaction
from webapp.filing import delivery
from webapp.filing.fees import dossier_columns, fee_for
from webapp.hotpath import insert_returning_id, prepared_select
from webapp.models import Dossier, Transition
from webapp.models.dossier import utcnow
from webapp.workflow.machine import CHO_TIEP_NHAN as SUBMITTED
from webapp.workflow.machine import CLOSED as CLOSED_STATUSES

ONLINE = "truc_tuyen"


NEXT_NUMBER = (
    'INSERT INTO "{table}" ("agency_id", "{period}", "last") VALUES ({p}, {p}, 1) '
    'ON CONFLICT ("agency_id", "{period}") DO UPDATE SET "last" = "{table}"."last" + 1 RETURNING "last"'
)
CLAIM_ATTACHMENTS = 'UPDATE "attachment" SET "dossier_id" = {p} WHERE "draft_id" = {p}'


def next_number(agency_id, day):
    """Take the agency's next number for the day inside the caller's transaction.

    One statement increments and returns: concurrent submitters queue on the row, and a
    rolled-back submission gives its number back, so there are no gaps.
    """
    return _take(NEXT_NUMBER.format(table="dossier_sequence", period="day", p=db.obj.param), agency_id, day)


def next_book_number(agency_id, year):
    """The agency's next line in its log book for the year (forms 01 and 07), the same way."""
    return _take(NEXT_NUMBER.format(table="log_book_sequence", period="year", p=db.obj.param), agency_id, year)


def _take(sql, agency_id, period):
    return db.execute_sql(sql, (agency_id, period)).fetchone()[0]


def dossier_code(agency, local_moment, number):
    return f"{agency.code}-{local_moment:%y%m%d}-{number:04d}"


def expected_due(rule_set, received_utc, unit=None, channel=ONLINE):
    """When the result is due if the desk of `unit` receives it at `received_utc` by `channel`
    (shown before submitting; fixed at reception)."""
    limit = rule_set.binding_limit(channel)
    if limit is None:
        return None
    local = due_at(to_local(received_utc), limit, rule_set.cutoff_15h, current_calendar(unit))
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


def submit(draft, spec, exemption=None, now=None):
    """The dossier of this draft: created on the first call, the same one on every retry.

    The fee (after the `exemption` claimed, one of the rule set's) is fixed on the dossier here.

    Everything that only reads happens before the write lock, so the lock is held for four
    statements. Dossier.draft is unique: of two racing submits, the second one's insert fails,
    its transaction (and the number it took) rolls back, and it returns the winner's dossier.
    """
    now = now or utcnow()  # a past moment only for the demo history
    local = to_local(now)
    name, id_number = applicant_of(spec, draft.answers)
    values = {
        "draft": draft.id,
        "procedure": draft.procedure_id,
        "rule_set": draft.rule_set_id,
        "agency": draft.agency_id,
        "channel": ONLINE,
        "status": SUBMITTED,
        "applicant_name": name[:120],
        "applicant_id_number": id_number,
        "applicant_phone": draft.phone,
        "answers": draft.answers,
        "possible_duplicate": _has_open_twin(draft, id_number),
        "submitted_at": now,
        "expected_due_at": expected_due(draft.rule_set, now, draft.agency.unit_id),
        "version": 1,
        **dossier_columns(fee_for(draft.rule_set, ONLINE, draft.answers, exemption)),
        **delivery.dossier_columns(draft),
    }
    try:
        with write_transaction():
            values["code"] = dossier_code(draft.agency, local, next_number(draft.agency_id, local.date()))
            dossier = Dossier(id=insert_returning_id(Dossier, values), **values)
            db.execute_sql(CLAIM_ATTACHMENTS.format(p=db.obj.param), (dossier.id, draft.id))
            insert_returning_id(
                Transition,
                {
                    "dossier": dossier.id,
                    "action": "nop_truc_tuyen",
                    "to_status": SUBMITTED,
                    "actor": name[:120] or "công dân",
                    "at": now,
                    "note": "",
                },
            )
        return dossier, True
    except IntegrityError:
        existing = Dossier.get_or_none(Dossier.draft == draft)
        if existing is None:
            raise
        return existing, False


def _has_open_twin(draft, id_number):
    """Another open dossier for the same person and procedure: accepted, but flagged for the officer."""
    if not id_number:
        return False
    return bool(prepared_select("open_twin", _twin_query, [id_number, draft.procedure_id]))


def _twin_query(id_number, procedure_id):
    return (
        Dossier.select(Dossier.id)
        .where(
            Dossier.applicant_id_number == id_number,
            Dossier.procedure == procedure_id,
            Dossier.status.not_in(CLOSED_STATUSES),
        )
        .limit(1)
    )
