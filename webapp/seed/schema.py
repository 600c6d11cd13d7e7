"""Checks a demo procedure record before anything is written, naming the field at fault."""

import datetime

from webapp.models.catalogue import CHANNELS, ONLINE_CLASSES
from webapp.models.units import TIERS

DOCUMENT_KINDS = ("ban_chinh", "ban_sao", "ban_chinh_hoac_ban_sao", "xuat_trinh")
TIME_UNITS = ("same_day", "working_day", "working_hour")


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
    _mapping(item, path)
    need(item, "number", str, path)
    need(item, "title", str, path)
    need(item, "issued_on", datetime.date, path, optional=True)


def _document(item, path):
    _mapping(item, path)
    need(item, "name", str, path)
    need(item, "kind", str, path, enum=DOCUMENT_KINDS)
    need(item, "count", int, path)


def _time_limit(item, path):
    _mapping(item, path)
    need(item, "channel", str, path, enum=CHANNELS)
    need(item, "amount", (int, float), path)
    need(item, "unit", str, path, enum=TIME_UNITS)


def _fee(item, path):
    _mapping(item, path)
    need(item, "channel", str, path, enum=CHANNELS)
    need(item, "amount", int, path, optional=True)
    need(item, "description", str, path)


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
    check_list(rules, "exemptions", path, _text, optional=True)
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
    need(record, "form", dict, "")
