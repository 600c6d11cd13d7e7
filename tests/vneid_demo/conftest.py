"""The demo identity provider served over HTTP once per module, on a migrated database of its own."""

import pytest

from tests.apps import bind, make_app
from tests.oidc_helpers import serving
from webapp import migrate
from webapp.db import db


@pytest.fixture(scope="module")
def idp_app(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("idp"), "idp")
    with app.app_context(), db.connection_context():
        migrate.upgrade()
    return app


@pytest.fixture(scope="module")
def idp_server(idp_app):
    with serving(idp_app) as base:
        yield base


@pytest.fixture
def idp(idp_server, idp_app):
    """The provider's base URL, with the database proxy pointed back at its app (other tests rebind it)."""
    bind(idp_app)
    return idp_server
