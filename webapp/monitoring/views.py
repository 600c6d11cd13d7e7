"""The operators' routes: none sets a cookie, none is kept by a cache, none needs the database to
answer (each opens its own connection, if any, and reports what failed)."""

from flask import abort

from webapp.db import without_request_connection
from webapp.monitoring import bp, health, metrics
from webapp.monitoring.access import may_scrape

NO_STORE = {"Cache-Control": "no-store"}


@bp.get("/metrics")
@without_request_connection
def scrape():
    refused = may_scrape()
    if refused:
        abort(refused)
    return metrics.exposition(), 200, {"Content-Type": metrics.CONTENT_TYPE, **NO_STORE}


@bp.get("/healthz/live")
@without_request_connection
def alive():
    """Liveness for the load balancer: the process answers, nothing else is asked (also the
    benchmarks' bare route, to compare a real page against on the same server)."""
    return "ok", 200, {"Content-Type": "text/plain", **NO_STORE}


@bp.get("/healthz/ready")
@without_request_connection
def ready():
    """Readiness: 200 when the database, the queue and the file storage all answer, else 503 naming
    the part that failed."""
    results, fine = health.readiness()
    return results, 200 if fine else 503, NO_STORE
