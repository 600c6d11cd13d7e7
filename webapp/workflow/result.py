"""The result (a file or a paper) and its return: at the counter, online or by post.

The leader's approval (phe_duyet) carries the signed result; the desk's return (tra_ket_qua)
records how it went back. A result returned online is downloaded by the citizen from "Hồ sơ
của tôi" (webapp/filing/mine.py), after the same SMS proof of the phone number that page asks for.
"""

import secrets

from flask_babel import lazy_gettext as _l

from webapp.dossiers.fees import unpaid_refusal
from webapp.dossiers.files import result_file_of
from webapp.dossiers.signed_papers import RESULT_PAPER, request_signing, signing_of
from webapp.links import external_url
from webapp.models import Attachment
from webapp.models.signing import SIGNED
from webapp.models.values import COUNTER, ONLINE, POST, RESULT, RETURN
from webapp.phone import display_phone
from webapp.workflow import steps
from webapp.workflow.fees import fee_due_sms
from webapp.workflow.machine import NotAllowed
from webapp.workflow.processing import must_handle

RETURN_CHANNELS = {
    COUNTER: _l("Tại nơi tiếp nhận hồ sơ"),
    ONLINE: _l("Trực tuyến (người nộp tải về)"),
    POST: _l("Qua dịch vụ bưu chính công ích"),
}


def approve(record, inputs, staff, now):
    """The leader signs: a PDF result (`ket_qua`, checked by content here), or a paper result ready at the
    desk (`ban_giay` true): one of the two."""
    must_handle(staff, record)
    on_paper = bool(inputs.get("ban_giay"))
    keep = steps.kept_pdf(inputs, "ket_qua", RESULT, to_sign=True)
    if keep is None and not on_paper:
        raise steps.BadInput("ket_qua", _l("Vui lòng tải lên văn bản kết quả (PDF) hoặc đánh dấu “Kết quả bản giấy”."))
    return steps.Step(
        changes={"finished_at": now, "result_on_paper": on_paper},
        details={"file": keep is not None, "on_paper": on_paper},
        within=[_with_verify_code(keep, staff)] if keep else [],
        sms=fee_due_sms(record, RETURN),  # unpaid before return: "pay to collect it" instead of "ready"
    )


def _with_verify_code(keep, leader):
    """The stored result gets the code its public check is found by (/xac-thuc/<code>, the QR's target).

    The QR goes on a separate printed stamp (webapp/lookup/verify.py), never into this file: any
    byte added to a signed PDF breaks its digital signatures. The file is signed by a job (the leader's
    personal signature, then the agency's stamp: webapp/dossiers/signed_papers.py), asked for here.
    """

    def store(dossier):
        attachment = keep(dossier)
        attachment.verify_code = secrets.token_urlsafe(12)
        Attachment.update(verify_code=attachment.verify_code).where(Attachment.id == attachment.id).execute()
        request_signing(dossier.id, RESULT_PAPER, attachment=attachment.id, leader=leader.id)
        return attachment

    return store


def hand_back(record, inputs, staff, now):
    """The result goes back by the channel chosen (`kenh_tra`); the proof of the hand-over (`nguoi_nhan` and
    `giay_to_nguoi_nhan` at the desk, `ma_buu_gui` by post) was checked by the desk's form."""
    if refusal := unpaid_refusal(record, RETURN):
        raise NotAllowed(refusal)
    channel = inputs["kenh_tra"]
    to = RECIPIENT[channel](record, inputs)
    token = secrets.token_urlsafe(12)  # the rating link in the SMS: short enough for one segment
    if channel == POST:
        sms = {"template": "posted", "tracking": to}
    else:
        sms = {"template": "returned", "url": external_url("lookup.rate_by_link", token=token)}
    changes = {"returned_at": now, "return_channel": channel, "returned_to": to[:255], "rating_token": token}
    if channel == ONLINE:
        changes["e_result"] = True  # handed back as the signed file itself (the 766 index counts these)
    return steps.Step(
        changes=changes,
        details={"channel": channel, "to": to},
        sms=sms,
    )


def _at_desk(record, inputs):
    return f"{inputs['nguoi_nhan']}, giấy tờ số {inputs['giay_to_nguoi_nhan']}"


def _online(record, inputs):
    if result_file_of(record) is None:
        if (signing := signing_of(record, RESULT_PAPER)) and signing.state != SIGNED:
            raise steps.BadInput("kenh_tra", _l("Kết quả đang được ký số. Vui lòng trả trực tuyến khi ký số xong."))
        raise steps.BadInput(
            "kenh_tra", _l("Chưa có tệp kết quả nên không thể trả trực tuyến. Vui lòng chọn cách trả khác.")
        )
    return f"{record.applicant_name} ({display_phone(record.applicant_phone)})"


def _by_post(record, inputs):
    return inputs["ma_buu_gui"]


RECIPIENT = {COUNTER: _at_desk, ONLINE: _online, POST: _by_post}
