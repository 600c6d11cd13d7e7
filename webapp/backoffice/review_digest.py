"""The province admins' part of the morning digest: an SMS when the list of procedures to review
(Thủ tục cần rà soát) grew since the last morning, and none while it stays the same or shrinks.

The count last seen is kept per admin (LegalReviewSeen) and moved by one compare-and-set UPDATE, so
two consumers running the digest at once send one SMS between them."""

from flask import current_app

from webapp.calendar.working_time import to_local
from webapp.db import write_transaction
from webapp.legal.citations import open_problems
from webapp.messaging.outbound import queue_sms
from webapp.models.legal import LegalReviewSeen

PROVINCE_ADMIN = "quan_tri_tinh"


def review_count(day):
    """Procedures (not citations) needing a review on `day` that no later version covers."""
    return len({row.procedure.id for row in open_problems(day)})


def record_count(staff, count, now):
    """Store today's count; True when it is higher than the one stored (this call told the admin)."""
    with write_transaction():
        LegalReviewSeen.insert(staff=staff.id, count=0, at=now).on_conflict_ignore().execute()
        grew = (
            LegalReviewSeen.update(count=count, at=now)
            .where((LegalReviewSeen.staff == staff.id) & (LegalReviewSeen.count < count))
            .execute()
        )
        if not grew:
            LegalReviewSeen.update(count=count, at=now).where(
                (LegalReviewSeen.staff == staff.id) & (LegalReviewSeen.count > count)
            ).execute()
    return bool(grew)


def send_review_digest(staff, now, count=None):
    """Tell a province admin that the review list grew; returns whether an SMS was queued."""
    if staff.role != PROVINCE_ADMIN or not staff.phone:
        return False
    day = to_local(now).date()
    count = review_count(day) if count is None else count
    if not record_count(staff, count, now):
        return False
    queue_sms(staff.phone, "review", day=f"{day:%d/%m}", count=count)
    current_app.logger.info("review digest %s to %s: %s procedure(s) to review", day, staff.username, count)
    return True
