"""Logging staff in from tests: through the real pages (CSRF on), or straight into a session."""

import random
import re
import time

import pyotp
import pytest

from tests.apps import bind, make_app, migrated_and_seeded
from tests.pages import check_page
from webapp.db import db
from webapp.identity import services
from webapp.identity.session import session_values
from webapp.models import Staff

PASSWORD = "mat-khau-dung-1"
LOGIN = "/can-bo/dang-nhap"
CODE_URL = "/can-bo/dang-nhap/ma"
QUEUES = "/can-bo/ho-so"


def knocking_client(app):
    """A test client from an address of its own, so the per-address throttle never carries over."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = (
        f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
    )
    return client


def new_staff(app, username, role="mot_cua", units=("18073",), **columns):
    """A saved account with PASSWORD; extra columns (totp_secret, is_demo…) set afterwards."""
    with app.app_context(), db.connection_context():
        staff = services.create_staff(username, role, units, "Nguyễn Văn An", PASSWORD)
        if columns:
            Staff.update(**columns).where(Staff.id == staff.id).execute()
        return Staff.get_by_id(staff.id)


@pytest.fixture(name="client")
def knocking_client_fixture(app):
    """Import into a test module to make its `client` (and so `checked_page`) a knocking client."""
    return knocking_client(app)


@pytest.fixture(name="make_staff")
def staff_maker(app, unique):
    """make_staff(role="mot_cua", units=("18073",), **columns) → a new account with PASSWORD."""
    counter = iter(range(1000))
    return lambda role="mot_cua", units=("18073",), **columns: new_staff(
        app, f"cb{unique}.{next(counter)}", role, units, **columns
    )


@pytest.fixture(name="proxied_app")
def proxied_app_fixture(tmp_path):
    """An app behind one reverse proxy (TRUSTED_PROXIES=1), on a seeded database of its own."""
    return migrated_and_seeded(bind(make_app(tmp_path, "proxied", TRUSTED_PROXIES=1)))


def officer(app, username, role="mot_cua", unit="18073", **columns):
    """A test client already signed in as a new account of this role in this unit."""
    client = app.test_client()
    sign_in(client, new_staff(app, username, role=role, units=(unit,), **columns))
    return client


def person(app, username, role, unit="18073", name="Nguyễn Văn An"):
    """(client signed in, staff) for an account of `role` in `unit`, called `name`."""
    staff = new_staff(app, username, role=role, units=(unit,), full_name=name)
    client = app.test_client()
    sign_in(client, staff)
    return client, staff


def sign_in(client, staff):
    """Skip the login pages (and TOTP): give the client a valid session for this account."""
    with client.session_transaction() as session:
        session.update(session_values(staff))


def csrf(client, url=QUEUES):
    """The client's CSRF token as the page at `url` carries it (any page of the session will do)."""
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def act(client, dossier_or_code, action, version, **inputs):
    """Post a workflow action on a dossier (or its code) as its page's form would, claiming `version`.

    `inputs` are the form's other fields (note, assignee…); a (file, name) value makes it multipart.
    An irreversible action is posted as its confirmation page posts it (confirm=1); pass confirm=""
    to get that page instead.
    """
    code = getattr(dossier_or_code, "code", dossier_or_code)
    data = {"csrf_token": csrf(client), "action": action, "version": version, "confirm": "1", **inputs}
    return client.post(f"{QUEUES}/{code}/thao-tac", data=data)


def token(client, url=LOGIN):
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    soup = check_page(response.get_data(as_text=True))
    return soup.find("input", attrs={"name": "csrf_token"})["value"]


def log_in(client, username, password=PASSWORD, next_url=None):
    url = LOGIN + (f"?next={next_url}" if next_url else "")
    data = {"csrf_token": token(client, url), "username": username, "password": password}
    return client.post(url, data=data)


def send_code(client, code):
    return client.post(CODE_URL, data={"csrf_token": token(client, CODE_URL), "code": code})


def error_of(response):
    soup = check_page(response.get_data(as_text=True))
    found = soup.find(class_="error")
    return found.get_text(" ", strip=True) if found else ""


def cookie(client):
    found = client.get_cookie("session")
    return found.value if found else None


def wrong_code(secret):
    totp, now = pyotp.TOTP(secret), int(time.time()) // 30
    valid = {totp.generate_otp(step) for step in range(now - 2, now + 3)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)
