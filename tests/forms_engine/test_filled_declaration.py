"""The tờ khai filled with a dossier's answers: the blank form's layout and renderer, each answer where
its blank was, as a person reads it (a choice by its label, a date as dd/mm/yyyy)."""

import io
import re

import docx
from pypdf import PdfReader

from tests.forms_engine.test_forms_engine import CODE, NAME, SAMPLE
from webapp.forms_engine import FormDefinition, render_docx, render_pdf
from webapp.forms_engine.blanks import build

ANSWERS = {"ho_ten": "Nguyễn Minh Khang", "ngay_sinh": "2025-09-05", "so_dinh_danh": ""}


def _fields(data):
    return FormDefinition.from_dict(data).fields


def _text(data):
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def _filled(app, renderer, answers, **kwargs):
    with app.test_request_context():
        form = FormDefinition.from_dict(SAMPLE)
        return renderer(form, procedure_code=CODE, procedure_name=NAME, answers=answers, **kwargs)


def _choice_field():
    return next(f for f in _fields(SAMPLE) if f.choices)


def test_each_answer_follows_its_label_as_a_person_reads_it(app):
    choice = _choice_field()
    answers = {**ANSWERS, choice.name: choice.choices[-1].value}
    text = _text(_filled(app, render_pdf, answers, stamp="Hồ sơ H42.18073-251203-0001"))
    assert "Họ, chữ đệm, tên*: Nguyễn Minh Khang" in text
    assert "Ngày, tháng, năm sinh*: 05/09/2025" in text  # stored ISO by an older flow, shown dd/mm/yyyy
    assert "Hồ sơ H42.18073-251203-0001" in text
    assert "Số định danh cá nhân: —" in text  # left unanswered: said so, not dotted for a pen


def test_the_chosen_choice_is_ticked_in_the_layout_both_faces_draw(app):
    choice = _choice_field()
    answers = {choice.name: choice.choices[-1].value}
    with app.test_request_context():
        layout = build(FormDefinition.from_dict(SAMPLE), procedure_code=CODE, procedure_name=NAME, answers=answers)
    blank = next(item for item in layout.items if getattr(item, "label", None) == choice.label)
    assert blank.answer == choice.choices[-1].label  # the label, never the stored key
    document = docx.Document(io.BytesIO(_filled(app, render_docx, answers)))
    boxes = next(p.text for p in document.paragraphs if choice.choices[-1].label in p.text and "☒" in p.text)
    assert f"☒\u00a0{choice.choices[-1].label}" in boxes and f"☒\u00a0{choice.choices[0].label}" not in boxes


def test_the_blank_form_stays_blank(app):
    with app.test_request_context():
        text = _text(render_pdf(FormDefinition.from_dict(SAMPLE), procedure_code=CODE, procedure_name=NAME))
    assert "Nguyễn Minh Khang" not in text and ": —" not in text
