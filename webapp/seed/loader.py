"""`flask seed`: the demo units and catalogue, in one transaction, idempotent."""

import json
from pathlib import Path

from webapp.db import db
from webapp.forms_engine import DefinitionError
from webapp.forms_engine import FormDefinition as FormSpec
from webapp.models import Field, FormDefinition, Procedure, ProcedureAlias, RuleSet, Unit
from webapp.models.units import KIND_TIER
from webapp.seed.calendar import CALENDAR_FILE, seed_calendar, seed_office_hours
from webapp.seed.desks import DESKS_FILE, read_desk_rules, write_agency
from webapp.seed.legal import check_citations, read_register, register_files, write_register
from webapp.seed.records import Report, SeedError, read_yaml, upsert
from webapp.seed.staff import DEMO_FILE, read_demo_staff, write_demo_staff
from webapp.text import search_text_for
from webapp.versions.bundle import rule_values
from webapp.versions.schema import RecordError, check_procedure, need

UNITS_FILE = "ha_tinh_units_2025.json"
CALENDAR_YEARS = range(2024, 2028)
CATALOGUE_FILE = "procedures.yaml"
# The catalogue may be split by field: procedures.yaml first, then every procedures_*.yaml by name.
CATALOGUE_GLOB = "procedures_*.yaml"
UNIT_KINDS = {"tỉnh": "province", "thành phố": "city", "xã": "commune", "phường": "ward", "đặc khu": "special_zone"}


def read_units(path):
    try:
        province = json.loads(Path(path).read_text(encoding="utf-8"))
        units = [_unit_values(province, None, 0)]
        units += [_unit_values(ward, province["Code"], i) for i, ward in enumerate(province["Wards"])]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SeedError(Path(path).name, None, None, f"cannot read the unit list: {exc}") from exc
    return units


def _unit_values(raw, parent_code, position):
    kind = UNIT_KINDS.get(raw["AdministrativeUnitShortName"].lower())
    if kind is None:
        raise KeyError(f"unknown unit type {raw['AdministrativeUnitShortName']!r} for {raw['Code']}")
    return {
        "code": raw["Code"],
        "name": raw["Name"],
        "full_name": raw["FullName"],
        "name_en": raw.get("NameEn", ""),
        "full_name_en": raw.get("FullNameEn", ""),
        "kind": kind,
        "tier": KIND_TIER[kind],
        "parent_code": parent_code,
        "position": position,
    }


def catalogue_files(seed_dir):
    seed_dir = Path(seed_dir)
    return [seed_dir / CATALOGUE_FILE, *sorted(seed_dir.glob(CATALOGUE_GLOB))]


def read_catalogues(paths):
    """Fields and procedures of several files, checked as one catalogue (a code used once in all)."""
    fields, procedures = [], []
    for path in paths:
        more_fields, more_procedures = read_catalogue(path, known_fields=fields)
        for record in more_procedures:
            record["_file"] = Path(path).name  # for errors found later (e.g. an unknown legal document)
        fields += more_fields
        procedures += more_procedures
    _no_duplicates(Path(paths[-1]).name, procedures)
    return fields, procedures


def read_catalogue(path, known_fields=()):
    name = Path(path).name
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise SeedError(name, None, None, "expected a mapping with `fields` and `procedures`")
    fields = _checked(name, data, "fields", _check_field, optional=bool(known_fields))
    codes = tuple(f["code"] for f in [*known_fields, *fields])
    procedures = _checked(name, data, "procedures", lambda rec: _check_procedure(rec, codes))
    _no_duplicates(name, procedures)
    return fields, procedures


def _checked(file, data, key, check, optional=False):
    records = data.get(key)
    if optional and records is None:
        return []
    if not isinstance(records, list) or not records:
        raise SeedError(file, None, key, "expected a non-empty list")
    for i, record in enumerate(records):
        label = (record.get("code") if isinstance(record, dict) else None) or f"{key}[{i}]"
        try:
            if not isinstance(record, dict):
                raise RecordError("", "expected a mapping")
            check(record)
        except RecordError as exc:
            raise SeedError(file, str(label), exc.path, exc.message) from exc
    return records


def _check_field(record):
    need(record, "code", str, "")
    need(record, "name", str, "")


def _check_procedure(record, field_codes):
    check_procedure(record, field_codes)
    try:
        record["_form"] = FormSpec.from_dict(record["form"]).to_dict()
    except DefinitionError as exc:
        raise RecordError(f"form.{exc.path}", str(exc)) from exc


def _no_duplicates(file, procedures):
    seen = set()
    for record in procedures:
        for code in [record["code"], *record.get("old_codes", [])]:
            if code in seen:
                raise SeedError(file, record["code"], "code", f"code {code} is used twice")
            seen.add(code)


def load(seed_dir):
    """Read and check every file first, then write everything in one transaction.

    Demo staff accounts come along only where DEMO_ACCOUNTS is on (never in production)."""
    from flask import current_app

    seed_dir = Path(seed_dir)
    units = read_units(seed_dir / UNITS_FILE)
    desks = read_desk_rules(seed_dir / DESKS_FILE)
    register = read_register(register_files(seed_dir))
    fields, procedures = read_catalogues(catalogue_files(seed_dir))
    check_citations(procedures, register, CATALOGUE_FILE)
    demo_staff = read_demo_staff(seed_dir / DEMO_FILE) if current_app.config["DEMO_ACCOUNTS"] else None
    report = Report()
    with db.atomic():
        write_units(units, report, desks)
        write_register(register, report)
        write_catalogue(fields, procedures, report)
        seed_calendar(CALENDAR_YEARS, report, path=seed_dir / CALENDAR_FILE)
        seed_office_hours(report, path=seed_dir / CALENDAR_FILE)
        if demo_staff:
            write_demo_staff(*demo_staff, report)
    return report


def write_units(units, report, desks=None):
    """Units and their desks; the desk's name follows desks.yaml until an admin edits it."""
    from flask import current_app

    desks = desks or read_desk_rules()

    prefix = current_app.config["PROVINCE_AGENCY_CODE"]
    by_code = {}
    for values in units:
        values = dict(values)
        parent = by_code.get(values.pop("parent_code"))
        values["parent"] = parent.id if parent else None
        unit = upsert(Unit, {"code": values.pop("code")}, values, report)
        by_code[unit.code] = unit
        code = f"000.00.00.{prefix}" if parent is None else f"{prefix}.{unit.code}"
        write_agency(unit, code, desks, report)


def write_catalogue(fields, procedures, report):
    field_rows = {}
    for record in fields:
        values = {"name": record["name"], "name_en": record.get("name_en", "")}
        field_rows[record["code"]] = upsert(Field, {"code": record["code"]}, values, report)
    for record in procedures:
        write_procedure(record, field_rows[record["field"]], report)


def write_procedure(record, field_row, report):
    """The procedure as the file says, unless the catalogue admin has published a version of it since
    (a RuleSet with a moment): from then on the admin's versions are the truth and the seed stays out."""
    if (
        RuleSet.select()
        .join(Procedure)
        .where(Procedure.code == record["code"], RuleSet.effective_at.is_null(False))
        .exists()
    ):
        return
    old_codes = record.get("old_codes") or []
    values = {
        "name": record["name"],
        "name_en": record.get("name_en", ""),
        "tier": record["tier"],
        "field": field_row.id,
        "online_class": record["online_class"],
        "legacy_level": record["legacy_level"],
        "search_text": search_text_for(record, field_row, old_codes),
    }
    procedure = upsert(Procedure, {"code": record["code"]}, values, report)
    for code in old_codes:
        upsert(ProcedureAlias, {"code": code}, {"procedure": procedure.id}, report)
    versions = record["rules"] if isinstance(record["rules"], list) else [record["rules"]]
    for rules in versions:
        rule_set = upsert(RuleSet, {"procedure": procedure.id, "version": rules["version"]}, rule_values(rules), report)
        upsert(FormDefinition, {"rule_set": rule_set.id}, {"definition": record["_form"]}, report)
