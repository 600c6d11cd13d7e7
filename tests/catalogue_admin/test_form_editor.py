"""The form editor: a province admin changes a draft's tờ khai through plain forms; every save is
checked whole (FormDefinition.from_dict), a refusal is shown beside its field with what was typed,
and a field that a fee counts from is never removed."""

import re

import pytest

from tests.pages import PageChecker, check_page
from tests.staff_login import new_staff, sign_in
from webapp.db import db
from webapp.forms_engine import FormDefinition
from webapp.models import CatalogueDraft, Procedure
from webapp.models.legal import LegalDocument
from webapp.versions import drafts
from webapp.versions.bundle import bundle_of

BIRTH = "1.001193"  # its last step holds so_ban_sao, which the extract copies' phí counts from
BASE = "/quan-tri/thu-tuc/ban-nhap"


@pytest.fixture
def editor(app, unique):
    """(client signed in as a province admin, a fresh draft of the birth registration)."""
    staff = new_staff(app, f"qt{unique}", role="quan_tri_tinh", units=("42",))
    with app.app_context(), db.connection_context():
        procedure = Procedure.get(Procedure.code == BIRTH)
        if (left_open := drafts.open_draft(procedure=procedure)) is not None:  # one open draft per procedure
            drafts.withdraw(left_open, staff)
        draft = drafts.start(procedure, staff)
    client = app.test_client()
    sign_in(client, staff)
    return client, draft.id


def stored_form(app, draft_id):
    with app.app_context(), db.connection_context():
        return CatalogueDraft.get_by_id(draft_id).bundle["form"]


def token(client, url):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def page(response, status=200):
    assert response.status_code == status, response.status_code
    return check_page(response.get_data(as_text=True))


def error_beside(soup, label):
    """The error shown in the field whose label is `label` ("" when none)."""
    for found in soup.find_all("label"):
        if found.get_text(strip=True) == label:
            box = found.find_parent(class_="field")
            error = box.find(class_="error") if box else None
            return error.get_text(" ", strip=True).removeprefix("Lỗi:").strip() if error else ""
    raise AssertionError(f"no field labelled {label!r}")


def value_of(soup, name):
    return soup.find(attrs={"name": name}).get("value")


def new_field(client, draft_id, step, **answers):
    url = f"{BASE}/{draft_id}/to-khai/buoc/{step}/truong-moi"
    return client.post(url, data={"csrf_token": token(client, url), **answers})


COPIES = {"name": "so_ban_sao_moi", "type": "number", "label": "Số bản sao mới", "min": "1", "max": "10"}


def test_a_number_field_added_to_the_first_step_is_in_the_draft_and_valid(app, editor):
    client, draft_id = editor
    overview = page(client.get(f"{BASE}/{draft_id}/to-khai"))
    assert "Người yêu cầu" in overview.get_text() and overview.find("a", string=re.compile("Thêm trường"))
    response = new_field(client, draft_id, "nguoi_yeu_cau", required="y", **COPIES)
    assert response.status_code == 303
    form = stored_form(app, draft_id)
    added = form["steps"][0]["fields"][-1]
    assert added["name"] == "so_ban_sao_moi" and added["validation"] == {"min": 1, "max": 10} and added["required"]
    assert FormDefinition.from_dict(form).field("so_ban_sao_moi").label == "Số bản sao mới"
    assert "Số bản sao mới" in page(client.get(response.headers["Location"])).get_text()


def test_a_duplicate_field_name_is_refused_beside_the_name(app, editor):
    client, draft_id = editor
    before = stored_form(app, draft_id)
    soup = page(new_field(client, draft_id, "nguoi_yeu_cau", **{**COPIES, "name": "ho_ten"}))
    assert "ho_ten" in error_beside(soup, "Tên trường") and "đã dùng" in error_beside(soup, "Tên trường")
    assert value_of(soup, "label") == "Số bản sao mới"
    assert stored_form(app, draft_id) == before


def test_a_minimum_above_the_maximum_is_refused_and_what_was_typed_stays(app, editor):
    client, draft_id = editor
    before = stored_form(app, draft_id)
    soup = page(new_field(client, draft_id, "nguoi_yeu_cau", **{**COPIES, "min": "12", "max": "3"}))
    assert "nhỏ hơn hoặc bằng" in error_beside(soup, "Giá trị nhỏ nhất")
    assert (value_of(soup, "name"), value_of(soup, "min"), value_of(soup, "max")) == ("so_ban_sao_moi", "12", "3")
    assert stored_form(app, draft_id) == before


def test_an_engine_refusal_is_mapped_beside_its_field(app, editor):
    """A default that the field's own checks refuse comes from from_dict, shown beside Giá trị điền sẵn."""
    client, draft_id = editor
    soup = page(new_field(client, draft_id, "nguoi_yeu_cau", **{**COPIES, "default": "50"}))
    assert "câu trả lời hợp lệ" in error_beside(soup, "Giá trị điền sẵn")
    assert value_of(soup, "default") == "50"


def test_moving_a_field_up_changes_the_order(app, editor):
    client, draft_id = editor
    names = [f["name"] for f in stored_form(app, draft_id)["steps"][0]["fields"]]
    url = f"{BASE}/{draft_id}/to-khai/buoc/nguoi_yeu_cau/truong/{names[1]}/di-chuyen"
    response = client.post(url, data={"csrf_token": token(client, f"{BASE}/{draft_id}/to-khai"), "huong": "len"})
    assert response.status_code == 303
    assert [f["name"] for f in stored_form(app, draft_id)["steps"][0]["fields"]][:2] == [names[1], names[0]]


def test_with_htmx_a_move_answers_with_the_steps_list_only(app, editor):
    client, draft_id = editor
    names = [f["name"] for f in stored_form(app, draft_id)["steps"][0]["fields"]]
    url = f"{BASE}/{draft_id}/to-khai/buoc/nguoi_yeu_cau/truong/{names[0]}/di-chuyen"
    data = {"csrf_token": token(client, f"{BASE}/{draft_id}/to-khai"), "huong": "xuong"}
    response = client.post(url, data=data, headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.lstrip().startswith('<div id="cac-buoc">') and "<html" not in html
    assert "HX-Request" in response.headers.get("Vary", "")
    assert [f["name"] for f in stored_form(app, draft_id)["steps"][0]["fields"]][:2] == [names[1], names[0]]


def test_removing_a_field_a_fee_counts_from_is_refused(app, editor):
    client, draft_id = editor
    before = stored_form(app, draft_id)
    overview = f"{BASE}/{draft_id}/to-khai"
    url = f"{BASE}/{draft_id}/to-khai/buoc/ban_sao_cam_doan/truong/so_ban_sao/xoa"
    response = client.post(url, data={"csrf_token": token(client, overview)}, follow_redirects=True)
    text = page(response).find(id="cac-buoc").get_text(" ")  # said in the list the page opens at
    assert "Không thể xóa trường «so_ban_sao»" in text and "Phí cấp bản sao trích lục khai sinh" in text
    assert stored_form(app, draft_id) == before


def test_removing_a_field_a_copy_rule_reads_is_refused(app, editor):
    client, draft_id = editor
    url = f"{BASE}/{draft_id}/to-khai/buoc/nguoi_yeu_cau/truong/quan_he/xoa"
    response = client.post(url, data={"csrf_token": token(client, f"{BASE}/{draft_id}/to-khai")})
    assert response.status_code == 303
    text = page(client.get(response.headers["Location"])).get_text(" ")
    assert "Không thể xóa trường «quan_he»" in text and "điều kiện sao chép của bước «Người mẹ»" in text


def test_removing_an_unused_field_takes_it_out(app, editor):
    client, draft_id = editor
    url = f"{BASE}/{draft_id}/to-khai/buoc/nguoi_yeu_cau/truong/email/xoa"
    client.post(url, data={"csrf_token": token(client, f"{BASE}/{draft_id}/to-khai")})
    assert "email" not in [f["name"] for f in stored_form(app, draft_id)["steps"][0]["fields"]]


def test_the_reference_and_legal_source_are_saved(app, editor):
    client, draft_id = editor
    with app.app_context(), db.connection_context():
        number = LegalDocument.select().order_by(LegalDocument.number).first().number
    url = f"{BASE}/{draft_id}/to-khai"
    reference = "Mẫu số 01 ban hành kèm theo Nghị định số 175/2024/NĐ-CP"
    data = {"csrf_token": token(client, url), "title": "Tờ khai đăng ký khai sinh", "reference": reference}
    assert client.post(url, data={**data, "legal_source": number}).status_code == 303
    form = stored_form(app, draft_id)
    assert (form["reference"], form["legal_source"]) == (reference, number)
    soup = page(client.post(url, data={**data, "legal_source": "99/1999/XX-YY"}))
    assert "chưa có trong danh mục" in error_beside(soup, "Số, ký hiệu văn bản ban hành mẫu")
    assert stored_form(app, draft_id)["legal_source"] == number


def test_a_new_step_with_its_first_field_goes_last(app, editor):
    client, draft_id = editor
    url = f"{BASE}/{draft_id}/to-khai/buoc-moi"
    data = {"key": "uy_quyen", "title": "Ủy quyền", "field_name": "nguoi_uy_quyen", "field_label": "Người ủy quyền"}
    assert client.post(url, data={"csrf_token": token(client, url), "field_type": "text", **data}).status_code == 303
    last = stored_form(app, draft_id)["steps"][-1]
    assert last["key"] == "uy_quyen" and last["fields"][0]["name"] == "nguoi_uy_quyen"


def test_a_copy_rule_naming_an_unknown_field_is_refused_on_its_line(app, editor):
    client, draft_id = editor
    url = f"{BASE}/{draft_id}/to-khai/buoc/nguoi_me"
    rules = "quan_he=me => me_ho_ten=ho_ten\nquan_he=me => me_ho_ten=khong_co"
    soup = page(client.post(url, data={"csrf_token": token(client, url), "title": "Người mẹ", "copy_from": rules}))
    error = error_beside(soup, "Sao chép từ câu trả lời trước")
    assert "quy tắc sao chép dòng 2" in error and "«khong_co» không có ở các bước trước" in error
    assert "khong_co" in soup.find("textarea", attrs={"name": "copy_from"}).get_text()


def test_a_unit_admin_reads_but_may_not_change(app, editor, unique):
    _client, draft_id = editor
    reader = app.test_client()
    sign_in(reader, new_staff(app, f"qtdv{unique}", role="quan_tri_don_vi", units=("18073",)))
    soup = page(reader.get(f"{BASE}/{draft_id}/to-khai"))
    assert not soup.find("button", string=re.compile("Lưu"))
    url = f"{BASE}/{draft_id}/to-khai/buoc/nguoi_yeu_cau/truong-moi"
    assert new_field(reader, draft_id, "nguoi_yeu_cau", **COPIES).status_code == 403
    assert page(reader.get(url)).find("input", attrs={"name": "name"}).has_attr("disabled")


def test_a_draft_waiting_for_approval_is_not_changed(app, editor):
    client, draft_id = editor
    with app.app_context(), db.connection_context():
        CatalogueDraft.update(status=drafts.CHO_DUYET).where(CatalogueDraft.id == draft_id).execute()
    assert new_field(client, draft_id, "nguoi_yeu_cau", **COPIES).status_code == 409


def test_a_field_a_fee_counts_from_keeps_its_number_type(app, editor):
    client, draft_id = editor
    url = f"{BASE}/{draft_id}/to-khai/buoc/ban_sao_cam_doan/truong/so_ban_sao"
    soup = page(client.get(url))
    assert "phí/lệ phí «Phí cấp bản sao trích lục khai sinh»" in soup.get_text()
    data = {"csrf_token": token(client, url), "name": "so_ban_sao", "type": "text", "label": "Số bản sao"}
    soup = page(client.post(url, data=data))
    assert "phải là số" in error_beside(soup, "Kiểu")
    assert stored_form(app, draft_id)["steps"][-1]["fields"][0]["type"] == "number"


def test_renaming_a_field_a_copy_rule_reads_is_refused(app, editor):
    client, draft_id = editor
    url = f"{BASE}/{draft_id}/to-khai/buoc/nguoi_yeu_cau/truong/ho_ten"
    data = {"csrf_token": token(client, url), "name": "ho_va_ten", "type": "text", "label": "Họ, chữ đệm, tên"}
    soup = page(client.post(url, data=data))
    assert "Không thể đổi tên trường «ho_ten»" in error_beside(soup, "Tên trường")


def test_moving_a_step_before_the_answers_it_copies_from_is_refused(app, editor):
    client, draft_id = editor
    keys = [s["key"] for s in stored_form(app, draft_id)["steps"]]
    url = f"{BASE}/{draft_id}/to-khai/buoc/nguoi_me/di-chuyen"
    data = {"csrf_token": token(client, f"{BASE}/{draft_id}/to-khai"), "huong": "len"}
    while keys.index("nguoi_me") > keys.index("nguoi_yeu_cau") + 1:  # up to just after the applicant
        client.post(url, data=data)
        keys = [s["key"] for s in stored_form(app, draft_id)["steps"]]
    response = client.post(url, data=data, headers={"HX-Request": "true"})
    text = check_page(f"<html lang=vi><title>x</title>{response.get_data(as_text=True)}").get_text(" ")
    assert "Bước «Người mẹ», quy tắc sao chép dòng 1" in text and "không có ở các bước trước" in text
    assert [s["key"] for s in stored_form(app, draft_id)["steps"]] == keys


def test_the_overview_lists_the_online_form_papers_and_saves_a_choice(app, editor):
    client, draft_id = editor
    url = f"{BASE}/{draft_id}/to-khai"
    soup = page(client.get(url))
    boxes = soup.select("#giay-to ~ form input[type=checkbox]")
    ticked = [int(b["value"]) for b in boxes if b.has_attr("checked")]
    assert ticked, "the birth registration's tờ khai is filled in online"
    client.post(f"{url}/giay-to", data={"csrf_token": token(client, url), "papers": []})
    with app.app_context(), db.connection_context():
        documents = CatalogueDraft.get_by_id(draft_id).bundle["rules"]["documents"]
    assert not any(d.get("online_form") for d in documents)


@pytest.mark.parametrize(
    "answers",
    [
        {"min": "nan", "max": "1e400"},
        {"max_length": "2.5", "min_length": "-1", "type": "text"},
        {"type": "radio", "choices": "|||\na|A\na|B"},
        {"type": "date", "not_before": "31/02/2026", "not_after": "hôm nay"},
        {"type": "checkbox", "default": "y", "min": ""},
        {"name": "Số_bản", "type": "bogus"},
    ],
)
def test_bad_answers_are_refused_on_the_page_and_nothing_is_saved(app, editor, answers):
    client, draft_id = editor
    before = stored_form(app, draft_id)
    soup = page(new_field(client, draft_id, "nguoi_yeu_cau", **{**COPIES, **answers}))
    assert soup.find(class_="error"), "the refusal is said on the page"
    assert stored_form(app, draft_id) == before


def test_a_new_step_with_a_key_already_used_is_refused_beside_it(app, editor):
    client, draft_id = editor
    url = f"{BASE}/{draft_id}/to-khai/buoc-moi"
    data = {"key": "nguoi_me", "title": "Mẹ", "field_name": "me_moi", "field_label": "Mẹ", "field_type": "text"}
    soup = page(client.post(url, data={"csrf_token": token(client, url), **data}))
    assert "đã có trong tờ khai" in error_beside(soup, "Mã bước")
    assert value_of(soup, "field_name") == "me_moi"


def test_the_pages_read_in_english_with_the_records_vietnamese_marked(app, editor):
    client, draft_id = editor
    checker = PageChecker(client)
    for url in ("to-khai", "to-khai/buoc/nguoi_me", "to-khai/buoc/nguoi_me/truong/me_nam_sinh", "to-khai/buoc-moi"):
        checker(f"{BASE}/{draft_id}/{url}", lang="en")


def test_a_procedure_without_a_form_gets_one_header_first(app, unique):
    staff = new_staff(app, f"qtn{unique}", role="quan_tri_tinh", units=("42",))
    with app.app_context(), db.connection_context():
        bundle = {**bundle_of(Procedure.get(Procedure.code == BIRTH)), "code": "9.999001", "form": {}}
        draft_id = drafts.start_new(bundle, staff).id
    client = app.test_client()
    sign_in(client, staff)
    overview, new_step = f"{BASE}/{draft_id}/to-khai", f"{BASE}/{draft_id}/to-khai/buoc-moi"
    assert "Tờ khai chưa có bước nào" in page(client.get(overview)).get_text()
    step = {"key": "nguoi_yeu_cau", "title": "Người yêu cầu", "field_name": "ho_ten", "field_label": "Họ tên"}
    refused = page(client.post(new_step, data={"csrf_token": token(client, new_step), "field_type": "text", **step}))
    assert "tên tờ khai" in refused.get_text()
    data = {"csrf_token": token(client, overview), "title": "Tờ khai thử"}
    assert client.post(overview, data=data).status_code == 303
    assert (
        client.post(new_step, data={"csrf_token": token(client, new_step), "field_type": "text", **step}).status_code
        == 303
    )
    assert FormDefinition.from_dict(stored_form(app, draft_id)).field("ho_ten").label == "Họ tên"
