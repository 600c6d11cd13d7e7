"""The app served over real HTTP, so the sign-in runs the whole protocol against the demo provider
(which is this same app at /gia-lap-dinh-danh): the client's server-side calls go over the network too."""

import pytest

from tests.apps import bind, make_app, migrated_and_seeded
from tests.oidc_helpers import serving


@pytest.fixture(scope="module")
def signin_app(tmp_path_factory):
    return migrated_and_seeded(make_app(tmp_path_factory.mktemp("signin"), "signin"))


@pytest.fixture(scope="module")
def live_signin(signin_app):
    with serving(signin_app) as url:
        yield url


@pytest.fixture
def base(live_signin, signin_app):
    """The live server's URL, the database proxy pointed back at its app (other tests rebind it)."""
    bind(signin_app)
    return live_signin
