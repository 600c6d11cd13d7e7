"""The calendar admin's forms; every message Vietnamese at the source (WTForms ships none)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from webapp.calendar_admin.services import KINDS
from webapp.form_fields import required_text

# type="date" sends ISO; an old browser shows a text box where people type dd/mm/yyyy.
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


CHOOSE_KIND = _l("Vui lòng chọn ngày nghỉ hay ngày làm bù.")


class DayField(DateField):
    """A date that says what was wrong in Vietnamese, and keeps what was typed."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 02/09/2026.")) from exc


class KindField(RadioField):
    """A radio whose refusal (nothing chosen, or a value not offered) is in Vietnamese."""

    def pre_validate(self, form):
        if self.data not in KINDS:
            raise ValidationError(CHOOSE_KIND)


class AddDayForm(FlaskForm):
    day = DayField(
        _l("Ngày"),
        format=DATE_FORMATS,
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
