"""A procedure as one bundle: the record shape of webapp/seed/procedures.yaml (mức-1 items, one rule
set under `rules`, the form definition under `form`), read from the database and checked whole."""

import contextlib
import datetime
import json
from dataclasses import dataclass, field

from webapp.forms_engine import DefinitionError
from webapp.forms_engine import FormDefinition as FormSpec
from webapp.legal.register import by_numbers
from webapp.models import Field, Procedure, ProcedureAlias, RuleSet
from webapp.text import CONTROL_RE
from webapp.versions.schema import procedure_problems

ITEM_KEYS = ("name", "name_en", "tier", "field", "online_class", "legacy_level")
RULE_KEYS = (
    "implementing_agency",
    "applicants",
    "legal_bases",
    "steps",
    "channels",
    "documents",
    "time_limits",
    "cutoff_15h",
    "supplement_clock",
    "fees",
    "exemptions",
    "result",
    "conditions",
    "sensitive",
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a bundle: where (a dotted path such as rules.fees[0].amount) and what (in
    English; `kind` and `params` let a page word it in Vietnamese, see webapp/versions/wording.py).
    `line` is the line of the uploaded file it was found on, when it came from one."""

    path: str
    message: str
    kind: str = field(default="", compare=False)
    params: dict = field(default_factory=dict, compare=False, hash=False)
    line: int | None = field(default=None, compare=False)


def plain(value):
    """Dates as ISO text, as the JSON columns keep them."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat(), ensure_ascii=False))


def bundle_of(procedure, rule_set=None):
    """The procedure as published in `rule_set` (its newest version by default), as one bundle."""
    rule_set = rule_set or newest_version(procedure)
    items = {key: getattr(procedure, key) for key in ITEM_KEYS if key != "field"}
    items["field"] = procedure.field.code
    items.update(rule_set.items or {})
    rules = {"version": rule_set.version, "effective_from": rule_set.effective_from.isoformat()}
    rules.update({key: getattr(rule_set, key) for key in RULE_KEYS})
    form = rule_set.forms.get().definition if rule_set.forms.exists() else {}
    old_codes = [alias.code for alias in procedure.aliases.order_by(ProcedureAlias.code)]
    return {"code": procedure.code, "old_codes": old_codes, **items, "rules": rules, "form": form}


def newest_version(procedure):
    """The newest rule set, in force or scheduled."""
    return procedure.rule_sets.order_by(RuleSet.version.desc()).first()


def problems(bundle, field_codes=None, known_numbers=None):
    """Everything wrong with a bundle, as Problems (empty when it can be published): every problem of
    the record checks, the form definition's first one, then every citation that is not a row of the
    register (or of `known_numbers`: rows an import brings with it and adds on import).

    An uploaded file carrying its `legal_documents` rows has its citations checked by
    transfer.citation_problems (against those rows too, and their own links); unless `known_numbers`
    is given, they are not checked a second time here."""
    if not isinstance(bundle, dict):
        return [Problem("", "expected a mapping", "mapping", {"got": type(bundle).__name__})]
    if isinstance(bundle.get("rules"), list):
        return [Problem("rules", "a bundle holds one version: a mapping, not a list", "one_version")]
    field_codes = field_codes if field_codes is not None else tuple(f.code for f in Field.select(Field.code))
    record = _with_dates(bundle)
    found = [Problem(p.path, p.message, p.kind, p.params) for p in procedure_problems(record, field_codes)]
    if isinstance(record.get("form"), dict):
        try:
            FormSpec.from_dict(record["form"])
        except DefinitionError as exc:
            found.append(Problem(f"form.{exc.path}" if exc.path else "form", exc.message, "form"))
        except (TypeError, AttributeError):  # a value of a type the form reader never expected (a list as a name)
            found.append(Problem("form", "the form definition cannot be read", "form"))
    if known_numbers is not None or "legal_documents" not in bundle:
        found += unregistered_citations(bundle, known_numbers or ())
    return found


# The register's number column; a longer number (or one with control characters) is no row of it.
LONGEST_NUMBER = 64


def citations(bundle):
    """(path, number) of every register number the bundle cites: the legal bases, then the form's
    legal_source; numbers stripped, those that are not text left to the record checks."""
    rules = bundle.get("rules") if isinstance(bundle.get("rules"), dict) else {}
    bases = rules.get("legal_bases") if isinstance(rules.get("legal_bases"), list) else []
    found = [(f"rules.legal_bases[{i}].number", b.get("number")) for i, b in enumerate(bases) if isinstance(b, dict)]
    form = bundle.get("form") if isinstance(bundle.get("form"), dict) else {}
    found.append(("form.legal_source", form.get("legal_source")))
    return [(path, number.strip()) for path, number in found if isinstance(number, str) and number.strip()]


def unregistered_citations(bundle, known_numbers=()):
    """A Problem (kind not_in_register, params number) for each cited number that is no row of the
    register nor in `known_numbers`: approval must not publish a citation the review cannot follow."""
    cited = citations(bundle)
    askable = [n for _path, n in cited if len(n) <= LONGEST_NUMBER and not CONTROL_RE.search(n)]
    known = set(by_numbers(askable)) | {str(n).strip() for n in known_numbers}
    message = "not in the register of legal documents"
    return [Problem(path, message, "not_in_register", {"number": n}) for path, n in cited if n not in known]


def _with_dates(bundle):
    """JSON keeps dates as text; the record checks expect dates, as YAML gives them."""
    record = json.loads(json.dumps(bundle, default=str))
    rules = record.get("rules")
    if isinstance(rules, dict):
        _date_in(rules, "effective_from")
        bases = rules.get("legal_bases")
        for basis in bases if isinstance(bases, list) else []:
            _date_in(basis, "issued_on")
    return record


def _date_in(mapping, key):
    if isinstance(mapping, dict) and isinstance(mapping.get(key), str):
        with contextlib.suppress(ValueError):  # check_procedure then names it: expected a date
            mapping[key] = datetime.date.fromisoformat(mapping[key])


def rule_values(rules):
    """The RuleSet columns of a bundle's `rules` (or a seed record's)."""
    effective = rules["effective_from"]
    return {
        "effective_from": effective if isinstance(effective, datetime.date) else datetime.date.fromisoformat(effective),
        "implementing_agency": rules["implementing_agency"],
        "applicants": rules.get("applicants") or "",
        "legal_bases": plain(rules["legal_bases"]),
        "steps": rules["steps"],
        "channels": rules["channels"],
        "documents": plain(rules["documents"]),
        "time_limits": plain(rules["time_limits"]),
        "cutoff_15h": bool(rules.get("cutoff_15h", False)),
        "supplement_clock": rules.get("supplement_clock", "restart"),
        "fees": plain(rules["fees"]),
        "exemptions": rules.get("exemptions") or [],
        "result": rules["result"],
        "conditions": rules.get("conditions") or [],
        "sensitive": bool(rules.get("sensitive", False)),
    }


def item_values(bundle):
    """The procedure's mức-1 items in a bundle, with the field as its code."""
    values = {key: bundle.get(key) for key in ITEM_KEYS}
    values["name_en"] = values["name_en"] or ""  # optional: left out or null
    return values


def procedure_exists(code):
    return Procedure.select().where(Procedure.code == code).exists()
