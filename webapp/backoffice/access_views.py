"""Truy cập dữ liệu cá nhân: the unit admin's page of who read how many dossiers, and how many outside
their work (webapp/backoffice/access_report.py says what counts as their work)."""

import datetime

from flask import current_app, render_template, request

from webapp.backoffice import access_report, bp
from webapp.backoffice.periods import entered, period_from
from webapp.calendar.working_time import to_local
from webapp.identity.services import ROLE_LABELS
from webapp.identity.session import current_staff, login_required, staff_units
from webapp.models.dossier import utcnow
from webapp.workflow import machine

ADMINS = (machine.QUAN_TRI_DON_VI, machine.QUAN_TRI_TINH)  # a province admin's units are all of them
DEFAULT_DAYS = 30


def last_days(today):
    """(first, last day) of the last DEFAULT_DAYS days to `today`: the report's default period."""
    return today - datetime.timedelta(days=DEFAULT_DAYS - 1), today


@bp.get("/truy-cap-du-lieu")
@login_required(*ADMINS)
def data_access():
    """Per officer of the admin's units: dossiers opened, within and outside their work, lists taken away."""
    start, end, errors = period_from(request.args, *last_days(to_local(utcnow()).date()))
    config = current_app.config
    minimum = config.get("ACCESS_FLAG_MIN_OUTSIDE", access_report.FLAG_MIN_OUTSIDE)
    ratio = config.get("ACCESS_FLAG_RATIO", access_report.FLAG_RATIO)
    rows = [] if errors else access_report.report(staff_units(current_staff()), start, end, minimum, ratio)
    page = render_template(
        "backoffice/data_access.html",
        rows=rows,
        errors=errors,
        entered=entered(request.args, start, end),
        minimum=minimum,
        ratio=ratio,
        roles=ROLE_LABELS,
    )
    return page, 400 if errors else 200
