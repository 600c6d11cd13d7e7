"""Checks a procedure record (a seed entry, an imported bundle, an edited draft) before anything is
written, naming the field at fault."""

import datetime

from webapp.models.catalogue import ONLINE_CLASSES
from webapp.models.units import TIERS
from webapp.models.values import CHANNELS

DOCUMENT_KINDS = ("ban_chinh", "ban_sao", "ban_chinh_hoac_ban_sao", "xuat_trinh")
TIME_UNITS = ("same_day", "working_day", "working_hour")
FEE_PER = ("ho_so", "ban", "trang")  # per dossier | per copy | per page of each copy
FEE_POINTS = ("truoc_tiep_nhan", "truoc_tra_ket_qua")  # paid before reception | before the result goes back
FEE_KINDS = ("le_phi", "phi")  # a charge for the state's service | a charge for a copy, a certification…


class RecordError(ValueError):
    def __init__(self, path, message):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def need(record, key, kind, path, enum=None, optional=False):
    """Return record[key] after checking its type (and enum); raise RecordError otherwise."""
    where = f"{path}.{key}" if path else key
    if key not in record or record[key] is None:
        if optional:
            return None
        raise RecordError(where, "missing")
    value = record[key]
    if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
        raise RecordError(where, f"expected text, got the number {value!r} (quote it)")
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise RecordError(where, f"expected {getattr(kind, '__name__', kind)}, got {type(value).__name__}")
    if enum is not None and value not in enum:
        raise RecordError(where, f"{value!r} is not one of {', '.join(map(str, enum))}")
    return value


def check_list(record, key, path, item_check, optional=False):
    items = need(record, key, list, path, optional=optional) or []
    for i, item in enumerate(items):
        item_check(item, f"{path}.{key}[{i}]")
    return items


def _text(item, path):
    if not isinstance(item, str) or not item.strip():
        raise RecordError(path, "expected non-empty text")


def _mapping(item, path):
    if not isinstance(item, dict):
        raise RecordError(path, f"expected a mapping, got {type(item).__name__}")


def _legal_basis(item, path):
    """A citation: its `number` is a row of the register of legal documents (checked by the seed),
    which gives the title and dates; a title or issue date written here is optional."""
    _mapping(item, path)
    need(item, "number", str, path)
    need(item, "title", str, path, optional=True)
    need(item, "issued_on", datetime.date, path, optional=True)


DOCUMENT_KEYS = ("name", "kind", "count", "note", "optional", "online_form")


def _document(item, path):
    """A paper of the dossier. `optional: true`: only in some cases (shown "(nếu có)");
    `online_form: true`: the tờ khai the online form fills in, so it is not uploaded again."""
    _mapping(item, path)
    need(item, "name", str, path)
    kind = need(item, "kind", str, path, enum=DOCUMENT_KINDS)
    need(item, "count", int, path)
    need(item, "note", str, path, optional=True)
    need(item, "optional", bool, path, optional=True)
    if need(item, "online_form", bool, path, optional=True) and kind != "ban_chinh":
        raise RecordError(f"{path}.online_form", "only the tờ khai itself (kind ban_chinh) is filled in online")
    for key in item:
        if key not in DOCUMENT_KEYS:
            raise RecordError(f"{path}.{key}", f"unknown key; a document has {', '.join(DOCUMENT_KEYS)}")


def _time_limit(item, path):
    _mapping(item, path)
    need(item, "channel", str, path, enum=CHANNELS)
    need(item, "amount", (int, float), path)
    need(item, "unit", str, path, enum=TIME_UNITS)


def _fee(item, path):
    _mapping(item, path)
    need(item, "channel", str, path, enum=CHANNELS)
    amount = need(item, "amount", int, path, optional=True)
    need(item, "description", str, path)
    per = need(item, "per", str, path, enum=FEE_PER, optional=True) or "ho_so"
    need(item, "point", str, path, enum=FEE_POINTS, optional=True)
    need(item, "kind", str, path, enum=FEE_KINDS, optional=True)
    need(item, "label", str, path, optional=True)
    if need(item, "optional", bool, path, optional=True) and per == "ho_so":
        raise RecordError(f"{path}.optional", "only a fee per copy (ban) or per page (trang) can be asked for or not")
    for key in ("amount", "max", "max_per_copy"):
        if (need(item, key, int, path, optional=True) or 0) < 0:
            raise RecordError(f"{path}.{key}", "must not be negative")
    if per == "ho_so":
        for key in ("copies", "pages", "then", "max_per_copy"):
            if key in item:
                raise RecordError(f"{path}.{key}", "only for a fee per copy (ban) or per page (trang)")
    need(item, "copies", str, path, optional=True)
    if per == "trang":
        need(item, "pages", str, path, optional=True)
    elif "pages" in item or "then" in item:
        raise RecordError(f"{path}.{'pages' if 'pages' in item else 'then'}", "only for a fee per page (trang)")
    then = need(item, "then", dict, path, optional=True)
    if then is not None:
        if need(then, "from", int, f"{path}.then") < 2:
            raise RecordError(f"{path}.then.from", "the cheaper rate starts at page 2 or later")
        if need(then, "amount", int, f"{path}.then") < 0:
            raise RecordError(f"{path}.then.amount", "must not be negative")
    if amount is None and per != "ho_so":
        raise RecordError(f"{path}.per", "a free item (amount null) is charged per dossier")


def _exemption(item, path):
    """Who pays nothing: plain text, or {reason, proof: true} when a paper proving it is asked for."""
    if isinstance(item, dict):
        need(item, "reason", str, path)
        need(item, "proof", bool, path, optional=True)
        for i, kind in enumerate(need(item, "covers", list, path, optional=True) or []):
            if kind not in FEE_KINDS:
                raise RecordError(f"{path}.covers[{i}]", f"{kind!r} is not one of {', '.join(FEE_KINDS)}")
    else:
        _text(item, path)


def _channel(item, path):
    if item not in CHANNELS:
        raise RecordError(path, f"{item!r} is not one of {', '.join(CHANNELS)}")


def check_rules(rules, path):
    _mapping(rules, path)
    need(rules, "version", int, path)
    need(rules, "effective_from", datetime.date, path)
    need(rules, "implementing_agency", str, path)
    check_list(rules, "legal_bases", path, _legal_basis)
    check_list(rules, "steps", path, _text)
    check_list(rules, "channels", path, _channel)
    check_list(rules, "documents", path, _document)
    check_list(rules, "time_limits", path, _time_limit)
    check_list(rules, "fees", path, _fee)
    check_list(rules, "exemptions", path, _exemption, optional=True)
    check_list(rules, "conditions", path, _text, optional=True)
    need(rules, "cutoff_15h", bool, path, optional=True)
    need(rules, "supplement_clock", str, path, enum=("restart", "pause"), optional=True)
    need(rules, "result", str, path)


def check_procedure(record, field_codes):
    need(record, "code", str, "")
    need(record, "name", str, "")
    need(record, "tier", str, "", enum=TIERS)
    need(record, "field", str, "", enum=field_codes)
    need(record, "online_class", str, "", enum=ONLINE_CLASSES)
    need(record, "legacy_level", int, "", enum=(1, 2, 3, 4))
    check_list(record, "old_codes", "", _text, optional=True)
    versions = record.get("rules")
    versions = versions if isinstance(versions, list) else [versions]
    for i, rules in enumerate(versions):
        check_rules(rules, "rules" if len(versions) == 1 else f"rules[{i}]")
    form = need(record, "form", dict, "")
    for i, rules in enumerate(versions):
        where = "rules" if len(versions) == 1 else f"rules[{i}]"
        for j, fee in enumerate(rules["fees"]):
            _fee_counts(fee, form, f"{where}.fees[{j}]")


def _fee_counts(fee, form, path):
    """A fee per copy or page counts from the tờ khai: the field named must be a required number ≥ 1,
    or, for an `optional` item (copies asked for or not), a number ≥ 0 that may be left empty."""
    per = fee.get("per", "ho_so")
    wanted = [("copies", fee.get("copies", "so_ban_sao"))] if per in ("ban", "trang") else []
    wanted += [("pages", fee.get("pages", "so_trang"))] if per == "trang" else []
    fields = {f.get("name"): f for step in form.get("steps") or [] for f in step.get("fields") or []}
    for key, name in wanted:
        field = fields.get(name)
        if field is None:
            raise RecordError(f"{path}.{key}", f"the form has no field {name!r} to count from")
        least = 0 if fee.get("optional") and key == "copies" else 1
        if field.get("type") != "number" or not (field.get("required") or least == 0):
            raise RecordError(f"{path}.{key}", f"form field {name!r} must be a required number")
        if (field.get("validation") or {}).get("min", -1) < least or "max" not in (field.get("validation") or {}):
            raise RecordError(f"{path}.{key}", f"form field {name!r} needs validation min ≥ {least} and a max")
