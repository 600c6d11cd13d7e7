"""Filing a tờ khai with fields asked only on an earlier answer (show_if), through the pages: the form
of the birth registration is extended for these tests only, in the test's own database."""

import datetime

import pytest

from tests.factories import posted_value
from webapp.db import db
from webapp.forms_engine import stored
from webapp.models import Draft, FormDefinition
from webapp.models.dossier import utcnow

WHO = {
    "name": "nguoi_nop",
    "type": "radio",
    "label": "Người nộp",
    "required": True,
    "choices": [{"value": "ban_than", "label": "Chính người yêu cầu"}, {"value": "nguoi_khac", "label": "Người khác"}],
}
PROXY = {
    "name": "so_uy_quyen",
    "type": "text",
    "label": "Số văn bản ủy quyền",
    "required": True,
    "show_if": {"field": "nguoi_nop", "in": ["nguoi_khac"]},
}
WANTS_COPIES = {"name": "can_them_ban", "type": "checkbox", "label": "Cần thêm bản sao trích lục"}
EXTRA = {
    "name": "so_ban_them",
    "type": "number",
    "label": "Số bản thêm",
    "required": True,
    "validation": {"min": 1, "max": 10},
    "show_if": {"field": "can_them_ban", "in": ["co"]},
}


@pytest.fixture
def filer(citizen, filing_app):
    """A citizen on a draft whose form asks who files (and the proxy's paper only for someone else) in
    step 1, and in step 2 how many extra copies only when step 1's box is ticked."""
    citizen.start()
    with filing_app.app_context(), db.connection_context():
        row = FormDefinition.get(FormDefinition.rule_set == Draft.get(Draft.token == citizen.token).rule_set)
        definition = row.definition
        definition["steps"][0]["fields"] += [WHO, PROXY, WANTS_COPIES]
        definition["steps"][1]["fields"].append(EXTRA)
        row.definition = definition
        row.save()
    stored._specs.clear()
    yield citizen
    stored._specs.clear()


def _step_values(citizen, number, **values):
    step = citizen.spec().steps[number - 1]
    own = {f.name: posted_value(f) for f in step.fields if f.name not in (PROXY["name"], EXTRA["name"])}
    own.pop(WANTS_COPIES["name"], None)
    return {**own, "nguoi_nop": "ban_than", **values} if number == 1 else {**own, **values}


def _answers(app, token):
    with app.app_context(), db.connection_context():
        return Draft.get(Draft.token == token).answers


def test_a_field_on_this_steps_answer_says_when_to_fill_it_and_is_required_only_then(filer, filing_app):
    page = filer.page(f"/nop/{filer.token}/buoc/1")
    label = page.find("label", attrs={"for": "f-so_uy_quyen"}).get_text(" ", strip=True)
    assert "Số văn bản ủy quyền (chỉ khai nếu Người nộp là Người khác)" in label
    assert page.find(id="f-so_uy_quyen").find_parent(attrs={"data-show-if": "nguoi_nop"})
    assert page.find("script", src=lambda s: s and "/js/conditions.js" in s)

    refused = filer.post(f"/nop/{filer.token}/buoc/1", _step_values(filer, 1, nguoi_nop="nguoi_khac"))
    assert refused.status_code == 200
    assert "Vui lòng nhập số văn bản ủy quyền." in refused.get_data(as_text=True)

    typed_while_hidden = _step_values(filer, 1, nguoi_nop="ban_than", so_uy_quyen="12/UQ")
    assert filer.post(f"/nop/{filer.token}/buoc/1", typed_while_hidden).status_code == 303
    assert "so_uy_quyen" not in _answers(filing_app, filer.token)

    given = _step_values(filer, 1, nguoi_nop="nguoi_khac", so_uy_quyen="12/UQ")
    assert filer.post(f"/nop/{filer.token}/buoc/1", given).status_code == 303
    assert _answers(filing_app, filer.token)["so_uy_quyen"] == "12/UQ"


def test_a_field_on_an_earlier_steps_answer_is_left_out_until_it_applies(filer, filing_app):
    assert filer.post(f"/nop/{filer.token}/buoc/1", _step_values(filer, 1)).status_code == 303
    step2 = filer.page(f"/nop/{filer.token}/buoc/2")
    assert step2.find(id="f-so_ban_them") is None and "chỉ khai nếu" not in step2.get_text()
    assert filer.post(f"/nop/{filer.token}/buoc/2", _step_values(filer, 2)).status_code == 303

    assert filer.post(f"/nop/{filer.token}/buoc/1", _step_values(filer, 1, can_them_ban="on")).status_code == 303
    assert filer.page(f"/nop/{filer.token}/buoc/2").find(id="f-so_ban_them")
    refused = filer.post(f"/nop/{filer.token}/buoc/2", _step_values(filer, 2))
    assert refused.status_code == 200 and "Vui lòng nhập số bản thêm." in refused.get_data(as_text=True)
    assert filer.post(f"/nop/{filer.token}/buoc/2", _step_values(filer, 2, so_ban_them="3")).status_code == 303
    assert _answers(filing_app, filer.token)["so_ban_them"] == 3

    # The box unticked again: the extra copies no longer apply, and their answer goes.
    assert filer.post(f"/nop/{filer.token}/buoc/1", _step_values(filer, 1)).status_code == 303
    assert "so_ban_them" not in _answers(filing_app, filer.token)


def test_the_check_page_shows_only_the_fields_that_apply(filer, filing_app):
    for number in range(1, len(filer.spec().steps) + 1):
        values = _step_values(filer, number, can_them_ban="on", so_ban_them="2") if number < 3 else None
        response = filer.post(f"/nop/{filer.token}/buoc/{number}", values or _step_values(filer, number))
        assert response.status_code == 303, number
    with filing_app.app_context(), db.connection_context():
        draft = Draft.get(Draft.token == filer.token)
        draft.phone, draft.phone_verified_at = "+84912345678", utcnow() - datetime.timedelta(minutes=1)
        draft.delivery = {"channel": "truc_tiep"}
        draft.save()
    text = filer.page(f"/nop/{filer.token}/kiem-tra").get_text(" ", strip=True)
    assert "Số bản thêm" in text and "Số văn bản ủy quyền" not in text


def test_a_step_with_nothing_that_applies_says_so_and_goes_on(filer, filing_app):
    with filing_app.app_context(), db.connection_context():
        row = FormDefinition.get(FormDefinition.rule_set == Draft.get(Draft.token == filer.token).rule_set)
        only = {**EXTRA, "name": "so_ban_gui_buu_dien", "label": "Số bản gửi qua bưu điện"}
        row.definition = {
            **row.definition,
            "steps": [*row.definition["steps"], {"key": "them", "title": "Thêm", "fields": [only]}],
        }
        row.save()
    stored._specs.clear()
    assert filer.post(f"/nop/{filer.token}/buoc/1", _step_values(filer, 1)).status_code == 303
    last = len(filer.spec().steps)
    page = filer.page(f"/nop/{filer.token}/buoc/{last}")
    assert "bước này không cần khai gì" in page.get_text() and page.find(id="f-so_ban_gui_buu_dien") is None
    assert filer.post(f"/nop/{filer.token}/buoc/{last}", {}).status_code == 303
