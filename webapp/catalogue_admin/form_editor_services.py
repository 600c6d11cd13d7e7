"""The form editor's logic: changes to the `form` part of a draft's bundle, each checked whole.

Every change is made on a copy of the definition, checked with FormDefinition.from_dict (the same
check the seed, the import and publication use) and saved only when it passes, so a draft never holds
a tờ khai the online form, the PDF or the DOCX could not show. A field that a fee counts copies or
pages from, or that a copy rule reads, is not removed or renamed: the rule would silently stop working.
"""

import copy
import re

from flask_babel import gettext as _

from webapp.catalogue_admin.versions_services import path_words
from webapp.forms_engine import DefinitionError, FormDefinition
from webapp.forms_engine.definition import CHOICE_TYPES, IDENTITY_CLAIMS, TICKED_WORDS
from webapp.versions import drafts
from webapp.versions.wording import form_words

HEADER_KEYS = ("title", "title_en", "reference", "addressee", "legal_source")
# A step being built needs one field to pass the check; the header alone is checked against this one.
_PLACEHOLDER_STEP = {"key": "tam", "title": "Tạm", "fields": [{"name": "tam", "type": "text", "label": "Tạm"}]}
_FIELD_PATH = re.compile(r"^steps\[(\d+)\]\.fields\[(\d+)\]\.?(.*)$")
_COPY_PATH = re.compile(r"^steps\[(\d+)\]\.copy_from\[(\d+)\]")


class Refused(Exception):
    """A change that is not made: `message` is worded for the admin, `where` the form field it concerns
    ("" for the page), `line` the line of a multi-line answer when known."""

    def __init__(self, message, where="", line=None):
        super().__init__(message)
        self.message, self.where, self.line = message, where, line


def form_of(draft):
    """A copy of the draft's form definition to change (an empty one for a procedure without a form)."""
    form = copy.deepcopy((draft.bundle or {}).get("form") or {})
    form.setdefault("steps", [])
    return form


def save(draft, form, staff):
    """Check the whole definition, then keep it in the draft (nothing is saved when the check fails)."""
    check(form)
    bundle = copy.deepcopy(draft.bundle or {})
    bundle["form"] = form
    drafts.save(draft, bundle, staff)
    return draft


def save_papers(draft, chosen, staff):
    """Mark the documents (by their place in rules.documents) that the online form stands for."""
    bundle = copy.deepcopy(draft.bundle or {})
    for i, document in enumerate((bundle.get("rules") or {}).get("documents") or []):
        document.pop("online_form", None)
        if i in chosen:
            document["online_form"] = True
    drafts.save(draft, bundle, staff)
    return draft


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


def kept_identity(stored, field):
    """The identity claim (which the editor does not show) stays on an edited field whose type holds it."""
    claim = (stored or {}).get("identity")
    return {"identity": claim} if claim and field.get("type") in IDENTITY_CLAIMS.get(claim, ()) else {}


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


# --- finding things -------------------------------------------------------------------------------


def step_index(form, key):
    for i, step in enumerate(form["steps"]):
        if step.get("key") == key:
            return i
    return None


def field_place(form, name):
    """(step index, field index) of a field, or None."""
    for i, step in enumerate(form["steps"]):
        for j, field in enumerate(step.get("fields") or []):
            if field.get("name") == name:
                return i, j
    return None


def users_of(bundle, form, name):
    """Who needs field `name`, in words: fees that count from it, conditions that read it, and copy rules
    that read or fill it."""
    found = []
    for fee in (bundle.get("rules") or {}).get("fees") or []:
        if name in counted_fields(fee):
            found.append(
                _("phí/lệ phí «%(label)s» (kênh %(channel)s) đếm số bản/số trang theo trường này", **_fee_words(fee))
            )
    for step in form["steps"]:
        for field in step.get("fields") or []:
            if (field.get("show_if") or {}).get("field") == name:
                found.append(_("điều kiện hiển thị của trường «%(label)s»", label=field.get("label", "")))
        for rule in step.get("copy_from") or []:
            if name in (rule.get("when") or {}):
                found.append(_("điều kiện sao chép của bước «%(step)s»", step=step.get("title", "")))
            elif name in (rule.get("fields") or {}) or name in (rule.get("fields") or {}).values():
                found.append(_("quy tắc sao chép của bước «%(step)s»", step=step.get("title", "")))
    return list(dict.fromkeys(found))


def counted_fields(fee):
    """The form fields a fee item counts from (copies, and pages for a fee per page)."""
    per = fee.get("per", "ho_so")
    names = [fee.get("copies", "so_ban_sao")] if per in ("ban", "trang") else []
    return names + ([fee.get("pages", "so_trang")] if per == "trang" else [])


def _fee_words(fee):
    return {"label": fee.get("label") or fee.get("description") or "", "channel": fee.get("channel", "")}


def fee_needs(bundle, field):
    """What a fee counting from `field` demands of it, or "" when it is fine (see versions.schema)."""
    for fee in (bundle.get("rules") or {}).get("fees") or []:
        names = counted_fields(fee)
        if field["name"] not in names:
            continue
        optional = bool(fee.get("optional")) and field["name"] == names[0]
        rules = field.get("validation") or {}
        least = 0 if optional else 1
        if field["type"] != "number" or not (field.get("required") or optional):
            return _("Phí/lệ phí «%(label)s» đếm theo trường này: trường phải là số và bắt buộc.", **_fee_words(fee))
        if rules.get("min", -1) < least or "max" not in rules:
            return _(
                "Phí/lệ phí «%(label)s» đếm theo trường này: cần giá trị nhỏ nhất ≥ %(least)s và giá trị lớn nhất.",
                least=least,
                **_fee_words(fee),
            )
    return ""


# --- changes (each on a copy; the caller saves) --------------------------------------------------


def set_header(form, values):
    """The header's texts; an empty legal source is left out (as definitions without one are stored)."""
    for key in HEADER_KEYS:
        form[key] = values.get(key) or ""
    if not form["legal_source"]:
        del form["legal_source"]
    return form


def add_step(form, step, first_field):
    if not (form.get("title") or "").strip():
        raise Refused(_("Nhập và lưu tên tờ khai (thông tin chung) trước khi thêm bước."))
    if step_index(form, step["key"]) is not None:
        raise Refused(_("Mã bước «%(key)s» đã có trong tờ khai.", key=step["key"]), where="key")
    _require_free_name(form, first_field["name"], where="field_name")
    form["steps"].append({**step, "fields": [first_field], "copy_from": []})
    return form


def update_step(form, key, title, title_en, copy_rules):
    step = form["steps"][_step_or_refuse(form, key)]
    step.update(title=title, title_en=title_en, copy_from=copy_rules)
    return form


def move_step(form, key, offset):
    i = _step_or_refuse(form, key)
    _swap(form["steps"], i, i + offset)
    return form


def remove_step(form, bundle, key):
    step = form["steps"][_step_or_refuse(form, key)]
    for field in step.get("fields") or []:
        _require_unused(bundle, form, field["name"], ignore_step=key)
    form["steps"].remove(step)
    return form


def put_field(form, bundle, key, old_name, field):
    """Add (old_name None) or replace a field of step `key`; a new one goes last."""
    fields = form["steps"][_step_or_refuse(form, key)]["fields"]
    if old_name is None:
        _require_free_name(form, field["name"])
        fields.append(field)
    else:
        j = _field_or_refuse(fields, old_name)
        if field["name"] != old_name:
            _require_free_name(form, field["name"])
            _require_unused(bundle, form, old_name, verb=_("đổi tên"))
        fields[j] = field
    needs = fee_needs(bundle, field)
    if needs:
        raise Refused(needs, where="type")
    return form


def move_field(form, key, name, offset):
    fields = form["steps"][_step_or_refuse(form, key)]["fields"]
    j = _field_or_refuse(fields, name)
    _swap(fields, j, j + offset)
    return form


def remove_field(form, bundle, key, name):
    fields = form["steps"][_step_or_refuse(form, key)]["fields"]
    j = _field_or_refuse(fields, name)
    _require_unused(bundle, form, name)
    if len(fields) == 1:
        raise Refused(_("Mỗi bước cần ít nhất một trường: xóa cả bước nếu không cần nữa."))
    del fields[j]
    return form


def _swap(items, i, j):
    if not 0 <= j < len(items):
        return  # already first or last: nothing to do
    items[i], items[j] = items[j], items[i]


def _step_or_refuse(form, key):
    i = step_index(form, key)
    if i is None:
        raise Refused(_("Tờ khai không có bước «%(key)s».", key=key))
    return i


def _field_or_refuse(fields, name):
    for j, field in enumerate(fields):
        if field.get("name") == name:
            return j
    raise Refused(_("Bước này không có trường «%(name)s».", name=name))


def _require_free_name(form, name, where="name"):
    place = field_place(form, name)
    if place is not None:
        step = form["steps"][place[0]]
        raise Refused(
            _("Tên trường «%(name)s» đã dùng ở bước «%(step)s»: mỗi trường một tên.", name=name, step=step["title"]),
            where=where,
        )


def _require_unused(bundle, form, name, verb=None, ignore_step=None):
    """Refuse when something else needs the field (a step's own copy rules go with it when it is removed)."""
    kept = {**form, "steps": [s for s in form["steps"] if s.get("key") != ignore_step]}
    users = users_of(bundle, kept, name)
    if users:
        raise Refused(
            _(
                "Không thể %(verb)s trường «%(name)s» vì đang được dùng: %(users)s.",
                verb=verb or _("xóa"),
                name=name,
                users="; ".join(users),
            ),
            where="name",
        )
