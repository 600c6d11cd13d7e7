"""Huey consumer entry point: `huey_consumer webapp.worker.huey`.

Builds the app once (binding the database and the queue from configuration) and
imports every feature's tasks so the consumer knows them.
"""

from webapp import create_app
from webapp.backoffice import digest as digest_tasks  # noqa: F401
from webapp.catalogue import tasks as catalogue_tasks  # noqa: F401  (registers the tasks)
from webapp.catalogue_admin import tasks as catalogue_admin_tasks  # noqa: F401
from webapp.dossiers import orphans as orphan_tasks  # noqa: F401
from webapp.filing import tasks as filing_tasks  # noqa: F401
from webapp.jobs import huey
from webapp.messaging import tasks as sms_tasks  # noqa: F401
from webapp.payments import tasks as payment_tasks  # noqa: F401
from webapp.reports import tasks as report_tasks  # noqa: F401
from webapp.retention import tasks as retention_tasks  # noqa: F401

app = create_app()

__all__ = ["app", "huey"]
