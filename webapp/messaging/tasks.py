"""Delivery in the worker: at most once per message, with exponential backoff, then `failed`.

A task claims its message by moving it from queued to sending in one statement, so a task that
runs twice (a replayed queue, the sweep racing a retry) finds nothing to do the second time.
"""

import datetime

from flask import current_app
from huey import crontab

from webapp.jobs import periodic, task
from webapp.messaging.backends import GatewayError, backend
from webapp.models import SmsMessage
from webapp.models.dossier import utcnow

# A queued message whose retry time passed this long ago lost its task (a restarted queue): sweep it.
LOST_AFTER = datetime.timedelta(seconds=60)


@task()
def deliver_message(message_id):
    attempt(message_id)


def attempt(message_id):
    """One try at handing the message to the gateway; schedules the next try if it fails."""
    claimed = (
        SmsMessage.update(status="sending", attempts=SmsMessage.attempts + 1)
        .where(SmsMessage.id == message_id, SmsMessage.status == "queued")
        .execute()
    )
    if not claimed:
        return
    message = SmsMessage.get_by_id(message_id)
    try:
        backend().submit(message)
    except GatewayError as problem:
        _after_failure(message, str(problem))
        return
    SmsMessage.update(status="sent", sent_at=utcnow(), next_attempt_at=None, last_error="").where(
        SmsMessage.id == message_id
    ).execute()


def _after_failure(message, error):
    config = current_app.config
    current_app.logger.warning(
        "SMS %s to %s: attempt %s failed: %s", message.id, message.phone, message.attempts, error
    )
    if message.attempts >= config["SMS_MAX_ATTEMPTS"]:
        SmsMessage.update(status="failed", next_attempt_at=None, last_error=error[:255]).where(
            SmsMessage.id == message.id
        ).execute()
        return
    delay = config["SMS_RETRY_BASE_SECONDS"] * 2 ** (message.attempts - 1)
    SmsMessage.update(
        status="queued", next_attempt_at=utcnow() + datetime.timedelta(seconds=delay), last_error=error[:255]
    ).where(SmsMessage.id == message.id).execute()
    deliver_message.schedule((message.id,), delay=delay)


@periodic(crontab(minute="*"))
def requeue_due():
    """Queued messages whose task was lost (the queue restarted): enqueue them again."""
    now = utcnow()
    lost = SmsMessage.select(SmsMessage.id).where(
        SmsMessage.status == "queued",
        (SmsMessage.next_attempt_at < now - LOST_AFTER)
        | (SmsMessage.next_attempt_at.is_null() & (SmsMessage.created_at < now - LOST_AFTER)),
    )
    for message in lost.limit(500):
        deliver_message(message.id)
