"""Filing online forgives what people type as it is printed (an ID card's groups of digits) and, when
an answer cannot be taken, says which field and how to put it right."""

import datetime

import pytest

from tests.factories import posted_value
from webapp.db import db
from webapp.models import Draft

APPLICANT, CHILD, MOTHER, COPIES = 1, 2, 3, 5


def _posted(citizen, number, **typed):
    step = citizen.spec().steps[number - 1]
    return {**{f.name: posted_value(f) for f in step.fields}, **typed}


def _post_step(citizen, number, **typed):
    return citizen.post(f"/nop/{citizen.token}/buoc/{number}", _posted(citizen, number, **typed))


def _stored(citizen):
    with citizen.app.app_context(), db.connection_context():
        return Draft.get(Draft.token == citizen.token).answers


def _error(citizen, response, name):
    assert response.status_code == 200, "the step is shown again"
    from tests.pages import check_page

    soup = check_page(response.get_data(as_text=True))
    return soup.find(id=f"f-{name}-error").get_text(" ", strip=True).removeprefix("Lỗi:").strip()


@pytest.mark.parametrize("typed", ["042 195 001 234", "042.195.001.234", "042-195-001-234", " 042195001234 "])
def test_an_id_number_typed_as_printed_is_kept_whole(citizen, typed):
    citizen.start()
    soup = citizen.page(f"/nop/{citizen.token}/buoc/{APPLICANT}")
    box = soup.find(id="f-so_giay_to")
    assert int(box["maxlength"]) >= len("042 - 195 - 001 - 234"), "the browser must not cut it"
    assert not box.has_attr("pattern")
    response = _post_step(citizen, APPLICANT, so_giay_to=typed)
    assert response.status_code == 303
    assert _stored(citizen)["so_giay_to"] == "042195001234"


def test_a_short_id_number_is_named_by_its_label_with_the_digits_counted(citizen):
    citizen.start()
    response = _post_step(citizen, APPLICANT, so_giay_to="042 195 001")
    assert _error(citizen, response, "so_giay_to") == (
        "Số giấy tờ tùy thân (căn cước / CCCD) gồm đúng 12 chữ số; bạn đã nhập 9 chữ số."
    )
    soup = citizen.page(f"/nop/{citizen.token}/buoc/{APPLICANT}")
    assert soup.find(id="f-so_giay_to")["value"] == "042 195 001", "what was typed comes back"


def test_a_phone_typed_with_dots_is_taken(citizen):
    citizen.start()
    assert _post_step(citizen, APPLICANT, dien_thoai="0912.345.678").status_code == 303
    assert _stored(citizen)["dien_thoai"] == "+84912345678"


def test_dates_ask_for_day_month_year_in_vietnamese(citizen):
    citizen.start()
    _post_step(citizen, APPLICANT)
    soup = citizen.page(f"/nop/{citizen.token}/buoc/{CHILD}")
    box = soup.find(id="f-ks_ngay_sinh")
    assert box["placeholder"] == "ngày/tháng/năm"
    hint = soup.find(id="f-ks_ngay_sinh-help").get_text()
    assert "ví dụ: 05/09/2025" in hint and "không sau ngày hôm nay" in hint
    assert "f-ks_ngay_sinh-help" in box["aria-describedby"]


def _in_a_year():
    return (datetime.date.today() + datetime.timedelta(days=400)).strftime("%d/%m/%Y")


@pytest.mark.parametrize(
    "typed, message",
    [
        ("31/02/2026", "Ngày, tháng, năm sinh chưa đúng: tháng 2 năm 2026 không có ngày 31."),
        ("31/12/1899", "Ngày, tháng, năm sinh không được trước ngày 01/01/1900."),
        ("5/9/25", "Nhập ngày, tháng, năm sinh với năm đủ 4 chữ số, ví dụ 05/09/1995."),
        ("hôm qua", "Nhập ngày, tháng, năm sinh theo dạng ngày/tháng/năm, ví dụ 05/09/2025."),
    ],
)
def test_a_birth_date_that_cannot_be_gets_its_own_reason(citizen, typed, message):
    citizen.start()
    _post_step(citizen, APPLICANT)
    assert _error(citizen, _post_step(citizen, CHILD, ks_ngay_sinh=typed), "ks_ngay_sinh") == message


def test_a_birth_date_in_the_future_is_refused(citizen):
    citizen.start()
    _post_step(citizen, APPLICANT)
    message = _error(citizen, _post_step(citizen, CHILD, ks_ngay_sinh=_in_a_year()), "ks_ngay_sinh")
    assert message.startswith("Ngày, tháng, năm sinh không được sau ngày hôm nay (")


@pytest.mark.parametrize(
    "typed, message",
    [
        ("95", "Nhập năm sinh đủ 4 chữ số, ví dụ 1995."),
        ("1899", "Năm sinh không được trước năm 1900."),
        (str(datetime.date.today().year + 2), f"Năm sinh không được sau năm nay ({datetime.date.today().year})."),
    ],
)
def test_a_year_of_birth_says_what_is_wrong_with_it(citizen, typed, message):
    citizen.start()
    _post_step(citizen, APPLICANT)
    _post_step(citizen, CHILD)
    assert _error(citizen, _post_step(citizen, MOTHER, me_nam_sinh=typed), "me_nam_sinh") == message


def test_the_required_declaration_box_is_marked_and_named_in_its_error(citizen):
    citizen.start()
    for number in range(1, COPIES):
        _post_step(citizen, number)
    soup = citizen.page(f"/nop/{citizen.token}/buoc/{COPIES}")
    assert soup.select_one("label[for=f-cam_doan] .req")
    response = _post_step(citizen, COPIES, cam_doan="")
    message = _error(citizen, response, "cam_doan")
    assert message.startswith("Hãy đánh dấu ô «Tôi cam đoan") and message.endswith("» để tiếp tục.")


def test_the_childs_identity_number_may_be_left_blank_and_its_hint_says_so(citizen):
    citizen.start()
    _post_step(citizen, APPLICANT)
    hint = citizen.page(f"/nop/{citizen.token}/buoc/{CHILD}").find(id="f-ks_so_dinh_danh-help").get_text()
    assert "Để trống nếu trẻ chưa có" in hint
    assert _post_step(citizen, CHILD, ks_so_dinh_danh="").status_code == 303
