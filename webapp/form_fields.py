"""Field helpers the features' WTForms forms share. Messages stay at the call site, Vietnamese, in _l()."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired

# A day typed in a text box, read by forms_engine.dates.parse_day: a browser's date picker would show its
# own locale's order (mm/dd/yyyy in an English browser) under our ngày/tháng/năm hint.
DAY_INPUT = {"inputmode": "numeric", "placeholder": _l("ngày/tháng/năm"), "autocomplete": "off", "maxlength": 10}


def strip(value):
    """Filter: what was typed, without the spaces around it."""
    return value.strip() if isinstance(value, str) else value


def required_text(label, *, message, checks=(), filters=(strip,), field=StringField, **kwargs):
    """A field that must be filled in: DataRequired(message=message), then `checks` in order.

    Stripped unless `filters` say otherwise; other keywords (id, …) go to `field`.
    """
    return field(label, filters=list(filters), validators=[DataRequired(message=message), *checks], **kwargs)
