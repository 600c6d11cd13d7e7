"""Fields asked only on an earlier answer (show_if): read strictly, dropped when they do not apply,
required only when they do, and on paper kept in place with «(chỉ khai nếu …)»."""

import copy
import io
import re

import docx
import pytest
from pypdf import PdfReader

from webapp.forms_engine import DefinitionError, FormDefinition, render_docx, render_pdf
from webapp.forms_engine.answers import clean_step
from webapp.forms_engine.conditions import applies, applying, step_fields

RELATION = {
    "name": "quan_he",
    "type": "radio",
    "label": "Quan hệ với người được khai",
    "required": True,
    "choices": [
        {"value": "ban_than", "label": "Bản thân"},
        {"value": "me", "label": "Mẹ"},
        {"value": "cha", "label": "Cha"},
    ],
}
DATA = {
    "title": "Tờ khai thử",
    "steps": [
        {
            "key": "nguoi_yeu_cau",
            "title": "Người yêu cầu",
            "fields": [
                {"name": "ho_ten", "type": "text", "label": "Họ, chữ đệm, tên", "required": True},
                RELATION,
                {
                    "name": "giay_uy_quyen",
                    "type": "text",
                    "label": "Số giấy ủy quyền",
                    "required": True,
                    "show_if": {"field": "quan_he", "in": ["me", "cha"]},
                },
                {"name": "co_ban_sao", "type": "checkbox", "label": "Cần bản sao"},
            ],
        },
        {
            "key": "ban_sao",
            "title": "Bản sao",
            "fields": [
                {
                    "name": "so_ban_sao",
                    "type": "number",
                    "label": "Số bản sao",
                    "required": True,
                    "show_if": {"field": "co_ban_sao", "in": ["co"]},
                },
                {"name": "ghi_chu", "type": "text", "label": "Ghi chú"},
            ],
        },
    ],
}
FORM = FormDefinition.from_dict(DATA)


def _with(show_if, step=0, index=2):
    data = copy.deepcopy(DATA)
    data["steps"][step]["fields"][index]["show_if"] = show_if
    return data


def test_a_condition_is_read_and_kept_by_to_dict():
    field = FORM.field("giay_uy_quyen")
    assert field.show_if.field == "quan_he" and field.show_if.values == ("me", "cha")
    assert FORM.to_dict()["steps"][0]["fields"][2]["show_if"] == {"field": "quan_he", "in": ["me", "cha"]}
    assert "show_if" not in FORM.to_dict()["steps"][0]["fields"][0]  # stored definitions stay as they were
    assert FormDefinition.from_dict(FORM.to_dict()) == FORM


@pytest.mark.parametrize(
    "show_if, step, index, path, words",
    [
        ({"field": "khong_co", "in": ["me"]}, 0, 2, "steps[0].fields[2].show_if.field", "not a field of this form"),
        ({"field": "co_ban_sao", "in": ["co"]}, 0, 2, "steps[0].fields[2].show_if.field", "comes after this field"),
        ({"field": "ghi_chu", "in": ["x"]}, 1, 0, "steps[1].fields[0].show_if.field", "comes after this field"),
        ({"field": "quan_he", "in": ["ong"]}, 0, 2, "steps[0].fields[2].show_if.in", "'ong' is not a value"),
        ({"field": "co_ban_sao", "in": ["yes"]}, 1, 1, "steps[1].fields[1].show_if.in", "'yes' is not a value"),
        ({"field": "ho_ten", "in": ["x"]}, 0, 2, "steps[0].fields[2].show_if.field", "a condition reads a choice"),
        ({"field": "giay_uy_quyen", "in": ["x"]}, 0, 2, "steps[0].fields[2].show_if.field", "comes after"),
        ({"field": "quan_he", "in": []}, 0, 2, "steps[0].fields[2].show_if.in", "non-empty list"),
        ({"field": "quan_he", "in": "me"}, 0, 2, "steps[0].fields[2].show_if.in", "non-empty list"),
        ({"field": "quan_he", "in": ["me"], "khi": 1}, 0, 2, "steps[0].fields[2].show_if.khi", "unknown key"),
        ("quan_he", 0, 2, "steps[0].fields[2].show_if", "must be a mapping"),
    ],
)
def test_a_bad_condition_is_refused_with_its_path(show_if, step, index, path, words):
    with pytest.raises(DefinitionError) as refused:
        FormDefinition.from_dict(_with(show_if, step, index))
    assert refused.value.path == path and words in refused.value.message


def test_a_field_shown_on_this_steps_answer_is_required_only_when_it_applies():
    step = FORM.steps[0]
    answers, errors = clean_step(step, {"ho_ten": "Lê Thị Hoa", "quan_he": "me"})
    assert errors == {"giay_uy_quyen": "Vui lòng nhập số giấy ủy quyền."}
    answers, errors = clean_step(step, {"ho_ten": "Lê Thị Hoa", "quan_he": "me", "giay_uy_quyen": "12/UQ"})
    assert errors == {} and answers["giay_uy_quyen"] == "12/UQ"
    answers, errors = clean_step(step, {"ho_ten": "Lê Thị Hoa", "quan_he": "ban_than", "giay_uy_quyen": "12/UQ"})
    assert errors == {} and "giay_uy_quyen" not in answers  # typed while hidden: not kept


def test_a_field_shown_on_an_earlier_steps_answer_follows_it():
    step = FORM.steps[1]
    assert [f.name for f in step_fields(step, {"co_ban_sao": False})] == ["ghi_chu"]
    assert [f.name for f in step_fields(step, {"co_ban_sao": True})] == ["so_ban_sao", "ghi_chu"]
    answers, errors = clean_step(step, {"so_ban_sao": "3"}, earlier={"co_ban_sao": False})
    assert errors == {} and answers == {"ghi_chu": ""}
    _, errors = clean_step(step, {}, earlier={"co_ban_sao": True})
    assert set(errors) == {"so_ban_sao"}


def test_answers_of_fields_that_no_longer_apply_are_dropped_in_a_chain():
    data = copy.deepcopy(DATA)
    data["steps"][1]["fields"][1]["show_if"] = {"field": "so_ban_sao_loai", "in": ["a"]}
    data["steps"][1]["fields"].insert(
        1,
        {
            "name": "so_ban_sao_loai",
            "type": "select",
            "label": "Loại bản sao",
            "choices": [{"value": "a", "label": "A"}],
            "show_if": {"field": "co_ban_sao", "in": ["co"]},
        },
    )
    form = FormDefinition.from_dict(data)
    stored = {"quan_he": "ban_than", "giay_uy_quyen": "12/UQ", "co_ban_sao": False, "so_ban_sao": 2}
    stored |= {"so_ban_sao_loai": "a", "ghi_chu": "x", "khac": 1}
    assert applying(form, stored) == {"quan_he": "ban_than", "co_ban_sao": False, "khac": 1}
    assert "ghi_chu" in applies(form, {**stored, "co_ban_sao": True})


def _text(pdf_or_docx, kind):
    if kind == "pdf":
        return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_or_docx)).pages))
    return re.sub(r"\s+", " ", " ".join(p.text for p in docx.Document(io.BytesIO(pdf_or_docx)).paragraphs))


@pytest.mark.parametrize("renderer, kind", [(render_pdf, "pdf"), (render_docx, "docx")])
def test_a_blank_form_keeps_a_conditional_field_with_when_to_fill_it(app, renderer, kind):
    with app.test_request_context():
        text = _text(renderer(FORM, procedure_code="1.0", procedure_name="Thử"), kind)
    assert "Số giấy ủy quyền" in text
    assert "(chỉ khai nếu Quan hệ với người được khai là Mẹ hoặc Cha)" in text
    assert "(chỉ khai nếu đã đánh dấu «Cần bản sao»)" in text


def test_a_filled_form_shows_only_the_fields_that_apply(app):
    answers = {"ho_ten": "Lê Thị Hoa", "quan_he": "ban_than", "co_ban_sao": True, "so_ban_sao": 2, "ghi_chu": ""}
    with app.test_request_context():
        text = _text(render_pdf(FORM, procedure_code="1.0", procedure_name="Thử", answers=answers), "pdf")
    assert "Số giấy ủy quyền" not in text and "chỉ khai nếu" not in text
    assert "Số bản sao*: 2" in text
