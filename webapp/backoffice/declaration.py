"""What the citizen declared, for every officer who opens the dossier: the tờ khai's answers under
its sections, each file with the document of the rule set it stands for, and the tờ khai itself
filled in as PDF (the blank form's renderer, webapp/forms_engine/pdf.py, given the answers).

A dossier typed in at the counter keeps the applicant's and the request's answers (its tờ khai is
on paper, scanned among the files); those are shown under the counter form's own sections.
Identity numbers are masked for the administrators, as in the dossier's facts (`show_id`).
"""

from dataclasses import dataclass

from flask_babel import force_locale

from webapp.backoffice.counter import applicant_step, request_step
from webapp.backoffice.supplement import supplement_rounds
from webapp.dossiers.labels import DOCUMENT_KIND, file_kind, mask_id
from webapp.formatting import local_time
from webapp.forms_engine import render_pdf
from webapp.forms_engine.answers import display_value
from webapp.forms_engine.conditions import applies
from webapp.forms_engine.stored import form_for
from webapp.models.values import COUNTER, FILED


@dataclass
class Section:
    title: str
    answers: list  # (label, text); text "" when unanswered


@dataclass
class FileRow:
    file: object  # the Attachment
    kind: str  # what it is to the dossier (labels.file_kind)
    document: str  # the rule set's document (or form 02's item) it stands for; "" for none


def declared_form(dossier):
    """The form definition the dossier's answers were given to, or None (filed at the counter, or a
    rule set without a tờ khai)."""
    if dossier.channel == COUNTER:
        return None
    return form_for(dossier.rule_set)


def _steps(dossier):
    if dossier.channel == COUNTER:
        return (applicant_step(), request_step(dossier.rule_set))
    form = declared_form(dossier)
    return form.steps if form else ()  # a rule set without a tờ khai: nothing was asked


def answers_shown(dossier, steps, show_id):
    """The dossier's answers, with every identity number masked unless `show_id`."""
    answers = dict(dossier.answers or {})
    if not show_id:
        for field in (f for step in steps for f in step.fields if f.type == "id_number"):
            if isinstance(answers.get(field.name), str):
                answers[field.name] = mask_id(answers[field.name])
    return answers


def sections(dossier, lang, show_id):
    """The answers grouped as the citizen gave them, each under its label in `lang`; a field asked only on
    an earlier answer (show_if) is listed only when it applied."""
    steps = _steps(dossier)
    answers = answers_shown(dossier, steps, show_id)
    form = declared_form(dossier)
    shown = applies(form, answers) if form else {f.name for step in steps for f in step.fields}
    return [
        Section(step.title(lang), [_answer(f, answers, lang) for f in step.fields if f.name in shown]) for step in steps
    ]


def _answer(field, answers, lang):
    value = answers.get(field.name)
    return field.label(lang), display_value(field, value, lang) if value not in (None, "") else ""


def file_rows(dossier, files, steps):
    """Each file with what it is and the document it answers (`steps`: the dossier's timeline, for
    form 02's items, which a supplement's index points into)."""
    documents = dossier.rule_set.documents or []
    items = {r["file"].id: r["item"] for round_ in supplement_rounds(steps, files) for r in round_["files"]}
    return [FileRow(f, str(file_kind(f)), _document(f, documents, items)) for f in files]


def _document(attachment, documents, supplement_items):
    if attachment.id in supplement_items:
        return supplement_items[attachment.id]
    if attachment.kind != FILED or not 0 <= attachment.document_index < len(documents):
        return ""
    document = documents[attachment.document_index]
    kind = DOCUMENT_KIND.get(document.get("kind"))
    return f"{document['name']} ({kind})" if kind else document["name"]


def filled_pdf(dossier, show_id):
    """The tờ khai filled with the dossier's answers, as PDF bytes; None without a tờ khai. Always
    Vietnamese: it is the citizen's paper, whatever language the officer browses in."""
    form = declared_form(dossier)
    if form is None:
        return None
    with force_locale("vi"):
        stamp = f"Hồ sơ {dossier.code} · nộp trực tuyến lúc {local_time(dossier.submitted_at)}"
        return render_pdf(
            form,
            procedure_code=dossier.procedure.code,
            procedure_name=dossier.procedure.name,
            answers=answers_shown(dossier, form.steps, show_id),
            stamp=stamp,
        )
