"""A procedure as one file to take away or bring in: export (YAML or JSON, in the field order of
procedures.yaml, with the register rows it cites) and import (every problem with its line, then a
draft: an import never publishes and never touches a published version).

A bundle file = one procedure in the record shape of webapp/seed/procedures.yaml (`rules` one
version) plus an optional `legal_documents:` list of register rows in the shape of
webapp/seed/legal_documents.yaml. Every number it cites must be in the register or in that list;
rows from the list not yet in the register are added to it by the import (audit-logged)."""

import datetime
import json
import math

import yaml

from webapp import admin_log
from webapp.db import write_transaction
from webapp.legal.register import by_numbers
from webapp.models.legal import DATE_KEYS, DOCUMENT_KEYS, DOCUMENT_KINDS, OPTIONAL_TEXT_KEYS, LegalDocument
from webapp.text import without_controls
from webapp.versions import drafts
from webapp.versions.bundle import ITEM_KEYS, RULE_KEYS, Problem, bundle_of, plain, problems
from webapp.versions.lines import JSON, YAML, SyntaxProblem, guess_format, line_of, read_bundle

__all__ = ("check_bundle", "export_bundle", "import_bundle", "read_bundle")

# The register's column sizes, read from the model as the register form reads them.
LONGEST = {key: getattr(LegalDocument, key).max_length for key in ("number", "issuer", "replaced_by", "url")}
URL_SCHEMES = ("http://", "https://")  # the public page links the url: nothing else is a link to follow
EXPORTED_DATES = DATE_KEYS  # keys whose ISO text the YAML export writes as a date
TOP_KEYS = ("code", "old_codes", *ITEM_KEYS, "rules", "form", "legal_documents")
IMPORT_SOURCE = "nhap-tep"


def check_bundle(text, fmt=None):
    """(bundle or None, [Problem with its line]) for an uploaded file's text. The bundle keeps its
    `legal_documents` list; it is None when the file cannot be read at all."""
    fmt = fmt or guess_format(text)
    if not text.strip():
        return None, [Problem("", "empty file", "empty")]
    try:
        data, locations = read_bundle(text, fmt)
    except SyntaxProblem as exc:
        params = {"format": fmt.upper(), "detail": exc.detail}
        return None, [Problem("", f"{exc.kind}: {exc.detail}", exc.kind, params, exc.line)]
    bundle = _uploaded(data)
    found = problems(bundle)
    if isinstance(bundle, dict):
        found += _top_keys(bundle) + register_problems(bundle.get("legal_documents"))
        found += citation_problems(bundle)
    return bundle, [_located(problem, locations) for problem in found]


def _uploaded(value):
    """What a file gave, as the JSON a draft keeps: keys as text, days as ISO text; anything JSON has
    no place for (bytes, sets, NaN, infinity…) becomes text, which the checks then refuse."""
    if isinstance(value, dict):
        return {_key(k): _uploaded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_uploaded(item) for item in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, (int, float, bool)):
        return value
    return without_controls(str(value))  # PostgreSQL refuses a NUL in the draft's JSON


def _key(key):
    return without_controls(key.isoformat() if isinstance(key, (datetime.date, datetime.datetime)) else str(key))


def _located(problem, locations):
    return Problem(problem.path, problem.message, problem.kind, problem.params, line_of(problem.path, locations))


def _top_keys(bundle):
    allowed = ", ".join(TOP_KEYS)
    message = f"unknown key; a bundle has {allowed}"
    return [Problem(key, message, "unknown_top_key", {"allowed": allowed}) for key in bundle if key not in TOP_KEYS]


def cited_numbers(bundle):
    """(path, number) of every citation: the rules' legal bases and the form's legal_source."""
    rules = bundle.get("rules") if isinstance(bundle.get("rules"), dict) else {}
    bases = rules.get("legal_bases") if isinstance(rules.get("legal_bases"), list) else []
    found = [(f"rules.legal_bases[{i}].number", b.get("number")) for i, b in enumerate(bases) if isinstance(b, dict)]
    form = bundle.get("form") if isinstance(bundle.get("form"), dict) else {}
    if form.get("legal_source"):
        found.append(("form.legal_source", form["legal_source"]))
    return [(path, number.strip()) for path, number in found if isinstance(number, str) and number.strip()]


def _bundle_rows(bundle):
    rows = bundle.get("legal_documents")
    rows = rows if isinstance(rows, list) else []
    return {row["number"].strip(): row for row in rows if isinstance(row, dict) and isinstance(row.get("number"), str)}


def citation_problems(bundle):
    """Numbers cited (and linked by the bundle's own rows) that are neither in the register nor in the
    bundle's `legal_documents`."""
    rows = _bundle_rows(bundle)
    wanted = cited_numbers(bundle)
    for i, row in enumerate(
        bundle.get("legal_documents") or [] if isinstance(bundle.get("legal_documents"), list) else []
    ):
        if isinstance(row, dict):
            links = [("replaced_by", row.get("replaced_by"))]
            amended = row.get("amended_by") if isinstance(row.get("amended_by"), list) else []
            links += [(f"amended_by[{j}]", n) for j, n in enumerate(amended)]
            wanted += [
                (f"legal_documents[{i}].{key}", n.strip()) for key, n in links if isinstance(n, str) and n.strip()
            ]
    known = by_numbers([number for _path, number in wanted])
    message = "not in the register of legal documents, nor in the bundle's legal_documents"
    return [
        Problem(path, message, "not_cited_anywhere", {"number": number})
        for path, number in wanted
        if number not in known and number not in rows
    ]


def register_problems(rows):
    """Every problem of the bundle's register rows (the seed's rules for legal_documents.yaml)."""
    if rows is None:
        return []
    if not isinstance(rows, list):
        return [Problem("legal_documents", "expected a list", "type", {"expected": "list", "got": type(rows).__name__})]
    found, seen = [], set()
    for i, row in enumerate(rows):
        found += _row_problems(row, f"legal_documents[{i}]")
        number = row.get("number") if isinstance(row, dict) else None
        if isinstance(number, str) and number.strip() in seen:
            found.append(Problem(f"legal_documents[{i}].number", "used twice", "register_twice", {"number": number}))
        seen.add(number.strip() if isinstance(number, str) else None)
    return found


def _row_problems(row, path):
    if not isinstance(row, dict):
        return [Problem(path, "expected a mapping", "mapping", {"got": type(row).__name__})]
    allowed = ", ".join(DOCUMENT_KEYS)
    found = [
        Problem(f"{path}.{k}", "unknown key", "register_key", {"allowed": allowed})
        for k in row
        if k not in DOCUMENT_KEYS
    ]
    for key in ("number", "title"):
        if not isinstance(row.get(key), str) or not row[key].strip():
            found.append(Problem(f"{path}.{key}", "missing", "missing"))
    found += _text_problems(row, path)
    if row.get("kind") not in DOCUMENT_KINDS:
        params = {"value": row.get("kind"), "allowed": ", ".join(DOCUMENT_KINDS)}
        found.append(Problem(f"{path}.kind", "unknown kind", "register_kind", params))
    dates = {key: _date(row.get(key)) for key in DATE_KEYS}
    for key in DATE_KEYS:
        if row.get(key) is not None and dates[key] is None:
            found.append(Problem(f"{path}.{key}", "expected a date YYYY-MM-DD", "register_date"))
    start, end = dates["effective_from"], dates["expires_on"]
    if start and end and end <= start:
        found.append(Problem(f"{path}.expires_on", "must be after effective_from", "register_expiry"))
    if row.get("replaced_by") and not end:
        found.append(Problem(f"{path}.expires_on", "a replaced document needs its expiry", "register_replaced"))
    amended = row.get("amended_by") or []
    if not isinstance(amended, list) or not all(isinstance(n, str) and n.strip() for n in amended):
        found.append(Problem(f"{path}.amended_by", "expected a list of numbers", "type", {"expected": "list"}))
    return found


def _text_problems(row, path):
    """The optional texts must be text, and no text longer than its column; a url is a web address."""
    found = []
    for key in OPTIONAL_TEXT_KEYS:
        if row.get(key) is not None and not isinstance(row[key], str):
            params = {"expected": "str", "got": type(row[key]).__name__}
            found.append(Problem(f"{path}.{key}", "expected text", "type", params))
    for key, longest in LONGEST.items():
        if isinstance(row.get(key), str) and len(row[key].strip()) > longest:
            found.append(Problem(f"{path}.{key}", f"longer than {longest}", "too_long", {"longest": longest}))
    url = row.get("url")
    if isinstance(url, str) and url.strip() and not url.strip().lower().startswith(URL_SCHEMES):
        params = {"value": url.strip()[:60], "allowed": ", ".join(URL_SCHEMES)}
        found.append(Problem(f"{path}.url", "a web address starts with http:// or https://", "enum", params))
    return found


def _date(value):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def import_bundle(bundle, staff, source=IMPORT_SOURCE):
    """A checked bundle becomes a draft (never a published version); its register rows not yet in
    the register are added. Returns (draft, numbers added to the register)."""
    record = {key: value for key, value in bundle.items() if key != "legal_documents"}
    rows = _bundle_rows(bundle)
    with write_transaction():
        existing = by_numbers(list(rows))
        added = [number for number in rows if number not in existing]
        for number in added:
            LegalDocument.create(**_row_values(rows[number]))
            admin_log.record(staff, "van-ban", "nhap-tep", number, procedure=str(record.get("code", "")))
        draft = drafts.start_new(record, staff, source=source)
        admin_log.record(staff, drafts.AREA, "nhap-tep", draft.code, draft=draft.id, documents_added=added)
    return draft, added


def _row_values(row):
    values = {
        "number": row["number"].strip(),
        "kind": row["kind"],
        "title": row["title"].strip(),
        "issuer": (row.get("issuer") or "").strip(),
        "replaced_by": (row.get("replaced_by") or "").strip() or None,
        "amended_by": [n.strip() for n in row.get("amended_by") or []],
        "url": (row.get("url") or "").strip(),
        "unconfirmed": bool(row.get("unconfirmed")),
        "note": (row.get("note") or "").strip(),
        "source": "manual",  # an admin's row: the seed leaves it alone
    }
    return values | {key: _date(row.get(key)) for key in DATE_KEYS}


# ── export ──

FEE_ORDER = (
    "channel", "kind", "label", "amount", "per", "copies", "pages", "then", "max_per_copy", "max", "point",
    "description", "unconfirmed", "optional",
)  # fmt: skip
ORDERS = {
    "": ("code", "old_codes", *ITEM_KEYS, "rules", "form", "legal_documents"),
    "rules": ("version", "effective_from", *RULE_KEYS),
    "rules.legal_bases": ("number", "title", "issued_on", "note"),
    "rules.documents": ("name", "kind", "count", "online_form", "optional", "note"),
    "rules.time_limits": ("channel", "amount", "unit", "note"),
    "rules.fees": FEE_ORDER,
    "form": ("title", "title_en", "reference", "legal_source", "addressee", "steps"),
    "form.steps": ("key", "title", "title_en", "copy_from", "fields"),
    "form.steps.fields": ("name", "type", "label", "label_en", "help", "help_en", "required", "validation", "choices"),
    "legal_documents": DOCUMENT_KEYS,
}


def export_bundle(procedure, fmt=YAML, rule_set=None):
    """A version of the procedure (the one in force by default, as drafts start from it) with the
    register rows it cites, as YAML or JSON text."""
    bundle = bundle_of(procedure, rule_set or procedure.rules_on())
    bundle["legal_documents"] = cited_rows(bundle)
    ordered = _ordered(plain(bundle), "")
    if fmt == JSON:
        return json.dumps(ordered, ensure_ascii=False, indent=2) + "\n"
    dated = _dates(ordered, "")
    return yaml.safe_dump(dated, allow_unicode=True, sort_keys=False, default_flow_style=False, width=110)


def _dates(value, key):
    """ISO days back to dates, so the YAML reads as procedures.yaml does (2025-07-01, unquoted)."""
    if isinstance(value, list):
        return [_dates(item, key) for item in value]
    if isinstance(value, dict):
        return {k: _dates(v, k) for k, v in value.items()}
    if key in EXPORTED_DATES and isinstance(value, str):
        return _date(value) or value
    return value


def cited_rows(bundle):
    """The register rows the bundle cites, and the rows those replace or amend them, as plain rows."""
    wanted = [number for _path, number in cited_numbers(bundle)]
    rows, seen = [], set()
    while wanted:
        found = by_numbers([n for n in wanted if n not in seen])
        seen.update(wanted)
        wanted = []
        for number in sorted(found):
            document = found[number]
            rows.append({key: getattr(document, key) for key in DOCUMENT_KEYS})
            wanted += [n for n in [document.replaced_by, *(document.amended_by or [])] if n and n not in seen]
    return rows


def _ordered(value, path):
    """Keys in the order a person reads them in procedures.yaml; keys not listed keep their order after."""
    if isinstance(value, list):
        return [_ordered(item, path) for item in value]
    if not isinstance(value, dict):
        return value
    order = ORDERS.get(path, ())
    keys = [k for k in order if k in value] + [k for k in value if k not in order]
    return {key: _ordered(value[key], _join(path, key)) for key in keys}


def _join(path, key):
    return f"{path}.{key}" if path else key
