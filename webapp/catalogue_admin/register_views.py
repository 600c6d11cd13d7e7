"""The register of legal documents (/quan-tri/thu-tuc/van-ban) and the procedures to review
(/quan-tri/thu-tuc/can-xem-lai). The province admin edits; a unit admin reads the register."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from webapp.bounded import database_id
from webapp.catalogue_admin import bp
from webapp.catalogue_admin import register_services as services
from webapp.catalogue_admin.register_forms import KIND_LABELS, DocumentForm
from webapp.forms_engine.dates import local_today, parse_day
from webapp.identity.session import current_staff, login_required
from webapp.legal.citations import citing, needs_attention
from webapp.legal.register import STATUSES, search, status_on
from webapp.models.legal import LegalDocument

PROVINCE, UNIT = "quan_tri_tinh", "quan_tri_don_vi"


@bp.get("/van-ban")
@login_required(PROVINCE, UNIT)
def register_list():
    text = (request.args.get("q") or "").strip()[:100]
    status = request.args.get("trang-thai") or ""
    status = status if status in STATUSES else ""
    rows = search(text, status, day=local_today())
    return render_template(
        "catalogue_admin/register_list.html", rows=rows, q=text, status=status, may_edit=_may_edit(), kinds=KIND_LABELS
    )


@bp.route("/van-ban/moi", methods=["GET", "POST"])
@login_required(PROVINCE)
def register_new():
    form = DocumentForm()
    if form.validate_on_submit():
        try:
            document = services.create(current_staff(), form.number.data, services.values_of(form))
        except services.Refused as refused:
            _show(form, refused)
        else:
            flash(_("Đã thêm văn bản %(number)s vào danh mục.", number=document.number))
            return redirect(url_for(".register_edit", document_id=document.id), code=303)
    return render_template("catalogue_admin/register_edit.html", form=form, document=None, may_edit=True)


@bp.route("/van-ban/<id:document_id>", methods=["GET", "POST"])
@login_required(PROVINCE, UNIT)
def register_edit(document_id):
    document = LegalDocument.get_or_none(LegalDocument.id == database_id(str(document_id)))
    if document is None:
        abort(404)
    if request.method == "POST" and not _may_edit():
        abort(403)
    form = DocumentForm(obj=document)
    form.number.data = document.number  # the number is the row's name: citations point at it
    if form.validate_on_submit():
        try:
            changed = services.update(current_staff(), document, services.values_of(form))
        except services.Refused as refused:
            _show(form, refused)
        else:
            flash(_("Đã lưu thay đổi.") if changed else _("Không có gì thay đổi."))
            return redirect(url_for(".register_edit", document_id=document.id), code=303)
    return render_template(
        "catalogue_admin/register_edit.html",
        form=form,
        document=document,
        status=status_on(document, local_today()),
        cited_by=citing(document.number),
        may_edit=_may_edit(),
    )


@bp.get("/can-xem-lai")
@login_required(PROVINCE)
def review():
    """Thủ tục cần rà soát, for today or for ?ngay=dd/mm/yyyy."""
    typed = (request.args.get("ngay") or "").strip()[:20]
    day = parse_day(typed) if typed else local_today()
    error = _("Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 01/07/2025.") if day is None else ""
    rows = needs_attention(day) if day else []
    return render_template(
        "catalogue_admin/review.html",
        rows=rows,
        day=day,
        typed=typed,
        error=error,
        problems=len({r.procedure.id for r in rows if r.covered_by is None}),
    )


def _may_edit():
    staff = current_staff()
    return staff is not None and staff.role == PROVINCE


def _show(form, refused):
    """A refusal from the service, worded beside its field."""
    if refused.reason == "taken":
        message = _("Số, ký hiệu %(number)s đã có trong danh mục.", number=refused.number)
    elif refused.reason == "itself":
        message = _("Văn bản không thể tự thay thế hoặc sửa đổi chính nó.")
    else:
        message = _("Văn bản %(number)s chưa có trong danh mục: thêm văn bản đó trước.", number=refused.number)
    getattr(form, refused.field).errors.append(message)
