"""The procedure editor's forms: one per section of a draft, repeating parts as rows.

A section with rows shows the rows it has and one empty row; an empty row is ignored, a row whose
"Xóa dòng" box is ticked is dropped. The checks mirror webapp/versions/schema.py so an admin hears of a
mistake beside the field, before the draft is saved."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.dossiers.labels import CHANNEL, DOCUMENT_KIND, LEGACY_LEVEL, ONLINE_CLASS, TIER
from webapp.form_fields import printable, required_text, strip
from webapp.text import parse_number
from webapp.versions.schema import CODE_PATTERN

UNITS = {
    "same_day": _l("Trong ngày"),
    "working_day": _l("Ngày làm việc"),
    "working_hour": _l("Giờ làm việc"),
}
FEE_KIND = {"le_phi": _l("Lệ phí"), "phi": _l("Phí")}
FEE_PER = {"ho_so": _l("Mỗi hồ sơ"), "ban": _l("Mỗi bản"), "trang": _l("Mỗi trang của mỗi bản")}
FEE_POINT = {
    "truoc_tiep_nhan": _l("Nộp trước khi tiếp nhận hồ sơ"),
    "truoc_tra_ket_qua": _l("Nộp trước khi trả kết quả"),
}
CLOCK = {
    "restart": _l("Tính lại từ đầu khi nhận đủ hồ sơ bổ sung"),
    "pause": _l("Tạm dừng và tính tiếp khi nhận đủ hồ sơ bổ sung"),
}
NEGATIVE = _l("Không được nhập số âm.")
TOO_LARGE = _l("Số quá lớn.")


def _choices(labels):
    return [(value, label) for value, label in labels.items()]


class NumberField(StringField):
    """A number typed as people type money (1.000.000, 15 000); `data` is an int, a float with a
    decimal comma, or None when left empty. What was typed stays shown when it is wrong."""

    LARGEST = 10**12  # a thousand billion đồng: past any fee, and within a 64-bit column and a float

    def __init__(self, label=None, decimals=False, **kwargs):
        super().__init__(label, **kwargs)
        self.decimals = decimals

    def process_formdata(self, valuelist):
        typed = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not typed:
            return
        value = parse_number(typed, decimals=self.decimals)
        if value is None:
            raise ValueError(_l("Vui lòng nhập một số, ví dụ 50.000."))
        if abs(value) > self.LARGEST:
            raise ValueError(TOO_LARGE)
        self.data = value

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return str(self.data).replace(".", ",") if isinstance(self.data, float) else str(self.data)


def not_negative(form, field):
    if field.data is not None and field.data < 0:
        raise ValidationError(NEGATIVE)


class CheckboxesField(SelectMultipleField):
    """Several boxes to tick (channels, the kinds an exemption covers)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RowForm(Form):
    """A repeated row: skipped when empty or ticked for removal, checked otherwise."""

    remove = BooleanField(_l("Xóa dòng này"))
    KEY_FIELDS = ()

    def is_blank(self):
        return not any((self[name].raw_data or [""])[0].strip() for name in self.KEY_FIELDS)

    def is_kept(self):
        return not self.remove.data and not self.is_blank()

    def validate(self, extra_validators=None):
        if not self.is_kept():
            return True
        return super().validate(extra_validators)


def _rows(row_form, label):
    return FieldList(FormField(row_form), label=label, min_entries=0)


class SectionForm(FlaskForm):
    """Every section form: the "add a row" button is a submit named `them`."""

    def kept(self, name):
        return [entry.form for entry in getattr(self, name) if entry.form.is_kept()]


class ItemsForm(SectionForm):
    name = required_text(
        _l("Tên thủ tục"),
        message=_l("Vui lòng nhập tên thủ tục."),
        field=TextAreaField,
        checks=[Length(max=255, message=_l("Tên thủ tục dài tối đa 255 ký tự."))],
    )
    name_en = StringField(
        _l("Tên tiếng Anh"),
        filters=[strip],
        validators=[Length(max=255, message=_l("Tên tiếng Anh dài tối đa 255 ký tự."))],
    )
    field = SelectField(_l("Lĩnh vực"), validate_choice=False)
    tier = SelectField(_l("Cấp thực hiện"), choices=_choices(TIER), validate_choice=False)
    online_class = SelectField(_l("Mức dịch vụ công trực tuyến"), choices=_choices(ONLINE_CLASS), validate_choice=False)
    legacy_level = SelectField(
        _l("Mức độ (theo Nghị định 43/2011)"),
        choices=[(str(n), label) for n, label in LEGACY_LEVEL.items()],
        validate_choice=False,
    )
    implementing_agency = required_text(
        _l("Cơ quan thực hiện"),
        message=_l("Vui lòng nhập cơ quan thực hiện."),
        checks=[Length(max=255, message=_l("Tên cơ quan dài tối đa 255 ký tự."))],
    )
    applicants = StringField(
        _l("Đối tượng thực hiện"),
        filters=[strip],
        validators=[Length(max=255, message=_l("Đối tượng thực hiện dài tối đa 255 ký tự."))],
    )
    sensitive = BooleanField(_l("Thủ tục nhạy cảm: tin nhắn và trang công khai chỉ nêu lĩnh vực"))

    def validate_field(self, field):
        if field.data not in dict(field.choices):
            raise ValidationError(_l("Vui lòng chọn lĩnh vực."))

    def validate_tier(self, field):
        if field.data not in TIER:
            raise ValidationError(_l("Vui lòng chọn cấp thực hiện."))

    def validate_online_class(self, field):
        if field.data not in ONLINE_CLASS:
            raise ValidationError(_l("Vui lòng chọn mức dịch vụ công trực tuyến."))

    def validate_legacy_level(self, field):
        if field.data not in ("1", "2", "3", "4"):
            raise ValidationError(_l("Vui lòng chọn mức độ."))


class NewProcedureForm(ItemsForm):
    code = required_text(
        _l("Mã thủ tục (theo Cơ sở dữ liệu quốc gia)"),
        message=_l("Vui lòng nhập mã thủ tục, ví dụ 1.001193."),
    )
    implementing_agency = StringField(_l("Cơ quan thực hiện"), filters=[strip], default="Ủy ban nhân dân cấp xã")

    def validate_code(self, field):
        if not CODE_PATTERN.fullmatch(field.data or ""):
            raise ValidationError(_l("Mã thủ tục gồm số 1 hoặc 2, dấu chấm và 6 chữ số, ví dụ 1.001193."))

    def validate_implementing_agency(self, field):
        if not field.data:
            raise ValidationError(_l("Vui lòng nhập cơ quan thực hiện."))


class BasisRow(RowForm):
    KEY_FIELDS = ("number",)
    number = StringField(
        _l("Số, ký hiệu văn bản"),
        filters=[printable],
        validators=[Length(max=64, message=_l("Số, ký hiệu dài tối đa 64 ký tự."))],
        render_kw={"list": "so-hieu-van-ban"},
    )
    note = StringField(_l("Ghi chú (điều, khoản áp dụng)"), filters=[strip])

    def validate_number(self, field):
        if not field.data:
            raise ValidationError(_l("Vui lòng nhập số, ký hiệu văn bản."))


class BasesForm(SectionForm):
    rows = _rows(BasisRow, _l("Căn cứ pháp lý"))


class StepsForm(SectionForm):
    steps = TextAreaField(_l("Trình tự thực hiện (mỗi dòng một bước)"))
    conditions = TextAreaField(_l("Yêu cầu, điều kiện (mỗi dòng một điều kiện)"))
    result = required_text(_l("Kết quả thực hiện"), message=_l("Vui lòng nhập kết quả thực hiện."), field=TextAreaField)

    def validate_steps(self, field):
        if not lines_of(field.data):
            raise ValidationError(_l("Vui lòng nhập ít nhất một bước."))


def lines_of(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class DocumentRow(RowForm):
    KEY_FIELDS = ("name",)
    name = StringField(_l("Tên giấy tờ"), filters=[strip])
    kind = SelectField(_l("Loại bản"), choices=_choices(DOCUMENT_KIND), validate_choice=False)
    count = NumberField(_l("Số lượng"), default=1)
    note = StringField(_l("Ghi chú"), filters=[strip])
    optional = BooleanField(_l("Chỉ nộp trong một số trường hợp (nếu có)"))
    online_form = BooleanField(_l("Là tờ khai điền trực tuyến"))

    def validate_name(self, field):
        if not field.data:
            raise ValidationError(_l("Vui lòng nhập tên giấy tờ."))

    def validate_kind(self, field):
        if field.data not in DOCUMENT_KIND:
            raise ValidationError(_l("Vui lòng chọn loại bản."))

    def validate_count(self, field):
        if not isinstance(field.data, int) or field.data < 1:
            raise ValidationError(_l("Số lượng là một số nguyên từ 1 trở lên."))

    def validate_online_form(self, field):
        if field.data and self.kind.data != "ban_chinh":
            raise ValidationError(_l("Chỉ tờ khai (bản chính) mới điền trực tuyến."))


class DocumentsForm(SectionForm):
    rows = _rows(DocumentRow, _l("Thành phần hồ sơ"))


class LimitRow(RowForm):
    KEY_FIELDS = ("amount", "note")
    channel = SelectField(_l("Cách nộp"), choices=_choices(CHANNEL), validate_choice=False)
    amount = NumberField(_l("Thời hạn"), decimals=True, validators=[not_negative])
    unit = SelectField(_l("Đơn vị"), choices=_choices(UNITS), validate_choice=False)
    note = StringField(_l("Ghi chú"), filters=[strip])

    def validate_channel(self, field):
        if field.data not in CHANNEL:
            raise ValidationError(_l("Vui lòng chọn cách nộp."))

    def validate_unit(self, field):
        if field.data not in UNITS:
            raise ValidationError(_l("Đơn vị phải là trong ngày, ngày làm việc hoặc giờ làm việc."))

    def validate_amount(self, field):
        if field.data is None and self.unit.data != "same_day":
            raise ValidationError(_l("Vui lòng nhập thời hạn."))
        if self.unit.data in ("working_day", "working_hour") and field.data == 0:
            raise ValidationError(_l("Thời hạn 0 là trả trong ngày: chọn đơn vị “Trong ngày”."))


class LimitsForm(SectionForm):
    rows = _rows(LimitRow, _l("Thời hạn giải quyết"))
    cutoff_15h = BooleanField(_l("Hồ sơ nhận sau 15 giờ được tính từ ngày làm việc tiếp theo"))
    supplement_clock = RadioField(
        _l("Khi yêu cầu bổ sung hồ sơ, thời hạn giải quyết"), choices=_choices(CLOCK), validate_choice=False
    )

    def validate_rows(self, field):
        channels = [row.channel.data for row in self.kept("rows")]
        if len(channels) != len(set(channels)):
            raise ValidationError(_l("Mỗi cách nộp chỉ có một thời hạn."))

    def validate_supplement_clock(self, field):
        if field.data not in CLOCK:
            raise ValidationError(_l("Vui lòng chọn cách tính thời hạn khi bổ sung hồ sơ."))
