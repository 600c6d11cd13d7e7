"""A change to the catalogue goes draft → submitted → approved by a second admin → in force from its
moment; what was in force before stays for dossiers filed before that moment."""

import copy
import datetime

import pytest

from webapp.identity.services import create_staff
from webapp.models import AdminEvent, Procedure
from webapp.models.dossier import utcnow
from webapp.versions import drafts
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
