"""The officers' declaration lists, and the filled tờ khai prints, only the fields that applied to the
citizen's answers (show_if); the form is extended for this test only, in its own database."""

import io
import re

import pypdf

from tests.factories import make_draft
from webapp.backoffice.declaration import filled_pdf, sections
from webapp.forms_engine import stored
from webapp.models import FormDefinition
from webapp.workflow.intake import submit

WHO = {
    "name": "nguoi_nop",
    "type": "select",
    "label": "Người nộp",
    "choices": [{"value": "ban_than", "label": "Chính người yêu cầu"}, {"value": "nguoi_khac", "label": "Người khác"}],
}
PROXY = {
    "name": "so_uy_quyen",
    "type": "text",
    "label": "Số văn bản ủy quyền",
    "show_if": {"field": "nguoi_nop", "in": ["nguoi_khac"]},
}


def test_only_the_fields_that_applied_are_shown_and_printed(ctx):
    draft = make_draft()
    row = FormDefinition.get(FormDefinition.rule_set == draft.rule_set)
    definition = row.definition
    definition["steps"][0]["fields"] += [WHO, PROXY]
    row.definition = definition
    row.save()
    stored._specs.clear()
    try:
        draft.answers = {**draft.answers, "nguoi_nop": "ban_than", "so_uy_quyen": "typed before it was hidden"}
        draft.save()
        dossier, _ = submit(draft, stored.form_for(draft.rule_set))
        labels = [label for section in sections(dossier, "vi", True) for label, _text in section.answers]
        assert "Người nộp" in labels and "Số văn bản ủy quyền" not in labels
        pages = pypdf.PdfReader(io.BytesIO(filled_pdf(dossier, True))).pages
        text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))
        assert "Chính người yêu cầu" in text and "Số văn bản ủy quyền" not in text
    finally:
        stored._specs.clear()
