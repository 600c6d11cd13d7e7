"""Paying a dossier's fee online: the start page, the gateway's return (display only) and its IPN."""

from flask import jsonify, redirect, render_template, request, url_for

from webapp.dossiers.access import proven_code, with_procedure
from webapp.extensions import csrf
from webapp.models import Dossier
from webapp.models.dossier import utcnow
from webapp.models.payment import Payment, Receipt
from webapp.models.values import PAYMENT_CANCELLED, PAYMENT_FAILED, PAYMENT_PAID
from webapp.payments import bp, services
from webapp.payments.forms import PayForm
from webapp.payments.gateway import gateway

PRIVATE = {"Cache-Control": "private, no-store"}


@bp.route("/thanh-toan/<code>", methods=["GET", "POST"])
def pay(code):
    """The fee of a dossier this browser proved; POST opens one attempt and goes to the bank page."""
    canonical = proven_code(code)
    if canonical is None:
        return redirect(url_for("lookup.form", ma=code[:60]), code=303)
    if canonical != code and request.method == "GET":  # typed by hand: the one address of the page
        return redirect(url_for(".pay", code=canonical), code=303)
    dossier = with_procedure(Dossier.code == canonical)
    if dossier is None:
        return redirect(url_for("lookup.form", ma=code[:60]), code=303)
    due = services.amount_due(dossier)
    busy, form = False, PayForm()
    if form.validate_on_submit() and due:
        chosen = gateway()
        try:
            payment = services.open_payment(dossier, chosen.name)
        except services.PaymentOpen:
            busy = True
        else:
            now = utcnow()
            target = chosen.pay_url(payment, url_for(".result", _external=True), request.remote_addr, now)
            return redirect(target, code=303)
    page = render_template("payments/pay.html", dossier=dossier, due=due, busy=busy, form=form)
    return page, 409 if busy else 200, PRIVATE


@bp.get("/thanh-toan/ket-qua")
def result():
    """Where the bank sends the browser back: shows what we know, changes nothing (only the IPN does)."""
    notice = gateway().check_notice(request.args)
    payment = Payment.get_or_none(Payment.txn_ref == notice.txn_ref) if notice.valid_signature else None
    if payment is None:
        return render_template("payments/result.html", outcome="invalid", payment=None), 400, PRIVATE
    if payment.status == PAYMENT_PAID:
        outcome = PAYMENT_PAID
    elif notice.cancelled:
        outcome = PAYMENT_CANCELLED
    elif notice.success:
        outcome = "confirming"
    else:
        outcome = PAYMENT_FAILED
    page = render_template(
        "payments/result.html", outcome=outcome, payment=payment, dossier=payment.dossier, receipt=_receipt(payment)
    )
    return page, 200, PRIVATE


@bp.get("/thanh-toan/vnpay/ipn")
@csrf.exempt
def ipn():
    """VNPay's server-to-server notice: the only request that settles a payment."""
    chosen = gateway("vnpay")
    code = services.confirm(chosen.check_notice(request.args), chosen.actor)
    return jsonify(services.reply(code))


def _receipt(payment):
    """The receipt's address, once the payment has one (a fee already paid in cash gets none: refunded)."""
    if not Receipt.select().where(Receipt.txn_ref == payment.txn_ref).exists():
        return None
    return url_for("receipts.receipt", txn_ref=payment.txn_ref)
