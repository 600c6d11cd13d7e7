"""The district report's figures, counted from the dossiers' own timestamps (DOMAIN.md §1, §4).

Received: dossiers whose reception (received_at) falls in the period; online: those filed online.
Resolved: dossiers whose result was signed (finished_at) in the period, each classed against its
binding due date (due_at) by local date: trước hạn, đúng hạn or quá hạn. An apology's new date never
moves due_at, so an apologised dossier still counts late; a paused supplement clock already moved
due_at at reception, so the pause is not charged to the office.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from peewee import SQL, Case, fn

from webapp.calendar.working_time import to_local, to_utc
from webapp.db import is_postgres
from webapp.dossiers.timing import punctuality
from webapp.models import Agency, Dossier, Procedure, Unit
from webapp.models.values import ONLINE

CLASSES = ("truoc_han", "dung_han", "qua_han")
LOCAL_OFFSET = to_local(datetime.datetime(2025, 1, 1)) - datetime.datetime(2025, 1, 1)


def share(part, whole):
    """part/whole as a percentage with one decimal, or None when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Tally:
    received: int = 0
    online: int = 0
    resolved: int = 0
    punctuality: Counter = field(default_factory=Counter)
    apologised_late: int = 0

    @property
    def in_time(self):
        """Trước hạn and đúng hạn: what the report calls "đúng hạn và trước hạn"."""
        return self.punctuality["truoc_han"] + self.punctuality["dung_han"]

    @property
    def online_share(self):
        return share(self.online, self.received)

    @property
    def in_time_share(self):
        return share(self.in_time, self.resolved)

    def class_share(self, name):
        return share(self.punctuality[name], self.resolved)


def units_within(unit):
    """The ids of `unit` and every unit under it, at any depth."""
    children = {}
    for row in Unit.select(Unit.id, Unit.parent):
        children.setdefault(row.parent_id, []).append(row.id)
    found, waiting = [], [unit.id]
    while waiting:
        current = waiting.pop()
        found.append(current)
        waiting.extend(children.get(current, ()))
    return found


def utc_bounds(period):
    """[start, end) in stored UTC for the local days of the period."""
    start = to_utc(datetime.datetime.combine(period.start, datetime.time.min))
    end = to_utc(datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min))
    return start, end


def dossier_figures(period, unit=None):
    """(total Tally, {procedure id: Tally}) for the dossiers received by the desks of `unit` and the
    units under it (all units when None)."""
    start, end = utc_bounds(period)
    scope = Dossier.select()  # the whole province: no join, so the database reads the date indexes only
    if unit is not None:
        scope = scope.where(Dossier.agency.in_(Agency.select(Agency.id).where(Agency.unit.in_(units_within(unit)))))
    total, per_procedure = Tally(), {}
    # Counted by the database from the indexes (migration 0026), a few rows per procedure: a
    # province's year is a million dossiers, never fetched one by one. COUNT(*), not COUNT(id): the
    # id is not in the index, and asking for it sends the database to the table itself.
    received = scope.select(Dossier.procedure, Dossier.channel, fn.COUNT(SQL("*"))).where(
        Dossier.received_at >= start, Dossier.received_at < end
    )
    for procedure_id, channel, number in received.group_by(Dossier.procedure, Dossier.channel).tuples():
        for tally in (total, per_procedure.setdefault(procedure_id, Tally())):
            tally.received += number
            tally.online += number if channel == ONLINE else 0
    resolved = scope.select(Dossier.procedure, fn.COUNT(SQL("*")), *verdict_counts()).where(
        Dossier.finished_at >= start, Dossier.finished_at < end
    )
    for procedure_id, number, early, overdue, apologised in resolved.group_by(Dossier.procedure).tuples():
        for tally in (total, per_procedure.setdefault(procedure_id, Tally())):
            tally.resolved += number
            tally.punctuality.update(truoc_han=early, dung_han=number - early - overdue, qua_han=overdue)
            tally.apologised_late += apologised
    return total, per_procedure


def verdict_counts():
    """result_class in SQL, as sums: (trước hạn, quá hạn, quá hạn with an apology) by the local dates
    of the signature and of the due date; no due date is never late, the rest is đúng hạn."""
    done, due = local_date(Dossier.finished_at), local_date(Dossier.due_at)
    dated = Dossier.due_at.is_null(False)
    late = dated & (done > due)
    return [
        fn.SUM(Case(None, [(dated & (done < due), 1)], 0)),
        fn.SUM(Case(None, [(late, 1)], 0)),
        fn.SUM(Case(None, [(late & Dossier.new_due_at.is_null(False), 1)], 0)),
    ]


def local_date(column):
    """The local date of a stored UTC moment, in SQL (Vietnam keeps one offset all year)."""
    hours = int(LOCAL_OFFSET.total_seconds() // 3600)
    if is_postgres():
        return fn.DATE(column + SQL(f"interval '{hours} hours'"))
    return fn.DATE(column, f"{hours:+d} hours")


def result_class(dossier):
    """trước / đúng / quá hạn of a signed result, as timing.late judges it; no due date (no time limit)
    is never late."""
    return punctuality(dossier.finished_at, dossier.due_at) or "dung_han"


def procedure_classes():
    """{(tier, online class): count} of the catalogue's procedures, and their total."""
    counts = Counter(Procedure.select(Procedure.tier, Procedure.online_class).tuples())
    return counts, sum(counts.values())
