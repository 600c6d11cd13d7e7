"""The privacy notice: every section in both languages, the rules in force, and where it is linked."""

import pytest

from webapp.dossiers.consent import NOTICE_VERSION
from webapp.retention.rules import current_rules

SECTIONS = ("controller", "purposes", "legal-basis", "collected", "recipients", "retention", "rights", "contact")
URL = "/quyen-rieng-tu"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_notice_has_every_section_in_both_languages(checked_page, lang):
    page = checked_page(URL, lang=lang)
    for section in SECTIONS:
        assert page.select_one(f"section#{section} h2"), section
    assert NOTICE_VERSION in page.select_one("#phien-ban").get_text()


def test_the_notice_names_the_controller_and_its_contact_from_configuration(app, checked_page):
    before = {key: app.config[key] for key in ("PRIVACY_CONTROLLER", "PRIVACY_CONTACT_EMAIL")}
    app.config.update(PRIVACY_CONTROLLER="UBND tỉnh Thử", PRIVACY_CONTACT_EMAIL="bvdl@thu.gov.vn")
    try:
        page = checked_page(URL)
    finally:
        app.config.update(before)
    assert "UBND tỉnh Thử" in page.select_one("#controller").get_text()
    assert page.select_one('#contact a[href="mailto:bvdl@thu.gov.vn"]')


def test_the_legal_basis_cites_the_personal_data_law_and_its_decrees(checked_page):
    text = checked_page(URL).select_one("#legal-basis").get_text(" ")
    for number in ("91/2025/QH15", "356/2025/NĐ-CP", "118/2025/NĐ-CP", "45/2020/NĐ-CP", "13/2023/NĐ-CP"):
        assert number in text


def test_recipients_name_the_post_the_payment_gateways_and_the_carriers(checked_page):
    text = checked_page(URL).select_one("#recipients").get_text(" ")
    for who in ("liên thông", "Bưu điện Việt Nam", "VNPay", "PayGov", "viễn thông"):
        assert who in text


def test_the_retention_table_shows_every_rule_in_force(app, checked_page):
    rows = checked_page(URL).select("#retention tbody tr")
    with app.test_request_context():
        rules = current_rules()
    assert len(rows) == len(rules)
    permanent = [row for row in rows if "vĩnh viễn" in row.get_text()]
    assert len(permanent) == sum(rule.days is None for rule in rules) > 0
    assert any("10 năm" in row.get_text() for row in rows)
    assert not any(" 0 ngày" in row.get_text(" ") for row in rows)  # deleted at once says so


def test_rights_lead_to_my_data_and_to_withdrawing_consent(checked_page):
    rights = checked_page(URL).select_one("#rights")
    assert rights.select_one('a[href="/ho-so-cua-toi/du-lieu"]')
    assert rights.select_one('a[href="/tra-cuu"]')
    assert "HUY" in rights.get_text() and "DK" in rights.get_text()
    assert "không được đánh dấu sẵn" in rights.get_text()


def test_the_optional_data_is_marked_optional(checked_page):
    rows = {row["id"]: row.get_text(" ") for row in checked_page(URL).select("#collected tbody tr")}
    assert "Không bắt buộc" in rows["du-lieu-tin_nhan"] and "Không bắt buộc" in rows["du-lieu-buu_chinh"]
    assert "Không bắt buộc" not in rows["du-lieu-giai_quyet"]


def test_the_footer_links_the_notice_on_every_page(checked_page):
    for url in ("/", "/tra-cuu", URL):
        assert checked_page(url).select_one(f'footer a[href="{URL}"]'), url
