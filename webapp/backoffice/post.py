"""Return by post (BCCI): after the desk hands the result to the post office (tra_ket_qua with the
tracking number), the post's delivery is recorded, by hand from the post's notice or by a postal
adapter that asks the post. Vietnam Post has no public API, so the default adapter is manual."""

import datetime

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from huey import crontab

from webapp.backoffice import bp
from webapp.backoffice.forms import DeliveredForm
from webapp.backoffice.views import dossier as dossier_page
from webapp.calendar.working_time import to_local, to_utc
from webapp.dossiers.access import staff_dossier_or_404
from webapp.dossiers.timing import acting_unit
from webapp.identity.session import current_staff, login_required
from webapp.jobs import periodic
from webapp.models import Dossier
from webapp.models.dossier import utcnow
from webapp.models.values import POST, POST_DELIVERED
from webapp.workflow import machine
from webapp.workflow.services import record
from webapp.workflow.sides import DESK_RECORDED

DELIVERED = POST_DELIVERED


class ManualPostal:
    """The desk records the delivery from the post's notice; nothing is asked of the post."""

    name = "manual"

    def delivered_at(self, tracking):
        return None


POSTAL_ADAPTERS = {"manual": ManualPostal}


def postal():
    return POSTAL_ADAPTERS[current_app.config["POSTAL_ADAPTER"]]()


def awaiting_delivery(dossier):
    return dossier.return_channel == POST and dossier.returned_at is not None and dossier.delivered_at is None


def may_record_delivery(dossier):
    return awaiting_delivery(dossier) and current_staff().role == machine.MOT_CUA


@bp.post("/<code>/buu-chinh/da-giao")
@login_required(machine.MOT_CUA)
def post_delivered(code):
    dossier = staff_dossier_or_404(code)
    if dossier.return_channel != POST or dossier.returned_at is None:
        abort(404)
    form = DeliveredForm()
    problem = _day_problem(dossier, form.day) if form.validate() else form.ngay_giao.errors[0]
    if problem:
        form.ngay_giao.errors = [problem]
        return dossier_page(code, error=problem, delivered=form)
    day = form.day
    moment = to_utc(datetime.datetime.combine(day, datetime.time(12, 0)))
    staff = current_staff()
    recorded = record(
        dossier.id,
        DELIVERED,
        actor=staff.full_name or staff.username,
        changes={"delivered_at": moment},
        unless_set="delivered_at",
        details={"tracking": dossier.returned_to, "delivered_on": day.isoformat(), "by": DESK_RECORDED},
        unit=acting_unit(dossier),
        ip=request.remote_addr,
        role=staff.role,
    )
    flash(_("Đã ghi nhận bưu điện giao kết quả.") if recorded else _("Việc giao đã được ghi nhận trước đó."))
    return redirect(url_for(".dossier", code=code, _anchor="post-title"), code=303)


def _day_problem(dossier, day):
    """What is wrong with a readable delivery day, for this dossier (its form checked the shape)."""
    if day < to_local(dossier.returned_at).date():
        return _("Ngày giao không thể trước ngày gửi qua bưu điện.")
    if day > to_local(utcnow()).date():
        return _("Ngày giao không thể sau hôm nay.")
    return None


@periodic(crontab(minute="41"))
def ask_the_post():
    """Hourly: ask the postal adapter about every result still on its way (nothing, with the manual one)."""
    adapter = postal()
    waiting = Dossier.select().where(
        Dossier.return_channel == POST, Dossier.returned_at.is_null(False), Dossier.delivered_at.is_null()
    )
    for dossier in waiting.limit(1000):
        when = adapter.delivered_at(dossier.returned_to)
        if when is not None:
            record(
                dossier.id,
                DELIVERED,
                actor=_("Bưu điện"),
                changes={"delivered_at": when},
                unless_set="delivered_at",
                details={"tracking": dossier.returned_to, "by": adapter.name},
                at=when,
            )
