"""Figures over long periods (more than a quarter) come from a job and are kept a while, so a year's
report does not hold a web worker; the page says they are being computed and reloads itself.

What is kept is numbers only (tallies and the index's measured parts), rebuilt into the same objects
the page and the exports use.
"""

import datetime
import hashlib
from collections import Counter

from flask import current_app
from peewee import IntegrityError

from webapp.models.dossier import utcnow
from webapp.models.report import ReportCache
from webapp.reports import figures, indicators

LONG_PERIOD = datetime.timedelta(days=92)
LOST_JOB = datetime.timedelta(minutes=5)  # a computation asked this long ago and not done is asked again


def is_long(period):
    return period.end - period.start > LONG_PERIOD


def computed(period, unit):
    """{"total", "per_procedure", "score_parts"} now for a short period; for a long one the kept
    figures, or None while the job computes them (it is asked once)."""
    if not is_long(period):
        return compute(period, unit)
    key = _key(period, unit)
    row = ReportCache.get_or_none(ReportCache.key == key)
    now = utcnow()
    max_age = datetime.timedelta(seconds=current_app.config["REPORT_CACHE_SECONDS"])
    if row is not None and row.figures is not None and row.computed_at > now - max_age:
        return decode(row.figures)
    if row is None or row.figures is not None or row.asked_at < now - LOST_JOB:
        _ask(key, period, unit, row, now)
        row = ReportCache.get_or_none(ReportCache.key == key)  # done already when jobs run in-process
    return decode(row.figures) if row is not None and row.figures is not None else None


def _ask(key, period, unit, row, now):
    from webapp.reports.tasks import compute_report

    try:
        if row is None:
            ReportCache.create(key=key, figures=None, asked_at=now)
        else:
            ReportCache.update(figures=None, asked_at=now).where(ReportCache.key == key).execute()
    except IntegrityError:
        return  # another request asked for it at the same moment
    compute_report(key, period.start.isoformat(), period.end.isoformat(), unit.id if unit else None)


def _key(period, unit):
    return hashlib.sha256(f"{period.start}|{period.end}|{unit.id if unit else ''}".encode()).hexdigest()


def compute(period, unit):
    total, per_procedure = figures.dossier_figures(period, unit)
    return {
        "total": total,
        "per_procedure": per_procedure,
        "score_parts": indicators.measured_parts(period, unit, total),
    }


def encode(result):
    return {
        "total": _tally_dict(result["total"]),
        "per_procedure": {str(pid): _tally_dict(t) for pid, t in result["per_procedure"].items()},
        "score_parts": {key: [list(part) for part in parts] for key, parts in result["score_parts"].items()},
    }


def decode(kept):
    return {
        "total": _tally(kept["total"]),
        "per_procedure": {int(pid): _tally(t) for pid, t in kept["per_procedure"].items()},
        "score_parts": {key: [tuple(part) for part in parts] for key, parts in kept["score_parts"].items()},
    }


def _tally_dict(tally):
    return {
        "received": tally.received,
        "online": tally.online,
        "resolved": tally.resolved,
        "punctuality": dict(tally.punctuality),
        "apologised_late": tally.apologised_late,
    }


def _tally(data):
    return figures.Tally(
        received=data["received"],
        online=data["online"],
        resolved=data["resolved"],
        punctuality=Counter(data["punctuality"]),
        apologised_late=data["apologised_late"],
    )
