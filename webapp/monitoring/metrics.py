"""What /metrics shows. Requests and their durations are counted by each process as they happen;
the queue, the SMS, the payments and the failed jobs are read from the queue and the database at
scrape time, so every worker on every host reports the same fleet-wide values.

With PROMETHEUS_MULTIPROC_DIR set (before the process starts: prometheus-client reads it at import),
the counters live in files there and a scrape adds up every gunicorn worker of the host
(docs/operations.md); without it, the scraped process's own counters.
"""

import logging
import os

from peewee import fn
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from webapp.db import connect_for_request
from webapp.jobs import huey
from webapp.models import Payment, SmsMessage
from webapp.models.jobs import JobFailure

CONTENT_TYPE = CONTENT_TYPE_LATEST
log = logging.getLogger("motcua.metrics")
disable_created_metrics()  # the *_created series: twice the lines, nothing our alerts read

# This process's own counters: not the library's default registry, so a second app built in the same
# process (tests, the worker) neither registers them twice nor mixes in other libraries' metrics.
LIVE = CollectorRegistry()
REQUESTS = Counter(
    "motcua_http_requests", "Requests answered, by route template, method and status.",
    ("route", "method", "status"), registry=LIVE,
)  # fmt: skip
DURATION = Histogram(
    "motcua_http_request_duration_seconds", "Time to answer a request, by route template and method.",
    ("route", "method"), registry=LIVE,
)  # fmt: skip


def observe(route, method, status, seconds):
    REQUESTS.labels(route, method, str(status)).inc()
    DURATION.labels(route, method).observe(seconds)


def exposition():
    """The scrape's body: this host's request metrics and the fleet's state, in the text format."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(LIVE)
    registry.register(_Fixed(state_families()))
    return generate_latest(registry)


class _Fixed:
    """Metric families read once for this scrape."""

    def __init__(self, families):
        self.families = families

    def collect(self):
        return self.families


def state_families():
    """The queue's depth and, from the database, SMS and payments by status and failed jobs by task;
    a part that cannot be read is left out (and counted in motcua_scrape_errors) rather than failing
    the whole scrape, so the request metrics still arrive when the database does not answer."""
    families, errors = (
        [],
        GaugeMetricFamily("motcua_scrape_errors", "Parts of this scrape that could not be read.", labels=["part"]),
    )
    for part, read in (("queue", _queue), ("database", _database)):
        try:
            families.extend(read())
            errors.add_metric([part], 0)
        except Exception as exc:  # any failure of a backend: reported, never a 500
            log.warning("metrics: %s unreadable (%s)", part, type(exc).__name__)
            errors.add_metric([part], 1)
    return [*families, errors]


def _queue():
    depth = GaugeMetricFamily("motcua_queue_pending", "Jobs waiting in the queue.")
    depth.add_metric([], huey.pending_count())
    return [depth]


def _database():
    connect_for_request()
    sms = _by_status(SmsMessage, "motcua_sms_messages", "SMS messages by status (queued, sent, failed…).")
    payments = _by_status(Payment, "motcua_payments", "Fee payments by status (pending, paid, failed, cancelled).")
    failed = CounterMetricFamily("motcua_jobs_failed", "Jobs that raised, retries included, by task.", labels=["task"])
    for task, failures in JobFailure.select(JobFailure.task, JobFailure.failures).tuples():
        failed.add_metric([task], failures)
    return [sms, payments, failed]


def _by_status(model, name, documentation):
    family = GaugeMetricFamily(name, documentation, labels=["status"])
    query = model.select(model.status, fn.COUNT(model.id)).group_by(model.status).order_by(model.status)
    for status, count in query.tuples():
        family.add_metric([status], count)
    return family
