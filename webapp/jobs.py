"""The one huey: SQLite file for the embedded shape, Redis to scale (HUEY_URL)."""

import contextlib
import functools
import logging
import time
from urllib.parse import urlparse

from flask import g, has_app_context
from huey import Huey
from huey.exceptions import RetryTask
from huey.signals import SIGNAL_ENQUEUED, SIGNAL_ERROR
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from webapp.db import ensure_parent

# Storage is bound by init_app from HUEY_URL; until then nothing is kept.
huey = Huey("motcua", storage_class=MemoryStorage)
_app = None
# A job carries the id of the request that enqueued it in this keyword, so its log lines can be
# matched with the request's (docs/operations.md); the job's function never sees it.
REQUEST_ID = "_request_id"
log = logging.getLogger("motcua.job")


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
    """Run a job inside the app and a database connection of its own, logged as it starts and ends."""
    name = func.__module__ + "." + func.__name__

    @functools.wraps(func)
    def run(*args, **kwargs):
        request_id = kwargs.pop(REQUEST_ID, None)
        with _connected():
            g.request_id = request_id  # passed on to the jobs this one enqueues
            with _logged(name, request_id):
                return func(*args, **kwargs)

    return run


@contextlib.contextmanager
def _connected():
    from webapp.db import db

    with _app.app_context():
        if not db.is_closed():  # immediate mode, inside a request: share its connection
            yield
        else:
            with db.connection_context():
                yield


class _logged:
    """The job's start, end or failure as log records (JSON lines with LOG_FORMAT=json); of a failure
    the exception's type only, as its text may hold personal data."""

    def __init__(self, name, request_id):
        self.fields = {"job": name, "request_id": request_id}

    def __enter__(self):
        self.started = time.perf_counter()
        log.info("job started", extra={"fields": {**self.fields, "event": "started"}})

    def __exit__(self, kind, exc, tb):
        if kind is None:
            event, level = {"event": "finished"}, logging.INFO
        elif issubclass(kind, RetryTask):
            event, level = {"event": "retrying"}, logging.INFO
        else:
            event, level = {"event": "failed", "error": kind.__name__}, logging.WARNING
        event["duration_ms"] = round((time.perf_counter() - self.started) * 1000, 1)
        log.log(level, "job " + event["event"], extra={"fields": {**self.fields, **event}})


@huey.signal(SIGNAL_ENQUEUED)
def _carry_request_id(signal, task):
    request_id = g.get("request_id") if has_app_context() else None
    if request_id:
        task.kwargs.setdefault(REQUEST_ID, request_id)


@huey.signal(SIGNAL_ERROR)
def _count_failure(signal, task, exc=None):
    """Every consumer on every host counts into the same row (/metrics: motcua_jobs_failed_total)."""
    from webapp.models.jobs import JobFailure

    with _connected():
        JobFailure.count(task.name)


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
