"""The workflow definition, tried exhaustively, and the version check that stops two officers colliding."""

import itertools

import pytest

from tests.apps import in_threads
from tests.factories import make_draft
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.messaging.templates import TEMPLATES
from webapp.models import Dossier, Transition
from webapp.workflow import machine
from webapp.workflow.intake import submit
from webapp.workflow.machine import ACTIONS, CLOSED, ROLES, STATES, NotAllowed, available, check, reachable
from webapp.workflow.services import StaleDossier, apply

CASES = list(itertools.product(ACTIONS, STATES, ROLES))


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name)
def test_every_allowed_and_every_refused_pair_of_state_and_role(app, action):
    with app.test_request_context():
        for state, role in itertools.product(STATES, ROLES):
            allowed = state in action.sources and role in action.roles
            try:
                check(action.name, state, role, note="lý do")
                assert allowed, f"{action.name} from {state} by {role} should be refused"
            except NotAllowed as refused:
                assert not allowed, f"{action.name} from {state} by {role} should be allowed"
                assert str(refused.reason), "a refusal always says why"


@pytest.mark.parametrize("action", [a for a in ACTIONS if a.needs_note], ids=lambda a: a.name)
def test_actions_that_need_a_reason_refuse_an_empty_one(app, action):
    with app.test_request_context(), pytest.raises(NotAllowed, match="lý do"):
        check(action.name, action.sources[0], action.roles[0], note="   ")


def test_every_state_is_reachable_and_closed_states_stay_closed():
    assert reachable() == set(STATES)
    for state in CLOSED:
        assert [a.name for role in ROLES for a in available(state, role)] == []


def test_every_paper_and_sms_named_by_the_definition_exists():
    for action in ACTIONS:
        assert action.form in (None, "01", "02", "03", "04", "05", "06", "07"), action.name
        assert action.sms in (None, *TEMPLATES), action.name


def test_reception_desk_sees_its_actions_on_a_new_dossier():
    names = [a.name for a in available(machine.CHO_TIEP_NHAN, machine.MOT_CUA)]
    assert names == ["tiep_nhan", "yeu_cau_bo_sung", "tu_choi"]


@pytest.fixture
def dossier(ctx):
    draft = make_draft()
    return submit(draft, spec_of(draft))[0]


def test_an_action_moves_the_dossier_and_writes_the_audit_row(ctx, dossier):
    action = apply(dossier, "tiep_nhan", role="mot_cua", actor="Lê Thị Một Cửa", version=1, ip="10.0.0.7")
    assert action.form == "01" and action.sms == "received"
    stored = Dossier.get_by_id(dossier.id)
    assert (stored.status, stored.version) == ("da_tiep_nhan", 2)
    row = Transition.select().where(Transition.dossier == dossier.id).order_by(Transition.id.desc()).get()
    assert (row.action, row.from_status, row.to_status, row.actor, row.ip) == (
        "tiep_nhan",
        "cho_tiep_nhan",
        "da_tiep_nhan",
        "Lê Thị Một Cửa",
        "10.0.0.7",
    )


def test_a_refused_action_changes_nothing(ctx, dossier):
    with pytest.raises(NotAllowed):
        apply(dossier, "phe_duyet", role="lanh_dao", actor="x", version=1)
    assert Dossier.get_by_id(dossier.id).status == "cho_tiep_nhan"
    assert Transition.select().where(Transition.dossier == dossier.id).count() == 1


def test_a_stale_form_is_refused_and_nothing_is_overwritten(ctx, dossier):
    apply(Dossier.get_by_id(dossier.id), "tiep_nhan", role="mot_cua", actor="A", version=1)
    stale = Dossier.get_by_id(dossier.id)
    stale.status = "cho_tiep_nhan"  # what the second officer's page still shows
    with pytest.raises(StaleDossier):
        apply(stale, "tu_choi", role="mot_cua", actor="B", version=1, note="thiếu giấy tờ")
    assert Dossier.get_by_id(dossier.id).status == "da_tiep_nhan"


def test_two_officers_cannot_both_accept_one_dossier(filing_app):
    with filing_app.app_context(), db.connection_context():
        draft = make_draft()
        dossier_id = submit(draft, spec_of(draft))[0].id

    def accept(i):
        try:
            apply(Dossier.get_by_id(dossier_id), "tiep_nhan", role="mot_cua", actor=f"officer {i}", version=1)
            return "accepted"
        except (StaleDossier, NotAllowed):
            return "refused"

    assert sorted(in_threads(filing_app, 2, accept)) == ["accepted", "refused"]
    with filing_app.app_context(), db.connection_context():
        assert (
            Transition.select().where(Transition.dossier == dossier_id, Transition.action == "tiep_nhan").count() == 1
        )
