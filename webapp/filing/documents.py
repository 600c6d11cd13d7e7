"""The documents page of the filing flow: one or more files per required paper, uploaded, or chosen
from "Giấy tờ của tôi" (a result this system issued) by a citizen signed in on their own draft."""

from flask import abort, redirect, render_template, request
from flask_babel import gettext as _

from webapp.bounded import whole_number
from webapp.dossiers.files import (
    UploadError,
    draft_allowance,
    issued_result,
    issued_results,
    originals_of,
    reuse_result,
    room_left,
    send_attachment,
    store_upload,
    uploadable,
)
from webapp.dossiers.images import max_image_side
from webapp.dossiers.labels import document_name
from webapp.filing import bp, resumable
from webapp.filing.flow import Flow, draft_or_404
from webapp.filing.phone import code_sent_ahead
from webapp.i18n import current_lang
from webapp.identity.citizen import current_citizen
from webapp.models import Attachment
from webapp.models.values import FILED


def files_by_document(draft):
    """{document index: the draft's files for that paper, in the order they came}."""
    grouped = {}
    query = Attachment.select().where(Attachment.draft == draft, Attachment.kind == FILED).order_by(Attachment.id)
    for attachment in query:
        grouped.setdefault(attachment.document_index, []).append(attachment)
    return grouped


def files_under_papers(draft):
    """[(paper's name, its files)] for the check page, in the rule set's order; a file whose paper the
    rule set no longer lists comes last under "Giấy tờ khác"."""
    grouped = files_by_document(draft)
    documents = draft.rule_set.documents
    listed = [(document_name(documents[i]), grouped.pop(i)) for i in range(len(documents)) if i in grouped]
    others = [f for files in grouped.values() for f in files]
    return listed + ([(_("Giấy tờ khác"), others)] if others else [])


@bp.route("/nop/<token>/giay-to", methods=["GET", "POST"])
def documents(token):
    flow = Flow(draft_or_404(token), current_lang())
    papers = uploadable(flow.draft.rule_set)
    errors = {}
    if request.method == "POST":
        indexes = {i for i, _ in papers}
        for key, storage in request.files.items(multi=True):
            index = _index_of(key)
            if index not in indexes or not storage or not storage.filename:
                continue
            try:
                store_upload(storage, document_index=index, draft=flow.draft)
            except UploadError as problem:
                errors.setdefault(index, []).append(f"{_clean_name(storage.filename)}: {problem}")
        # With JavaScript the files came beforehand in chunks; their refusals are shown the same way.
        for index, message in resumable.settle(flow.draft, request.form.getlist("upload")):
            errors.setdefault(index, []).append(message)
        # Papers chosen from "Giấy tờ của tôi" go with any button, like files picked but not yet sent.
        for index, message in _reuse_chosen(flow.draft, indexes):
            errors.setdefault(index, []).append(message)
        if not errors and request.form.get("action") == "continue":
            return redirect(flow.url("check") if flow.draft.phone_verified_at else code_sent_ahead(flow), code=303)
        if not errors:
            return redirect(flow.url("documents"), code=303)
    files = files_by_document(flow.draft)
    return render_template(
        "filing/documents.html",
        flow=flow,
        papers=papers,
        files=files,
        issued=_reusable(flow.draft),
        reused=originals_of([f for slot in files.values() for f in slot]),
        online_forms=[doc for doc in flow.draft.rule_set.documents if doc.get("online_form")],
        errors=errors,
        max_side=max_image_side(),
        room_left=room_left(*draft_allowance(flow.draft)),
    )


def _own_draft_citizen(draft):
    """The signed-in citizen if the draft is theirs (they started it signed in), else None."""
    citizen = current_citizen()
    return citizen if citizen is not None and draft.citizen_key == citizen.key else None


def _reusable(draft):
    """The results the draft's own signed-in citizen may attach; [] for anyone else."""
    citizen = _own_draft_citizen(draft)
    return issued_results(citizen.key) if citizen else []


def _reuse_chosen(draft, indexes):
    """Attach a copy of each result chosen (`reuse-<index>`: its id); yields (index, refusal) for the
    ones refused: not this citizen's own result, or no room left on the draft."""
    for key, value in request.form.items(multi=True):
        index = _index_of(key, prefix="reuse")
        if index not in indexes or not value:
            continue
        citizen = _own_draft_citizen(draft)
        original = issued_result(citizen.key, whole_number(value)) if citizen else None
        if original is None:
            yield index, _("Giấy tờ đã chọn không có trong Giấy tờ của tôi. Vui lòng chọn lại hoặc tải lên bản chụp.")
            continue
        try:
            reuse_result(original, draft, index)
        except UploadError as problem:
            yield index, f"{original.original_name}: {problem}"


@bp.post("/nop/<token>/tep/<id:attachment_id>/xoa")
def remove_file(token, attachment_id):
    from webapp.dossiers.files import delete_attachment_files

    flow = Flow(draft_or_404(token), current_lang())
    attachment = _own_attachment(flow.draft, attachment_id)
    delete_attachment_files([attachment])
    attachment.delete_instance()
    return redirect(flow.url("documents"), code=303)


@bp.get("/nop/<token>/tep/<id:attachment_id>")
def show_file(token, attachment_id):
    draft = draft_or_404(token, allow_submitted=True)
    return send_attachment(_own_attachment(draft, attachment_id))


def _own_attachment(draft, attachment_id):
    attachment = Attachment.get_or_none(Attachment.id == attachment_id, Attachment.draft == draft)
    if attachment is None:
        abort(404)
    return attachment


def _index_of(key, prefix="doc"):
    named, _, number = key.partition("-")
    return whole_number(number) if named == prefix else None


def _clean_name(name):
    return name.replace("\\", "/").rsplit("/", 1)[-1][:80]
