"""A new procedure starts as a draft; a draft's online steps are previewed as a citizen sees them, and its
blank PDF and DOCX come from the edited form definition."""

import copy
import io
import zipfile

from tests.catalogue_admin.editor_helpers import INDEX, admin, draft_id, start, token_of
from tests.pages import check_page
from webapp.db import db
from webapp.models import CatalogueDraft, Staff
from webapp.versions import drafts
from webapp.versions.bundle import problems

NEW = {"code": "1.999001", "name": "Thủ tục thử nghiệm", "field": "HT", "tier": "xa", "online_class": "mot_phan"}


def post_new(client, **values):
    token = token_of(client.get(f"{INDEX}moi").get_data(as_text=True))
    data = {"csrf_token": token, "legacy_level": "3", "implementing_agency": "Ủy ban nhân dân cấp xã"}
    return client.post(f"{INDEX}moi", data={**data, **NEW, **values})


def test_a_new_procedure_is_a_draft_with_a_valid_skeleton(filing_app, unique):
    client = admin(filing_app, f"qt.moi{unique}")
    response = post_new(client)
    assert response.status_code == 303
    with filing_app.app_context(), db.connection_context():
        draft = CatalogueDraft.get_by_id(draft_id(response.headers["Location"]))
        assert draft.procedure is None and draft.bundle["name"] == NEW["name"]
        assert problems(draft.bundle) == []
    index = check_page(client.get(INDEX).get_data(as_text=True))
    assert "Thủ tục mới đang soạn" in index.get_text() and "1.999001" in index.get_text()
    again = check_page(post_new(client).get_data(as_text=True))
    assert "đang có bản nháp" in again.find(id="code-error").get_text()


def test_a_new_procedure_code_follows_the_national_format(app, unique):
    client = admin(app, f"qt.ma{unique}")
    soup = check_page(post_new(client, code="1.0011", name="").get_data(as_text=True))
    assert "6 chữ số" in soup.find(id="code-error").get_text()
    assert "Vui lòng nhập tên thủ tục." in soup.find(id="name-error").get_text()
    assert soup.find(id="code")["value"] == "1.0011"
    taken = check_page(post_new(client, code="1.001193").get_data(as_text=True))
    assert "đã có trong danh mục" in taken.find(id="code-error").get_text()


def _retitled(app, draft, title):
    """The form's title changed as the form editor would save it."""
    with app.app_context(), db.connection_context():
        row = CatalogueDraft.get_by_id(draft)
        bundle = copy.deepcopy(row.bundle)
        bundle["form"]["title"] = title
        drafts.save(row, bundle, Staff.get_by_id(row.created_by_id))


def test_the_preview_shows_the_drafts_steps_and_summary(filing_app, unique):
    client = admin(filing_app, f"qt.xt{unique}")
    draft = draft_id(start(client))
    soup = check_page(client.get(f"{INDEX}ban-nhap/{draft}/xem-truoc").get_data(as_text=True))
    steps = [h.get_text(" ", strip=True) for h in soup.select(".preview-step h3")]
    assert steps and steps[0].startswith("Bước 1") and soup.find("label", attrs={"for": "f-ho_ten"}) is not None
    assert "Thời hạn giải quyết" in soup.get_text() and "8.000" in soup.get_text()
    response = client.get(f"{INDEX}ban-nhap/{draft}/xem-truoc")
    assert "no-store" in response.headers["Cache-Control"]


def test_the_blank_forms_come_from_the_edited_definition(filing_app, unique):
    client = admin(filing_app, f"qt.pdf{unique}")
    draft = draft_id(start(client))
    _retitled(filing_app, draft, "Tờ khai đăng ký khai sinh SỬA ĐỔI")
    pdf = client.get(f"{INDEX}ban-nhap/{draft}/mau.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    docx = client.get(f"{INDEX}ban-nhap/{draft}/mau.docx")
    with zipfile.ZipFile(io.BytesIO(docx.data)) as archive:
        body = archive.read("word/document.xml").decode()
    assert "SỬA ĐỔI" in body
    assert client.get(f"{INDEX}ban-nhap/{draft}/mau.odt").status_code == 404
