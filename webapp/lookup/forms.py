"""The lookup, rating and result-check forms; every message is Vietnamese at the source (WTForms ships none).

Field ids follow the filing pages' "f-<name>" so the shared error summary links to them.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Regexp, ValidationError

from webapp.dossiers.numbering import normalise_code
from webapp.form_fields import required_text, strip
from webapp.lookup.rating import COMMENT_MAX, CRITERIA
from webapp.text import compact_digits

CODE_INPUT_MAX = 60  # a code is about 21 characters; room for the spaces people type


def _digits_only(value):
    return compact_digits(value) if isinstance(value, str) else value


class LookupForm(FlaskForm):
    ma = required_text(
        _l("Mã hồ sơ"),
        id="f-ma",
        message=_l("Vui lòng nhập mã hồ sơ."),
        checks=[
            Length(max=CODE_INPUT_MAX, message=_l("Mã hồ sơ quá dài: vui lòng nhập đúng mã ghi trên giấy tiếp nhận."))
        ],
    )
    so_cuoi = required_text(
        _l("4 số cuối điện thoại hoặc CCCD"),
        id="f-so_cuoi",
        filters=[_digits_only],
        message=_l("Vui lòng nhập 4 số cuối của số điện thoại hoặc số CCCD."),
        checks=[Regexp(r"^[0-9]{4}$", message=_l("Nhập đúng 4 chữ số cuối của số điện thoại hoặc số CCCD."))],
    )

    def validate_ma(self, field):
        if not normalise_code(field.data):
            raise ValidationError(
                _l("Mã hồ sơ chưa đúng dạng. Mã ghi trên giấy tiếp nhận, ví dụ H42.18073-260105-0001.")
            )

    @property
    def code(self):
        """The canonical code typed (valid once the form validates)."""
        return normalise_code(self.ma.data)

    def errors_by_id(self):
        """{field name: first message}, for the error summary (it links to "#f-<name>")."""
        return {field.id.removeprefix("f-"): field.errors[0] for field in self if field.errors}


class CriterionField(RadioField):
    """One criterion's options; nothing chosen (or a value not offered) is refused in Vietnamese."""

    def pre_validate(self, form):
        if self.data not in {choice.value for choice in self.choices}:
            raise ValidationError(_l("Vui lòng chọn một ý cho “%(criterion)s”.", criterion=self.label.text))


class RatingForm(FlaskForm):
    comment = TextAreaField(
        _l("Góp ý thêm (không bắt buộc)"),
        id="f-comment",
        filters=[strip],
        validators=[Length(max=COMMENT_MAX, message=_l("Góp ý tối đa %(n)s ký tự.", n=COMMENT_MAX))],
    )

    def criteria(self):
        """The radio groups in the order of CRITERIA."""
        return [self[criterion.key] for criterion in CRITERIA]

    def answers(self):
        return {criterion.key: self[criterion.key].data for criterion in CRITERIA}

    def errors_by_id(self):
        return {field.id.removeprefix("f-"): field.errors[0] for field in self if field.errors}


for _criterion in CRITERIA:
    setattr(
        RatingForm,
        _criterion.key,
        CriterionField(
            _criterion.label,
            id=f"f-{_criterion.key}",
            choices=[SelectChoice(value, label) for value, label in _criterion.options],
        ),
    )


class CheckForm(FlaskForm):
    """The file someone holds, checked against the signed result on its verification page."""

    tep = FileField(
        _l("Tệp văn bản cần kiểm tra"),
        id="f-tep",
        validators=[FileRequired(message=_l("Vui lòng chọn tệp cần kiểm tra."))],
    )
