"""Sign-in is offered only where a provider is: configured, or the demo one of this site."""

import pytest
from bs4 import BeautifulSoup

from tests.apps import bind, make_app, migrated_and_seeded


@pytest.fixture(scope="module")
def no_provider_app(tmp_path_factory):
    return migrated_and_seeded(make_app(tmp_path_factory.mktemp("no_idp"), "no_idp", DEMO_IDENTITY_PROVIDER=False))


def test_without_a_provider_there_is_no_link_and_no_sign_in(no_provider_app):
    client = bind(no_provider_app).test_client()
    header = BeautifulSoup(client.get("/").data, "html.parser").select_one("header")
    assert "Đăng nhập" not in header.get_text()
    assert client.get("/dang-nhap").status_code == 404
    assert client.get("/dang-nhap/ve?code=x&state=y").status_code == 404
    assert client.get("/gia-lap-dinh-danh/.well-known/openid-configuration").status_code == 404


def test_the_demo_provider_makes_the_link_appear(app):
    header = BeautifulSoup(app.test_client().get("/thu-tuc").data, "html.parser").select_one("header")
    link = header.select_one("a[href^='/dang-nhap']")
    assert link.get_text(strip=True) == "Đăng nhập"
    assert link["href"] == "/dang-nhap?next=/thu-tuc", "signed in, she comes back to the page she was on"


def test_signing_out_with_no_provider_and_no_citizen_is_404(no_provider_app):
    client = bind(no_provider_app).test_client()
    assert client.post("/dang-xuat", data={"csrf_token": client_csrf(client)}).status_code == 404


def test_a_configured_provider_is_offered_without_the_demo(no_provider_app):
    no_provider_app.config["OIDC_DISCOVERY_URL"] = "https://sso.dichvucong.gov.vn/.well-known/openid-configuration"
    try:
        client = bind(no_provider_app).test_client()
        header = BeautifulSoup(client.get("/").data, "html.parser").select_one("header")
        assert header.select_one("a[href^='/dang-nhap']") is not None
        assert client.get("/dang-nhap").status_code == 200
    finally:
        no_provider_app.config["OIDC_DISCOVERY_URL"] = ""


def client_csrf(client):
    page = BeautifulSoup(client.get("/").data, "html.parser")
    return page.select_one("form.lang input[name=csrf_token]")["value"]


def header_sign_in_link(response):
    return BeautifulSoup(response.data, "html.parser").select_one("header a[href^='/dang-nhap']")["href"]


def test_the_link_brings_her_back_only_to_a_page_she_can_open_again(app):
    """Not to the sign-in's own pages (an old callback would say she cancelled), nor to the answer to a
    POST (that address takes only a form): then to the default, her dossiers."""
    client = app.test_client()
    refused = client.get("/dang-nhap/ve?error=access_denied&state=cu")
    assert refused.status_code == 400 and header_sign_in_link(refused) == "/dang-nhap"
    posted = client.post("/tra-cuu", data={})
    assert posted.request.method == "POST" and header_sign_in_link(posted) == "/dang-nhap"
    assert header_sign_in_link(client.get("/tra-cuu?ma=x")) == "/dang-nhap?next=/tra-cuu?ma%3Dx"
