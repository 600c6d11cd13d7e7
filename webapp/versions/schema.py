"""Checks a procedure record (a seed entry, an imported bundle, an edited draft) before anything is
written, naming the field at fault.

Two ways to run them: without a collector (`errors=None`) the first problem raises RecordError, which
is what the seed wants (one clear message, fix, run again); with a list as `errors`, every problem is
noted and the checks go on, so an admin importing a bundle sees all of them at once. Each problem has
a `kind` and `params` besides its English message, so the admin pages can word it in Vietnamese."""

import datetime
import re

from webapp.models.catalogue import ONLINE_CLASSES
from webapp.models.units import TIERS
from webapp.models.values import CHANNELS

DOCUMENT_KINDS = ("ban_chinh", "ban_sao", "ban_chinh_hoac_ban_sao", "xuat_trinh")
TIME_UNITS = ("same_day", "working_day", "working_hour")
FEE_PER = ("ho_so", "ban", "trang")  # per dossier | per copy | per page of each copy
FEE_POINTS = ("truoc_tiep_nhan", "truoc_tra_ket_qua")  # paid before reception | before the result goes back
FEE_KINDS = ("le_phi", "phi")  # a charge for the state's service | a charge for a copy, a certification…
DOCUMENT_KEYS = ("name", "kind", "count", "note", "optional", "online_form")
# The national database's procedure codes: 1 (central) or 2 (local), a dot, six digits (1.001193).
# The one place this is written: the editor's "new procedure" form imports it too.
CODE_PATTERN = re.compile(r"^[12]\.\d{6}$", re.ASCII)  # use fullmatch: "$" lets a final newline through


class RecordError(ValueError):
    """One problem: `path` (rules.fees[0].amount), an English `message` for developers, and `kind` with
    `params` for wording it in another language."""

    def __init__(self, path, message, kind="", **params):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
        self.kind = kind
        self.params = params


def fail(errors, path, kind, message, **params):
    """Raise at the first problem (errors is None) or note it and let the checks go on."""
    problem = RecordError(path, message, kind, **params)
    if errors is None:
        raise problem
    errors.append(problem)


def join(path, key):
    return f"{path}.{key}" if path else str(key)


def _type_name(kind):
    if isinstance(kind, tuple):
        return " or ".join(_type_name(k) for k in kind)
    return getattr(kind, "__name__", str(kind))


def need(record, key, kind, path, enum=None, optional=False, errors=None, longest=None):
    """record[key] after checking its type (and enum, and for text its `longest` length, the column's);
    a problem raises, or with `errors` is noted and None comes back."""
    where = join(path, key)
    if key not in record or record[key] is None:
        if not optional:
            fail(errors, where, "missing", "missing")
        return None
    value = record[key]
    if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
        return fail(errors, where, "quote", f"expected text, got the number {value!r} (quote it)", value=value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        got = type(value).__name__
        return fail(
            errors, where, "type", f"expected {_type_name(kind)}, got {got}", expected=_type_name(kind), got=got
        )
    if longest is not None and isinstance(value, str) and len(value) > longest:
        return fail(errors, where, "too_long", f"longer than {longest} characters", longest=longest)
    if enum is not None and value not in enum:
        allowed = ", ".join(map(str, enum))
        return fail(errors, where, "enum", f"{value!r} is not one of {allowed}", value=value, allowed=allowed)
    return value


def check_list(record, key, path, item_check, optional=False, errors=None):
    items = need(record, key, list, path, optional=optional, errors=errors) or []
    for i, item in enumerate(items):
        item_check(item, f"{join(path, key)}[{i}]", errors)
    return items


def _text(item, path, errors=None):
    if not isinstance(item, str) or not item.strip():
        fail(errors, path, "text", "expected non-empty text")


def _old_code(item, path, errors=None):
    _text(item, path, errors)
    if isinstance(item, str) and len(item) > 16:
        fail(errors, path, "too_long", "longer than 16 characters", longest=16)
    elif isinstance(item, str) and item.strip():
        _code_format(item, path, errors)


def _code_format(code, path, errors=None):
    """A code the national database could have issued (see CODE_PATTERN)."""
    if not CODE_PATTERN.fullmatch(code):
        fail(errors, path, "code_format", f"{code!r} is not a procedure code like 1.001193", value=code)


def _mapping(item, path, errors=None):
    """True when `item` is a mapping (its keys can be checked)."""
    if isinstance(item, dict):
        return True
    got = type(item).__name__
    fail(errors, path, "mapping", f"expected a mapping, got {got}", got=got)
    return False


def _legal_basis(item, path, errors=None):
    """A citation: its `number` is a row of the register of legal documents (the seed checks it), which
    gives the title and dates; a title or issue date written here is optional."""
    if not _mapping(item, path, errors):
        return
    need(item, "number", str, path, errors=errors)
    need(item, "title", str, path, optional=True, errors=errors)
    need(item, "issued_on", datetime.date, path, optional=True, errors=errors)


def _document(item, path, errors=None):
    """A paper of the dossier. `optional: true`: only in some cases (shown "(nếu có)");
    `online_form: true`: the tờ khai the online form fills in, so it is not uploaded again."""
    if not _mapping(item, path, errors):
        return
    need(item, "name", str, path, errors=errors)
    kind = need(item, "kind", str, path, enum=DOCUMENT_KINDS, errors=errors)
    need(item, "count", int, path, errors=errors)
    need(item, "note", str, path, optional=True, errors=errors)
    need(item, "optional", bool, path, optional=True, errors=errors)
    online = need(item, "online_form", bool, path, optional=True, errors=errors)
    if online and kind is not None and kind != "ban_chinh":
        message = "only the tờ khai itself (kind ban_chinh) is filled in online"
        fail(errors, f"{path}.online_form", "online_form", message)
    for key in item:
        if key not in DOCUMENT_KEYS:
            allowed = ", ".join(DOCUMENT_KEYS)
            fail(errors, f"{path}.{key}", "unknown_key", f"unknown key; a document has {allowed}", allowed=allowed)


def _time_limit(item, path, errors=None):
    if not _mapping(item, path, errors):
        return
    need(item, "channel", str, path, enum=CHANNELS, errors=errors)
    need(item, "amount", (int, float), path, errors=errors)
    need(item, "unit", str, path, enum=TIME_UNITS, errors=errors)


def _fee(item, path, errors=None):
    if not _mapping(item, path, errors):
        return
    need(item, "channel", str, path, enum=CHANNELS, errors=errors)
    amount = need(item, "amount", int, path, optional=True, errors=errors)
    need(item, "description", str, path, errors=errors)
    per = need(item, "per", str, path, enum=FEE_PER, optional=True, errors=errors)
    per = per or ("ho_so" if item.get("per") is None else None)  # None: a wrong `per`, noted above
    need(item, "point", str, path, enum=FEE_POINTS, optional=True, errors=errors)
    need(item, "kind", str, path, enum=FEE_KINDS, optional=True, errors=errors)
    need(item, "label", str, path, optional=True, errors=errors)
    if need(item, "optional", bool, path, optional=True, errors=errors) and per == "ho_so":
        message = "only a fee per copy (ban) or per page (trang) can be asked for or not"
        fail(errors, f"{path}.optional", "optional_per_dossier", message)
    for key in ("amount", "max", "max_per_copy"):
        value = amount if key == "amount" else need(item, key, int, path, optional=True, errors=errors)
        if (value or 0) < 0:
            fail(errors, f"{path}.{key}", "negative", "must not be negative")
    if per is not None:
        _fee_per(item, per, path, errors)
    then = need(item, "then", dict, path, optional=True, errors=errors)
    if then is not None:
        start = need(then, "from", int, f"{path}.then", errors=errors)
        if start is not None and start < 2:
            fail(errors, f"{path}.then.from", "then_from", "the cheaper rate starts at page 2 or later")
        rate = need(then, "amount", int, f"{path}.then", errors=errors)
        if rate is not None and rate < 0:
            fail(errors, f"{path}.then.amount", "negative", "must not be negative")
    if item.get("amount") is None and per not in (None, "ho_so"):
        fail(errors, f"{path}.per", "free_per_dossier", "a free item (amount null) is charged per dossier")


def _fee_per(item, per, path, errors):
    """The keys that belong to a fee per copy or per page only."""
    if per == "ho_so":
        for key in ("copies", "pages", "then", "max_per_copy"):
            if key in item:
                message = "only for a fee per copy (ban) or per page (trang)"
                fail(errors, f"{path}.{key}", "only_per_copy", message)
        return
    need(item, "copies", str, path, optional=True, errors=errors)
    if per == "trang":
        need(item, "pages", str, path, optional=True, errors=errors)
    elif "pages" in item or "then" in item:
        key = "pages" if "pages" in item else "then"
        fail(errors, f"{path}.{key}", "only_per_page", "only for a fee per page (trang)")


def _exemption(item, path, errors=None):
    """Who pays nothing: plain text, or {reason, proof: true} when a paper proving it is asked for."""
    if isinstance(item, dict):
        need(item, "reason", str, path, errors=errors)
        need(item, "proof", bool, path, optional=True, errors=errors)
        for i, kind in enumerate(need(item, "covers", list, path, optional=True, errors=errors) or []):
            if kind not in FEE_KINDS:
                allowed = ", ".join(FEE_KINDS)
                fail(
                    errors,
                    f"{path}.covers[{i}]",
                    "enum",
                    f"{kind!r} is not one of {allowed}",
                    value=kind,
                    allowed=allowed,
                )
    else:
        _text(item, path, errors)


def _channel(item, path, errors=None):
    if item not in CHANNELS:
        allowed = ", ".join(CHANNELS)
        fail(errors, path, "enum", f"{item!r} is not one of {allowed}", value=item, allowed=allowed)


def check_rules(rules, path, errors=None):
    if not _mapping(rules, path, errors):
        return
    need(rules, "version", int, path, errors=errors)
    need(rules, "effective_from", datetime.date, path, errors=errors)
    need(rules, "implementing_agency", str, path, errors=errors, longest=255)
    need(rules, "applicants", str, path, optional=True, errors=errors, longest=255)
    check_list(rules, "legal_bases", path, _legal_basis, errors=errors)
    check_list(rules, "steps", path, _text, errors=errors)
    check_list(rules, "channels", path, _channel, errors=errors)
    check_list(rules, "documents", path, _document, errors=errors)
    check_list(rules, "time_limits", path, _time_limit, errors=errors)
    check_list(rules, "fees", path, _fee, errors=errors)
    check_list(rules, "exemptions", path, _exemption, optional=True, errors=errors)
    check_list(rules, "conditions", path, _text, optional=True, errors=errors)
    need(rules, "cutoff_15h", bool, path, optional=True, errors=errors)
    need(rules, "supplement_clock", str, path, enum=("restart", "pause"), optional=True, errors=errors)
    need(rules, "sensitive", bool, path, optional=True, errors=errors)
    need(rules, "result", str, path, errors=errors)


def check_procedure(record, field_codes, errors=None):
    """Raise RecordError at the first problem, or with `errors` (a list) note every problem."""
    code = need(record, "code", str, "", errors=errors, longest=16)
    if code is not None:
        _code_format(code, "code", errors)
    need(record, "name", str, "", errors=errors, longest=255)
    need(record, "name_en", str, "", optional=True, errors=errors, longest=255)
    need(record, "tier", str, "", enum=TIERS, errors=errors)
    need(record, "field", str, "", enum=field_codes, errors=errors)
    need(record, "online_class", str, "", enum=ONLINE_CLASSES, errors=errors)
    need(record, "legacy_level", int, "", enum=(1, 2, 3, 4), errors=errors)
    check_list(record, "old_codes", "", _old_code, optional=True, errors=errors)
    versions = record.get("rules")
    versions = versions if isinstance(versions, list) else [versions]
    for i, rules in enumerate(versions):
        check_rules(rules, "rules" if len(versions) == 1 else f"rules[{i}]", errors)
    form = need(record, "form", dict, "", errors=errors)
    if form is None:
        return
    for i, rules in enumerate(versions):
        where = "rules" if len(versions) == 1 else f"rules[{i}]"
        fees = rules.get("fees") if isinstance(rules, dict) else None
        for j, fee in enumerate(fees if isinstance(fees, list) else []):
            if isinstance(fee, dict):
                _fee_counts(fee, form, f"{where}.fees[{j}]", errors)


def procedure_problems(record, field_codes):
    """Every problem of a record, in the order the checks meet them, each once: a list of RecordError
    (path, message, kind, params)."""
    if not isinstance(record, dict):
        return [RecordError("", "expected a mapping", "mapping", got=type(record).__name__)]
    errors = []
    check_procedure(record, field_codes, errors)
    seen, found = set(), []
    for problem in errors:
        if (problem.path, problem.message) not in seen:
            seen.add((problem.path, problem.message))
            found.append(problem)
    return found


def _form_fields(form):
    steps = form.get("steps")
    steps = [s for s in steps if isinstance(s, dict)] if isinstance(steps, list) else []
    fields = [f for s in steps if isinstance(s.get("fields"), list) for f in s["fields"] if isinstance(f, dict)]
    return {f["name"]: f for f in fields if isinstance(f.get("name"), str)}


def _bound(validation, key, default):
    value = validation.get(key, default) if isinstance(validation, dict) else default
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def _fee_counts(fee, form, path, errors=None):
    """A fee per copy or page counts from the tờ khai: the field named must be a required number ≥ 1,
    or, for an `optional` item (copies asked for or not), a number ≥ 0 that may be left empty."""
    per = fee.get("per", "ho_so")
    wanted = [("copies", fee.get("copies", "so_ban_sao"))] if per in ("ban", "trang") else []
    wanted += [("pages", fee.get("pages", "so_trang"))] if per == "trang" else []
    fields = _form_fields(form)
    for key, name in wanted:
        field = fields.get(name) if isinstance(name, str) else None
        where = f"{path}.{key}"
        if field is None:
            fail(errors, where, "no_count_field", f"the form has no field {name!r} to count from", name=name)
            continue
        least = 0 if fee.get("optional") and key == "copies" else 1
        validation = field.get("validation") or {}
        if field.get("type") != "number" or not (field.get("required") or least == 0):
            fail(errors, where, "count_field", f"form field {name!r} must be a required number", name=name)
        elif _bound(validation, "min", -1) < least or not isinstance(validation, dict) or "max" not in validation:
            message = f"form field {name!r} needs validation min ≥ {least} and a max"
            fail(errors, where, "count_bounds", message, name=name, least=least)
