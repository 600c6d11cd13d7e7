"""The paper proving a fee exemption (a poor-household certificate, a disability certificate…), sent
with the submission when the rule set asks for one; the desk checks it before receiving the dossier."""

from flask_babel import gettext as _

from webapp.dossiers.fees import reasons_needing_proof
from webapp.dossiers.files import NOT_A_PAPER, UploadError, checked_content, keep_bytes
from webapp.models import Attachment
from webapp.models.values import EXEMPTION_PROOF

FIELD = "giay_mien_phi"
KIND = EXEMPTION_PROOF  # Attachment.kind of the proof


def kept(draft):
    return Attachment.select().where(Attachment.draft == draft.id, Attachment.kind == KIND).first()


def missing(draft, exemption, upload):
    """None when `exemption` needs no paper or `upload` proves it (stored on the draft, which submission
    moves to the dossier); else the message: no file, or not a PDF, JPEG or PNG. A proof kept by an
    earlier, refused attempt is enough."""
    if exemption not in reasons_needing_proof(draft.rule_set):
        return None
    if not upload or not upload.filename:
        return None if kept(draft) else _("Vui lòng tải lên giấy tờ chứng minh thuộc diện miễn phí, lệ phí.")
    try:
        data, content_type = checked_content(upload)
    except UploadError as problem:
        return str(problem)
    keep_bytes(data, content_type, upload.filename, draft=draft.id, kind=KIND, document_index=NOT_A_PAPER)
    return None
