"""Hồ sơ của tôi: whoever proves a phone number by SMS code sees what was filed with it; a citizen
signed in with their electronic identity sees, with no code, what they filed signed in (and may still
prove a phone for what they filed before without signing in).

The same proof lets them download a result returned online, and the page points each dossier
to what the citizen can do next: download the result, collect it, pay, or hand in a supplement.
"""

import functools
import operator
import time

from flask import abort, current_app, redirect, render_template, session, url_for
from flask_babel import gettext as _

from webapp.dossiers.files import result_file_of, send_attachment
from webapp.filing import bp
from webapp.filing.forms import PhoneCheckForm
from webapp.filing.phone import verify_error
from webapp.identity import otp
from webapp.identity.citizen import current_citizen
from webapp.models import Agency, Attachment, Dossier, Draft, Procedure, Receipt
from webapp.models.dossier import utcnow
from webapp.models.values import ONLINE, RESULT
from webapp.workflow.fees import fee_unpaid
from webapp.workflow.machine import CHO_TRA_KET_QUA

PURPOSE = "my_dossiers"
SIGN_IN_ENDPOINTS = ("signin.start", "signin.login")  # webapp/signin, a feature of its own: by name only
PROOF_SECONDS = 30 * 60


def proven_phone():
    """The phone proven in this browser session within the last half hour, or None."""
    if session.get("my_phone") and time.time() - session.get("my_phone_at", 0) < PROOF_SECONDS:
        return session["my_phone"]
    return None


def dossiers_with_result_file(dossiers):
    """Ids of those dossiers that have a result file, waiting to be returned or returned online: one query."""
    wanted = [d.id for d in dossiers if d.status == CHO_TRA_KET_QUA or d.return_channel == ONLINE]
    if not wanted:
        return set()
    files = Attachment.select(Attachment.dossier).where(Attachment.dossier.in_(wanted), Attachment.kind == RESULT)
    return {found.dossier_id for found in files}


def filed_with(phone):
    return filed_where(Dossier.applicant_phone == phone, Draft.phone == phone)


def filed_by(citizen):
    """What the signed-in citizen filed signed in, on any device: their dossiers and open drafts."""
    return filed_where(Dossier.citizen_key == citizen.key, Draft.citizen_key == citizen.key)


def filed_where(dossier_condition, draft_condition):
    """(dossiers, drafts still open) matching the conditions, newest first."""
    dossiers = (
        Dossier.select(Dossier, Procedure, Agency)
        .join(Procedure)
        .switch(Dossier)
        .join(Agency)
        .where(dossier_condition)
        .order_by(Dossier.submitted_at.desc(), Dossier.id.desc())
    )
    submitted = Dossier.select(Dossier.draft).where(Dossier.draft.is_null(False))
    drafts = (
        Draft.select(Draft, Procedure)
        .join(Procedure)
        .where(draft_condition, Draft.expires_at > utcnow(), Draft.id.not_in(submitted))
        .order_by(Draft.updated_at.desc(), Draft.id.desc())
    )
    return list(dossiers), list(drafts)


def newest_first(*lists, moment):
    """The rows of several lists once each (by id), newest first, ties by id: a stable order."""
    rows = {row.id: row for found in lists for row in found}
    return sorted(rows.values(), key=lambda row: (moment(row), row.id), reverse=True)


def everything_of(citizen, phone):
    """(dossiers, drafts) of the signed-in citizen and of the phone proven here, each once."""
    signed_in = filed_by(citizen) if citizen else ([], [])
    by_phone = filed_with(phone) if phone else ([], [])
    dossiers = newest_first(signed_in[0], by_phone[0], moment=lambda d: d.submitted_at)
    drafts = newest_first(signed_in[1], by_phone[1], moment=lambda d: d.updated_at)
    return dossiers, drafts


def receipts_of(dossiers):
    """{dossier id: its Receipt} for those of the dossiers whose fee is paid: one query."""
    paid = [d.id for d in dossiers if d.paid_at]
    if not paid:
        return {}
    return {receipt.dossier_id: receipt for receipt in Receipt.select().where(Receipt.dossier.in_(paid))}


@bp.route("/ho-so-cua-toi", methods=["GET", "POST"])
def mine():
    message = error = None
    form = PhoneCheckForm()
    if form.pressed("logout"):
        session.pop("my_phone", None)
        return redirect(url_for(".mine"), code=303)
    if form.pressed("send"):
        error = form.phone_problem()
        if error is None:
            session["my_pending_phone"] = form.number
            outcome = otp.request_code(form.number, PURPOSE)
            message = _("Đã gửi mã xác thực gồm 6 chữ số đến số điện thoại của bạn.") if outcome.ok else None
            error = None if outcome.ok else verify_error(outcome)
    elif form.pressed("verify") and session.get("my_pending_phone"):
        outcome = otp.verify_code(session["my_pending_phone"], PURPOSE, form.code.data or "")
        if outcome.ok:
            session["my_phone"], session["my_phone_at"] = session.pop("my_pending_phone"), time.time()
            return redirect(url_for(".mine"), code=303)
        error = verify_error(outcome)
    phone, citizen = proven_phone(), current_citizen()
    dossiers, drafts = everything_of(citizen, phone)
    return render_template(
        "filing/mine.html",
        citizen=citizen,
        phone=phone,
        receipts=receipts_of(dossiers),
        unpaid={d.id for d in dossiers if fee_unpaid(d)},
        sign_in_url=sign_in_url(url_for(".mine")),
        pending=session.get("my_pending_phone"),
        dossiers=dossiers,
        with_file=dossiers_with_result_file(dossiers),
        drafts=drafts,
        message=message,
        error=error,
        typed=form.phone.data or "",
    )


@bp.get("/ho-so-cua-toi/<code>/ket-qua")
def citizen_result(code):
    """The result returned online, for whoever proved the dossier's phone in this browser session, or the
    citizen signed in here who filed it signed in."""
    whose = readers_condition(proven_phone(), current_citizen())
    if whose is None:
        return redirect(url_for(".mine"))
    dossier = Dossier.get_or_none(Dossier.code == code[:40], whose, Dossier.return_channel == ONLINE)
    found = result_file_of(dossier) if dossier else None
    if found is None:
        abort(404)
    return send_attachment(found)


def readers_condition(phone, citizen):
    """The dossiers this browser may read here: of the proven phone, of the signed-in citizen; None: neither."""
    conditions = []
    if phone:
        conditions.append(Dossier.applicant_phone == phone)
    if citizen is not None:
        conditions.append(Dossier.citizen_key == citizen.key)
    return functools.reduce(operator.or_, conditions) if conditions else None


def sign_in_url(back_to):
    """The sign-in page with the electronic identity, coming back to `back_to`; None where the app has
    none (templates also ask `signin_offered()`: configured with a provider)."""
    endpoint = next((name for name in SIGN_IN_ENDPOINTS if name in current_app.view_functions), None)
    return url_for(endpoint, next=back_to) if endpoint else None
