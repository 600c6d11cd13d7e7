"""Fixtures: apps on real SQLite files (or the PostgreSQL of TEST_DATABASE_URL), clients, pages."""

import os
import uuid
from urllib.parse import urlparse

import pytest

os.environ["MOTCUA_ENV"] = "test"

from tests.pages import PageChecker
from webapp import create_app, jobs, migrate
from webapp.db import db
from webapp.seed.loader import load

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
IN_CI = os.environ.get("CI") == "true"


def require(part, available):
    """Skip a test whose real part is missing; in CI a missing part is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{part} is required in CI but is not available")
    pytest.skip(f"{part} not available")


def _postgres_database(name):
    """A fresh, empty PostgreSQL database named after the test URL's, created if needed."""
    import psycopg2

    base = urlparse(POSTGRES_URL)
    admin = psycopg2.connect(base._replace(path="/postgres").geturl())
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    url = base._replace(path=f"/{name}").geturl()
    conn = psycopg2.connect(url)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    conn.close()
    return url


def make_app(tmp_path, name="main", **overrides):
    if POSTGRES_URL:
        base = urlparse(POSTGRES_URL).path.lstrip("/") or "motcua_test"
        database_url = _postgres_database(f"{base}_{name}")
    else:
        database_url = f"sqlite:///{tmp_path / f'{name}.db'}"
    config = {
        "DATABASE_URL": database_url,
        "HUEY_URL": f"sqlite:///{tmp_path / 'huey.db'}",
        "FORM_CACHE_DIR": str(tmp_path / "forms"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "PAYMENT_SIMULATOR_STATE": str(tmp_path / "bank.json"),
        **overrides,
    }
    return create_app(config)


def bind(app):
    """Point the one database proxy and the one huey at this app (tests use several apps)."""
    db.initialize(app.extensions["database"])
    jobs.init_app(app)
    return app


@pytest.fixture(scope="session")
def seeded_app(tmp_path_factory):
    """One migrated, seeded database shared by the tests that only read the catalogue."""
    app = make_app(tmp_path_factory.mktemp("seeded"), "seeded")
    with app.app_context(), db.connection_context():
        migrate.upgrade()
        load(app.config["SEED_DIR"])
    return app


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
def page(client):
    """page(url, lang="vi", status=200) → parsed page, after the checks every page must pass."""
    return PageChecker(client)


@pytest.fixture
def unique():
    return uuid.uuid4().hex[:8]


@pytest.fixture
def filing_app(tmp_path):
    """A fresh seeded database of its own, for tests that count dossiers or sequence numbers."""
    app = bind(make_app(tmp_path, "filing"))
    with app.app_context(), db.connection_context():
        migrate.upgrade()
        load(app.config["SEED_DIR"])
    return app


@pytest.fixture
def ctx(filing_app):
    """App and database context around a test body that calls services directly."""
    with filing_app.test_request_context(), db.connection_context():
        yield filing_app
