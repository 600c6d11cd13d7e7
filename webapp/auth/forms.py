"""Login forms; every message is Vietnamese at the source (WTForms ships none)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import Length, Regexp

from webapp.form_fields import required_text


def _no_spaces(value):
    return value.replace(" ", "") if isinstance(value, str) else value


def _password():
    """The password, never stripped: the login's, and again to turn the second factor off."""
    return required_text(
        _l("Mật khẩu"),
        field=PasswordField,
        filters=(),
        message=_l("Vui lòng nhập mật khẩu."),
        checks=[Length(max=256, message=_l("Mật khẩu tối đa %(n)s ký tự.", n=256))],
    )


class LoginForm(FlaskForm):
    username = required_text(
        _l("Tên đăng nhập"),
        message=_l("Vui lòng nhập tên đăng nhập."),
        checks=[Length(max=64, message=_l("Tên đăng nhập tối đa %(n)s ký tự.", n=64))],
    )
    password = _password()


class CodeForm(FlaskForm):
    code = required_text(
        _l("Mã xác thực gồm 6 chữ số"),
        filters=[_no_spaces],
        message=_l("Vui lòng nhập mã xác thực."),
        checks=[Regexp(r"^\d{6}$", message=_l("Mã xác thực gồm đúng 6 chữ số."))],
    )


class TotpOffForm(CodeForm):
    """Turning the second factor off takes both factors: a stolen session alone cannot."""

    password = _password()
