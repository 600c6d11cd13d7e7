"""The online face of a form definition: clean and check one step's answers, in Vietnamese.

Pure functions (no request): the views pass the posted values, and get back the cleaned
answers to store and the error per field to show next to it.
"""

import re

from flask_babel import lazy_gettext as _l

from webapp.forms_engine.dates import parse_day
from webapp.phone import display_phone, normalize_phone
from webapp.text import CONTROL_RE

LIFE_DATES_FROM = 1800  # a declaration may name a day long past (a grandparent's birth, an old deed)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ID_NUMBER_RE = re.compile(r"^\d{12}$")
NUMBER_RE = re.compile(r"^-?\d+([.,]\d+)?$")
DEFAULT_MAX = {"textarea": 2000}
TICKED = ("on", "1", "true", "y", "yes", "co")

MESSAGES = {
    "required": _l("Vui lòng nhập %(label)s."),
    "choose": _l("Vui lòng chọn %(label)s."),
    "tick": _l("Bạn cần đánh dấu ô này để tiếp tục."),
    "too_long": _l("Tối đa %(n)s ký tự."),
    "too_short": _l("Cần ít nhất %(n)s ký tự."),
    "pattern": _l("%(label)s không đúng định dạng."),
    "date": _l("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/09/2025."),
    "number": _l("Nhập một số, ví dụ 3."),
    "min": _l("Giá trị nhỏ nhất là %(n)s."),
    "max": _l("Giá trị lớn nhất là %(n)s."),
    "choice": _l("Lựa chọn không hợp lệ, vui lòng chọn lại."),
    "phone": _l("Số di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09."),
    "email": _l("Địa chỉ email chưa đúng, ví dụ ten@example.com."),
    "id_number": _l("Số định danh cá nhân (số CCCD) gồm đúng 12 chữ số."),
}


class Invalid(ValueError):
    def __init__(self, key, **params):
        super().__init__(key)
        self.key, self.params = key, params


def clean_step(step, posted, lang="vi"):
    """(answers, errors): the step's cleaned values and a Vietnamese message per failing field.

    Raw text is kept in `answers` even when it fails, so nothing a person typed is lost.
    """
    answers, errors = {}, {}
    for field in step.fields:
        raw = posted.get(field.name, "")
        raw = CONTROL_RE.sub(" ", raw).strip() if isinstance(raw, str) else raw
        try:
            answers[field.name] = clean_value(field, raw)
        except Invalid as problem:
            answers[field.name] = raw
            errors[field.name] = str(
                MESSAGES[problem.key] % {"label": _in_sentence(field.label(lang)), **problem.params}
            )
    return answers, errors


def _in_sentence(label):
    """'Họ, chữ đệm, tên' → 'họ, chữ đệm, tên' inside a sentence; 'CCCD' stays as it is."""
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


def clean_value(field, raw):
    """One field's stored value, or Invalid with the message key."""
    if field.type == "checkbox":
        ticked = str(raw).lower() in TICKED
        if field.required and not ticked:
            raise Invalid("tick")
        return ticked
    if raw in ("", None):
        if field.required:
            raise Invalid("choose" if field.type in ("select", "radio") else "required")
        return ""
    return CLEANERS.get(field.type, _text)(field, raw)


def _text(field, raw):
    rules = field.validation
    limit = rules.get("max_length", DEFAULT_MAX.get(field.type, 255))
    if len(raw) > limit:
        raise Invalid("too_long", n=limit)
    if len(raw) < rules.get("min_length", 0):
        raise Invalid("too_short", n=rules["min_length"])
    if rules.get("pattern") and not re.fullmatch(rules["pattern"], raw):
        raise Invalid("pattern")
    return raw


def _date(field, raw):
    day = parse_day(raw, earliest=LIFE_DATES_FROM)
    if day is None:
        raise Invalid("date")
    return day.strftime("%d/%m/%Y")


def _number(field, raw):
    compact = raw.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", compact):  # 1.000.000 the Vietnamese way
        compact = compact.replace(".", "")
    if not NUMBER_RE.match(compact):
        raise Invalid("number")
    value = float(compact.replace(",", "."))
    value = int(value) if value.is_integer() else value
    if "min" in field.validation and value < field.validation["min"]:
        raise Invalid("min", n=field.validation["min"])
    if "max" in field.validation and value > field.validation["max"]:
        raise Invalid("max", n=field.validation["max"])
    return value


def _choice(field, raw):
    if raw not in {choice.value for choice in field.choices}:
        raise Invalid("choice")
    return raw


def _phone(field, raw):
    phone = normalize_phone(raw)
    if phone is None:
        raise Invalid("phone")
    return phone


def _email(field, raw):
    if len(raw) > 254 or not EMAIL_RE.match(raw):
        raise Invalid("email")
    return raw


def _id_number(field, raw):
    compact = raw.replace(" ", "")
    if not ID_NUMBER_RE.match(compact):
        raise Invalid("id_number")
    return compact


CLEANERS = {
    "text": _text,
    "textarea": _text,
    "date": _date,
    "number": _number,
    "select": _choice,
    "radio": _choice,
    "phone": _phone,
    "email": _email,
    "id_number": _id_number,
}


def display_value(field, value, lang="vi"):
    """How an answer reads, as a person writes it (the check-answers page, the officers' declaration
    panel, the filled tờ khai): a choice by its label, a date as dd/mm/yyyy, a phone in groups."""
    if field.type == "checkbox":
        return str(_l("Có")) if value else str(_l("Không"))
    if field.type in ("select", "radio"):
        return next((c.label(lang) for c in field.choices if c.value == value), value)
    if field.type == "phone":
        return display_phone(value)
    if field.type == "date" and isinstance(value, str) and (day := parse_day(value, earliest=LIFE_DATES_FROM)):
        return f"{day:%d/%m/%Y}"  # also a day stored by an older flow as 2025-09-05
    return "" if value is None else str(value)
