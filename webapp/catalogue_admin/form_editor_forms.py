"""The form editor's forms: the tờ khai's header, a step, a new step, one field, the online-form papers.

Each form reads what was typed into the plain dicts of a form definition (`values()`), and can be
filled back from one (`from_definition`), so a refused save shows exactly what the admin typed."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.form_fields import required_text, strip
from webapp.forms_engine.dates import parse_day
from webapp.forms_engine.definition import CHOICE_TYPES, FIELD_TYPES, NAME_RE, NUMBER_LIMIT, TODAY
from webapp.text import parse_number

TYPE_LABELS = {
    "text": _l("Chữ (một dòng)"),
    "textarea": _l("Đoạn văn (nhiều dòng)"),
    "date": _l("Ngày"),
    "number": _l("Số"),
    "select": _l("Chọn trong danh sách"),
    "radio": _l("Chọn một (nút chọn)"),
    "checkbox": _l("Ô đánh dấu"),
    "phone": _l("Số điện thoại"),
    "email": _l("Thư điện tử"),
    "id_number": _l("Số giấy tờ tùy thân"),
}
assert set(TYPE_LABELS) == set(FIELD_TYPES), "every engine type has a label"
TEXT_KINDS = ("text", "textarea", "phone", "email", "id_number")
TODAY_WORDS = ("hôm nay", "hom nay", TODAY)
NAME_MESSAGE = _l("Tên trường chỉ gồm chữ thường không dấu, chữ số và dấu _, bắt đầu bằng chữ, ví dụ so_ban_sao.")
KEY_MESSAGE = _l("Mã bước chỉ gồm chữ thường không dấu, chữ số và dấu _, bắt đầu bằng chữ, ví dụ nguoi_yeu_cau.")


def slug(label, message, **kwargs):
    return required_text(
        label,
        message=message,
        checks=[Length(max=64, message=message), Regexp(NAME_RE.pattern, message=message)],
        **kwargs,
    )


class TypeField(SelectField):
    """The engine's field types; a type not offered is refused in Vietnamese (WTForms words it in English)."""

    def __init__(self, label, **kwargs):
        super().__init__(label, choices=list(TYPE_LABELS.items()), default="text", validate_choice=False, **kwargs)

    def pre_validate(self, form):
        if self.data not in TYPE_LABELS:
            raise ValidationError(_l("Chọn một kiểu trong danh sách."))


class ActionForm(FlaskForm):
    """A move or remove button: nothing but the CSRF token (rendered by hand, so ids stay unique)."""


class HeaderForm(FlaskForm):
    title = required_text(_l("Tên tờ khai"), message=_l("Vui lòng nhập tên tờ khai."))
    title_en = StringField(_l("Tên bằng tiếng Anh"), filters=[strip])
    reference = StringField(_l("Mẫu theo văn bản"), filters=[strip])
    addressee = StringField(_l("Kính gửi"), filters=[strip])
    legal_source = StringField(
        _l("Số, ký hiệu văn bản ban hành mẫu"),
        filters=[strip],
        validators=[Length(max=64, message=_l("Số, ký hiệu dài tối đa 64 ký tự."))],
    )

    def values(self):
        return {key: self[key].data or "" for key in ("title", "title_en", "reference", "addressee", "legal_source")}


class StepForm(FlaskForm):
    title = required_text(_l("Tên bước"), message=_l("Vui lòng nhập tên bước."))
    title_en = StringField(_l("Tên bằng tiếng Anh"), filters=[strip])
    copy_from = TextAreaField(_l("Sao chép từ câu trả lời trước"), filters=[strip])

    def copy_rules(self):
        """The copy rules typed one a line: `quan_he=me,cha => me_ho_ten=ho_ten; me_so_giay_to=so_giay_to`."""
        rules = []
        for number, line in enumerate((self.copy_from.data or "").splitlines(), start=1):
            if line.strip():
                rules.append(_copy_rule(line, number))
        return rules

    def fill_copy_rules(self, rules):
        self.copy_from.data = "\n".join(_copy_line(rule) for rule in rules or [])


class CopyRuleError(ValueError):
    def __init__(self, line):
        super().__init__(line)
        self.line = line


def _copy_rule(line, number):
    condition, arrow, copies = line.partition("=>")
    if not arrow:
        raise CopyRuleError(number)
    when, fields = {}, {}
    for part in condition.split("&"):
        name, equals, values = part.partition("=")
        chosen = [v.strip() for v in values.split(",") if v.strip()]
        if not equals or not name.strip() or not chosen:
            raise CopyRuleError(number)
        when[name.strip()] = chosen if len(chosen) > 1 else chosen[0]
    for part in copies.split(";"):
        target, equals, source = part.partition("=")
        if not equals or not target.strip() or not source.strip():
            raise CopyRuleError(number)
        fields[target.strip()] = source.strip()
    return {"when": when, "fields": fields}


def _copy_line(rule):
    def listed(values):
        return ",".join(values) if isinstance(values, list) else str(values)

    when = " & ".join(f"{name}={listed(values)}" for name, values in (rule.get("when") or {}).items())
    copies = "; ".join(f"{target}={source}" for target, source in (rule.get("fields") or {}).items())
    return f"{when} => {copies}"


class NewStepForm(FlaskForm):
    key = slug(_l("Mã bước"), KEY_MESSAGE)
    title = required_text(_l("Tên bước"), message=_l("Vui lòng nhập tên bước."))
    title_en = StringField(_l("Tên bằng tiếng Anh"), filters=[strip])
    field_name = slug(_l("Tên trường đầu tiên"), NAME_MESSAGE)
    field_label = required_text(_l("Nhãn trường đầu tiên"), message=_l("Vui lòng nhập nhãn của trường."))
    field_type = TypeField(_l("Kiểu trường đầu tiên"))

    def validate_field_type(self, field):
        if field.data in CHOICE_TYPES:
            raise ValidationError(_l("Trường đầu tiên chọn kiểu khác; thêm trường có lựa chọn sau khi tạo bước."))

    def step(self):
        return {"key": self.key.data, "title": self.title.data, "title_en": self.title_en.data or ""}

    def first_field(self):
        return {"name": self.field_name.data, "type": self.field_type.data, "label": self.field_label.data}


class NumberText(StringField):
    """A number typed as text (kept as typed when refused); `data` is an int, a float, or None."""

    def process_formdata(self, valuelist):
        typed = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not typed:
            return
        number = parse_number(typed)  # Vietnamese: 10.000 is ten thousand, 2,5 two and a half
        if number is None:
            raise ValueError(_l("Nhập một số, ví dụ 20."))
        if not -NUMBER_LIMIT <= number <= NUMBER_LIMIT:
            raise ValueError(_l("Số quá lớn."))
        self.data = number

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)


class DayBound(StringField):
    """`hôm nay` or a day dd/mm/yyyy; `data` is the engine's word: "today" or YYYY-MM-DD."""

    def process_formdata(self, valuelist):
        typed = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not typed:
            return
        if typed.lower() in TODAY_WORDS:
            self.data = TODAY
            return
        day = parse_day(typed)
        if day is None:
            raise ValueError(_l("Nhập «hôm nay» hoặc một ngày theo dạng ngày/tháng/năm, ví dụ 01/01/1900."))
        self.data = day.isoformat()

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if not self.data:
            return ""
        if self.data == TODAY:
            return "hôm nay"
        year, month, day = self.data.split("-")
        return f"{day}/{month}/{year}"


class SourceField(SelectField):
    """The field a condition reads, among those offered (`FieldForm.offer_sources`); others are refused
    in Vietnamese (WTForms words it in English)."""

    def __init__(self, label, **kwargs):
        super().__init__(label, choices=[SelectChoice("", "")], default="", validate_choice=False, **kwargs)

    def pre_validate(self, form):
        if self.data and self.data not in {choice.value for choice in self.choices}:
            raise ValidationError(_l("Chọn một trường trong danh sách: một trường chọn hoặc ô đánh dấu đứng trước."))


class FieldForm(FlaskForm):
    name = slug(_l("Tên trường"), NAME_MESSAGE)
    type = TypeField(_l("Kiểu"))
    label = required_text(_l("Nhãn"), message=_l("Vui lòng nhập nhãn của trường."))
    label_en = StringField(_l("Bản dịch tiếng Anh"), filters=[strip])
    help = TextAreaField(_l("Hướng dẫn điền"), filters=[strip])
    help_en = TextAreaField(_l("Hướng dẫn bằng tiếng Anh"), filters=[strip])
    required = BooleanField(_l("Bắt buộc"))
    min_length = NumberText(_l("Độ dài tối thiểu (ký tự)"))
    max_length = NumberText(_l("Độ dài tối đa (ký tự)"))
    min = NumberText(_l("Giá trị nhỏ nhất"))
    max = NumberText(_l("Giá trị lớn nhất"))
    year = BooleanField(_l("Là một năm (4 chữ số)"))
    not_before = DayBound(_l("Không trước ngày"))
    not_after = DayBound(_l("Không sau ngày"))
    choices = TextAreaField(_l("Các lựa chọn"))
    default = StringField(_l("Giá trị điền sẵn"), validators=[Optional()])
    show_if_field = SourceField(_l("Chỉ hiện khi trường"))
    show_if_values = TextAreaField(_l("có giá trị"), filters=[strip])
    sources = {}  # {field name: [(value, label)]}: the choice and checkbox fields before this one

    def offer_sources(self, sources):
        """The fields a condition may read (`services.condition_sources`), with their values."""
        self.sources = {name: values for name, _label, values in sources}
        self.show_if_field.choices = [SelectChoice("", _l("— Luôn hiện —"))] + [
            SelectChoice(name, f"{label} ({name})", {"lang": "vi"}) for name, label, _values in sources
        ]
        return self

    def validate_show_if_values(self, field):
        chosen, values = self.show_if_field.data, self.condition_values()
        if not chosen:
            if values:
                raise ValidationError(_l("Chọn trường điều kiện, hoặc xóa các giá trị."))
            return
        if chosen not in self.sources:
            return  # the select says so
        allowed = [value for value, _label in self.sources[chosen]]
        if not values:
            raise ValidationError(_l("Ghi ít nhất một giá trị, mỗi dòng một giá trị, ví dụ: %(v)s.", v=allowed[0]))
        wrong = [value for value in values if value not in allowed]
        if wrong:
            raise ValidationError(
                _l(
                    "«%(value)s» không phải giá trị của trường %(name)s (có: %(allowed)s).",
                    value=wrong[0],
                    name=chosen,
                    allowed=", ".join(allowed),
                )
            )
        if len(set(values)) != len(values):
            raise ValidationError(_l("Mỗi giá trị ghi một lần."))

    def condition_values(self):
        return [line.strip() for line in (self.show_if_values.data or "").splitlines() if line.strip()]

    def show_if(self):
        """The condition as the definition keeps it, or None (always shown)."""
        if not self.show_if_field.data:
            return None
        return {"field": self.show_if_field.data, "in": self.condition_values()}

    def validate_max_length(self, field):
        for bound in (self.min_length, field):
            if bound.data is not None and (not isinstance(bound.data, int) or bound.data < 0):
                raise ValidationError(_l("Độ dài là số nguyên không âm."))
        if self.min_length.data is not None and field.data is not None and self.min_length.data > field.data:
            raise ValidationError(_l("Độ dài tối đa phải lớn hơn hoặc bằng độ dài tối thiểu."))

    def validate_min(self, field):
        if field.data is not None and self.max.data is not None and field.data > self.max.data:
            raise ValidationError(_l("Giá trị nhỏ nhất phải nhỏ hơn hoặc bằng giá trị lớn nhất."))

    def validate_not_before(self, field):
        ends = (field.data, self.not_after.data)
        if None not in ends and TODAY not in ends and ends[0] > ends[1]:
            raise ValidationError(_l("Ngày «không trước» phải sớm hơn ngày «không sau»."))

    def validate_choices(self, field):
        if self.type.data in CHOICE_TYPES and not self.choice_list():
            raise ValidationError(_l("Kiểu chọn cần ít nhất một lựa chọn, mỗi dòng «giá trị|nhãn|nhãn tiếng Anh»."))
        if self.type.data not in CHOICE_TYPES and self.choice_list():
            raise ValidationError(_l("Chỉ kiểu «chọn» mới có lựa chọn; xóa các dòng này hoặc đổi kiểu."))
        values = [c["value"] for c in self.choice_list()]
        if len(values) != len(set(values)):
            raise ValidationError(_l("Mỗi lựa chọn một giá trị riêng."))
        if any(not c["value"] or not c["label"] for c in self.choice_list()):
            raise ValidationError(_l("Mỗi dòng cần giá trị và nhãn: «giá trị|nhãn|nhãn tiếng Anh»."))

    def choice_list(self):
        choices = []
        for line in (self.choices.data or "").splitlines():
            if line.strip():
                value, _bar, rest = line.partition("|")
                label, _bar, label_en = rest.partition("|")
                choices.append({"value": value.strip(), "label": label.strip(), "label_en": label_en.strip()})
        return choices

    def bound_errors(self):
        """Bounds that mean nothing for the chosen type, as {field: message} (the engine refuses them)."""
        kind, wrong = self.type.data, {}
        for name in ("min_length", "max_length"):
            if self[name].data is not None and kind not in TEXT_KINDS:
                wrong[name] = _l("Độ dài chỉ dùng cho trường chữ.")
        for name in ("min", "max"):
            if self[name].data is not None and kind != "number":
                wrong[name] = _l("Giá trị nhỏ nhất/lớn nhất chỉ dùng cho trường số.")
        if self.year.data and kind != "number":
            wrong["year"] = _l("Chỉ trường số mới là một năm.")
        for name in ("not_before", "not_after"):
            if self[name].data and kind != "date" and not (kind == "number" and self.year.data):
                wrong[name] = _l("Giới hạn ngày chỉ dùng cho trường ngày hoặc trường số là năm.")
        return wrong

    def values(self, kept_validation=None):
        """The field as the definition keeps it; validation keys the page does not edit (pattern) stay."""
        validation = {k: v for k, v in (kept_validation or {}).items() if k == "pattern"}
        for name in ("min_length", "max_length", "min", "max", "not_before", "not_after"):
            if self[name].data is not None:
                validation[name] = self[name].data
        if self.year.data:
            validation["year"] = True
        return {
            "name": self.name.data,
            "type": self.type.data,
            "label": self.label.data,
            "label_en": self.label_en.data or "",
            "help": self.help.data or "",
            "help_en": self.help_en.data or "",
            "required": bool(self.required.data),
            "validation": validation,
            "choices": self.choice_list() if self.type.data in CHOICE_TYPES else [],
            "default": (self.default.data or "").strip(),
            **({"show_if": self.show_if()} if self.show_if() else {}),
        }

    def fill(self, field):
        """Show a stored field (on GET)."""
        for key in ("name", "type", "label", "label_en", "help", "help_en", "required", "default"):
            self[key].data = field.get(key, "" if key != "required" else False)
        rules = field.get("validation") or {}
        for key in ("min_length", "max_length", "min", "max", "not_before", "not_after"):
            self[key].data = str(rules[key]) if key in ("not_before", "not_after") and key in rules else rules.get(key)
        self.year.data = bool(rules.get("year"))
        self.choices.data = "\n".join(_choice_line(c) for c in field.get("choices") or [])
        condition = field.get("show_if") or {}
        self.show_if_field.data = condition.get("field", "")
        self.show_if_values.data = "\n".join(condition.get("in") or [])


def _choice_line(choice):
    parts = [choice.get("value", ""), choice.get("label", "")]
    return "|".join([*parts, choice["label_en"]] if choice.get("label_en") else parts)


class PapersForm(FlaskForm):
    """Which papers of the rule set's documents the online form stands for (not uploaded again)."""

    papers = SelectMultipleField(
        _l("Giấy tờ do tờ khai trực tuyến thay thế"),
        coerce=int,
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validate_choice=True,
    )
