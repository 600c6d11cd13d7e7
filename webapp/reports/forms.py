"""The statistics pages' choosers as flask-wtf GET forms (no CSRF: they change nothing, and their
addresses are shared and bookmarked). Every message is Vietnamese at the source."""

import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice

from webapp.bounded import whole_number
from webapp.dossiers.labels import TIER
from webapp.form_fields import DAY_INPUT, strip
from webapp.forms_engine.dates import parse_day
from webapp.reports.periods import KINDS, PeriodError, period_of

KIND_LABELS = {
    "thang": _l("Tháng"),
    "quy": _l("Quý"),
    "6thang": _l("6 tháng đầu năm"),
    "9thang": _l("9 tháng đầu năm"),
    "nam": _l("Cả năm"),
    "tuy_chon": _l("Tùy chọn (từ ngày … đến ngày …)"),
}


def _this_year():
    return str(datetime.date.today().year)


class PeriodForm(FlaskForm):
    """The public statistics page's question: which period (this year so far unless told) and which
    unit (the whole province unless told). Every answer is shown again as typed; a period that cannot
    be reported on is refused next to the answer at fault (`period` is set once the form validates)."""

    class Meta:
        csrf = False

    ky = SelectField(
        _l("Kỳ báo cáo"),
        id="f-ky",
        default="nam",
        choices=[SelectChoice(kind, KIND_LABELS[kind]) for kind in KINDS],
        invalid_choice_message=_l("Vui lòng chọn kỳ báo cáo."),
    )
    nam = StringField(
        _l("Năm"), id="f-nam", default=_this_year, filters=[strip], render_kw={"inputmode": "numeric", "maxlength": 4}
    )
    so = StringField(
        _l("Tháng hoặc quý (nếu chọn kỳ tháng, quý)"),
        id="f-so",
        filters=[strip],
        render_kw={"inputmode": "numeric", "maxlength": 2},
    )
    tu = StringField(_l("Từ ngày (kỳ tùy chọn)"), id="f-tu", filters=[strip], render_kw=DAY_INPUT)
    den = StringField(_l("Đến ngày (kỳ tùy chọn)"), id="f-den", filters=[strip], render_kw=DAY_INPUT)
    don_vi = SelectField(
        _l("Đơn vị"),
        id="f-don_vi",
        default="",
        invalid_choice_message=_l("Không có đơn vị này. Vui lòng chọn trong danh sách."),
    )
    period = None

    def offer(self, units, lang):
        """The unit choices: "Toàn tỉnh", then `units` in their order, under a heading per tier that has
        units (no "Cấp huyện" in a two-tier tree). The province itself is "Toàn tỉnh", not offered
        again by its name, and its code, from an older link, is read as "Toàn tỉnh"."""
        province = whole_province(units)
        if province is not None and self.don_vi.data == province.code:
            self.don_vi.data = ""
        by_tier = {tier: [] for tier in TIER}
        for unit in units:
            if unit is not province:
                by_tier[unit.tier].append(
                    SelectChoice(unit.code, unit.display_name(lang), optgroup=str(TIER[unit.tier]))
                )
        self.don_vi.choices = [SelectChoice("", _l("Toàn tỉnh"))] + [c for group in by_tier.values() for c in group]
        return self

    def validate(self, extra_validators=None):
        """The fields, then the period they name (even when only the unit is wrong, so that every
        mistake is shown at once)."""
        valid = super().validate(extra_validators)
        if self.ky.errors:
            return False
        try:
            self.period = period_of(
                self.ky.data,
                whole_number(self.nam.data),
                whole_number(self.so.data),
                parse_day(self.tu.data),
                parse_day(self.den.data),
            )
        except PeriodError as problem:
            self[problem.field].errors.append(problem.message)
            return False
        return valid

    def errors_by_id(self):
        """{field name: first message}, for the error summary (it links to "#f-<name>")."""
        return {field.name: field.errors[0] for field in self if field.errors}


def whole_province(units):
    """The one unit at the top of the tree, which "Toàn tỉnh" stands for; None when there are several."""
    tops = [unit for unit in units if unit.parent_id is None]
    return tops[0] if len(tops) == 1 else None


class UnitForm(FlaskForm):
    """The staff dashboard's unit: one of the account's units, or all of them."""

    class Meta:
        csrf = False

    don_vi = SelectField(_l("Đơn vị"), id="f-don_vi", default="", validate_choice=False)

    def chosen(self, units):
        """The unit chosen among `units`, None for all of them; False when the code is none of theirs."""
        code = self.don_vi.data or ""
        if not code:
            return None
        return next((unit for unit in units if unit.code == code), False)

    def offer(self, units):
        self.don_vi.choices = [SelectChoice("", _("Tất cả đơn vị của tôi"))] + [
            SelectChoice(unit.code, unit.full_name) for unit in units
        ]
        return self
