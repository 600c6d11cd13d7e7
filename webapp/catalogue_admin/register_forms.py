"""The register's forms: one legal document, and the day the review list looks at."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, Length, Optional, ValidationError

from webapp.form_fields import DayField, printable, required_text
from webapp.models.legal import LegalDocument

KIND_LABELS = {
    "luat": _l("Luật, Bộ luật"),
    "nghi_dinh": _l("Nghị định"),
    "nghi_quyet": _l("Nghị quyết"),
    "thong_tu": _l("Thông tư"),
    "quyet_dinh": _l("Quyết định"),
    "cong_van": _l("Công văn"),
    "other": _l("Loại khác"),
}
# The columns' sizes, read from the model (the one place they are written).
NUMBER_MAX = LegalDocument.number.max_length
ISSUER_MAX = LegalDocument.issuer.max_length
URL_MAX = LegalDocument.url.max_length


class NumbersField(TextAreaField):
    """Document numbers, one a line (commas and semicolons also separate them); `data` is the list."""

    def process_formdata(self, valuelist):
        typed = printable(valuelist[0]) if valuelist else ""
        parts = typed.replace(";", "\n").replace(",", "\n").splitlines()
        self.data = list(dict.fromkeys(p.strip() for p in parts if p.strip()))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "\n".join(self.data or [])


class DocumentForm(FlaskForm):
    number = required_text(
        _l("Số, ký hiệu"),
        message=_l("Vui lòng nhập số, ký hiệu văn bản, ví dụ 123/2015/NĐ-CP."),
        checks=[Length(max=NUMBER_MAX, message=_l("Số, ký hiệu dài tối đa %(n)s ký tự.", n=NUMBER_MAX))],
    )
    kind = SelectField(
        _l("Loại văn bản"),
        choices=[SelectChoice(value, label) for value, label in KIND_LABELS.items()],
        validate_choice=False,
    )
    title = required_text(
        _l("Trích yếu (tên văn bản)"),
        message=_l("Vui lòng nhập trích yếu của văn bản."),
        field=TextAreaField,
    )
    issuer = StringField(
        _l("Cơ quan ban hành"),
        filters=[printable],
        validators=[Length(max=ISSUER_MAX, message=_l("Tên cơ quan dài tối đa %(n)s ký tự.", n=ISSUER_MAX))],
    )
    issued_on = DayField(_l("Ngày ban hành"))
    effective_from = DayField(_l("Ngày có hiệu lực"))
    expires_on = DayField(_l("Ngày hết hiệu lực"))
    replaced_by = StringField(
        _l("Được thay thế bởi (số, ký hiệu)"),
        filters=[printable],
        validators=[Length(max=NUMBER_MAX, message=_l("Số, ký hiệu dài tối đa %(n)s ký tự.", n=NUMBER_MAX))],
    )
    amended_by = NumbersField(_l("Được sửa đổi, bổ sung bởi (mỗi dòng một số, ký hiệu)"))
    url = StringField(
        _l("Đường dẫn đến văn bản"),
        filters=[printable],
        validators=[
            Optional(),
            URL(require_tld=True, message=_l("Đường dẫn phải bắt đầu bằng http:// hoặc https://.")),
            Length(max=URL_MAX, message=_l("Đường dẫn dài tối đa %(n)s ký tự.", n=URL_MAX)),
        ],
    )
    unconfirmed = BooleanField(_l("Có ngày hoặc thông tin chưa đối chiếu với văn bản chính thức"))
    note = TextAreaField(_l("Ghi chú"), filters=[printable])

    def validate_kind(self, field):
        if field.data not in KIND_LABELS:
            raise ValidationError(_l("Vui lòng chọn loại văn bản."))

    def validate_url(self, field):
        if field.data and not field.data.lower().startswith(("http://", "https://")):
            raise ValidationError(_l("Đường dẫn phải bắt đầu bằng http:// hoặc https://."))

    def validate_expires_on(self, field):
        start = self.effective_from.data
        if field.data and start and field.data <= start:
            raise ValidationError(_l("Ngày hết hiệu lực phải sau ngày có hiệu lực."))
        if self.replaced_by.data and not field.data:
            raise ValidationError(_l("Văn bản đã được thay thế cần có ngày hết hiệu lực."))

    def validate_effective_from(self, field):
        if field.data and self.issued_on.data and field.data < self.issued_on.data:
            raise ValidationError(_l("Ngày có hiệu lực không thể trước ngày ban hành."))
