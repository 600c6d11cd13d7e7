"""The calendar admin's forms; every message Vietnamese at the source (WTForms ships none)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Regexp, ValidationError

from webapp.calendar.working_time import parse_clock
from webapp.calendar_admin.hours import parse_month_day
from webapp.calendar_admin.services import KINDS
from webapp.form_fields import DAY_INPUT, printable, required_text
from webapp.form_fields import DayField as SharedDayField

CHOOSE_KIND = _l("Vui lòng chọn ngày nghỉ hay ngày làm bù.")
BAD_DAY = _l("Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 02/09/2026.")


def DayField(label, **kwargs):  # noqa: N802 (a field, named as one)
    """The shared day field, its refusal giving a day of the calendar's kind as the example."""
    return SharedDayField(label, message=BAD_DAY, **kwargs)


class KindField(RadioField):
    """A radio whose refusal (nothing chosen, or a value not offered) is in Vietnamese."""

    def pre_validate(self, form):
        if self.data not in KINDS:
            raise ValidationError(CHOOSE_KIND)


class AddDayForm(FlaskForm):
    day = DayField(
        _l("Ngày"),
        render_kw=DAY_INPUT,
        validators=[InputRequired(message=_l("Vui lòng nhập ngày."))],
    )
    kind = KindField(_l("Loại ngày"), choices=[SelectChoice(value, label) for value, label in KINDS.items()])
    name = required_text(
        _l("Tên hoặc căn cứ"),
        filters=(printable,),
        message=_l("Vui lòng nhập tên ngày, ví dụ “Nghỉ bù Quốc khánh”."),
        checks=[Length(max=160, message=_l("Tên tối đa %(n)s ký tự.", n=160))],
    )


class RemoveDayForm(FlaskForm):
    day = HiddenField(validators=[DataRequired()])


class SwapForm(FlaskForm):
    """A swap in one go: the weekday given off and the weekend day worked in its place."""

    day_off = DayField(
        _l("Ngày thường được nghỉ"),
        render_kw=DAY_INPUT,
        validators=[InputRequired(message=_l("Vui lòng nhập ngày được nghỉ."))],
    )
    day_worked = DayField(
        _l("Ngày cuối tuần làm bù"),
        render_kw=DAY_INPUT,
        validators=[InputRequired(message=_l("Vui lòng nhập ngày làm bù."))],
    )
    basis = required_text(
        _l("Căn cứ"),
        filters=(printable,),
        message=_l("Vui lòng nhập căn cứ, ví dụ số công văn thông báo lịch nghỉ."),
        checks=[Length(max=120, message=_l("Căn cứ tối đa %(n)s ký tự.", n=120))],
    )


class ClockField(StringField):
    """A time of day typed as HH:MM (07:30, 7h30 or 7:30); `data` is a datetime.time."""

    def process_formdata(self, valuelist):
        typed = valuelist[0].strip() if valuelist else ""
        self.data = parse_clock(typed) if typed else None
        if typed and self.data is None:
            raise ValueError(BAD_CLOCK)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return f"{self.data:%H:%M}" if self.data else ""


class MonthDayField(StringField):
    """A day of the year typed as dd/mm (16/04); `data` is "MM-DD" as stored, or None when empty."""

    def process_formdata(self, valuelist):
        typed = valuelist[0].strip() if valuelist else ""
        self.data = parse_month_day(typed) if typed else None
        if typed and self.data is None:
            raise ValueError(BAD_MONTH_DAY)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return f"{self.data[3:]}/{self.data[:2]}" if self.data else ""


BAD_CLOCK = _l("Giờ không hợp lệ: nhập theo dạng giờ:phút, ví dụ 07:30.")
BAD_MONTH_DAY = _l("Ngày không hợp lệ: nhập theo dạng ngày/tháng, ví dụ 16/04.")
NEED_CLOCK = _l("Vui lòng nhập giờ, ví dụ 07:30.")


def _clock(label):
    return ClockField(
        label,
        render_kw={"inputmode": "numeric", "maxlength": 5, "placeholder": "07:30"},
        validators=[InputRequired(message=NEED_CLOCK)],
    )


class HoursRuleForm(FlaskForm):
    """An office-hours rule: its name, when it holds (dates, then a season within each year), its periods."""

    name = required_text(
        _l("Tên"),
        filters=(printable,),
        message=_l("Vui lòng nhập tên, ví dụ “Giờ làm việc mùa hè”."),
        checks=[Length(max=120, message=_l("Tên tối đa %(n)s ký tự.", n=120))],
    )
    effective_from = DayField(
        _l("Áp dụng từ ngày"),
        render_kw=DAY_INPUT,
        validators=[InputRequired(message=_l("Vui lòng nhập ngày bắt đầu áp dụng."))],
    )
    effective_until = DayField(_l("Đến hết ngày (để trống nếu chưa có ngày kết thúc)"), render_kw=DAY_INPUT)
    season_start = MonthDayField(
        _l("Mỗi năm, từ ngày (ngày/tháng)"), render_kw={"maxlength": 5, "placeholder": "16/04"}
    )
    season_end = MonthDayField(_l("Đến ngày (ngày/tháng)"), render_kw={"maxlength": 5, "placeholder": "15/10"})
    morning_start = _clock(_l("Buổi sáng từ"))
    morning_end = _clock(_l("Buổi sáng đến"))
    afternoon_start = _clock(_l("Buổi chiều từ"))
    afternoon_end = _clock(_l("Buổi chiều đến"))
    basis = StringField(
        _l("Căn cứ"),
        filters=[printable],
        validators=[Length(max=500, message=_l("Căn cứ tối đa %(n)s ký tự.", n=500))],
    )


class EndRuleForm(FlaskForm):
    """End a rule on a day (it stays in the history; days after it fall to the next rule)."""

    until = DayField(
        _l("Ngày cuối cùng áp dụng"),
        render_kw=DAY_INPUT,
        validators=[InputRequired(message=_l("Vui lòng nhập ngày cuối cùng áp dụng."))],
    )


class DeskForm(FlaskForm):
    """The desk's official name, address and phone as printed on receipts and forms 01–07."""

    name = required_text(
        _l("Tên chính thức của Trung tâm Phục vụ hành chính công"),
        filters=(printable,),
        message=_l("Vui lòng nhập tên, ví dụ “Trung tâm Phục vụ hành chính công xã Thạch Hà”."),
        checks=[Length(max=200, message=_l("Tên tối đa %(n)s ký tự.", n=200))],
    )
    address = StringField(
        _l("Địa chỉ"),
        filters=[printable],
        validators=[Length(max=255, message=_l("Địa chỉ tối đa %(n)s ký tự.", n=255))],
    )
    phone = StringField(
        _l("Số điện thoại"),
        filters=[printable],
        validators=[
            Length(max=20, message=_l("Số điện thoại tối đa %(n)s ký tự.", n=20)),
            Regexp(r"^[0-9 .()+-]*$", message=_l("Số điện thoại chỉ gồm chữ số, dấu cách, dấu chấm và dấu gạch.")),
        ],
    )
