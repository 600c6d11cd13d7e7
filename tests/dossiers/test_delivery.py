"""How the result comes back, chosen at filing: at the desk, online or by post (BCCI) with an address
built from the unit tree and the postage quoted; kept on the dossier, shown to the desk and the citizen."""

from tests.pages import check_page
from tests.staff_login import officer
from tests.walks import Citizen, fresh_draft, lookup
from webapp.db import db
from webapp.models import Dossier, Draft, Unit
from webapp.phone import display_phone

MARRIAGE = "1.000894"  # một phần, no post: only at the desk
ADDRESS = {"nguoi_nhan": "Trần Thị Lan", "dien_thoai": "0987 654 321", "xa": "18073", "dia_chi": "Số 12 đường Trần Phú"}


def offered(citizen, token):
    return [i["value"] for i in citizen.page(f"/nop/{token}/nhan-ket-qua").select("input[name=cach_nhan]")]


def test_the_check_page_waits_until_the_applicant_says_how_the_result_comes_back(filing_app):
    citizen, draft = Citizen(filing_app), fresh_draft(filing_app)
    response = citizen.client.get(f"/nop/{draft.token}/kiem-tra")
    assert response.headers["Location"].endswith(f"/nop/{draft.token}/nhan-ket-qua")
    assert citizen.post(f"/nop/{draft.token}/gui").headers["Location"].endswith("/nhan-ket-qua")
    with filing_app.app_context(), db.connection_context():
        assert not Dossier.select().where(Dossier.draft == draft.id).exists()


def test_the_ways_offered_follow_the_procedure(filing_app):
    citizen = Citizen(filing_app)
    assert offered(citizen, fresh_draft(filing_app).token) == ["truc_tiep", "truc_tuyen", "buu_chinh"]
    birth = fresh_draft(filing_app, MARRIAGE)
    page = citizen.page(f"/nop/{birth.token}/nhan-ket-qua")
    only = page.select("input[name=cach_nhan]")
    assert [i["value"] for i in only] == ["truc_tiep"] and only[0].has_attr("checked")
    assert "Nhận trực tiếp tại" in page.get_text()


def test_no_choice_or_a_way_not_offered_is_asked_again_in_vietnamese(filing_app):
    citizen, draft = Citizen(filing_app), fresh_draft(filing_app, MARRIAGE)
    for posted in ({}, {"cach_nhan": "buu_chinh"}):
        response = citizen.post(f"/nop/{draft.token}/nhan-ket-qua", posted)
        assert response.status_code == 200
        soup = check_page(response.get_data(as_text=True))
        assert soup.find(id="f-cach_nhan-error").get_text(strip=True)
        assert soup.find(id="error-summary")
    with filing_app.app_context(), db.connection_context():
        assert Draft.get_by_id(draft.id).delivery == {}


def test_by_post_asks_for_an_address_from_the_unit_tree_and_quotes_the_postage(filing_app):
    citizen, draft = Citizen(filing_app), fresh_draft(filing_app)
    page = citizen.page(f"/nop/{draft.token}/nhan-ket-qua")
    assert "cước 25.000 đồng" in page.get_text()
    response = citizen.post(f"/nop/{draft.token}/nhan-ket-qua", {"cach_nhan": "buu_chinh"})
    assert response.headers["Location"].endswith("/nhan-ket-qua/dia-chi")
    address = citizen.page(f"/nop/{draft.token}/nhan-ket-qua/dia-chi")
    communes = {o["value"]: o.get_text() for o in address.select("#f-xa option") if o["value"]}
    with filing_app.app_context(), db.connection_context():
        expected = {u.code for u in Unit.select().where(Unit.tier == "xa")}
    assert set(communes) == expected and communes["18073"] == "Phường Thành Sen"
    assert address.find(id="f-dien_thoai")["value"] == display_phone(draft.phone)  # the one just verified

    response = citizen.post(f"/nop/{draft.token}/nhan-ket-qua/dia-chi", ADDRESS)
    assert response.headers["Location"].endswith("/kiem-tra")
    text = citizen.page(f"/nop/{draft.token}/kiem-tra").find(id="nhan-ket-qua").get_text(" ", strip=True)
    assert "Trần Thị Lan, 0987 654 321" in text
    assert "Số 12 đường Trần Phú, Phường Thành Sen, Tỉnh Hà Tĩnh" in text
    assert "Cước bưu chính: 25.000 đồng" in text


def test_a_wrong_address_is_shown_again_with_what_was_typed(filing_app):
    citizen, draft = Citizen(filing_app), fresh_draft(filing_app)
    citizen.post(f"/nop/{draft.token}/nhan-ket-qua", {"cach_nhan": "buu_chinh"})
    typed = {**ADDRESS, "dien_thoai": "12345", "xa": "99999", "dia_chi": ""}
    response = citizen.post(f"/nop/{draft.token}/nhan-ket-qua/dia-chi", typed)
    assert response.status_code == 200
    soup = check_page(response.get_data(as_text=True))
    for field in ("dien_thoai", "xa", "dia_chi"):
        assert soup.find(id=f"f-{field}-error"), field
        assert soup.find(id=f"f-{field}")["aria-invalid"] == "true"
    assert soup.find(id="f-nguoi_nhan")["value"] == "Trần Thị Lan"
    assert soup.find(id="f-dien_thoai")["value"] == "12345"
    assert citizen.client.get(f"/nop/{draft.token}/kiem-tra").headers["Location"].endswith("/nhan-ket-qua/dia-chi")


def test_the_dossier_keeps_the_choice_and_the_desk_sees_it_and_returns_that_way(filing_app):
    citizen, draft = Citizen(filing_app), fresh_draft(filing_app)
    citizen.post(f"/nop/{draft.token}/nhan-ket-qua", {"cach_nhan": "buu_chinh"})
    citizen.post(f"/nop/{draft.token}/nhan-ket-qua/dia-chi", ADDRESS)
    assert citizen.post(f"/nop/{draft.token}/gui").headers["Location"].endswith("/da-nop")
    with filing_app.app_context(), db.connection_context():
        dossier = Dossier.get(Dossier.draft == draft.id)
    assert dossier.delivery_channel == "buu_chinh" and dossier.postage == 25_000
    assert dossier.delivery_address == "Số 12 đường Trần Phú, Phường Thành Sen, Tỉnh Hà Tĩnh"
    assert (dossier.delivery_recipient, dossier.delivery_phone) == ("Trần Thị Lan", "+84987654321")

    desk = officer(filing_app, "mc.giao")
    page = check_page(desk.get(f"/can-bo/ho-so/{dossier.code}").get_data(as_text=True))
    assert "Người nộp muốn nhận kết quả" in page.get_text()
    assert "Trần Thị Lan, 0987 654 321, Số 12 đường Trần Phú, Phường Thành Sen" in page.get_text()


def test_the_citizen_sees_the_way_chosen_on_the_status_page(filing_app):
    citizen, draft = Citizen(filing_app), fresh_draft(filing_app)
    citizen.post(f"/nop/{draft.token}/nhan-ket-qua", {"cach_nhan": "truc_tuyen"})
    citizen.post(f"/nop/{draft.token}/gui")
    with filing_app.app_context(), db.connection_context():
        dossier = Dossier.get(Dossier.draft == draft.id)
    assert dossier.delivery_channel == "truc_tuyen" and dossier.delivery_address == "" and dossier.postage == 0
    lookup(citizen.client, dossier.code, draft.phone[-4:])
    text = citizen.page(f"/tra-cuu/{dossier.code}").get_text(" ", strip=True)
    assert "Nhận kết quả Trực tuyến (người nộp tải về)" in text
