"""An imported file's typos and odd values are problems on their line, never a crash: a day that does
not exist, an integer of thousands of digits, a NUL, register rows with numbers or lists where text
belongs or texts longer than the register's columns (PostgreSQL would refuse them)."""

import pytest
import yaml

from tests.catalogue_admin.test_import_pages import IMPORT, admin, in_db, upload
from tests.versions.test_transfer import BIRTH, dumped, exported
from webapp.models import CatalogueDraft, LegalDocument
from webapp.versions.transfer import check_bundle

HUGE = "9" * 5000  # past Python's 4,300-digit limit for reading an integer


@pytest.mark.parametrize(
    ("text", "fmt", "line"),
    [
        ("code: '1.001193'\nname: Thử\neffective: 2026-02-30\n", "yaml", 3),
        ("code: '1.001193'\nrules:\n  fees:\n  - amount: " + HUGE + "\n", "yaml", 4),
        ('{\n  "code": "1.001193",\n  "x": 1' + HUGE + "\n}\n", "json", 3),
    ],
)
def test_a_value_python_cannot_hold_is_a_syntax_problem_on_its_line(app, text, fmt, line):
    bundle, found = check_bundle(text, fmt)
    assert bundle is None and [(p.kind, p.line) for p in found] == [("syntax", line)]


def _with_row(**extra):
    data = yaml.safe_load(exported(BIRTH))
    row = {"number": "55/2026/TT-F2A", "kind": "thong_tu", "title": "Thử", "effective_from": "2026-01-01"}
    data["legal_documents"] = [row | extra]
    data["rules"]["legal_bases"].append({"number": row["number"]})
    return dumped(data, "yaml")


@pytest.mark.parametrize(
    ("extra", "key", "kind"),
    [
        ({"issuer": 5}, "issuer", "type"),
        ({"url": 7}, "url", "type"),
        ({"note": ["a"]}, "note", "type"),
        ({"replaced_by": ["x"], "expires_on": "2026-06-01"}, "replaced_by", "type"),
        ({"issuer": "x" * 161}, "issuer", "too_long"),
        ({"url": "https://" + "x" * 500}, "url", "too_long"),
        ({"url": "javascript:alert(1)"}, "url", "enum"),
    ],
)
def test_a_register_row_with_a_wrong_type_or_too_long_a_text_is_a_problem(app, extra, key, kind):
    _bundle, found = in_db(app, lambda: check_bundle(_with_row(**extra), "yaml"))
    assert ("legal_documents[0]." + key, kind) in [(p.path, p.kind) for p in found]
    assert all(p.line for p in found if p.path.startswith("legal_documents"))


def test_too_long_a_number_is_refused_not_sent_to_the_database(app):
    client = admin(app, "qt.f2a.dai")
    number = "9" * 80 + "/2026/NĐ-CP"
    data = yaml.safe_load(exported_in(app))
    data["legal_documents"] = [{"number": number, "kind": "nghi_dinh", "title": "Dài"}]
    data["rules"]["legal_bases"].append({"number": number})
    response = upload(client, IMPORT, dumped(data, "yaml").encode(), "dai.yaml")
    assert response.status_code == 200
    assert "Dài quá 64 ký tự" in response.get_data(as_text=True)
    assert in_db(app, lambda: LegalDocument.get_or_none(LegalDocument.number == number)) is None


def exported_in(app):
    return in_db(app, lambda: exported(BIRTH))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("code: '1.001193'\neffective: 2026-02-30\n", "Lỗi cú pháp YAML ở dòng 2"),
        ("code: '1.001193'\nx: " + HUGE + "\n", "Lỗi cú pháp YAML ở dòng 2"),
        ('{"code": 1' + HUGE + "}", "Lỗi cú pháp JSON ở dòng 1"),
        ('x: "\\0"\n', "Thiếu mục bắt buộc"),
        ('code: "1.0\\0"\n', "Thiếu mục bắt buộc"),
    ],
)
def test_the_import_page_shows_such_files_problems(app, text, words):
    client = admin(app, f"qt.f2a.h{abs(hash(text)) % 100000}")
    response = upload(client, IMPORT, text.encode(), "tep.yaml")
    assert response.status_code == 200 and words in response.get_data(as_text=True)


def test_a_nul_reads_as_a_space_and_a_new_row_is_the_admins(filing_app):
    """A NUL anywhere never reaches the database (PostgreSQL refuses it): it reads as a space, so a
    cited number with one is a number the register does not have; rows the import adds are source
    "manual", so the seed leaves them alone. (A database of its own: the import makes a draft, and a
    procedure has one open draft at a time.)"""
    app = filing_app
    client = admin(app, "qt.f2a.nul")
    data = yaml.safe_load(exported_in(app))
    number = "56/2026/TT-F2A"
    data["legal_documents"] = [{"number": number, "kind": "thong_tu", "title": "Có\x00NUL", "note": "\x00"}]
    data["rules"]["legal_bases"].append({"number": number})
    data["rules"]["legal_bases"].append({"number": "57/\x002026/TT-F2A"})
    refused = upload(client, IMPORT, dumped(data, "yaml").encode(), "nul.yaml")
    assert refused.status_code == 200 and "57/ 2026/TT-F2A" in refused.get_data(as_text=True)
    data["rules"]["legal_bases"].pop()
    before = in_db(app, lambda: CatalogueDraft.select().count())
    response = upload(client, IMPORT, dumped(data, "yaml").encode(), "nul.yaml")
    assert response.status_code == 303
    assert in_db(app, lambda: CatalogueDraft.select().count()) == before + 1
    row = in_db(app, lambda: LegalDocument.get(LegalDocument.number == number))
    assert row.title == "Có NUL" and row.note == "" and row.source == "manual"
