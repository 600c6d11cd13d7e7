"""The demo phone on /dev/sms: type an SMS as a phone would send it to our number."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from webapp.phone import normalize_phone


class InboundForm(FlaskForm):
    phone = StringField(
        _l("Gửi từ số điện thoại"), validators=[DataRequired(message=_l("Vui lòng nhập số điện thoại."))]
    )
    text = TextAreaField(
        _l("Nội dung tin nhắn"),
        validators=[
            DataRequired(message=_l("Vui lòng nhập nội dung tin nhắn, ví dụ TRACUU và mã hồ sơ.")),
            Length(max=1000, message=_l("Tin nhắn tối đa %(n)s ký tự.", n=1000)),
        ],
    )

    def validate_phone(self, field):
        if normalize_phone(field.data) is None:
            raise ValidationError(_l("Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09."))
