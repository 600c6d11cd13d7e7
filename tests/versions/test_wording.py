"""Every problem the form definition checks raise reaches the admin in Vietnamese (import page, draft
overview, editor preview): no English sentence of the forms engine is shown."""

import re

import pytest

from webapp.forms_engine import DefinitionError, FormDefinition
from webapp.versions.bundle import Problem
from webapp.versions.wording import form_words, in_words

# One message per raise site of webapp/forms_engine/checks.py and conditions.py, as they word them.
ENGINE_MESSAGES = [
    "field must be a mapping, not list",
    "copy rule must be a mapping, not string",
    "unknown key 'lable'; expected one of name, type, label",
    "missing required key 'name' in field",
    "'label' must be a string, not int",
    "'label' must not be empty",
    "'Ho Ten' must match ^[a-z][a-z0-9_]*$ (lower-case ASCII, digits, _)",
    "'steps' must be a list, not mapping",
    "duplicate field name 'ho_ten' (first used at steps[0].fields[0])",
    "'when' must be a non-empty mapping, not list",
    "unknown field 'gioi_tinh'; it must be a field of an earlier step",
    "a condition's value must be a string or a non-empty list of strings",
    "'x' is not a choice of 'gioi_tinh'; expected one of nam, nu",
    "unknown field 'ten'; a copy goes into a field of this step",
    "cannot copy a date field into a number field",
    "unknown field type 'chu_ky'; expected one of text, number, date",
    "'required' must be true or false, not string",
    "a checkbox has no default: the person ticks it",
    "default 'abc' is not a valid answer (number)",
    "a select field needs at least one choice",
    "choices are only allowed for select and radio fields",
    "'validation' must be a mapping, not list",
    "unknown validation key 'max_len'; expected one of min_length, max_length",
    "a day bound must be 'today' or a day written YYYY-MM-DD, not 'hom nay'",
    "'year' is only for number fields, not text",
    "'not_before' is only for date fields and numbers with 'year: true'",
    "'year' must be true when present, not False",
    "'max_length' must be a whole number ≥ 0, not -1",
    "'max' must be a number, not 'nhieu'",
    "'max' must be between -10^15 and 10^15, not inf",
    "'pattern' must be a string, not int",
    "pattern does not compile: missing ), unterminated subpattern at position 0",
    "'min' (5) is greater than 'max' (3)",
    "'show_if' must be a mapping with 'field' and 'in'",
    "unknown key 'value'; expected one of field, in",
    "'field' must name a field before this one",
    "'in' must be a non-empty list of values",
    "'in' lists a value twice",
    "'ket_hon' comes after this field; a condition names a field before it",
    "'ket_hon' is not a field of this form; a condition names a field before it",
    "'ho_ten' is a text field; a condition reads a choice or a checkbox",
    "'ly_hon' is not a value of 'tinh_trang'; expected one of doc_than, da_ket_hon",
    "unknown identity claim 'quoc_tich'; expected one of full_name, id_number, birthdate, sex, address",
    "the claim 'birthdate' goes into a field of type date, not text",
    "the claim 'sex' needs choices for Nam and Nữ (by value or label)",
    "duplicate identity claim 'full_name' (first used at steps[0].fields[0].identity)",
]

# English words of the engine's messages that must never reach the admin (identifiers aside).
ENGLISH = re.compile(r"\b(must|unknown|expected|field of|mapping, not|is not|only for|cannot|needs|duplicate)\b")


@pytest.mark.parametrize("message", ENGINE_MESSAGES)
def test_every_engine_message_is_worded_in_vietnamese(app, message):
    with app.test_request_context():
        words = form_words(message)
    assert not words.startswith("Tờ khai chưa đọc được"), message  # a pattern matched, not the fallback
    assert not ENGLISH.search(words.replace("(mapping)", "")), words


def test_the_type_a_file_wrote_is_named_in_vietnamese(app):
    with app.test_request_context():
        assert form_words("field must be a mapping, not list") == "Cần một nhóm khóa (mapping), tệp ghi danh sách."
        assert form_words("'min' (5) is greater than 'max' (3)") == "“min” (5) lớn hơn “max” (3)."


@pytest.mark.parametrize(
    "definition",
    [
        {
            "title": "T",
            "steps": [{"title": "B", "fields": [{"name": "a", "type": "text", "label": "A", "show_if": 3}]}],
        },
        {"title": "T", "steps": [{"title": "B", "fields": [{"name": "a", "type": "select", "label": "A"}]}]},
        {
            "title": "T",
            "steps": [
                {"title": "B", "fields": [{"name": "a", "type": "text", "label": "A", "validation": {"max_len": 3}}]}
            ],
        },
        {
            "title": "T",
            "steps": [{"title": "B", "fields": [{"name": "a", "type": "checkbox", "label": "A", "default": "co"}]}],
        },
    ],
)
def test_real_definition_errors_are_worded(app, definition):
    with pytest.raises(DefinitionError) as caught:
        FormDefinition.from_dict(definition)
    with app.test_request_context():
        words = in_words(Problem(f"form.{caught.value.path}", caught.value.message, "form"))
    assert not words.startswith("Tờ khai chưa đọc được"), caught.value.message
    assert not ENGLISH.search(words.replace("(mapping)", "")), words


def test_an_unknown_message_gets_a_vietnamese_sentence_without_the_english(app):
    with app.test_request_context():
        words = form_words("something new went wrong")
    assert "something" not in words and words.startswith("Tờ khai")


def test_a_syntax_error_names_its_line_and_marks_the_parser_detail_as_english(app):
    problem = Problem("", "syntax: x", "syntax", {"format": "YAML", "detail": "expected ',' or ']' <here>"}, 3)
    with app.test_request_context():
        words = str(in_words(problem))
    assert words.startswith("Lỗi cú pháp YAML ở dòng 3.")
    assert '<span lang="en">expected &#39;,&#39; or &#39;]&#39; &lt;here&gt;</span>' in words
