"""The statistics page's tables as files: the same rows and numbers the page shows."""

from flask_babel import gettext as _

from webapp.dossiers.timing import PUNCTUALITY
from webapp.reports.figures import CLASSES
from webapp.reports.indicators import TOTAL_POINTS
from webapp.spreadsheets import csv_bytes, workbook


def tables(report):
    """[(title, header, rows)]: dossiers, procedures by tier and class, per procedure."""
    total = report["total"]
    dossiers = [
        (_("Tiếp nhận"), total.received, None),
        (_("Trong đó trực tuyến"), total.online, total.online_share),
        (_("Đã giải quyết"), total.resolved, None),
        (_("Trước hạn và đúng hạn"), total.in_time, total.in_time_share),
        *((str(PUNCTUALITY[name]), total.punctuality[name], total.class_share(name)) for name in CLASSES),
        (_("Quá hạn đã xin lỗi, hẹn lại"), total.apologised_late, None),
    ]
    share = report["share"]
    catalogue = [
        (str(report["tiers"][tier]), str(label), report["classes"].get((tier, key), 0))
        for tier in report["tiers"]
        for key, label in report["online_classes"].items()
    ]
    procedures = [
        (p.code, p.name, t.received, t.online, t.online_share, t.resolved, t.in_time, t.in_time_share)
        for p, t in report["rows"]
    ]
    not_enough = _("Chưa đủ số liệu")
    scores = [
        (
            s.group,
            "; ".join(f"{n}/{d}" for n, d in s.parts),
            not_enough if s.earned is None else s.earned,
            s.points,
            s.formula,
        )
        for s in report["scores"]
    ]
    index_total = report["index_total"]
    earned = not_enough if index_total.earned is None else index_total.earned
    scores.append((_("Tổng"), "", earned, TOTAL_POINTS, report["index_sentence"] or ""))
    return [
        (_("Hồ sơ"), [_("Chỉ tiêu"), _("Số hồ sơ"), _("Tỷ lệ (%)")], dossiers),
        (_("Chỉ số 766"), [_("Nhóm chỉ số"), _("Số liệu"), _("Điểm"), _("Điểm tối đa"), _("Cách tính")], scores),
        (
            _("Thủ tục"),
            [_("Cấp"), _("Loại dịch vụ"), _("Số thủ tục"), _("Tỷ lệ (%)")],
            [(*row, share(row[2], report["procedure_total"])) for row in catalogue],
        ),
        (
            _("Theo thủ tục"),
            [
                _("Mã thủ tục"),
                _("Thủ tục"),
                _("Tiếp nhận"),
                _("Trực tuyến"),
                _("Tỷ lệ trực tuyến (%)"),
                _("Đã giải quyết"),
                _("Trước hạn và đúng hạn"),
                _("Tỷ lệ đúng hạn (%)"),
            ],
            procedures,
        ),
    ]


def as_csv(tables):
    """One CSV: each table under its title, a blank line between."""
    rows = []
    for title, header, body in tables:
        rows += [(title,), header, *[["" if value is None else value for value in row] for row in body], ()]
    return csv_bytes(None, rows)


def as_xlsx(tables, heading):
    """A sheet per table, the report's sentence on top of the first; numbers stay numbers."""
    book, buffer = workbook()
    bold = book.add_format({"bold": True})
    for index, (title, header, body) in enumerate(tables):
        sheet = book.add_worksheet(title[:31])
        top = 0
        if index == 0:
            sheet.write_string(0, 0, heading)
            top = 2
        sheet.write_row(top, 0, header, bold)
        for row_number, row in enumerate(body, top + 1):
            for column, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, (int, float)):
                    sheet.write_number(row_number, column, value)
                else:
                    sheet.write_string(row_number, column, str(value))
        sheet.set_column(0, len(header) - 1, 18)
    book.close()
    return buffer.getvalue()
