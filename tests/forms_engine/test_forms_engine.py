"""forms_engine: a strict definition, and two printed faces that show every field of it."""

import copy
import io
import re

import docx
import pytest
import yaml
from pypdf import PdfReader

from webapp.config import ROOT
from webapp.forms_engine import DefinitionError, FormDefinition, render_docx, render_pdf
from webapp.forms_engine.blanks import MOTTO

PROCEDURES_YAML = ROOT / "webapp" / "seed" / "procedures.yaml"
CODE, NAME = "1.001193", "Thủ tục đăng ký khai sinh"

# Every key present, so to_dict() must give back exactly this.
SAMPLE = {
    "title": "Tờ khai đăng ký khai sinh",
    "title_en": "Birth registration declaration",
    "reference": "Mẫu ban hành kèm theo Thông tư số 04/2024/TT-BTP",
    "addressee": "Ủy ban nhân dân xã/phường ……",
    "steps": [
        {
            "key": "nguoi_yeu_cau",
            "title": "Người yêu cầu",
            "title_en": "Applicant",
            "fields": [
                {
                    "name": "ho_ten",
                    "type": "text",
                    "label": "Họ, chữ đệm, tên",
                    "label_en": "Full name",
                    "help": "",
                    "help_en": "",
                    "required": True,
                    "validation": {"max_length": 100},
                    "choices": [],
                    "default": "",
                },
                {
                    "name": "ngay_sinh",
                    "type": "date",
                    "label": "Ngày, tháng, năm sinh",
                    "label_en": "Date of birth",
                    "help": "",
                    "help_en": "",
                    "required": True,
                    "validation": {"not_before": "1900-01-01", "not_after": "today"},
                    "choices": [],
                    "default": "",
                },
                {
                    "name": "so_dinh_danh",
                    "type": "id_number",
                    "label": "Số định danh cá nhân",
                    "label_en": "Personal ID number",
                    "help": "12 chữ số trên thẻ căn cước",
                    "help_en": "12 digits on the ID card",
                    "required": False,
                    "validation": {"pattern": "^[0-9]{12}$", "min_length": 12, "max_length": 12},
                    "choices": [],
                    "default": "",
                },
            ],
            "copy_from": [],
        },
        {
            "key": "nguoi_duoc_khai_sinh",
            "title": "Người được khai sinh",
            "title_en": "The child",
            "fields": [
                {
                    "name": "gioi_tinh",
                    "type": "radio",
                    "label": "Giới tính",
                    "label_en": "Sex",
                    "help": "",
                    "help_en": "",
                    "required": True,
                    "validation": {},
                    "choices": [
                        {"value": "nam", "label": "Nam", "label_en": "Male"},
                        {"value": "nu", "label": "Nữ", "label_en": "Female"},
                    ],
                    "default": "",
                },
                {
                    "name": "noi_sinh",
                    "type": "textarea",
                    "label": "Nơi sinh",
                    "label_en": "Place of birth",
                    "help": "Ghi tên cơ sở y tế",
                    "help_en": "Name of the health facility",
                    "required": False,
                    "validation": {},
                    "choices": [],
                    "default": "",
                },
                {
                    "name": "so_con",
                    "type": "number",
                    "label": "Là con thứ mấy",
                    "label_en": "Birth order",
                    "help": "",
                    "help_en": "",
                    "required": False,
                    "validation": {"min": 1, "max": 20},
                    "choices": [],
                    "default": "",
                },
                {
                    "name": "cam_doan",
                    "type": "checkbox",
                    "label": "Tôi cam đoan những nội dung khai trên đây là đúng sự thật",
                    "label_en": "",
                    "help": "",
                    "help_en": "",
                    "required": True,
                    "validation": {},
                    "choices": [],
                    "default": "",
                },
            ],
            "copy_from": [],
        },
    ],
}


def _seed_forms():
    """Every form of the demo catalogue, so a curator's typo fails here, not on paper."""
    if not PROCEDURES_YAML.exists():
        return []
    data = yaml.safe_load(PROCEDURES_YAML.read_text(encoding="utf-8")) or {}
    return [pytest.param(p["form"], id=str(p["code"])) for p in data.get("procedures", []) if p.get("form")]


ALL_FORMS = [pytest.param(SAMPLE, id="inline"), *_seed_forms()]


def _broken(change):
    data = copy.deepcopy(SAMPLE)
    change(data)
    return data


def _field(data, step, index):
    return data["steps"][step]["fields"][index]


def _set(step, index, **values):
    """A change to a definition: these values set on one field."""
    return lambda data: _field(data, step, index).update(**values)


# --- definition ----------------------------------------------------------------------------

BAD = [
    ("missing title", lambda d: d.pop("title"), "title", "missing"),
    ("unknown form key", lambda d: d.update(colour="red"), "colour", "unknown key"),
    ("steps not a list", lambda d: d.update(steps={}), "steps", "must be a list"),
    ("empty steps", lambda d: d.update(steps=[]), "steps", "must not be empty"),
    ("step without fields", lambda d: d["steps"][1].update(fields=[]), "steps[1].fields", "must not be empty"),
    ("missing step key", lambda d: d["steps"][0].pop("key"), "steps[0].key", "missing"),
    ("duplicate step key", lambda d: d["steps"][1].update(key="nguoi_yeu_cau"), "steps[1].key", "duplicate"),
    ("unknown type", _set(1, 2, type="txt"), "steps[1].fields[2].type", "unknown field type 'txt'"),
    ("type not a string", _set(0, 0, type=3), "steps[0].fields[0].type", "must be a string"),
    ("missing label", lambda d: _field(d, 0, 1).pop("label"), "steps[0].fields[1].label", "missing"),
    ("empty label", _set(0, 1, label=" "), "steps[0].fields[1].label", "must not be empty"),
    ("unknown field key", _set(0, 0, colour="red"), "steps[0].fields[0].colour", "unknown key"),
    (
        "duplicate name across steps",
        _set(1, 1, name="ho_ten"),
        "steps[1].fields[1].name",
        "duplicate field name 'ho_ten'",
    ),
    ("name with capitals", _set(0, 0, name="HoTen"), "steps[0].fields[0].name", "must match"),
    ("name with a dash", _set(0, 0, name="ho-ten"), "steps[0].fields[0].name", "must match"),
    ("name starting with a digit", _set(0, 0, name="1ten"), "steps[0].fields[0].name", "must match"),
    ("required not a boolean", _set(0, 0, required="yes"), "steps[0].fields[0].required", "true or false"),
    ("radio without choices", _set(1, 0, choices=[]), "steps[1].fields[0].choices", "at least one choice"),
    (
        "select without choices",
        _set(1, 0, type="select", choices=None),
        "steps[1].fields[0].choices",
        "at least one choice",
    ),
    (
        "choices on a text field",
        _set(0, 0, choices=[{"value": "a", "label": "A"}]),
        "steps[0].fields[0].choices",
        "only allowed",
    ),
    (
        "choice without label",
        lambda d: _field(d, 1, 0)["choices"][1].pop("label"),
        "steps[1].fields[0].choices[1].label",
        "missing",
    ),
    (
        "duplicate choice value",
        lambda d: _field(d, 1, 0)["choices"][1].update(value="nam"),
        "steps[1].fields[0].choices[1].value",
        "duplicate",
    ),
    (
        "unknown validation key",
        _set(0, 0, validation={"max_len": 5}),
        "steps[0].fields[0].validation.max_len",
        "unknown validation key",
    ),
    (
        "pattern that does not compile",
        _set(0, 2, validation={"pattern": "[0-9"}),
        "steps[0].fields[2].validation.pattern",
        "does not compile",
    ),
    (
        "negative max_length",
        _set(0, 0, validation={"max_length": -1}),
        "steps[0].fields[0].validation.max_length",
        "whole number",
    ),
    ("min not a number", _set(1, 2, validation={"min": "1"}), "steps[1].fields[2].validation.min", "must be a number"),
    ("min above max", _set(1, 2, validation={"min": 5, "max": 1}), "steps[1].fields[2].validation.min", "greater than"),
    ("validation not a mapping", _set(0, 0, validation=[1]), "steps[0].fields[0].validation", "mapping"),
    (
        "day bound that is not a day",
        _set(0, 1, validation={"not_after": "hôm nay"}),
        "steps[0].fields[1].validation.not_after",
        "'today' or a day",
    ),
    (
        "day bound that does not exist",
        _set(0, 1, validation={"not_before": "1900-02-30"}),
        "steps[0].fields[1].validation.not_before",
        "'today' or a day",
    ),
    (
        "day bounds the wrong way round",
        _set(0, 1, validation={"not_before": "2000-01-01", "not_after": "1990-01-01"}),
        "steps[0].fields[1].validation.not_before",
        "greater than",
    ),
    (
        "day bound on a text field",
        _set(0, 0, validation={"not_after": "today"}),
        "steps[0].fields[0].validation.not_after",
        "only for date fields",
    ),
    ("year on a text field", _set(0, 0, validation={"year": True}), "steps[0].fields[0].validation.year", "only"),
    ("year not true", _set(1, 2, validation={"year": "yes"}), "steps[1].fields[2].validation.year", "must be true"),
    ("default not a string", _set(0, 0, default=5), "steps[0].fields[0].default", "must be a string"),
    ("default that fails the field", _set(0, 1, default="31/02/2020"), "steps[0].fields[1].default", "not a valid"),
    ("default on a checkbox", _set(1, 3, default="on"), "steps[1].fields[3].default", "checkbox"),
    (
        "copy rule into an unknown field",
        lambda d: d["steps"][1].update(copy_from=[{"when": {"ho_ten": "x"}, "fields": {"noi_sinhh": "ho_ten"}}]),
        "steps[1].copy_from[0].fields.noi_sinhh",
        "unknown field 'noi_sinhh'",
    ),
    (
        "copy rule from an unknown field",
        lambda d: d["steps"][1].update(copy_from=[{"when": {"ho_ten": "x"}, "fields": {"noi_sinh": "dia_chi"}}]),
        "steps[1].copy_from[0].fields.noi_sinh",
        "unknown field 'dia_chi'",
    ),
    (
        "copy rule from a later step",
        lambda d: d["steps"][0].update(copy_from=[{"when": {"ho_ten": "x"}, "fields": {"ho_ten": "noi_sinh"}}]),
        "steps[0].copy_from[0].when.ho_ten",
        "earlier step",
    ),
    (
        "copy rule on an unknown condition",
        lambda d: d["steps"][1].update(copy_from=[{"when": {"quan_he": "me"}, "fields": {"noi_sinh": "ho_ten"}}]),
        "steps[1].copy_from[0].when.quan_he",
        "unknown field 'quan_he'",
    ),
    (
        "copy rule between types",
        lambda d: d["steps"][1].update(copy_from=[{"when": {"ho_ten": "x"}, "fields": {"so_con": "ngay_sinh"}}]),
        "steps[1].copy_from[0].fields.so_con",
        "cannot copy a date field into a number field",
    ),
    (
        "copy rule with an unknown key",
        lambda d: d["steps"][1].update(copy_from=[{"when": {"ho_ten": "x"}, "fields": {}, "if": 1}]),
        "steps[1].copy_from[0].if",
        "unknown key",
    ),
    (
        "copy rule with nothing to copy",
        lambda d: d["steps"][1].update(copy_from=[{"when": {"ho_ten": "x"}, "fields": {}}]),
        "steps[1].copy_from[0].fields",
        "non-empty mapping",
    ),
]


def test_a_copy_rule_condition_must_name_a_choice_of_a_select():
    data = _broken(lambda d: _field(d, 0, 0).update(type="select", choices=[{"value": "me", "label": "Mẹ"}]))
    data["steps"][1]["copy_from"] = [{"when": {"ho_ten": "ba"}, "fields": {"noi_sinh": "so_dinh_danh"}}]
    with pytest.raises(DefinitionError) as caught:
        FormDefinition.from_dict(data)
    assert caught.value.path == "steps[1].copy_from[0].when.ho_ten" and "not a choice" in caught.value.message


def test_copy_rules_bounds_and_defaults_survive_the_round_trip():
    import datetime

    data = copy.deepcopy(SAMPLE)
    _field(data, 0, 1)["validation"] = {"not_before": datetime.date(1900, 1, 1), "not_after": "today"}
    _field(data, 1, 1)["default"] = "Bệnh viện Đa khoa tỉnh"
    data["steps"][1]["copy_from"] = [{"when": {"ho_ten": ["bản thân", "tôi"]}, "fields": {"noi_sinh": "ho_ten"}}]
    form = FormDefinition.from_dict(data)
    assert form.field("ngay_sinh").validation["not_before"] == "1900-01-01", "YAML's date kept as text (JSON)"
    assert form.steps[1].copy_from[0].fields == (("noi_sinh", "ho_ten"),)
    assert FormDefinition.from_dict(form.to_dict()) == form


@pytest.mark.parametrize(("change", "path", "message"), [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_from_dict_rejects_with_path(change, path, message):
    with pytest.raises(DefinitionError) as caught:
        FormDefinition.from_dict(_broken(change))
    assert caught.value.path == path
    assert message in caught.value.message
    assert str(caught.value).startswith(path)


def test_from_dict_rejects_a_non_mapping():
    with pytest.raises(DefinitionError, match="must be a mapping"):
        FormDefinition.from_dict(["not", "a", "form"])


def test_unknown_type_message_lists_the_types():
    with pytest.raises(DefinitionError) as caught:
        FormDefinition.from_dict(_broken(_set(1, 2, type="txt")))
    assert "expected one of text, textarea, date" in caught.value.message


def test_round_trip():
    form = FormDefinition.from_dict(SAMPLE)
    assert form.to_dict() == SAMPLE
    assert FormDefinition.from_dict(form.to_dict()) == form


def test_optional_keys_default():
    minimal = {
        "title": "Tờ khai",
        "steps": [{"key": "a", "title": "A", "fields": [{"name": "x", "type": "text", "label": "X"}]}],
    }
    form = FormDefinition.from_dict(minimal)
    assert form.fields[0].required is False
    assert form.addressee == "" and dict(form.fields[0].validation) == {}
    assert FormDefinition.from_dict(form.to_dict()) == form


def test_helpers_pick_the_language_with_fallback():
    form = FormDefinition.from_dict(SAMPLE)
    assert [f.name for f in form.fields] == [
        "ho_ten",
        "ngay_sinh",
        "so_dinh_danh",
        "gioi_tinh",
        "noi_sinh",
        "so_con",
        "cam_doan",
    ]
    assert form.title("en") == "Birth registration declaration"
    assert form.title("vi") == form.title == "Tờ khai đăng ký khai sinh"
    assert form.label("ho_ten", "en") == "Full name"
    assert form.label(form.fields[0], "vi") == "Họ, chữ đệm, tên"
    cam_doan = form.field("cam_doan")
    assert form.label(cam_doan, "en") == cam_doan.label  # no English: Vietnamese stands in
    assert form.steps[1].fields[0].choices[1].label("en") == "Female"


def test_definition_is_frozen():
    form = FormDefinition.from_dict(SAMPLE)
    with pytest.raises(AttributeError):
        form.title = "x"
    with pytest.raises(TypeError):
        form.fields[0].validation["max_length"] = 5


# --- the printed faces ---------------------------------------------------------------------


def _render(app, renderer, data, lang="vi"):
    with app.test_request_context():
        return renderer(FormDefinition.from_dict(data), procedure_code=CODE, procedure_name=NAME, lang=lang)


def _flat(text):
    return re.sub(r"\s+", " ", text)


def _pdf_text(data):
    return _flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def _docx_text(data):
    return _flat(" ".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs))


def _expected(data, lang):
    """What a reader must find, in reading order: title, then each step and its fields."""
    form = FormDefinition.from_dict(data)
    texts = [*MOTTO, form.title(lang).upper()]
    for step in form.steps:
        texts.append(step.title(lang))
        for field in step.fields:
            texts.extend([field.label(lang), field.help(lang)])
            texts.extend(choice.label(lang) for choice in field.choices)
    return [_flat(t) for t in texts if t]


def _assert_in_order(text, needles):
    position = 0
    for needle in needles:
        found = text.find(needle, position)
        assert found >= 0, f"{needle!r} missing after position {position}"
        position = found + len(needle)


def test_blank_forms_say_how_to_write_a_date_and_its_bounds(app):
    hint = "Ghi ngày/tháng/năm, ví dụ: 05/09/2025; không trước ngày 01/01/1900; không sau ngày hôm nay."
    assert hint in _pdf_text(_render(app, render_pdf, SAMPLE))
    assert hint in _docx_text(_render(app, render_docx, SAMPLE))


def test_pdf_is_a_vietnamese_a4_form(app):
    data = _render(app, render_pdf, SAMPLE)
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    for label in (
        "Họ, chữ đệm, tên",
        "Ngày, tháng, năm sinh",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ):
        assert label in text
    assert "Kính gửi: Ủy ban nhân dân xã/phường" in text
    assert "Người yêu cầu" in text and "(Ký, ghi rõ họ tên)" in text
    assert "Họ, chữ đệm, tên*" in text  # required fields are marked
    assert f"Mã thủ tục: {CODE}" in text and "Trang 1/1" in text
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert abs(float(page.mediabox.width) - 595.28) < 1
    assert abs(float(page.mediabox.height) - 841.89) < 1


def test_pdf_embeds_its_font(app):
    page = PdfReader(io.BytesIO(_render(app, render_pdf, SAMPLE))).pages[0]
    fonts = page["/Resources"]["/Font"]
    assert fonts
    for font in fonts.values():
        font = font.get_object()
        descendants = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
        for descendant in descendants:
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font.get("/BaseFont")


def test_pdf_metadata(app):
    reader = PdfReader(io.BytesIO(_render(app, render_pdf, SAMPLE, lang="en")))
    assert reader.metadata.title == "Birth registration declaration"
    assert CODE in reader.metadata.subject
    assert reader.metadata.creator == "MotCua"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_pdf_in_english(app):
    text = _pdf_text(_render(app, render_pdf, SAMPLE, lang="en"))
    for label in ("BIRTH REGISTRATION DECLARATION", "Full name", "Date of birth", "Applicant", "Male", "Female"):
        assert label in text
    assert "Họ, chữ đệm, tên" not in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text  # the official header stays Vietnamese


def test_pdf_numbers_its_pages(app):
    long = copy.deepcopy(SAMPLE)
    long["steps"][1]["fields"].extend(
        {"name": f"ghi_chu_{i}", "type": "textarea", "label": f"Ghi chú số {i}"} for i in range(25)
    )
    reader = PdfReader(io.BytesIO(_render(app, render_pdf, long)))
    total = len(reader.pages)
    assert total > 1
    assert f"Trang 1/{total}" in reader.pages[0].extract_text()
    assert f"Trang {total}/{total}" in reader.pages[-1].extract_text()
    _assert_in_order(_pdf_text(_render(app, render_pdf, long)), _expected(long, "vi"))


def test_pdf_without_app_context_uses_the_default_fonts():
    data = render_pdf(FormDefinition.from_dict(SAMPLE), procedure_code=CODE, procedure_name=NAME)
    assert "Họ, chữ đệm, tên" in _pdf_text(data)


def test_pdf_names_a_missing_font(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "PDF_FONT_DIR", str(tmp_path))
    with pytest.raises(RuntimeError, match="DejaVuSans.ttf"):
        _render(app, render_pdf, SAMPLE)


def test_docx_is_an_a4_form(app):
    document = docx.Document(io.BytesIO(_render(app, render_docx, SAMPLE)))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 30
    text = _flat(" ".join(p.text for p in document.paragraphs))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "☐ Nam" in text and "☐ Nữ" in text and "☐ Tôi cam đoan" in text
    assert "(Ký, ghi rõ họ tên)" in text
    props = document.core_properties
    assert props.title == "Tờ khai đăng ký khai sinh" and CODE in props.subject and props.language == "vi"
    footer = section.footer.paragraphs[0]._p.xml
    assert "NUMPAGES" in footer and CODE in footer


def test_docx_in_english(app):
    document = docx.Document(io.BytesIO(_render(app, render_docx, SAMPLE, lang="en")))
    text = _flat(" ".join(p.text for p in document.paragraphs))
    for label in ("BIRTH REGISTRATION DECLARATION", "Full name", "Date of birth", "☐ Male"):
        assert label in text
    assert document.core_properties.language == "en"


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("data", ALL_FORMS)
def test_both_faces_show_every_field_in_order(app, data, lang):
    expected = _expected(data, lang)
    _assert_in_order(_pdf_text(_render(app, render_pdf, data, lang)), expected)
    _assert_in_order(_docx_text(_render(app, render_docx, data, lang)), expected)
