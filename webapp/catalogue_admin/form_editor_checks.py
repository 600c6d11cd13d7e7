"""The form editor's checks, in words an admin reads: the whole definition through
FormDefinition.from_dict (the check the seed, the import and publication use), and before it the copy
rules and conditions, which a moved step, a renamed choice or a changed type elsewhere can break; and
the engine's paths mapped back to the field or copy-rule line being edited."""

import re

from flask_babel import gettext as _

from webapp.catalogue_admin.versions_services import path_words
from webapp.forms_engine import DefinitionError, FormDefinition
from webapp.forms_engine.definition import CHOICE_TYPES, TICKED_WORDS
from webapp.versions.wording import form_words

_PLACEHOLDER_STEP = {"key": "tam", "title": "Tạm", "fields": [{"name": "tam", "type": "text", "label": "Tạm"}]}
_FIELD_PATH = re.compile(r"^steps\[(\d+)\]\.fields\[(\d+)\]\.?(.*)$")
_COPY_PATH = re.compile(r"^steps\[(\d+)\]\.copy_from\[(\d+)\]")


class Refused(Exception):
    """A change that is not made: `message` is worded for the admin, `where` the form field it concerns
    ("" for the page), `line` the line of a multi-line answer when known."""

    def __init__(self, message, where="", line=None):
        super().__init__(message)
        self.message, self.where, self.line = message, where, line


def check(form):
    """FormDefinition.from_dict on the whole form; a form still without steps is checked for its header.
    Copy rules are checked first, in words: moving a step can leave one reading a later step."""
    data = form if form.get("steps") else {**form, "steps": [_PLACEHOLDER_STEP]}
    _check_copy_rules(form)
    _check_conditions(form)
    try:
        FormDefinition.from_dict(data)
    except DefinitionError as error:
        raise refusal(error) from None


def _check_copy_rules(form):
    earlier = {}
    for i, step in enumerate(form["steps"]):
        here = {f.get("name"): f for f in step.get("fields") or []}
        for j, rule in enumerate(step.get("copy_from") or []):
            problem = _copy_problem(rule, here, earlier)
            if problem:
                where = _("Bước «%(step)s», quy tắc sao chép dòng %(line)s:", step=step.get("title", ""), line=j + 1)
                raise Refused(f"{where} {problem}", where=f"steps[{i}].copy_from[{j}]")
        earlier.update(here)


def _check_conditions(form):
    """Each field's condition (show_if) reads a choice or checkbox field before it, for values it has;
    said in words, since a move, a renamed choice or a changed type elsewhere can break it."""
    before = {}
    for i, step in enumerate(form["steps"]):
        for j, field in enumerate(step.get("fields") or []):
            problem = _condition_problem(field.get("show_if"), before)
            if problem:
                where = _("Trường «%(label)s» chỉ hiện khi", label=field.get("label", ""))
                raise Refused(f"{where} {problem}", where=f"steps[{i}].fields[{j}].show_if")
            before[field.get("name")] = field


def _condition_problem(condition, before):
    if not isinstance(condition, dict):
        return ""  # none (or a shape the engine words)
    name = condition.get("field")
    if name not in before:
        return _("trường «%(name)s», mà trường đó không đứng trước nó.", name=name)
    values = [value for value, _label in condition_values(before[name])]
    if not values:
        return _("trường «%(name)s», mà trường đó không phải trường chọn hay ô đánh dấu.", name=name)
    wrong = [v for v in condition.get("in") or [] if v not in values]
    if wrong:
        return _(
            "trường «%(name)s» có giá trị «%(value)s», mà trường đó không có giá trị này (có: %(allowed)s).",
            name=name,
            value=wrong[0],
            allowed=", ".join(values),
        )
    return ""


def condition_values(field):
    """[(value, label)] a condition may test `field` for: its choices, or a checkbox ticked or not."""
    if field.get("type") == "checkbox":
        return [(TICKED_WORDS[0], _("Có (đã đánh dấu)")), (TICKED_WORDS[1], _("Không đánh dấu"))]
    if field.get("type") in CHOICE_TYPES:
        return [(c.get("value"), c.get("label", "")) for c in field.get("choices") or []]
    return []


def condition_sources(form, key, name):
    """[(name, label, [(value, label)])]: the fields a condition of field `name` of step `key` may read,
    those before it (all the step's fields for a new one, which goes last) with values to test."""
    found = []
    for step in form["steps"]:
        for field in step.get("fields") or []:
            if field.get("name") == name and name is not None:
                return found
            if condition_values(field):
                found.append((field.get("name"), field.get("label", ""), condition_values(field)))
        if step.get("key") == key and name is None:
            return found
    return found


def _copy_problem(rule, here, earlier):
    """What is wrong with one copy rule, in words ("" when nothing)."""
    for name, values in (rule.get("when") or {}).items():
        if name not in earlier:
            return _("trường «%(name)s» không có ở các bước trước.", name=name)
        allowed = [c.get("value") for c in earlier[name].get("choices") or []]
        wrong = [v for v in ([values] if isinstance(values, str) else values) if allowed and v not in allowed]
        if wrong:
            return _(
                "«%(value)s» không phải lựa chọn của «%(name)s» (có: %(allowed)s).",
                value=wrong[0],
                name=name,
                allowed=", ".join(allowed),
            )
    for target, source in (rule.get("fields") or {}).items():
        if target not in here:
            return _("trường «%(name)s» không thuộc bước này.", name=target)
        if source not in earlier:
            return _("trường «%(name)s» không có ở các bước trước.", name=source)
        kinds = {here[target].get("type"), earlier[source].get("type")}
        if len(kinds) > 1 and not kinds <= {"text", "textarea"} and not _date_into_year(earlier[source], here[target]):
            return _(
                "không sao chép được trường «%(source)s» vào «%(target)s» khác kiểu.", source=source, target=target
            )
    return ""


def _date_into_year(source, target):
    """A date copies into a year field (number with year: true) as its year, as the engine allows."""
    year = target.get("type") == "number" and (target.get("validation") or {}).get("year")
    return source.get("type") == "date" and bool(year)


def refusal(error):
    """A DefinitionError as a Refused naming the key of the field being edited (mapped by the pages)."""
    detail = _(
        "Tờ khai chưa hợp lệ (%(place)s): %(message)s",
        place=path_words(f"form.{error.path}") if error.path else "-",
        message=form_words(error),
    )
    return Refused(detail, where=error.path)


def field_key(path, step_index, field_index):
    """The key of a field's own definition an engine path points into ("validation.min"), or None when
    the path is about something else."""
    found = _FIELD_PATH.match(path or "")
    if not found or (int(found.group(1)), int(found.group(2))) != (step_index, field_index):
        return None
    return found.group(3)


def copy_rule_line(path, step_index):
    """The line (from 1) of the step's copy rule an engine path points into, or None."""
    found = _COPY_PATH.match(path or "")
    if not found or int(found.group(1)) != step_index:
        return None
    return int(found.group(2)) + 1
