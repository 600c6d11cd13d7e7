"""Truy cập dữ liệu cá nhân: the unit admin's page of who read how many dossiers, and how many outside
their work (webapp/backoffice/access_report.py says what counts as their work)."""

import datetime

from flask import current_app, render_template, request
from flask_babel import lazy_gettext as _l

from webapp.backoffice import access_report, bp
from webapp.calendar.working_time import to_local
from webapp.forms_engine.dates import parse_day
from webapp.identity.services import ROLE_LABELS
from webapp.identity.session import current_staff, login_required, staff_units
from webapp.models.dossier import utcnow
from webapp.workflow import machine

ADMINS = (machine.QUAN_TRI_DON_VI, machine.QUAN_TRI_TINH)  # a province admin's units are all of them
DEFAULT_DAYS = 30
MAX_DAYS = 366


def period_from(args, today):
    """(first day, last day, errors by field) from ?tu=&den=; the last 30 days when not given."""
    chosen = {"tu": today - datetime.timedelta(days=DEFAULT_DAYS - 1), "den": today}
    errors = {}
    for name in chosen:
        text = (args.get(name) or "").strip()
        if text:
            day = parse_day(text)
            if day is None:
                errors[name] = _l("Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 01/09/2026.")
            else:
                chosen[name] = day
    start, end = chosen["tu"], chosen["den"]
    if not errors and end < start:
        errors["den"] = _l("Ngày kết thúc phải bằng hoặc sau ngày bắt đầu.")
    elif not errors and (end - start).days >= MAX_DAYS:
        errors["den"] = _l("Mỗi lần xem tối đa %(n)s ngày.", n=MAX_DAYS)
    return start, end, errors


@bp.get("/truy-cap-du-lieu")
@login_required(*ADMINS)
def data_access():
    """Per officer of the admin's units: dossiers opened, within and outside their work, lists taken away."""
    start, end, errors = period_from(request.args, to_local(utcnow()).date())
    config = current_app.config
    minimum = config.get("ACCESS_FLAG_MIN_OUTSIDE", access_report.FLAG_MIN_OUTSIDE)
    ratio = config.get("ACCESS_FLAG_RATIO", access_report.FLAG_RATIO)
    rows = [] if errors else access_report.report(staff_units(current_staff()), start, end, minimum, ratio)
    entered = {"tu": request.args.get("tu", f"{start:%d/%m/%Y}"), "den": request.args.get("den", f"{end:%d/%m/%Y}")}
    page = render_template(
        "backoffice/data_access.html",
        rows=rows,
        errors=errors,
        entered=entered,
        minimum=minimum,
        ratio=ratio,
        roles=ROLE_LABELS,
    )
    return page, 400 if errors else 200
