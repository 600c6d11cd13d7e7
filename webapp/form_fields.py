"""Field helpers the features' WTForms forms share. Messages stay at the call site, Vietnamese, in _l()."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired

from webapp.forms_engine.dates import parse_day
from webapp.text import without_controls

# A day typed in a text box, read by forms_engine.dates.parse_day: a browser's date picker would show its
# own locale's order (mm/dd/yyyy in an English browser) under our ngày/tháng/năm hint.
DAY_INPUT = {"inputmode": "numeric", "placeholder": _l("ngày/tháng/năm"), "autocomplete": "off", "maxlength": 10}
BAD_DAY = _l("Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 01/07/2025.")


def strip(value):
    """Filter: what was typed, without the spaces around it."""
    return value.strip() if isinstance(value, str) else value


def printable(value):
    """Filter: what was typed without control characters (text.without_controls: PostgreSQL refuses a
    NUL; tabs and line breaks of a text area stay) nor the spaces around it. The one filter of every text field."""
    return strip(without_controls(value))


def required_text(label, *, message, checks=(), filters=(printable,), field=StringField, **kwargs):
    """A field that must be filled in: DataRequired(message=message), then `checks` in order.

    Printable and stripped unless `filters` say otherwise; other keywords (id, …) go to `field`.
    """
    return field(label, filters=list(filters), validators=[DataRequired(message=message), *checks], **kwargs)


class DayField(StringField):
    """A day typed as dd/mm/yyyy in a text box (may be left empty; InputRequired makes it required),
    read by the one day parser; `data` is the date, what was typed stays on the page. `message` words
    the refusal (its example day fitting the field)."""

    def __init__(self, label=None, validators=None, message=BAD_DAY, **kwargs):
        kwargs.setdefault("render_kw", DAY_INPUT)
        super().__init__(label, validators, **kwargs)
        self.bad_day = message

    def process_formdata(self, valuelist):
        typed = without_controls(valuelist[0]).strip() if valuelist else ""
        self.data = parse_day(typed) if typed else None
        if typed and self.data is None:
            raise ValueError(self.bad_day)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return f"{self.data:%d/%m/%Y}" if self.data else ""
