"""Forms of the import pages: a bundle file, the province's list, and the rows to make drafts of."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectMultipleField

BUNDLE_LIMIT = 1024 * 1024  # a procedure with its form is some tens of kilobytes
ANNEX_LIMIT = 5 * 1024 * 1024  # a province's list of a few hundred rows
MAX_CHOSEN = 500


class BundleForm(FlaskForm):
    tep = FileField(
        _l("Tệp thủ tục (YAML hoặc JSON)"),
        id="f-tep",
        validators=[FileRequired(message=_l("Vui lòng chọn tệp thủ tục cần nhập."))],
    )


class AnnexForm(FlaskForm):
    tep = FileField(
        _l("Danh mục thủ tục đã công bố (XLSX hoặc CSV)"),
        id="f-danh-muc",
        validators=[FileRequired(message=_l("Vui lòng chọn tệp danh mục."))],
    )


class AnnexDraftsForm(FlaskForm):
    """The rows chosen on the diff page; each checkbox carries its row as JSON (checked again here)."""

    rows = SelectMultipleField(_l("Tạo bản nháp cho"), validate_choice=False)


def read_upload(field, limit):
    """The uploaded bytes, or None (with the field's error set) when the file is over `limit`."""
    data = field.data.stream.read(limit + 1)
    if len(data) > limit:
        field.errors = [_l("Tệp quá lớn (tối đa %(mb)s MB).", mb=max(1, limit // (1024 * 1024)))]
        return None
    return data
