"""/healthz/live and /healthz/ready (issue 21): the load balancer's questions, answered without a
session or a cache, ready only when the database, the queue and the file storage all answer, and
naming the part that does not."""

import os
import shutil

import pytest

from tests.apps import bind, make_app, require
from webapp import migrate
from webapp.db import db

ROUTES = ("/healthz/live", "/healthz/ready")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
ALL_FINE = {"database": "ok", "queue": "ok", "storage": "ok"}


def migrated(tmp_path, name, **overrides):
    app = bind(make_app(tmp_path, name, **overrides))
    with app.app_context(), db.connection_context():
        migrate.upgrade()
    return app


def test_ready_when_every_part_answers(app):
    response = app.test_client().get("/healthz/ready")
    assert response.status_code == 200
    assert response.get_json() == ALL_FINE


@pytest.mark.parametrize("path", ROUTES)
def test_no_session_and_no_copy_kept(app, path):
    response = app.test_client().get(path)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "no-store" in response.headers["Cache-Control"]
    assert "ETag" not in response.headers


def test_alive_answers_even_when_the_database_does_not(tmp_path):
    app = make_app(tmp_path, "dead", DATABASE_URL="postgresql://postgres@127.0.0.1:9/motcua_nowhere")
    response = app.test_client().get("/healthz/live")
    assert response.status_code == 200 and response.data == b"ok"


def _sqlite_gone(tmp_path):
    folder = tmp_path / "gone"
    app = make_app(tmp_path, "gone", DATABASE_URL=f"sqlite:///{folder / 'motcua.db'}")
    shutil.rmtree(folder)  # the volume holding the database went away
    return app


def _postgres_closed_port(tmp_path):
    return make_app(tmp_path, "closed", DATABASE_URL="postgresql://postgres@127.0.0.1:9/motcua_nowhere")


@pytest.mark.parametrize("broken", [_sqlite_gone, _postgres_closed_port], ids=["sqlite-folder-gone", "pg-closed-port"])
def test_not_ready_names_the_database(tmp_path, broken):
    response = broken(tmp_path).test_client().get("/healthz/ready")
    assert response.status_code == 503
    assert response.get_json() == {**ALL_FINE, "database": "unreachable"}
    assert "no-store" in response.headers["Cache-Control"]


def test_an_unmigrated_database_is_not_ready(tmp_path):
    response = make_app(tmp_path, "old").test_client().get("/healthz/ready")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unmigrated"


def test_not_ready_names_the_queue(tmp_path):
    app = migrated(tmp_path, "noqueue", HUEY_IMMEDIATE=False, HUEY_URL="redis://127.0.0.1:9/11")
    response = app.test_client().get("/healthz/ready")
    assert response.status_code == 503
    assert response.get_json() == {**ALL_FINE, "queue": "unreachable"}


def test_ready_on_a_redis_queue(tmp_path):
    require("Redis (TEST_REDIS_URL)", REDIS_URL)
    app = migrated(tmp_path, "redisqueue", HUEY_IMMEDIATE=False, HUEY_URL=REDIS_URL)
    response = app.test_client().get("/healthz/ready")
    assert response.status_code == 200, response.get_json()


def test_not_ready_names_the_file_storage(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the uploads folder should be")
    app = migrated(tmp_path, "nostorage", UPLOAD_DIR=str(blocked))
    response = app.test_client().get("/healthz/ready")
    assert response.status_code == 503
    assert response.get_json() == {**ALL_FINE, "storage": "unwritable"}
