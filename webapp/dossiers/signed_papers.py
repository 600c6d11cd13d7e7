"""The papers MotCua signs digitally, and the job that signs them.

- A result (ket_qua) approved by a leader: signed with the leader's personal certificate (a visible
  signature with name, title and time), then stamped with the agency's organisation certificate. An
  uploaded result already signed keeps its signatures (pyHanko appends an incremental update) and
  gets only the agency's stamp. The file is signed in place: its Attachment keeps its id and
  verify code, and its bytes become the signed ones.
- A receipt (bien_lai) and form 01 (mau_01): drawn by the feature that owns them (RENDERERS, filled
  when the feature is imported) and stamped by the agency; the signed copy is kept beside the uploads.

The step that issues a paper calls request_signing inside its transaction; the job signs it with
retries. Until then the paper's Signing says "cho" (the pages show "Đang ký số"); a failed attempt
says "loi" with the reason, visible to the officers, who may ask again (retry). Every outcome is in
the administrators' log (area "ky_so").
"""

import datetime
import hashlib
import secrets
import time
from contextlib import contextmanager
from contextvars import ContextVar

from flask import current_app
from flask_babel import lazy_gettext as _l
from huey.exceptions import RetryTask

from webapp import admin_log
from webapp.db import write_transaction
from webapp.dossiers.files import read_attachment, remove_stored, uploads, write_file
from webapp.dossiers.timing import acting_unit
from webapp.jobs import task
from webapp.models import Attachment, Dossier, Staff, Unit
from webapp.models.dossier import utcnow
from webapp.models.signing import FAILED, PENDING, SIGNED, Signing
from webapp.signing.keys import KeyRef, MissingKey
from webapp.signing.signer import (
    AGENCY_BOX,
    LEADER_BOX,
    Appearance,
    KeyUnusable,
    Request,
    SigningFailed,
    signature_count,
    signer_from_config,
)

RESULT_PAPER, RECEIPT_PAPER, FORM_01 = "ket_qua", "bien_lai", "mau_01"
# paper → callable(dossier) returning the unsigned PDF bytes; the owning feature registers it (renders).
RENDERERS = {}
AUDIT_AREA = "ky_so"
RETRIES, RETRY_DELAY = 5, 30  # seconds; a key file being replaced or a busy disk gets another try
WAIT_FOR_COMMIT_SECONDS = 120
# Why a signing failed: the code kept in Signing.error, the words the officers read.
NO_KEY, NO_LEADER, BAD_FILE, SYSTEM_ERROR = "khong_co_khoa", "khong_con_lanh_dao", "tep_loi", "loi_he_thong"
FAILURE_REASONS = {
    NO_KEY: _l(
        "Chưa có hoặc không mở được khóa ký số (chứng thư số) của người ký. Quản trị viên cài đặt khóa rồi bấm “Ký lại”."
    ),
    NO_LEADER: _l("Tài khoản lãnh đạo đã phê duyệt không còn: không ký được bằng chứng thư số của người đó."),
    BAD_FILE: _l("Không ký được vào tệp PDF này. Vui lòng kiểm tra tệp kết quả."),
    SYSTEM_ERROR: _l("Lỗi hệ thống khi ký số; hệ thống tự thử lại sau ít phút."),
}


_unsigned_past = ContextVar("unsigned_past", default=False)


class LeaderGone(Exception):
    """The leader who approved has no account any more."""


REASONS = {
    RESULT_PAPER: "Phê duyệt kết quả giải quyết thủ tục hành chính",
    RECEIPT_PAPER: "Biên lai thu phí, lệ phí",
    FORM_01: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
}


def renders(paper):
    """Register the decorated callable(dossier) → PDF bytes as the drawer of `paper`."""

    def register(func):
        RENDERERS[paper] = func
        return func

    return register


@contextmanager
def unsigned_past():
    """Inside it no paper is asked to be signed: the demo's invented past (webapp/seed/history.py) is
    issued as papers were before MotCua signed them, not as a thousand jobs at start."""
    token = _unsigned_past.set(True)
    try:
        yield
    finally:
        _unsigned_past.reset(token)


def request_signing(dossier_id, paper, *, attachment=None, leader=None):
    """Ask for `paper` of the dossier to be signed (again): its Signing set to pending, the job queued.

    Call it inside the transaction that issues the paper: the job looks again until the row is visible,
    so a consumer that starts before the commit only waits, and a rolled-back paper is never signed."""
    if _unsigned_past.get():
        return None
    values = {
        "attachment": attachment,
        "leader": leader,
        "state": PENDING,
        "error": "",
        "requested_at": utcnow(),
        "signed_at": None,
    }
    found = Signing.get_or_none(Signing.dossier == dossier_id, Signing.paper == paper)
    if found is None:
        found = Signing.create(dossier=dossier_id, paper=paper, **values)
    else:
        Signing.update(**values).where(Signing.id == found.id).execute()
    sign_paper(found.id, time.time())
    return found


def retry(signing, staff):
    """An officer asks again for a paper whose signing failed (logged)."""
    with write_transaction():
        Signing.update(state=PENDING, error="").where(Signing.id == signing.id, Signing.state == FAILED).execute()
        admin_log.record(staff, AUDIT_AREA, "ky_lai", signing.dossier.code, paper=signing.paper)
    sign_paper(signing.id, time.time())


def signing_of(dossier, paper):
    """The dossier's Signing of `paper`, or None when it was never asked for."""
    return Signing.get_or_none(Signing.dossier == dossier.id, Signing.paper == paper)


def signed_copy(dossier, paper):
    """The signed bytes of a receipt or form 01, or None until its job has signed it."""
    found = signing_of(dossier, paper)
    if found is None or found.state != SIGNED or not found.stored_name:
        return None
    try:
        return uploads().read(found.stored_name)
    except FileNotFoundError:
        return None


def result_ready(attachment):
    """Whether a result file may go out: signed by its job (or from before signing existed)."""
    found = Signing.get_or_none(Signing.attachment == attachment.id)
    return found is None or found.state == SIGNED


@task(retries=RETRIES, retry_delay=RETRY_DELAY)
def sign_paper(signing_id, asked_at=None):
    signing = Signing.get_or_none(Signing.id == signing_id)
    if signing is None:
        # Queued inside the transaction that asks for it: a consumer may start before the commit. Look
        # again each second for a while; a row that never comes was rolled back, with nothing to sign.
        if asked_at is not None and _waiting_for_commit(asked_at):
            raise RetryTask(delay=1)
        return
    if signing.state == SIGNED:
        if asked_at is not None and _waiting_for_commit(asked_at) and _stamp(signing.signed_at) < asked_at - 1:
            raise RetryTask(delay=1)  # signed before this request: its reset is not committed yet
        return
    try:
        sign_now(signing)
    except Exception as problem:  # whatever it was, the officers see it and may ask again
        _failed(signing, problem)
        raise


def _waiting_for_commit(asked_at):
    return time.time() - asked_at < WAIT_FOR_COMMIT_SECONDS


def _stamp(moment):
    """A naive UTC datetime of the database as seconds since the epoch, like time.time()."""
    return moment.replace(tzinfo=datetime.UTC).timestamp() if moment else 0


def sign_now(signing):
    """Sign the paper of `signing` and keep the signed bytes; raises SigningFailed and the like."""
    dossier = Dossier.get_by_id(signing.dossier_id)
    signer = signer_from_config()
    if signing.paper == RESULT_PAPER:
        attachment = Attachment.get_by_id(signing.attachment_id)
        data = read_attachment(attachment)
        if signature_count(data) == 0:  # an uploaded file already signed keeps its signatures only
            data = signer.sign(data, _leader_request(signing, dossier))
        data = signer.sign(data, _agency_request(dossier, RESULT_PAPER))
        _keep_result(signing, attachment, data)
    else:
        if signing.paper not in RENDERERS:
            raise SigningFailed(f"no drawer for {signing.paper} in this process")
        data = signer.sign(RENDERERS[signing.paper](dossier), _agency_request(dossier, signing.paper))
        _keep_copy(signing, data)
    admin_log.record(None, AUDIT_AREA, "ky_xong", dossier.code, paper=signing.paper)


def _leader_request(signing, dossier):
    leader = Staff.get_or_none(Staff.id == signing.leader_id)
    if leader is None:
        raise LeaderGone(signing.leader_id)
    ref = leader_key(leader, Unit.get_by_id(acting_unit(dossier)))
    return Request(ref, "LanhDao", REASONS[RESULT_PAPER], _location(), Appearance(LEADER_BOX, "Ký bởi"))


def _agency_request(dossier, paper):
    """The stamp of the body that issues the paper: the unit handling the dossier for a result, the
    receiving unit for a receipt and form 01."""
    unit = Unit.get_by_id(acting_unit(dossier) if paper == RESULT_PAPER else dossier.agency.unit_id)
    return Request(unit_key(unit), "CoQuan", REASONS[paper], _location(), Appearance(AGENCY_BOX, "Cơ quan"))


def unit_key(unit):
    """The unit's organisation key ("con dấu số"): the People's Committee of the commune, ward or province."""
    body = people_committee(unit)
    return KeyRef("unit", unit.code, holder=body, organisation=body)


def leader_key(leader, unit):
    """A leader's personal key; the demo certificate names them with the unit's committee."""
    body = people_committee(unit)
    return KeyRef("staff", leader.username, holder=leader.full_name, title=f"Lãnh đạo {body}", organisation=body)


def people_committee(unit):
    """ "Phường Thành Sen" → "Ủy ban nhân dân phường Thành Sen"."""
    name = unit.full_name
    return f"Ủy ban nhân dân {name[:1].lower()}{name[1:]}"


def _location():
    return current_app.config.get("SIGNING_LOCATION", "Việt Nam")


def _keep_result(signing, attachment, data):
    """The result's file becomes the signed one; the unsigned file goes once the row says so."""
    stored_name = secrets.token_hex(16) + ".pdf"
    write_file(data, stored_name)
    old = attachment.stored_name
    with write_transaction():
        Attachment.update(stored_name=stored_name, size=len(data), sha256=_sha(data)).where(
            Attachment.id == attachment.id
        ).execute()
        _mark_signed(signing)
    remove_stored(old)


def _keep_copy(signing, data):
    stored_name = secrets.token_hex(16) + ".pdf"
    write_file(data, stored_name)
    old = signing.stored_name
    with write_transaction():
        Signing.update(stored_name=stored_name).where(Signing.id == signing.id).execute()
        _mark_signed(signing, sha256=_sha(data))
    if old:
        remove_stored(old)


def _mark_signed(signing, sha256=""):
    values = {"state": SIGNED, "signed_at": utcnow(), "error": "", "attempts": Signing.attempts + 1}
    if sha256:
        values["sha256"] = sha256
    Signing.update(**values).where(Signing.id == signing.id).execute()


def failure_reason(signing):
    """Why the signing of a paper failed, in words for the officers (the details are in the log)."""
    return FAILURE_REASONS.get(signing.error, FAILURE_REASONS[SYSTEM_ERROR])


def _reason_code(problem):
    if isinstance(problem, (MissingKey, KeyUnusable)):
        return NO_KEY
    if isinstance(problem, LeaderGone):
        return NO_LEADER
    if isinstance(problem, SigningFailed):
        return BAD_FILE
    return SYSTEM_ERROR


def _failed(signing, problem):
    current_app.logger.warning("signing %s of dossier %s failed", signing.paper, signing.dossier_id, exc_info=problem)
    with write_transaction():
        Signing.update(state=FAILED, error=_reason_code(problem), attempts=Signing.attempts + 1).where(
            Signing.id == signing.id
        ).execute()
        code = Dossier.select(Dossier.code).where(Dossier.id == signing.dossier_id).scalar()
        admin_log.record(None, AUDIT_AREA, "ky_loi", code or signing.dossier_id, paper=signing.paper)


def _sha(data):
    return hashlib.sha256(data).hexdigest()
