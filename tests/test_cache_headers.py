"""Issue 17 §4-5: no copy of personal data in any cache, validators only on public pages, HSTS only on
https in production.

The staff walk goes through `app.url_map`: every route of the officers' area (by URL prefix and by
blueprint), every method, signed in with a role the route accepts, on a filed dossier that has a file.
Nothing is left out; a route whose GET cannot answer 200 for this dossier is named in NOT_200 with why.
"""

import re

import pytest

from tests.apps import make_app
from tests.staff_login import officer
from tests.walks import fresh_draft, from_address, proven, signed
from webapp.db import db
from webapp.dossiers.signed_papers import RESULT_PAPER, signing_of
from webapp.headers import personal
from webapp.identity.services import create_staff
from webapp.models import LegalDocument, OfficeHoursRule, Procedure, Unit
from webapp.versions import drafts

STAFF_PREFIXES = ("/can-bo", "/quan-tri")
STAFF_BLUEPRINTS = ("auth", "backoffice", "calendar_admin")
STAFF_ENDPOINTS = ("reports.dashboard",)
# Which account each staff blueprint is walked with (the one its routes accept).
ROLE_OF = {
    "calendar_admin": "quan_tri_tinh",
    "catalogue_admin": "quan_tri_tinh",
    "retention_admin": "quan_tri_tinh",
    "backoffice.audit": "lanh_dao",
    "backoffice.data_access": "quan_tri_tinh",
}
# Values a blueprint reads differently: the catalogue admin's <code> is a procedure's, not a dossier's.
VALUES_OF = {
    "catalogue_admin": {"code": "1.001193", "section": "thong-tin", "key": "nguoi_yeu_cau", "name": "ho_ten"},
    "catalogue_admin.editor_blank": {"fmt": "pdf"},
}
# GET routes that cannot answer 200 for the walked dossier, and why (their headers are still checked).
NOT_200 = {
    "auth.home": "the staff home sends each role on to its first page (302)",
    "auth.login": "a signed-in officer is sent on to the queues (303)",
    "auth.second_factor": "no login waiting for a second factor: back to the login page (303)",
    "backoffice.paper": "forms 02-05 exist only for dossiers asked to supplement, refused or stopped",
    "backoffice.paper_pdf_file": "likewise for the PDFs of forms 02-05 (01 and 06 answer 200)",
    "backoffice.reused_original": "only a file reused from an issued result has an original; none here (404)",
    "catalogue_admin.export_chosen": "the import page's download form: without ?ma= no procedure (404), with it a 303",
}


def staff_rules(app):
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.rpartition(".")[0]
        if rule.rule.startswith(STAFF_PREFIXES) or blueprint in STAFF_BLUEPRINTS or rule.endpoint in STAFF_ENDPOINTS:
            yield rule


def path_of(rule, values):
    """The rule's address with every variable filled from `values` (by name), converters' options
    taking their first choice."""

    def fill(match):
        converter, name = match.group(1), match.group(2)
        if name in values:
            return str(values[name])
        options = re.findall(r"'([^']+)'", converter or "") or re.findall(r"\(([^)]*)\)", converter or "")
        assert options, f"{rule.rule}: no value for <{name}>"
        return options[0].split(",")[0].strip()

    return re.sub(r"<(?:([^:>]+):)?(\w+)>", fill, rule.rule)


def kept_nowhere(response):
    control = response.headers.get("Cache-Control", "")
    return "no-store" in control and "ETag" not in response.headers and "Last-Modified" not in response.headers


@pytest.fixture
def walked(filing_app):
    """(a dossier approved with a signed PDF, its result file): the dossier pages have all to show."""
    return signed(filing_app)


def test_every_staff_route_is_kept_by_no_cache(filing_app, walked):
    dossier, result = walked
    clients = {role: officer(filing_app, f"hdr.{role}", role) for role in ("mot_cua", "lanh_dao", "quan_tri_tinh")}
    values = {"code": dossier.code, "attachment_id": result.id, "kind": "csv", "unit_id": _unit_id(filing_app)}
    values["document_id"] = _document_id(filing_app)
    values["rule_id"] = _rule_id(filing_app)
    values["draft_id"] = _catalogue_draft_id(filing_app)
    values["signing_id"] = _signing_id(filing_app, dossier)
    problems, walked_routes = [], []
    for rule in staff_rules(filing_app):
        blueprint = rule.endpoint.rpartition(".")[0]
        client = clients[ROLE_OF.get(rule.endpoint, ROLE_OF.get(blueprint, "mot_cua"))]
        path = path_of(rule, {**values, **VALUES_OF.get(blueprint, {}), **VALUES_OF.get(rule.endpoint, {})})
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            # A POST without its CSRF token changes nothing and is refused (400): its answer is checked.
            response = client.open(path, method=method)
            walked_routes.append((method, path, response.status_code))
            if not kept_nowhere(response):
                problems.append(f"{method} {path} ({response.status_code}): {dict(response.headers)}")
            if method == "GET" and response.status_code != 200 and rule.endpoint not in NOT_200:
                problems.append(f"GET {path} answered {response.status_code}: the walk did not reach the page")
    assert problems == []
    assert len(walked_routes) >= 25  # the whole area was walked, not an empty map


def test_the_walk_names_every_exclusion_it_uses(filing_app):
    endpoints = {rule.endpoint for rule in staff_rules(filing_app)}
    assert set(NOT_200) <= endpoints


def _signing_id(app, dossier):
    """The signing of the walked dossier's result (its "Ký lại" is a POST, refused without CSRF)."""
    with app.app_context(), db.connection_context():
        return signing_of(dossier, RESULT_PAPER).id


def _catalogue_draft_id(app):
    """A catalogue draft being edited (of the birth registration), for the editor and versions pages."""
    with app.app_context(), db.connection_context():
        author = create_staff("hdr.soan", "quan_tri_tinh", ["42"], "Người soạn", "mot-mat-khau-dai-1!")
        return drafts.start(Procedure.get(Procedure.code == "1.001193"), author).id


def _unit_id(app):
    with app.app_context(), db.connection_context():
        return Unit.get(Unit.code == "18073").id


def _rule_id(app):
    """A seeded office-hours rule of the province (the calendar admin's edit page)."""
    with app.app_context(), db.connection_context():
        return OfficeHoursRule.select(OfficeHoursRule.id).order_by(OfficeHoursRule.id).first().id


def _document_id(app):
    """A row of the seeded register of legal documents."""
    with app.app_context(), db.connection_context():
        return LegalDocument.select(LegalDocument.id).order_by(LegalDocument.id).first().id


def test_the_dossier_page_shows_the_full_id_number_and_is_kept_nowhere(filing_app, walked):
    dossier, _ = walked
    client = officer(filing_app, "hdr.page")
    response = client.get(f"/can-bo/ho-so/{dossier.code}", headers={"If-None-Match": "*"})
    assert response.status_code == 200 and kept_nowhere(response)


def test_the_citizens_pages_with_personal_data_are_kept_nowhere(filing_app, walked):
    dossier, _ = walked
    browser = proven(filing_app, dossier)
    for path in (
        f"/tra-cuu/{dossier.code}",
        f"/thanh-toan/{dossier.code}",
        "/ho-so-cua-toi",
        "/giay-to-cua-toi",
        f"/tra-cuu/{dossier.code}/ket-qua",
    ):
        assert kept_nowhere(browser.get(path)), path


def test_a_draft_and_its_pages_are_kept_nowhere(filing_app):
    draft = fresh_draft(filing_app)
    client = from_address(filing_app)
    for path in (f"/nop/{draft.token}", f"/nop/{draft.token}/kiem-tra", f"/nop/{draft.token}/buoc/1"):
        response = client.get(path)
        assert kept_nowhere(response), (path, response.status_code, dict(response.headers))


PUBLIC = ("/", "/thu-tuc", "/don-vi", "/tra-cuu", "/thong-ke")


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_keep_their_validator(app, path):
    client = app.test_client()
    response = client.get(path)
    assert response.status_code == 200 and "ETag" in response.headers
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert "private" not in response.headers.get("Cache-Control", "")
    again = client.get(path, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_a_public_page_for_a_signed_in_officer_is_private(filing_app):
    response = officer(filing_app, "hdr.public").get("/thu-tuc")
    assert response.status_code == 200 and "private" in response.headers["Cache-Control"]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/can-bo", True),
        ("/can-bo/ho-so/X", True),
        ("/can-bochuyen", False),
        ("/tra-cuu", False),
        ("/tra-cuu/ABC", True),
        ("/nop/t/kiem-tra", True),
        ("/thu-tuc/x", False),
        ("/quan-tri/lich-lam-viec", True),
    ],
)
def test_which_addresses_are_personal(path, expected):
    assert personal(path) is expected


# HSTS (§5)
HSTS = "max-age=31536000; includeSubDomains"


@pytest.fixture
def production(tmp_path, monkeypatch):
    def build(**overrides):
        from webapp import config

        monkeypatch.setenv("MOTCUA_ENV", "production")
        monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", "prod-test")
        return make_app(tmp_path, "prod", **overrides)

    return build


def test_production_behind_a_trusted_proxy_sends_hsts_on_https(production):
    client = production(TRUSTED_PROXIES=1).test_client()
    response = client.get("/healthz/live", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"] == HSTS


def test_production_sends_hsts_on_https(production):
    response = production().test_client().get("/healthz/live", base_url="https://motcua.example")
    assert response.headers["Strict-Transport-Security"] == HSTS


def test_production_sends_no_hsts_on_plain_http(production):
    client = production(TRUSTED_PROXIES=1).test_client()
    assert "Strict-Transport-Security" not in client.get("/healthz/live").headers
    assert "Strict-Transport-Security" not in client.get("/healthz/live", headers={"X-Forwarded-Proto": "http"}).headers


def test_an_untrusted_proxy_header_brings_no_hsts(production):
    response = production().test_client().get("/healthz/live", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_development_never_sends_hsts(app):
    client = app.test_client()
    assert "Strict-Transport-Security" not in client.get("/", base_url="https://localhost").headers
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_the_csrf_token_is_left_out_of_the_etag_whatever_the_attribute_order():
    from webapp.headers import page_etag

    one = b'<input id="csrf_token" name="csrf_token" type="hidden" value="IjAb.1">'
    two = b'<input id="csrf_token" name="csrf_token" type="hidden" value="IjAb.2">'
    assert page_etag(one) == page_etag(two)
    assert page_etag(b'<input name="csrf_token" value="a">') == page_etag(b'<input name="csrf_token" value="b">')
    assert page_etag(b'<input name="ma" value="a">') != page_etag(b'<input name="ma" value="b">')
