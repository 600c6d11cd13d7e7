"""The register of legal documents in the seed: legal_documents.yaml, then every legal_documents_*.yaml
by name, read and checked before the catalogue, whose citations must all be register rows."""

import datetime
from pathlib import Path

from webapp.models.legal import DATE_KEYS, DOCUMENT_KEYS, DOCUMENT_KINDS, OPTIONAL_TEXT_KEYS, LegalDocument
from webapp.seed.records import SeedError, read_yaml, upsert

REGISTER_FILE = "legal_documents.yaml"
REGISTER_GLOB = "legal_documents_*.yaml"


def register_files(seed_dir):
    seed_dir = Path(seed_dir)
    return [seed_dir / REGISTER_FILE, *sorted(seed_dir.glob(REGISTER_GLOB))]


def read_register(paths):
    """{number: checked row} from every file; a number in two files must be the same row in both."""
    rows, where = {}, {}
    for path in paths:
        name = Path(path).name
        for row in _read_file(path):
            number = row["number"]
            if number in rows and rows[number] != row:
                raise SeedError(name, number, "number", f"also in {where[number]} with different values")
            rows.setdefault(number, row)
            where.setdefault(number, name)
    _check_links(rows, where)
    return rows


def _read_file(path):
    name = Path(path).name
    data = read_yaml(path)
    documents = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(documents, list) or not documents:
        raise SeedError(name, None, "documents", "expected a non-empty list under `documents`")
    rows, seen = [], set()
    for i, record in enumerate(documents):
        row = _checked_row(name, i, record)
        if row["number"] in seen:
            raise SeedError(name, row["number"], "number", "used twice in this file")
        seen.add(row["number"])
        rows.append(row)
    return rows


def _checked_row(file, index, record):
    label = f"documents[{index}]"
    if not isinstance(record, dict):
        raise SeedError(file, label, None, "expected a mapping")
    label = str(record.get("number") or label)
    for key in record:
        if key not in DOCUMENT_KEYS:
            raise SeedError(file, label, key, f"unknown key; a document has {', '.join(DOCUMENT_KEYS)}")
    for key in ("number", "title"):
        if not isinstance(record.get(key), str) or not record[key].strip():
            raise SeedError(file, label, key, "missing (non-empty text)")
    if record.get("kind") not in DOCUMENT_KINDS:
        raise SeedError(file, label, "kind", f"{record.get('kind')!r} is not one of {', '.join(DOCUMENT_KINDS)}")
    for key in DATE_KEYS:
        value = record.get(key)
        if value is not None and (not isinstance(value, datetime.date) or isinstance(value, datetime.datetime)):
            raise SeedError(file, label, key, "expected a date written YYYY-MM-DD (unquoted)")
    for key in OPTIONAL_TEXT_KEYS:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise SeedError(file, label, key, "expected text (quote it)")
    amended = record.get("amended_by") or []
    if not isinstance(amended, list) or not all(isinstance(n, str) and n.strip() for n in amended):
        raise SeedError(file, label, "amended_by", "expected a list of document numbers")
    if record.get("unconfirmed") is not None and not isinstance(record["unconfirmed"], bool):
        raise SeedError(file, label, "unconfirmed", "expected true or false")
    _check_dates(file, label, record)
    return _row_values(record)


def _check_dates(file, label, record):
    start, end = record.get("effective_from"), record.get("expires_on")
    if start and end and end <= start:
        raise SeedError(file, label, "expires_on", "must be after effective_from")
    if record.get("replaced_by") and not end:
        raise SeedError(file, label, "expires_on", "a replaced document needs the day it stops being in force")


def _row_values(record):
    return {
        "number": record["number"].strip(),
        "kind": record["kind"],
        "title": record["title"].strip(),
        "issuer": (record.get("issuer") or "").strip(),
        "issued_on": record.get("issued_on"),
        "effective_from": record.get("effective_from"),
        "expires_on": record.get("expires_on"),
        "replaced_by": (record.get("replaced_by") or "").strip() or None,
        "amended_by": [n.strip() for n in record.get("amended_by") or []],
        "url": (record.get("url") or "").strip(),
        "unconfirmed": bool(record.get("unconfirmed")),
        "note": (record.get("note") or "").strip(),
    }


def _check_links(rows, where):
    """replaced_by and amended_by name rows of the register, so the site can show and link them."""
    for number, row in rows.items():
        linked = [("replaced_by", row["replaced_by"])] if row["replaced_by"] else []
        linked += [(f"amended_by[{i}]", n) for i, n in enumerate(row["amended_by"])]
        for path, other in linked:
            if other not in rows:
                raise SeedError(where[number], number, path, f"{other} is not in the register")
            if other == number:
                raise SeedError(where[number], number, path, "a document cannot point at itself")


def check_citations(procedures, register, file):
    """Every number the catalogue cites (legal_bases, the form's legal_source) is a register row."""
    for record in procedures:
        versions = record["rules"] if isinstance(record["rules"], list) else [record["rules"]]
        for i, rules in enumerate(versions):
            where = "rules" if len(versions) == 1 else f"rules[{i}]"
            for j, basis in enumerate(rules.get("legal_bases") or []):
                _known(basis.get("number"), register, file, record, f"{where}.legal_bases[{j}].number")
        source = (record.get("form") or {}).get("legal_source")
        if source:
            _known(source, register, file, record, "form.legal_source")


def _known(number, register, file, record, path):
    if (number or "").strip() not in register:
        raise SeedError(
            record.get("_file", file),
            record["code"],
            path,
            f"{number} is not in the register of legal documents (legal_documents*.yaml)",
        )


def write_register(register, report):
    """Rows as the files say, except those an admin created or edited (source manual): theirs stand."""
    edited = {d.number for d in LegalDocument.select(LegalDocument.number).where(LegalDocument.source == "manual")}
    for number, row in register.items():
        if number not in edited:
            values = {k: v for k, v in row.items() if k != "number"}
            upsert(LegalDocument, {"number": number}, values, report)
