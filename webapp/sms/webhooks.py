"""Kannel calls these: inbound SMS (its sms-service get-url) and delivery reports (its dlr-url).

Both carry SMS_WEBHOOK_SECRET in the query string, the one place Kannel's URLs let us put it;
without it configured they do not exist (404), with a wrong one they answer 403.
"""

from flask import abort, current_app, request

from webapp.constant_time import same_secret
from webapp.extensions import csrf
from webapp.models import SmsMessage
from webapp.models.dossier import utcnow
from webapp.phone import normalize_phone
from webapp.sms import gateway_bp, inbound

csrf.exempt(gateway_bp)

# Kannel's DLR types (%d) and how far along each is: a report never moves a message backwards,
# and the same report twice changes nothing.
DELIVERY = {1: ("delivered", 3), 2: ("undelivered", 3), 16: ("rejected", 3), 4: ("buffered", 2), 8: ("accepted", 1)}
RANK = dict(DELIVERY.values())


@gateway_bp.before_request
def _from_the_gateway():
    secret = current_app.config["SMS_WEBHOOK_SECRET"]
    if not secret:
        abort(404)
    if not same_secret(request.values.get("secret"), secret):
        abort(403)


@gateway_bp.route("/mo", methods=["GET", "POST"])
def mo():
    """An SMS a phone sent to our number. The reply goes out as a message of its own."""
    sender = request.values.get("from", "")
    phone = normalize_phone(sender)
    if phone is None:
        current_app.logger.info("Inbound SMS from %r ignored: not a Vietnamese mobile number", sender[:20])
        return "", 200
    inbound.handle(phone, request.values.get("text", "")[:1000])
    return "", 200


@gateway_bp.route("/dlr", methods=["GET", "POST"])
def dlr():
    try:
        name, rank = DELIVERY[int(request.values.get("status", ""))]
    except (KeyError, ValueError):
        return "", 200  # a report type we do not track
    message = SmsMessage.get_or_none(SmsMessage.public_id == request.values.get("id", ""))
    if message is None:
        return "", 200
    # One statement: two reports arriving together (Kannel sends 8 and 1 at once) cannot undo each other.
    behind = [other for other, other_rank in RANK.items() if other_rank < rank]
    SmsMessage.update(delivery=name, delivery_at=utcnow()).where(
        SmsMessage.id == message.id, SmsMessage.delivery.is_null() | SmsMessage.delivery.in_(behind)
    ).execute()
    return "", 200
