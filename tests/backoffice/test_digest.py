"""The officers' morning digest: one SMS per officer per working day, with due-soon and overdue counts."""

import threading
from datetime import date, datetime

from tests.factories import commune_agency, make_draft
from tests.staff_login import new_staff
from webapp.backoffice.digest import local_morning, morning_digest, send_digests
from webapp.calendar.working_time import to_utc
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.models import CalendarDay, DigestSent, Dossier, SmsMessage
from webapp.workflow.intake import submit

TUESDAY_7AM = to_utc(datetime(2030, 3, 12, 7, 0))
SATURDAY_7AM = to_utc(datetime(2030, 3, 16, 7, 0))
DESK_PHONE, OTHER_PHONE = "+84912000111", "+84912000222"


def received(app, unit, due_local):
    """A dossier of `unit`, received and being processed, due at `due_local`."""
    with app.app_context(), db.connection_context():
        draft = make_draft(agency=commune_agency(unit))
        dossier = submit(draft, spec_of(draft))[0]
        Dossier.update(status="dang_xu_ly", due_at=to_utc(due_local)).where(Dossier.id == dossier.id).execute()


def officers(app):
    new_staff(app, "mc.digest", units=("18073",), phone=DESK_PHONE)
    new_staff(app, "mc.quiet", units=("18100",), phone=OTHER_PHONE)
    new_staff(app, "mc.nophone", units=("18073",))


def one_due_soon_one_overdue(app):
    received(app, "18073", datetime(2030, 3, 12, 15, 0))  # 4 working hours after 07:00: due soon
    received(app, "18073", datetime(2030, 3, 11, 17, 0))  # yesterday: overdue
    received(app, "18073", datetime(2030, 3, 19, 17, 0))  # next week: neither


def digests(app, phone):
    with app.app_context(), db.connection_context():
        query = SmsMessage.select().where(SmsMessage.phone == phone, SmsMessage.template == "digest")
        return [message.body for message in query]


def run(app, now):
    with app.app_context(), db.connection_context():
        return send_digests(now)


def test_an_officer_gets_one_sms_with_both_counts_and_a_quiet_officer_none(filing_app):
    officers(filing_app)
    one_due_soon_one_overdue(filing_app)
    assert run(filing_app, TUESDAY_7AM) == 1
    [body] = digests(filing_app, DESK_PHONE)
    assert "1 ho so sap den han" in body and "1 ho so qua han" in body and "12/03" in body
    assert body.isascii() and len(body) <= 160
    assert digests(filing_app, OTHER_PHONE) == []


def test_running_the_job_twice_still_sends_one(filing_app):
    officers(filing_app)
    one_due_soon_one_overdue(filing_app)
    assert run(filing_app, TUESDAY_7AM) == 1
    assert run(filing_app, TUESDAY_7AM) == 0
    assert len(digests(filing_app, DESK_PHONE)) == 1


def test_two_consumers_at_once_send_one(filing_app):
    officers(filing_app)
    one_due_soon_one_overdue(filing_app)
    start, results = threading.Barrier(2), []

    def consumer():
        start.wait()
        results.append(run(filing_app, TUESDAY_7AM))

    threads = [threading.Thread(target=consumer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1]
    assert len(digests(filing_app, DESK_PHONE)) == 1
    with filing_app.app_context(), db.connection_context():
        assert DigestSent.select().count() == 1


def test_a_weekend_morning_sends_nothing_unless_it_is_a_make_up_day(filing_app):
    officers(filing_app)
    one_due_soon_one_overdue(filing_app)
    assert run(filing_app, SATURDAY_7AM) == 0
    with filing_app.app_context(), db.connection_context():
        CalendarDay.create(day=date(2030, 3, 16), is_working=True, name="Làm bù")
        from webapp.calendar.services import forget_calendars

        forget_calendars()
    assert run(filing_app, SATURDAY_7AM) == 1
    [body] = digests(filing_app, DESK_PHONE)
    assert "co 0 ho so sap den han" in body and "2 ho so qua han" in body  # Tuesday's are late by Saturday


def test_the_job_is_scheduled_at_seven_in_the_morning_vietnam_time():
    assert local_morning(datetime(2030, 3, 12, 0, 0))  # 00:00 UTC is 07:00 in Hà Nội
    assert not local_morning(datetime(2030, 3, 12, 7, 0))
    assert not local_morning(datetime(2030, 3, 12, 0, 1))
    assert morning_digest.name.endswith("digest.morning_digest")


def test_the_command_sends_by_hand(filing_app):
    officers(filing_app)
    result = filing_app.test_cli_runner().invoke(args=["digest", "send"])
    assert result.exit_code == 0 and "digest: sent to 0 officer(s)" in result.output


def test_the_counts_are_whole_even_past_one_page_of_a_queue(filing_app):
    """A queue page stops at 200 rows; the officer's SMS must still say how many are overdue."""
    officers(filing_app)
    with filing_app.app_context(), db.connection_context():
        draft = make_draft(agency=commune_agency("18073"))
        first = submit(draft, spec_of(draft))[0]
        rows = [
            {
                **{f.name: getattr(first, f.name) for f in Dossier._meta.sorted_fields if f.name != "id"},
                "code": f"X-{i}",
            }
            for i in range(205)
        ]
        for row in rows:
            row.update(draft=None, status="dang_xu_ly", due_at=to_utc(datetime(2030, 3, 11, 17, 0)))
        Dossier.insert_many(rows).execute()
    run(filing_app, TUESDAY_7AM)
    [body] = digests(filing_app, DESK_PHONE)
    assert "205 ho so qua han" in body
