"""`flask seed --synthetic N`: N dossiers written in bulk that the rest of the app reads as its own:
codes in the numbering's format and its sequences, a real filing afterwards gets the next code, the
statistics count what the rows say, and the queue page costs the same queries whatever N is."""

import collections
import datetime
import re

from tests.apps import QueryCounter
from tests.factories import commune_agency, make_draft
from tests.staff_login import officer
from webapp.calendar.working_time import to_local, to_utc
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.dossiers.numbering import normalise_code
from webapp.dossiers.timing import punctuality
from webapp.formatting import count, percent
from webapp.models import Dossier, Transition
from webapp.models.values import ONLINE
from webapp.reports.figures import share
from webapp.workflow import machine
from webapp.workflow.intake import submit

CODE = re.compile(r"^H42\.\d{5}-\d{6}-\d{4}$")
QUEUE = "/can-bo/ho-so?hang=dang-xu-ly"


def synthetic(app, n):
    result = app.test_cli_runner().invoke(args=["seed", "--synthetic", str(n)])
    assert result.exit_code == 0, result.output
    assert f"{n} synthetic dossiers" in result.output


def test_codes_follow_the_numbering_and_a_real_filing_takes_the_next_one(filing_app):
    synthetic(filing_app, 2000)
    with filing_app.test_request_context(), db.connection_context():
        dossiers = list(Dossier.select())
        assert len(dossiers) == 2000
        codes = {d.code for d in dossiers}
        assert len(codes) == 2000 and all(CODE.match(c) and normalise_code(c) == c for c in codes)
        assert all(Transition.select().where(Transition.dossier == d.id).exists() for d in dossiers[:50])
        desk = commune_agency()
        last = max((d for d in dossiers if d.agency_id == desk.id), key=lambda d: d.code)
        draft = make_draft(agency=desk)
        filed = submit(draft, spec_of(draft), now=last.submitted_at + datetime.timedelta(seconds=1))[0]
    assert filed.code not in codes
    assert filed.code.rsplit("-", 1)[0] == last.code.rsplit("-", 1)[0]  # same desk and day…
    assert int(filed.code[-4:]) == int(last.code[-4:]) + 1  # …its next number


def test_the_statistics_page_counts_what_the_rows_say(filing_app):
    synthetic(filing_app, 2000)
    today = to_local(datetime.datetime.utcnow()).date()
    month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)  # last month: all of it past
    start = to_utc(datetime.datetime.combine(month, datetime.time.min))
    end = to_utc(datetime.datetime.combine(today.replace(day=1), datetime.time.min))
    with filing_app.test_request_context(), db.connection_context():
        rows = list(Dossier.select())
        received = [d for d in rows if d.received_at and start <= d.received_at < end]
        resolved = [d for d in rows if d.finished_at and start <= d.finished_at < end]
        classes = collections.Counter(punctuality(d.finished_at, d.due_at) or "dung_han" for d in resolved)
        in_time = classes["truoc_han"] + classes["dung_han"]
        online = sum(d.channel == ONLINE for d in received)
        expected = (
            f"tiếp nhận {count(len(received))} hồ sơ, trong đó {count(online)} hồ sơ trực tuyến "
            f"({percent(share(online, len(received)))}); đã giải quyết {count(len(resolved))} hồ sơ, "
            f"trong đó {count(in_time)} hồ sơ trước hạn và đúng hạn ({percent(share(in_time, len(resolved)))})"
        )
    assert len(received) > 50 and classes["qua_han"] > 0 and 0 < online < len(received)
    page = filing_app.test_client().get(f"/thong-ke?ky=thang&nam={month.year}&so={month.month}")
    assert page.status_code == 200
    assert expected in " ".join(page.get_data(as_text=True).split())


def test_the_queue_page_costs_the_same_queries_at_any_size(filing_app):
    # The province's admin sees every desk's queues: rows at both sizes, whatever the hour.
    desk = officer(filing_app, "qt.synthetic", role=machine.QUAN_TRI_TINH, unit="42")
    synthetic(filing_app, 300)
    few = _queries(filing_app, desk)
    synthetic(filing_app, 2000)  # a second run continues the sequences: no code taken twice
    with filing_app.app_context(), db.connection_context():
        assert Dossier.select().count() == 2300
        in_hand = Dossier.select().where(Dossier.status.in_(machine.OPEN)).count()
    assert in_hand > 5
    assert _queries(filing_app, desk) == few


def _queries(app, client):
    """Queries of the page once warm (the calendars of the desks it shows are kept a minute)."""
    client.get(QUEUE)
    with QueryCounter(app.extensions["database"]) as counter:
        assert client.get(QUEUE).status_code == 200
    return counter.count
