"""SMS leave through the queue, after the transaction that caused them has committed."""

from webapp.jobs import task
from webapp.sms.backends import deliver_rendered
from webapp.sms.templates import render


@task(retries=3, retry_delay=30)
def deliver_sms(phone, template, body):
    deliver_rendered(phone, template, body)


def queue_sms(phone, template, **params):
    """Render now (a template that does not fit fails here, in the request) and deliver in the worker."""
    return deliver_sms(phone, template, render(template, **params))
