"""`flask seed --synthetic N`: N invented dossiers of the last 12 months for the province's communes,
written in bulk, to measure the statistics, the dashboard, the queues and the lookup at scale
(benchmarks/scale.py).

Unlike the demo history (seed/history.py), nothing goes through the workflow: a dossier's life is
planned here (filed online or at the counter, received, assigned, signed on time or late, returned;
a few refused, sent back for a supplement or forgotten open; the recent ones still where today finds
them) and its row and its transitions are written as the workflow would have left them, a few
thousand at a time. Codes take the next numbers of each desk's day (DossierSequence) and the log book
its next lines, and both sequences are moved past them, so a real filing afterwards never collides.
Due dates are the calendar's own (working_time.due_at); moments fall in office hours.
"""

import datetime
import random
from collections import Counter
from contextlib import nullcontext
from functools import lru_cache

from peewee import EXCLUDED

from webapp.calendar.services import current_calendar
from webapp.calendar.working_time import due_at, to_local
from webapp.db import db, is_postgres
from webapp.dossiers.numbering import dossier_code
from webapp.models import (
    Agency,
    Dossier,
    DossierSequence,
    LogBookSequence,
    Procedure,
    Staff,
    StaffUnit,
    Transition,
    Unit,
)
from webapp.models.dossier import utcnow
from webapp.models.report import ReportCache
from webapp.models.values import COUNTER
from webapp.seed.bulk import Table, indexes_set_aside
from webapp.seed.history import SEASON
from webapp.seed.lives import Life, plan_life

SEED = 2126
DAYS = 365
BATCH = 5000  # dossiers per transaction (with their transitions: about 30,000 rows)
SET_ASIDE = 50_000  # from this many dossiers on, the plain indexes are built after the rows
SLOT = 5  # arrival minutes are multiples of this: working-time sums are remembered per slot


def write_synthetic(count, now=None, seed=SEED):
    """Write `count` dossiers spread over the last 12 months; returns how many were written."""
    now = now or utcnow()
    world = World.load(now, seed)
    dossiers, transitions = Table(Dossier), Table(Transition)
    next_dossier, next_transition = dossiers.next_id(), transitions.next_id()
    batch, steps = [], []
    with indexes_set_aside(dossiers, transitions) if count >= SET_ASIDE else nullcontext():
        for arrival in world.arrivals(count):
            life = plan_life(world, arrival)
            batch.append(world.row(life, next_dossier))
            for step in life.steps:
                steps.append({"id": next_transition, "dossier_id": next_dossier, **step})
                next_transition += 1
            next_dossier += 1
            if len(batch) >= BATCH:
                world.flush(dossiers, transitions, batch, steps)
                batch, steps = [], []
        world.flush(dossiers, transitions, batch, steps)
    dossiers.after()
    transitions.after()
    ReportCache.delete().execute()  # figures kept from before these dossiers existed
    # Fresh statistics for the planner; on PostgreSQL also the visibility map, without which the
    # statistics' index-only scans read the table after all (autovacuum would come, later).
    db.execute_sql("VACUUM ANALYZE dossier, transition" if is_postgres() else "ANALYZE")
    return count


class World:
    """What every planned dossier draws from: desks, procedures, staff, the calendar, the sequences."""

    def __init__(self, now, rng, agencies, procedures, staff, calendar):
        self.now, self.rng = now, rng
        self.agencies, self.procedures, self.staff, self.calendar = agencies, procedures, staff, calendar
        self.offset = to_local(now) - now  # Vietnam keeps one offset all year
        self.today = (now + self.offset).date()
        self.numbers = _last_numbers(DossierSequence, DossierSequence.day)
        self.book = _last_numbers(LogBookSequence, LogBookSequence.year)
        self.touched_days, self.touched_years = set(), set()
        # Some communes are busier than others, some procedures far more common (births, copies).
        self.agency_weights = [rng.lognormvariate(0, 0.5) for _ in agencies]
        self.procedure_weights = [1 / (rank + 1) for rank in range(len(procedures))]

    @classmethod
    def load(cls, now, seed):
        rng = random.Random(seed)
        agencies = list(Agency.select(Agency, Unit).join(Unit).where(Unit.tier == "xa").order_by(Agency.id))
        procedures = []
        for procedure in Procedure.select().where(Procedure.tier == "xa").order_by(Procedure.code):
            rules = procedure.rules_on()
            if rules is not None and procedure.online_class != "thong_tin":
                procedures.append((procedure, rules))
        rng.shuffle(procedures)
        staff = {}
        links = StaffUnit.select(StaffUnit, Staff).join(Staff).where(Staff.is_active == True)  # noqa: E712 (SQL)
        for link in links.order_by(Staff.id):
            staff.setdefault(link.unit_id, {}).setdefault(link.staff.role, link.staff)
        return cls(now, rng, agencies, procedures, staff, current_calendar())

    def arrivals(self, count):
        """(local moment, agency, (procedure, rules), online) for `count` dossiers, oldest first; more
        in late summer, fewer at Tết, online filing growing over the year."""
        days = [self.today - datetime.timedelta(days=back) for back in range(DAYS, -1, -1)]
        days = [day for day in days if self.calendar.is_working_day(day)]
        weights = [SEASON[day.month] for day in days]
        per_day = Counter(self.rng.choices(range(len(days)), weights, k=count))
        for index, day in enumerate(days):
            online_share = 0.3 + 0.25 * index / len(days)
            moments = sorted(self._moment(day) for _ in range(per_day[index]))
            for moment in moments:
                agency = self.rng.choices(self.agencies, self.agency_weights)[0]
                procedure = self.rng.choices(self.procedures, self.procedure_weights)[0]
                yield moment, agency, procedure, self.rng.random() < online_share

    def _moment(self, day):
        minutes = self.rng.randrange(7 * 60 + 30, 16 * 60 + 30, SLOT)
        return datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60))

    def later(self, local, hours):
        return _later(self.calendar, local, round(hours) if hours >= 2 else round(hours * 4) / 4)

    def due(self, rules, channel, local):
        limit = rules.binding_limit(channel)
        if limit is None:
            return None
        return _due(self.calendar, local, limit["unit"], limit.get("amount") or 0, rules.cutoff_15h)

    def utc(self, local):
        """The stored (UTC) moment of a local one."""
        return None if local is None else local - self.offset

    def stored(self, local):
        """The same as text, as the bulk writer takes it."""
        return None if local is None else str(local - self.offset)

    def code(self, agency, local):
        key = (agency.id, local.date())
        number = self.numbers[key] = self.numbers.get(key, 0) + 1
        if number > 9999:
            raise ValueError(f"more than 9,999 dossiers for {agency.code} on {local.date()}")
        self.touched_days.add(key)
        return dossier_code(agency, local, number)

    def book_number(self, agency, local):
        key = (agency.id, local.year)
        self.touched_years.add(key)
        self.book[key] = self.book.get(key, 0) + 1
        return self.book[key]

    def row(self, life: Life, dossier_id):
        """The dossier's row as the workflow would have left it."""
        utc = self.stored
        return {
            "id": dossier_id,
            "code": life.code,
            "procedure_id": life.procedure.id,
            "rule_set_id": life.rules.id,
            "agency_id": life.agency.id,
            "channel": life.channel,
            "status": life.status,
            "applicant_name": life.name,
            "applicant_id_number": life.id_number,
            "applicant_phone": life.phone,
            "answers": {"ho_ten": life.name, "so_dinh_danh": life.id_number, "dien_thoai": life.phone},
            "submitted_at": utc(life.filed),
            "expected_due_at": utc(life.expected_due),
            "received_at": utc(life.received),
            "due_at": utc(life.due),
            "book_number": life.book_number,
            "version": len(life.steps),
            "assignee_id": life.assignee_id,
            "new_due_at": utc(life.new_due),
            "finished_at": utc(life.finished),
            "result_on_paper": life.finished is not None,
            "returned_at": utc(life.returned),
            "return_channel": COUNTER if life.returned else None,
            "returned_to": life.name if life.returned else "",
            "delivery_channel": COUNTER,
        }

    def flush(self, dossiers, transitions, batch, steps):
        """One batch and the sequences it used, in one transaction: a stop halfway leaves no code that
        a later filing could take again."""
        with db.atomic():
            dossiers.write(batch)
            transitions.write(steps)
            _save_numbers(DossierSequence, DossierSequence.day, self.numbers, self.touched_days)
            _save_numbers(LogBookSequence, LogBookSequence.year, self.book, self.touched_years)
        self.touched_days, self.touched_years = set(), set()


def _last_numbers(model, period):
    return {(row.agency_id, getattr(row, period.name)): row.last for row in model.select()}


def _save_numbers(model, period, numbers, keys):
    rows = [{"agency": agency, period.name: when, "last": numbers[agency, when]} for agency, when in sorted(keys)]
    for start in range(0, len(rows), 500):
        (
            model.insert_many(rows[start : start + 500])
            .on_conflict(conflict_target=[model.agency, period], update={model.last: EXCLUDED.last})
            .execute()
        )


@lru_cache(maxsize=1_000_000)
def _later(calendar, local, hours):
    return calendar.add_working_hours(local, hours)


@lru_cache(maxsize=500_000)
def _due(calendar, local, unit, amount, cutoff_15h):
    return due_at(local, {"unit": unit, "amount": amount}, cutoff_15h, calendar)
