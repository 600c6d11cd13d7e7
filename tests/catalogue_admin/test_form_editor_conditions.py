"""The form editor's condition on a field («Chỉ hiện khi trường» … «có giá trị»): saved into show_if,
refused beside it in Vietnamese when it cannot work, and protecting the field it reads."""

from tests.catalogue_admin.test_form_editor import BASE, editor, error_beside, page, stored_form, token  # noqa: F401
from webapp.forms_engine import FormDefinition

GUARDIAN = {"name": "giay_to_giam_ho", "type": "text", "label": "Giấy tờ chứng minh giám hộ", "required": "y"}


def _new_field(client, draft_id, step, **answers):
    url = f"{BASE}/{draft_id}/to-khai/buoc/{step}/truong-moi"
    return client.post(url, data={"csrf_token": token(client, url), **answers})


def test_the_field_page_offers_the_earlier_choice_fields_and_their_values(app, editor):  # noqa: F811
    client, draft_id = editor
    soup = page(client.get(f"{BASE}/{draft_id}/to-khai/buoc/nguoi_me/truong-moi"))
    offered = [o["value"] for o in soup.find("select", attrs={"name": "show_if_field"}).find_all("option")]
    assert offered[0] == "" and "quan_he" in offered and "ks_gioi_tinh" in offered
    assert "ho_ten" not in offered  # a text field has no values to test
    assert "nguoi_nuoi_duong (Cá nhân, tổ chức đang nuôi dưỡng)" in soup.find(id="gia-tri-dieu-kien").get_text()


def test_a_condition_is_saved_and_shown_again(app, editor):  # noqa: F811
    client, draft_id = editor
    response = _new_field(
        client, draft_id, "nguoi_yeu_cau", show_if_field="quan_he", show_if_values="ong_ba\nnguoi_than", **GUARDIAN
    )
    assert response.status_code == 303
    form = stored_form(app, draft_id)
    added = form["steps"][0]["fields"][-1]
    assert added["show_if"] == {"field": "quan_he", "in": ["ong_ba", "nguoi_than"]}
    assert FormDefinition.from_dict(form).field("giay_to_giam_ho").show_if.values == ("ong_ba", "nguoi_than")
    soup = page(client.get(f"{BASE}/{draft_id}/to-khai/buoc/nguoi_yeu_cau/truong/giay_to_giam_ho"))
    assert soup.find("select", attrs={"name": "show_if_field"}).find("option", selected=True)["value"] == "quan_he"
    assert soup.find("textarea", attrs={"name": "show_if_values"}).get_text().split() == ["ong_ba", "nguoi_than"]


def test_a_value_the_field_does_not_have_is_refused_beside_it(app, editor):  # noqa: F811
    client, draft_id = editor
    before = stored_form(app, draft_id)
    soup = page(_new_field(client, draft_id, "nguoi_yeu_cau", show_if_field="quan_he", show_if_values="co", **GUARDIAN))
    assert "«co» không phải giá trị của trường quan_he" in error_beside(soup, "có giá trị")
    assert soup.find("textarea", attrs={"name": "show_if_values"}).get_text().strip() == "co"
    assert stored_form(app, draft_id) == before


def test_a_field_after_this_one_cannot_be_read(app, editor):  # noqa: F811
    client, draft_id = editor
    soup = page(
        _new_field(client, draft_id, "nguoi_yeu_cau", show_if_field="cam_doan", show_if_values="co", **GUARDIAN)
    )
    assert "Chọn một trường trong danh sách" in error_beside(soup, "Chỉ hiện khi trường")


def test_values_without_a_field_are_refused(app, editor):  # noqa: F811
    client, draft_id = editor
    soup = page(_new_field(client, draft_id, "nguoi_yeu_cau", show_if_values="me", **GUARDIAN))
    assert "Chọn trường điều kiện" in error_beside(soup, "có giá trị")


def test_a_field_a_condition_reads_is_not_removed_renamed_or_stripped_of_the_value(app, editor):  # noqa: F811
    client, draft_id = editor
    _new_field(client, draft_id, "nguoi_yeu_cau", show_if_field="quan_he", show_if_values="ong_ba", **GUARDIAN)
    before = stored_form(app, draft_id)
    overview = f"{BASE}/{draft_id}/to-khai"
    removed = client.post(
        f"{BASE}/{draft_id}/to-khai/buoc/nguoi_yeu_cau/truong/quan_he/xoa",
        data={"csrf_token": token(client, overview)},
        follow_redirects=True,
    )
    text = page(removed).find(id="cac-buoc").get_text(" ")
    assert "Không thể xóa trường «quan_he»" in text
    assert "điều kiện hiển thị của trường «Giấy tờ chứng minh giám hộ»" in text
    url = f"{BASE}/{draft_id}/to-khai/buoc/nguoi_yeu_cau/truong/quan_he"
    field = next(f for f in before["steps"][0]["fields"] if f["name"] == "quan_he")
    lines = "\n".join(f"{c['value']}|{c['label']}" for c in field["choices"] if c["value"] != "ong_ba")
    data = {"csrf_token": token(client, url), "name": "quan_he", "type": "radio", "label": field["label"]}
    soup = page(client.post(url, data={**data, "choices": lines, "required": "y"}))
    assert "Trường «Giấy tờ chứng minh giám hộ» chỉ hiện khi trường «quan_he» có giá trị «ong_ba»" in soup.get_text()
    soup = page(
        client.post(
            url, data={**data, "name": "quan_he_moi", "choices": lines.replace("cha|", "ong_ba|Ông / Bà\ncha|")}
        )
    )
    assert "Không thể đổi tên trường «quan_he»" in error_beside(soup, "Tên trường")
    assert stored_form(app, draft_id) == before


def test_moving_a_field_above_the_answer_it_reads_is_refused_in_words(app, editor):  # noqa: F811
    client, draft_id = editor
    _new_field(client, draft_id, "nguoi_yeu_cau", show_if_field="quan_he", show_if_values="ong_ba", **GUARDIAN)
    url = f"{BASE}/{draft_id}/to-khai/buoc/nguoi_yeu_cau/truong/giay_to_giam_ho/di-chuyen"
    csrf = token(client, f"{BASE}/{draft_id}/to-khai")
    for _ in range(2):  # above email, then above dien_thoai: still after quan_he
        client.post(url, data={"csrf_token": csrf, "huong": "len"})
    before = stored_form(app, draft_id)
    response = client.post(url, data={"csrf_token": csrf, "huong": "len"}, follow_redirects=True)
    text = page(response).find(id="cac-buoc").get_text(" ")
    assert (
        "Trường «Giấy tờ chứng minh giám hộ» chỉ hiện khi trường «quan_he», mà trường đó không đứng trước nó." in text
    )
    assert stored_form(app, draft_id) == before
