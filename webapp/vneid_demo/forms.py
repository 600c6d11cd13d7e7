"""The demo provider's authorize page: which invented citizen signs in, which fault the tester wants
to see, and the button pressed (`quyet_dinh`). The authorization request's own parameters come back as
hidden inputs under their OAuth names and are checked again on POST."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from webapp.identity.citizen import demo_citizen, demo_citizens
from webapp.vneid_demo.services import FAULT_ACR, FAULT_EXPIRED, FAULT_HMAC, FAULT_NONCE, FAULT_SIGNATURE

SIGN_IN, REFUSE, CANCEL = "dong-y", "tu-choi", "huy"  # the page's three buttons


class AuthorizeForm(FlaskForm):
    cong_dan = RadioField(
        _l("Chọn tài khoản định danh điện tử để đăng nhập"),
        validators=[InputRequired(message=_l("Hãy chọn một công dân."))],
        validate_choice=False,  # checked below, in Vietnamese
    )
    kich_ban = SelectField(
        _l("Kịch bản kiểm thử"),
        default="",
        validate_choice=False,  # anything unknown is the normal case (services.issue_code)
        choices=[
            SelectChoice("", _l("Bình thường: thông tin định danh hợp lệ")),
            SelectChoice(FAULT_SIGNATURE, _l("Chữ ký của ID token bị sửa (phải bị từ chối)")),
            SelectChoice(FAULT_NONCE, _l("ID token mang nonce sai (phải bị từ chối)")),
            SelectChoice(FAULT_EXPIRED, _l("ID token đã hết hạn từ 2 giờ trước (phải bị từ chối)")),
            SelectChoice(FAULT_ACR, _l("ID token chỉ ở mức định danh 1 (phải bị từ chối)")),
            SelectChoice(FAULT_HMAC, _l("ID token ký HS256 bằng mã bí mật của ứng dụng (phải bị từ chối)")),
        ],
    )
    quyet_dinh = StringField(default=SIGN_IN)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        citizens = demo_citizens()
        self.cong_dan.choices = [SelectChoice(c["key"], c["name"]) for c in citizens]
        if not self.cong_dan.data and not self.is_submitted():
            self.cong_dan.data = citizens[0]["key"]

    def validate_cong_dan(self, field):
        if not demo_citizen(field.data):
            raise ValidationError(_l("Hãy chọn một công dân."))

    @property
    def decision(self):
        return self.quyet_dinh.data if self.quyet_dinh.data in (REFUSE, CANCEL) else SIGN_IN
