"""One `send` for the whole app; which gateway delivers is configuration (SMS_BACKEND).

The outbox backend only keeps the message: it is what `make run` uses, with /dev/sms to read it.
The Kannel gateway comes with the SMS issue and plugs in beside it.
"""

from flask import current_app

from webapp.models import SmsMessage
from webapp.sms.templates import render


class OutboxBackend:
    name = "outbox"

    def deliver(self, message):
        """Nothing leaves the machine: the stored row is the delivery."""
        message.status = "sent"
        message.save(only=[SmsMessage.status])


BACKENDS = {"outbox": OutboxBackend}


def backend():
    return BACKENDS[current_app.config.get("SMS_BACKEND", "outbox")]()


def deliver_rendered(phone, template, body):
    """Store the message and hand it to the configured backend; returns the SmsMessage."""
    gateway = backend()
    message = SmsMessage.create(phone=phone, template=template, body=body, backend=gateway.name)
    gateway.deliver(message)
    return message


def send(phone, template, **params):
    """Send now, from the caller's process (jobs; tests). Requests use tasks.queue_sms."""
    return deliver_rendered(phone, template, render(template, **params))
