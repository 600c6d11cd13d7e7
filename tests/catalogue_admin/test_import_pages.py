"""Import and export pages: admins download a procedure as YAML or JSON; the province admin brings a
file back as a draft (or sees every problem with its line, in Vietnamese) and compares the province's
published list with the catalogue, making drafts of what it adds or changes; nothing is published."""

import io
import re
import zipfile

import yaml

from tests.pages import check_page
from tests.staff_login import new_staff, sign_in
from tests.versions.test_annex import NEW_CODE, csv_bytes, the_list, xlsx_bytes
from tests.versions.test_transfer import BIRTH, dumped, five_errors
from webapp.db import db
from webapp.models import AdminEvent, CatalogueDraft, Procedure, RuleSet

BASE = "/quan-tri/thu-tuc"
IMPORT, ANNEX = f"{BASE}/nhap", f"{BASE}/nhap-danh-muc"


def admin(app, username, role="quan_tri_tinh"):
    client = app.test_client()
    sign_in(client, new_staff(app, username, role=role, units=("18073",)))
    return client


def token(client, url):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def upload(client, url, data, name):
    form = {"csrf_token": token(client, url), "tep": (io.BytesIO(data), name)}
    return client.post(url, data=form, content_type="multipart/form-data")


def counts(app):
    with app.app_context(), db.connection_context():
        return RuleSet.select().count(), CatalogueDraft.select().count()


def in_db(app, work):
    with app.test_request_context(), db.connection_context():
        return work()


def test_admins_download_a_procedure_as_yaml_and_json(app):
    client = admin(app, "qt.xuat.donvi", role="quan_tri_don_vi")
    response = client.get(f"{BASE}/{BIRTH}/xuat.yaml")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert yaml.safe_load(response.get_data(as_text=True))["code"] == BIRTH
    assert client.get(f"{BASE}/{BIRTH}/xuat.json").get_json()["code"] == BIRTH
    assert client.get(f"{BASE}/0.000000/xuat.json").status_code == 404
    first = yaml.safe_load(client.get(f"{BASE}/{BIRTH}/xuat.yaml?phien-ban=1").get_data(as_text=True))
    assert first["rules"]["version"] == 1
    assert client.get(f"{BASE}/{BIRTH}/xuat.yaml?phien-ban=999").status_code == 404
    chosen = client.get(f"{BASE}/xuat?ma={BIRTH}&dang=json")
    assert chosen.status_code == 303 and chosen.headers["Location"].endswith(f"/{BIRTH}/xuat.json")
    assert app.test_client().get(f"{BASE}/{BIRTH}/xuat.yaml").status_code == 302  # log in first


def test_a_good_bundle_becomes_a_draft_and_the_page_goes_to_it(filing_app):
    client = admin(filing_app, "qt.nhap.tot")
    data = yaml.safe_load(client.get(f"{BASE}/{BIRTH}/xuat.yaml").get_data(as_text=True))
    data["name"] = "Thủ tục đăng ký khai sinh (sửa theo tệp)"
    rule_sets, drafts_before = counts(filing_app)
    response = upload(client, IMPORT, dumped(data, "yaml").encode(), "khai-sinh.yaml")
    assert response.status_code == 303
    draft_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    assert response.headers["Location"].endswith(f"/ban-nhap/{draft_id}")
    draft = in_db(filing_app, lambda: CatalogueDraft.get_by_id(draft_id))
    assert (draft.source, draft.status, draft.bundle["name"]) == ("nhap-tep", "nhap", data["name"])
    assert counts(filing_app) == (rule_sets, drafts_before + 1)
    assert in_db(filing_app, lambda: Procedure.get(Procedure.code == BIRTH).name) == "Thủ tục đăng ký khai sinh"
    logged = in_db(filing_app, lambda: [e.action for e in AdminEvent.select().where(AdminEvent.subject == BIRTH)])
    assert "nhap-tep" in logged


def test_a_bundle_with_five_errors_shows_each_with_its_line_and_imports_nothing(filing_app):
    client = admin(filing_app, "qt.nhap.loi")
    before = counts(filing_app)
    for fmt in ("yaml", "json"):
        text, expected = in_db(filing_app, lambda fmt=fmt: five_errors(fmt))
        response = upload(client, IMPORT, text.encode(), f"loi.{fmt}")
        assert response.status_code == 200
        soup = check_page(response.get_data(as_text=True))
        assert "Tệp có 5 lỗi" in soup.find(id="loi-tep").get_text()
        rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in soup.select("tbody tr")]
        assert sorted((path, int(line)) for line, path, _words in rows) == sorted(
            (path, line) for path, line in expected.items()
        )
        assert "Không được là số âm." in [words for _line, _path, words in rows]
    assert counts(filing_app) == before


def test_a_file_that_is_not_utf8_or_not_yaml_is_shown_not_imported(app):
    client = admin(app, "qt.nhap.hong")
    soup = check_page(upload(client, IMPORT, "code: [1,\n".encode("utf-16"), "x.yaml").get_data(as_text=True))
    assert "UTF-8" in soup.find(id="loi-tep").find_next("table").get_text()
    soup = check_page(upload(client, IMPORT, b"code: [1,\nname: x\n", "x.yaml").get_data(as_text=True))
    assert "Lỗi cú pháp YAML" in soup.get_text()


def test_a_unit_admin_reads_the_import_pages_but_cannot_import(app):
    client = admin(app, "qt.nhap.donvi", role="quan_tri_don_vi")
    assert "Chỉ quản trị cấp tỉnh" in check_page(client.get(IMPORT).get_data(as_text=True)).get_text()
    province = admin(app, "qt.nhap.tinh")
    form = {"csrf_token": token(province, IMPORT), "tep": (io.BytesIO(b"code: x"), "x.yaml")}
    client_token = token(client, ANNEX)
    assert client.post(IMPORT, data={**form, "csrf_token": client_token}).status_code == 403
    assert client.post(f"{ANNEX}/tao-ban-nhap", data={"csrf_token": client_token}).status_code == 403


def test_the_published_list_shows_added_changed_and_missing_then_drafts_of_the_chosen(filing_app):
    client = admin(filing_app, "qt.danhmuc")
    rows, omitted, renamed = in_db(filing_app, the_list)
    response = upload(client, ANNEX, xlsx_bytes(rows), "danh-muc.xlsx")
    soup = check_page(response.get_data(as_text=True))
    added = soup.find(id="them-moi").find_parent("section").get_text(" ", strip=True)
    changed = soup.find(id="thay-doi").find_parent("section").get_text(" ", strip=True)
    missing = soup.find(id="khong-co").find_parent("section").get_text(" ", strip=True)
    assert NEW_CODE in added and renamed in changed and omitted in missing
    assert "Tên thủ tục: danh mục ghi “Thủ tục mới đổi tên theo quyết định công bố”" in changed
    before = counts(filing_app)
    chosen = [box["value"] for box in soup.select("input[name=rows]")]
    form = {"csrf_token": soup.select_one("form[action$='tao-ban-nhap'] input[name=csrf_token]")["value"]}
    done = client.post(f"{ANNEX}/tao-ban-nhap", data={**form, "rows": chosen})
    page = check_page(done.get_data(as_text=True))
    assert "Đã tạo 2 bản nháp" in page.get_text()
    assert counts(filing_app) == (before[0], before[1] + 2)
    logged = in_db(filing_app, lambda: AdminEvent.select().where(AdminEvent.action == "nhap-danh-muc").count())
    assert logged == 2


def test_a_list_named_xlsx_that_is_really_csv_is_read_by_its_content(app):
    client = admin(app, "qt.danhmuc.csv")
    rows, omitted, _renamed = in_db(app, the_list)
    soup = check_page(upload(client, ANNEX, csv_bytes(rows), "danh-muc.xlsx").get_data(as_text=True))
    assert NEW_CODE in soup.find(id="them-moi").find_parent("section").get_text()
    word = io.BytesIO()
    with zipfile.ZipFile(word, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    soup = check_page(upload(client, ANNEX, word.getvalue(), "danh-muc.xlsx").get_data(as_text=True))
    assert "không phải bảng tính XLSX" in soup.find(id="f-danh-muc-error").get_text()
