"""Issue 18's list of what the shipped catalogue got wrong against the law in force on 2 December 2026,
one test per item (the calendar, office hours and the desk's name per unit are tested with the calendar).

The procedures shipped in procedures.yaml are checked item by item; the rules any catalogue must keep
(the desk's current name, phí vs lệ phí, no replaced business-registration circular) hold for every
procedures*.yaml file."""

import datetime
import re
from pathlib import Path

import pytest

from webapp.models import Procedure
from webapp.seed.legal import read_register, register_files
from webapp.seed.loader import catalogue_files, read_catalogues

SEED = Path(__file__).parents[2] / "webapp" / "seed"
REVIEWED_ON = datetime.date(2026, 12, 2)  # the day the issue checked the catalogue against the law
CIVIL_STATUS_LAW_2026 = "Luật Hộ tịch 2026"  # the register row of the new law (its number is not confirmed yet)
OLD_DESK = re.compile(r"Bộ phận (Một cửa|Tiếp nhận và Trả kết quả)", re.IGNORECASE)
COPY_OR_CERTIFICATION = re.compile(r"bản sao trích lục|chứng thực", re.IGNORECASE)


def versions(record):
    return record["rules"] if isinstance(record["rules"], list) else [record["rules"]]


def in_force_on(record, day):
    """The record's rule set in force on a day: the newest already effective."""
    started = [rules for rules in versions(record) if rules["effective_from"] <= day]
    return max(started, key=lambda rules: (rules["effective_from"], rules["version"]))


def cited(rules):
    return [basis["number"] for basis in rules["legal_bases"]]


@pytest.fixture(scope="module")
def shipped():
    """The procedures of procedures.yaml, by code."""
    _, records = read_catalogues([SEED / "procedures.yaml"])
    return {record["code"]: record for record in records}


@pytest.fixture(scope="module")
def catalogue():
    """Every procedure of every catalogue file."""
    return read_catalogues(catalogue_files(SEED))[1]


@pytest.fixture(scope="module")
def register():
    return read_register(register_files(SEED))


def _in_force(register, number, day):
    row = register[number]
    started = row["effective_from"] is None or row["effective_from"] <= day
    return started and (row["expires_on"] is None or day < row["expires_on"])


def test_the_building_permit_follows_the_construction_law_2025_and_its_decree(shipped, register):
    permit = shipped["1.009994"]
    rules = in_force_on(permit, REVIEWED_ON)
    assert "15/2021" not in permit["form"]["reference"]
    assert _in_force(register, permit["form"]["legal_source"], REVIEWED_ON)
    assert {"135/2025/QH15", "140/2025/NĐ-CP"} <= set(cited(rules))
    assert not {"15/2021/NĐ-CP", "50/2014/QH13", "175/2024/NĐ-CP"} & set(cited(rules))
    assert all(_in_force(register, number, REVIEWED_ON) for number in cited(rules))
    assert rules["effective_from"] == datetime.date(2026, 7, 1)
    assert {limit["amount"] for limit in rules["time_limits"]} == {7}, "15 working days was the 2014 law's"
    conditions = " ".join(rules["conditions"])
    assert "nông thôn dưới 07 tầng" not in conditions  # the 2014 law's rural exemption
    assert "500 m²" in conditions and "Điều 43" in conditions


CIVIL_STATUS_DECREES = {"120/2025/NĐ-CP", "07/2025/NĐ-CP", "87/2020/NĐ-CP"}


def test_every_civil_status_procedure_cites_the_2025_decrees_and_has_a_version_for_the_2026_law(shipped):
    civil_status = [record for record in shipped.values() if record["field"] == "HT"]
    assert len(civil_status) == 10
    for record in civil_status:
        current = in_force_on(record, REVIEWED_ON)
        assert set(cited(current)) >= CIVIL_STATUS_DECREES, record["code"]
        later = in_force_on(record, datetime.date(2027, 3, 1))
        assert later["effective_from"] == datetime.date(2027, 3, 1) and later["version"] > current["version"]
        assert CIVIL_STATUS_LAW_2026 in cited(later) and "60/2014/QH13" not in cited(later), record["code"]
        assert "120/2025/NĐ-CP" not in cited(later), "Decree 120/2025 ends on 1/3/2027"


def test_the_2026_law_replaces_the_2014_law_in_the_register_on_1_march_2027(register):
    old = register["60/2014/QH13"]
    assert (old["expires_on"], old["replaced_by"]) == (datetime.date(2027, 3, 1), CIVIL_STATUS_LAW_2026)
    assert register[CIVIL_STATUS_LAW_2026]["effective_from"] == datetime.date(2027, 3, 1)


def test_no_household_business_form_cites_the_replaced_circular(catalogue):
    business = [record for record in catalogue if record["field"] == "HKD"]
    assert business
    for record in business:
        assert "01/2021/TT-BKHĐT" not in record["form"]["reference"], record["code"]
        assert "68/2025/TT-BTC" in record["form"]["reference"], record["code"]
        for rules in versions(record):
            assert "01/2021/NĐ-CP" not in cited(rules), record["code"]


def _fees(catalogue):
    for record in catalogue:
        for rules in versions(record):
            for fee in rules["fees"]:
                yield record, fee


def test_copies_of_extracts_and_certifications_are_phi_and_no_phi_is_called_le_phi(catalogue):
    for record, fee in _fees(catalogue):
        text = f"{fee.get('label', '')} {fee['description']}"
        if record["field"] == "CT" or COPY_OR_CERTIFICATION.search(fee.get("label", "")):
            assert fee.get("kind") == "phi", (record["code"], text)
        if fee.get("kind") == "phi":
            assert "lệ phí" not in text.lower(), (record["code"], text)
    copies = [fee for record, fee in _fees(catalogue) if record["code"] == "2.000635"]
    assert copies and all(fee.get("kind") == "phi" for fee in copies)


def test_civil_status_registration_exemptions_cover_the_le_phi_not_the_copies(shipped):
    """The Law on Civil Status exempts some groups from registration charges (lệ phí), not from the
    phí for copies of extracts: an exemption says which kind it covers where a procedure has both."""
    for record in shipped.values():
        for rules in versions(record):
            kinds = {fee.get("kind", "le_phi") for fee in rules["fees"]}
            for exemption in rules.get("exemptions") or []:
                if record["field"] == "HT":
                    assert isinstance(exemption, dict) and exemption.get("covers"), (record["code"], exemption)
                    assert set(exemption["covers"]) <= kinds, (record["code"], exemption)
            if kinds == {"le_phi", "phi"}:
                assert all(e["covers"] == ["le_phi"] for e in rules["exemptions"]), record["code"]


def _texts(record):
    """Everything a citizen reads about the procedure, except the official titles of cited documents."""
    for rules in versions(record):
        yield from rules["steps"]
        yield from rules.get("conditions") or []
        yield rules["result"]
        yield rules["implementing_agency"]
        yield from (doc.get("note", "") for doc in rules["documents"])
        yield from (limit.get("note", "") for limit in rules["time_limits"])
        yield from (f"{fee.get('label', '')} {fee['description']}" for fee in rules["fees"])
    form = record["form"]
    yield form["reference"]
    for step in form["steps"]:
        yield step["title"]
        for field in step["fields"]:
            yield f"{field.get('label', '')} {field.get('help', '')}"


def test_no_procedure_names_the_desk_by_its_pre_2025_name(catalogue, shipped):
    for record in catalogue:
        for text in _texts(record):
            assert not OLD_DESK.search(text), (record["code"], text)
    birth = in_force_on(shipped["1.001193"], REVIEWED_ON)
    assert "Trung tâm Phục vụ hành chính công" in birth["steps"][0]


def test_every_shipped_citation_is_a_register_row_in_force_or_covered_by_a_later_version(app):
    """On the seeded database: nothing the shipped catalogue cites is out of force today without a later
    version, and the civil-status versions of 1/3/2027 cover the 2014 law and Decree 120/2025."""
    from webapp.forms_engine.dates import local_today
    from webapp.legal.citations import attention_for, cited_numbers
    from webapp.models.legal import LegalDocument

    codes = [record["code"] for record in read_catalogues([SEED / "procedures.yaml"])[1]]
    procedures = list(Procedure.select().where(Procedure.code.in_(codes)))
    assert len(procedures) == len(codes) == 16
    registered = {d.number: d for d in LegalDocument.select()}
    for procedure in procedures:
        for rule_set in procedure.rule_sets:
            for number in cited_numbers(rule_set):
                document = registered[number]
                assert document.issued_on or document.effective_from, number
        assert attention_for(procedure, local_today(), within=0) == [], procedure.code
    birth = next(p for p in procedures if p.code == "1.001193")
    on_the_day = attention_for(birth, datetime.date(2027, 2, 28))
    assert {row.document.number for row in on_the_day} >= {"60/2014/QH13", "120/2025/NĐ-CP"}
    assert all(row.covered_by is not None and row.covered_by.version == 2 for row in on_the_day)
