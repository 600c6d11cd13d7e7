"""The register in the seed: legal_documents*.yaml read before the catalogue, every citation a row."""

import shutil
from pathlib import Path

import pytest
import yaml

from webapp.db import db
from webapp.models.legal import LegalDocument
from webapp.seed.legal import check_citations, read_register
from webapp.seed.loader import load
from webapp.seed.records import SeedError

ROW = "documents:\n  - number: {number}\n    kind: nghi_dinh\n    title: Nghị định\n    effective_from: 2021-01-04\n"


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def procedure(code, numbers, source=None):
    form = {"title": "Tờ khai", "steps": []} | ({"legal_source": source} if source else {})
    return {
        "code": code,
        "_file": "procedures_x.yaml",
        "rules": {"legal_bases": [{"number": n} for n in numbers]},
        "form": form,
    }


def test_an_unknown_legal_basis_names_file_procedure_and_path(tmp_path):
    register = read_register([write(tmp_path / "legal_documents.yaml", ROW.format(number="01/2021/NĐ-CP"))])
    check_citations([procedure("1.0001", ["01/2021/NĐ-CP"])], register, "procedures.yaml")
    with pytest.raises(SeedError) as caught:
        check_citations([procedure("1.0002", ["01/2021/NĐ-CP", "99/2099/NĐ-CP"])], register, "procedures.yaml")
    error = caught.value
    assert (error.file, error.record, error.path) == ("procedures_x.yaml", "1.0002", "rules.legal_bases[1].number")
    assert "99/2099/NĐ-CP is not in the register" in str(error)


def test_an_unknown_form_source_is_refused(tmp_path):
    register = read_register([write(tmp_path / "legal_documents.yaml", ROW.format(number="01/2021/NĐ-CP"))])
    with pytest.raises(SeedError) as caught:
        check_citations([procedure("1.0003", ["01/2021/NĐ-CP"], source="04/2024/TT-BTP")], register, "x")
    assert caught.value.path == "form.legal_source"


def test_the_same_number_in_two_files_must_be_the_same_row(tmp_path):
    first = write(tmp_path / "legal_documents.yaml", ROW.format(number="A/1"))
    same = write(tmp_path / "legal_documents_xd.yaml", ROW.format(number="A/1"))
    assert list(read_register([first, same])) == ["A/1"]
    other = write(tmp_path / "legal_documents_zz.yaml", ROW.format(number="A/1").replace("2021-01-04", "2021-02-01"))
    with pytest.raises(SeedError) as caught:
        read_register([first, other])
    assert caught.value.file == "legal_documents_zz.yaml" and "legal_documents.yaml" in str(caught.value)


@pytest.mark.parametrize(
    "extra, path, message",
    [
        ("    kind: sac_lenh\n", "kind", "not one of"),
        ("    expires_on: '2025-07-01'\n", "expires_on", "YYYY-MM-DD"),
        ("    expires_on: 2020-01-01\n", "expires_on", "after effective_from"),
        ("    expires_on: 2025-07-01\n    replaced_by: B/2\n", "replaced_by", "not in the register"),
        ("    replaced_by: A/1\n", "expires_on", "needs the day"),
        ("    amended_by: [C/3]\n", "amended_by[0]", "not in the register"),
        ("    sua_doi: x\n", "sua_doi", "unknown key"),
    ],
)
def test_a_bad_row_is_named_with_its_field(tmp_path, extra, path, message):
    text = (
        ROW.format(number="A/1").replace("    kind: nghi_dinh\n", "") if "kind:" in extra else ROW.format(number="A/1")
    )
    with pytest.raises(SeedError) as caught:
        read_register([write(tmp_path / "legal_documents.yaml", text + extra)])
    assert (caught.value.record, caught.value.path) == ("A/1", path) and message in str(caught.value)


@pytest.fixture
def seed_copy(tmp_path, migrated_app):
    seed_dir = tmp_path / "seed"
    shutil.copytree(migrated_app.config["SEED_DIR"], seed_dir, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    migrated_app.config["SEED_DIR"] = str(seed_dir)
    return seed_dir


def test_flask_seed_refuses_a_citation_missing_from_the_register_and_writes_nothing(migrated_app, seed_copy):
    path = seed_copy / "procedures.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    code = data["procedures"][0]["code"]
    rules = data["procedures"][0]["rules"]
    (rules[0] if isinstance(rules, list) else rules)["legal_bases"].append({"number": "999/2099/NĐ-CP"})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = migrated_app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code != 0
    assert "procedures.yaml" in result.output and code in result.output and "999/2099/NĐ-CP" in result.output
    with migrated_app.app_context(), db.connection_context():
        assert LegalDocument.select().count() == 0


def test_the_shipped_register_loads_and_seeding_twice_changes_nothing(migrated_app):
    with migrated_app.app_context(), db.connection_context():
        load(migrated_app.config["SEED_DIR"])
        rows = LegalDocument.select().count()
        again = load(migrated_app.config["SEED_DIR"])
        assert rows >= 20 and LegalDocument.select().count() == rows
        assert "LegalDocument" not in again.created and "LegalDocument" not in again.updated
    assert Path(migrated_app.config["SEED_DIR"], "legal_documents.yaml").exists()
