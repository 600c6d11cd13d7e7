"""`identity: <claim>` in a form definition: which claims, into which fields, once each; what a claim
becomes as an answer; and how claims sit with what was typed, copies and defaults."""

import pytest

from webapp.forms_engine.claims import claim_answer, from_identity, locked_names
from webapp.forms_engine.definition import DefinitionError, FormDefinition
from webapp.forms_engine.prefill import claimed_names, copied_names, prefilled

SEX = {
    "name": "gioi_tinh",
    "type": "radio",
    "label": "Giới tính",
    "identity": "sex",
    "choices": [{"value": "m", "label": "NAM"}, {"value": "f", "label": "nu"}],
}
APPLICANT = [
    {"name": "ho_ten", "type": "text", "label": "Họ, chữ đệm, tên", "identity": "full_name", "required": True},
    {"name": "ngay_sinh", "type": "date", "label": "Ngày sinh", "identity": "birthdate"},
    {"name": "so_giay_to", "type": "id_number", "label": "Số định danh", "identity": "id_number"},
    {"name": "noi_cu_tru", "type": "textarea", "label": "Nơi cư trú", "identity": "address"},
    SEX,
    {"name": "quan_he", "type": "text", "label": "Quan hệ"},
]
MOTHER = {
    "key": "nguoi_me",
    "title": "Người mẹ",
    "copy_from": [{"when": {"quan_he": "me"}, "fields": {"me_ho_ten": "ho_ten", "me_nam_sinh": "ngay_sinh"}}],
    "fields": [
        {"name": "me_ho_ten", "type": "text", "label": "Họ tên mẹ"},
        {"name": "me_nam_sinh", "type": "number", "label": "Năm sinh", "validation": {"year": True}},
        {"name": "me_quoc_tich", "type": "text", "label": "Quốc tịch", "default": "Việt Nam"},
    ],
}
IDENTITY = {
    "full_name": "Nguyễn Thị Lan",
    "id_number": "042195001234",
    "birthdate": "1995-04-12",
    "sex": "Nữ",
    "address": "Thôn Trung Sơn, xã Thạch Hà",
    "phone": "0912345678",
}


def form(fields=None, steps=()):
    return {
        "title": "Tờ khai",
        "steps": [{"key": "a", "title": "Người yêu cầu", "fields": fields or APPLICANT}, *steps],
    }


def refused(data):
    with pytest.raises(DefinitionError) as problem:
        FormDefinition.from_dict(data)
    return problem.value


def test_a_definition_keeps_its_claims_through_a_dump():
    parsed = FormDefinition.from_dict(form(steps=[MOTHER]))
    assert parsed.field("ho_ten").identity == "full_name"
    assert FormDefinition.from_dict(parsed.to_dict()) == parsed
    dumped = parsed.to_dict()["steps"][0]["fields"]
    assert dumped[0]["identity"] == "full_name" and "identity" not in dumped[-1], "only when set"


def test_an_unknown_claim_is_refused_with_its_path():
    problem = refused(form([{"name": "ho_ten", "type": "text", "label": "Họ tên", "identity": "nationality"}]))
    assert problem.path == "steps[0].fields[0].identity" and "unknown identity claim" in problem.message


@pytest.mark.parametrize(
    ("claim", "kind"), [("full_name", "number"), ("id_number", "text"), ("birthdate", "text"), ("address", "date")]
)
def test_a_claim_into_a_field_that_cannot_hold_it_is_refused(claim, kind):
    problem = refused(form([{"name": "x", "type": kind, "label": "X", "identity": claim}]))
    assert problem.path == "steps[0].fields[0].identity" and f"not {kind}" in problem.message


def test_the_sex_needs_a_choice_for_nam_and_for_nu():
    one_sided = {**SEX, "choices": [{"value": "nam", "label": "Nam"}, {"value": "khac", "label": "Khác"}]}
    problem = refused(form([one_sided]))
    assert "Nữ" in problem.message and problem.path.endswith(".identity")
    FormDefinition.from_dict(form([SEX]))  # by label, whatever the case and accents


def test_each_claim_at_most_once_in_a_definition():
    twice = {
        "key": "b",
        "title": "B",
        "fields": [{"name": "ten_khac", "type": "text", "label": "Tên", "identity": "full_name"}],
    }
    problem = refused(form(steps=[twice]))
    assert problem.path == "steps[1].fields[0].identity" and "duplicate identity claim" in problem.message


def test_a_date_copies_into_a_year_but_not_into_any_number():
    FormDefinition.from_dict(form(steps=[MOTHER]))
    counted = {**MOTHER, "fields": [{"name": "me_nam_sinh", "type": "number", "label": "Số", "validation": {"min": 0}}]}
    counted["copy_from"] = [{"when": {"quan_he": "me"}, "fields": {"me_nam_sinh": "ngay_sinh"}}]
    assert "cannot copy a date field into a number field" in refused(form(steps=[counted])).message


def test_claims_become_answers_in_the_fields_own_form():
    spec = FormDefinition.from_dict(form())
    answers = from_identity(spec.fields, IDENTITY)
    assert answers == {
        "ho_ten": "Nguyễn Thị Lan",
        "ngay_sinh": "12/04/1995",
        "so_giay_to": "042195001234",
        "noi_cu_tru": "Thôn Trung Sơn, xã Thạch Hà",
        "gioi_tinh": "f",
    }
    assert locked_names(spec.fields, answers, ("full_name", "id_number", "birthdate")) == {
        "ho_ten",
        "ngay_sinh",
        "so_giay_to",
    }
    assert from_identity(spec.fields, None) == {}


def test_a_claim_the_field_would_refuse_is_not_used():
    spec = FormDefinition.from_dict(form([{**APPLICANT[0], "validation": {"max_length": 5}}]))
    assert claim_answer(spec.fields[0], IDENTITY) == ""
    assert claim_answer(spec.fields[0], {"full_name": ""}) == ""


def test_claims_fill_what_was_never_answered_lock_what_is_locked_and_come_before_copies():
    spec = FormDefinition.from_dict(form(steps=[MOTHER]))
    applicant, mother = spec.steps
    claimed = from_identity(applicant.fields, IDENTITY)
    locked = {"ho_ten", "ngay_sinh", "so_giay_to"}
    typed = {"ho_ten": "Người Khác", "noi_cu_tru": "Số 3 Hà Huy Tập"}
    shown = prefilled(applicant, typed, claimed, locked)
    assert shown["ho_ten"] == "Nguyễn Thị Lan", "locked: the claim whatever was stored"
    assert shown["noi_cu_tru"] == "Số 3 Hà Huy Tập", "an answer given is never replaced"
    assert shown["gioi_tinh"] == "f"
    assert claimed_names(applicant.fields, shown, claimed) == {"ho_ten", "ngay_sinh", "so_giay_to", "gioi_tinh"}
    stored = {**shown, "quan_he": "me"}
    on_mother = prefilled(mother, stored)
    assert on_mother["me_ho_ten"] == "Nguyễn Thị Lan" and on_mother["me_nam_sinh"] == 1995
    assert on_mother["me_quoc_tich"] == "Việt Nam"
    assert copied_names(mother, stored) == {"me_ho_ten", "me_nam_sinh"}


def test_a_dossier_keeps_only_the_claims_its_form_takes():
    from types import SimpleNamespace

    from webapp.forms_engine.claims import used_claims

    def spec(*claims):
        fields = [SimpleNamespace(identity=claim) for claim in claims]
        return SimpleNamespace(steps=[SimpleNamespace(fields=fields)])

    record = {
        "full_name": "Nguyễn Thị Lan",
        "id_number": "042195001234",
        "sex": "Nữ",
        "issuer": "x",
        "verified_at": "t",
    }
    assert used_claims(spec("full_name", None), record) == {
        "full_name": "Nguyễn Thị Lan",
        "issuer": "x",
        "verified_at": "t",
    }
    assert used_claims(spec(None), record) is None
    assert used_claims(spec("full_name"), None) is None
