"""Processing: assignment to a named specialist, submission by that specialist only, liên thông transfers."""

import io

from tests.factories import PDF
from tests.pages import check_page
from tests.staff_login import new_staff, person
from tests.walks import act_now, assigned
from tests.walks import received as received_at_desk
from webapp.db import db
from webapp.models import Dossier, Transition, Unit

THANH_SEN, TRAN_PHU, BAC_HONG_LINH = "18073", "18100", "18115"


def stored(app, code):
    with app.app_context(), db.connection_context():
        return Dossier.get(Dossier.code == code)


def unit_id(app, code):
    with app.app_context(), db.connection_context():
        return Unit.get(Unit.code == code).id


def received(app):
    """A dossier filed online to Thành Sen and received at its desk; (code, desk client)."""
    dossier, desk = received_at_desk(app, "mc.xuly", full_name="Nguyễn Thị Lan")
    return dossier.code, desk


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return check_page(response.get_data(as_text=True))


def queue_codes(client, url):
    return [a.get_text() for a in page(client, url).select("tbody tr td:first-child a")]


def test_the_desk_picks_among_the_active_specialists_of_the_unit(filing_app):
    code, desk = received(filing_app)
    new_staff(filing_app, "cv.binh", role="chuyen_vien", full_name="Trần Thị Bình")
    new_staff(filing_app, "cv.nghi", role="chuyen_vien", full_name="Lê Văn Nghỉ", is_active=False)
    new_staff(filing_app, "cv.tranphu", role="chuyen_vien", units=(TRAN_PHU,), full_name="Đặng Văn Khác")
    select = page(desk, f"/can-bo/ho-so/{code}").find("select", attrs={"name": "assignee"})
    label = page(desk, f"/can-bo/ho-so/{code}").find("label", attrs={"for": select["id"]})
    assert label.get_text() == "Chuyên viên xử lý"
    names = [option.get_text() for option in select.find_all("option")]
    assert "Trần Thị Bình (cv.binh)" in names
    assert not any("Nghỉ" in n or "Khác" in n or "Nguyễn Thị Lan" in n for n in names)


def test_assignment_shows_the_specialist_in_the_panel_and_in_their_own_queue_only(filing_app):
    code, desk, binh, binh_staff = assigned(filing_app)
    cuong, _ = person(filing_app, "cv.cuong", "chuyen_vien", name="Phạm Văn Cường")
    panel = page(desk, f"/can-bo/ho-so/{code}").find("section", attrs={"aria-labelledby": "processing-title"})
    assert "Trần Thị Bình" in panel.get_text()
    mine = "/can-bo/ho-so?hang=dang-xu-ly&xem=cua-toi"
    assert code in queue_codes(binh, mine)
    assert code not in queue_codes(cuong, mine)
    assert code in queue_codes(cuong, "/can-bo/ho-so?hang=dang-xu-ly")  # the unit's view shows every one
    with filing_app.app_context(), db.connection_context():
        step = Transition.get(Transition.action == "phan_cong")
        assert step.details == {"assignee": binh_staff.id, "assignee_name": "Trần Thị Bình", "role": "mot_cua"}


def test_no_specialist_or_one_outside_the_unit_is_refused_next_to_the_field(filing_app):
    code, desk = received(filing_app)
    outsider = new_staff(filing_app, "cv.ngoai", role="chuyen_vien", units=(TRAN_PHU,), full_name="Ngoài Đơn Vị")
    for chosen in ("", str(outsider.id), "abc"):
        response = act_now(desk, code, "phan_cong", assignee=chosen)
        soup = check_page(response.get_data(as_text=True))
        select = soup.find("select", attrs={"name": "assignee"})
        assert select["aria-invalid"] == "true"
        message = soup.find(id=select["aria-describedby"]).get_text()
        assert message == "Lỗi: Vui lòng chọn một chuyên viên của đơn vị xử lý hồ sơ."
    assert stored(filing_app, code).status == "da_tiep_nhan" and stored(filing_app, code).assignee_id is None


def test_another_specialist_cannot_submit_and_a_send_back_returns_to_the_assignee(filing_app):
    code, desk, binh, binh_staff = assigned(filing_app)
    cuong, _ = person(filing_app, "cv.cuong", "chuyen_vien", name="Phạm Văn Cường")
    refused = act_now(cuong, code, "trinh_ky").get_data(as_text=True)
    assert "được phân công cho Trần Thị Bình" in refused
    assert stored(filing_app, code).status == "dang_xu_ly"

    assert act_now(binh, code, "trinh_ky").status_code == 303
    leader, _ = person(filing_app, "ld.xuly", "lanh_dao", name="Lê Văn Hùng")
    assert act_now(leader, code, "tra_lai", note="Bổ sung căn cứ pháp lý").status_code == 303
    back = stored(filing_app, code)
    assert (back.status, back.assignee_id) == ("dang_xu_ly", binh_staff.id)
    assert code in queue_codes(binh, "/can-bo/ho-so?hang=dang-xu-ly&xem=cua-toi")
    rows = page(desk, f"/can-bo/ho-so/{code}/mau-06").select("tbody tr")
    assert "Phường Thành Sen → chuyên viên Trần Thị Bình" in rows[2].get_text()  # phan_cong
    assert "chuyên viên Trần Thị Bình" in rows[-1].get_text()  # tra_lai


def test_a_transfer_hands_the_dossier_to_another_commune_which_sees_it_and_acts(filing_app):
    code, desk, binh, _ = assigned(filing_app)
    tran_phu = unit_id(filing_app, TRAN_PHU)
    assert (
        act_now(binh, code, "chuyen_lien_thong", note="Thuộc thẩm quyền Trần Phú", to_unit=tran_phu).status_code == 303
    )
    moved = stored(filing_app, code)
    assert (moved.status, moved.handling_unit_id, moved.assignee_id) == ("dang_xu_ly", tran_phu, None)
    with filing_app.app_context(), db.connection_context():
        step = Transition.get(Transition.action == "chuyen_lien_thong")
        assert step.details == {
            "from_unit": unit_id(filing_app, THANH_SEN),
            "to_unit": tran_phu,
            "to_unit_name": "Phường Trần Phú",
            "role": "chuyen_vien",
        }

    nam, nam_staff = person(filing_app, "cv.nam", "chuyen_vien", unit=TRAN_PHU, name="Đặng Văn Nam")
    assert code in queue_codes(nam, "/can-bo/ho-so?hang=dang-xu-ly")
    panel = page(nam, f"/can-bo/ho-so/{code}").find("section", attrs={"aria-labelledby": "processing-title"})
    assert "Phường Trần Phú" in panel.get_text() and "chưa phân công" in panel.get_text()
    assert "Hồ sơ đang do Phường Trần Phú xử lý" in act_now(binh, code, "trinh_ky").get_data(as_text=True)
    assert act_now(nam, code, "trinh_ky").status_code == 303
    after = stored(filing_app, code)
    assert (after.status, after.assignee_id) == ("cho_phe_duyet", nam_staff.id)
    with filing_app.app_context(), db.connection_context():
        assert Transition.get(Transition.action == "trinh_ky").unit_id == tran_phu

    assert code in queue_codes(desk, "/can-bo/ho-so?hang=dang-xu-ly")  # the receiving desk still sees it
    assert page(desk, f"/can-bo/ho-so/{code}")
    third, _ = person(filing_app, "mc.bachonglinh", "mot_cua", unit=BAC_HONG_LINH)
    assert third.get(f"/can-bo/ho-so/{code}").status_code == 404
    assert code not in queue_codes(third, "/can-bo/ho-so?hang=dang-xu-ly")


def test_form_06_shows_the_transfer_from_unit_to_unit(filing_app):
    code, desk, binh, _ = assigned(filing_app)
    act_now(binh, code, "chuyen_lien_thong", note="Liên thông", to_unit=unit_id(filing_app, TRAN_PHU))
    rows = page(desk, f"/can-bo/ho-so/{code}/mau-06").select("tbody tr")
    last = rows[-1].get_text(" ")
    assert "Chuyển đơn vị khác (liên thông)" in last and "Phường Thành Sen → Phường Trần Phú" in last


def test_a_transfer_needs_another_unit_and_a_reason(filing_app):
    code, desk, binh, _ = assigned(filing_app)
    select = page(binh, f"/can-bo/ho-so/{code}").find("select", attrs={"name": "to_unit"})
    offered = [option.get_text() for option in select.find_all("option")]
    assert "Phường Trần Phú" in offered and "Phường Thành Sen" not in offered
    for chosen in ("", str(unit_id(filing_app, THANH_SEN))):
        soup = check_page(
            act_now(binh, code, "chuyen_lien_thong", note="Liên thông", to_unit=chosen).get_data(as_text=True)
        )
        select = soup.find("select", attrs={"name": "to_unit"})
        assert select["aria-invalid"] == "true"
        assert "Vui lòng chọn đơn vị nhận hồ sơ" in soup.find(id=select["aria-describedby"]).get_text()
    response = act_now(binh, code, "chuyen_lien_thong", to_unit=unit_id(filing_app, TRAN_PHU))
    assert "Vui lòng ghi lý do" in response.get_data(as_text=True)
    assert stored(filing_app, code).handling_unit_id is None


def test_the_specialist_submits_a_draft_result_the_leader_reads_and_only_a_pdf_is_taken(filing_app):
    code, _desk, binh, _ = assigned(filing_app)
    fake = act_now(binh, code, "trinh_ky", du_thao=(io.BytesIO(b"<html>not a pdf</html>"), "du-thao.pdf"))
    assert "du_thao-error" in fake.get_data(as_text=True)
    assert stored(filing_app, code).status == "dang_xu_ly"
    assert act_now(binh, code, "trinh_ky", du_thao=(io.BytesIO(PDF), "du-thao-giay-khai-sinh.pdf")).status_code == 303
    leader, _ = person(filing_app, "ld.duthao", "lanh_dao", name="Lê Văn Hùng")
    panel = page(leader, f"/can-bo/ho-so/{code}").find(id="processing-title").parent
    link = panel.find("a", string="du-thao-giay-khai-sinh.pdf")
    assert link and leader.get(link["href"]).data.startswith(b"%PDF")
