"""A change to the catalogue goes draft → submitted → approved by a second admin → in force from its
moment; what was in force before stays for dossiers filed before that moment."""

import copy
import datetime

import pytest
from peewee import IntegrityError

from webapp.identity.services import create_staff
from webapp.models import AdminEvent, CatalogueDraft, Procedure
from webapp.models.dossier import utcnow
from webapp.versions import drafts
from webapp.versions.annex import AnnexRow
from webapp.versions.annex_drafts import create_drafts
from webapp.versions.bundle import bundle_of, problems

BIRTH = "1.001193"


def _admin(name):
    return create_staff(name, "quan_tri_tinh", ["42"], name.title(), "mot-mat-khau-dai-1!")


@pytest.fixture
def admins(ctx):
    return _admin("quantri.mot"), _admin("quantri.hai")


def _changed(draft):
    bundle = copy.deepcopy(draft.bundle)
    bundle["rules"]["time_limits"][0].update(amount=3, unit="working_day")
    return bundle


def test_a_procedure_round_trips_through_its_bundle(ctx):
    procedure = Procedure.get(Procedure.code == BIRTH)
    bundle = bundle_of(procedure)
    assert bundle["code"] == BIRTH and bundle["field"] == "HT"
    assert problems(bundle) == []


def test_the_author_cannot_approve_their_own_change(admins):
    author, _other = admins
    draft = drafts.start(Procedure.get(Procedure.code == BIRTH), author)
    drafts.save(draft, _changed(draft), author)
    assert drafts.submit(draft, author) == []
    with pytest.raises(drafts.DraftError) as refused:
        drafts.approve(draft, author, utcnow())
    assert refused.value.reason == "same-person"


def test_an_approved_version_takes_effect_at_its_moment_only(admins):
    author, approver = admins
    procedure = Procedure.get(Procedure.code == BIRTH)
    before = procedure.rules_on()
    draft = drafts.start(procedure, author)
    drafts.save(draft, _changed(draft), author)
    drafts.submit(draft, author)
    tomorrow = utcnow() + datetime.timedelta(days=1)
    rule_set = drafts.approve(draft, approver, tomorrow)
    assert rule_set.version == before.version + 1 or rule_set.version > before.version
    assert procedure.rules_on().id == before.id
    assert procedure.rules_at(tomorrow + datetime.timedelta(minutes=1)).id == rule_set.id
    assert rule_set.time_limits[0]["amount"] == 3
    actions = [e.action for e in AdminEvent.select().where(AdminEvent.subject == BIRTH).order_by(AdminEvent.id)]
    assert actions == ["tao-ban-nhap", "sua-ban-nhap", "gui-duyet", "duyet"]


def test_a_draft_with_problems_is_not_submitted(admins):
    author, _other = admins
    draft = drafts.start(Procedure.get(Procedure.code == BIRTH), author)
    bundle = copy.deepcopy(draft.bundle)
    bundle["rules"]["fees"][0]["amount"] = -5
    drafts.save(draft, bundle, author)
    found = drafts.submit(draft, author)
    assert found and found[0].path.startswith("rules.fees[0]")
    assert draft.status == drafts.NHAP


def test_a_change_from_tomorrow_gives_way_to_a_version_scheduled_later(admins):
    """Birth registration has a version from 1/3/2027 in the seed: a fee change approved for tomorrow
    starts from the version in force, applies from tomorrow, and the 2027 version still takes over."""
    author, approver = admins
    procedure = Procedure.get(Procedure.code == BIRTH)
    in_force = procedure.rules_on()
    scheduled = max(procedure.rule_sets, key=lambda rs: rs.starts_at())
    assert scheduled.effective_from == datetime.date(2027, 3, 1)
    draft = drafts.start(procedure, author)
    assert draft.base_version == in_force.version
    drafts.save(draft, _changed(draft), author)
    drafts.submit(draft, author)
    tomorrow = utcnow() + datetime.timedelta(days=1)
    published = drafts.approve(draft, approver, tomorrow)
    assert procedure.rules_at(tomorrow + datetime.timedelta(hours=1)).id == published.id
    assert procedure.rules_at(scheduled.starts_at() + datetime.timedelta(hours=1)).id == scheduled.id


def test_a_scheduled_version_can_carry_the_change_too(admins):
    author, approver = admins
    procedure = Procedure.get(Procedure.code == BIRTH)
    scheduled = max(procedure.rule_sets, key=lambda rs: rs.starts_at())
    draft = drafts.start(procedure, author, rule_set=scheduled)
    drafts.save(draft, _changed(draft), author)
    drafts.submit(draft, author)
    published = drafts.approve(draft, approver, scheduled.starts_at())
    assert procedure.rules_at(scheduled.starts_at() + datetime.timedelta(hours=1)).id == published.id
    assert published.time_limits[0]["amount"] == 3


def _submitted(author, editors=()):
    """A submitted draft of birth registration from the version in force, edited by `editors` then the author."""
    draft = drafts.start(Procedure.get(Procedure.code == BIRTH), author)
    for staff in (*editors, author):
        drafts.save(draft, _changed(draft), staff)
    assert drafts.submit(draft, author) == []
    return draft


def test_a_draft_is_published_once_however_many_clicks(admins):
    """Two approvals of the same draft (a double click, two admins): the second finds it done."""
    author, approver = admins
    procedure = Procedure.get(Procedure.code == BIRTH)
    draft = _submitted(author)
    first, second = CatalogueDraft.get_by_id(draft.id), CatalogueDraft.get_by_id(draft.id)
    count = procedure.rule_sets.count()
    drafts.approve(first, approver, utcnow() + datetime.timedelta(days=1))
    with pytest.raises(drafts.DraftError) as refused:
        drafts.approve(second, approver, utcnow() + datetime.timedelta(days=1))
    assert refused.value.reason == "not-submitted"
    assert procedure.rule_sets.count() == count + 1
    stale = CatalogueDraft.get_by_id(draft.id)
    stale.status = drafts.CHO_DUYET  # as read before the approval
    for step in (lambda: drafts.reject(stale, approver, "muộn"), lambda: drafts.withdraw(stale, approver)):
        with pytest.raises(drafts.DraftError):
            step()
    assert CatalogueDraft.get_by_id(draft.id).status == drafts.DA_DUYET


def test_a_version_number_taken_meanwhile_is_refused_as_stale(admins, monkeypatch):
    author, approver = admins
    draft = _submitted(author)

    def collides(bundle, effective_at):
        raise IntegrityError("UNIQUE constraint failed: rule_set.procedure_id, rule_set.version")

    monkeypatch.setattr(drafts, "publish", collides)
    with pytest.raises(drafts.DraftError) as refused:
        drafts.approve(draft, approver, utcnow() + datetime.timedelta(days=1))
    assert refused.value.reason == "stale"
    assert CatalogueDraft.get_by_id(draft.id).status == drafts.CHO_DUYET and draft.status == drafts.CHO_DUYET


def test_an_approval_may_not_override_a_version_scheduled_by_law(admins):
    """Birth registration's v2 (Law on Civil Status 2026) starts 1/3/2027: a change drafted from v1 may
    apply before then, not from then on (it would drop the law's version)."""
    author, approver = admins
    procedure = Procedure.get(Procedure.code == BIRTH)
    scheduled = max(procedure.rule_sets, key=lambda rs: rs.starts_at())
    draft = _submitted(author)
    assert [rs.id for rs in drafts.overridden(draft, scheduled.starts_at())] == [scheduled.id]
    count = procedure.rule_sets.count()
    for moment in (scheduled.starts_at(), datetime.datetime(2027, 3, 1, 17, 0)):
        with pytest.raises(drafts.DraftError) as refused:
            drafts.approve(draft, approver, moment)
        assert refused.value.reason == "overtakes"
    assert procedure.rule_sets.count() == count and CatalogueDraft.get_by_id(draft.id).status == drafts.CHO_DUYET
    assert procedure.rules_at(datetime.datetime(2027, 3, 5)).id == scheduled.id


def test_anyone_who_edited_the_draft_may_not_approve_it(ctx):
    """A creates, B edits, A edits last: B is no longer the last editor but still an author."""
    a, b, c = _admin("quantri.ba"), _admin("quantri.bon"), _admin("quantri.nam")
    draft = _submitted(a, editors=(b,))
    with pytest.raises(drafts.DraftError) as refused:
        drafts.approve(draft, b, utcnow() + datetime.timedelta(days=1))
    assert refused.value.reason == "same-person"
    assert drafts.approve(draft, c, utcnow() + datetime.timedelta(days=1)).procedure.code == BIRTH


def test_a_procedure_has_one_open_draft_whoever_makes_it(admins):
    """The editor, a file import and the province's list all refuse a second open draft of a procedure."""
    author, other = admins
    procedure = Procedure.get(Procedure.code == BIRTH)
    draft = drafts.start(procedure, author)
    for make in (
        lambda: drafts.start(procedure, other),
        lambda: drafts.start_new(bundle_of(procedure), other, source="nhap-tep"),
    ):
        with pytest.raises(drafts.DraftError) as refused:
            make()
        assert refused.value.reason == "already-open" and refused.value.draft.id == draft.id
    row = AnnexRow.from_dict({"code": BIRTH, "name": procedure.name + " (mới)", "legal": "", "line": 3})
    [made] = create_drafts([row], other)
    assert made.already_open and made.draft.id == draft.id
    assert CatalogueDraft.select().where(CatalogueDraft.status.in_(drafts.OPEN)).count() == 1
    drafts.withdraw(draft, author)
    assert drafts.start(procedure, other).id != draft.id
