"""A citizen signed in with the electronic identity who then logs in as staff in the same browser: the
citizen's sign-in ends for good, a copy of its cookie taken before included."""

import pyotp

from tests.staff_login import (
    cookie,
    knocking_client,
    knocking_client_fixture,  # noqa: F401 (the module's `client`)
    log_in,
    send_code,
    staff_maker,  # noqa: F401 (the module's `make_staff`)
)
from webapp.db import db
from webapp.identity import citizen

LAN = citizen.demo_citizen("lan")


def signed_in_as_citizen(app, client):
    with app.test_request_context(), db.connection_context():
        values = citizen.session_values("https://vneid.test", LAN["sub"], citizen.claims_from(LAN))
    with client.session_transaction() as held:
        held.update(values)


def citizen_name_in_header(client):
    return LAN["name"] in client.get("/thu-tuc").get_data(as_text=True)


def copied(app, client):
    """Another browser holding a copy of `client`'s cookie."""
    other = knocking_client(app)
    other.set_cookie("session", cookie(client))
    return other


def test_logging_in_as_staff_ends_the_citizens_sign_in_and_its_copies(app, client, make_staff):
    signed_in_as_citizen(app, client)
    copy = copied(app, client)
    assert citizen_name_in_header(copy)
    staff = make_staff()
    assert log_in(client, staff.username).status_code == 303
    assert not citizen_name_in_header(copy)
    assert not citizen_name_in_header(client)


def test_a_password_accepted_before_the_code_ends_it_too(app, client, make_staff):
    secret = pyotp.random_base32()
    staff = make_staff(role="lanh_dao", totp_secret=secret)
    signed_in_as_citizen(app, client)
    copy = copied(app, client)
    assert log_in(client, staff.username).status_code == 303  # on to the code step
    assert not citizen_name_in_header(copy)
    assert send_code(client, pyotp.TOTP(secret).now()).status_code == 303
    assert not citizen_name_in_header(client)
