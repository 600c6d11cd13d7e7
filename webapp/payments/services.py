"""Paying a dossier's fee: opening one attempt at a time, and confirming it from the gateway's word.

`confirm` is the one code path that changes a payment: the IPN calls it, and so does the
reconciliation job with the answer of a query. Its conditional UPDATE (… WHERE status='pending')
lets exactly one of several concurrent notices write the payment, the dossier, the audit row and
the numbered receipt; the "fee received" SMS goes after the commit.
"""

import datetime
import secrets

from flask import current_app
from peewee import DatabaseError, IntegrityError

from webapp.db import write_transaction
from webapp.dossiers import receipts
from webapp.models.dossier import utcnow
from webapp.models.payment import Payment
from webapp.models.values import ONLINE, PAID_ONLINE, PAYMENT_CANCELLED, PAYMENT_FAILED, PAYMENT_PAID, PAYMENT_PENDING
from webapp.workflow.fees import notify_fee_received
from webapp.workflow.services import record

ACTION = PAID_ONLINE
# IPN replies (DOMAIN §9).
CONFIRMED, NOT_FOUND, ALREADY, BAD_AMOUNT, BAD_SIGNATURE, RETRY = "00", "01", "02", "04", "97", "99"
MESSAGES = {
    CONFIRMED: "Confirm Success",
    NOT_FOUND: "Order not found",
    ALREADY: "Order already confirmed",
    BAD_AMOUNT: "Invalid amount",
    BAD_SIGNATURE: "Invalid signature",
    RETRY: "Unknown error",
}
# Past the bank page's own expiry, an attempt is given this long for a late notice before we close it.
CLOSE_MARGIN = datetime.timedelta(minutes=5)


class PaymentOpen(Exception):
    """Another attempt to pay this dossier is still pending (another tab, a double click)."""


def amount_due(dossier):
    """VND still to pay online: the fee, unless there is none or it is paid."""
    return 0 if dossier.paid_at or not dossier.fee_amount else dossier.fee_amount


def new_txn_ref():
    """Unguessable and independent of the dossier: 20 hex digits."""
    return secrets.token_hex(10).upper()


def open_payment(dossier, gateway_name, now=None):
    """A new pending Payment of the fee due; PaymentOpen if one is already pending for the dossier."""
    now = now or utcnow()
    close_stale(dossier.id, now)
    try:
        with write_transaction():
            return Payment.create(
                txn_ref=new_txn_ref(),
                dossier=dossier.id,
                open_for=dossier.id,
                gateway=gateway_name,
                amount=amount_due(dossier),
                created_at=now,
                updated_at=now,
            )
    except IntegrityError as problem:
        raise PaymentOpen() from problem


def close_stale(dossier_id, now):
    """Close this dossier's pending attempt once its bank page has long expired, so a retry may start."""
    limit = now - datetime.timedelta(minutes=current_app.config["PAYMENT_EXPIRE_MINUTES"]) - CLOSE_MARGIN
    with write_transaction():
        return (
            Payment.update(status=PAYMENT_CANCELLED, open_for=None, updated_at=now)
            .where(Payment.dossier == dossier_id, Payment.status == PAYMENT_PENDING, Payment.created_at < limit)
            .execute()
        )


def confirm(notice, actor, now=None):
    """Apply a gateway's notice; returns the IPN reply code (00, 01, 02, 04, 97 or 99)."""
    log = current_app.logger
    if not notice.valid_signature:
        log.warning("Payment notice for %r with an invalid signature: ignored", notice.txn_ref)
        return BAD_SIGNATURE
    try:
        payment = Payment.get_or_none(Payment.txn_ref == notice.txn_ref)
        if payment is None:
            return NOT_FOUND
        if notice.amount != payment.amount:
            log.warning("Payment %s: notice says %s VND, %s was asked", payment.txn_ref, notice.amount, payment.amount)
            return BAD_AMOUNT
        if payment.status != PAYMENT_PENDING:
            return ALREADY
        with write_transaction():
            settled, receipt = _settle(payment, notice, actor, now or utcnow())
    except DatabaseError:
        log.exception("Payment notice for %s: database error, the gateway will retry", notice.txn_ref)
        return RETRY
    if not settled:
        return ALREADY
    if receipt is not None:  # after the commit: the SMS never speaks of a payment rolled back
        notify_fee_received(payment.dossier, receipt)
    return CONFIRMED


def _settle(payment, notice, actor, now):
    """Inside the caller's transaction: (False, None) if another notice settled the payment first, else
    (True, the receipt issued or None)."""
    status = PAYMENT_PAID if notice.success else PAYMENT_FAILED
    claimed = (
        Payment.update(
            status=status,
            open_for=None,
            updated_at=now,
            paid_at=now if notice.success else None,
            gateway_txn_no=notice.transaction_no,
            bank_code=notice.bank_code,
            response_code=notice.response_code,
            notice=notice.params,
        )
        .where(Payment.id == payment.id, Payment.status == PAYMENT_PENDING)
        .execute()
    )
    if claimed != 1:
        return False, None
    return True, mark_paid(payment, actor, notice, now) if notice.success else None


def mark_paid(payment, actor, notice, now):
    """The dossier paid online, the step on its record and its numbered receipt (same transaction as
    the payment), the receipt returned; a fee already taken in cash stays as it was, and the double
    payment is logged for a refund (None)."""
    recorded = record(
        payment.dossier_id,
        ACTION,
        actor=actor,
        changes={"paid_at": now, "payment_channel": ONLINE},
        unless_set="paid_at",
        details={"txn_ref": payment.txn_ref, "amount": payment.amount, "transaction_no": notice.transaction_no},
        at=now,
    )
    if not recorded:
        current_app.logger.warning("Payment %s: the dossier's fee was already paid; refund it", payment.txn_ref)
        return None
    return receipts.issue(
        payment.dossier_id,
        channel=ONLINE,
        amount=payment.amount,
        payer=payment.payer,
        collector=actor,
        at=now,
        txn_ref=payment.txn_ref,
    )


def reply(code):
    return {"RspCode": code, "Message": MESSAGES[code]}


def due_for_reconciliation(now=None):
    """Pending payments older than PAYMENT_RECONCILE_MINUTES: the gateway has not told us."""
    now = now or utcnow()
    limit = now - datetime.timedelta(minutes=current_app.config["PAYMENT_RECONCILE_MINUTES"])
    return list(Payment.select().where(Payment.status == PAYMENT_PENDING, Payment.created_at < limit).limit(200))


def reconcile(gateway, now=None):
    """Ask the gateway about every overdue pending payment and apply its answer like an IPN.

    Returns {txn_ref: reply code} for those it had an answer for; unanswered ones past the bank
    page's expiry are closed so the person may pay again.
    """
    now = now or utcnow()
    outcome = {}
    for payment in due_for_reconciliation(now):
        notice = gateway.query(payment, "127.0.0.1", now)
        if notice is not None:
            outcome[payment.txn_ref] = confirm(notice, gateway.actor, now)
        else:
            close_stale(payment.dossier_id, now)
    return outcome
