"""The form editor does not show a field's identity claim; editing the field keeps it."""

from tests.catalogue_admin.test_form_editor import BASE, editor, stored_form, token  # noqa: F401 (fixture)


def test_editing_a_field_keeps_its_identity_claim(app, editor):  # noqa: F811
    client, draft_id = editor
    url = f"{BASE}/{draft_id}/to-khai/buoc/nguoi_yeu_cau/truong/ho_ten"
    data = {"csrf_token": token(client, url), "name": "ho_ten", "type": "text", "label": "Họ và tên", "required": "y"}
    assert client.post(url, data=data).status_code == 303
    field = stored_form(app, draft_id)["steps"][0]["fields"][0]
    assert field["label"] == "Họ và tên" and field["identity"] == "full_name"
