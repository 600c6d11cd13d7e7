"""Fixtures: apps on real SQLite files (or the PostgreSQL of TEST_DATABASE_URL), clients, pages."""

import uuid

import pytest

from tests.apps import bind, make_app, migrated_and_seeded
from tests.pages import PageChecker
from tests.walks import Citizen
from webapp import migrate
from webapp.db import db


@pytest.fixture(scope="session")
def seeded_app(tmp_path_factory):
    """One migrated, seeded database shared by the tests that only read the catalogue."""
    return migrated_and_seeded(make_app(tmp_path_factory.mktemp("seeded"), "seeded"))


@pytest.fixture
def app(seeded_app):
    return bind(seeded_app)


@pytest.fixture
def empty_app(tmp_path):
    """A fresh, un-migrated database of its own, for tests that write or migrate."""
    return bind(make_app(tmp_path, "scratch"))


@pytest.fixture
def migrated_app(empty_app):
    with empty_app.app_context(), db.connection_context():
        migrate.upgrade()
    return empty_app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def checked_page(client):
    """checked_page(url, lang="vi", status=200) → parsed page, after the checks every page must pass."""
    return PageChecker(client)


@pytest.fixture
def unique():
    return uuid.uuid4().hex[:8]


@pytest.fixture
def filing_app(tmp_path):
    """A fresh seeded database of its own, for tests that count dossiers or sequence numbers."""
    return migrated_and_seeded(bind(make_app(tmp_path, "filing")))


@pytest.fixture
def ctx(filing_app):
    """App and database context around a test body that calls services directly."""
    with filing_app.test_request_context(), db.connection_context():
        yield filing_app


@pytest.fixture
def citizen(filing_app):
    """A citizen filing online through the pages, on a seeded database of its own."""
    return Citizen(filing_app)
