"""One meaning of "quá hạn" and "sắp đến hạn": the overdue queue, the morning digest, the staff
dashboard and the statistics judge the same dossiers alike. A result signed on time and only waiting to
be handed over is late for none of them; one signed after its due date is late for all four."""

import datetime

import pytest

from tests.pages import check_page
from tests.reports.test_dashboard import dossier, table
from tests.staff_login import new_staff, sign_in
from webapp.backoffice import digest, services
from webapp.calendar.working_time import to_local
from webapp.db import db
from webapp.dossiers.timing import start_of_day, time_left
from webapp.models import Dossier
from webapp.models.dossier import utcnow
from webapp.reports.figures import dossier_figures
from webapp.reports.periods import period_of

DAY = datetime.timedelta(days=1)


@pytest.fixture
def dossiers(filing_app):
    """One dossier of each kind, by code; dates relative to local midnight so the test reads the same
    at any hour."""
    now = utcnow()
    today = start_of_day(now)
    specialist = new_staff(filing_app, "cv.han", role="chuyen_vien")
    made = {
        "signed on time, waiting": dossier(
            filing_app, status="cho_tra_ket_qua", due_at=today - DAY, finished_at=today - 2 * DAY
        ),
        "signed late, waiting": dossier(
            filing_app, status="cho_tra_ket_qua", due_at=today - 3 * DAY, finished_at=today - DAY
        ),
        "unsigned, due yesterday": dossier(filing_app, status="dang_xu_ly", due_at=today - DAY),
        "unsigned, due today": dossier(filing_app, status="dang_xu_ly", due_at=today + datetime.timedelta(minutes=1)),
        "unsigned, due in 20 days": dossier(filing_app, status="dang_xu_ly", due_at=today + 20 * DAY),
        "returned late": dossier(
            filing_app, status="da_tra_ket_qua", due_at=today - 5 * DAY, finished_at=today - 2 * DAY
        ),
    }
    for record in made.values():
        record.assignee = specialist.id
        with filing_app.app_context(), db.connection_context():
            record.save()
    return now, {name: record.code for name, record in made.items()}


LATE = {"signed late, waiting", "unsigned, due yesterday"}


def test_the_queue_the_digest_the_dashboard_and_the_statistics_agree(filing_app, dossiers):
    now, codes = dossiers
    leader = new_staff(filing_app, "ld.han", role="lanh_dao")
    late_codes = {codes[name] for name in LATE}
    with filing_app.test_request_context(), db.connection_context():
        queued_late = {d.code for d in services.queue(leader, "qua-han", now=now)}
        queued_soon = {d.code for d in services.queue(leader, "sap-den-han", now=now)}
        due_soon_count, overdue_count = digest.counts(leader, now)
        today = to_local(now).date()
        figures, _ = dossier_figures(period_of("tuy_chon", today.year, start=today - 7 * DAY, end=today))

    client = filing_app.test_client()
    sign_in(client, leader)
    page = check_page(client.get("/can-bo/thong-ke").get_data(as_text=True))
    on_dashboard = set(table(page, "tre"))
    officers = table(page, "can-bo")

    assert queued_late == late_codes
    assert on_dashboard == late_codes
    assert overdue_count == len(late_codes)
    assert [int(cells[1]) for cells in officers.values()] == [len(late_codes)]  # the specialist's late ones
    assert queued_soon == {codes["unsigned, due today"]}
    assert due_soon_count == 1
    # The statistics class the three signed results: one on time, two late, as the queue judged them.
    assert figures.resolved == 3
    assert figures.punctuality["qua_han"] == 2
    assert figures.in_time == 1


def test_the_rows_say_why(filing_app, dossiers):
    now, codes = dossiers
    with filing_app.test_request_context(), db.connection_context():
        said = {name: time_left(Dossier.get(Dossier.code == code), now) for name, code in codes.items()}
    assert said["signed on time, waiting"] == "kết quả ký trước hạn"
    assert said["signed late, waiting"] == "kết quả ký quá hạn"
    assert said["unsigned, due yesterday"].startswith(("quá hạn", "vừa quá hạn"))
    due_hour_passed = now > start_of_day(now) + datetime.timedelta(minutes=1)
    assert (
        said["unsigned, due today"] == "hạn trả hôm nay"
        if due_hour_passed
        else said["unsigned, due today"].startswith("còn")
    )
    assert said["unsigned, due in 20 days"].startswith("còn")
