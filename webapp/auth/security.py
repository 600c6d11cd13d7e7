"""Tài khoản: who the officer is and for which units, their own second factor, and logging out on
every device."""

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from webapp.auth import bp
from webapp.auth.forms import CodeForm, TotpOffForm
from webapp.auth.views import demo_code, enrolment
from webapp.identity import throttle, totp
from webapp.identity.services import ROLE_LABELS, password_matches, totp_optional, turn_off_totp
from webapp.identity.session import current_staff, end_every_session, login_required, staff_units
from webapp.models import Unit
from webapp.models.units import sorted_units

ENROL_KEY = "totp_enrol"


def _page(on_form=None, off_form=None, error=None, status=200):
    """The page in its one state: TOTP off (offer to turn it on) or on (offer to turn it off)."""
    staff = current_staff()
    secret = None if staff.totp_secret else session.setdefault(ENROL_KEY, totp.new_secret())
    page = render_template(
        "auth/security.html",
        staff=staff,
        optional=totp_optional(staff),
        enrol=secret and enrolment(staff, secret),
        role=ROLE_LABELS[staff.role],
        units=_units(staff),
        demo_code=demo_code(staff, secret),
        on_form=on_form or CodeForm(),
        off_form=off_form or TotpOffForm(),
        error=error,
    )
    return page, status


def _units(staff):
    """The units the account acts for; None for a province admin, who acts for all of them."""
    if staff.role == "quan_tri_tinh":
        return None
    return sorted_units(Unit.select().where(Unit.id.in_(staff_units(staff))))


@bp.get("/bao-mat")
@login_required()
def security():
    return _page()


@bp.post("/bao-mat/bat-xac-thuc")
@login_required()
def totp_on():
    """Confirming with a code from the shown secret saves it; a wrong code saves nothing."""
    staff, form, secret = current_staff(), CodeForm(), session.get(ENROL_KEY)
    if staff.totp_secret or not secret:
        return redirect(url_for(".security"), code=303)
    if not form.validate_on_submit():
        return _page(on_form=form)
    if not totp.enrol(staff, secret, form.code.data):
        form.code.errors.append(_("Mã xác thực không đúng. Hãy nhập mã đang hiện trong ứng dụng."))
        return _page(on_form=form)
    session.pop(ENROL_KEY, None)
    flash(_("Đã bật xác thực hai bước. Từ lần đăng nhập sau, bạn cần nhập mã từ ứng dụng."))
    return redirect(url_for(".security"), code=303)


@bp.post("/bao-mat/tat-xac-thuc")
@login_required()
def totp_off():
    """Both factors again, throttled like a login: a session left open is not enough."""
    staff, form = current_staff(), TotpOffForm()
    if not staff.totp_secret:
        return redirect(url_for(".security"), code=303)
    if not totp_optional(staff):
        return _page(error=_("Vai trò của bạn bắt buộc xác thực hai bước, không thể tắt."))
    if not form.validate_on_submit():
        return _page(off_form=form)
    slot = throttle.take_slot(staff.username, request.remote_addr)
    if slot.wait:
        minutes = throttle.wait_minutes(slot)
        return _page(
            off_form=form, error=_("Nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)s phút.", minutes=minutes)
        )
    if not password_matches(staff, form.password.data):
        form.password.errors.append(_("Mật khẩu không đúng."))
        return _page(off_form=form)
    if not totp.use_code(staff, form.code.data):
        form.code.errors.append(_("Mã xác thực không đúng hoặc đã được dùng. Hãy nhập mã mới nhất trong ứng dụng."))
        return _page(off_form=form)
    slot.give_back()
    turn_off_totp(staff)
    flash(_("Đã tắt xác thực hai bước."))
    return redirect(url_for(".security"), code=303)


@bp.post("/dang-xuat-moi-noi")
@login_required()
def logout_everywhere():
    """Ends every session of the account, this one included: a stolen cookie cannot stay behind."""
    end_every_session()
    flash(_("Bạn đã đăng xuất khỏi mọi thiết bị. Vui lòng đăng nhập lại."))
    return redirect(url_for(".login"), code=303)
