"""The procedure editor (/quan-tri/thu-tuc/, /ban-nhap/<id>/sua…): the index of every procedure, a
draft started from the newest version or for a new procedure, its sections edited one page each, the
preview of its online steps and its blank PDF/DOCX. The province admin edits; a unit admin reads."""

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from webapp.bounded import whole_number
from webapp.catalogue_admin import bp
from webapp.catalogue_admin import editor_services as services
from webapp.catalogue_admin.access import (
    PROVINCE,
    READERS,
    draft_or_404,
    editable_draft_or_404,
    may_edit,
    procedure_or_404,
    require_editor,
)
from webapp.catalogue_admin.editor_forms import NewProcedureForm
from webapp.catalogue_admin.editor_sections import SECTIONS, edited, field_choices
from webapp.forms_engine import render_docx, render_pdf
from webapp.identity.session import current_staff, login_required
from webapp.models import RuleSet
from webapp.text import without_controls
from webapp.versions import drafts
from webapp.versions.bundle import procedure_exists

BLANK_TYPES = {
    "pdf": (render_pdf, "application/pdf"),
    "docx": (render_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


@bp.after_request
def no_store(response):
    """Drafts change under the admin's hands: never show yesterday's copy from a cache."""
    response.cache_control.no_store = True
    return response


@bp.get("/")
@login_required(*READERS)
def editor_index():
    rows, new = services.index_rows()
    return render_template(
        "catalogue_admin/editor_index.html",
        rows=rows,
        new=new,
        may_edit=may_edit(),
    )


@bp.post("/<code>/sua")
@login_required(*READERS)
def editor_start(code):
    """Start editing: the procedure's open draft if it has one (never a second), a new draft otherwise."""
    require_editor()
    procedure = procedure_or_404(code)
    draft = services.open_draft_of(procedure)
    if draft is None:
        draft = drafts.start(procedure, current_staff(), rule_set=_chosen_version(procedure))
        flash(_("Đã tạo bản nháp từ phiên bản %(v)s.", v=draft.base_version))
    elif draft.status not in drafts.EDITABLE:
        flash(_("Thủ tục này đang có bản nháp chờ duyệt."))
        return redirect(url_for(".draft_overview", draft_id=draft.id), code=303)
    return redirect(url_for(".editor_hub", draft_id=draft.id), code=303)


def _chosen_version(procedure):
    """The version named by the form's `phien_ban` (a scheduled one to carry a change too), else None:
    the draft then starts from the version in force."""
    version = whole_number(request.form.get("phien_ban", ""), low=1)
    return procedure.rule_sets.where(RuleSet.version == version).first() if version else None


@bp.route("/moi", methods=["GET", "POST"])
@login_required(PROVINCE)
def editor_new():
    form = NewProcedureForm()
    form.field.choices = field_choices()
    if form.validate_on_submit():
        if procedure_exists(form.code.data) or services.open_draft_by_code(form.code.data):
            form.code.errors.append(_("Mã %(code)s đã có trong danh mục hoặc đang có bản nháp.", code=form.code.data))
        else:
            values = {name: field.data for name, field in form._fields.items()}
            draft = drafts.start_new(without_controls(services.new_bundle(values)), current_staff())
            flash(_("Đã tạo bản nháp thủ tục %(code)s.", code=draft.code))
            return redirect(url_for(".editor_hub", draft_id=draft.id), code=303)
    return render_template("catalogue_admin/editor_new.html", form=form)


@bp.get("/ban-nhap/<id:draft_id>/sua")
@login_required(*READERS)
def editor_hub(draft_id):
    draft = draft_or_404(draft_id)
    found = services.problems_shown(draft.bundle)
    by_section = {slug: [p for p in found if s.owns(p.path)] for slug, s in SECTIONS.items()}
    return render_template(
        "catalogue_admin/editor_hub.html",
        draft=draft,
        sections=SECTIONS,
        by_section=by_section,
        problems=found,
        editable=may_edit() and draft.status in drafts.EDITABLE,
    )


@bp.route("/ban-nhap/<id:draft_id>/sua/<section>", methods=["GET", "POST"])
@login_required(*READERS)
def editor_section(draft_id, section):
    draft = editable_draft_or_404(draft_id) if request.method == "POST" else draft_or_404(draft_id)
    part = SECTIONS.get(section)
    if part is None:
        abort(404)
    form = part.form() if request.method == "POST" else part.form(data=part.load(dict(draft.bundle)))
    if hasattr(form, "field"):
        form.field.choices = field_choices()
    adding = request.method == "POST" and "them" in request.form
    if not adding and form.validate_on_submit() and (part.check is None or part.check(form, draft.bundle)):
        drafts.save(draft, edited(part, form, draft.bundle), current_staff())
        if services.problems_shown(draft.bundle, part.owns):
            flash(_("Đã lưu. Phần này còn vấn đề cần sửa trước khi gửi duyệt."))
            return redirect(url_for(".editor_section", draft_id=draft.id, section=section), code=303)
        flash(_("Đã lưu phần “%(title)s”.", title=part.title))
        return redirect(url_for(".editor_hub", draft_id=draft.id), code=303)
    if hasattr(form, "rows") and (adding or request.method == "GET"):
        form.rows.append_entry()
    return _section_page(draft, part, form)


def _section_page(draft, part, form):
    template = "catalogue_admin/editor_section.html"
    return render_template(
        template,
        draft=draft,
        part=part,
        form=form,
        problems=services.problems_shown(draft.bundle, part.owns),
        editable=may_edit() and draft.status in drafts.EDITABLE,
        numbers=services.register_numbers() if part.slug == "can-cu" else [],
    )


@bp.get("/ban-nhap/<id:draft_id>/xem-truoc")
@login_required(*READERS)
def editor_preview(draft_id):
    """The online steps as a citizen will see them, and the procedure page's time limits and fees."""
    draft = draft_or_404(draft_id)
    spec, problem = services.form_spec(draft)
    return render_template(
        "catalogue_admin/editor_preview.html",
        draft=draft,
        spec=spec,
        problem=problem,
        rules=draft.bundle.get("rules") or {},
    )


@bp.get("/ban-nhap/<id:draft_id>/mau.<fmt>")
@login_required(*READERS)
def editor_blank(draft_id, fmt):
    """The blank tờ khai from the edited definition (never cached: it changes with every save)."""
    draft = draft_or_404(draft_id)
    if fmt not in BLANK_TYPES:
        abort(404)
    spec, _problem = services.form_spec(draft)
    if spec is None:
        abort(404)
    render, mimetype = BLANK_TYPES[fmt]
    data = render(spec, procedure_code=draft.code, procedure_name=draft.bundle.get("name", ""), lang="vi")
    return send_file(
        io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=f"ban-nhap-{draft.id}.{fmt}"
    )
