"""The editor's money sections: fees and charges (phí, lệ phí) per channel, exemptions, and the
channels a dossier may come by. The checks are those of webapp/versions/schema.py (_fee), worded."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import ValidationError

from webapp.catalogue_admin.editor_forms import (
    FEE_KIND,
    FEE_PER,
    FEE_POINT,
    CheckboxesField,
    NumberField,
    RowForm,
    SectionForm,
    _choices,
    _rows,
    not_negative,
)
from webapp.dossiers.labels import CHANNEL
from webapp.form_fields import strip

ONLY_PER_COPY = _l("Chỉ dùng cho khoản thu theo bản hoặc theo trang.")
FIELD_NAME = _l("Tên ô của tờ khai chỉ gồm chữ thường không dấu, số và dấu gạch dưới, ví dụ so_ban_sao.")


class FeeRow(RowForm):
    KEY_FIELDS = ("amount", "description", "label")
    channel = SelectField(_l("Cách nộp"), choices=_choices(CHANNEL), validate_choice=False)
    kind = SelectField(_l("Loại khoản thu"), choices=_choices(FEE_KIND), validate_choice=False)
    label = StringField(_l("Tên khoản thu (khi một cách nộp có nhiều khoản)"), filters=[strip])
    amount = NumberField(_l("Mức thu (đồng; để trống nếu miễn)"), validators=[not_negative])
    per = SelectField(_l("Tính theo"), choices=_choices(FEE_PER), validate_choice=False)
    then_from = NumberField(_l("Từ trang thứ"), validators=[not_negative])
    then_amount = NumberField(_l("thì mỗi trang (đồng)"), validators=[not_negative])
    max_per_copy = NumberField(_l("Tối đa mỗi bản (đồng)"), validators=[not_negative])
    max = NumberField(_l("Tối đa mỗi hồ sơ (đồng)"), validators=[not_negative])
    optional = BooleanField(_l("Chỉ thu khi người nộp xin bản sao (có thể không xin)"))
    copies = StringField(_l("Ô số bản của tờ khai"), filters=[strip])
    pages = StringField(_l("Ô số trang của tờ khai"), filters=[strip])
    point = SelectField(_l("Thời điểm nộp"), choices=_choices(FEE_POINT), validate_choice=False)
    description = StringField(_l("Mô tả (hiện cho người dân)"), filters=[strip])
    unconfirmed = BooleanField(_l("Mức thu chưa được xác nhận"))

    def per_copy(self):
        return self.per.data in ("ban", "trang")

    def validate_channel(self, field):
        if field.data not in CHANNEL:
            raise ValidationError(_l("Vui lòng chọn cách nộp."))

    def validate_kind(self, field):
        if field.data not in FEE_KIND:
            raise ValidationError(_l("Vui lòng chọn phí hoặc lệ phí."))

    def validate_per(self, field):
        if field.data not in FEE_PER:
            raise ValidationError(_l("Vui lòng chọn cách tính."))
        if self.amount.data is None and self.per_copy():
            raise ValidationError(_l("Khoản miễn thu (để trống mức thu) chỉ tính theo hồ sơ."))

    def validate_point(self, field):
        if field.data not in FEE_POINT:
            raise ValidationError(_l("Vui lòng chọn thời điểm nộp."))

    def validate_description(self, field):
        if not field.data:
            raise ValidationError(_l("Vui lòng nhập mô tả khoản thu."))

    def validate_amount(self, field):
        if isinstance(field.data, float):
            raise ValidationError(_l("Mức thu là số đồng, không có phần lẻ."))

    def validate_optional(self, field):
        if field.data and not self.per_copy():
            raise ValidationError(_l("Chỉ khoản thu theo bản hoặc theo trang mới có thể không xin."))

    def validate_max_per_copy(self, field):
        if field.data is not None and not self.per_copy():
            raise ValidationError(ONLY_PER_COPY)

    def validate_copies(self, field):
        _field_name(field)
        if field.data and not self.per_copy():
            raise ValidationError(ONLY_PER_COPY)

    def validate_pages(self, field):
        _field_name(field)
        if field.data and self.per.data != "trang":
            raise ValidationError(_l("Chỉ dùng cho khoản thu theo trang."))

    def validate_then_from(self, field):
        if (field.data is None) != (self.then_amount.data is None):
            raise ValidationError(_l("Nhập cả trang bắt đầu và mức thu mỗi trang, hoặc để trống cả hai."))
        if field.data is not None and self.per.data != "trang":
            raise ValidationError(_l("Chỉ dùng cho khoản thu theo trang."))
        if field.data is not None and field.data < 2:
            raise ValidationError(_l("Mức thu thấp hơn bắt đầu từ trang thứ 2 trở đi."))


def _field_name(field):
    if field.data and not re.fullmatch(r"[a-z0-9_]+", field.data):
        raise ValidationError(FIELD_NAME)


class FeesForm(SectionForm):
    rows = _rows(FeeRow, _l("Phí, lệ phí"))


class ExemptionRow(RowForm):
    KEY_FIELDS = ("reason",)
    reason = StringField(_l("Đối tượng được miễn"), filters=[strip])
    proof = BooleanField(_l("Phải nộp giấy tờ chứng minh"))
    covers = CheckboxesField(
        _l("Miễn khoản thu (không chọn: miễn mọi khoản)"), choices=_choices(FEE_KIND), validate_choice=False
    )

    def validate_reason(self, field):
        if not field.data:
            raise ValidationError(_l("Vui lòng nhập đối tượng được miễn."))

    def validate_covers(self, field):
        if any(kind not in FEE_KIND for kind in field.data or []):
            raise ValidationError(_l("Chỉ chọn phí hoặc lệ phí."))


class ExemptionsForm(SectionForm):
    rows = _rows(ExemptionRow, _l("Miễn, giảm phí và lệ phí"))


class ChannelsForm(SectionForm):
    channels = CheckboxesField(_l("Cách thức nộp hồ sơ"), choices=_choices(CHANNEL), validate_choice=False)

    def validate_channels(self, field):
        if not field.data:
            raise ValidationError(_l("Vui lòng chọn ít nhất một cách nộp hồ sơ."))
        if any(channel not in CHANNEL for channel in field.data):
            raise ValidationError(_l("Cách nộp không hợp lệ."))
