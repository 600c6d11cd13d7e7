"""Numbers from outside (issue 17, items 2 and 7): an id, size or count too large for the database is
a 404 or a field error, never a 500; a number field refuses infinity and stays within its maximum.
The URL cases run on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

import json
import re

import pytest
import yaml

from tests.factories import BIRTH, make_draft, posted_value
from tests.pages import check_page
from tests.staff_login import officer
from tests.walks import Citizen, filed
from webapp.bounded import ID_MAX, database_id, whole_number
from webapp.config import ROOT
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.forms_engine.answers import clean_step
from webapp.forms_engine.definition import DefinitionError, FormDefinition
from webapp.models import Draft

HUGE = "99999999999999999999"  # 20 digits: beyond a 64-bit integer
JUST_OVER = str(ID_MAX + 1)  # 9223372036854775808
NINES = "9" * 400  # float() makes it inf
BUSINESS = "1.001612"  # đăng ký hộ kinh doanh: its tờ khai asks the capital in đồng


@pytest.mark.parametrize(
    "text, expected",
    [
        ("42", 42),
        (" 7 ", 7),
        ("0", 0),
        (str(ID_MAX), ID_MAX),
        (JUST_OVER, None),
        (HUGE, None),
        ("9" * 5000, None),  # int() itself refuses more than 4300 digits
        ("-1", None),
        ("+1", None),
        ("1_0", None),
        ("٥", None),  # an Arabic-Indic five: int() takes it
        ("1.5", None),
        ("", None),
        (None, None),
    ],
)
def test_one_parser_reads_plain_digits_within_what_the_database_stores(text, expected):
    assert whole_number(text) == expected


def test_an_id_starts_at_one_and_bounds_can_be_narrowed():
    assert database_id("0") is None and database_id("1") == 1
    assert whole_number("21", low=1, high=20) is None and whole_number("20", low=1, high=20) == 20


def test_no_route_takes_a_bare_int_converter(app):
    """Every integer in a path goes through `<id:…>` (the bounded converter)."""
    bare = [rule.rule for rule in app.url_map.iter_rules() if "<int:" in rule.rule]
    assert bare == []
    assert any("<id:" in rule.rule for rule in app.url_map.iter_rules())


# Item 2: the routes and forms that gave HTTP 500.


def test_an_agency_number_too_large_shows_the_start_form_again(filing_app):
    citizen = Citizen(filing_app)
    with filing_app.app_context(), db.connection_context():
        before = Draft.select().count()
    for agency in (JUST_OVER, HUGE, "9" * 5000, "-1"):
        response = citizen.post(f"/thu-tuc/{BIRTH}/nop-truc-tuyen", {"agency": agency})
        assert response.status_code == 200, agency
        assert "Vui lòng chọn nơi nộp hồ sơ." in response.get_data(as_text=True)
    with filing_app.app_context(), db.connection_context():
        assert Draft.select().count() == before


@pytest.mark.parametrize("number", [HUGE, JUST_OVER, str(ID_MAX), "0", "007"])
def test_a_file_number_no_row_can_have_is_not_found(filing_app, number):
    citizen = Citizen(filing_app)
    with filing_app.app_context(), db.connection_context():
        citizen.token = make_draft().token
    assert citizen.client.get(f"/nop/{citizen.token}/tep/{number}").status_code == 404
    assert citizen.post(f"/nop/{citizen.token}/tep/{number}/xoa").status_code == 404


def test_a_step_number_too_large_is_not_found(filing_app):
    citizen = Citizen(filing_app)
    with filing_app.app_context(), db.connection_context():
        citizen.token = make_draft().token
    assert citizen.client.get(f"/nop/{citizen.token}/buoc/{HUGE}").status_code == 404
    assert citizen.client.get(f"/nop/{citizen.token}/buoc/99").status_code == 404


def test_the_officer_asking_for_a_file_number_too_large_gets_not_found(filing_app):
    dossier = filed(filing_app)
    client = officer(filing_app, "mc.sotolon")
    for number in (HUGE, JUST_OVER, str(ID_MAX)):
        assert client.get(f"/can-bo/ho-so/{dossier.code}/tep/{number}").status_code == 404


def _upload_headers(client, token):
    html = client.get(f"/nop/{token}/giay-to").get_data(as_text=True)
    return {"X-CSRFToken": re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)}


def test_a_resumable_upload_declaring_a_size_too_large_is_refused_as_bad_input(filing_app):
    client = filing_app.test_client()
    with filing_app.app_context(), db.connection_context():
        token = make_draft().token
    headers = _upload_headers(client, token)
    for size in (HUGE, JUST_OVER, str(2**31), "-5", "1e9"):
        form = {"doc": "1", "name": "anh.jpg", "size": size}
        assert client.post(f"/nop/{token}/tai-len", data=form, headers=headers).status_code == 400, size
    for doc in (HUGE, "9" * 5000):
        form = {"doc": doc, "name": "anh.jpg", "size": "1000"}
        assert client.post(f"/nop/{token}/tai-len", data=form, headers=headers).status_code == 400, doc


def test_a_chunk_at_an_offset_too_large_is_refused_as_bad_input(filing_app):
    client = filing_app.test_client()
    with filing_app.app_context(), db.connection_context():
        token = make_draft().token
    headers = _upload_headers(client, token)
    created = client.post(f"/nop/{token}/tai-len", data={"doc": "1", "name": "a.jpg", "size": "10"}, headers=headers)
    upload_id = created.json["id"]
    put = {**headers, "Content-Type": "application/octet-stream"}
    response = client.put(f"/nop/{token}/tai-len/{upload_id}?offset={HUGE}", data=b"x" * 10, headers=put)
    assert response.status_code == 400


# Item 7: numbers without bounds.


def _number_form(validation=None):
    field = {"name": "von", "type": "number", "label": "Vốn kinh doanh (đồng)"}
    if validation is not None:
        field["validation"] = validation
    return FormDefinition.from_dict({"title": "Thử", "steps": [{"key": "a", "title": "A", "fields": [field]}]})


@pytest.mark.parametrize("typed", [NINES, "-" + NINES, "1" + "0" * 16, "9" * 16])
def test_a_number_field_without_a_maximum_refuses_beyond_the_default_one(app, typed):
    with app.test_request_context():
        answers, errors = clean_step(_number_form().steps[0], {"von": typed})
    assert "von" in errors
    assert answers["von"] == typed, "what was typed comes back to the form"


def test_the_default_maximum_itself_is_accepted_and_exact(app):
    with app.test_request_context():
        answers, errors = clean_step(_number_form().steps[0], {"von": "1.000.000.000.000.000"})
    assert errors == {} and answers["von"] == 10**15


@pytest.mark.parametrize("bound", [float("inf"), float("nan"), 10**16])
def test_a_definition_cannot_give_a_number_an_unbounded_maximum(bound):
    with pytest.raises(DefinitionError):
        _number_form({"max": bound})


def test_every_number_the_catalogue_asks_has_a_maximum():
    """Counts, pages and money: `max` in the definition (a year is bounded by `not_after`)."""
    catalogue = yaml.safe_load((ROOT / "webapp" / "seed" / "procedures.yaml").read_text(encoding="utf-8"))
    unbounded = []

    def walk(node, code):
        if isinstance(node, dict):
            if node.get("type") == "number":
                rules = node.get("validation") or {}
                if "min" not in rules or ("max" not in rules and not rules.get("not_after")):
                    unbounded.append((code, node.get("name")))
            for value in node.values():
                walk(value, code)
        elif isinstance(node, list):
            for value in node:
                walk(value, code)

    for procedure in catalogue["procedures"]:
        walk(procedure, procedure.get("code"))
    assert unbounded == []


def test_four_hundred_nines_of_capital_get_a_field_error_and_the_draft_still_submits(filing_app):
    citizen = Citizen(filing_app)
    with filing_app.app_context(), db.connection_context():
        citizen.token = make_draft(code=BUSINESS).token
    steps = citizen.spec().steps
    number, step = next((n, s) for n, s in enumerate(steps, 1) if any(f.name == "von_kinh_doanh" for f in s.fields))
    url = f"/nop/{citizen.token}/buoc/{number}"
    form = {**{f.name: posted_value(f) for f in step.fields}, "ten_ho_kinh_doanh": "Hộ kinh doanh Hoa Sen"}

    response = citizen.post(url, {**form, "von_kinh_doanh": NINES})
    assert response.status_code == 200
    page = check_page(response.get_data(as_text=True))
    assert "lớn nhất là 1.000.000.000.000" in page.get_text(), "the limit is said next to the field"
    assert "inf" not in page.get_text().split()
    with filing_app.app_context(), db.connection_context():
        stored = Draft.get(Draft.token == citizen.token).answers
    assert "Infinity" not in json.dumps(stored)

    assert citizen.post(url, {**form, "von_kinh_doanh": "500.000.000"}).status_code == 303
    with filing_app.app_context(), db.connection_context():
        draft = Draft.get(Draft.token == citizen.token)
        assert draft.answers["von_kinh_doanh"] == 500_000_000
        assert spec_of(draft) is not None
    check = citizen.client.get(f"/nop/{citizen.token}/kiem-tra")
    assert check.status_code == 200, "the check page, not step 1 again"
