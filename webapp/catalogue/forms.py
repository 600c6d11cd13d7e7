"""The catalogue search as a flask-wtf GET form (no CSRF: a search changes nothing and its address is
shared): the words typed, and the field and tier filters the home page's links add.

Nothing typed is refused: words beyond MAX_QUERY_CHARS are dropped and an unknown filter is ignored,
so a search never ends on an error (the search box, templates/components/search_box.html, is shared
with the home and error pages and has no error to show)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField

from webapp.catalogue.services import MAX_QUERY_CHARS, field_by_code
from webapp.models.units import TIERS


def _clip(value):
    return value[:MAX_QUERY_CHARS] if isinstance(value, str) else value


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Tìm thủ tục theo tên hoặc mã"), id="q", default="", filters=[_clip])
    linh_vuc = StringField(name="linh-vuc", default="")
    cap = StringField(default="")

    def field(self):
        """The Field filtered on, or None."""
        return field_by_code(self.linh_vuc.data)

    def tier(self):
        """The tier filtered on, or None."""
        return self.cap.data if self.cap.data in TIERS else None
