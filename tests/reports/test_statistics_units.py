"""Which units and tiers the statistics page offers: one "Toàn tỉnh" (the province is not offered a second
time by its name), and only tiers the tree has units in (DOMAIN.md §2: two tiers since 1 July 2025, but
the tree is data of any depth), with today's tree and with the old three-tier shape."""

import datetime

import pytest

from tests.factories import commune_agency, make_draft
from tests.pages import check_page
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.models import Dossier, Unit
from webapp.workflow.intake import submit

PROVINCE = "42"


def district_with(*commune_codes, code="436", name="Can Lộc"):
    """The pre-2025 shape: a district under the province, with these communes moved under it."""
    province = Unit.get(Unit.code == PROVINCE)
    district = Unit.create(
        code=code, name=name, full_name=f"Huyện {name}", kind="district", tier="huyen", parent=province
    )
    Unit.update(parent=district).where(Unit.code.in_(commune_codes)).execute()
    return district


def page(app, query="ky=nam&nam=2026"):
    response = app.test_client().get(f"/thong-ke?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return check_page(response.get_data(as_text=True))


def unit_choices(soup):
    """([(value, text)] before any group, {group label: [(value, text)]}) of the unit list."""
    select = soup.find(id="f-don_vi")
    loose = [(o["value"], o.get_text(strip=True)) for o in select.find_all("option", recursive=False)]
    groups = {
        group["label"]: [(o["value"], o.get_text(strip=True)) for o in group.find_all("option")]
        for group in select.find_all("optgroup")
    }
    return loose, groups


def tier_rows(soup):
    return [row.th.get_text(strip=True) for row in soup.select("#thu-tuc tbody tr")]


def test_todays_tree_offers_one_whole_province_and_the_communes_without_a_district_tier(filing_app):
    soup = page(filing_app)
    loose, groups = unit_choices(soup)
    assert loose == [("", "Toàn tỉnh")]
    assert list(groups) == ["Cấp xã"]
    with filing_app.app_context(), db.connection_context():
        communes = Unit.select().where(Unit.tier == "xa").count()
    assert len(groups["Cấp xã"]) == communes == 69
    texts = [text for _value, text in loose + groups["Cấp xã"]]
    assert "Tỉnh Hà Tĩnh" not in texts and PROVINCE not in [value for value, _text in groups["Cấp xã"]]
    assert tier_rows(soup) == ["Cấp tỉnh", "Cấp xã"]
    assert "Cấp huyện" not in soup.get_text()


def test_a_tree_with_districts_offers_them_under_their_own_tier(filing_app):
    with filing_app.app_context(), db.connection_context():
        district_with("18073", "18100")
    soup = page(filing_app)
    loose, groups = unit_choices(soup)
    assert loose == [("", "Toàn tỉnh")]
    assert list(groups) == ["Cấp huyện", "Cấp xã"]
    assert groups["Cấp huyện"] == [("436", "Huyện Can Lộc")]
    assert ("18073", "Phường Thành Sen") in groups["Cấp xã"]
    assert tier_rows(soup) == ["Cấp tỉnh", "Cấp huyện", "Cấp xã"]


def test_a_district_counts_the_dossiers_of_its_communes(filing_app):
    with filing_app.app_context(), db.connection_context():
        district_with("18073")
        for ward in ("18073", "18073", "18100"):
            draft = make_draft(agency=commune_agency(ward))
            dossier = submit(draft, spec_of(draft))[0]
            Dossier.update(received_at=datetime.datetime(2026, 1, 5, 2)).where(Dossier.id == dossier.id).execute()
    for unit, received in (("436", 2), ("18100", 1), ("", 3)):
        soup = page(filing_app, f"ky=thang&nam=2026&so=1&don_vi={unit}")
        cells = {row.th.get_text(strip=True): row.td.get_text(strip=True) for row in soup.select("#ho-so tbody tr")}
        assert cells["Tiếp nhận"] == str(received), unit


@pytest.mark.parametrize("query", ["ky=thang&nam=2026&so=1&don_vi=42", "ky=thang&nam=2026&so=1"])
def test_the_provinces_own_code_reads_as_the_whole_province(filing_app, query):
    """An older link (or the staff dashboard's) naming the province shows "Toàn tỉnh", not an error."""
    soup = page(filing_app, query)
    assert soup.select_one("#f-don_vi option[selected]")["value"] == ""
    assert "Trong tháng 1/2026, toàn tỉnh" in soup.find(id="cau-bao-cao").get_text(" ", strip=True)
