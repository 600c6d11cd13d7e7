"""Review findings on the checks a draft passes before approval: a citation must be a row of the
register, and a procedure code (and every old code) must be one the national database could issue."""

import copy

import pytest

from webapp.identity.services import create_staff
from webapp.models import Procedure
from webapp.versions import drafts
from webapp.versions.bundle import bundle_of, problems
from webapp.versions.schema import CODE_PATTERN, RecordError, check_procedure

BIRTH = "1.001193"
UNKNOWN = "999/2099/NĐ-CP"


def _admin(name):
    return create_staff(name, "quan_tri_tinh", ["42"], name.title(), "mot-mat-khau-dai-1!")


def _birth():
    return bundle_of(Procedure.get(Procedure.code == BIRTH))


def _kinds(found):
    return [(p.path, p.kind, p.params.get("number") or p.params.get("value")) for p in found]


def test_a_legal_basis_not_in_the_register_is_a_problem(ctx):
    bundle = _birth()
    bundle["rules"]["legal_bases"].append({"number": f" {UNKNOWN} "})
    last = len(bundle["rules"]["legal_bases"]) - 1
    assert _kinds(problems(bundle)) == [(f"rules.legal_bases[{last}].number", "not_in_register", UNKNOWN)]


def test_a_form_citing_a_source_not_in_the_register_is_a_problem(ctx):
    bundle = _birth()
    bundle["form"]["legal_source"] = UNKNOWN
    assert _kinds(problems(bundle)) == [("form.legal_source", "not_in_register", UNKNOWN)]


def test_numbers_an_import_brings_along_count_as_known(ctx):
    bundle = _birth()
    bundle["rules"]["legal_bases"].append({"number": UNKNOWN})
    assert problems(bundle, known_numbers={UNKNOWN}) == []


def test_a_number_the_register_column_cannot_hold_is_not_in_it(ctx):
    bundle = _birth()
    bundle["rules"]["legal_bases"].append({"number": "1\x00/2026/NĐ-CP"})
    bundle["rules"]["legal_bases"].append({"number": "9" * 80})
    assert [p.kind for p in problems(bundle)] == ["not_in_register", "not_in_register"]


def test_a_province_list_draft_citing_an_unknown_document_cannot_be_submitted(ctx):
    from webapp.versions.annex import AnnexRow
    from webapp.versions.annex_drafts import create_drafts

    author = _admin("qt.danhmuc")
    name = Procedure.get(Procedure.code == BIRTH).name
    row = AnnexRow.from_dict({"code": BIRTH, "name": name, "legal": f"Nghị định {UNKNOWN}", "line": 3})
    [made] = create_drafts([row], author)
    found = drafts.submit(made.draft, author)
    assert ("not_in_register", UNKNOWN) in [(p.kind, p.params.get("number")) for p in found]
    assert made.draft.status == drafts.NHAP


def test_an_edited_draft_citing_an_unknown_source_is_not_approved(ctx):
    author = _admin("qt.bientap")
    draft = drafts.start(Procedure.get(Procedure.code == BIRTH), author)
    bundle = copy.deepcopy(draft.bundle)
    bundle["form"]["legal_source"] = UNKNOWN
    drafts.save(draft, bundle, author)
    assert [p.path for p in drafts.submit(draft, author)] == ["form.legal_source"]


@pytest.mark.parametrize("code", ["1.001193", "2.000720"])
def test_national_codes_match(code):
    assert CODE_PATTERN.fullmatch(code)


@pytest.mark.parametrize("code", ["3.001193", "1.00119", "1.0011930", "1-001193", "1.001193\n", "1.٠٠١١٩٣", "a/b"])
def test_other_codes_do_not(code):
    assert not CODE_PATTERN.fullmatch(code)


def test_a_bundle_with_a_malformed_code_or_old_code_has_problems(ctx):
    bundle = _birth()
    bundle["code"], bundle["old_codes"] = 'a/b"\nc', ["1.003559", "DT-05"]
    assert _kinds(problems(bundle)) == [
        ("code", "code_format", 'a/b"\nc'),
        ("old_codes[1]", "code_format", "DT-05"),
    ]


def test_the_seed_check_stops_at_a_malformed_code(ctx):
    record = _birth()
    record["code"] = "1.1193"
    with pytest.raises(RecordError) as stopped:
        check_procedure(record, ("HT",))
    assert stopped.value.path == "code" and stopped.value.kind == "code_format"


def test_every_shipped_procedure_passes_the_checks(ctx):
    for procedure in Procedure.select():
        assert problems(bundle_of(procedure)) == [], procedure.code
