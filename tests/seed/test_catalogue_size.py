"""The shipped catalogue (issue 18): the thirty-odd procedures a commune handles most, each with its
national code, in the six fields a commune desk sees every week, each with a page and a blank form."""

import re

import pytest

from tests.apps import bind
from webapp.db import db
from webapp.models import Field, Procedure

# Lĩnh vực a commune handles most: civil status, certification, household business, social protection,
# land, construction.
COMMON_FIELDS = {"HT", "CT", "HKD", "BTXH", "DD", "XD"}
NATIONAL_CODE = re.compile(r"^[12]\.\d{6}$")


@pytest.fixture(scope="module")
def catalogue(seeded_app):
    bind(seeded_app)  # the one database proxy may still point at the app of another test file
    with seeded_app.app_context(), db.connection_context():
        return [(p.code, p.field.code, p.tier) for p in Procedure.select(Procedure, Field).join(Field)]


def test_at_least_thirty_procedures_in_the_common_fields(catalogue):
    assert len(catalogue) >= 30
    fields = {field for _, field, _ in catalogue}
    assert fields >= COMMON_FIELDS, f"missing fields: {COMMON_FIELDS - fields}"


def test_every_code_has_the_national_format(catalogue):
    assert [code for code, _, _ in catalogue if not NATIONAL_CODE.match(code)] == []


def test_the_added_procedures_belong_to_the_commune(catalogue):
    assert {tier for _, field, tier in catalogue if field in {"BTXH", "DD"}} == {"xa"}


def test_the_home_page_lists_the_new_fields(client):
    page = client.get("/").get_data(as_text=True)
    for name in ("Bảo trợ xã hội", "Đất đai"):
        assert name in page


def test_every_procedure_page_shows_and_its_blank_form_downloads(client, catalogue):
    for code, _, _ in catalogue:
        page = client.get(f"/thu-tuc/{code}")
        assert page.status_code == 200, code
        assert code in page.get_data(as_text=True), code
        blank = client.get(f"/thu-tuc/{code}/mau-don.pdf")
        assert blank.status_code == 200, code
        assert blank.mimetype == "application/pdf" and blank.data.startswith(b"%PDF"), code
