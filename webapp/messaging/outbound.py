"""Sending: a message is rendered and stored in the caller's request, then delivered by the worker.

A dossier's message carries its event ("received:3"), unique per dossier: whoever sends the same
event again, a retried request or a task run twice, finds it stored and sends nothing more.
"""

import secrets

from flask import current_app
from peewee import IntegrityError

from webapp.db import db
from webapp.messaging.backends import backend
from webapp.messaging.templates import OPTIONAL, TemplateTooLong, render, segments
from webapp.models import SmsMessage, SmsOptOut


def notify(dossier, event, template, **params):
    """Tell the applicant of `dossier` about `event`; the stored message, or None if it was sent
    before or the person turned such messages off. A template that does not fit raises here."""
    phone = dossier.applicant_phone
    if not phone or (template in OPTIONAL and declined(dossier)):
        return None
    body = render(template, **params)
    try:
        with db.atomic():
            message = _store(phone, template, body, dossier=dossier.id, event=event[:64])
    except IntegrityError:
        return None
    return _enqueue(message)


def notify_after(dossier, event, template, **params):
    """notify() for a step already done: a template that does not fit is logged, not raised, since
    the step must stay done; the desk sees the SMS missing from the dossier page and calls."""
    try:
        return notify(dossier, event, template, **params)
    except TemplateTooLong:
        current_app.logger.error("SMS %s for dossier %s does not fit one segment", template, dossier.code)
        return None


def queue_sms(phone, template, **params):
    """Send a message that belongs to no dossier event (OTP, draft link, lookup reply, digest)."""
    return _enqueue(_store(phone, template, render(template, **params)))


def declined(dossier):
    """The optional messages are off for `dossier`: its box was left unticked at filing (None: never
    asked), or its phone stopped them (SMS HUY, the lookup page)."""
    return getattr(dossier, "reminders_consent", None) is False or opted_out(dossier.applicant_phone)


def opted_out(phone):
    return SmsOptOut.select().where(SmsOptOut.phone == phone).exists()


def _store(phone, template, body, **links):
    return SmsMessage.create(
        public_id=secrets.token_urlsafe(16),
        phone=phone,
        template=template,
        body=body,
        segments=segments(body),
        backend=backend().name,
        **links,
    )


def _enqueue(message):
    """Hand the message to the worker; the row as it stands afterwards (already sent, in tests)."""
    from webapp.messaging.tasks import deliver_message

    deliver_message(message.id)
    return SmsMessage.get_by_id(message.id)
