"""Public status lookup: a dossier code and a second factor give a plain-language timeline.

Anyone may ask; only a browser that proved the code (code + last four digits of the phone or the
CCCD) sees the dossier, and an unknown code looks exactly like a wrong second factor.
"""

import math

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from webapp.dossiers import discretion, proof, second_factor
from webapp.dossiers.access import proven_code, with_procedure
from webapp.dossiers.receipts import receipt_of
from webapp.dossiers.signed_papers import RESULT_PAPER, signing_of
from webapp.identity.citizen import current_citizen
from webapp.identity.session import current_staff
from webapp.lookup import bp, rating, services, timeline
from webapp.lookup.forms import CODE_INPUT_MAX, LookupForm, RatingForm
from webapp.lookup.page_cache import PageCache
from webapp.models import Dossier
from webapp.models.dossier import utcnow
from webapp.models.signing import SIGNED
from webapp.workflow import fees

TOKEN_MAX = 64


@bp.route("/tra-cuu", methods=["GET", "POST"])
def form():
    form = LookupForm()
    if request.method == "GET":
        form.ma.data = request.args.get("ma", "")[:CODE_INPUT_MAX]
        return _form_page(form)
    if not form.validate_on_submit():
        return _form_page(form)
    code, origin = form.code, second_factor.web_origin(request.remote_addr)
    slot = second_factor.take_slot(code, origin)
    if slot.wait:
        return _form_page(form, wait=slot.wait)
    if not second_factor.check(code, form.so_cuoi.data, origin, slot):
        form.ma.errors.append(
            _(
                "Không tìm thấy hồ sơ khớp với mã và 4 số cuối này. Vui lòng kiểm tra mã trên giấy tiếp nhận"
                " và 4 số cuối của số điện thoại hoặc số CCCD đã khai khi nộp hồ sơ."
            )
        )
        return _form_page(form)
    proof.remember(session, code)
    return redirect(url_for(".status", code=code), code=303)


def _form_page(form, wait=0):
    """The form again with what was typed; 429 with Retry-After while the door is closed."""
    page = render_template("lookup/form.html", form=form, errors=form.errors_by_id(), wait_minutes=_minutes(wait))
    if wait:
        return page, 429, {"Retry-After": str(wait)}
    return page


def _minutes(seconds):
    return math.ceil(seconds / 60) if seconds else 0


@bp.get("/tra-cuu/<code>")
def status(code):
    canonical = proven_code(code)
    if canonical is None:
        return redirect(url_for(".form", ma=code[:CODE_INPUT_MAX]))
    if canonical != code:
        return redirect(url_for(".status", code=canonical))
    state = services.page_state(code)
    if state is None:
        abort(404)
    # Everything the page shows changes with one of these; most reloads find it rendered already.
    now = utcnow()
    key = (code, *state, get_locale().language, discretion.marks(now))
    if current_staff() is not None or current_citizen() is not None:
        # The header names the officer or the signed-in citizen: never a copy others are served.
        return _private(_status_page(code, now)[0])
    body, headers = _status_pages().page(key, lambda: _status_page(code, now), now)
    return _private(body, headers)


def _status_pages():
    pages = current_app.extensions.get("lookup.status_pages")
    if pages is None:
        pages = current_app.extensions["lookup.status_pages"] = PageCache()
    return pages


def _status_page(code, now):
    """The rendered page, and until when it stays true (None: until the dossier changes)."""
    dossier = services.status_of(code)
    signing = dossier.finished_at and signing_of(dossier, RESULT_PAPER)
    being_signed = bool(signing) and signing.state != SIGNED
    page = render_template(
        "lookup/status.html",
        dossier=dossier,
        state=timeline.state_of(dossier),
        fee_unpaid=fees.fee_unpaid(dossier),
        waits_for_fee=fees.waits_for_fee(dossier),
        receipt=receipt_of(dossier) if dossier.paid_at else None,
        timeliness=timeline.timeliness(dossier, now),
        due=timeline.due_of(dossier),
        entries=timeline.entries(dossier, services.steps_of(dossier)),
        initials=timeline.initials(dossier.applicant_name),
        overall=rating.OVERALL_LABELS.get(dossier.rated_overall),
        being_signed=being_signed,
    )
    # The job signs without changing the dossier's version: a page saying "being signed" is not kept.
    return page, now if being_signed else timeline.timeliness_changes_at(dossier, now)


@bp.post("/tra-cuu/<code>/tin-nhan")
def sms_preference(code):
    """Stop or resume the optional SMS to the applicant's phone, for a browser that proved the code."""
    canonical = proven_code(code)
    if canonical is None:
        return redirect(url_for(".form", ma=code[:CODE_INPUT_MAX]), code=303)
    dossier = Dossier.get_or_none(Dossier.code == canonical) or abort(404)
    stop = request.form.get("nhan_tin") == "ngung"
    services.set_sms_opt_out(dossier.applicant_phone, stop)
    if stop:
        flash(_("Đã ngừng gửi tin nhắn thông báo không bắt buộc đến số điện thoại của hồ sơ."))
    else:
        flash(_("Đã bật lại tin nhắn thông báo đến số điện thoại của hồ sơ."))
    return redirect(url_for(".status", code=canonical, _anchor="tin-nhan"), code=303)


@bp.route("/tra-cuu/<code>/danh-gia", methods=["GET", "POST"])
def rate(code):
    canonical = proven_code(code)
    if canonical is None:
        return redirect(url_for(".form", ma=code[:CODE_INPUT_MAX]), code=303)
    return _rating_page(with_procedure(Dossier.code == canonical) or abort(404), rating.WEB)


@bp.route("/danh-gia/<token>", methods=["GET", "POST"])
def rate_by_link(token):
    """The link in the "returned" SMS: the token is the key, no second factor asked."""
    if len(token) > TOKEN_MAX:
        abort(404)
    return _rating_page(
        with_procedure(Dossier.rating_token == token) or abort(404), rating.SMS, {"Referrer-Policy": "no-referrer"}
    )


def _rating_page(dossier, channel, headers=None):
    given = rating.rating_of(dossier)
    form = RatingForm()
    if given is None and rating.may_rate(dossier) and form.validate_on_submit():
        rating.save(dossier, form.answers(), form.comment.data, channel)
        return redirect(request.path, code=303)  # the page then thanks for the rating, this one or a racing one
    page = render_template(
        "lookup/rate.html",
        dossier=dossier,
        form=form,
        errors=form.errors_by_id(),
        given=rating.given(given) if given else None,
        may_rate=rating.may_rate(dossier),
        criteria=rating.CRITERIA,
        back=url_for(".status", code=dossier.code) if channel == rating.WEB else None,
    )
    return _private(page, headers)


def _private(page, headers=None):
    """Personal data: kept out of shared caches and the browser's back-forward store."""
    return page, 200, {"Cache-Control": "private, no-store", **(headers or {})}
