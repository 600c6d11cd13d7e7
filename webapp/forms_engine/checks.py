"""Strict reading of a form definition typed by people in YAML.

Unknown keys, wrong types and typos in rules are errors, never ignored: a silently dropped
`max_len` would let bad data through the online form for years. Each error carries the path
of the key to fix (``steps[1].fields[3].type``), so `flask seed` can point at the YAML line.
"""

import datetime
import re
from collections.abc import Mapping
from typing import Any

from webapp.forms_engine.claims import SEX_WORDS, sex_choice
from webapp.forms_engine.conditions import check_references, parse_show_if
from webapp.forms_engine.definition import (
    CHOICE_TYPES,
    DAY_BOUNDS,
    FIELD_TYPES,
    IDENTITY_CLAIMS,
    NAME_RE,
    NUMBER_LIMIT,
    TODAY,
    VALIDATION_KEYS,
    Choice,
    CopyRule,
    DefinitionError,
    Field,
    FormDefinition,
    Step,
)

# key -> required?
_FORM_KEYS = {
    "title": True,
    "title_en": False,
    "reference": False,
    "addressee": False,
    "steps": True,
    "legal_source": False,
}
_STEP_KEYS = {"key": True, "title": True, "title_en": False, "fields": True, "copy_from": False}
_COPY_KEYS = {"when": True, "fields": True}
TEXT_TYPES = ("text", "textarea")  # a copy may go from one to the other: an address is an address
_FIELD_KEYS = {
    "name": True,
    "type": True,
    "label": True,
    "label_en": False,
    "help": False,
    "help_en": False,
    "required": False,
    "validation": False,
    "choices": False,
    "default": False,
    "show_if": False,
    "identity": False,
}
_CHOICE_KEYS = {"value": True, "label": True, "label_en": False}


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _type_name(value: Any) -> str:
    return {dict: "mapping", list: "list", str: "string", bool: "boolean"}.get(type(value), type(value).__name__)


def _check_keys(data: Any, spec: dict, path: str, what: str) -> dict:
    """A mapping with every required key and no key we would silently ignore."""
    if not isinstance(data, dict):
        raise DefinitionError(path, f"{what} must be a mapping, not {_type_name(data)}")
    for key in data:
        if key not in spec:
            raise DefinitionError(_join(path, str(key)), f"unknown key '{key}'; expected one of {', '.join(spec)}")
    for key, required in spec.items():
        if required and key not in data:
            raise DefinitionError(_join(path, key), f"missing required key '{key}' in {what}")
    return data


def _text(data: dict, key: str, path: str, *, required: bool) -> str:
    """A string; optional ones may be absent or empty (YAML `help:` with nothing is None)."""
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise DefinitionError(_join(path, key), f"'{key}' must be a string, not {_type_name(value)}")
    if required and not value.strip():
        raise DefinitionError(_join(path, key), f"'{key}' must not be empty")
    return value


def _name(data: dict, key: str, path: str) -> str:
    value = _text(data, key, path, required=True)
    if not NAME_RE.match(value):
        raise DefinitionError(_join(path, key), f"'{value}' must match {NAME_RE.pattern} (lower-case ASCII, digits, _)")
    return value


def _list(data: dict, key: str, path: str, *, required: bool) -> list:
    value = data.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise DefinitionError(_join(path, key), f"'{key}' must be a list, not {_type_name(value)}")
    if required and not value:
        raise DefinitionError(_join(path, key), f"'{key}' must not be empty")
    return value


def parse_form(data: Any) -> FormDefinition:
    _check_keys(data, _FORM_KEYS, "", "form")
    seen_steps: dict[str, str] = {}
    seen_fields: dict[str, str] = {}
    steps = []
    for i, raw in enumerate(_list(data, "steps", "", required=True)):
        earlier = {f.name: f for step in steps for f in step.fields}
        step = _parse_step(raw, f"steps[{i}]", seen_fields, earlier)
        _unique(step.key, f"steps[{i}].key", seen_steps, "step key")
        steps.append(step)
    check_references(steps)
    _check_claims_once(steps)
    return FormDefinition(
        title=_text(data, "title", "", required=True),
        title_en=_text(data, "title_en", "", required=False),
        reference=_text(data, "reference", "", required=False),
        addressee=_text(data, "addressee", "", required=False),
        steps=tuple(steps),
        legal_source=_text(data, "legal_source", "", required=False).strip(),
    )


def _unique(value: str, path: str, seen: dict[str, str], what: str) -> None:
    if value in seen:
        raise DefinitionError(path, f"duplicate {what} '{value}' (first used at {seen[value]})")
    seen[value] = path


def _parse_step(data: Any, path: str, seen_fields: dict[str, str], earlier: dict[str, Field]) -> Step:
    _check_keys(data, _STEP_KEYS, path, "step")
    fields = []
    for i, raw in enumerate(_list(data, "fields", path, required=True)):
        parsed = _parse_field(raw, f"{path}.fields[{i}]")
        _unique(parsed.name, f"{path}.fields[{i}].name", seen_fields, "field name")
        fields.append(parsed)
    return Step(
        key=_name(data, "key", path),
        title=_text(data, "title", path, required=True),
        title_en=_text(data, "title_en", path, required=False),
        fields=tuple(fields),
        copy_from=_parse_copy_rules(data, path, {f.name: f for f in fields}, earlier),
    )


def _parse_copy_rules(data: dict, path: str, here: dict[str, Field], earlier: dict[str, Field]) -> tuple:
    """Conditions and sources name fields of earlier steps (answered before this page shows), targets
    fields of this step."""
    rules = []
    for i, raw in enumerate(_list(data, "copy_from", path, required=False)):
        where = f"{path}.copy_from[{i}]"
        _check_keys(raw, _COPY_KEYS, where, "copy rule")
        when = _parse_when(raw["when"], f"{where}.when", earlier)
        rules.append(CopyRule(when=when, fields=_parse_copies(raw["fields"], f"{where}.fields", here, earlier)))
    return tuple(rules)


def _nonempty_mapping(data: Any, path: str, what: str) -> dict:
    if not isinstance(data, dict) or not data:
        raise DefinitionError(path, f"'{what}' must be a non-empty mapping, not {_type_name(data)}")
    return data


def _earlier_field(name: Any, path: str, earlier: dict[str, Field]) -> Field:
    if name not in earlier:
        raise DefinitionError(path, f"unknown field '{name}'; it must be a field of an earlier step")
    return earlier[name]


def _parse_when(data: Any, path: str, earlier: dict[str, Field]) -> tuple:
    conditions = []
    for name, values in _nonempty_mapping(data, path, "when").items():
        where = _join(path, str(name))
        source = _earlier_field(name, where, earlier)
        values = [values] if isinstance(values, str) else values
        if not isinstance(values, list) or not values or not all(isinstance(v, str) and v for v in values):
            raise DefinitionError(where, "a condition's value must be a string or a non-empty list of strings")
        allowed = {c.value for c in source.choices}
        if allowed and (unknown := [v for v in values if v not in allowed]):
            raise DefinitionError(
                where, f"'{unknown[0]}' is not a choice of '{name}'; expected one of {', '.join(allowed)}"
            )
        conditions.append((name, tuple(values)))
    return tuple(conditions)


def _parse_copies(data: Any, path: str, here: dict[str, Field], earlier: dict[str, Field]) -> tuple:
    """A copy keeps the type (a text and a textarea are both text); a date goes into a year as its year."""
    copies = []
    for target_name, source_name in _nonempty_mapping(data, path, "fields").items():
        where = _join(path, str(target_name))
        if target_name not in here:
            raise DefinitionError(where, f"unknown field '{target_name}'; a copy goes into a field of this step")
        source = _earlier_field(source_name, where, earlier)
        target = here[target_name]
        if not _copyable(source, target):
            raise DefinitionError(where, f"cannot copy a {source.type} field into a {target.type} field")
        copies.append((target_name, source_name))
    return tuple(copies)


def _copyable(source: Field, target: Field) -> bool:
    if source.type == "date" and target.is_year:
        return True
    return source.type == target.type or {source.type, target.type} <= set(TEXT_TYPES)


def _parse_identity(data: dict, kind: str, path: str) -> str:
    """`identity: <claim>`: a claim the provider sends, into a field type that can hold it."""
    claim = _text(data, "identity", path, required=False).strip()
    where = _join(path, "identity")
    if not claim:
        return ""
    if claim not in IDENTITY_CLAIMS:
        raise DefinitionError(where, f"unknown identity claim '{claim}'; expected one of {', '.join(IDENTITY_CLAIMS)}")
    if kind not in IDENTITY_CLAIMS[claim]:
        expected = "/".join(IDENTITY_CLAIMS[claim])
        raise DefinitionError(where, f"the claim '{claim}' goes into a field of type {expected}, not {kind}")
    return claim


def _check_sex_choices(parsed: Field, path: str) -> None:
    """The sex claim arrives as Nam or Nữ: the field must offer both, by value or by label."""
    if parsed.identity != "sex":
        return
    if any(sex_choice(parsed, word) is None for word in SEX_WORDS):
        raise DefinitionError(
            _join(path, "identity"), "the claim 'sex' needs choices for Nam and Nữ (by value or label)"
        )


def _check_claims_once(steps: list[Step]) -> None:
    seen: dict[str, str] = {}
    for i, step in enumerate(steps):
        for j, f in enumerate(step.fields):
            if f.identity:
                _unique(f.identity, f"steps[{i}].fields[{j}].identity", seen, "identity claim")


def _parse_field(data: Any, path: str) -> Field:
    _check_keys(data, _FIELD_KEYS, path, "field")
    name = _name(data, "name", path)
    kind = _text(data, "type", path, required=True)
    if kind not in FIELD_TYPES:
        raise DefinitionError(f"{path}.type", f"unknown field type '{kind}'; expected one of {', '.join(FIELD_TYPES)}")
    required = data.get("required", False)
    if not isinstance(required, bool):
        raise DefinitionError(f"{path}.required", f"'required' must be true or false, not {_type_name(required)}")
    parsed = Field(
        name=name,
        type=kind,
        label=_text(data, "label", path, required=True),
        label_en=_text(data, "label_en", path, required=False),
        help=_text(data, "help", path, required=False),
        help_en=_text(data, "help_en", path, required=False),
        required=required,
        validation=_parse_validation(data.get("validation"), f"{path}.validation", kind),
        choices=_parse_choices(data, kind, path),
        default=_text(data, "default", path, required=False),
        show_if=parse_show_if(data.get("show_if"), f"{path}.show_if"),
        identity=_parse_identity(data, kind, path),
    )
    _check_default(parsed, f"{path}.default")
    _check_sex_choices(parsed, path)
    return parsed


def _check_default(parsed: Field, path: str) -> None:
    """A default is an answer the person may keep as it is: it must pass the field's own checks."""
    from webapp.forms_engine.answers import Invalid, clean_value  # answers reads the classes built here

    if not parsed.default:
        return
    if parsed.type == "checkbox":
        raise DefinitionError(path, "a checkbox has no default: the person ticks it")
    try:
        clean_value(parsed, parsed.default)
    except Invalid as problem:
        raise DefinitionError(path, f"default '{parsed.default}' is not a valid answer ({problem.key})") from None


def _parse_choices(data: dict, kind: str, path: str) -> tuple[Choice, ...]:
    """Select and radio need choices to print boxes for; other types must not carry any."""
    raw = _list(data, "choices", path, required=False)
    if kind in CHOICE_TYPES and not raw:
        raise DefinitionError(f"{path}.choices", f"a {kind} field needs at least one choice")
    if kind not in CHOICE_TYPES and raw:
        raise DefinitionError(f"{path}.choices", f"choices are only allowed for {' and '.join(CHOICE_TYPES)} fields")
    seen: dict[str, str] = {}
    choices = []
    for i, item in enumerate(raw):
        where = f"{path}.choices[{i}]"
        _check_keys(item, _CHOICE_KEYS, where, "choice")
        choice = Choice(
            value=_text(item, "value", where, required=True),
            label=_text(item, "label", where, required=True),
            label_en=_text(item, "label_en", where, required=False),
        )
        _unique(choice.value, f"{where}.value", seen, "choice value")
        choices.append(choice)
    return tuple(choices)


def _parse_validation(data: Any, path: str, kind: str = "text") -> Mapping[str, Any]:
    """Only rules the online form can enforce; a typo such as `max_len` must not pass silently."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DefinitionError(path, f"'validation' must be a mapping, not {_type_name(data)}")
    rules = {}
    for key, value in data.items():
        where = _join(path, str(key))
        if key not in VALIDATION_KEYS:
            raise DefinitionError(
                where, f"unknown validation key '{key}'; expected one of {', '.join(VALIDATION_KEYS)}"
            )
        rules[key] = _day_bound(value, where) if key in DAY_BOUNDS else value
        _check_rule(key, value, where)
    _check_kind(rules, path, kind)
    _check_bounds(rules, "min_length", "max_length", path)
    _check_bounds(rules, "min", "max", path)
    if TODAY not in (rules.get("not_before"), rules.get("not_after")):
        _check_bounds(rules, "not_before", "not_after", path)
    return rules


def _day_bound(value: Any, path: str) -> str:
    """'today', or a day: YAML reads an unquoted 1900-01-01 as a date, stored as the text 1900-01-01."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if value == TODAY:
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise DefinitionError(path, f"a day bound must be 'today' or a day written YYYY-MM-DD, not {value!r}")


def _check_kind(rules: dict, path: str, kind: str) -> None:
    """Day bounds only mean something for a date or a year; `year` only for a number."""
    if "year" in rules and kind != "number":
        raise DefinitionError(_join(path, "year"), f"'year' is only for number fields, not {kind}")
    for key in DAY_BOUNDS:
        if key in rules and kind != "date" and not rules.get("year"):
            raise DefinitionError(_join(path, key), f"'{key}' is only for date fields and numbers with 'year: true'")


def _check_rule(key: str, value: Any, path: str) -> None:
    if key in DAY_BOUNDS:
        return  # read by _day_bound
    if key == "year":
        if value is not True:
            raise DefinitionError(path, f"'year' must be true when present, not {value!r}")
    elif key in ("min_length", "max_length"):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise DefinitionError(path, f"'{key}' must be a whole number ≥ 0, not {value!r}")
    elif key in ("min", "max"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise DefinitionError(path, f"'{key}' must be a number, not {value!r}")
        if not -NUMBER_LIMIT <= value <= NUMBER_LIMIT:  # .inf and .nan too
            raise DefinitionError(path, f"'{key}' must be between -10^15 and 10^15, not {value!r}")
    else:
        if not isinstance(value, str):
            raise DefinitionError(path, f"'pattern' must be a string, not {_type_name(value)}")
        try:
            re.compile(value)
        except re.error as exc:
            raise DefinitionError(path, f"pattern does not compile: {exc}") from None


def _check_bounds(data: dict, low: str, high: str, path: str) -> None:
    if low in data and high in data and data[low] > data[high]:
        raise DefinitionError(_join(path, low), f"'{low}' ({data[low]}) is greater than '{high}' ({data[high]})")
