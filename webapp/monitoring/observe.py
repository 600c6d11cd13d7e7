"""Every request observed once: its id (X-Request-ID), its line in the request log, and its count and
duration in the metrics, by route template (never the path: it may hold a phone number or a code, and
its values are unbounded)."""

import logging
import re
import time
import uuid

from flask import g, request, request_finished, request_started

from webapp.monitoring import metrics

log = logging.getLogger("motcua.request")
SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "<unmatched>"  # no route: a 404 or a method the route does not take


def init_app(app):
    # Signals, not before/after_request: the clock starts before the database connects, and the
    # line is written after every after_request (compression included) and after error pages.
    request_started.connect(_started, app)
    request_finished.connect(_finished, app)


def request_id():
    """The caller's X-Request-ID when it is a plain token of up to 64 characters, else a new one."""
    given = request.headers.get("X-Request-ID", "")
    return given if SANE_ID.fullmatch(given) else uuid.uuid4().hex


def _started(sender, **extra):
    g.request_id = request_id()
    g.request_clock = time.perf_counter()


def _finished(sender, response, **extra):
    seconds = time.perf_counter() - g.get("request_clock", time.perf_counter())
    rid = g.get("request_id") or request_id()
    # Sent back only to a caller that sent one (a proxy, a load balancer): a phone on 2G would pay
    # 50 bytes on every page for an id it never reads, and an asset's headers are counted anyway.
    if "X-Request-ID" in request.headers and request.endpoint != "static":
        response.headers["X-Request-ID"] = rid
    route = request.url_rule.rule if request.url_rule else UNMATCHED
    method = request.method if request.method in METHODS else "OTHER"
    metrics.observe(route, method, response.status_code, seconds)
    if not log.isEnabledFor(logging.INFO):
        return
    fields = {
        "request_id": rid,
        "method": method,
        "route": route,
        "status": response.status_code,
        "duration_ms": round(seconds * 1000, 1),
        "remote_addr": request.remote_addr,
        "bytes": response.content_length,
    }
    log.info("request", extra={"fields": fields})
