"""The register's admin pages: the list, create and edit for the province admin (in the audit log),
read-only for a unit admin, and Thủ tục cần rà soát with ?ngay=."""

import re

import pytest

from tests.legal import world
from tests.legal.world import D, document, procedure
from tests.pages import check_page
from tests.staff_login import new_staff, sign_in
from webapp import admin_log
from webapp.models.legal import LegalDocument

LIST, NEW, REVIEW = "/quan-tri/thu-tuc/van-ban", "/quan-tri/thu-tuc/van-ban/moi", "/quan-tri/thu-tuc/can-xem-lai"


@pytest.fixture
def legal_app(migrated_app):
    world.in_db(migrated_app, world.units)
    return migrated_app


def admin(app, username, role="quan_tri_tinh"):
    client = app.test_client()
    sign_in(client, new_staff(app, username, role=role, units=("18073",)))
    return client


def token(client, url):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return check_page(response.get_data(as_text=True))


def construction(app):
    def build():
        document(
            "15/2021/NĐ-CP", effective_from=D(2021, 3, 3), expires_on=D(2024, 12, 30), replaced_by="175/2024/NĐ-CP"
        )
        document("175/2024/NĐ-CP", effective_from=D(2024, 12, 30))
        procedure("1.009994", (D(2024, 1, 1), ["175/2024/NĐ-CP"], "15/2021/NĐ-CP"), name="Cấp giấy phép xây dựng")
        return LegalDocument.get(LegalDocument.number == "15/2021/NĐ-CP").id

    return world.in_db(app, build)


def test_the_review_page_lists_a_procedure_citing_a_replaced_document_from_that_day_not_before(legal_app):
    construction(legal_app)
    client = admin(legal_app, "qt.tinh")
    before = page(client, f"{REVIEW}?ngay=01/10/2024")
    assert "1.009994" not in before.get_text() and "Không có thủ tục nào cần rà soát" in before.get_text()
    after = page(client, f"{REVIEW}?ngay=30/12/2024").get_text(" ")
    assert "1.009994" in after and "15/2021/NĐ-CP" in after
    assert "Được thay thế bởi 175/2024/NĐ-CP từ ngày 30/12/2024" in after and "Cần tạo phiên bản mới" in after


def test_the_review_page_says_when_a_later_version_covers_it(legal_app):
    def build():
        document("01/2021/NĐ-CP", effective_from=D(2021, 1, 4), expires_on=D(2025, 7, 1))
        document("168/2025/NĐ-CP", effective_from=D(2025, 7, 1))
        procedure("2.000720", (D(2021, 1, 4), ["01/2021/NĐ-CP"], None), (D(2025, 9, 1), ["168/2025/NĐ-CP"], None))

    world.in_db(legal_app, build)
    text = page(admin(legal_app, "qt.tinh"), f"{REVIEW}?ngay=15/07/2025").get_text(" ")
    assert "2.000720" in text and "Đã có phiên bản 2 áp dụng từ ngày 01/09/2025" in text
    assert "0 thủ tục cần tạo phiên bản mới" in text


def test_a_bad_day_is_told_beside_the_field(legal_app):
    soup = page(admin(legal_app, "qt.tinh"), f"{REVIEW}?ngay=31/02/2025")
    assert "Ngày không hợp lệ" in soup.find(id="ngay-error").get_text()


def test_a_unit_admin_reads_the_register_but_cannot_post_or_review(legal_app):
    document_id = construction(legal_app)
    client = admin(legal_app, "qt.xa", role="quan_tri_don_vi")
    assert "15/2021/NĐ-CP" in page(client, LIST).get_text()
    url = f"{LIST}/{document_id}"
    soup = page(client, url)
    assert soup.find("button", string=re.compile("Lưu")) is None and soup.find(id="title").has_attr("disabled")
    assert client.post(url, data={"csrf_token": token(client, url), "title": "Đổi"}).status_code == 403
    assert client.get(NEW).status_code == 403 and client.get(REVIEW).status_code == 403
    assert world.in_db(legal_app, lambda: LegalDocument.get_by_id(document_id).title) == "Văn bản 15/2021/NĐ-CP"


def test_a_province_admin_edits_a_document_and_the_audit_log_has_it(legal_app):
    document_id = construction(legal_app)
    client = admin(legal_app, "qt.tinh")
    url = f"{LIST}/{document_id}"
    form = {
        "csrf_token": token(client, url),
        "kind": "nghi_dinh",
        "title": "Nghị định quy định chi tiết một số nội dung về quản lý dự án đầu tư xây dựng",
        "issuer": "Chính phủ",
        "issued_on": "03/03/2021",
        "effective_from": "03/03/2021",
        "expires_on": "30/12/2024",
        "replaced_by": "175/2024/NĐ-CP",
        "amended_by": "",
        "url": "https://vanban.chinhphu.vn/?docid=202832",
    }
    response = client.post(url, data=form)
    assert response.status_code == 303
    assert "Đã lưu thay đổi" in page(client, url).get_text()

    def logged():
        [event] = admin_log.events(area="van-ban", subject="15/2021/NĐ-CP")
        return event.action, event.details

    action, details = world.in_db(legal_app, logged)
    assert action == "sua" and details["issued_on"] == {"truoc": None, "sau": "2021-03-03"}
    assert "url" in details and "expires_on" not in details  # only what changed


def test_errors_are_shown_beside_their_fields_with_the_answers_kept(legal_app):
    construction(legal_app)
    client = admin(legal_app, "qt.tinh")
    form = {
        "csrf_token": token(client, NEW),
        "number": "15/2021/NĐ-CP",
        "kind": "nghi_dinh",
        "title": "",
        "effective_from": "01/07/2025",
        "expires_on": "01/07/2024",
        "replaced_by": "999/2099/NĐ-CP",
    }
    soup = check_page(client.post(NEW, data=form).get_data(as_text=True))
    assert "Vui lòng nhập trích yếu" in soup.find(id="title-error").get_text()
    assert "phải sau ngày có hiệu lực" in soup.find(id="expires_on-error").get_text()
    assert soup.find(id="effective_from")["value"] == "01/07/2025"
    form.update(title="Nghị định", expires_on="01/07/2026")
    soup = check_page(client.post(NEW, data=form).get_data(as_text=True))
    assert "999/2099/NĐ-CP chưa có trong danh mục" in soup.find(id="replaced_by-error").get_text()
    form.update(replaced_by="", expires_on="")
    soup = check_page(client.post(NEW, data=form).get_data(as_text=True))
    assert "đã có trong danh mục" in soup.find(id="number-error").get_text()


def test_a_province_admin_adds_a_document_and_finds_it_by_search(legal_app):
    client = admin(legal_app, "qt.tinh")
    form = {
        "csrf_token": token(client, NEW),
        "number": "120/2025/NĐ-CP",
        "kind": "nghi_dinh",
        "title": "Nghị định phân định thẩm quyền của chính quyền địa phương 2 cấp trong lĩnh vực tư pháp",
        "issuer": "Chính phủ",
        "effective_from": "01/07/2025",
        "unconfirmed": "y",
    }
    assert client.post(NEW, data=form).status_code == 303
    text = page(client, f"{LIST}?q=tu+phap&trang-thai=in_force").get_text(" ")
    assert "120/2025/NĐ-CP" in text and "chưa đối chiếu" in text
    assert "120/2025/NĐ-CP" not in page(client, f"{LIST}?trang-thai=expired").get_text()
    assert world.in_db(legal_app, lambda: admin_log.events(area="van-ban")[0].action) == "tao"
