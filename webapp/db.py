"""The one database handle: a proxy bound at start-up from DATABASE_URL."""

from pathlib import Path

from flask import current_app, g, request
from peewee import DatabaseProxy, Model, PostgresqlDatabase, SqliteDatabase
from playhouse.db_url import connect

db = DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
}


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


def open_database(url):
    """Build the peewee database for a URL; SQLite gets its pragmas here and only here."""
    if url.startswith("sqlite"):
        ensure_parent(url)
        return connect(url, pragmas=SQLITE_PRAGMAS)
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    return connect(url)


def write_transaction():
    """A transaction that writes; on SQLite it takes the write lock up front (BEGIN IMMEDIATE),
    so concurrent writers queue on busy_timeout instead of failing when they upgrade their lock."""
    if isinstance(db.obj, SqliteDatabase):
        return db.atomic(lock_type="IMMEDIATE")
    return db.atomic()


def is_postgres():
    return isinstance(db.obj, PostgresqlDatabase)


def ensure_parent(sqlite_url):
    """A fresh clone has no instance/ folder yet; SQLite will not create it."""
    path = sqlite_url.split(":///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def init_app(app):
    app.extensions["database"] = open_database(app.config["DATABASE_URL"])
    db.initialize(app.extensions["database"])
    app.before_request(_connect)
    app.teardown_request(_close)


def without_request_connection(view):
    """Mark a view that opens the database itself, if at all (health checks, metrics): it must answer
    even when the database does not, so no connection is opened before it runs."""
    view.without_request_connection = True
    return view


def skips_request_connection():
    view = current_app.view_functions.get(request.endpoint)
    return getattr(view, "without_request_connection", False)


def _connect():
    if not skips_request_connection():
        connect_for_request()


def connect_for_request():
    """Open the request's connection, closed at teardown on server databases."""
    if db.is_closed():
        db.connect()
        g.db_opened = True


def _close(exc):
    # SQLite connections stay open in their thread: opening one (pragmas) and closing the last
    # one (a WAL checkpoint) cost more than a whole request. Server databases close as usual.
    if g.pop("db_opened", False) and not db.is_closed() and not isinstance(db.obj, SqliteDatabase):
        db.close()
