"""A migrated database of its own with two units and nothing else; tests add their documents and
procedures (tests/legal/world.py)."""

import pytest

from tests.legal import world


@pytest.fixture
def legal_app(migrated_app):
    world.in_db(migrated_app, world.units)
    return migrated_app


@pytest.fixture
def legal_ctx(legal_app):
    """App, request and database context around a test body that calls the register directly."""
    from webapp.db import db

    with legal_app.test_request_context(), db.connection_context():
        yield legal_app
