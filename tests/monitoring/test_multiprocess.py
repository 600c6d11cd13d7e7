"""Several gunicorn workers on a host (PROMETHEUS_MULTIPROC_DIR): a scrape answered by any one of them
counts the requests every worker answered. Each worker is a process of its own here."""

import os
import subprocess
import sys

from prometheus_client.parser import text_string_to_metric_families

from tests.apps import bind, make_app
from webapp import migrate
from webapp.config import ROOT
from webapp.db import db

WORKER = """
import sys
from webapp import create_app
database, queue, uploads, count, scrape = sys.argv[1:]
app = create_app({"DATABASE_URL": database, "HUEY_URL": queue, "UPLOAD_DIR": uploads, "FORM_CACHE_DIR": uploads})
client = app.test_client()
for _ in range(int(count)):
    assert client.get("/healthz/live").status_code == 200
if scrape == "yes":
    sys.stdout.write(client.get("/metrics").get_data(as_text=True))
"""


def worker(app, tmp_path, count, scrape="no"):
    env = {**os.environ, "MOTCUA_ENV": "test", "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus")}
    args = [app.config["DATABASE_URL"], f"sqlite:///{tmp_path / 'q.db'}", str(tmp_path / "up"), str(count), scrape]
    done = subprocess.run(
        [sys.executable, "-c", WORKER, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_a_scrape_adds_up_every_worker_of_the_host(tmp_path):
    (tmp_path / "prometheus").mkdir()
    app = bind(make_app(tmp_path, "workers"))
    with app.app_context(), db.connection_context():
        migrate.upgrade()
    worker(app, tmp_path, 3)
    body = worker(app, tmp_path, 2, scrape="yes")
    samples = {
        (s.name, s.labels.get("route")): s.value
        for family in text_string_to_metric_families(body)
        for s in family.samples
        if s.labels.get("method") == "GET"
    }
    assert samples[("motcua_http_requests_total", "/healthz/live")] == 5
    assert samples[("motcua_http_request_duration_seconds_count", "/healthz/live")] == 5
