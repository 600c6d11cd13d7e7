"""The one huey: SQLite storage embedded, Redis to scale, the same task code on both."""

import os
from pathlib import Path

import pytest
from huey.storage import SqliteStorage

from tests.apps import bind, make_app, migrated_and_seeded, require
from webapp.catalogue.tasks import prerender_blank_forms
from webapp.jobs import huey, storage_for

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


def _queued_app(tmp_path, huey_url):
    return migrated_and_seeded(bind(make_app(tmp_path, "jobs", HUEY_URL=huey_url, HUEY_IMMEDIATE=False)))


def _run_queue():
    """What the consumer does: take each queued task and execute it."""
    results = []
    while (task := huey.dequeue()) is not None:
        results.append(huey.execute(task))
    return results


def _prerender_through_the_queue(app):
    huey.flush()
    prerender_blank_forms(["1.001193"])
    assert huey.pending_count() == 1, "the task waits in the queue until a consumer runs it"
    assert not list(Path(app.config["FORM_CACHE_DIR"]).glob("*"))
    assert _run_queue() == [4]
    rendered = sorted(p.suffix for p in Path(app.config["FORM_CACHE_DIR"]).glob("1.001193-*"))
    assert rendered == [".docx", ".docx", ".pdf", ".pdf"]


def test_prerender_runs_through_the_sqlite_queue(tmp_path):
    app = _queued_app(tmp_path, f"sqlite:///{tmp_path / 'queue.db'}")
    assert isinstance(huey.storage, SqliteStorage)
    _prerender_through_the_queue(app)


@pytest.mark.redis
def test_prerender_runs_through_the_redis_queue(tmp_path):
    require("Redis (TEST_REDIS_URL)", REDIS_URL)
    app = _queued_app(tmp_path, REDIS_URL)
    assert type(huey.storage).__name__ == "RedisStorage"
    huey.storage.conn.ping()
    _prerender_through_the_queue(app)


def test_downloads_use_the_prerendered_file(tmp_path):
    app = _queued_app(tmp_path, f"sqlite:///{tmp_path / 'queue.db'}")
    _prerender_through_the_queue(app)
    cached = next(Path(app.config["FORM_CACHE_DIR"]).glob("1.001193-*-vi-*.pdf"))
    assert app.test_client().get("/thu-tuc/1.001193/mau-don.pdf").data == cached.read_bytes()


def test_unknown_queue_url_is_refused():
    with pytest.raises(ValueError, match="HUEY_URL"):
        storage_for("amqp://localhost")
