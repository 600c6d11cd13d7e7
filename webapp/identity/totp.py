"""Time-based codes (RFC 6238) for the second factor; a code is accepted once, never replayed."""

import time

import pyotp
import segno
from flask import current_app
from markupsafe import Markup

from webapp.constant_time import same_secret
from webapp.models import Staff

STEP = 30
DRIFT = 1  # steps either side, for a phone clock a little off


def new_secret():
    return pyotp.random_base32()


def provisioning_uri(secret, username):
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=current_app.config["TOTP_ISSUER"])


def qr_svg(uri, title):
    """The otpauth:// address as an inline SVG QR code for the phone to scan: drawn here, nothing
    fetched, no script, no style attribute (the CSP stays strict). `title` is its accessible name."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, border=4, light="#fff", title=str(title))
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


def grouped(secret):
    """The secret in groups of four, easier to type into an authenticator by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def current_code(secret, after=None):
    """The code a phone would show now, or, if this step's code was already used, the next
    step's (accepted within the drift) so a demo page never offers a burnt code."""
    step = int(time.time()) // STEP
    if after is not None and step <= after:
        step = after + 1
    return pyotp.TOTP(secret).generate_otp(step)


def matching_step(secret, code, after=None):
    """The time step whose code this is (within the drift), if newer than `after`; else None."""
    code = (code or "").replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp, now = pyotp.TOTP(secret), int(time.time()) // STEP
    for step in range(now - DRIFT, now + DRIFT + 1):
        if (after is None or step > after) and same_secret(code, totp.generate_otp(step)):
            return step
    return None


def use_code(staff, code):
    """Check a code for an enrolled account and burn its step; False if wrong or replayed."""
    step = matching_step(staff.totp_secret, code, staff.last_totp_step)
    if step is None:
        return False
    # Conditional update: of two requests racing with one code, only one wins.
    newer = Staff.last_totp_step.is_null() | (Staff.last_totp_step < step)
    won = Staff.update(last_totp_step=step).where(Staff.id == staff.id, newer).execute() == 1
    if won:
        staff.last_totp_step = step
    return won


def enrol(staff, secret, code):
    """Confirm a new secret with a code from it; on success it becomes the account's secret."""
    step = matching_step(secret, code)
    if step is None:
        return False
    staff.totp_secret, staff.last_totp_step = secret, step
    staff.save(only=[Staff.totp_secret, Staff.last_totp_step])
    return True
