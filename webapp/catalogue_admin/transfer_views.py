"""Import and export (/quan-tri/thu-tuc): a procedure as one YAML/JSON file (/<code>/xuat.yaml,
/<code>/xuat.json), a file brought back as a draft (/nhap), and the province's published list
compared with the catalogue (/nhap-danh-muc). Admins read and download; the province admin imports.
Nothing here publishes: every import ends as drafts a second admin approves."""

import json

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.bounded import INT_MAX, whole_number
from webapp.catalogue_admin import bp
from webapp.catalogue_admin.access import READERS, may_edit, procedure_or_404, require_editor
from webapp.catalogue_admin.transfer_forms import (
    ANNEX_LIMIT,
    BUNDLE_LIMIT,
    MAX_CHOSEN,
    AnnexDraftsForm,
    AnnexForm,
    BundleForm,
    read_upload,
)
from webapp.dossiers.labels import TIER
from webapp.identity.session import current_staff, login_required
from webapp.models import Procedure, RuleSet
from webapp.versions import drafts
from webapp.versions.annex import AnnexError, AnnexRow, compare, read_annex
from webapp.versions.annex_drafts import create_drafts
from webapp.versions.bundle import Problem
from webapp.versions.transfer import check_bundle, export_bundle, import_bundle
from webapp.versions.wording import in_words

MIMETYPES = {"yaml": "application/yaml; charset=utf-8", "json": "application/json; charset=utf-8"}
ANNEX_REFUSALS = {
    "encoding": _l("Tệp không phải bảng tính XLSX, cũng không phải văn bản CSV mã UTF-8."),
    "binary": _l("Tệp không phải bảng tính XLSX, cũng không phải văn bản CSV."),
    "not_xlsx": _l("Tệp nén này không phải bảng tính XLSX (có thể là tệp Word hoặc tệp hỏng)."),
    "no_header": _l("Không tìm thấy dòng tiêu đề có cột “Mã thủ tục” và “Tên thủ tục” trong 30 dòng đầu."),
    "too_big": _l("Danh mục quá dài (tối đa 5.000 dòng)."),
    "csv": _l("Tệp CSV không đúng định dạng (có ký tự xuống dòng lạ hoặc ô quá dài)."),
}
CHANGE_LABELS = {
    "code": _l("Mã thủ tục"),
    "name": _l("Tên thủ tục"),
    "time_limit": _l("Thời hạn giải quyết"),
    "fee": _l("Phí, lệ phí"),
    "legal": _l("Căn cứ pháp lý"),
    "tier": _l("Cấp thực hiện"),
    "rest": _l("Lĩnh vực, trình tự, hồ sơ, kết quả, tờ khai"),
}


@bp.get("/<code>/xuat.<any(yaml, json):fmt>")
@login_required(*READERS)
def export(code, fmt):
    """The newest version, or ?phien-ban=N."""
    procedure = procedure_or_404(code)
    rule_set = None
    if request.args.get("phien-ban"):
        version = whole_number(request.args["phien-ban"], low=1, high=INT_MAX)
        rule_set = procedure.rule_sets.where(RuleSet.version == version).first() if version else None
        if rule_set is None:
            abort(404)
    name = f"thu-tuc-{procedure.code}" + (f"-v{rule_set.version}" if rule_set else "") + f".{fmt}"
    return Response(
        export_bundle(procedure, fmt, rule_set),
        mimetype=MIMETYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/xuat")
@login_required(*READERS)
def export_chosen():
    """The import page's "download a procedure" form (a plain GET form, no script)."""
    fmt = request.args.get("dang") if request.args.get("dang") in MIMETYPES else "yaml"
    procedure = procedure_or_404((request.args.get("ma") or "").strip()[:16])
    return redirect(url_for(".export", code=procedure.code, fmt=fmt), code=303)


@bp.route("/nhap", methods=["GET", "POST"])
@login_required(*READERS)
def import_bundle_page():
    form, problems, open_draft = BundleForm(), [], None
    if request.method == "POST":
        require_editor()
    if form.validate_on_submit():
        data = read_upload(form.tep, BUNDLE_LIMIT)
        if data is not None:
            bundle, problems = _checked(data)
            if not problems:
                try:
                    draft, added = import_bundle(bundle, current_staff())
                except drafts.DraftError as refused:  # "already-open": one open draft per procedure
                    open_draft = refused.draft
                else:
                    _flash_imported(draft, added)
                    return redirect(draft_url(draft.id), code=303)
    shown = [(p.line, p.path, in_words(p)) for p in sorted(problems, key=_by_line)]
    procedures = Procedure.select(Procedure.code, Procedure.name).order_by(Procedure.code)
    return render_template(
        "catalogue_admin/import.html",
        form=form,
        problems=shown,
        may_edit=may_edit(),
        procedures=procedures,
        open_draft=open_draft,
    )


def _checked(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem("", "not UTF-8", "encoding")]
    return check_bundle(text)


def _by_line(problem):
    return (problem.line is None, problem.line or 0, problem.path)


def _flash_imported(draft, added):
    flash(_("Đã nhập tệp thành bản nháp của thủ tục %(code)s; chưa có gì được công bố.", code=draft.code))
    if added:
        flash(_("Đã thêm vào danh mục văn bản: %(numbers)s.", numbers=", ".join(added)))


def draft_url(draft_id):
    return url_for("catalogue_admin.draft_overview", draft_id=draft_id)


@bp.route("/nhap-danh-muc", methods=["GET", "POST"])
@login_required(*READERS)
def import_annex_page():
    form, diff = AnnexForm(), None
    if request.method == "POST":
        require_editor()
    if form.validate_on_submit():
        data = read_upload(form.tep, ANNEX_LIMIT)
        if data is not None:
            try:
                diff = compare(read_annex(data))
            except AnnexError as refused:
                form.tep.errors = [ANNEX_REFUSALS[refused.reason]]
    return render_template(
        "catalogue_admin/import_annex.html",
        form=form,
        diff=diff,
        choose=AnnexDraftsForm(formdata=None),
        may_edit=may_edit(),
        change_labels=CHANGE_LABELS,
        tiers=TIER,
        row_json=_row_json,
    )


def _row_json(row):
    return json.dumps(row.as_dict(), ensure_ascii=False)


@bp.post("/nhap-danh-muc/tao-ban-nhap")
@login_required(*READERS)
def import_annex_drafts():
    require_editor()
    form = AnnexDraftsForm()
    rows = _posted_rows(form.rows.data or []) if form.validate_on_submit() else []
    if not rows:
        flash(_("Chưa chọn thủ tục nào để tạo bản nháp."))
        return redirect(url_for(".import_annex_page"), code=303)
    made = create_drafts(rows, current_staff())
    return render_template(
        "catalogue_admin/import_annex_done.html", made=made, change_labels=CHANGE_LABELS, draft_url=draft_url
    )


def _posted_rows(values):
    rows = []
    for value in values[:MAX_CHOSEN]:
        try:
            row = AnnexRow.from_dict(json.loads(value))
        except (ValueError, RecursionError):  # not JSON, or nested beyond reason
            row = None
        if row is not None:
            rows.append(row)
    return rows
