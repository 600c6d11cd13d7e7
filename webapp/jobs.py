"""The one huey: SQLite file for the embedded shape, Redis to scale (HUEY_URL)."""

import functools
from urllib.parse import urlparse

from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from webapp.db import ensure_parent

# Storage is bound by init_app from HUEY_URL; until then nothing is kept.
huey = Huey("motcua", storage_class=MemoryStorage)
_app = None


class SqliteQueueStorage(SqliteStorage):
    """Huey's SQLite queue with synchronous=NORMAL: in WAL mode a commit survives a crash of the
    process and only a power cut can lose the newest jobs, as for the app's own database, and
    enqueueing no longer waits for a disk flush on every submission."""

    def _create_connection(self):
        conn = super()._create_connection()
        conn.execute("pragma synchronous=1")
        return conn


def storage_for(url, name="motcua"):
    """Map HUEY_URL to a huey storage: sqlite:///path or redis://host:port/db."""
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        ensure_parent(url)
        return SqliteQueueStorage(name, filename=url[len("sqlite:///") :])
    if scheme in ("redis", "rediss"):
        return RedisStorage(name, url=url)
    raise ValueError(f"HUEY_URL must start with sqlite:/// or redis://, not {url!r}")


def init_app(app):
    global _app
    _app = app
    huey.immediate = app.config.get("HUEY_IMMEDIATE", False)
    if not huey.immediate:
        huey.storage = storage_for(app.config["HUEY_URL"])


def _in_app(func):
    """Run a job inside the app and a database connection of its own."""

    @functools.wraps(func)
    def run(*args, **kwargs):
        from webapp.db import db

        with _app.app_context():
            if not db.is_closed():  # immediate mode, inside a request: share its connection
                return func(*args, **kwargs)
            with db.connection_context():
                return func(*args, **kwargs)

    return run


def task(**options):
    """A huey task, named after its module so producers and consumers agree."""

    def decorate(func):
        return huey.task(name=func.__module__ + "." + func.__name__, **options)(_in_app(func))

    return decorate


def periodic(schedule):
    """A huey periodic task (schedule: a huey.crontab) that the consumer runs on its own."""

    def decorate(func):
        return huey.periodic_task(schedule, name=func.__module__ + "." + func.__name__)(_in_app(func))

    return decorate
