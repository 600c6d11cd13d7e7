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
    header = BeautifulSoup(app.test_client().get("/").data, "html.parser").select_one("header")
    assert header.select_one("a[href='/dang-nhap']").get_text(strip=True) == "Đăng nhập"
