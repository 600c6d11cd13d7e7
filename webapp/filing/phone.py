"""The phone check of the filing flow: an SMS code proves the number the dossier will use, unless it
is the number the national electronic identity vouched for (the signed-in applicant's own)."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from webapp.dossiers import drafts
from webapp.dossiers.discretion import sms_procedure_name
from webapp.filing import bp
from webapp.filing.flow import Flow, draft_or_404
from webapp.filing.forms import PhoneCheckForm
from webapp.i18n import current_lang
from webapp.identity import otp
from webapp.links import external_url
from webapp.messaging.outbound import queue_sms
from webapp.messaging.templates import sms_time
from webapp.models import Draft
from webapp.models.dossier import utcnow
from webapp.phone import display_phone, normalize_phone

PURPOSE = "filing"


def _suggested_phone(flow):
    """The mobile number the applicant already gave in the form, if any. An answer the form refused is
    kept as typed, and the documents page can be left before it is fixed: only a number the mobile check
    accepts is offered (or sent a code ahead), never that text."""
    for field in flow.spec.fields:
        if field.type == "phone" and (number := normalize_phone((flow.draft.answers or {}).get(field.name))):
            return number
    return None


def code_sent_ahead(flow):
    """Where the page before the phone check goes on (its "continue" POST): the number the signed-in
    owner's identity vouched for is verified now; else, when step 1 gave a mobile number and no code was
    sent for this draft yet, the code goes to that number now (the press that leaves the page is the
    person's consent, and it saves the "Gửi mã" tap); the phone page then says where it went and still
    offers another number."""
    number = flow.draft.phone or _suggested_phone(flow)
    if number is not None and verified_by_identity(flow, number):
        return flow.next_url()
    if number is None or flow.draft.phone:
        return flow.url("phone")
    _remember_phone(flow.draft, number)
    _, error = _send(number)
    return url_for("filing.phone", token=flow.draft.token, **({} if error else {SENT: 1}))


SENT = "da-gui"


def verified_by_identity(flow, number):
    """When `number` is the phone the signed-in owner's identity vouched for, it counts as verified
    without an SMS code (and the resume link goes to it, as after a code); False otherwise. Only ever
    called for a POST: opening a page verifies nothing (a link the owner is made to open included)."""
    vouched = normalize_phone((flow.identity or {}).get("phone"))
    if not vouched or vouched != normalize_phone(number):
        return False
    already = flow.draft.phone_verified_at is not None and normalize_phone(flow.draft.phone) == vouched
    drafts.vouch_phone(flow.draft, vouched)
    if not already:  # the resume link once, not at every press of "Gửi mã"
        _send_resume_link(flow)
    return True


@bp.route("/nop/<token>/dien-thoai", methods=["GET", "POST"])
def phone(token):
    flow = Flow(draft_or_404(token), current_lang())
    draft, message, error = flow.draft, None, None
    if request.method == "GET" and request.args.get(SENT) and draft.phone and not draft.phone_verified_at:
        message = _(
            "Đã gửi mã xác thực gồm 6 chữ số đến số %(phone)s. Không phải số của bạn? Sửa số rồi bấm “Gửi lại mã”.",
            phone=display_phone(draft.phone),
        )
    form = PhoneCheckForm()
    if form.pressed("send"):
        error = form.phone_problem()
        if error is None and verified_by_identity(flow, form.number):
            return redirect(flow.next_url(), code=303)
        if error is None:
            _remember_phone(draft, form.number)
            message, error = _send(form.number)
    elif form.pressed("verify") and draft.phone:
        outcome = otp.verify_code(draft.phone, PURPOSE, form.code.data or "")
        if outcome.ok:
            draft.phone_verified_at = utcnow()
            draft.save(only=[Draft.phone_verified_at])
            _send_resume_link(flow)
            return redirect(flow.next_url(), code=303)
        error = verify_error(outcome)
    return render_template(
        "filing/phone.html",
        flow=flow,
        message=message,
        error=error,
        typed=form.phone.data or draft.phone or _suggested_phone(flow) or "",
    )


def _remember_phone(draft, number):
    if draft.phone != number:
        draft.phone, draft.phone_verified_at = number, None
        draft.save(only=[Draft.phone, Draft.phone_verified_at])


def _send(number):
    outcome = otp.request_code(number, PURPOSE)
    if outcome.ok:
        return _("Đã gửi mã xác thực gồm 6 chữ số đến số điện thoại của bạn."), None
    return None, verify_error(outcome)


def verify_error(outcome):
    """The Vietnamese sentence for an SMS code that was not sent or not accepted."""
    minutes = max(1, (outcome.wait_seconds + 59) // 60)
    if outcome.reason == "throttled":
        return _("Mã vừa được gửi. Bạn có thể yêu cầu gửi lại sau %(seconds)s giây.", seconds=outcome.wait_seconds)
    if outcome.reason == "wrong":
        return _("Mã xác thực không đúng. Bạn còn %(n)s lần thử.", n=outcome.tries_left)
    if outcome.reason == "locked":
        return _(
            "Số điện thoại tạm bị khóa do nhập sai nhiều lần. Vui lòng thử lại sau %(minutes)s phút.", minutes=minutes
        )
    if outcome.reason == "expired":
        return _("Mã đã hết hạn. Vui lòng bấm “Gửi lại mã”.")
    return _("Chưa có mã nào được gửi. Vui lòng bấm “Gửi mã”.")


def _send_resume_link(flow):
    url = external_url("filing.resume", token=flow.draft.token)
    queue_sms(
        flow.draft.phone,
        "draft_link",
        procedure=sms_procedure_name(flow.draft.procedure, flow.draft.rule_set),
        url=url,
        expires=sms_time(flow.draft.expires_at)[-10:],
    )
