"""A procedure leaves as one YAML/JSON file and comes back as a draft; a broken file names every
problem with the line to fix, in the admin's words; nothing published changes."""

import json
import re

import pytest
import yaml

from webapp.db import db
from webapp.identity.services import create_staff
from webapp.models import AdminEvent, CatalogueDraft, LegalDocument, Procedure, RuleSet
from webapp.versions.transfer import check_bundle, export_bundle, import_bundle
from webapp.versions.wording import in_words

BIRTH = "1.001193"


@pytest.fixture
def reading(app):
    """The shared seeded database, for tests that only read and check."""
    with app.test_request_context(), db.connection_context():
        yield app


def exported(code, fmt="yaml"):
    return export_bundle(Procedure.get(Procedure.code == code), fmt)


def dumped(data, fmt):
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, default=str)  # dates as YYYY-MM-DD
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def line_with(text, words, after=0):
    """1-based number of the first line after line `after` that contains `words`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if number > after and words in line:
            return number
    raise AssertionError(f"{words!r} not in the text")


def test_every_seeded_procedure_round_trips_without_a_problem(reading):
    for procedure in Procedure.select():
        for fmt in ("yaml", "json"):
            bundle, found = check_bundle(export_bundle(procedure, fmt), fmt)
            assert found == [], (procedure.code, fmt, found[:3])
            assert bundle["code"] == procedure.code


def test_the_export_reads_like_procedures_yaml_with_the_register_rows_it_cites(reading):
    text = exported(BIRTH)
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith((" ", "-"))]
    assert keys[:3] == ["code", "old_codes", "name"] and keys[-3:] == ["rules", "form", "legal_documents"]
    assert "Thủ tục đăng ký khai sinh" in text  # Vietnamese letters as they are, not \u escapes
    assert re.search(r"^  effective_from: \d{4}-\d\d-\d\d$", text, re.M)  # a date, unquoted, as in the seed
    data = yaml.safe_load(text)
    numbers = {row["number"] for row in data["legal_documents"]}
    assert {basis["number"] for basis in data["rules"]["legal_bases"]} <= numbers


def five_errors(fmt):
    """A birth registration with an unknown channel, a negative fee, no result, a document kind that
    does not exist and a form field of an unknown type; the expected (path, line) of each."""
    data = yaml.safe_load(exported(BIRTH))
    rules = data["rules"]
    rules["channels"][1] = "qua_mang"
    rules["fees"][0]["amount"] = -5000
    del rules["result"]
    paper = next(i for i, d in enumerate(rules["documents"]) if not d.get("online_form"))
    rules["documents"][paper]["kind"] = "ban_photo"
    data["form"]["steps"][0]["fields"][0]["type"] = "chu_ky"
    text = dumped(data, fmt)
    quote = '"' if fmt == "json" else ""
    rules_line = line_with(text, f"{quote}rules{quote}:")
    expected = {
        "rules.channels[1]": line_with(text, "qua_mang"),
        "rules.fees[0].amount": line_with(text, "-5000"),
        "rules.result": rules_line,  # a missing key: the line of the mapping that lacks it
        f"rules.documents[{paper}].kind": line_with(text, "ban_photo"),
        "form.steps[0].fields[0].type": line_with(text, "chu_ky"),
    }
    return text, expected


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_a_bundle_with_five_errors_reports_all_five_each_on_its_line(reading, fmt):
    text, expected = five_errors(fmt)
    bundle, found = check_bundle(text, fmt)
    assert bundle is not None
    assert {p.path: p.line for p in found} == expected
    words = {p.path: in_words(p) for p in found}
    assert "qua_mang" in words["rules.channels[1]"] and "không được phép" in words["rules.channels[1]"]
    assert words["rules.fees[0].amount"] == "Không được là số âm."
    assert words["rules.result"] == "Thiếu mục bắt buộc “result”."
    assert "chu_ky" in words["form.steps[0].fields[0].type"]


def test_a_yaml_syntax_error_names_its_line(reading):
    text = 'code: "1.001193"\nname: Thủ tục\nrules: [truc_tiep, truc_tuyen\nform: {}\n'
    bundle, found = check_bundle(text, "yaml")
    assert bundle is None and len(found) == 1
    assert found[0].kind == "syntax" and found[0].line in (3, 4)
    assert in_words(found[0]).startswith("Lỗi cú pháp YAML")


def test_a_json_syntax_error_names_its_line(reading):
    bundle, found = check_bundle('{\n  "code": "1.001193",\n  "name": \n}\n', "json")
    assert bundle is None and found[0].line == 4 and found[0].kind == "syntax"


def test_yaml_aliases_are_refused(reading):
    bundle, found = check_bundle("a: &x [1, 2]\nb: *x\n", "yaml")
    assert bundle is None and found[0].kind == "alias"


def test_a_cited_number_unknown_to_the_register_and_the_bundle_is_a_problem(reading):
    data = yaml.safe_load(exported(BIRTH))
    data["rules"]["legal_bases"][0]["number"] = "999/2099/NĐ-CP"
    text = dumped(data, "yaml")
    _bundle, found = check_bundle(text, "yaml")
    assert [(p.path, p.line) for p in found] == [("rules.legal_bases[0].number", line_with(text, "999/2099/NĐ-CP"))]
    assert "999/2099/NĐ-CP" in in_words(found[0])


def test_a_good_bundle_imports_as_a_draft_and_publishes_nothing(ctx):
    staff = create_staff("quantri.nhap", "quan_tri_tinh", ["42"], "Quản Trị", "mot-mat-khau-dai-1!")
    data = yaml.safe_load(exported(BIRTH))
    data["name"] = "Thủ tục đăng ký khai sinh (bản nhập)"
    data["legal_documents"].append(
        {"number": "01/2099/TT-BTP", "kind": "thong_tu", "title": "Thông tư thử", "issued_on": "2099-01-02"}
    )
    data["rules"]["legal_bases"].append({"number": "01/2099/TT-BTP", "title": "Thông tư thử"})
    rule_sets, name = RuleSet.select().count(), Procedure.get(Procedure.code == BIRTH).name
    bundle, found = check_bundle(dumped(data, "json"), "json")
    assert found == []
    draft, added = import_bundle(bundle, staff)
    assert added == ["01/2099/TT-BTP"]
    assert LegalDocument.get(LegalDocument.number == "01/2099/TT-BTP").issued_on.isoformat() == "2099-01-02"
    draft = CatalogueDraft.get_by_id(draft.id)
    assert (draft.status, draft.source, draft.code) == ("nhap", "nhap-tep", BIRTH)
    assert draft.bundle["name"].endswith("(bản nhập)") and "legal_documents" not in draft.bundle
    assert RuleSet.select().count() == rule_sets and Procedure.get(Procedure.code == BIRTH).name == name
    actions = {(e.area, e.action) for e in AdminEvent.select()}
    assert {("van-ban", "nhap-tep"), ("thu-tuc", "nhap-tep"), ("thu-tuc", "tao-ban-nhap")} <= actions


def test_text_longer_than_its_column_is_a_problem_before_approval_would_fail(reading):
    data = yaml.safe_load(exported(BIRTH))
    data["name"] = "Thủ tục " * 40
    _bundle, found = check_bundle(dumped(data, "json"), "json")
    assert [(p.path, in_words(p)) for p in found] == [("name", "Dài quá 255 ký tự.")]
