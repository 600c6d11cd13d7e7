"""Readiness: can this process serve? The database answers (and is migrated), the queue's storage
answers, and the file storage takes a write. Each part is asked on its own; a failure is named,
never explained (the error's text may carry addresses of the backends)."""

import logging

from webapp import migrate
from webapp.db import connect_for_request, db
from webapp.jobs import huey

log = logging.getLogger("motcua.health")


def database():
    connect_for_request()
    db.execute_sql("SELECT 1")
    return "unmigrated" if migrate.pending() else "ok"


def queue():
    huey.pending_count()  # SQLite: a read of the queue file; Redis: LLEN, a round trip
    return "ok"


def storage():
    """Every storage area takes a small file and gives it back (webapp/storage's check())."""
    from webapp.storage import AREAS, store

    for area in AREAS:
        store(area).check()
    return "ok"


CHECKS = {"database": database, "queue": queue, "storage": storage}


def readiness():
    """({part: "ok" | what is wrong}, all fine?)."""
    results = {name: _ask(name, check) for name, check in CHECKS.items()}
    return results, all(value == "ok" for value in results.values())


def _ask(name, check):
    try:
        return check()
    except Exception as exc:  # whatever a backend raises, the answer is "not ready"
        log.warning("readiness: %s failed (%s)", name, type(exc).__name__)
        return "unreachable" if name != "storage" else "unwritable"
