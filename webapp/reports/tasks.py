"""Background jobs of the statistics."""

import datetime

from webapp.jobs import task
from webapp.models import Unit
from webapp.models.dossier import utcnow
from webapp.models.report import ReportCache
from webapp.reports.background import compute, encode
from webapp.reports.periods import Period


@task()
def compute_report(key, start, end, unit_id):
    """A long period's figures, kept under `key` for the page that asked."""
    period = Period(datetime.date.fromisoformat(start), datetime.date.fromisoformat(end), "")
    unit = Unit.get_or_none(Unit.id == unit_id) if unit_id else None
    kept = encode(compute(period, unit))
    ReportCache.update(figures=kept, computed_at=utcnow()).where(ReportCache.key == key).execute()
