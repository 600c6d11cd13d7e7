"""Field helpers the features' WTForms forms share. Messages stay at the call site, Vietnamese, in _l()."""

from wtforms import StringField
from wtforms.validators import DataRequired


def strip(value):
    """Filter: what was typed, without the spaces around it."""
    return value.strip() if isinstance(value, str) else value


def required_text(label, *, message, checks=(), filters=(strip,), field=StringField, **kwargs):
    """A field that must be filled in: DataRequired(message=message), then `checks` in order.

    Stripped unless `filters` say otherwise; other keywords (id, …) go to `field`.
    """
    return field(label, filters=list(filters), validators=[DataRequired(message=message), *checks], **kwargs)
