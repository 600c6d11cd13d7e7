"""Apps for tests: on real SQLite files (or the PostgreSQL of TEST_DATABASE_URL), bound to the one
database proxy; the real parts a test requires; work run in threads; SQL statements counted."""

import os
import tempfile
import threading
from urllib.parse import urlparse

import pytest

os.environ["MOTCUA_ENV"] = "test"

from webapp import create_app, jobs, migrate
from webapp.db import db
from webapp.seed.loader import load

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
# The PostgreSQL server of the scale-out tests (shared storage, two hosts, backups), in both passes.
SCALE_OUT_POSTGRES = os.environ.get("TEST_POSTGRES_URL", "")
SCALE_OUT_REDIS = os.environ.get("TEST_REDIS_URL", "")
# One demo PKI for the whole run: making a root and keys per app would cost a second each.
SHARED_PKI = tempfile.mkdtemp(prefix="motcua-pki-")
IN_CI = os.environ.get("CI") == "true"
# pytest-xdist's worker ("gw0"…): each worker's apps get databases of their own (test files are
# dealt to workers whole, so a file's fixed database names meet no other worker).
WORKER = f"_{os.environ['PYTEST_XDIST_WORKER']}" if os.environ.get("PYTEST_XDIST_WORKER") else ""


def require(part, available):
    """Skip a test whose real part is missing; in CI a missing part is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{part} is required in CI but is not available")
    pytest.skip(f"{part} not available")


def postgres_database(name, server_url=None):
    """A fresh, empty PostgreSQL database `name` on the server of server_url (default: the test URL's)."""
    import psycopg2

    base = urlparse(server_url or POSTGRES_URL)
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
        database_url = postgres_database(f"{base}{WORKER}_{name}")
    else:
        database_url = f"sqlite:///{tmp_path / f'{name}.db'}"
    config = {
        "DATABASE_URL": database_url,
        "HUEY_URL": f"sqlite:///{tmp_path / 'huey.db'}",
        "FORM_CACHE_DIR": str(tmp_path / "forms"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "PAYMENT_SIMULATOR_STATE": str(tmp_path / "bank.json"),
        "DEMO_IDP_KEY_FILE": str(tmp_path / "demo_idp_key.json"),
        "SIGNING_KEY_DIR": SHARED_PKI,
        **overrides,
    }
    return create_app(config)


def migrated_and_seeded(app):
    """The app's database brought to the newest schema and loaded with the seed (units, procedures…)."""
    with app.app_context(), db.connection_context():
        migrate.upgrade()
        load(app.config["SEED_DIR"])
    return app


def bind(app):
    """Point the one database proxy and the one huey at this app (tests use several apps)."""
    db.initialize(app.extensions["database"])
    jobs.init_app(app)
    return app


def in_threads(app, count, work):
    """Run work(i) in `count` threads at once, each with its own connection; return results."""
    results, errors = [None] * count, []
    barrier = threading.Barrier(count)

    def run(i):
        try:
            with app.app_context(), db.connection_context():
                barrier.wait()
                results[i] = work(i)
        except Exception as exc:  # surfaced below: a thread must not hide a failure
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return results


class QueryCounter:
    """with QueryCounter(database) as counter: … counter.count is the number of SQL statements run."""

    def __init__(self, database):
        self.database, self.count = database, 0
        self.original = database.execute_sql

    def __enter__(self):
        def counted(*args, **kwargs):
            self.count += 1
            return self.original(*args, **kwargs)

        self.database.execute_sql = counted
        return self

    def __exit__(self, *exc):
        del self.database.execute_sql
