"""Pages open to anyone holding a dossier's code (lookup, rating, payment, verification, supplement)
name a sensitive procedure by its field only: whoever shares the applicant's phone or sees the link
learns that a Hộ tịch matter is under way, not that someone died."""

import datetime

from tests.pages import check_page
from tests.walks import approved_with_pdf, filed, fresh, proven, result_file, returned, status_page, with_fee
from webapp.db import db
from webapp.dossiers import discretion
from webapp.models import Dossier, Procedure, RuleSet
from webapp.models.dossier import utcnow
from webapp.text import strip_marks
from webapp.versions.bundle import bundle_of
from webapp.versions.publish import publish

DEATH = "1.000656"  # Thủ tục đăng ký khai tử: seeded as sensitive
NEUTRAL = "Thủ tục lĩnh vực Hộ tịch"


def as_death_registration(app, dossier):
    """The dossier re-filed, as far as display goes, under the death registration in force."""
    with app.app_context(), db.connection_context():
        death = Procedure.get(Procedure.code == DEATH)
        rules = death.rules_on()
        Dossier.update(procedure=death.id, rule_set=rules.id).where(Dossier.id == dossier.id).execute()
    return fresh(app, dossier)


def says_nothing_of_a_death(html):
    """Neither the name nor its telling words, with or without marks, anywhere (title and meta too)."""
    plain = strip_marks(html).lower()
    assert "khai tử" not in html.lower() and "khai tu" not in plain, "the page names the death registration"
    assert "Thủ tục đăng ký khai tử" not in html


def facts(html):
    """The page's 'Thủ tục' line."""
    soup = check_page(html)
    term = next(dt for dt in soup.select("dl.facts dt") if dt.get_text(strip=True) == "Thủ tục")
    return term.find_next_sibling("dd").get_text(strip=True)


def test_the_lookup_page_names_the_field_of_a_death_registration(filing_app):
    dossier = as_death_registration(filing_app, filed(filing_app))
    page = status_page(proven(filing_app, dossier), dossier)
    html = page.response.get_data(as_text=True)
    assert facts(html) == NEUTRAL
    says_nothing_of_a_death(html)


def test_the_lookup_page_keeps_the_name_of_a_birth_registration(filing_app):
    dossier = filed(filing_app)
    page = status_page(proven(filing_app, dossier), dossier)
    assert facts(page.response.get_data(as_text=True)) == "Thủ tục đăng ký khai sinh"


def test_the_rating_pages_by_lookup_and_by_sms_link_name_the_field(filing_app):
    dossier = as_death_registration(filing_app, returned(filing_app))
    citizen = proven(filing_app, dossier)
    for client, url in (
        (citizen, f"/tra-cuu/{dossier.code}/danh-gia"),
        (filing_app.test_client(), f"/danh-gia/{dossier.rating_token}"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert facts(html) == NEUTRAL, url
        says_nothing_of_a_death(html)


def test_the_payment_page_names_the_field(filing_app):
    dossier = as_death_registration(filing_app, with_fee(filing_app))
    response = proven(filing_app, dossier).get(f"/thanh-toan/{dossier.code}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert facts(html) == NEUTRAL
    says_nothing_of_a_death(html)


def test_the_verification_page_and_its_stamp_name_the_field(filing_app):
    dossier = as_death_registration(filing_app, approved_with_pdf(filing_app))
    code = result_file(filing_app, dossier).verify_code
    client = filing_app.test_client()
    page = client.get(f"/xac-thuc/{code}").get_data(as_text=True)
    assert facts(page) == NEUTRAL
    says_nothing_of_a_death(page)
    stamp = client.get(f"/xac-thuc/{code}/tem").get_data(as_text=True)
    line = check_page(stamp).select_one(".stamp p").get_text(" ", strip=True)
    assert line.startswith(f"{dossier.agency.name} · {NEUTRAL} · Ngày ký")
    says_nothing_of_a_death(stamp)


def test_the_verification_page_of_a_birth_registration_keeps_its_name(filing_app):
    dossier = approved_with_pdf(filing_app)
    page = filing_app.test_client().get(f"/xac-thuc/{result_file(filing_app, dossier).verify_code}")
    assert facts(page.get_data(as_text=True)) == "Thủ tục đăng ký khai sinh"


def test_the_supplement_page_from_the_sms_link_names_the_field(filing_app):
    dossier = as_death_registration(filing_app, filed(filing_app))
    with filing_app.app_context(), db.connection_context():
        Dossier.update(status="cho_bo_sung", supplement_token="bo-sung-khai-tu").where(
            Dossier.id == dossier.id
        ).execute()
    response = filing_app.test_client().get("/bo-sung/bo-sung-khai-tu")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert facts(html) == NEUTRAL
    says_nothing_of_a_death(html)


def published_now(app, code, sensitive):
    """A new version of the procedure, in force from a second ago, marked (or not) sensitive."""
    with app.test_request_context(), db.connection_context():
        procedure = Procedure.get(Procedure.code == code)
        bundle = bundle_of(procedure, procedure.rules_on())
        bundle["rules"]["sensitive"] = sensitive
        with db.atomic():
            return publish(bundle, utcnow() - datetime.timedelta(seconds=1))


def test_a_version_marking_the_procedure_sensitive_covers_the_dossiers_filed_before_it(filing_app):
    dossier = filed(filing_app)  # a birth registration, filed under version 1
    published_now(filing_app, "1.001193", sensitive=True)
    page = status_page(proven(filing_app, dossier), dossier)
    html = page.response.get_data(as_text=True)
    assert facts(html) == NEUTRAL and "khai sinh" not in html


def test_a_dossier_filed_under_a_sensitive_version_stays_discreet_when_a_later_one_is_not(filing_app):
    dossier = as_death_registration(filing_app, filed(filing_app))
    published_now(filing_app, DEATH, sensitive=False)
    page = status_page(proven(filing_app, dossier), dossier)
    assert facts(page.response.get_data(as_text=True)) == NEUTRAL
    later = as_death_registration(filing_app, filed(filing_app))  # filed under the new version
    page = status_page(proven(filing_app, later, ip="10.2.2.9"), later)
    assert facts(page.response.get_data(as_text=True)) == "Thủ tục đăng ký khai tử"


def test_a_status_page_kept_in_the_cache_names_the_field_once_its_procedure_is_marked(filing_app):
    dossier = filed(filing_app)
    citizen = proven(filing_app, dossier)
    assert facts(status_page(citizen, dossier).response.get_data(as_text=True)) == "Thủ tục đăng ký khai sinh"
    with filing_app.app_context(), db.connection_context():
        birth = Dossier.get_by_id(dossier.id).procedure
        RuleSet.update(sensitive=True).where(RuleSet.procedure == birth.id).execute()
        discretion.forget()  # as this process does a minute later, or at once after a publication
    html = status_page(citizen, dossier).response.get_data(as_text=True)
    assert facts(html) == "Thủ tục lĩnh vực Hộ tịch"
    assert "khai sinh" not in html.lower()
