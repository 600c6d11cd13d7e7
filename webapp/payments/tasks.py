"""Reconciliation: payments the gateway never told us about are asked about, and settled alike.

An IPN can be lost (our site down, a network cut). Every few minutes the job queries the gateway
about pending payments older than PAYMENT_RECONCILE_MINUTES and applies the answer through the
same `services.confirm` as the IPN, so a late IPN and the job cannot both record the payment.
"""

from flask import current_app
from huey import crontab

from webapp.jobs import periodic
from webapp.payments import services
from webapp.payments.gateway import gateway


@periodic(crontab(minute="*/5"))
def reconcile_payments():
    outcome = services.reconcile(gateway())
    if outcome:
        current_app.logger.info("Payments reconciled: %s", outcome)
    return outcome
