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
