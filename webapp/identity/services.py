"""Staff accounts: create, check a password, change it, disable. No request in here."""

import datetime
import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l

from webapp.db import db
from webapp.identity import throttle
from webapp.identity.passwords import check_password, hash_password, password_problem
from webapp.models import EndedSession, Staff, StaffUnit, Unit
from webapp.models.dossier import utcnow
from webapp.models.staff import ROLES, TOTP_REQUIRED

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
ROLE_LABELS = {
    "mot_cua": _l("Công chức tiếp nhận và trả kết quả"),
    "chuyen_vien": _l("Chuyên viên"),
    "lanh_dao": _l("Lãnh đạo"),
    "quan_tri_don_vi": _l("Quản trị đơn vị"),
    "quan_tri_tinh": _l("Quản trị tỉnh"),
}


class StaffError(Exception):
    """A request the accounts cannot honour; the message is for the operator."""


@dataclass
class Outcome:
    staff: Staff | None = None
    reason: str = ""  # throttled | wrong | disabled | demo
    wait_minutes: int = 0


def normalize_username(username):
    return (username or "").strip().lower()


def find(username):
    return Staff.get_or_none(Staff.username == normalize_username(username))


def create_staff(username, role, unit_codes, full_name, password, phone="", is_demo=False):
    """A new account linked to its units; every unit code must exist."""
    username = normalize_username(username)
    if not USERNAME_RE.match(username):
        raise StaffError("the username takes 3 to 64 of a-z, 0-9, dot, dash or underscore")
    if role not in ROLES:
        raise StaffError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    if find(username):
        raise StaffError(f"an account named {username} exists already")
    units = _units(unit_codes)
    problem = password_problem(password)
    if problem:
        raise StaffError(problem)
    with db.atomic():
        staff = Staff.create(
            username=username,
            full_name=full_name.strip(),
            phone=phone.strip(),
            password_hash=hash_password(password),
            role=role,
            is_demo=is_demo,
        )
        for unit in units:
            StaffUnit.create(staff=staff, unit=unit)
    return staff


def _units(codes):
    if not codes:
        raise StaffError("an account needs at least one unit (--unit CODE)")
    units = list(Unit.select().where(Unit.code.in_(list(codes))))
    missing = sorted(set(codes) - {u.code for u in units})
    if missing:
        raise StaffError(f"no unit with code {', '.join(missing)}")
    return units


def set_password(staff, password):
    """A new password ends every session the account had."""
    problem = password_problem(password)
    if problem:
        raise StaffError(problem)
    now = utcnow()
    staff.password_hash, staff.password_changed_at, staff.sessions_revoked_at = hash_password(password), now, now
    staff.save(only=[Staff.password_hash, Staff.password_changed_at, Staff.sessions_revoked_at])


def set_active(staff, active):
    staff.is_active = active
    if not active:
        staff.sessions_revoked_at = utcnow()
    staff.save(only=[Staff.is_active, Staff.sessions_revoked_at])


def revoke_sessions(staff):
    """Every session of the account, on every device, ends now."""
    staff.sessions_revoked_at = utcnow()
    staff.save(only=[Staff.sessions_revoked_at])


def end_one_session(staff, sid):
    """This session only ends; the account's other devices stay logged in."""
    EndedSession.insert(sid=sid, staff=staff.id, ended_at=utcnow()).on_conflict_ignore().execute()
    hours = datetime.timedelta(hours=current_app.config["STAFF_SESSION_HOURS"])
    EndedSession.delete().where(EndedSession.ended_at < utcnow() - hours).execute()


def session_ended(sid):
    return EndedSession.select().where(EndedSession.sid == sid).exists()


def totp_optional(staff):
    """Desk officers and specialists choose; whoever signs or administers must keep TOTP on."""
    return staff.role not in TOTP_REQUIRED


def password_matches(staff, password):
    return check_password(staff.password_hash, password or "")[0]


def turn_off_totp(staff):
    staff.totp_secret, staff.last_totp_step = None, None
    staff.save(only=[Staff.totp_secret, Staff.last_totp_step])


def may_log_in(staff):
    """Why this account may not hold a session now ("" when it may)."""
    if not staff.is_active:
        return "disabled"
    if staff.is_demo and not current_app.config["DEMO_ACCOUNTS"]:
        return "demo"
    return ""


def password_step(username, password, ip):
    """The first factor, throttled per account and per address."""
    slot = throttle.take_slot(username, ip)
    if slot.wait:
        return Outcome(reason="throttled", wait_minutes=throttle.wait_minutes(slot))
    staff = find(username)
    if staff is None:
        hash_password(password)  # the same work as a real check: no telling names apart by time
        matches, new_hash = False, None
    else:
        matches, new_hash = check_password(staff.password_hash, password)
    if not matches:
        return Outcome(reason="wrong")
    slot.give_back()
    if new_hash:
        staff.password_hash = new_hash
        staff.save(only=[Staff.password_hash])
    refusal = may_log_in(staff)
    return Outcome(reason=refusal) if refusal else Outcome(staff=staff)
