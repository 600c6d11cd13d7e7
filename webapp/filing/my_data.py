"""Dữ liệu của tôi: whoever may see "Hồ sơ của tôi" (signed in with the electronic identity, or a phone
proven by SMS code here) sees who in the administration opened their dossiers (unit and role, never a
name) and downloads everything MotCua holds about them as a ZIP (webapp/dossiers/subject_copy.py)."""

import datetime

from flask import current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _

from webapp import ratelimit
from webapp.calendar.working_time import to_local
from webapp.dossiers.openings import openings_of
from webapp.dossiers.subject_copy import Words, archive
from webapp.filing import bp
from webapp.filing.mine import everything_of, proven_phone
from webapp.identity.citizen import current_citizen
from webapp.models.dossier import utcnow
from webapp.workflow import machine
from webapp.workflow.result import RETURN_CHANNELS
from webapp.workflow.sides import side_of

DOWNLOADS_PER_HOUR = 10
WORDS = Words(
    state=lambda name: machine.STATES.get(name, name), step=machine.step_label, step_role=side_of, way=RETURN_CHANNELS
)


def whose():
    """(citizen signed in here, phone proven here); both None: this browser proved nothing."""
    return current_citizen(), proven_phone()


def ask_for_proof():
    flash(
        _(
            "Để xem và tải dữ liệu của bạn, hãy nhập số điện thoại đã dùng khi nộp hồ sơ và mã xác thực "
            "gửi qua SMS, hoặc đăng nhập bằng định danh điện tử."
        )
    )
    return redirect(url_for(".mine"))


@bp.get("/ho-so-cua-toi/du-lieu")
def my_data():
    citizen, phone = whose()
    if citizen is None and phone is None:
        return ask_for_proof()
    return my_data_page(citizen, phone)


def my_data_page(citizen, phone, error=None, status=200):
    dossiers, drafts = everything_of(citizen, phone)
    page = render_template(
        "filing/my_data.html",
        citizen=citizen,
        phone=phone,
        dossiers=dossiers,
        drafts=drafts,
        openings=openings_of(dossiers),
        error=error,
    )
    return page, status


@bp.route("/ho-so-cua-toi/du-lieu.zip", methods=["GET", "POST"])
def my_data_zip():
    citizen, phone = whose()
    if citizen is None and phone is None:
        return ask_for_proof()
    ticket = ratelimit.take(*download_limits(citizen, phone))
    if ticket.wait:
        minutes = max(1, -(-ticket.wait // 60))
        error = _("Bạn đã tải dữ liệu nhiều lần trong một giờ. Vui lòng thử lại sau %(n)s phút.", n=minutes)
        return my_data_page(citizen, phone, error=error, status=429)
    dossiers, drafts = everything_of(citizen, phone)
    now = utcnow()
    zipped, size = archive(dossiers, drafts, WORDS, now, phone=phone)
    proof = "+".join(kind for kind, held in (("citizen", citizen), ("phone", phone)) if held)
    current_app.logger.info(
        "data subject copy downloaded (%s): %d dossiers, %d drafts", proof, len(dossiers), len(drafts)
    )
    return zip_response(zipped, size, now)


def download_limits(citizen, phone):
    """At most DOWNLOADS_PER_HOUR copies an hour for each identity this browser proved."""
    hour = datetime.timedelta(hours=1)
    keys = ([f"my-data:c:{citizen.key[:40]}"] if citizen else []) + ([f"my-data:p:{phone}"] if phone else [])
    return [ratelimit.Limit(key, DOWNLOADS_PER_HOUR, hour) for key in keys]


def zip_response(zipped, size, now):
    day = to_local(now).date().isoformat()
    response = send_file(
        zipped, mimetype="application/zip", as_attachment=True, download_name=f"du-lieu-cua-toi-{day}.zip"
    )
    response.content_length = size
    response.headers["Cache-Control"] = "no-store"
    response.headers.pop("Expires", None)
    return response
