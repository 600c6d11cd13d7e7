"""What changed in the tờ khai between two versions: its title and reference, its steps (pages online),
and each field by its label and step: added, removed, moved, relabelled, retyped, made required or
not, its bounds and its choices. Fields are matched by name, steps by key (what a dossier stores)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.versions.diff_words import listed, quoted

FIELD_TYPE = {
    "text": _l("chữ"),
    "textarea": _l("đoạn văn"),
    "date": _l("ngày"),
    "number": _l("số"),
    "select": _l("danh sách chọn"),
    "radio": _l("chọn một"),
    "checkbox": _l("ô đánh dấu"),
    "phone": _l("số điện thoại"),
    "email": _l("thư điện tử"),
    "id_number": _l("số định danh cá nhân"),
}
BOUND = {
    "min": _l("nhỏ nhất"),
    "max": _l("lớn nhất"),
    "min_length": _l("số ký tự ít nhất"),
    "max_length": _l("số ký tự nhiều nhất"),
    "pattern": _l("mẫu kiểm tra"),
    "not_before": _l("không trước ngày"),
    "not_after": _l("không sau ngày"),
    "year": _l("là một năm"),
}
FORM_TEXTS = {
    "title": _l("tên mẫu"),
    "title_en": _l("tên mẫu tiếng Anh"),
    "reference": _l("mẫu theo văn bản"),
    "addressee": _l("kính gửi"),
    "legal_source": _l("văn bản quy định mẫu"),
}
FIELD_TEXTS = {"label_en": _l("nhãn tiếng Anh"), "help": _l("hướng dẫn"), "help_en": _l("hướng dẫn tiếng Anh")}
KNOWN_FIELD_KEYS = {"name", "type", "label", "required", "validation", "choices", "default", "show_if", *FIELD_TEXTS}
TICKED = {"co": _l("có đánh dấu"), "khong": _l("không đánh dấu")}


def form_differences(old, new):
    found = []
    for key, what in FORM_TEXTS.items():
        if (old.get(key) or "") != (new.get(key) or ""):
            found.append(
                _(
                    "Tờ khai: %(what)s %(old)s → %(new)s.",
                    what=what,
                    old=quoted(old.get(key)) or _("(trống)"),
                    new=quoted(new.get(key)) or _("(trống)"),
                )
            )
    return found + _steps(old.get("steps") or [], new.get("steps") or []) + _fields(old, new)


def _steps(old, new):
    before, after = {s.get("key"): s for s in old}, {s.get("key"): s for s in new}
    found = [
        _("Tờ khai: thêm bước %(title)s.", title=quoted(s.get("title"))) for k, s in after.items() if k not in before
    ]
    found += [
        _("Tờ khai: bỏ bước %(title)s.", title=quoted(s.get("title"))) for k, s in before.items() if k not in after
    ]
    for key in (k for k in after if k in before):
        was, now = before[key], after[key]
        if was.get("title") != now.get("title"):
            found.append(
                _(
                    "Tờ khai: bước %(old)s đổi tên thành %(new)s.",
                    old=quoted(was.get("title")),
                    new=quoted(now.get("title")),
                )
            )
        if (was.get("copy_from") or []) != (now.get("copy_from") or []):
            found.append(
                _(
                    "Tờ khai, bước %(title)s: cách điền sẵn từ câu trả lời trước thay đổi.",
                    title=quoted(now.get("title")),
                )
            )
    kept_old = [k for k in before if k in after]
    if kept_old != [k for k in after if k in before]:
        found.append(_("Tờ khai: thứ tự các bước thay đổi."))
    return found


def _placed(form):
    """{field name: (field, its step's title)} in reading order."""
    return {f.get("name"): (f, s.get("title", "")) for s in form.get("steps") or [] for f in s.get("fields") or []}


def _fields(old, new):
    before, after = _placed(old), _placed(new)
    found = [
        _("Tờ khai: thêm trường %(label)s (bước %(step)s).", label=quoted(f.get("label")), step=quoted(step))
        for name, (f, step) in after.items()
        if name not in before
    ]
    found += [
        _("Tờ khai: bỏ trường %(label)s (bước %(step)s).", label=quoted(f.get("label")), step=quoted(step))
        for name, (f, step) in before.items()
        if name not in after
    ]
    for name in (n for n in after if n in before):
        (was, was_step), (now, now_step) = before[name], after[name]
        found += _field_changes(was, now, quoted(now.get("label")))
        if (was.get("show_if") or None) != (now.get("show_if") or None):
            shown_was, shown_now = _asked(was, before), _asked(now, after)
            found.append(_said(quoted(now.get("label")), _("khi nào hỏi:"), shown_was, shown_now))
        if was_step != now_step:
            found.append(
                _(
                    "Tờ khai, trường %(label)s: chuyển từ bước %(old)s sang bước %(new)s.",
                    label=quoted(now.get("label")),
                    old=quoted(was_step),
                    new=quoted(now_step),
                )
            )
    return found


def _asked(field, placed):
    """When a field is asked: always, or only on an earlier answer ("khi «Có con chung» là «Có»")."""
    condition = field.get("show_if")
    if not isinstance(condition, dict):
        return _("luôn hỏi")
    other = (placed.get(condition.get("field")) or ({}, ""))[0]
    labels = {c.get("value"): c.get("label") for c in other.get("choices") or []}
    values = [str(TICKED.get(v)) if v in TICKED and not labels else labels.get(v, v) for v in condition.get("in") or []]
    return _(
        "chỉ hỏi khi %(field)s là %(values)s",
        field=quoted(other.get("label") or condition.get("field")),
        values=listed(quoted(v) for v in values),
    )


def _said(label, what, old, new):
    return _(
        "Tờ khai, trường %(label)s: %(what)s %(old)s → %(new)s.",
        label=label,
        what=what,
        old=old if old not in (None, "") else _("(không có)"),
        new=new if new not in (None, "") else _("(không có)"),
    )


def _field_changes(old, new, label):
    found = []
    if old.get("label") != new.get("label"):
        found.append(_("Tờ khai: trường %(old)s đổi nhãn thành %(new)s.", old=quoted(old.get("label")), new=label))
    if old.get("type") != new.get("type"):
        kind = lambda f: str(FIELD_TYPE.get(f.get("type"), f.get("type")))  # noqa: E731
        found.append(_said(label, _("kiểu"), kind(old), kind(new)))
    if bool(old.get("required")) != bool(new.get("required")):
        found.append(
            _("Tờ khai, trường %(label)s: bắt buộc điền.", label=label)
            if new.get("required")
            else _("Tờ khai, trường %(label)s: không bắt buộc điền.", label=label)
        )
    found += _bounds(old.get("validation") or {}, new.get("validation") or {}, label)
    found += _choices(old.get("choices") or [], new.get("choices") or [], label)
    if (old.get("default") or "") != (new.get("default") or ""):
        found.append(_said(label, _("giá trị điền sẵn"), quoted(old.get("default")), quoted(new.get("default"))))
    for key, what in FIELD_TEXTS.items():
        if (old.get(key) or "") != (new.get(key) or ""):
            found.append(_said(label, what, quoted(old.get(key)), quoted(new.get(key))))
    others = sorted(k for k in set(old) | set(new) if k not in KNOWN_FIELD_KEYS and old.get(k) != new.get(k))
    if others:
        found.append(_("Tờ khai, trường %(label)s: thay đổi thiết lập %(keys)s.", label=label, keys=listed(others)))
    return found


def _bounds(old, new, label):
    found = []
    for key in [k for k in BOUND if k in old or k in new] + sorted(k for k in set(old) | set(new) if k not in BOUND):
        if old.get(key) != new.get(key):
            shown = lambda v: "" if v is None else (_("có") if v is True else str(v))  # noqa: E731
            found.append(_said(label, str(BOUND.get(key, key)), shown(old.get(key)), shown(new.get(key))))
    return found


def _choices(old, new, label):
    before = {c.get("value"): c.get("label") for c in old}
    after = {c.get("value"): c.get("label") for c in new}
    added = [quoted(t) for v, t in after.items() if v not in before]
    removed = [quoted(t) for v, t in before.items() if v not in after]
    renamed = [(before[v], t) for v, t in after.items() if v in before and before[v] != t]
    found = (
        [_("Tờ khai, trường %(label)s: thêm lựa chọn %(choices)s.", label=label, choices=listed(added))]
        if added
        else []
    )
    if removed:
        found.append(_("Tờ khai, trường %(label)s: bỏ lựa chọn %(choices)s.", label=label, choices=listed(removed)))
    found += [_said(label, _("lựa chọn"), quoted(was), quoted(now)) for was, now in renamed]
    return found
