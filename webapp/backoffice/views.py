"""The one-stop back office: the dossier page and the workflow actions on it (the queues: desk.py)."""

from flask import Response, abort, redirect, render_template, request, url_for

from webapp.backoffice import bp, declaration, history, papers, services
from webapp.backoffice.forms import DeliveredForm, confirmation, form_for
from webapp.bounded import whole_number
from webapp.dossiers.access import record_view, staff_dossier_or_404
from webapp.dossiers.files import files_of, issued_on, originals_of, send_attachment
from webapp.dossiers.receipts import receipt_of
from webapp.i18n import current_lang
from webapp.identity.session import current_staff, login_required
from webapp.models import Attachment, SmsMessage
from webapp.workflow import machine, steps
from webapp.workflow.actions import take
from webapp.workflow.services import Origin, StaleDossier


@bp.get("/<code>")
@login_required(*machine.STAFF_ROLES)
def dossier(code, error=None, status=200, bound=None, delivered=None):
    """The dossier page, each available action with its form; after a refused action, `bound` is that
    action's form as posted (the officer's answers, the errors next to their fields); `delivered`, the post's
    delivery form as posted."""
    record = staff_dossier_or_404(code, seen="page")
    actions = machine.available(record.status, current_staff().role)
    forms = {a.name: form_for(a.name, record) for a in actions}
    if bound is not None and bound.action_name in forms:
        forms[bound.action_name] = bound
    steps, files = history.timeline(record), files_of(record)
    page = render_template(
        "backoffice/dossier.html",
        dossier=record,
        actions=actions,
        action_groups=_by_consequence(actions),
        forms=forms,
        delivered_form=delivered or DeliveredForm(formdata=None),
        timeline=steps,
        history=history.history(record, steps),
        sections=declaration.sections(record, current_lang(), shows_id()),
        declared=declaration.declared_form(record) is not None,
        files=files,
        file_rows=declaration.file_rows(record, files, steps),
        originals={copy_id: (o, issued_on(o)) for copy_id, o in originals_of(files).items()},
        messages=list(record.sms.order_by(SmsMessage.id)),
        error=error,
        show_id=shows_id(),
        receipt=receipt_of(record) if record.paid_at else None,
    )
    return page, status


@bp.post("/<code>/thao-tac")
@login_required(*machine.STAFF_ROLES)
def act(code):
    """An action's form posted: checked by its form, then taken; refused, the page again with the form as typed.

    An irreversible action (machine.IRREVERSIBLE) is first shown back for confirmation, with what was
    typed; it is taken only when posted again with confirm=1 ("Quay lại" posts back=1: the page again,
    the reason kept)."""
    record = staff_dossier_or_404(code)
    name = request.form.get("action", "")
    form = form_for(name, record, posted=True)
    try:
        if whole_number(request.form.get("version")) != record.version:
            raise StaleDossier()
        if not form.validate():
            return dossier(code, error=form.first_error(), bound=form)
        if _irreversible(name) and request.form.get("confirm") != "1":
            if request.form.get("back"):
                return dossier(code, bound=form)
            return _confirmation(record, form)
        take(record, name, current_staff(), form.inputs(), Origin.web(request))
    except steps.BadInput as bad:
        form.refuse(bad.field, bad.message)
        return dossier(code, error=str(bad.message), bound=form)
    except machine.NotAllowed as refused:
        form.refuse(refused.field, refused.reason)
        return dossier(code, error=str(refused.reason), bound=form)
    except StaleDossier as stale:
        return dossier(code, error=str(stale.reason))
    return redirect(url_for(".dossier", code=code), code=303)


def shows_id():
    """The CCCD unmasked only for the officers who work the dossier; admins supervise with it masked."""
    return current_staff().role in (machine.MOT_CUA, machine.CHUYEN_VIEN, machine.LANH_DAO)


def _by_consequence(actions):
    """(consequence, actions) in the order a page shows them: the step forward first, closing last."""
    order = (machine.PRIMARY, machine.SECONDARY, machine.IRREVERSIBLE)
    groups = [(weight, [a for a in actions if a.consequence == weight]) for weight in order]
    return [(weight, group) for weight, group in groups if group]


def _irreversible(name):
    action = machine.BY_NAME.get(name)
    return action is not None and action.consequence == machine.IRREVERSIBLE


def _confirmation(record, form):
    """The step asked again before it is taken: what it does, what was typed, confirm or go back."""
    action = machine.BY_NAME[form.action_name]
    button, consequence = confirmation(action.name)
    return render_template(
        "backoffice/confirm.html", dossier=record, action=action, form=form, button=button, consequence=consequence
    )


@bp.get("/<code>/to-khai.pdf")
@login_required(*machine.STAFF_ROLES)
def declaration_pdf(code):
    """The tờ khai filled with the citizen's answers, from the same definition as the blank one."""
    record = staff_dossier_or_404(code, seen="to-khai.pdf")
    data = declaration.filled_pdf(record, shows_id())
    if data is None:
        abort(404)
    headers = {
        "Content-Disposition": f'inline; filename="to-khai-{record.code}.pdf"',
        "Cache-Control": "private, no-store",
    }
    return Response(data, mimetype="application/pdf", headers=headers)


@bp.get("/<code>/tep/<id:attachment_id>")
@login_required(*machine.STAFF_ROLES)
def attachment(code, attachment_id):
    record = staff_dossier_or_404(code, seen="tep")
    found = Attachment.get_or_none(Attachment.id == attachment_id, Attachment.dossier == record.id)
    if found is None:
        abort(404)
    return send_attachment(found)


@bp.get("/<code>/tep/<id:attachment_id>/ban-goc")
@login_required(*machine.STAFF_ROLES)
def reused_original(code, attachment_id):
    """The issued result a file of this dossier was reused from: whoever may see this dossier may open
    the original it vouches for, though that was another dossier, maybe of another agency."""
    record = staff_dossier_or_404(code, seen="tep-goc")
    found = Attachment.get_or_none(Attachment.id == attachment_id, Attachment.dossier == record.id)
    original = originals_of([found]).get(found.id) if found else None
    if original is None:
        abort(404)
    if original.dossier_id and original.dossier_id != record.id:  # the other dossier was read too
        record_view(original.dossier_id, current_staff(), "tep-goc")
    return send_attachment(original)


@bp.get("/<code>/mau-06")
@login_required(*machine.STAFF_ROLES)
def control_sheet(code):
    """Form 06, phiếu kiểm soát quá trình giải quyết hồ sơ: every hand-over with its timing."""
    record = staff_dossier_or_404(code, seen="mau-06")
    return render_template("backoffice/form06.html", dossier=record, rows=services.control_rows(record))


@bp.get("/<code>/mau-01")
@login_required(*machine.STAFF_ROLES)
def receipt(code):
    """Form 01, giấy tiếp nhận hồ sơ và hẹn trả kết quả, as a page to print: the same Paper as its PDF."""
    record = staff_dossier_or_404(code, seen="mau-01")
    paper = papers.build("01", record)
    if paper is None:
        abort(404)
    return render_template("backoffice/form01.html", dossier=record, paper=paper)
