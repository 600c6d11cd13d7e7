"""The one huey: SQLite file for the embedded shape, Redis to scale (HUEY_URL)."""

import functools
from urllib.parse import urlparse

from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from webapp.db import ensure_parent

# Storage is bound by init_app from HUEY_URL; until then nothing is kept.
huey = Huey("motcua", storage_class=MemoryStorage)
_app = None


def storage_for(url, name="motcua"):
    """Map HUEY_URL to a huey storage: sqlite:///path or redis://host:port/db."""
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        ensure_parent(url)
        return SqliteStorage(name, filename=url[len("sqlite:///") :])
    if scheme in ("redis", "rediss"):
        return RedisStorage(name, url=url)
    raise ValueError(f"HUEY_URL must start with sqlite:/// or redis://, not {url!r}")


def init_app(app):
    global _app
    _app = app
    huey.immediate = app.config.get("HUEY_IMMEDIATE", False)
    if not huey.immediate:
        huey.storage = storage_for(app.config["HUEY_URL"])


def task(**options):
    """A huey task that runs inside the app and a database connection of its own."""

    def decorate(func):
        @functools.wraps(func)
        def run(*args, **kwargs):
            from webapp.db import db

            with _app.app_context(), db.connection_context():
                return func(*args, **kwargs)

        return huey.task(name=func.__module__ + "." + func.__name__, **options)(run)

    return decorate
