"""Hồ sơ của tôi: whoever proves a phone number by SMS code sees what was filed with it.

The same proof lets them download a result returned online, and the page points each dossier
to what the citizen can do next: download the result, collect it, or hand in a supplement.
"""

import time

from flask import abort, redirect, render_template, session, url_for
from flask_babel import gettext as _

from webapp.dossiers.files import result_file_of, send_attachment
from webapp.filing import bp
from webapp.filing.forms import PhoneCheckForm
from webapp.filing.phone import verify_error
from webapp.identity import otp
from webapp.models import Agency, Attachment, Dossier, Draft, Procedure
from webapp.models.dossier import utcnow
from webapp.models.values import ONLINE, RESULT
from webapp.workflow.machine import CHO_TRA_KET_QUA

PURPOSE = "my_dossiers"
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
    dossiers = (
        Dossier.select(Dossier, Procedure, Agency)
        .join(Procedure)
        .switch(Dossier)
        .join(Agency)
        .where(Dossier.applicant_phone == phone)
        .order_by(Dossier.submitted_at.desc())
    )
    submitted = Dossier.select(Dossier.draft).where(Dossier.draft.is_null(False))
    drafts = (
        Draft.select(Draft, Procedure)
        .join(Procedure)
        .where(Draft.phone == phone, Draft.expires_at > utcnow(), Draft.id.not_in(submitted))
        .order_by(Draft.updated_at.desc())
    )
    return list(dossiers), list(drafts)


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
    phone = proven_phone()
    dossiers, drafts = filed_with(phone) if phone else ([], [])
    return render_template(
        "filing/mine.html",
        phone=phone,
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
    """The result returned online, for whoever proved the dossier's phone in this browser session."""
    phone = proven_phone()
    if phone is None:
        return redirect(url_for(".mine"))
    dossier = Dossier.get_or_none(
        Dossier.code == code[:40], Dossier.applicant_phone == phone, Dossier.return_channel == ONLINE
    )
    found = result_file_of(dossier) if dossier else None
    if found is None:
        abort(404)
    return send_attachment(found)
