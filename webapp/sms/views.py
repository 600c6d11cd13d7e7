"""/dev/sms: the demo outbox, so a person can read the OTP without a phone, and a demo phone that
sends an SMS to our number (TRACUU …) through the same handler as the gateway. Demo mode only."""

from flask import redirect, render_template, url_for

from webapp.models import SmsMessage
from webapp.phone import normalize_phone
from webapp.sms import bp, inbound
from webapp.sms.forms import InboundForm


@bp.get("/dev/sms")
def outbox():
    return _page(InboundForm())


@bp.post("/dev/sms")
def phone_sends():
    form = InboundForm()
    if not form.validate():
        return _page(form), 400
    inbound.handle(normalize_phone(form.phone.data), form.text.data)
    return redirect(url_for(".outbox"), code=303)


def _page(form):
    messages = SmsMessage.select().order_by(SmsMessage.id.desc()).limit(50)
    return render_template("sms/outbox.html", messages=messages, form=form)
