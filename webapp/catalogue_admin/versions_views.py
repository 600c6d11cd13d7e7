"""Drafts and versions (/quan-tri/thu-tuc/ban-nhap…, /<code>/phien-ban, /so-sanh, /lich-su): a draft's
overview with its difference and problems, the actions that move it (submit, approve with the moment
it takes effect, send back, withdraw), every version of a procedure, the difference between two, and
the procedure's audit log. The province admin acts; a unit admin reads."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from webapp.bounded import INT_MAX, whole_number
from webapp.catalogue_admin import bp
from webapp.catalogue_admin import versions_services as services
from webapp.catalogue_admin.access import PROVINCE, READERS, draft_or_404, may_edit, procedure_or_404
from webapp.catalogue_admin.versions_forms import ApproveForm, RejectForm, SubmitForm, WithdrawForm
from webapp.db import write_transaction
from webapp.identity.session import current_staff, login_required
from webapp.versions import drafts


@bp.get("/ban-nhap")
@login_required(*READERS)
def draft_list():
    return render_template(
        "catalogue_admin/drafts.html",
        waiting=services.open_drafts(),
        closed=services.closed_drafts(),
        STATUS=services.STATUS,
    )


@bp.get("/ban-nhap/<id:draft_id>")
@login_required(*READERS)
def draft_overview(draft_id):
    return _overview(draft_or_404(draft_id))


@bp.post("/ban-nhap/<id:draft_id>/gui-duyet")
@login_required(PROVINCE)
def draft_submit(draft_id):
    draft = draft_or_404(draft_id)
    if not SubmitForm().validate_on_submit():
        return _overview(draft)
    try:
        with write_transaction():
            found = drafts.submit(draft_or_404(draft_id), current_staff())
    except drafts.DraftError as refused:
        return _overview(draft_or_404(draft_id), refusal=refused.reason)
    if found:
        flash(_("Chưa gửi duyệt được: bản nháp còn %(n)s lỗi, xem bên dưới.", n=len(found)))
    else:
        flash(_("Đã gửi duyệt. Một quản trị viên cấp tỉnh khác cần duyệt và chọn thời điểm hiệu lực."))
    return redirect(url_for(".draft_overview", draft_id=draft.id), code=303)


@bp.post("/ban-nhap/<id:draft_id>/duyet")
@login_required(PROVINCE)
def draft_approve(draft_id):
    draft = draft_or_404(draft_id)
    form = ApproveForm()
    if not form.validate_on_submit():
        return _overview(draft, approve=form)
    try:
        with write_transaction():  # the draft read again inside: its state may have moved since
            rule_set = drafts.approve(draft_or_404(draft_id), current_staff(), form.moment())
    except drafts.DraftError as refused:
        if refused.reason == "in-the-past":  # said beside the day, as the form's own check says it
            form.ngay_hieu_luc.errors = [services.REFUSAL[refused.reason]]
            return _overview(draft_or_404(draft_id), approve=form)
        return _overview(draft_or_404(draft_id), approve=form, refusal=refused.reason)
    flash(_("Đã duyệt: phiên bản %(v)s được công bố.", v=rule_set.version))
    return redirect(url_for(".versions", code=rule_set.procedure.code), code=303)


@bp.post("/ban-nhap/<id:draft_id>/tra-lai")
@login_required(PROVINCE)
def draft_reject(draft_id):
    draft = draft_or_404(draft_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return _overview(draft, reject=form)
    try:
        with write_transaction():
            drafts.reject(draft_or_404(draft_id), current_staff(), form.ly_do.data)
    except drafts.DraftError as refused:
        return _overview(draft_or_404(draft_id), reject=form, refusal=refused.reason)
    flash(_("Đã trả lại bản nháp cho người soạn."))
    return redirect(url_for(".draft_overview", draft_id=draft.id), code=303)


@bp.post("/ban-nhap/<id:draft_id>/huy")
@login_required(PROVINCE)
def draft_withdraw(draft_id):
    draft = draft_or_404(draft_id)
    if not WithdrawForm().validate_on_submit():
        return _overview(draft)
    try:
        with write_transaction():
            drafts.withdraw(draft_or_404(draft_id), current_staff())
    except drafts.DraftError as refused:
        return _overview(draft_or_404(draft_id), refusal=refused.reason)
    flash(_("Đã hủy bản nháp."))
    return redirect(url_for(".draft_list"), code=303)


def _overview(draft, approve=None, reject=None, refusal=None):
    staff = current_staff()
    own = staff is not None and drafts.worked_on(draft, staff)
    edit_hub = "catalogue_admin.editor_hub" in current_app.view_functions
    return render_template(
        "catalogue_admin/draft.html",
        draft=draft,
        changes=services.draft_changes(draft),
        problems=services.draft_problems(draft),
        may_edit=may_edit(),
        own=own,
        refusal=services.REFUSAL.get(refusal, refusal) if refusal else None,
        submit_form=SubmitForm(formdata=None),
        withdraw_form=WithdrawForm(formdata=None),
        approve=approve or ApproveForm(formdata=None).prefill(),
        reject=reject or RejectForm(formdata=None),
        edit_url=url_for(".editor_hub", draft_id=draft.id) if edit_hub and draft.status in drafts.EDITABLE else None,
        later=services.scheduled_without(draft),
        STATUS=services.STATUS,
        SOURCE=services.SOURCE,
        DECIDED=services.DECIDED,
        drafts=drafts,
    )


@bp.get("/<code>/phien-ban")
@login_required(*READERS)
def versions(code):
    procedure = procedure_or_404(code)
    return render_template(
        "catalogue_admin/versions.html",
        procedure=procedure,
        rows=services.versions_of(procedure),
        STATE=services.VERSION_STATE,
        may_edit=may_edit(),
    )


@bp.get("/<code>/so-sanh")
@login_required(*READERS)
def compare(code):
    """?tu=V&den=W; without them the newest version against the one before it."""
    procedure = procedure_or_404(code)
    rows = services.versions_of(procedure)
    newest = rows[0].rule_set.version if rows else None
    new_number = whole_number(request.args.get("den", newest), low=1, high=INT_MAX)
    old_number = whole_number(request.args.get("tu", (new_number or 1) - 1), low=1, high=INT_MAX)
    old = services.version_or_none(procedure, old_number)
    new = services.version_or_none(procedure, new_number)
    if old is None or new is None:
        abort(404)
    return render_template(
        "catalogue_admin/compare.html",
        procedure=procedure,
        old=old,
        new=new,
        changes=services.compare(procedure, old, new),
    )


@bp.get("/<code>/lich-su")
@login_required(*READERS)
def history(code):
    procedure = procedure_or_404(code)
    return render_template(
        "catalogue_admin/history.html",
        procedure=procedure,
        events=services.history(procedure.code),
        action_words=services.action_words,
    )
