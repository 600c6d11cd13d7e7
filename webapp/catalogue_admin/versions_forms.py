"""The forms of a draft's overview: submit, approve with the moment it takes effect, send back, withdraw.

Every action is a small POST form of its own (CSRF in each), so the page works without JavaScript."""

import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from webapp.calendar.working_time import parse_clock, to_utc
from webapp.form_fields import DAY_INPUT, required_text
from webapp.forms_engine.dates import local_today, parse_day
from webapp.models.dossier import utcnow
from webapp.versions.drafts import PAST_GRACE


class SubmitForm(FlaskForm):
    submit = SubmitField(_l("Gửi duyệt"))


class WithdrawForm(FlaskForm):
    submit = SubmitField(_l("Hủy bản nháp"))


class RejectForm(FlaskForm):
    ly_do = required_text(
        _l("Lý do trả lại"),
        message=_l("Vui lòng ghi lý do trả lại để người soạn biết cần sửa gì."),
        checks=[Length(max=1000, message=_l("Lý do dài tối đa %(n)s ký tự.", n=1000))],
        field=TextAreaField,
    )
    submit = SubmitField(_l("Trả lại"))


class ApproveForm(FlaskForm):
    """The local day and hour (Asia/Ho_Chi_Minh) the version takes effect; `moment()` is naive UTC."""

    ngay_hieu_luc = StringField(
        _l("Ngày hiệu lực"),
        validators=[InputRequired(message=_l("Vui lòng nhập ngày hiệu lực, ví dụ 01/03/2027."))],
        render_kw=DAY_INPUT,
    )
    gio_hieu_luc = StringField(
        _l("Giờ hiệu lực"),
        validators=[InputRequired(message=_l("Vui lòng nhập giờ hiệu lực, ví dụ 00:00."))],
        render_kw={"inputmode": "numeric", "placeholder": _l("giờ:phút"), "autocomplete": "off", "maxlength": 5},
    )
    submit = SubmitField(_l("Duyệt và công bố"))

    def prefill(self):
        """Tomorrow at midnight, local time: the usual choice, easy to change."""
        if not self.is_submitted():
            self.ngay_hieu_luc.data = f"{local_today() + datetime.timedelta(days=1):%d/%m/%Y}"
            self.gio_hieu_luc.data = "00:00"
        return self

    def validate_ngay_hieu_luc(self, field):
        if parse_day(field.data.strip()) is None:
            raise ValidationError(_l("Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 01/03/2027."))

    def validate_gio_hieu_luc(self, field):
        if parse_clock(field.data) is None:
            raise ValidationError(_l("Giờ không hợp lệ: nhập theo dạng giờ:phút, ví dụ 07:30."))

    def validate(self, extra_validators=None):
        """Each field alone, then the moment as a whole: not in the past (said beside the day)."""
        if not super().validate(extra_validators):
            return False
        if self.moment() < utcnow() - PAST_GRACE:
            self.ngay_hieu_luc.errors.append(_l("Thời điểm hiệu lực đã qua: chọn từ bây giờ trở đi."))
            return False
        return True

    def moment(self):
        day = parse_day(self.ngay_hieu_luc.data.strip())
        return to_utc(datetime.datetime.combine(day, parse_clock(self.gio_hieu_luc.data)))
