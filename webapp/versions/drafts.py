"""Drafts of the catalogue: every change is a draft; a second province administrator approves it and
names the moment it takes effect; then it is published as the procedure's next version.

States: nhap (being edited) → cho-duyet (submitted) → da-duyet (approved and published) or tu-choi
(sent back, editable again); nhap or cho-duyet → da-huy (withdrawn). Every step is in the audit log."""

import datetime

from peewee import IntegrityError

from webapp import admin_log
from webapp.db import db
from webapp.models import AdminEvent, CatalogueDraft, Procedure
from webapp.models.dossier import utcnow
from webapp.versions.bundle import bundle_of, newest_version, problems
from webapp.versions.publish import publish

NHAP, CHO_DUYET, DA_DUYET, TU_CHOI, DA_HUY = "nhap", "cho-duyet", "da-duyet", "tu-choi", "da-huy"
EDITABLE = (NHAP, TU_CHOI)
OPEN = (NHAP, CHO_DUYET, TU_CHOI)
AREA = "thu-tuc"
# The audit events that make someone an author of a draft (who may then not approve it).
AUTHORING = ("tao-ban-nhap", "sua-ban-nhap")
# An approval may name a moment a little in the past (the form's minute, a slow click), not a day.
PAST_GRACE = datetime.timedelta(minutes=5)


class DraftError(Exception):
    """A step the draft's state or the person does not allow; `reason` is a key the page words;
    `draft` is the other draft concerned ("already-open": the procedure's open draft)."""

    def __init__(self, reason, draft=None):
        super().__init__(reason)
        self.reason = reason
        self.draft = draft


def start(procedure, staff, source="bien-tap", rule_set=None):
    """A draft of an existing procedure, from the version in force (or a chosen one, e.g. a version
    scheduled for later that must carry the change too). Refused ("already-open") while the procedure
    has an open draft: two drafts of one procedure would undo each other's change."""
    _require_none_open(open_draft(procedure=procedure))
    base = rule_set or procedure.rules_on() or newest_version(procedure)
    return _create(bundle_of(procedure, base), staff, source, procedure=procedure, base_version=base.version)


def start_new(bundle, staff, source="bien-tap"):
    """A draft of a procedure that does not exist yet (or an imported bundle for an existing one)."""
    procedure = Procedure.get_or_none(Procedure.code == str(bundle.get("code", "")))
    _require_none_open(open_draft(procedure=procedure) if procedure else open_draft(code=bundle.get("code", "")))
    base = (procedure.rules_on() or newest_version(procedure)) if procedure else None
    return _create(bundle, staff, source, procedure=procedure, base_version=base.version if base else None)


def open_draft(procedure=None, code=None):
    """The draft of `procedure` (or of a new procedure's `code`) being edited, waiting or sent back."""
    where = CatalogueDraft.procedure == procedure if procedure is not None else CatalogueDraft.code == str(code)[:16]
    query = CatalogueDraft.select().where(where & CatalogueDraft.status.in_(OPEN))
    return query.order_by(CatalogueDraft.id.desc()).first()


def _require_none_open(draft):
    if draft is not None:
        raise DraftError("already-open", draft=draft)


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
    details = {"draft": draft.id}
    if is_sensitive(bundle) != is_sensitive(draft.bundle):
        details["sensitive"] = is_sensitive(bundle)  # who marked it, or cleared it, is read from the log
    draft.bundle, draft.updated_by, draft.updated_at = bundle, staff, utcnow()
    draft.code = str(bundle.get("code", draft.code))[:16]
    draft.save()
    admin_log.record(staff, AREA, "sua-ban-nhap", draft.code, **details)
    return draft


def is_sensitive(bundle):
    """Whether a bundle marks its procedure sensitive (SMS and public pages then name only its field)."""
    rules = bundle.get("rules") if isinstance(bundle, dict) else None
    return isinstance(rules, dict) and rules.get("sensitive") is True


def submit(draft, staff):
    """Send for approval; returns the problems that stop it (nothing changes then)."""
    _require(draft.status in EDITABLE, "not-editable")
    found = problems(draft.bundle)
    if found:
        return found
    _claim(draft, EDITABLE, CHO_DUYET, "not-editable")
    _move(draft, CHO_DUYET, staff, "gui-duyet")
    return []


def approve(draft, staff, effective_at, now=None):
    """A second administrator approves and publishes from `effective_at` (naive UTC). The draft is
    claimed first (an UPDATE that only one click can win), so it is never published twice; any
    refusal undoes the claim."""
    now = now or utcnow()
    status = draft.status
    try:
        with db.atomic():
            return _approve(draft, staff, effective_at, now)
    except DraftError:
        draft.status = status
        raise


def _approve(draft, staff, effective_at, now):
    _claim(draft, (CHO_DUYET,), DA_DUYET, "not-submitted")
    _require(not worked_on(draft, staff), "same-person")
    _require(effective_at >= now - PAST_GRACE, "in-the-past")
    _require(not problems(draft.bundle), "has-problems")
    _require(_base_is_newest(draft), "stale")
    _require(not overridden(draft, effective_at), "overtakes")
    try:
        with db.atomic():
            rule_set = publish(draft.bundle, effective_at)
    except IntegrityError:  # another draft of the procedure took the same version number meanwhile
        raise DraftError("stale") from None
    draft.rule_set, draft.effective_at, draft.procedure = rule_set, effective_at, rule_set.procedure
    _move(draft, DA_DUYET, staff, "duyet", version=rule_set.version, effective_at=effective_at.isoformat())
    return rule_set


def worked_on(draft, staff):
    """True when `staff` created or edited the draft at any time (not only last): an author's change
    needs someone else's eyes."""
    if staff.id in (draft.created_by_id, draft.updated_by_id):
        return True
    events = AdminEvent.select(AdminEvent.details).where(
        (AdminEvent.area == AREA) & (AdminEvent.staff == staff.id) & AdminEvent.action.in_(AUTHORING)
    )
    return any(isinstance(e.details, dict) and e.details.get("draft") == draft.id for e in events)


def not_carried(draft):
    """Versions that start after the draft's base version and are not it: the draft does not carry
    their rules, so from their start they must stay in force (a law scheduled for later)."""
    if draft.procedure is None or draft.base_version is None:
        return []
    versions = list(draft.procedure.rule_sets)
    base = next((rs for rs in versions if rs.version == draft.base_version), None)
    if base is None:
        return []
    later = [rs for rs in versions if rs.version != base.version and rs.starts_at() > base.starts_at()]
    return sorted(later, key=lambda rs: rs.starts_at())


def overridden(draft, effective_at):
    """The versions an approval from `effective_at` would silently replace: those not carried that
    start at or before it. The admin starts the draft from such a version instead."""
    return [rs for rs in not_carried(draft) if rs.starts_at() <= effective_at]


def reject(draft, staff, note):
    """Send back to its author with a reason; it becomes editable again."""
    _require(draft.status == CHO_DUYET, "not-submitted")
    _claim(draft, (CHO_DUYET,), TU_CHOI, "not-submitted")
    draft.decision_note = note
    _move(draft, TU_CHOI, staff, "tra-lai", note=note)


def withdraw(draft, staff):
    _require(draft.status in OPEN, "not-open")
    _claim(draft, OPEN, DA_HUY, "not-open")
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


def _claim(draft, allowed, status, reason):
    """Move the row to `status` only if it is still in an `allowed` state, in one UPDATE: of two
    clicks or two admins acting on the same draft, the second finds no row and is refused."""
    claimed = (
        CatalogueDraft.update(status=status)
        .where((CatalogueDraft.id == draft.id) & CatalogueDraft.status.in_(allowed))
        .execute()
    )
    _require(claimed == 1, reason)
    draft.status = status


def _move(draft, status, staff, action, **details):
    draft.status, draft.decided_by, draft.decided_at = status, staff, utcnow()
    draft.save()
    admin_log.record(staff, AREA, action, draft.code, draft=draft.id, **details)


def _require(condition, reason):
    if not condition:
        raise DraftError(reason)
