"""The one-stop back office: queues, the dossier page, and the workflow actions on it."""

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from webapp.auth.session import current_staff, login_required
from webapp.backoffice import services, steps
from webapp.filing.attachments import discard_on_failure, send_attachment
from webapp.models import Attachment, DossierView, SmsMessage
from webapp.models.dossier import utcnow
from webapp.sms.outbound import notify
from webapp.sms.templates import TemplateTooLong, sms_time
from webapp.workflow import machine
from webapp.workflow.services import StaleDossier, apply

bp = Blueprint("backoffice", __name__, url_prefix="/can-bo/ho-so")
bp.record_once(
    lambda state: state.app.jinja_env.globals.update(
        QUEUES=services.QUEUES,
        STATES=machine.STATES,
        ACTIONS=machine.BY_NAME,
        PUNCTUALITY=services.PUNCTUALITY,
        mask_id=services.mask_id,
    )
)
STAFF_ROLES = (machine.MOT_CUA, machine.CHUYEN_VIEN, machine.LANH_DAO, machine.QUAN_TRI_DON_VI, machine.QUAN_TRI_TINH)


@bp.get("")
@login_required(*STAFF_ROLES)
def queues():
    key = request.args.get("hang") if request.args.get("hang") in services.QUEUES else "cho-tiep-nhan"
    search, now = request.args.get("q", ""), utcnow()
    mine = key == "dang-xu-ly" and request.args.get("xem") == "cua-toi"  # "của tôi": assigned to me
    rows = services.queue(current_staff(), key, search, mine=mine, now=now)
    return render_template("backoffice/queues.html", key=key, rows=rows, search=search, mine=mine, now=now)


def _dossier_or_404(code, seen=None):
    """The dossier if it is the officer's to see; `seen` names what was opened, for the view log."""
    dossier = services.find_for(current_staff(), code)
    if dossier is None:
        current_app.logger.warning("staff %s asked for dossier %s outside their units", current_staff().username, code)
        abort(404)
    if seen:
        DossierView.create(dossier=dossier.id, staff=current_staff().id, what=seen, ip=request.remote_addr)
    return dossier


@bp.get("/<code>")
@login_required(*STAFF_ROLES)
def dossier(code, error=None, status=200, failed=None):
    """The dossier page; after a refused action, `failed` (action, field, entered answers) re-fills its form."""
    record = _dossier_or_404(code, seen="page")
    page = render_template(
        "backoffice/dossier.html",
        dossier=record,
        actions=machine.available(record.status, current_staff().role),
        timeline=services.timeline(record),
        files=list(Attachment.select().where(Attachment.dossier == record.id).order_by(Attachment.id)),
        messages=list(record.sms.order_by(SmsMessage.id)),
        error=error,
        failed=failed or {},
        # The CCCD unmasked only for the officers who work the dossier; admins supervise with it masked.
        show_id=current_staff().role in (machine.MOT_CUA, machine.CHUYEN_VIEN, machine.LANH_DAO),
    )
    return page, status


@bp.post("/<code>/thao-tac")
@login_required(*STAFF_ROLES)
def act(code):
    record = _dossier_or_404(code)
    name = request.form.get("action", "")
    try:
        if request.form.get("version", type=int) != record.version:
            raise StaleDossier()
        take(record, name, request.form, current_staff())
    except steps.BadInput as bad:
        failed = {"action": name, "field": bad.field, "message": str(bad.message), "entered": request.form}
        return dossier(code, error=str(bad.message), status=200, failed=failed)
    except machine.NotAllowed as refused:
        failed = {"action": name, "field": refused.field, "message": str(refused.reason), "entered": request.form}
        return dossier(code, error=str(refused.reason), status=200, failed=failed)
    except StaleDossier as stale:
        return dossier(code, error=str(stale.reason), status=200)
    return redirect(url_for(".dossier", code=code), code=303)


def take(record, name, form, staff, at=None, notify=True):
    """One workflow action by `staff`: checked, its step prepared from `form`, applied, the SMS queued.

    `at` and `notify=False` are for the demo history, which replays past steps without texting anyone.
    Raises NotAllowed, BadInput or StaleDossier with nothing written.
    """
    note = form.get("note", "")
    machine.check(name, record.status, staff.role, note)
    now = at or utcnow()
    prepared = steps.prepare(name, record, form, staff, now)
    with discard_on_failure():  # a file stored by the step goes if the move does not happen
        action = apply(
            record,
            name,
            role=staff.role,
            actor=staff.full_name or staff.username,
            version=record.version,
            note=note,
            unit=services.acting_unit(record),
            ip=request.remote_addr,
            changes=prepared.changes,
            details=prepared.details,
            within=prepared.within,
            at=now,
        )
    if notify:
        _notify(record, action, prepared.sms)
    return action


def _notify(record, action, extra):
    """The applicant's SMS for the step, once per step (the dossier's version names it)."""
    template = extra.pop("template", action.sms)
    if not template:
        return
    words = {
        "code": record.code,
        "procedure": record.procedure.name,
        "due": sms_time(record.due_at or record.expected_due_at),
        "url": url_for("lookup.form", ma=record.code, _external=True),
    }
    try:
        notify(record, f"{action.name}:{record.version}", template, **(words | extra))
    except TemplateTooLong:
        # The step is done and must stay done; the desk sees the SMS missing from the dossier page and calls.
        current_app.logger.error("SMS %s for dossier %s does not fit one segment", template, record.code)


@bp.get("/<code>/tep/<int:attachment_id>")
@login_required(*STAFF_ROLES)
def attachment(code, attachment_id):
    record = _dossier_or_404(code, seen="tep")
    found = Attachment.get_or_none(Attachment.id == attachment_id, Attachment.dossier == record.id)
    if found is None:
        abort(404)
    return send_attachment(found)


@bp.get("/<code>/mau-06")
@login_required(*STAFF_ROLES)
def control_sheet(code):
    """Form 06, phiếu kiểm soát quá trình giải quyết hồ sơ: every hand-over with its timing."""
    record = _dossier_or_404(code, seen="mau-06")
    return render_template("backoffice/form06.html", dossier=record, rows=services.control_rows(record))


@bp.get("/<code>/mau-01")
@login_required(*STAFF_ROLES)
def receipt(code):
    """Form 01, giấy tiếp nhận hồ sơ và hẹn trả kết quả, as a page to print."""
    record = _dossier_or_404(code, seen="mau-01")
    if record.received_at is None:
        abort(404)
    return render_template("backoffice/form01.html", dossier=record, staff=current_staff())
