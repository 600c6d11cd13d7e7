"""Fields asked only on an earlier answer (`show_if`): read strictly, decided in reading order.

A condition names one field BEFORE its own (in an earlier step, or earlier in the same step) of a
choice type or a checkbox, and some of its values. Deciding in reading order makes conditions chain:
a field whose source does not apply does not apply either, whatever was stored for the source.
"""

from typing import Any

from flask_babel import gettext as _

from webapp.forms_engine.definition import (
    CONDITION_TYPES,
    TICKED_WORDS,
    Choice,
    Condition,
    DefinitionError,
    Field,
)

SHOW_IF_KEYS = ("field", "in")


def parse_show_if(data: Any, path: str) -> Condition | None:
    """The shape only ({field: name, in: [values]}); what it names is checked by `check_references`."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise DefinitionError(path, "'show_if' must be a mapping with 'field' and 'in'")
    for key in data:
        if key not in SHOW_IF_KEYS:
            raise DefinitionError(f"{path}.{key}", f"unknown key '{key}'; expected one of field, in")
    name, values = data.get("field"), data.get("in")
    if not isinstance(name, str) or not name:
        raise DefinitionError(f"{path}.field", "'field' must name a field before this one")
    if not isinstance(values, list) or not values or not all(isinstance(v, str) and v for v in values):
        raise DefinitionError(f"{path}.in", "'in' must be a non-empty list of values")
    if len(set(values)) != len(values):
        raise DefinitionError(f"{path}.in", "'in' lists a value twice")
    return Condition(field=name, values=tuple(values))


def check_references(steps) -> None:
    """Every condition names a field before its own, of a type with values, and some of those values."""
    every = {f.name for step in steps for f in step.fields}
    before: dict[str, Field] = {}
    for i, step in enumerate(steps):
        for j, field in enumerate(step.fields):
            if field.show_if:
                _check_one(field.show_if, f"steps[{i}].fields[{j}].show_if", before, every)
            before[field.name] = field


def _check_one(condition: Condition, path: str, before: dict, every: set) -> None:
    source = before.get(condition.field)
    if source is None:
        where = "comes after this field" if condition.field in every else "is not a field of this form"
        raise DefinitionError(f"{path}.field", f"'{condition.field}' {where}; a condition names a field before it")
    if source.type not in CONDITION_TYPES:
        raise DefinitionError(
            f"{path}.field", f"'{condition.field}' is a {source.type} field; a condition reads a choice or a checkbox"
        )
    allowed = [c.value for c in choices_of(source)]
    for value in condition.values:
        if value not in allowed:
            raise DefinitionError(
                f"{path}.in", f"'{value}' is not a value of '{condition.field}'; expected one of {', '.join(allowed)}"
            )


def choices_of(field: Field) -> tuple[Choice, ...]:
    """What a condition may test a field for: its choices, or a checkbox ticked or not."""
    if field.type == "checkbox":
        return (Choice(TICKED_WORDS[0], "Có", "Yes"), Choice(TICKED_WORDS[1], "Không", "No"))
    return field.choices


def holds(condition: Condition | None, known: dict) -> bool:
    """The condition is met by the answers that apply so far (a checkbox's answer is True or False)."""
    if condition is None:
        return True
    if condition.field not in known:
        return False
    value = known[condition.field]
    if isinstance(value, bool):
        value = TICKED_WORDS[0] if value else TICKED_WORDS[1]
    return value in condition.values


def applying(form, answers: dict) -> dict:
    """The answers without those of fields that do not apply (decided in reading order, so chained);
    keys that are no field of the form are kept as they are."""
    kept = dict(answers)
    for field in form.fields:
        if not holds(field.show_if, kept):
            kept.pop(field.name, None)
    return kept


def applies(form, answers: dict) -> set[str]:
    """Names of the fields that apply to these answers."""
    kept = applying(form, answers)
    names = set()
    for field in form.fields:
        if holds(field.show_if, kept):
            names.add(field.name)
    return names


def step_fields(step, earlier: dict) -> tuple:
    """The fields a step's page shows: all but those whose condition reads an earlier step's answer
    and does not hold (`earlier`: the answers that apply, from `applying`), and those reading a field of
    this step left out for that reason. A condition on this step's own answers is decided when it is
    saved (and, with JavaScript, as the person answers)."""
    here, left_out, shown = {f.name for f in step.fields}, set(), []
    for field in step.fields:
        source = field.show_if.field if field.show_if else None
        if source in left_out or (source and source not in here and not holds(field.show_if, earlier)):
            left_out.add(field.name)
        else:
            shown.append(field)
    return tuple(shown)


def same_step_hints(form, step, lang: str = "vi") -> dict[str, str]:
    """{field name: «(chỉ khai nếu …)»} for the step's fields whose condition reads this same step."""
    here = {f.name for f in step.fields}
    return {f.name: hint(form, f, lang) for f in step.fields if f.show_if and f.show_if.field in here}


def hint(form, field: Field, lang: str = "vi") -> str:
    """«(chỉ khai nếu Quan hệ là Mẹ hoặc Cha)»: beside a conditional field online and on paper."""
    if not field.show_if:
        return ""
    source = form.field(field.show_if.field)
    label = source.label(lang)
    if source.type == "checkbox":
        if field.show_if.values == (TICKED_WORDS[0],):
            return _("(chỉ khai nếu đã đánh dấu «%(label)s»)", label=label)
        if field.show_if.values == (TICKED_WORDS[1],):
            return _("(chỉ khai nếu không đánh dấu «%(label)s»)", label=label)
    words = {c.value: c.label(lang) for c in choices_of(source)}
    values = f" {_('hoặc')} ".join(words.get(v, v) for v in field.show_if.values)
    return _("(chỉ khai nếu %(label)s là %(values)s)", label=label, values=values)
