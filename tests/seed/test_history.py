"""The demo history (`flask seed --history N`): old dossiers end returned, on time or late, so the
statistics have a spread; only the last weeks are still open, so the queues show today's work and not a
year of forgotten results; the same history on every machine."""

import collections
import datetime

from tests.apps import bind, make_app, migrated_and_seeded
from webapp.db import db
from webapp.dossiers.timing import late, punctuality
from webapp.models import Dossier
from webapp.models.dossier import utcnow
from webapp.seed.history import write_history
from webapp.workflow import machine

MONTHS = 3
# Longer than any history dossier can take: a supplement, the longest time limit (25 working days: the
# disability assessment), a result collected six weeks late, a Tết break in between.
LONGEST = datetime.timedelta(days=90)


def history(app, months=MONTHS):
    with app.test_request_context(), db.connection_context():
        write_history(months)
        return list(Dossier.select().order_by(Dossier.code))


def test_old_dossiers_end_returned_and_only_the_last_weeks_stay_open(filing_app):
    dossiers, now = history(filing_app), utcnow()
    still_open = [d for d in dossiers if d.status in machine.OPEN]
    closed = [d for d in dossiers if d.status not in machine.OPEN]
    assert len(dossiers) > 200
    assert {d.status for d in closed} == {machine.DA_TRA_KET_QUA}
    assert still_open and all(now - d.submitted_at < LONGEST for d in still_open)
    # The last weeks only: with limits of up to 25 working days (disability, land), about one dossier in ten.
    assert len(still_open) < len(dossiers) / 8
    with filing_app.test_request_context(), db.connection_context():
        assert sum(late(d, now) for d in still_open) <= 5  # a realistic handful, not a year's backlog
    signed = collections.Counter(punctuality(d.finished_at, d.due_at) for d in closed if d.due_at)
    assert signed["qua_han"] > 0 and signed["truoc_han"] > 0
    assert signed["truoc_han"] + signed["dung_han"] > 10 * signed["qua_han"]


def test_the_history_is_the_same_on_every_machine(filing_app, tmp_path):
    other = migrated_and_seeded(bind(make_app(tmp_path / "other", "other")))
    first = [(d.code, d.status, d.due_at, d.finished_at) for d in history(other, months=1)]
    bind(filing_app)
    assert first == [(d.code, d.status, d.due_at, d.finished_at) for d in history(filing_app, months=1)]
