"""The form definition's copy rules and defaults: an applicant who said she is the mother finds her
name, number and address already on the mother's page (and can change them); Quốc tịch starts as
Việt Nam; nothing a person typed or emptied is ever replaced."""

from tests.factories import posted_value
from webapp.db import db
from webapp.models import Draft

APPLICANT, CHILD, MOTHER, FATHER = 1, 2, 3, 4
HER = {
    "ho_ten": "Trần Thị Lan",
    "so_giay_to": "042 195 001 234",
    "noi_cu_tru": "Thôn Trung, xã Cẩm Bình",
    "ngay_sinh": "",  # optional on step 1: left out, the mother's year of birth is hers to type
}


def _post_step(citizen, number, **typed):
    step = citizen.spec().steps[number - 1]
    posted = {**{f.name: posted_value(f) for f in step.fields}, **typed}
    response = citizen.post(f"/nop/{citizen.token}/buoc/{number}", posted)
    assert response.status_code == 303, f"step {number} refused"


def _shown(citizen, number):
    soup = citizen.page(f"/nop/{citizen.token}/buoc/{number}")
    return {
        box["name"]: box.get("value", box.get_text()) if box.name != "textarea" else box.get_text()
        for box in soup.select("form input[name], form textarea[name]")
        if box["name"] != "csrf_token"
    }


def _applicant(citizen, relation):
    citizen.start()
    _post_step(citizen, APPLICANT, quan_he=relation, **HER)
    _post_step(citizen, CHILD)


def test_the_mothers_page_starts_with_what_the_mother_typed_as_applicant(citizen):
    _applicant(citizen, "me")
    shown = _shown(citizen, MOTHER)
    assert shown["me_ho_ten"] == "Trần Thị Lan"
    assert shown["me_so_giay_to"] == "042195001234"
    assert shown["me_noi_cu_tru"] == "Thôn Trung, xã Cẩm Bình"
    assert shown["me_quoc_tich"] == "Việt Nam"
    assert shown["me_nam_sinh"] == "", "what step 1 was not told stays for her to type"
    page = citizen.page(f"/nop/{citizen.token}/buoc/{MOTHER}").get_text()
    assert "đã được điền sẵn từ thông tin người yêu cầu" in page


def test_the_applicants_date_of_birth_gives_the_mothers_year_of_birth(citizen):
    citizen.start()
    _post_step(citizen, APPLICANT, quan_he="me", **{**HER, "ngay_sinh": "12/04/1995"})
    _post_step(citizen, CHILD)
    assert _shown(citizen, MOTHER)["me_nam_sinh"] == "1995"


def test_the_fathers_page_is_prefilled_when_the_father_applies(citizen):
    _applicant(citizen, "cha")
    assert _shown(citizen, MOTHER)["me_ho_ten"] == ""
    _post_step(citizen, MOTHER)
    assert _shown(citizen, FATHER)["cha_ho_ten"] == "Trần Thị Lan"


def test_a_grandparent_applying_gets_an_empty_mothers_page(citizen):
    _applicant(citizen, "ong_ba")
    shown = _shown(citizen, MOTHER)
    assert shown["me_ho_ten"] == shown["me_so_giay_to"] == shown["me_noi_cu_tru"] == ""
    assert "điền sẵn từ thông tin người yêu cầu" not in citizen.page(f"/nop/{citizen.token}/buoc/{MOTHER}").get_text()


def test_what_is_prefilled_can_be_changed_and_is_kept(citizen):
    _applicant(citizen, "me")
    _post_step(citizen, MOTHER, me_ho_ten="Trần Thị Lan Anh", me_so_giay_to="", me_quoc_tich="Lào")
    shown = _shown(citizen, MOTHER)
    assert shown["me_ho_ten"] == "Trần Thị Lan Anh"
    assert shown["me_so_giay_to"] == "", "emptied on purpose: not filled again"
    assert shown["me_quoc_tich"] == "Lào"
    with citizen.app.app_context(), db.connection_context():
        answers = Draft.get(Draft.token == citizen.token).answers
    assert answers["me_ho_ten"] == "Trần Thị Lan Anh" and answers["me_so_giay_to"] == ""


def test_changing_the_applicant_later_never_overwrites_the_mothers_page(citizen):
    _applicant(citizen, "ong_ba")
    _post_step(citizen, MOTHER, me_ho_ten="Lê Thị Mai")
    _post_step(citizen, APPLICANT, quan_he="me", **HER)
    assert _shown(citizen, MOTHER)["me_ho_ten"] == "Lê Thị Mai"


def test_nationality_starts_as_viet_nam_on_the_childs_page(citizen):
    citizen.start()
    _post_step(citizen, APPLICANT)
    assert _shown(citizen, CHILD)["ks_quoc_tich"] == "Việt Nam"
