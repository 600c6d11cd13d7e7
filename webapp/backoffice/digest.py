"""The officers' morning digest: one SMS a working day with their units' due-soon and overdue counts.

Once per officer per day even with two consumers: the DigestSent row is written first and its unique
(staff, day) index decides who sends; the loser's insert fails and it sends nothing.
"""

import click
from flask import current_app
from flask.cli import AppGroup
from peewee import IntegrityError

from webapp.backoffice.review_digest import PROVINCE_ADMIN, review_count, send_review_digest
from webapp.backoffice.services import queue
from webapp.calendar.services import current_calendar
from webapp.calendar.working_time import LOCAL_ZONE, to_local
from webapp.db import db, write_transaction
from webapp.identity.services import may_log_in
from webapp.identity.session import staff_units
from webapp.jobs import huey, periodic
from webapp.messaging.outbound import queue_sms
from webapp.models import DigestSent, Staff
from webapp.models.dossier import utcnow

MORNING_HOUR = 7  # Asia/Ho_Chi_Minh: when the office opens


def counts(staff, now):
    """(due soon, overdue): what the officer's "sắp đến hạn" and "quá hạn" queues show right now."""
    return (
        len(queue(staff, "sap-den-han", now=now, limit=None)),
        len(queue(staff, "qua-han", now=now, limit=None)),
    )


def works_on(staff, day):
    """A working day for at least one of the officer's units (a unit may keep its own holiday)."""
    return any(current_calendar(unit).is_working_day(day) for unit in staff_units(staff))


def recipients():
    """Read whole before any write: a half-read SELECT keeps SQLite's read snapshot open, and the
    write lock then fails at once instead of waiting for the other consumer."""
    return list(Staff.select().where(Staff.is_active, Staff.phone != "").order_by(Staff.id))


def send_digest(staff, now):
    """Send this officer's digest for today unless done, not wanted, or another consumer won."""
    day = to_local(now).date()
    if may_log_in(staff) or not works_on(staff, day):
        return False
    due_soon, overdue = counts(staff, now)
    if not (due_soon or overdue):
        return False
    try:
        with write_transaction():
            DigestSent.create(staff=staff.id, day=day, at=now)
    except IntegrityError:
        return False  # already sent today, by this consumer earlier or by another one
    queue_sms(staff.phone, "digest", day=f"{day:%d/%m}", due_soon=due_soon, overdue=overdue)
    current_app.logger.info("digest %s to %s: %s due soon, %s overdue", day, staff.username, due_soon, overdue)
    return True


def send_digests(now=None):
    """Every active officer with a phone and something due gets today's digest, and a province admin
    whose list of procedures to review grew gets told; returns how many SMS were sent."""
    now = now or utcnow()
    staff = recipients()
    admins = [s for s in staff if s.role == PROVINCE_ADMIN and not may_log_in(s) and works_on(s, to_local(now).date())]
    count = review_count(to_local(now).date()) if admins else 0
    return sum(send_digest(s, now) for s in staff) + sum(send_review_digest(s, now, count) for s in admins)


def local_morning(timestamp):
    """Huey's schedule test: 07:00 Asia/Ho_Chi_Minh, whatever zone the consumer runs in.

    Huey hands the schedule naive UTC when it runs with utc=True (its default) and naive local
    time otherwise; working days are left to `send_digest`, which knows each unit's calendar.
    """
    local = to_local(timestamp) if huey.utc else timestamp.astimezone(LOCAL_ZONE).replace(tzinfo=None)
    return local.hour == MORNING_HOUR and local.minute == 0


@periodic(local_morning)
def morning_digest():
    return send_digests()


digest_cli = AppGroup("digest", help="The officers' morning SMS digest.")


@digest_cli.command("send")
def send_command():
    """Send today's digest now to every officer who has not had it (safe to repeat)."""
    with db.connection_context():
        sent = send_digests()
    click.echo(f"digest: sent to {sent} officer(s)")
