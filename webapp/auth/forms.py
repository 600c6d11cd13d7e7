"""Login forms; every message is Vietnamese at the source (WTForms ships none)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, Regexp


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _no_spaces(value):
    return value.replace(" ", "") if isinstance(value, str) else value


class LoginForm(FlaskForm):
    username = StringField(
        _l("Tên đăng nhập"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Vui lòng nhập tên đăng nhập.")),
            Length(max=64, message=_l("Tên đăng nhập tối đa %(n)s ký tự.", n=64)),
        ],
    )
    password = PasswordField(
        _l("Mật khẩu"),
        validators=[
            DataRequired(message=_l("Vui lòng nhập mật khẩu.")),
            Length(max=256, message=_l("Mật khẩu tối đa %(n)s ký tự.", n=256)),
        ],
    )


class CodeForm(FlaskForm):
    code = StringField(
        _l("Mã xác thực gồm 6 chữ số"),
        filters=[_no_spaces],
        validators=[
            DataRequired(message=_l("Vui lòng nhập mã xác thực.")),
            Regexp(r"^\d{6}$", message=_l("Mã xác thực gồm đúng 6 chữ số.")),
        ],
    )


class TotpOffForm(CodeForm):
    """Turning the second factor off takes both factors: a stolen session alone cannot."""

    password = PasswordField(
        _l("Mật khẩu"),
        validators=[
            DataRequired(message=_l("Vui lòng nhập mật khẩu.")),
            Length(max=256, message=_l("Mật khẩu tối đa %(n)s ký tự.", n=256)),
        ],
    )
