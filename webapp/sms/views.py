"""/dev/sms: the demo outbox, so a person can read the OTP without a phone. Demo mode only."""

from flask import Blueprint, render_template

from webapp.models import SmsMessage

bp = Blueprint("sms", __name__)


@bp.get("/dev/sms")
def outbox():
    messages = SmsMessage.select().order_by(SmsMessage.id.desc()).limit(50)
    return render_template("sms/outbox.html", messages=messages)
