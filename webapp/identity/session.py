"""Who is logged in: a fresh signed-cookie session at each login, checked against the account."""

import datetime
import secrets
import time
from functools import wraps
from urllib.parse import urlparse

from flask import abort, current_app, g, redirect, request, session, url_for
from peewee import DatabaseError

from webapp.identity.citizen import end_citizen_session
from webapp.identity.services import end_one_session, may_log_in, revoke_sessions, session_ended
from webapp.models import Staff, StaffUnit, Unit
from webapp.models.dossier import utcnow

PENDING_SECONDS = 5 * 60


def session_values(staff):
    return {"staff_id": staff.id, "auth_at": utcnow().isoformat(), "sid": secrets.token_urlsafe(16)}


def start_session(staff):
    """Drop whatever the browser held before (fixation) and start a new session for this account."""
    drop_what_was_held()
    session.update(session_values(staff))
    g.pop("staff", None)


def drop_what_was_held():
    """An empty session; a citizen signed in here is signed out for good (a copy of the cookie too)."""
    end_citizen_session()
    session.clear()


def end_session():
    """Log out here; a copy of this cookie is refused too, the account's other sessions go on."""
    staff = current_staff()
    if staff is not None:
        end_one_session(staff, session["sid"])
    session.clear()
    g.pop("staff", None)


def end_every_session():
    """Log out everywhere: this device and every other one holding a session of the account."""
    staff = current_staff()
    if staff is not None:
        revoke_sessions(staff)
    session.clear()
    g.pop("staff", None)


def _valid(staff, auth_at):
    if staff is None or may_log_in(staff):
        return False
    hours = datetime.timedelta(hours=current_app.config["STAFF_SESSION_HOURS"])
    void_before = max(filter(None, (staff.password_changed_at, staff.sessions_revoked_at)))
    return void_before <= auth_at and utcnow() - auth_at < hours


def current_staff():
    """The logged-in account, or None; revoked, expired, disabled or demo-in-production is None."""
    if "staff" not in g:
        staff = None
        try:
            auth_at = datetime.datetime.fromisoformat(session.get("auth_at", ""))
        except (TypeError, ValueError):
            auth_at = None
        if auth_at and session.get("staff_id") and session.get("sid") and not session_ended(session["sid"]):
            staff = Staff.get_or_none(Staff.id == session["staff_id"])
            staff = staff if _valid(staff, auth_at) else None
        g.staff = staff
    return g.staff


def header_staff():
    """The signed-in account for the page's header; None when the database cannot say (an error page
    about the database itself must still render)."""
    try:
        return current_staff()
    except DatabaseError:
        return None


def safe_next(target, default="/can-bo"):
    """A path on this site, or the default: never another host (//host, /\\host, https://host)."""
    target = target or ""
    parts = urlparse(target)
    if not target.startswith("/") or target.startswith("//") or "\\" in target or parts.scheme or parts.netloc:
        return default
    if any(ord(c) < 32 for c in target):
        return default
    return target


def login_required(*roles):
    """Log in first (coming back here after); with roles given, other roles get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            staff = current_staff()
            if staff is None:
                here = request.full_path if request.query_string else request.path
                return redirect(url_for("auth.login", next=safe_next(here)))
            if roles and staff.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def staff_units(staff):
    """Ids of the units this account acts for; a province admin acts for all."""
    if staff.role == "quan_tri_tinh":
        return [u.id for u in Unit.select(Unit.id).order_by(Unit.id)]
    return [link.unit_id for link in StaffUnit.select(StaffUnit.unit).where(StaffUnit.staff == staff)]


def begin_pending(staff, next_url):
    """Password accepted, second factor to come: remember whom for a few minutes, nothing more."""
    drop_what_was_held()
    session.update(pending_staff_id=staff.id, pending_at=time.time(), pending_next=next_url)


def pending_staff():
    if time.time() - session.get("pending_at", 0) > PENDING_SECONDS:
        return None
    staff = Staff.get_or_none(Staff.id == session.get("pending_staff_id", 0))
    return staff if staff is not None and not may_log_in(staff) else None
