"""The online face of a form definition: clean and check one step's answers, in Vietnamese.

Pure functions (no request): the views pass the posted values, and get back the cleaned
answers to store and the error per field to show next to it.
"""

import datetime
import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.forms_engine.conditions import holds
from webapp.forms_engine.dates import NotADay, local_today, parse_day, read_day
from webapp.forms_engine.definition import NUMBER_LIMIT, TODAY
from webapp.phone import display_phone, normalize_phone
from webapp.text import CONTROL_RE, compact_digits

LIFE_DATES_FROM = 1800  # a declaration may name a day long past (a grandparent's birth, an old deed)
LIFE_DATES_UNTIL = 2100
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ID_NUMBER_RE = re.compile(r"^\d{12}$")
# What people put between the groups of digits printed on a card or a phone: spaces, dots, dashes.
NUMBER_RE = re.compile(r"^-?\d+([.,]\d+)?$")
DEFAULT_MAX = {"textarea": 2000}
TICKED = ("on", "1", "true", "y", "yes", "co")
BOX_WORDS = 6  # a long checkbox label is named in its error by its first words: «Tôi cam đoan nội dung…»

# Every message names its field by the field's own label (%(label)s inside a sentence, %(Label)s at
# its start) and says what to type instead.
MESSAGES = {
    "required": _l("Vui lòng nhập %(label)s."),
    "choose": _l("Vui lòng chọn %(label)s."),
    "tick": _l("Hãy đánh dấu ô «%(box)s» để tiếp tục."),
    "too_long": _l("%(Label)s tối đa %(n)s ký tự; bạn đã nhập %(typed)s ký tự."),
    "too_short": _l("%(Label)s cần ít nhất %(n)s ký tự."),
    "pattern": _l("%(Label)s không đúng định dạng."),
    "date": _l("Nhập %(label)s theo dạng ngày/tháng/năm, ví dụ 05/09/2025."),
    "short_year": _l("Nhập %(label)s với năm đủ 4 chữ số, ví dụ 05/09/1995."),
    "no_such_month": _l("%(Label)s chưa đúng: không có tháng %(month)s, tháng chỉ từ 1 đến 12."),
    "no_such_day": _l("%(Label)s chưa đúng: tháng %(month)s năm %(year)s không có ngày %(day)s."),
    "future": _l("%(Label)s không được sau ngày hôm nay (%(bound)s)."),
    "before": _l("%(Label)s không được trước ngày %(bound)s."),
    "after": _l("%(Label)s không được sau ngày %(bound)s."),
    "number": _l("Nhập một số cho %(label)s, ví dụ 3."),
    "min": _l("%(Label)s nhỏ nhất là %(n)s."),
    "max": _l("%(Label)s lớn nhất là %(n)s."),
    "year_digits": _l("Nhập %(label)s đủ 4 chữ số, ví dụ 1995."),
    "year_future": _l("%(Label)s không được sau năm nay (%(n)s)."),
    "year_before": _l("%(Label)s không được trước năm %(n)s."),
    "year_after": _l("%(Label)s không được sau năm %(n)s."),
    "choice": _l("%(Label)s: lựa chọn không hợp lệ, vui lòng chọn lại."),
    "phone": _l("%(Label)s gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09, ví dụ 0912 345 678."),
    "email": _l("%(Label)s chưa đúng, ví dụ ten@example.com."),
    "id_number": _l("%(Label)s gồm đúng 12 chữ số; bạn đã nhập %(n)s chữ số."),
    "id_letters": _l("%(Label)s chỉ gồm chữ số (đúng 12 chữ số, có thể cách nhau bằng dấu cách)."),
}


class Invalid(ValueError):
    def __init__(self, key, **params):
        super().__init__(key)
        self.key, self.params = key, params


def clean_step(step, posted, lang="vi", earlier=None):
    """(answers, errors): the step's cleaned values and a Vietnamese message per failing field.

    Raw text is kept in `answers` even when it fails, so nothing a person typed is lost. A field whose
    condition (show_if) does not hold, on `earlier` answers (those that apply, of earlier steps) or on
    this step's own answers above it, is neither checked nor kept: it is absent from `answers`.
    """
    answers, errors = {}, {}
    known = dict(earlier or {})
    for field in step.fields:
        if not holds(field.show_if, known):
            known.pop(field.name, None)
            continue
        raw = posted.get(field.name, "")
        raw = CONTROL_RE.sub(" ", raw).strip() if isinstance(raw, str) else raw
        try:
            answers[field.name] = clean_value(field, raw)
        except Invalid as problem:
            answers[field.name] = raw
            errors[field.name] = message(field, problem, lang)
        known[field.name] = answers[field.name]
    return answers, errors


def message(field, problem, lang="vi"):
    """The Vietnamese (or English) sentence for a failed check, naming the field by its label."""
    label = field.label(lang)
    names = {"label": _in_sentence(label), "Label": label[:1].upper() + label[1:], "box": _box_name(label)}
    return str(MESSAGES[problem.key] % {**names, **problem.params})


def _box_name(label):
    """A checkbox named in its error: whole when short, else its first words («Tôi cam đoan nội dung…»)."""
    words = label.rstrip(".").split()
    return " ".join(words) if len(words) <= BOX_WORDS + 2 else " ".join(words[:BOX_WORDS]) + "…"


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
        raise Invalid("too_long", n=limit, typed=len(raw))
    if len(raw) < rules.get("min_length", 0):
        raise Invalid("too_short", n=rules["min_length"])
    if rules.get("pattern") and not re.fullmatch(rules["pattern"], raw):
        raise Invalid("pattern")
    return raw


def _date(field, raw):
    try:
        day = read_day(raw)
    except NotADay as why:
        if why.reason in ("format", "short_year"):
            raise Invalid("date" if why.reason == "format" else "short_year") from None
        raise Invalid(why.reason, day=why.day, month=why.month, year=why.year) from None
    low, high = day_bounds(field)
    if day < low:
        raise Invalid("before", bound=f"{low:%d/%m/%Y}")
    if day > high:
        raise Invalid("future" if field.validation.get("not_after") == TODAY else "after", bound=f"{high:%d/%m/%Y}")
    return day.strftime("%d/%m/%Y")


def day_bounds(field, today=None):
    """(earliest, latest) day a date field accepts, from its `not_before` / `not_after` ("today" or
    YYYY-MM-DD), else the span of a life's records; a year field reads the years of these days."""
    rules = field.validation
    return (
        _bound(rules.get("not_before"), today) or datetime.date(LIFE_DATES_FROM, 1, 1),
        _bound(rules.get("not_after"), today) or datetime.date(LIFE_DATES_UNTIL, 12, 31),
    )


def _bound(rule, today):
    if rule is None:
        return None
    return (today or local_today()) if rule == TODAY else datetime.date.fromisoformat(rule)


def format_hint(field):
    """How to write a date or a year, and the bounds the definition gives it: the hint under the
    online field and on the blank tờ khai ("" for other fields)."""
    rules = field.validation
    if field.type == "date":
        parts = [_("Ghi ngày/tháng/năm, ví dụ: 05/09/2025")]
        low, high = rules.get("not_before"), rules.get("not_after")
        if low:
            parts.append(_("không trước ngày %(day)s", day=_day_text(low)))
        if high:
            parts.append(_("không sau ngày %(day)s", day=_day_text(high)))
    elif field.is_year:
        parts = [_("Ghi năm đủ 4 chữ số, ví dụ: 1995")]
        if rules.get("not_after") == TODAY:
            parts.append(_("không sau năm nay"))
    else:
        return ""
    return "; ".join(parts) + "."


def _day_text(rule):
    return _("hôm nay") if rule == TODAY else f"{datetime.date.fromisoformat(rule):%d/%m/%Y}"


def _number(field, raw):
    compact = raw.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", compact):  # 1.000.000 the Vietnamese way
        compact = compact.replace(".", "")
    if not NUMBER_RE.match(compact):
        raise Invalid("number")
    value = float(compact.replace(",", "."))  # 400 nines make inf: the bounds below refuse it
    if field.is_year:
        _check_year(field, compact, value)
    low = field.validation.get("min", -NUMBER_LIMIT)
    high = field.validation.get("max", NUMBER_LIMIT)
    if not value >= low:
        raise Invalid("year_before" if field.is_year else "min", n=low if field.is_year else _grouped(low))
    if not value <= high:
        raise Invalid("year_after" if field.is_year else "max", n=high if field.is_year else _grouped(high))
    return int(value) if value.is_integer() else value


def _grouped(number):
    """1000000 → '1.000.000', the way the field takes it (the money formatter's dots)."""
    return f"{number:,}".replace(",", ".") if isinstance(number, int) else number


def _check_year(field, typed, value):
    """A year written whole (95 is 1995 or 2095?), within the field's day bounds."""
    if not re.fullmatch(r"\d{4}", typed):
        raise Invalid("year_digits")
    low, high = day_bounds(field)
    if value < low.year:
        raise Invalid("year_before", n=low.year)
    if value > high.year:
        raise Invalid("year_future" if field.validation.get("not_after") == TODAY else "year_after", n=high.year)


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
    compact = compact_digits(raw)
    if not compact.isdigit():
        raise Invalid("id_letters")
    if not ID_NUMBER_RE.match(compact):
        raise Invalid("id_number", n=len(compact))
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
