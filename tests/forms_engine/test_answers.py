"""The online face of the form definition: Vietnamese checks on each kind of answer."""

import datetime

import pytest

from webapp.forms_engine.answers import clean_step
from webapp.forms_engine.definition import FormDefinition

FORM = FormDefinition.from_dict(
    {
        "title": "Tờ khai thử",
        "steps": [
            {
                "key": "a",
                "title": "Người yêu cầu",
                "fields": [
                    {
                        "name": "ho_ten",
                        "type": "text",
                        "label": "Họ, chữ đệm, tên",
                        "required": True,
                        "validation": {"max_length": 10},
                    },
                    {"name": "cccd", "type": "id_number", "label": "Số CCCD", "required": True},
                    {"name": "ngay_sinh", "type": "date", "label": "Ngày sinh"},
                    {"name": "dien_thoai", "type": "phone", "label": "Điện thoại"},
                    {"name": "email", "type": "email", "label": "Email"},
                    {"name": "so_ban", "type": "number", "label": "Số bản", "validation": {"min": 1, "max": 10}},
                    {
                        "name": "gioi_tinh",
                        "type": "radio",
                        "label": "Giới tính",
                        "required": True,
                        "choices": [{"value": "nam", "label": "Nam"}, {"value": "nu", "label": "Nữ"}],
                    },
                    {"name": "cam_doan", "type": "checkbox", "label": "Tôi cam đoan", "required": True},
                ],
            }
        ],
    }
)
STEP = FORM.steps[0]
GOOD = {
    "ho_ten": "Lê Văn B",
    "cccd": "042 095 001 234",
    "ngay_sinh": "5/9/2025",
    "dien_thoai": "+84 912 345 678",
    "email": "b@example.vn",
    "so_ban": "2",
    "gioi_tinh": "nu",
    "cam_doan": "on",
}


def test_good_answers_are_cleaned_to_their_stored_form():
    answers, errors = clean_step(STEP, GOOD)
    assert errors == {}
    assert answers["cccd"] == "042095001234"
    assert answers["ngay_sinh"] == "05/09/2025"
    assert answers["dien_thoai"] == "+84912345678"
    assert answers["so_ban"] == 2 and answers["cam_doan"] is True


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("ho_ten", "", "Vui lòng nhập họ, chữ đệm, tên."),
        ("ho_ten", "Nguyễn Văn Anh Tuấn", "Họ, chữ đệm, tên tối đa 10 ký tự; bạn đã nhập 19 ký tự."),
        ("cccd", "12345", "Số CCCD gồm đúng 12 chữ số; bạn đã nhập 5 chữ số."),
        ("cccd", "042 195 001", "Số CCCD gồm đúng 12 chữ số; bạn đã nhập 9 chữ số."),
        ("cccd", "04219500123A", "Số CCCD chỉ gồm chữ số (đúng 12 chữ số, có thể cách nhau bằng dấu cách)."),
        ("ngay_sinh", "31/02/2025", "Ngày sinh chưa đúng: tháng 2 năm 2025 không có ngày 31."),
        ("ngay_sinh", "05/13/2025", "Ngày sinh chưa đúng: không có tháng 13, tháng chỉ từ 1 đến 12."),
        ("ngay_sinh", "2025/09/05", "Nhập ngày sinh theo dạng ngày/tháng/năm, ví dụ 05/09/2025."),
        ("ngay_sinh", "5/9/95", "Nhập ngày sinh với năm đủ 4 chữ số, ví dụ 05/09/1995."),
        ("ngay_sinh", "01/01/1799", "Ngày sinh không được trước ngày 01/01/1800."),
        (
            "dien_thoai",
            "0212345678",
            "Điện thoại gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09, ví dụ 0912 345 678.",
        ),
        ("email", "khong-co-a-cong", "Email chưa đúng, ví dụ ten@example.com."),
        ("so_ban", "hai", "Nhập một số cho số bản, ví dụ 3."),
        ("so_ban", "11", "Số bản lớn nhất là 10."),
        ("gioi_tinh", "", "Vui lòng chọn giới tính."),
        ("gioi_tinh", "khac", "Giới tính: lựa chọn không hợp lệ, vui lòng chọn lại."),
        ("cam_doan", "", "Hãy đánh dấu ô «Tôi cam đoan» để tiếp tục."),
    ],
)
def test_each_bad_answer_gets_its_vietnamese_message_and_is_kept(app, field, value, message):
    with app.test_request_context():
        answers, errors = clean_step(STEP, {**GOOD, field: value})
    assert errors == {field: message}
    if field != "cam_doan":
        assert answers[field] == value, "what was typed comes back to the form"


def test_labels_keep_their_acronyms_inside_messages(app):
    with app.test_request_context():
        _, errors = clean_step(STEP, {**GOOD, "cccd": ""})
    assert errors["cccd"] == "Vui lòng nhập số CCCD."


def test_control_characters_are_dropped(app):
    answers, errors = clean_step(STEP, {**GOOD, "ho_ten": "Lê\x00 Văn\x1f B"})
    assert not errors and "\x00" not in answers["ho_ten"]


def test_english_messages_name_the_english_label(app, client):
    client.set_cookie("lang", "en")
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        _, errors = clean_step(STEP, {**GOOD, "gioi_tinh": ""}, lang="en")
    assert errors["gioi_tinh"].startswith("Please choose")


BOUNDED = FormDefinition.from_dict(
    {
        "title": "Tờ khai thử",
        "steps": [
            {
                "key": "a",
                "title": "Người mẹ",
                "fields": [
                    {
                        "name": "ngay_sinh",
                        "type": "date",
                        "label": "Ngày, tháng, năm sinh",
                        "validation": {"not_before": "1900-01-01", "not_after": "today"},
                    },
                    {
                        "name": "nam_sinh",
                        "type": "number",
                        "label": "Năm sinh",
                        "validation": {"year": True, "min": 1900, "not_after": "today"},
                    },
                    {"name": "quoc_tich", "type": "text", "label": "Quốc tịch", "default": "Việt Nam"},
                ],
            }
        ],
    }
).steps[0]


def _bounded_error(app, **typed):
    with app.test_request_context():
        return clean_step(BOUNDED, typed)[1]


def test_a_date_is_checked_against_the_bounds_of_its_definition(app):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    errors = _bounded_error(app, ngay_sinh=f"{tomorrow:%d/%m/%Y}")
    assert errors["ngay_sinh"].startswith("Ngày, tháng, năm sinh không được sau ngày hôm nay (")
    assert _bounded_error(app, ngay_sinh="31/12/1899") == {
        "ngay_sinh": "Ngày, tháng, năm sinh không được trước ngày 01/01/1900."
    }
    assert _bounded_error(app, ngay_sinh="01/01/1900") == {}


@pytest.mark.parametrize(
    "typed, message",
    [
        ("95", "Nhập năm sinh đủ 4 chữ số, ví dụ 1995."),
        ("1899", "Năm sinh không được trước năm 1900."),
        ("3000", f"Năm sinh không được sau năm nay ({datetime.date.today().year})."),
    ],
)
def test_a_year_is_written_whole_and_not_in_the_future(app, typed, message):
    assert _bounded_error(app, nam_sinh=typed) == {"nam_sinh": message}


def test_a_whole_year_is_kept_as_a_number(app):
    answers, errors = clean_step(BOUNDED, {"nam_sinh": " 1995 "})
    assert errors == {} and answers["nam_sinh"] == 1995


@pytest.mark.parametrize("typed", ["042 195 001 234", "042.195.001.234", "042-195-001-234", "042 - 195 - 001 - 234"])
def test_an_id_number_keeps_its_digits_whatever_separates_them(typed):
    answers, errors = clean_step(STEP, {**GOOD, "cccd": typed})
    assert errors == {} and answers["cccd"] == "042195001234"


def test_the_hints_read_the_bounds(app):
    with app.test_request_context():
        date_hint, year_hint = (f.format_hint() for f in BOUNDED.fields[:2])
        assert BOUNDED.fields[2].format_hint() == ""
    assert date_hint == "Ghi ngày/tháng/năm, ví dụ: 05/09/2025; không trước ngày 01/01/1900; không sau ngày hôm nay."
    assert year_hint == "Ghi năm đủ 4 chữ số, ví dụ: 1995; không sau năm nay."


def test_a_long_checkbox_label_is_named_by_its_first_words(app):
    long_box = FormDefinition.from_dict(
        {
            "title": "T",
            "steps": [
                {
                    "key": "a",
                    "title": "A",
                    "fields": [
                        {
                            "name": "cam_doan",
                            "type": "checkbox",
                            "required": True,
                            "label": "Tôi cam đoan nội dung khai trên đây là đúng sự thật và chịu trách nhiệm.",
                        }
                    ],
                }
            ],
        }
    ).steps[0]
    with app.test_request_context():
        _, errors = clean_step(long_box, {})
    assert errors == {"cam_doan": "Hãy đánh dấu ô «Tôi cam đoan nội dung khai…» để tiếp tục."}
