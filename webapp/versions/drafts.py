"""Drafts of the catalogue: every change is a draft; a second province administrator approves it and
names the moment it takes effect; then it is published as the procedure's next version.

States: nhap (being edited) → cho-duyet (submitted) → da-duyet (approved and published) or tu-choi
(sent back, editable again); nhap or cho-duyet → da-huy (withdrawn). Every step is in the audit log."""

import datetime

from webapp import admin_log
from webapp.models import CatalogueDraft, Procedure
from webapp.models.dossier import utcnow
from webapp.versions.bundle import bundle_of, newest_version, problems
from webapp.versions.publish import publish

NHAP, CHO_DUYET, DA_DUYET, TU_CHOI, DA_HUY = "nhap", "cho-duyet", "da-duyet", "tu-choi", "da-huy"
EDITABLE = (NHAP, TU_CHOI)
OPEN = (NHAP, CHO_DUYET, TU_CHOI)
AREA = "thu-tuc"
# An approval may name a moment a little in the past (the form's minute, a slow click), not a day.
PAST_GRACE = datetime.timedelta(minutes=5)


class DraftError(Exception):
    """A step the draft's state or the person does not allow; `reason` is a key the page words."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def start(procedure, staff, source="bien-tap", rule_set=None):
    """A draft of an existing procedure, from the version in force (or a chosen one, e.g. a version
    scheduled for later that must carry the change too)."""
    base = rule_set or procedure.rules_on() or newest_version(procedure)
    return _create(bundle_of(procedure, base), staff, source, procedure=procedure, base_version=base.version)


def start_new(bundle, staff, source="bien-tap"):
    """A draft of a procedure that does not exist yet (or an imported bundle for an existing one)."""
    procedure = Procedure.get_or_none(Procedure.code == str(bundle.get("code", "")))
    base = (procedure.rules_on() or newest_version(procedure)) if procedure else None
    return _create(bundle, staff, source, procedure=procedure, base_version=base.version if base else None)


def _create(bundle, staff, source, procedure, base_version):
    now = utcnow()
    draft = CatalogueDraft.create(
        procedure=procedure,
        code=str(bundle.get("code", ""))[:16],
        bundle=bundle,
        base_version=base_version,
        status=NHAP,
        source=source,
        created_by=staff,
        created_at=now,
        updated_by=staff,
        updated_at=now,
    )
    admin_log.record(staff, AREA, "tao-ban-nhap", draft.code, draft=draft.id, source=source)
    return draft


def save(draft, bundle, staff):
    """Keep the edited bundle (even with problems: a draft may be half done)."""
    _require(draft.status in EDITABLE, "not-editable")
    draft.bundle, draft.updated_by, draft.updated_at = bundle, staff, utcnow()
    draft.code = str(bundle.get("code", draft.code))[:16]
    draft.save()
    admin_log.record(staff, AREA, "sua-ban-nhap", draft.code, draft=draft.id)
    return draft


def submit(draft, staff):
    """Send for approval; returns the problems that stop it (nothing changes then)."""
    _require(draft.status in EDITABLE, "not-editable")
    found = problems(draft.bundle)
    if found:
        return found
    _move(draft, CHO_DUYET, staff, "gui-duyet")
    return []


def approve(draft, staff, effective_at, now=None):
    """A second administrator approves and publishes from `effective_at` (naive UTC)."""
    now = now or utcnow()
    _require(draft.status == CHO_DUYET, "not-submitted")
    _require(staff.id not in (draft.created_by_id, draft.updated_by_id), "same-person")
    _require(effective_at >= now - PAST_GRACE, "in-the-past")
    _require(not problems(draft.bundle), "has-problems")
    _require(_base_is_newest(draft), "stale")
    rule_set = publish(draft.bundle, effective_at)
    draft.rule_set, draft.effective_at, draft.procedure = rule_set, effective_at, rule_set.procedure
    _move(draft, DA_DUYET, staff, "duyet", version=rule_set.version, effective_at=effective_at.isoformat())
    return rule_set


def reject(draft, staff, note):
    """Send back to its author with a reason; it becomes editable again."""
    _require(draft.status == CHO_DUYET, "not-submitted")
    draft.decision_note = note
    _move(draft, TU_CHOI, staff, "tra-lai", note=note)


def withdraw(draft, staff):
    _require(draft.status in OPEN, "not-open")
    _move(draft, DA_HUY, staff, "huy")


def _base_is_newest(draft):
    """False when another draft of the procedure was published after this one began: its change
    would be silently undone by this one, which does not carry it."""
    if draft.procedure is None:
        return not Procedure.select().where(Procedure.code == draft.code).exists()
    published_since = CatalogueDraft.select().where(
        CatalogueDraft.procedure == draft.procedure,
        CatalogueDraft.status == DA_DUYET,
        CatalogueDraft.decided_at > draft.created_at,
        CatalogueDraft.id != draft.id,
    )
    return not published_since.exists()


def _move(draft, status, staff, action, **details):
    draft.status, draft.decided_by, draft.decided_at = status, staff, utcnow()
    draft.save()
    admin_log.record(staff, AREA, action, draft.code, draft=draft.id, **details)


def _require(condition, reason):
    if not condition:
        raise DraftError(reason)
