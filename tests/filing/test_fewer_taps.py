"""Screens and taps a person does not need: the code goes to the number given at step 1 when she leaves the
documents page, and the result comes back at the desk unless she changes it on the check page."""

from tests.factories import make_draft, random_phone
from tests.walks import Citizen
from webapp.db import db
from webapp.models import Draft, SmsMessage
from webapp.phone import display_phone, normalize_phone


def codes_sent(app, phone):
    with app.app_context(), db.connection_context():
        return SmsMessage.select().where(SmsMessage.phone == phone, SmsMessage.body.contains("ma xac thuc")).count()


def unverified_draft(app):
    with app.app_context(), db.connection_context():
        draft = make_draft(verified=False)
    return draft, normalize_phone(draft.answers["dien_thoai"])


def test_leaving_the_documents_page_sends_the_code_to_the_number_of_step_one_once(filing_app):
    citizen = Citizen(filing_app)
    draft, phone = unverified_draft(filing_app)
    go_on = {"action": "continue"}
    response = citizen.post(f"/nop/{draft.token}/giay-to", go_on, content_type="multipart/form-data")
    assert response.headers["Location"].endswith(f"/nop/{draft.token}/dien-thoai?da-gui=1")
    page = citizen.page(response.headers["Location"])
    assert f"Đã gửi mã xác thực gồm 6 chữ số đến số {display_phone(phone)}" in page.find(class_="notice").get_text()
    assert page.find("input", id="code"), "the code box is there at once"
    assert codes_sent(filing_app, phone) == 1
    again = citizen.post(f"/nop/{draft.token}/giay-to", go_on, content_type="multipart/form-data")
    assert again.headers["Location"].endswith(f"/nop/{draft.token}/dien-thoai")  # back and on again: no second SMS
    assert codes_sent(filing_app, phone) == 1


def test_a_new_draft_returns_the_result_at_the_desk_and_the_check_page_offers_the_other_ways(filing_app):
    citizen = Citizen(filing_app)
    citizen.start()
    citizen.fill_steps()
    assert citizen.verify_phone(random_phone()).headers["Location"].endswith("/kiem-tra")
    section = citizen.page(f"/nop/{citizen.token}/kiem-tra").find(id="nhan-ket-qua").get_text(" ", strip=True)
    assert "Nhận trực tiếp tại" in section
    assert "Bạn cũng có thể chọn:" in section and "nhận qua bưu chính công ích" in section


def test_a_step_one_number_that_was_refused_gets_no_code_ahead(filing_app):
    # A refused answer is kept as typed (to show it again), and the documents page can be left before
    # step 1 is fixed: the code must never go to a number the mobile check did not accept.
    citizen = Citizen(filing_app)
    draft, _phone = unverified_draft(filing_app)
    foreign = "+447911123456"
    with filing_app.app_context(), db.connection_context():
        draft.answers = {**draft.answers, "dien_thoai": foreign}
        draft.save()
    response = citizen.post(f"/nop/{draft.token}/giay-to", {"action": "continue"}, content_type="multipart/form-data")
    assert response.headers["Location"].endswith(f"/nop/{draft.token}/dien-thoai")
    with filing_app.app_context(), db.connection_context():
        assert SmsMessage.select().where(SmsMessage.phone == foreign).count() == 0
        assert Draft.get_by_id(draft.id).phone is None


def test_a_step_one_number_typed_with_spaces_gets_the_code_ahead(filing_app):
    citizen = Citizen(filing_app)
    draft, phone = unverified_draft(filing_app)
    with filing_app.app_context(), db.connection_context():
        draft.answers = {**draft.answers, "dien_thoai": display_phone(phone)}  # as typed, e.g. from an older draft
        draft.save()
    response = citizen.post(f"/nop/{draft.token}/giay-to", {"action": "continue"}, content_type="multipart/form-data")
    assert response.headers["Location"].endswith("?da-gui=1")
    assert codes_sent(filing_app, phone) == 1


def test_the_check_page_is_the_last_step_and_how_the_result_comes_back_is_a_side_page_of_it(filing_app):
    citizen = Citizen(filing_app)
    citizen.start()
    citizen.fill_steps()
    citizen.verify_phone(random_phone())
    token, steps = citizen.token, len(citizen.spec().steps)
    check = citizen.page(f"/nop/{token}/kiem-tra")
    assert f"Bước {steps + 3}/{steps + 3}" in check.find(class_="progress").get_text()
    assert check.find("a", class_="back")["href"] == f"/nop/{token}/dien-thoai"
    choice = citizen.page(f"/nop/{token}/nhan-ket-qua")
    assert f"Bước {steps + 3}/{steps + 3}" in choice.find(class_="progress").get_text()
    assert choice.find("a", class_="back")["href"] == f"/nop/{token}/kiem-tra"
    citizen.post(f"/nop/{token}/nhan-ket-qua", {"cach_nhan": "buu_chinh"})
    address = citizen.page(f"/nop/{token}/nhan-ket-qua/dia-chi")
    assert address.find("a", class_="back")["href"] == f"/nop/{token}/nhan-ket-qua"
