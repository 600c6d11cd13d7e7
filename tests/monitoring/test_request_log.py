"""The request log and its id (issue 21): one JSON line per request with the route template, never the
path or the query (a lookup's phone number and code stay out); the id taken from a sane X-Request-ID or
made, sent back, and carried into the jobs the request enqueued, whose lines carry it too."""

import pytest
from flask import g

from tests.apps import bind, make_app
from tests.monitoring.helpers import Lines
from webapp import migrate
from webapp.db import db
from webapp.jobs import huey, task

NOTED = []
PHONE = "0912345678"


@task()
def note(word):
    NOTED.append((word, g.get("request_id")))


@task()
def fail_with_personal_data(phone):
    raise ValueError(f"no dossier for {phone}")


def logging_app(tmp_path, name="log", **overrides):
    """A migrated app writing JSON lines, with a route that enqueues the jobs above."""
    app = bind(make_app(tmp_path, name, LOG_FORMAT="json", **overrides))
    with app.app_context(), db.connection_context():
        migrate.upgrade()

    def enqueue():
        note("xin-chao")
        fail_with_personal_data(PHONE)
        return "queued"

    app.add_url_rule("/_thu/giao-viec", "probe_enqueue", enqueue)
    return app


@pytest.fixture
def lines(caplog):
    with Lines(caplog) as lines:
        yield lines


def test_one_line_per_request_with_the_route_not_the_path(tmp_path, lines):
    response = logging_app(tmp_path).test_client().get(f"/tra-cuu?ma=H42.99-251204-0001&so={PHONE}")
    (line,) = lines.of("motcua.request")
    assert line["route"] == "/tra-cuu" and line["method"] == "GET" and line["status"] == response.status_code
    assert len(line["request_id"]) == 32 and "X-Request-ID" not in response.headers, "a phone pays no bytes for it"
    assert line["bytes"] == len(response.data) and line["duration_ms"] >= 0
    assert line["remote_addr"] == "127.0.0.1" and line["logger"] == "motcua.request" and "time" in line
    assert PHONE not in str(line) and "H42.99" not in str(line)


@pytest.mark.parametrize("given", ["abc-123", "A.b_c-9", "x" * 64])
def test_a_sane_request_id_is_kept_and_sent_back(tmp_path, lines, given):
    app = logging_app(tmp_path)
    response = app.test_client().get("/healthz/live", headers={"X-Request-ID": given})
    assert response.headers["X-Request-ID"] == given
    assert lines.of("motcua.request")[-1]["request_id"] == given


@pytest.mark.parametrize("given", ["x" * 65, "a b", "a\u00e9", "<script>", "a/b", "id;drop"])
def test_another_request_id_is_replaced(app, given):
    response = app.test_client().get("/healthz/live", headers={"X-Request-ID": given})
    made = response.headers["X-Request-ID"]
    assert made != given and len(made) == 32 and made.isalnum()


def test_each_request_gets_its_own_id(app):
    client = app.test_client()
    asked = {"X-Request-ID": "not sane!"}
    assert (
        client.get("/", headers=asked).headers["X-Request-ID"] != client.get("/", headers=asked).headers["X-Request-ID"]
    )


def test_assets_are_logged_without_the_header(tmp_path, lines):
    """Assets are trimmed of every header a first visit on 2G pays for nothing; the line still has the id."""
    response = logging_app(tmp_path).test_client().get("/static/css/site.css")
    assert "X-Request-ID" not in response.headers
    (line,) = lines.of("motcua.request")
    assert line["route"] == "/static/<path:filename>" and line["request_id"]


def test_the_jobs_a_request_runs_log_its_id(tmp_path, lines):
    """Immediate mode (the tests' and a debugging setup): the jobs run inside the request."""
    NOTED.clear()
    app = logging_app(tmp_path)
    app.test_client().get("/_thu/giao-viec", headers={"X-Request-ID": "req-42"})
    assert NOTED == [("xin-chao", "req-42")]
    jobs = lines.of("motcua.job")
    assert [(j["job"].rsplit(".", 1)[1], j["event"]) for j in jobs] == [
        ("note", "started"),
        ("note", "finished"),
        ("fail_with_personal_data", "started"),
        ("fail_with_personal_data", "failed"),
    ]
    assert {j["request_id"] for j in jobs} == {"req-42"}
    assert jobs[-1]["error"] == "ValueError" and jobs[-1]["level"] == "warning"
    assert PHONE not in str(jobs)


def test_a_consumer_logs_the_id_of_the_request_that_enqueued(tmp_path, lines):
    """The scale-out path: the id travels with the stored job; a consumer elsewhere logs it."""
    NOTED.clear()
    app = logging_app(tmp_path, "queued", HUEY_IMMEDIATE=False, HUEY_URL=f"sqlite:///{tmp_path / 'q.db'}")
    app.test_client().get("/_thu/giao-viec", headers={"X-Request-ID": "req-43"})
    assert NOTED == [] and huey.pending_count() == 2
    while (job := huey.dequeue()) is not None:  # what huey_consumer does, here outside any request
        huey.execute(job)
    assert NOTED == [("xin-chao", "req-43")]
    jobs = lines.of("motcua.job")
    assert {j["request_id"] for j in jobs} == {"req-43"} and len(jobs) == 4
    assert [j["event"] for j in jobs if j["job"].endswith("fail_with_personal_data")] == ["started", "failed"]


def test_a_job_enqueued_outside_a_request_has_no_id(tmp_path, lines):
    NOTED.clear()
    logging_app(tmp_path)
    note("tu-lich")  # as the consumer's periodic tasks do
    assert NOTED == [("tu-lich", None)]
    assert lines.of("motcua.job")[0]["request_id"] is None
