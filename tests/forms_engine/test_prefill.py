"""Copy rules and defaults, as the forms layer applies them before a step is shown."""

from webapp.forms_engine.definition import FormDefinition
from webapp.forms_engine.prefill import copied_names, prefilled

FORM = FormDefinition.from_dict(
    {
        "title": "Tờ khai",
        "steps": [
            {
                "key": "nguoi_yeu_cau",
                "title": "Người yêu cầu",
                "fields": [
                    {"name": "ho_ten", "type": "text", "label": "Họ, chữ đệm, tên"},
                    {"name": "quan_he", "type": "text", "label": "Quan hệ"},
                ],
            },
            {
                "key": "nguoi_duoc_cap",
                "title": "Người được cấp",
                "copy_from": [{"when": {"quan_he": ["bản thân", "ban than"]}, "fields": {"xn_ho_ten": "ho_ten"}}],
                "fields": [
                    {"name": "xn_ho_ten", "type": "text", "label": "Họ, chữ đệm, tên"},
                    {"name": "xn_quoc_tich", "type": "text", "label": "Quốc tịch", "default": "Việt Nam"},
                ],
            },
        ],
    }
)
STEP = FORM.steps[1]


def test_a_typed_relationship_matches_whatever_its_case_spacing_or_accent_composition():
    for typed in ("Bản thân", "  bản   THÂN ", "ban than", "ba\u0309n thân"):
        assert prefilled(STEP, {"ho_ten": "Lê Văn An", "quan_he": typed})["xn_ho_ten"] == "Lê Văn An", typed


def test_another_relationship_copies_nothing_but_defaults_still_apply():
    shown = prefilled(STEP, {"ho_ten": "Lê Văn An", "quan_he": "con"})
    assert "xn_ho_ten" not in shown and shown["xn_quoc_tich"] == "Việt Nam"


def test_an_answer_given_even_empty_is_never_replaced():
    answers = {"ho_ten": "Lê Văn An", "quan_he": "bản thân", "xn_ho_ten": "", "xn_quoc_tich": "Lào"}
    assert prefilled(STEP, answers) == answers


def test_the_copied_fields_are_named_so_the_page_can_say_so():
    assert copied_names(STEP, {"ho_ten": "Lê Văn An", "quan_he": "bản thân"}) == {"xn_ho_ten"}
    assert copied_names(STEP, {"ho_ten": "Lê Văn An", "quan_he": "con"}) == set()
