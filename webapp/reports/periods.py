"""Reporting periods as officials name them: a month, a quarter, the first 6 or 9 months, a year, or
any range of days. Bounds are local dates; `end` is the last day included."""

import datetime
from dataclasses import dataclass

from flask_babel import gettext as _

KINDS = ("thang", "quy", "6thang", "9thang", "nam", "tuy_chon")
EARLIEST = datetime.date(2000, 1, 1)
LONGEST = datetime.timedelta(days=3 * 366)


class PeriodError(ValueError):
    """A period that cannot be reported on; `field` names the input, the message is for people."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field, self.message = field, message


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str


def month_end(year, month):
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def period_of(kind, year, number=None, start=None, end=None):
    """The Period asked for, or PeriodError. `number` is the month (1–12) or quarter (1–4)."""
    if kind == "tuy_chon":
        return _custom(start, end)
    if kind not in KINDS:
        raise PeriodError("ky", _("Vui lòng chọn kỳ báo cáo."))
    if not isinstance(year, int) or not EARLIEST.year <= year <= datetime.date.today().year + 1:
        raise PeriodError("nam", _("Năm báo cáo không hợp lệ."))
    if kind == "thang":
        if number not in range(1, 13):
            raise PeriodError("so", _("Tháng phải từ 1 đến 12."))
        return Period(datetime.date(year, number, 1), month_end(year, number), _("tháng %(n)s/%(y)s", n=number, y=year))
    if kind == "quy":
        if number not in range(1, 5):
            raise PeriodError("so", _("Quý phải từ 1 đến 4."))
        first = 3 * number - 2
        label = _("quý %(n)s/%(y)s", n=number, y=year)
        return Period(datetime.date(year, first, 1), month_end(year, first + 2), label)
    months = {"6thang": 6, "9thang": 9, "nam": 12}[kind]
    label = _("năm %(y)s", y=year) if months == 12 else _("%(m)s tháng đầu năm %(y)s", m=months, y=year)
    return Period(datetime.date(year, 1, 1), month_end(year, months), label)


def _custom(start, end):
    if start is None:
        raise PeriodError("tu", _("Nhập ngày bắt đầu theo dạng ngày/tháng/năm."))
    if end is None:
        raise PeriodError("den", _("Nhập ngày kết thúc theo dạng ngày/tháng/năm."))
    if end < start:
        raise PeriodError("den", _("Ngày kết thúc phải sau ngày bắt đầu."))
    if start < EARLIEST or end - start > LONGEST:
        raise PeriodError("tu", _("Khoảng thời gian quá dài: tối đa 3 năm."))
    return Period(start, end, _("từ %(a)s đến %(b)s", a=start.strftime("%d/%m/%Y"), b=end.strftime("%d/%m/%Y")))
