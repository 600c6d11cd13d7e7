"""/quan-tri/luu-tru: the province administrator edits the periods (logged), a bad value comes back next
to its field with everything typed, other roles are refused, the next sweep's dry run is on the page."""

import datetime
import re

from tests.pages import check_page
from tests.retention.helpers import closed_dossier
from tests.staff_login import officer
from webapp.db import db
from webapp.formatting import local_time
from webapp.models import AdminEvent, Dossier, RetentionRule

URL = "/quan-tri/luu-tru"
OTP_PREFIX = "otp-"


def token_of(html):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def post_rule(client, prefix, scope, days, basis):
    page = client.get(URL).get_data(as_text=True)
    data = {
        "csrf_token": token_of(page),
        prefix + "scope": scope,
        prefix + "days": days,
        prefix + "basis": basis,
    }
    return client.post(URL, data=data)


def test_the_province_admin_changes_a_period_and_it_is_logged(filing_app):
    client = officer(filing_app, "qt.tinh.lt", role="quan_tri_tinh")
    page = check_page(client.get(URL).get_data(as_text=True))
    section = page.find(id="quy-tac-otp")
    assert "Mã xác thực một lần (OTP)" in section.get_text() and "Lưu 30 ngày" in section.get_text()

    response = post_rule(client, OTP_PREFIX, "otp||", "7", "Quyết định của UBND tỉnh số 1/QĐ-UBND")
    assert response.status_code == 303
    page = check_page(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Đã lưu thời hạn" in page.find(class_="notice").get_text()
    assert "Lưu 7 ngày" in page.find(id="quy-tac-otp").get_text()
    with filing_app.app_context(), db.connection_context():
        rule = RetentionRule.get(RetentionRule.kind == "otp", RetentionRule.field_code == "")
        assert (rule.days, rule.basis) == (7, "Quyết định của UBND tỉnh số 1/QĐ-UBND")
        event = AdminEvent.get(AdminEvent.area == "luu-tru")
        assert (event.action, event.subject) == ("sua", "otp")
        assert (event.details["days_before"], event.details["days"]) == (30, 7)


def test_an_empty_period_means_permanently(filing_app):
    client = officer(filing_app, "qt.tinh.lt2", role="quan_tri_tinh")
    assert post_rule(client, "dang_nhap-", "dang_nhap||", "", "Giữ vĩnh viễn").status_code == 303
    page = check_page(client.get(URL).get_data(as_text=True))
    assert "Lưu vĩnh viễn." in page.find(id="quy-tac-dang_nhap").get_text()


def test_a_bad_period_comes_back_next_to_its_field_with_what_was_typed(filing_app):
    client = officer(filing_app, "qt.tinh.lt3", role="quan_tri_tinh")
    response = post_rule(client, OTP_PREFIX, "otp||", "ba mươi", "Căn cứ đã gõ")
    assert response.status_code == 400
    page = check_page(response.get_data(as_text=True))
    field = page.find(id="otp-days").find_parent(class_="field")
    assert "Số ngày phải là số nguyên từ 0 đến 36500" in field.find(class_="error").get_text()
    assert page.find(id="otp-days")["value"] == "ba mươi"
    assert page.find(id="otp-basis").get_text().lstrip("\r\n") == "Căn cứ đã gõ"  # a browser drops the first line break
    response = post_rule(client, OTP_PREFIX, "otp||", "30", "")
    field = check_page(response.get_data(as_text=True)).find(id="otp-basis").find_parent(class_="field")
    assert "Vui lòng ghi căn cứ" in field.find(class_="error").get_text()
    with filing_app.app_context(), db.connection_context():
        assert RetentionRule.get(RetentionRule.kind == "otp").days == 30
        assert not AdminEvent.select().where(AdminEvent.area == "luu-tru").exists()


def test_a_procedure_of_its_own_is_added_checked_and_removed(filing_app):
    client = officer(filing_app, "qt.tinh.lt4", role="quan_tri_tinh")
    page = client.get(URL).get_data(as_text=True)
    data = {"csrf_token": token_of(page), "kind": "ho_so", "procedure_code": "9.999999", "days": "365", "basis": "Thử"}
    response = client.post(URL + "/them", data=data)
    field = check_page(response.get_data(as_text=True)).find(id="procedure_code").find_parent(class_="field")
    assert "Không có thủ tục mã “9.999999”" in field.get_text()

    response = client.post(URL + "/them", data={**data, "procedure_code": "2.000815"})
    assert response.status_code == 303
    page = check_page(client.get(URL).get_data(as_text=True))
    section = page.find(id="quy-tac-ho_so-tt-2_000815")
    assert "thủ tục 2.000815" in section.get_text() and "Lưu 365 ngày" in section.get_text()

    remove = section.find("form", action=URL + "/xoa")
    fields = {i["name"]: i["value"] for i in remove.find_all("input")}
    assert client.post(URL + "/xoa", data=fields).status_code == 303
    assert check_page(client.get(URL).get_data(as_text=True)).find(id="quy-tac-ho_so-tt-2_000815") is None


def test_the_page_shows_what_the_next_sweep_would_do(filing_app):
    with filing_app.test_request_context(), db.connection_context():
        gone = closed_dossier(datetime.datetime.utcnow() - datetime.timedelta(days=4000))
    client = officer(filing_app, "qt.tinh.lt5", role="quan_tri_tinh")
    page = check_page(client.get(URL).get_data(as_text=True))
    cells = [td.get_text(strip=True) for td in page.find(id="bao-cao-ho_so").find_all("td")]
    # The page's dry run is at the real now: 4000 days ago is past ten years.
    assert cells[1] == "1"
    assert cells[2] == local_time(gone.returned_at)
    with filing_app.app_context(), db.connection_context():
        assert Dossier.get_by_id(gone.id).applicant_name != ""  # a report only


def test_other_roles_are_refused_and_strangers_sent_to_sign_in(filing_app):
    for role in ("quan_tri_don_vi", "mot_cua", "lanh_dao"):
        client = officer(filing_app, f"cb.{role}.lt", role=role)
        assert client.get(URL).status_code == 403
        token = token_of(client.get("/can-bo/ho-so").get_data(as_text=True))  # the sign-out form's
        data = {"csrf_token": token, "otp-scope": "otp||", "otp-days": "1", "otp-basis": "x"}
        assert client.post(URL, data=data).status_code == 403
    response = filing_app.test_client().get(URL)
    assert response.status_code == 302 and "/can-bo/dang-nhap" in response.headers["Location"]


def test_the_province_admins_menu_leads_to_the_page_and_no_one_elses_does(filing_app):
    admin = officer(filing_app, "qt.tinh.menu", role="quan_tri_tinh")
    menu = check_page(admin.get("/can-bo/ho-so/truy-cap-du-lieu").get_data(as_text=True)).find("nav")
    assert menu.find("a", href=URL).get_text(strip=True) == "Thời hạn lưu trữ"
    unit_admin = officer(filing_app, "qt.donvi.menu", role="quan_tri_don_vi")
    assert not check_page(unit_admin.get("/can-bo/ho-so/truy-cap-du-lieu").get_data(as_text=True)).find("a", href=URL)
