"""Drafts: an online filing saved at every step, reachable again through its secret link."""

import datetime
import secrets
import uuid

from flask import current_app
from peewee import JOIN

from webapp.dossiers import delivery
from webapp.forms_engine.answers import clean_step
from webapp.forms_engine.conditions import applying
from webapp.forms_engine.stored import form_for
from webapp.models import Agency, Attachment, Dossier, Draft, Procedure, RuleSet
from webapp.models.dossier import utcnow
from webapp.prepared_sql import prepared_select


def _ttl():
    return datetime.timedelta(days=current_app.config.get("DRAFT_TTL_DAYS", 30))


def start_draft(procedure, agency, citizen_key=None, identity=None):
    """A new draft; started by a signed-in citizen, it is theirs (`citizen_key`) with their claims."""
    now = utcnow()
    return Draft.create(
        citizen_key=citizen_key,
        identity=identity,
        token=secrets.token_urlsafe(24),
        idempotency_key=uuid.uuid4().hex,
        procedure=procedure,
        rule_set=procedure.rules_on(),
        agency=agency,
        answers={},
        delivery=delivery.starting_choice(),
        created_at=now,
        updated_at=now,
        expires_at=now + _ttl(),
    )


def find_draft(token):
    """The draft behind a resume link, unless it has expired, with what every filing page needs
    in one query: its procedure, rule set and desk, and `dossier_id` once it was submitted."""
    if not token or len(token) > 64:
        return None
    rows = prepared_select("find_draft", _draft_query, [token, utcnow()])
    return rows[0] if rows else None


def _draft_query(token, now):
    submitted = Dossier.select(Dossier.id).where(Dossier.draft == Draft.id).limit(1)
    return (
        Draft.select(
            Draft,
            *(Procedure.id, Procedure.code, Procedure.name, Procedure.name_en, Procedure.tier, Procedure.online_class),
            *(RuleSet.id, RuleSet.version, RuleSet.documents, RuleSet.time_limits, RuleSet.cutoff_15h),
            *(RuleSet.fees, RuleSet.exemptions),  # the check page shows the fee, submit records it
            RuleSet.channels,  # which ways of getting the result back are offered
            *(Agency.id, Agency.code, Agency.name, Agency.unit),
            submitted.alias("dossier_id"),
        )
        .join(Procedure)
        .switch(Draft)
        .join(RuleSet)
        .switch(Draft)
        .join(Agency, JOIN.LEFT_OUTER)
        .where(Draft.token == token, Draft.expires_at > now)
        .limit(1)
    )


def save_answers(draft, answers, spec=None):
    """Merge a step's answers and push the expiry back: someone is still working on it. Given the form
    (`spec`), answers of fields that no longer apply (show_if) are dropped: a changed earlier answer
    takes away what only it called for."""
    now = utcnow()
    draft.answers = {**(draft.answers or {}), **answers}
    if spec is not None:
        draft.answers = applying(spec, draft.answers)
    draft.updated_at = now
    draft.expires_at = now + _ttl()
    draft.save(only=[Draft.answers, Draft.updated_at, Draft.expires_at])


def link_citizen(draft, citizen_key, identity, locked_answers=None):
    """A draft nobody owned becomes the citizen's, at their own request (a POST, never a page opened); an
    answer already given to a field the identity locks (their name, number, date of birth) becomes the
    claim. False when someone owned it already (nothing changes)."""
    answers = draft.answers or {}
    answers = {**answers, **{k: v for k, v in (locked_answers or {}).items() if k in answers}}
    linked = (
        Draft.update(citizen_key=citizen_key, identity=identity, answers=answers)
        .where(Draft.id == draft.id, Draft.citizen_key.is_null())
        .execute()
    )
    if linked:
        draft.citizen_key, draft.identity, draft.answers = citizen_key, identity, answers
    return bool(linked)


def vouch_phone(draft, number):
    """The phone the identity provider vouched for is the applicant's: verified without an SMS code."""
    draft.phone, draft.phone_verified_at = number, utcnow()
    draft.save(only=[Draft.phone, Draft.phone_verified_at])


def spec_of(draft):
    return form_for(draft.rule_set)


def first_incomplete_step(draft, spec, lang="vi"):
    """Index of the first step whose stored answers do not pass, or None when all pass."""
    answers = applying(spec, draft.answers or {})
    for index, step in enumerate(spec.steps):
        _, errors = clean_step(step, _as_posted(step, answers), lang, answers)
        if errors:
            return index
    return None


def _as_posted(step, answers):
    """Stored answers back into the shape of a posted form (checkboxes as "on")."""
    posted = {}
    for field in step.fields:
        value = answers.get(field.name, "")
        posted[field.name] = ("on" if value else "") if field.type == "checkbox" else str(value)
    return posted


def purge_expired(now=None):
    """Delete expired, unsubmitted drafts with their files (an open draft's identity record goes with
    it); returns how many went. A submitted draft stays (its dossier points at it) without an identity
    record: submitting gives it up, and one submitted before that rule loses it here."""
    from webapp.dossiers.files import delete_attachment_files

    now = now or utcnow()
    submitted = Dossier.select(Dossier.draft).where(Dossier.draft.is_null(False))
    Draft.update(identity=None).where(Draft.identity.is_null(False), Draft.id.in_(submitted)).execute()
    expired = list(Draft.select().where(Draft.expires_at <= now, Draft.id.not_in(submitted)))
    for draft in expired:
        files = list(Attachment.select().where(Attachment.draft == draft, Attachment.dossier.is_null()))
        delete_attachment_files(files)
        Attachment.delete().where(Attachment.id.in_([f.id for f in files] or [0])).execute()
        draft.delete_instance()
    return len(expired)
