"""/metrics (issue 21): Prometheus text that prometheus-client's own parser reads, with requests by
route template and status, their durations, the queue's depth, SMS and payments by status and the
failed jobs; shown only to the token's bearer, or without a token only to private addresses."""

import uuid

import pytest

from tests.apps import bind, make_app
from tests.monitoring.helpers import scrape, value
from tests.walks import filed
from webapp import migrate
from webapp.db import db
from webapp.jobs import huey, task
from webapp.models import JobFailure, Payment, SmsMessage

REQUESTS = "motcua_http_requests_total"


@task()
def parked(n):
    """A job that only waits in the queue in these tests."""


@task()
def broken():
    raise RuntimeError("a job that always fails")


def migrated(tmp_path, name, **overrides):
    app = bind(make_app(tmp_path, name, **overrides))
    with app.app_context(), db.connection_context():
        migrate.upgrade()
    return app


def test_requests_are_counted_by_route_template_and_status(app):
    client = app.test_client()
    before = scrape(client)
    for code in ("1.001193", "1.000000-khong-co", "1.001193"):
        client.get(f"/thu-tuc/{code}")
    client.get("/khong-co-trang-nay")
    after = scrape(client)
    route = next(rule.rule for rule in app.url_map.iter_rules() if rule.endpoint == "catalogue.procedure")
    found = {"route": route, "method": "GET", "status": "200"}
    missing = {"route": route, "method": "GET", "status": "404"}
    assert value(after, REQUESTS, **found) - value(before, REQUESTS, **found) == 2
    assert value(after, REQUESTS, **missing) - value(before, REQUESTS, **missing) == 1
    unmatched = {"route": "<unmatched>", "method": "GET", "status": "404"}
    assert value(after, REQUESTS, **unmatched) - value(before, REQUESTS, **unmatched) == 1
    assert not any("1.001193" in dict(labels).get("route", "") for _name, labels in after), "a path became a label"


def test_durations_are_a_histogram_per_route(app):
    client = app.test_client()
    client.get("/thu-tuc")
    samples = scrape(client)
    count = value(samples, "motcua_http_request_duration_seconds_count", route="/thu-tuc", method="GET")
    inf = value(samples, "motcua_http_request_duration_seconds_bucket", route="/thu-tuc", method="GET", le="+Inf")
    assert count >= 1 and inf == count
    assert ("motcua_http_request_duration_seconds_sum", (("method", "GET"), ("route", "/thu-tuc"))) in samples


def test_sms_and_payments_are_shown_by_status(filing_app):
    dossier = filed(filing_app)
    with filing_app.app_context(), db.connection_context():
        for status in ("failed", "failed", "queued"):
            SmsMessage.create(public_id=uuid.uuid4().hex, phone="+84912000000", template="t", body="b", status=status)
        for status in ("paid", "pending", "pending"):
            Payment.create(txn_ref=uuid.uuid4().hex[:20], dossier=dossier, gateway="vnpay", amount=1000, status=status)
        sms = {s: SmsMessage.select().where(SmsMessage.status == s).count() for s in ("failed", "queued")}
    samples = scrape(filing_app.test_client())
    assert value(samples, "motcua_sms_messages", status="failed") == sms["failed"] >= 2
    assert value(samples, "motcua_sms_messages", status="queued") == sms["queued"] >= 1
    assert value(samples, "motcua_payments", status="paid") == 1
    assert value(samples, "motcua_payments", status="pending") == 2


def test_the_queue_depth_is_the_jobs_waiting(tmp_path):
    app = migrated(tmp_path, "queue", HUEY_IMMEDIATE=False, HUEY_URL=f"sqlite:///{tmp_path / 'queue.db'}")
    try:
        for n in range(3):
            parked(n)
        assert value(scrape(app.test_client()), "motcua_queue_pending") == 3
    finally:
        huey.flush()


def test_failed_jobs_are_counted_in_the_database(tmp_path):
    app = migrated(tmp_path, "failing")
    broken()  # immediate mode: huey runs it, catches the error and signals it
    broken()
    name = "tests.monitoring.test_metrics.broken"
    with app.app_context(), db.connection_context():
        assert JobFailure.get_by_id(name).failures == 2
    assert value(scrape(app.test_client()), "motcua_jobs_failed_total", task=name) == 2


def test_a_scrape_without_the_database_still_shows_the_requests(tmp_path):
    app = make_app(tmp_path, "nodb", DATABASE_URL="postgresql://postgres@127.0.0.1:9/motcua_nowhere")
    client = app.test_client()
    client.get("/healthz/live")
    samples = scrape(client)
    assert value(samples, "motcua_scrape_errors", part="database") == 1
    assert value(samples, REQUESTS, route="/healthz/live", method="GET", status="200") >= 1


# Who may scrape.


@pytest.fixture
def guarded(tmp_path):
    return migrated(tmp_path, "guarded", METRICS_TOKEN="mot-ma-dai-bi-mat")


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer sai-ma", "Basic bW90LW1hLWRhaS1iaS1tYXQ=", "Bearer", "Bearer mot-ma-dai-bi-mat-", "Bearer \u00e9"],
)
def test_with_a_token_configured_only_its_bearer_reads(guarded, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = guarded.test_client().get("/metrics", headers=headers)
    assert response.status_code == 403
    assert b"motcua_http" not in response.data


def test_the_token_opens_the_metrics_from_anywhere(guarded):
    client = guarded.test_client()
    headers = {"Authorization": "Bearer mot-ma-dai-bi-mat"}
    assert scrape(client, headers=headers, environ_base={"REMOTE_ADDR": "14.160.32.7"})


@pytest.mark.parametrize(
    ("address", "headers", "proxies", "status"),
    [
        ("127.0.0.1", {}, 0, 200),
        ("10.4.5.6", {}, 0, 200),
        ("192.168.1.20", {}, 0, 200),
        ("::1", {}, 0, 200),
        ("14.160.32.7", {}, 0, 404),
        ("169.254.1.1", {}, 0, 404),
        # A proxy we were not told of forwards the world: its own private address proves nothing.
        ("127.0.0.1", {"X-Forwarded-For": "10.0.0.5"}, 0, 404),
        ("10.0.0.2", {"X-Forwarded-For": "14.160.32.7"}, 1, 404),
        ("10.0.0.2", {"X-Forwarded-For": "10.0.0.5"}, 1, 200),
    ],
)
def test_without_a_token_only_private_callers_read(tmp_path, address, headers, proxies, status):
    app = make_app(tmp_path, "open", TRUSTED_PROXIES=proxies)
    response = app.test_client().get("/metrics", headers=headers, environ_base={"REMOTE_ADDR": address})
    assert response.status_code == status


def test_the_metrics_set_no_cookie_and_are_kept_nowhere(app):
    response = app.test_client().get("/metrics")
    assert "Set-Cookie" not in response.headers
    assert "no-store" in response.headers["Cache-Control"]
    assert response.mimetype == "text/plain"
