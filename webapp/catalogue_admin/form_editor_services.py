"""The form editor's logic: changes to the `form` part of a draft's bundle, each checked whole.

Every change is made on a copy of the definition, checked with FormDefinition.from_dict (the same
check the seed, the import and publication use) and saved only when it passes, so a draft never holds
a tờ khai the online form, the PDF or the DOCX could not show. A field that a fee counts copies or
pages from, or that a copy rule reads, is not removed or renamed: the rule would silently stop working.
"""

import copy

from flask_babel import gettext as _

from webapp.catalogue_admin.form_editor_checks import Refused, check
from webapp.forms_engine.definition import IDENTITY_CLAIMS
from webapp.versions import drafts

HEADER_KEYS = ("title", "title_en", "reference", "addressee", "legal_source")
# A step being built needs one field to pass the check; the header alone is checked against this one.


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


def kept_identity(stored, field):
    """The identity claim (which the editor does not show) stays on an edited field whose type holds it."""
    claim = (stored or {}).get("identity")
    return {"identity": claim} if claim and field.get("type") in IDENTITY_CLAIMS.get(claim, ()) else {}


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
