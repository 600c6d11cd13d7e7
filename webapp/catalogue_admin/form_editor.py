"""The form editor (/quan-tri/thu-tuc/ban-nhap/<id>/to-khai…): a draft's tờ khai, its steps and fields.

Plain forms and POST buttons do everything; with htmx, the move and remove buttons swap only the list
of steps (the block "steps" of form_overview.html). The province admin changes an editable draft; a
unit admin reads the same pages."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from jinja2_fragments.flask import render_block

from webapp.catalogue_admin import bp
from webapp.catalogue_admin import form_editor_checks as checks
from webapp.catalogue_admin import form_editor_services as services
from webapp.catalogue_admin.access import READERS, draft_or_404, editable_draft_or_404, may_edit
from webapp.catalogue_admin.form_editor_forms import (
    TYPE_LABELS,
    ActionForm,
    CopyRuleError,
    FieldForm,
    HeaderForm,
    NewStepForm,
    PapersForm,
    StepForm,
)
from webapp.forms_engine.dates import local_today
from webapp.identity.session import current_staff, login_required
from webapp.legal.register import by_number, status_on
from webapp.models.legal import LegalDocument
from webapp.versions.drafts import EDITABLE

OVERVIEW = "catalogue_admin/form_overview.html"


def _draft(draft_id):
    """Any reader sees a draft; a change needs the province admin and an editable draft (403, 409)."""
    return editable_draft_or_404(draft_id) if request.method == "POST" else draft_or_404(draft_id)


def _may_change(draft):
    return may_edit() and draft.status in EDITABLE


@bp.route("/ban-nhap/<id:draft_id>/to-khai", methods=["GET", "POST"])
@login_required(*READERS)
def form_overview(draft_id):
    draft = _draft(draft_id)
    form = services.form_of(draft)
    header = HeaderForm(data={key: form.get(key, "") for key in services.HEADER_KEYS})
    if header.validate_on_submit():
        try:
            _require_registered(header.legal_source.data)
            services.save(draft, services.set_header(form, header.values()), current_staff())
        except checks.Refused as refused:
            _show(header, refused, {"title": "title", "title_en": "title_en", "legal_source": "legal_source"})
        else:
            flash(_("Đã lưu thông tin chung của tờ khai."))
            return redirect(url_for(".form_overview", draft_id=draft.id), code=303)
    return render_template(OVERVIEW, **_overview(draft, header=header))


@bp.post("/ban-nhap/<id:draft_id>/to-khai/giay-to")
@login_required(*READERS)
def form_papers(draft_id):
    draft = _draft(draft_id)
    papers = _papers_form(draft)
    if papers.validate_on_submit():
        services.save_papers(draft, papers.papers.data, current_staff())
        flash(_("Đã lưu các giấy tờ do tờ khai trực tuyến thay thế."))
        return redirect(url_for(".form_overview", draft_id=draft.id, _anchor="giay-to"), code=303)
    return render_template(OVERVIEW, **_overview(draft, papers=papers))


@bp.route("/ban-nhap/<id:draft_id>/to-khai/buoc-moi", methods=["GET", "POST"])
@login_required(*READERS)
def form_new_step(draft_id):
    draft = _draft(draft_id)
    page = NewStepForm()
    if page.validate_on_submit():
        form = services.form_of(draft)
        try:
            services.save(draft, services.add_step(form, page.step(), page.first_field()), current_staff())
        except checks.Refused as refused:
            _show(page, refused, _new_step_keys(len(form["steps"]) - 1))
        else:
            flash(_("Đã thêm bước %(key)s.", key=page.key.data))
            return redirect(url_for(".form_step", draft_id=draft.id, key=page.key.data), code=303)
    return render_template("catalogue_admin/form_new_step.html", draft=draft, page=page, may_change=_may_change(draft))


@bp.route("/ban-nhap/<id:draft_id>/to-khai/buoc/<key>", methods=["GET", "POST"])
@login_required(*READERS)
def form_step(draft_id, key):
    draft = _draft(draft_id)
    form = services.form_of(draft)
    step = _step_or_404(form, key)
    page = StepForm(data={"title": step["title"], "title_en": step.get("title_en", "")})
    if request.method == "GET":
        page.fill_copy_rules(step.get("copy_from"))
    if page.validate_on_submit():
        try:
            rules = page.copy_rules()
            services.update_step(form, key, page.title.data, page.title_en.data or "", rules)
            services.save(draft, form, current_staff())
        except CopyRuleError as bad:
            page.copy_from.errors.append(
                _("Dòng %(line)s chưa đúng dạng «trường=giá trị => đích=nguồn».", line=bad.line)
            )
        except checks.Refused as refused:
            _show_step_refusal(page, refused, services.step_index(form, key))
        else:
            flash(_("Đã lưu bước %(key)s.", key=key))
            return redirect(url_for(".form_overview", draft_id=draft.id, _anchor=f"buoc-{key}"), code=303)
    return render_template(
        "catalogue_admin/form_step.html", draft=draft, step=step, page=page, may_change=_may_change(draft)
    )


@bp.post("/ban-nhap/<id:draft_id>/to-khai/buoc/<key>/di-chuyen")
@login_required(*READERS)
def form_move_step(draft_id, key):
    draft = _draft(draft_id)
    return _act(draft, lambda form: services.move_step(form, key, _offset()), _("Đã chuyển bước."))


@bp.post("/ban-nhap/<id:draft_id>/to-khai/buoc/<key>/xoa")
@login_required(*READERS)
def form_remove_step(draft_id, key):
    draft = _draft(draft_id)
    return _act(draft, lambda form: services.remove_step(form, draft.bundle, key), _("Đã xóa bước."))


@bp.route("/ban-nhap/<id:draft_id>/to-khai/buoc/<key>/truong-moi", methods=["GET", "POST"])
@login_required(*READERS)
def form_new_field(draft_id, key):
    return _field_page(_draft(draft_id), key, None)


@bp.route("/ban-nhap/<id:draft_id>/to-khai/buoc/<key>/truong/<name>", methods=["GET", "POST"])
@login_required(*READERS)
def form_field(draft_id, key, name):
    return _field_page(_draft(draft_id), key, name)


@bp.post("/ban-nhap/<id:draft_id>/to-khai/buoc/<key>/truong/<name>/di-chuyen")
@login_required(*READERS)
def form_move_field(draft_id, key, name):
    draft = _draft(draft_id)
    return _act(draft, lambda form: services.move_field(form, key, name, _offset()), _("Đã chuyển trường."))


@bp.post("/ban-nhap/<id:draft_id>/to-khai/buoc/<key>/truong/<name>/xoa")
@login_required(*READERS)
def form_remove_field(draft_id, key, name):
    draft = _draft(draft_id)
    done = _("Đã xóa trường %(name)s.", name=name)
    return _act(draft, lambda form: services.remove_field(form, draft.bundle, key, name), done)


def _field_page(draft, key, name):
    """A field's page: new (name None) or existing; a refused save keeps everything typed."""
    form = services.form_of(draft)
    step = _step_or_404(form, key)
    stored = _field_or_404(step, name) if name else None
    users = services.users_of(draft.bundle, form, name) if name else []
    page = FieldForm().offer_sources(checks.condition_sources(form, key, name))
    if request.method == "GET" and stored:
        page.fill(stored)
    if page.validate_on_submit() and not _bound_errors(page):
        try:
            field = page.values(kept_validation=(stored or {}).get("validation"))
            field.update(services.kept_identity(stored, field))
            services.save(draft, services.put_field(form, draft.bundle, key, name, field), current_staff())
        except checks.Refused as refused:
            _show_field_refusal(page, refused, form, field["name"])
        else:
            flash(_("Đã lưu trường %(name)s.", name=page.name.data))
            return redirect(url_for(".form_overview", draft_id=draft.id, _anchor=f"buoc-{key}"), code=303)
    context = {"draft": draft, "step": step, "name": name, "page": page, "users": users}
    context["may_change"] = _may_change(draft)
    return render_template("catalogue_admin/form_field.html", types=TYPE_LABELS, **context)


def _bound_errors(page):
    wrong = page.bound_errors()
    for field_name, message in wrong.items():
        page[field_name].errors = [*page[field_name].errors, message]
    return wrong


def _act(draft, change, done):
    """A move or remove button: apply, check, save; answer with the steps list (htmx) or the page."""
    refused = None
    if ActionForm().validate_on_submit():
        try:
            services.save(draft, change(services.form_of(draft)), current_staff())
        except checks.Refused as problem:
            refused = problem.message
    else:
        refused = _("Phiên làm việc đã hết hạn; vui lòng thử lại.")
    if request.htmx:
        context = _overview(draft, done=None if refused else done, refused=refused)
        return render_block(OVERVIEW, "steps", **context)
    flash(refused or done, "steps-error" if refused else "steps")  # said in the list, where the page opens
    return redirect(url_for(".form_overview", draft_id=draft.id, _anchor="cac-buoc"), code=303)


def _overview(draft, header=None, papers=None, done=None, refused=None):
    form = services.form_of(draft)
    if header is None:
        header = HeaderForm(formdata=None, data={key: form.get(key, "") for key in services.HEADER_KEYS})
    source = by_number(form.get("legal_source"))
    return {
        "draft": draft,
        "definition": form,
        "header": header,
        "papers": papers or _papers_form(draft, formdata=None),
        "documents": _documents(draft),
        "counted": _counted_fields(draft),
        "types": TYPE_LABELS,
        "may_change": _may_change(draft),
        "source": source,
        "source_status": status_on(source, local_today()) if source else None,
        "register_numbers": [
            d.number for d in LegalDocument.select(LegalDocument.number).order_by(LegalDocument.number)
        ],
        "hub_url": url_for(".editor_hub", draft_id=draft.id),
        "done": done,
        "refused": refused,
    }


def _documents(draft):
    return list(enumerate(((draft.bundle or {}).get("rules") or {}).get("documents") or []))


def _papers_form(draft, formdata=False):
    """Only a document kind ban_chinh can be the tờ khai itself (versions.schema refuses others)."""
    documents = _documents(draft)
    kwargs = {"formdata": None} if formdata is None else {}
    papers = PapersForm(data={"papers": [i for i, d in documents if d.get("online_form")]}, **kwargs)
    papers.papers.choices = [(i, d.get("name", "")) for i, d in documents if d.get("kind") == "ban_chinh"]
    return papers


def _counted_fields(draft):
    fees = ((draft.bundle or {}).get("rules") or {}).get("fees") or []
    return {name for fee in fees for name in services.counted_fields(fee)}


def _require_registered(number):
    if number and by_number(number) is None:
        message = _(
            "Văn bản %(number)s chưa có trong danh mục văn bản pháp luật: thêm văn bản đó trước.", number=number
        )
        raise checks.Refused(message, where="legal_source")


def _offset():
    return -1 if request.form.get("huong") == "len" else 1


def _step_or_404(form, key):
    i = services.step_index(form, key)
    if i is None:
        abort(404)
    return form["steps"][i]


def _field_or_404(step, name):
    for field in step.get("fields") or []:
        if field.get("name") == name:
            return field
    abort(404)


def _new_step_keys(step_i):
    """Where an engine path in the new step's part points, on the new-step page."""
    return {
        "key": "key",
        f"steps[{step_i}].key": "key",
        f"steps[{step_i}].title": "title",
        f"steps[{step_i}].fields[0].name": "field_name",
        f"steps[{step_i}].fields[0].label": "field_label",
        f"steps[{step_i}].fields[0].type": "field_type",
        "field_name": "field_name",
    }


def _show(page, refused, where_to_field):
    """A refusal beside its field when the path maps to one, else above the form."""
    target = where_to_field.get(refused.where) or where_to_field.get(refused.where.rsplit(".", 1)[-1])
    if target:
        page[target].errors = [*page[target].errors, refused.message]
    else:
        page.form_errors.append(refused.message)


def _show_step_refusal(page, refused, step_i):
    if checks.copy_rule_line(refused.where, step_i) is not None:
        page.copy_from.errors.append(refused.message)
    elif refused.where.endswith(".title"):
        page.title.errors.append(refused.message)
    else:
        page.form_errors.append(refused.message)


def _show_field_refusal(page, refused, form, name):
    """Map the refusal to the field's input: a service key ("name", "type") or an engine path into it."""
    place = services.field_place(form, name)
    key = checks.field_key(refused.where, *place) if place else None
    key = key if key is not None else refused.where
    target = key.split(".")[-1] if key.startswith("validation.") else key.split(".")[0].split("[")[0]
    if target == "show_if":  # the condition: the values when the engine names them, else the field it reads
        target = "show_if_values" if key.endswith(".in") else "show_if_field"
    if target == "default":  # the engine's words are English; this is the one it still catches here
        message = _(
            "Giá trị điền sẵn phải là một câu trả lời hợp lệ của trường (đúng kiểu và giới hạn); ô đánh dấu không điền sẵn."
        )
        page.default.errors = [*page.default.errors, message]
    elif target in page._fields and target != "csrf_token":
        page[target].errors = [*page[target].errors, refused.message]
    else:
        page.form_errors.append(refused.message)
