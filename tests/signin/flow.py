"""A browser without JavaScript, walking the sign-in with requests: our page, the provider's page, back."""

from urllib.parse import parse_qs, urljoin, urlsplit

import requests
from bs4 import BeautifulSoup

from tests.oidc_helpers import SIGN_IN, choose
from webapp.db import db
from webapp.models import SignInEvent


def page(response):
    return BeautifulSoup(response.text, "html.parser")


def form_values(form):
    return {
        field["name"]: field.get("value", "") for field in form.select("input[name]") if field.get("type") != "radio"
    }


class Person:
    """One browser: its cookies in a requests.Session."""

    def __init__(self, base):
        self.base = base
        self.http = requests.Session()

    def get(self, path, **kwargs):
        return self.http.get(urljoin(self.base, path), allow_redirects=False, timeout=20, **kwargs)

    def to_provider(self, next_url=None):
        """Our sign-in page, its button: the provider's authorize page (response)."""
        start = self.get("/dang-nhap", params={"next": next_url} if next_url else None)
        assert start.status_code == 200
        form = page(start).select_one("main form")
        sent = self.http.post(urljoin(start.url, form.get("action") or ""), data=form_values(form), timeout=20)
        assert sent.status_code == 200 and "/gia-lap-dinh-danh/authorize" in sent.url, sent.url
        return sent

    def answer(self, authorize_page, citizen="lan", fault="", decision=SIGN_IN):
        """The provider's page filled in and sent: the callback address it answers with (not followed)."""
        answered = choose(self.http, authorize_page.url, citizen, fault, decision)
        assert answered.status_code == 303, answered.text[:500]
        return answered.headers["Location"]

    def callback(self, callback_url):
        return self.http.get(callback_url, allow_redirects=False, timeout=20)

    def sign_in(self, citizen="lan", fault="", next_url=None):
        """The whole walk; the callback's response."""
        return self.callback(self.answer(self.to_provider(next_url), citizen, fault))

    def header_name(self, path="/"):
        out = page(self.get(path)).select_one("header form.out")
        return out.select_one("span").get_text(strip=True) if out else None

    def signed_in(self):
        return self.header_name() is not None


def query(url):
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def last_event(app):
    with app.app_context(), db.connection_context():
        return SignInEvent.select().order_by(SignInEvent.id.desc()).first()
