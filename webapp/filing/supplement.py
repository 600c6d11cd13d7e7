"""Nộp bổ sung: the citizen's single-use page from the SMS link, no login (the token is the key).

Phones are weak and connections poor: one small page, plain form, no script; the files are checked
like any filing upload (sniffed, images re-encoded), and a refused file loses nothing else typed.
"""

from flask import redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l

from webapp.db import write_transaction
from webapp.dossiers.files import UploadError, checked_content, discard_on_failure, display_name, keep_bytes
from webapp.dossiers.timing import acting_unit
from webapp.filing import bp
from webapp.filing.forms import supplement_form
from webapp.models import Dossier, Transition
from webapp.models.values import HAND_IN, REQUEST_SUPPLEMENT, SUPPLEMENT
from webapp.workflow.machine import CHO_BO_SUNG, CONG_DAN, NotAllowed
from webapp.workflow.reception import handed_in_changes
from webapp.workflow.services import StaleDossier, apply

TOKEN_MAX = 64
NO_FILE = _l("Chọn ít nhất một tệp (ảnh hoặc PDF) giấy tờ cần bổ sung.")


def waiting_dossier(token):
    """The dossier this link asks supplements for, or None once used, refused or never issued."""
    if not token or len(token) > TOKEN_MAX:
        return None
    return Dossier.get_or_none(Dossier.supplement_token == token, Dossier.status == CHO_BO_SUNG)


def latest_request(dossier):
    return (
        Transition.select()
        .where(Transition.dossier == dossier.id, Transition.action == REQUEST_SUPPLEMENT)
        .order_by(Transition.at.desc(), Transition.id.desc())
        .first()
    )


@bp.route("/bo-sung/<supplement_token>", methods=["GET", "POST"])
def supplement(supplement_token):
    dossier = waiting_dossier(supplement_token)
    if dossier is None:
        return _gone()
    asked = latest_request(dossier)
    items = asked.details.get("items", []) if asked else []
    form, errors = supplement_form(items), {}
    if form.validate_on_submit():
        uploads, errors = checked_uploads(form)
        if not errors:
            if not hand_in(dossier, uploads, form.note.data):
                return _gone()
            session["supplement_done"] = dossier.code
            return redirect(url_for(".supplement_done"), code=303)
    page = render_template("filing/supplement.html", dossier=dossier, items=items, form=form, errors=errors)
    return _private(page, 200)


@bp.get("/bo-sung/da-nop")
def supplement_done():
    return _private(render_template("filing/supplement_done.html", code=session.get("supplement_done")), 200)


def checked_uploads(form):
    """([(item index, bytes, content type, name)], {item index: [messages]}) of the files posted in
    `form`'s item fields; each refused file is named in its item's message."""
    uploads, errors = [], {}
    for index, field in enumerate(form.item_fields()):
        for storage in field.data or []:
            if not storage or not storage.filename:
                continue
            try:
                data, content_type = checked_content(storage)
            except UploadError as problem:
                errors.setdefault(index, []).append(f"{display_name(storage.filename)[:80]}: {problem}")
                continue
            uploads.append((index, data, content_type, display_name(storage.filename)))
    if not uploads and not errors:
        errors[0] = [str(NO_FILE)]
    return uploads, errors


def hand_in(dossier, uploads, note):
    """Keep the files and move the dossier back to the desk, together; False if the link was used meanwhile."""
    try:
        with discard_on_failure(), write_transaction():
            for index, data, content_type, name in uploads:
                keep_bytes(data, content_type, name, dossier=dossier.id, kind=SUPPLEMENT, document_index=index)
            apply(
                dossier,
                HAND_IN,
                role=CONG_DAN,
                actor=dossier.applicant_name or "Công dân",
                version=dossier.version,
                note=note,
                unit=acting_unit(dossier),
                ip=request.remote_addr,
                changes=handed_in_changes(),
            )
    except (StaleDossier, NotAllowed):
        return False
    return True


def _gone():
    return _private(render_template("filing/supplement_gone.html"), 404)


def _private(page, status):
    """The link is a key: keep the page out of shared caches and browser history stores."""
    return page, status, {"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"}
