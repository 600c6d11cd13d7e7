"""A dossier comes into being: submitted online from a draft, or typed in at the counter. Exactly one
dossier per draft (or per counter form), with a code allocated without gaps or duplicates."""

import secrets

from peewee import IntegrityError

from webapp.admin_log import minimised
from webapp.calendar.working_time import to_local
from webapp.db import db, write_transaction
from webapp.dossiers import delivery
from webapp.dossiers.fees import dossier_columns, fee_for
from webapp.dossiers.files import discard_on_failure, keep_bytes
from webapp.dossiers.numbering import dossier_code, next_number
from webapp.dossiers.timing import binding_due, expected_due
from webapp.forms_engine.claims import locked_answers, used_claims
from webapp.forms_engine.conditions import applies
from webapp.identity.citizen import LOCKED
from webapp.models import Dossier, Draft, Transition
from webapp.models.dossier import utcnow
from webapp.models.values import COUNTER, FILED_AT_COUNTER, FILED_ONLINE, ONLINE
from webapp.prepared_sql import insert_returning_id, prepared_select
from webapp.workflow.machine import CHO_TIEP_NHAN as SUBMITTED
from webapp.workflow.machine import CLOSED as CLOSED_STATUSES

# The counter's answers that say how the result goes back (webapp/backoffice/counter.py asks them).
WAY, POST_ADDRESS = "cach_nhan", "dia_chi_nhan"
CLAIM_ATTACHMENTS = 'UPDATE "attachment" SET "dossier_id" = {p} WHERE "draft_id" = {p}'


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

    A draft filed with an identity files the claims it locks (name, number, date of birth) whatever its
    answers say there, and gives up its identity record in the same transaction: the dossier keeps the
    claims it used.

    Everything that only reads happens before the write lock, so the lock is held for five
    statements. Dossier.draft is unique: of two racing submits, the second one's insert fails,
    its transaction (and the number it took) rolls back, and it returns the winner's dossier.
    """
    now = now or utcnow()  # a past moment only for the demo history
    local = to_local(now)
    answers = as_identity_says(spec, draft.answers or {}, draft.identity)
    name, id_number = applicant_of(spec, answers)
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
        "answers": answers,
        # Whose it is and the identity claims its answers came from, when filed signed in.
        "citizen_key": draft.citizen_key,
        "identity": used_claims(spec, draft.identity),
        "possible_duplicate": _has_open_twin(draft, id_number),
        "submitted_at": now,
        "expected_due_at": expected_due(draft.rule_set, now, draft.agency.unit_id),
        "version": 1,
        **dossier_columns(fee_for(draft.rule_set, ONLINE, answers, exemption)),
        **delivery.dossier_columns(draft),
    }
    try:
        with write_transaction():
            values["code"] = dossier_code(draft.agency, local, next_number(draft.agency_id, local.date()))
            dossier = Dossier(id=insert_returning_id(Dossier, values), **values)
            db.execute_sql(CLAIM_ATTACHMENTS.format(p=db.obj.param), (dossier.id, draft.id))
            Draft.update(answers=answers, identity=None).where(Draft.id == draft.id).execute()
            insert_returning_id(
                Transition,
                {
                    "dossier": dossier.id,
                    "action": FILED_ONLINE,
                    "to_status": SUBMITTED,
                    "actor": name[:120] or "công dân",
                    "at": now,
                    "note": "",
                },
            )
        draft.answers, draft.identity = answers, None
        return dossier, True
    except IntegrityError:
        existing = Dossier.get_or_none(Dossier.draft == draft)
        if existing is None:
            raise
        return existing, False


def as_identity_says(spec, answers, identity):
    """`answers` with those of the fields the identity locks set to its claims, where those fields
    apply: typed after the sign-out, or replayed from the offline outbox, a different name, number or
    date of birth never reaches a dossier that says the identity vouched for them."""
    if not identity:
        return answers
    locked = locked_answers(spec.fields, identity, LOCKED)
    applying = applies(spec, {**answers, **locked})
    return {**answers, **{name: value for name, value in locked.items() if name in applying}}


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


def receive_at_counter(staff, desk, rules, answers, papers, files, key, origin):
    """(dossier, created): the handed-in dossier waiting at the desk, with its code, audit row and scans,
    made once per key; reception proper (or a supplement request, or a refusal) is the next step."""
    now = origin.at or utcnow()
    local = to_local(now)
    due = binding_due(Dossier(rule_set=rules, agency=desk, channel=COUNTER), now)
    try:
        with discard_on_failure(), write_transaction():  # scans written before a failure go with its rollback
            draft = Draft.create(
                token=secrets.token_urlsafe(24),
                idempotency_key=key,
                procedure=rules.procedure_id,
                rule_set=rules.id,
                agency=desk.id,
                answers={},
                expires_at=now,  # never resumable online; kept because its dossier points at it
            )
            dossier = Dossier.create(
                code=dossier_code(desk, local, next_number(desk.id, local.date())),
                draft=draft.id,
                procedure=rules.procedure_id,
                rule_set=rules.id,
                agency=desk.id,
                channel=COUNTER,
                status=SUBMITTED,
                applicant_name=answers["ho_ten"][:120],
                applicant_id_number=answers["so_dinh_danh"],
                applicant_phone=answers["dien_thoai"],
                answers=answers,
                submitted_at=now,
                expected_due_at=due,
                **dossier_columns(fee_for(rules, COUNTER, answers, answers.get("mien_phi") or None)),
                **delivery.columns(
                    answers.get(WAY), answers.get(POST_ADDRESS, ""), answers["ho_ten"], answers["dien_thoai"]
                ),
            )
            Transition.create(
                dossier=dossier.id,
                action=FILED_AT_COUNTER,
                to_status=SUBMITTED,
                actor=(staff.full_name or staff.username)[:120],
                unit=desk.unit_id,
                ip=origin.ip,
                at=now,
                details=minimised({"documents": papers}),
            )
            for index, data, content_type, name in files:
                keep_bytes(
                    data, content_type, name, dossier=dossier.id, kind="ho_so", document_index=index, digitised=True
                )
        return dossier, True
    except IntegrityError:
        first = Dossier.select().join(Draft).where(Draft.idempotency_key == key).first()
        if first is None:
            raise
        return first, False
