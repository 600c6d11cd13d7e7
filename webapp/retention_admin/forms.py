"""The retention admin's forms; every message Vietnamese at the source (WTForms ships none)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from webapp.form_fields import printable, required_text
from webapp.models.catalogue import Procedure
from webapp.retention.rules import KIND_LABELS, PER_PROCEDURE

MAX_DAYS = 36500  # a hundred years; longer is "permanently" (leave the box empty)
BAD_DAYS = _l("Số ngày phải là số nguyên từ 0 đến %(n)s; để trống nếu lưu vĩnh viễn.", n=MAX_DAYS)


class DaysField(StringField):
    """Whole days, or empty for "kept permanently" (data None)."""

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else "").strip()
        self.data = None

    def pre_validate(self, form):
        if self.raw == "":
            return
        if not self.raw.isascii() or not self.raw.isdigit() or int(self.raw) > MAX_DAYS:
            raise ValidationError(BAD_DAYS)
        self.data = int(self.raw)

    def _value(self):
        if getattr(self, "raw", None) is not None:
            return self.raw
        return "" if self.data is None else str(self.data)


def basis_field():
    return required_text(
        _l("Căn cứ (văn bản, điều khoản)"),
        field=TextAreaField,
        message=_l("Vui lòng ghi căn cứ của thời hạn: văn bản và điều khoản."),
        checks=[Length(max=1000, message=_l("Căn cứ tối đa %(n)s ký tự.", n=1000))],
    )


class RuleForm(FlaskForm):
    """One rule's period and source; `scope` names which rule (kind|field|procedure). A page holds one
    per rule, each under its own prefix; the CSRF token is the app-wide check's (extensions.csrf), in
    one field named as every form's."""

    class Meta:
        csrf = False

    scope = HiddenField(validators=[DataRequired()])
    days = DaysField(_l("Số ngày lưu"))
    basis = basis_field()


class OverrideForm(FlaskForm):
    """A procedure's own period for its dossiers or results."""

    kind = SelectField(
        _l("Loại dữ liệu"),
        choices=[SelectChoice(kind, KIND_LABELS[kind]) for kind in PER_PROCEDURE],
        validate_choice=False,
    )
    procedure_code = required_text(
        _l("Mã thủ tục"),
        filters=(printable,),
        message=_l("Vui lòng nhập mã thủ tục, ví dụ 2.000815."),
    )
    days = DaysField(_l("Số ngày lưu"))
    basis = basis_field()

    def validate_kind(self, field):
        if field.data not in PER_PROCEDURE:
            raise ValidationError(_l("Vui lòng chọn loại dữ liệu."))

    def validate_procedure_code(self, field):
        if Procedure.get_or_none(Procedure.code == field.data) is None:
            raise ValidationError(_l("Không có thủ tục mã “%(code)s”.", code=field.data))


class RemoveForm(FlaskForm):
    scope = HiddenField(validators=[DataRequired()])
