"""The dossier page's "Ký số" panel: how the digital signing of each paper went (the result, the receipt,
form 01), and "Ký lại" for one that failed. The signing itself is webapp/dossiers/signed_papers.py's job;
an officer who may see the dossier may ask again, since a failure is mostly a key or a disk, not a choice."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.backoffice import bp
from webapp.dossiers import signed_papers
from webapp.dossiers.access import staff_dossier_or_404
from webapp.identity.session import current_staff, login_required
from webapp.models.signing import FAILED, PENDING, SIGNED, Signing
from webapp.workflow import machine

PAPERS = {
    signed_papers.RESULT_PAPER: _l("Văn bản kết quả"),
    signed_papers.RECEIPT_PAPER: _l("Biên lai"),
    signed_papers.FORM_01: _l("Mẫu 01"),
}
FLASH = "ky_so"  # the panel shows only its own messages


def signings_of(dossier):
    """The dossier's papers asked to be signed, in the order they were issued."""
    return list(Signing.select().where(Signing.dossier == dossier.id).order_by(Signing.requested_at, Signing.id))


@bp.context_processor
def signing_panel():
    return {
        "signings_of": signings_of,
        "SIGNED_PAPERS": PAPERS,
        "SIGNING": {"pending": PENDING, "signed": SIGNED, "failed": FAILED},
        "SIGNING_FLASH": FLASH,
        "signing_failure": signed_papers.failure_reason,
    }


@bp.post("/<code>/ky-so/<id:signing_id>/ky-lai")
@login_required(*machine.STAFF_ROLES)
def sign_again(code, signing_id):
    """ "Ký lại": a failed paper asked again (logged by retry); one already signed or pending is left alone."""
    dossier = staff_dossier_or_404(code)
    found = Signing.get_or_none(Signing.id == signing_id, Signing.dossier == dossier.id)
    if found is None:
        abort(404)
    if found.state != FAILED:
        flash(_("Việc ký số này không còn lỗi: không cần ký lại."), FLASH)
    else:
        signed_papers.retry(found, current_staff())
        state = Signing.select(Signing.state).where(Signing.id == found.id).scalar()
        flash(_("Đã ký số lại thành công.") if state == SIGNED else _("Đã yêu cầu ký số lại."), FLASH)
    return redirect(url_for(".dossier", code=code, _anchor="signing-title"), code=303)
