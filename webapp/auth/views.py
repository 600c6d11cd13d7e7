"""Staff login: password, then (for leaders and admins, or anyone enrolled) a TOTP code."""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from webapp.auth import bp
from webapp.auth.forms import CodeForm, LoginForm
from webapp.identity import throttle, totp
from webapp.identity.services import password_step
from webapp.identity.session import (
    begin_pending,
    current_staff,
    end_session,
    login_required,
    pending_staff,
    safe_next,
    start_session,
)
from webapp.workflow.machine import QUAN_TRI_DON_VI, QUAN_TRI_TINH


@bp.after_request
def no_store(response):
    """Staff pages hold personal data and one-time secrets: never kept by a browser or proxy."""
    response.cache_control.no_store = True
    return response


def refusal_message(outcome):
    if outcome.reason == "throttled":
        return _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)s phút.", minutes=outcome.wait_minutes)
    if outcome.reason == "disabled":
        return _("Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị viên.")
    if outcome.reason == "demo":
        return _("Tài khoản trình diễn không dùng được trên hệ thống này.")
    return _("Tên đăng nhập hoặc mật khẩu không đúng.")


ADMIN_HOME = "calendar_admin.province"  # the admins' pages: the working calendar of their units


def landing(staff):
    """Where an account starts: admins on their admin pages, the others on the queue where their
    own work waits (the queues page picks it by role)."""
    if staff.role in (QUAN_TRI_DON_VI, QUAN_TRI_TINH):
        return url_for(ADMIN_HOME)
    return url_for("backoffice.queues")


def finish(staff, next_url):
    """Signed in: on to the page asked for before the login, else to the account's own page."""
    throttle.record_success(staff.username, request.remote_addr)
    start_session(staff)
    return redirect(safe_next(next_url, default=landing(staff)), code=303)


@bp.route("/dang-nhap", methods=["GET", "POST"])
def login():
    next_url = safe_next(request.args.get("next"), default="")
    if current_staff():
        return redirect(next_url or landing(current_staff()))
    form, error = LoginForm(), None
    if form.validate_on_submit():
        outcome = password_step(form.username.data, form.password.data, request.remote_addr)
        if outcome.staff is None:
            error = refusal_message(outcome)
        elif outcome.staff.needs_totp:
            begin_pending(outcome.staff, next_url)
            return redirect(url_for(".second_factor"), code=303)
        else:
            return finish(outcome.staff, next_url)
    return render_template("auth/login.html", form=form, error=error)


@bp.route("/dang-nhap/ma", methods=["GET", "POST"])
def second_factor():
    staff = pending_staff()
    if staff is None:
        flash(_("Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại."))
        return redirect(url_for(".login"), code=303)
    setup_secret = None if staff.totp_secret else session.setdefault("totp_setup", totp.new_secret())
    form, error = CodeForm(), None
    if form.validate_on_submit():
        slot = throttle.take_slot(staff.username, request.remote_addr)
        if slot.wait:
            minutes = throttle.wait_minutes(slot)
            error = _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)s phút.", minutes=minutes)
        elif _code_accepted(staff, setup_secret, form.code.data):
            slot.give_back()
            return finish(staff, session.get("pending_next"))
        else:
            error = _("Mã xác thực không đúng hoặc đã được dùng. Hãy nhập mã mới nhất trong ứng dụng.")
    return render_template(
        "auth/second_factor.html",
        form=form,
        error=error,
        staff=staff,
        enrol=setup_secret and enrolment(staff, setup_secret),
        demo_code=demo_code(staff, setup_secret),
    )


def enrolment(staff, secret):
    """Adding the account to an authenticator: the QR code of its otpauth:// address to scan, and the
    secret in groups of four to type where scanning fails."""
    uri = totp.provisioning_uri(secret, staff.username)
    title = _("Mã QR để thêm tài khoản %(name)s vào ứng dụng xác thực", name=staff.username)
    return {"qr": totp.qr_svg(uri, title), "secret": totp.grouped(secret), "uri": uri, "account": staff.username}


def _code_accepted(staff, setup_secret, code):
    """Enrolling confirms the new secret; otherwise the code must be fresh for the stored one."""
    return totp.enrol(staff, setup_secret, code) if setup_secret else totp.use_code(staff, code)


def demo_code(staff, setup_secret):
    """Demo accounts show the current code, so the demo needs no phone; never anywhere else."""
    if staff.is_demo and current_app.config["DEMO_ACCOUNTS"]:
        if setup_secret:
            return totp.current_code(setup_secret)
        return totp.current_code(staff.totp_secret, after=staff.last_totp_step)
    return None


@bp.post("/dang-xuat")
def logout():
    end_session()
    flash(_("Bạn đã đăng xuất."))
    return redirect(url_for(".login"), code=303)


@bp.get("")
@login_required()
def home():
    """/can-bo: the account's own page (its queue, or the admin pages)."""
    return redirect(landing(current_staff()))
