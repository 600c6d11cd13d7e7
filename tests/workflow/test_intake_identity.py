"""A dossier filed with an identity never contradicts it: whatever the draft's answers came to say after
a sign-out (or from the offline outbox), the claims the identity locks are what is filed; and the draft
gives up its identity record when it is submitted, the dossier keeping only the claims its form used."""

from tests.factories import make_draft
from webapp.dossiers.drafts import purge_expired, spec_of
from webapp.models import Draft
from webapp.workflow.intake import submit

IDENTITY = {
    "full_name": "Nguyễn Thị Lan",
    "id_number": "042195001234",
    "birthdate": "1995-04-12",
    "sex": "Nữ",
    "address": "Thôn Trung Sơn, xã Thạch Hà, tỉnh Hà Tĩnh",
    "phone": "0912345678",
    "issuer": "https://vneid.test",
    "verified_at": "2026-12-03T08:00:00",
}
TYPED_AFTER_SIGN_OUT = {"ho_ten": "Người Khác", "so_giay_to": "042099009999", "ngay_sinh": "01/01/2000"}


def with_identity(**answers):
    draft = make_draft(citizen_key="k" * 64, identity=IDENTITY)
    draft.answers = {**draft.answers, **answers}
    draft.save()
    return Draft.get_by_id(draft.id)


def test_the_locked_answers_are_filed_as_the_identity_says_whatever_the_draft_came_to_say(ctx):
    draft = with_identity(**TYPED_AFTER_SIGN_OUT, noi_cu_tru="Số 3 đường Hà Huy Tập")
    dossier = submit(draft, spec_of(draft))[0]
    assert dossier.answers["ho_ten"] == "Nguyễn Thị Lan"
    assert dossier.answers["so_giay_to"] == "042195001234"
    assert dossier.answers["ngay_sinh"] == "12/04/1995"
    assert (dossier.applicant_name, dossier.applicant_id_number) == ("Nguyễn Thị Lan", "042195001234")
    assert dossier.answers["noi_cu_tru"] == "Số 3 đường Hà Huy Tập", "the address is hers to change"
    assert dossier.identity["full_name"] == "Nguyễn Thị Lan"


def test_submitting_takes_the_identity_record_off_the_draft_and_the_dossier_keeps_what_it_used(ctx):
    draft = with_identity()
    dossier = submit(draft, spec_of(draft))[0]
    stored = Draft.get_by_id(draft.id)
    assert stored.identity is None and stored.citizen_key == "k" * 64
    assert stored.answers["ho_ten"] == "Nguyễn Thị Lan"
    assert "sex" not in dossier.identity, "the birth form takes no sex claim: it stays off the dossier"
    assert dossier.identity["id_number"] == "042195001234" and dossier.identity["issuer"] == "https://vneid.test"
    again, created = submit(stored, spec_of(stored))
    assert (again.id, created) == (dossier.id, False)


def test_an_anonymous_draft_is_filed_as_typed(ctx):
    draft = make_draft()
    draft.answers = {**draft.answers, **TYPED_AFTER_SIGN_OUT}
    draft.save()
    dossier = submit(draft, spec_of(draft))[0]
    assert dossier.answers["ho_ten"] == "Người Khác" and dossier.identity is None


def test_the_purge_takes_the_record_off_a_draft_submitted_before_that_rule(ctx):
    draft = with_identity()
    submit(draft, spec_of(draft))
    Draft.update(identity=IDENTITY).where(Draft.id == draft.id).execute()  # as older intakes left it
    purge_expired()
    assert Draft.get_by_id(draft.id).identity is None
