"""The calendar admin's forms; every message Vietnamese at the source (WTForms ships none)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from webapp.calendar_admin.services import KINDS
from webapp.form_fields import DAY_INPUT, required_text
from webapp.forms_engine.dates import parse_day

CHOOSE_KIND = _l("Vui lòng chọn ngày nghỉ hay ngày làm bù.")
BAD_DAY = _l("Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 02/09/2026.")


class DayField(StringField):
    """A day typed as dd/mm/yyyy in a text box (a browser's date picker shows its own locale's order),
    read by the one day parser; `data` is the date, what was typed stays on the page."""

    def process_formdata(self, valuelist):
        typed = valuelist[0].strip() if valuelist else ""
        self.data = parse_day(typed) if typed else None
        if typed and self.data is None:
            raise ValueError(BAD_DAY)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return f"{self.data:%d/%m/%Y}" if self.data else ""


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
        message=_l("Vui lòng nhập tên ngày, ví dụ “Nghỉ bù Quốc khánh”."),
        checks=[Length(max=160, message=_l("Tên tối đa %(n)s ký tự.", n=160))],
    )


class RemoveDayForm(FlaskForm):
    day = HiddenField(validators=[DataRequired()])
