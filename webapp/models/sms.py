"""Every SMS MotCua sends or receives, whatever the gateway, and who asked to hear less."""

import datetime

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from webapp.db import BaseModel
from webapp.models.dossier import Dossier


class SmsMessage(BaseModel):
    """One outbound SMS. `event` names why it was sent for its dossier, so it is sent once per event."""

    public_id = CharField(max_length=32, unique=True)  # in the gateway's delivery-report URL
    phone = CharField(max_length=16, index=True)  # E.164, +84…
    template = CharField(max_length=32)
    body = TextField()  # without diacritics: one GSM-7 segment
    segments = IntegerField(default=1)
    dossier = ForeignKeyField(Dossier, null=True, backref="sms", on_delete="CASCADE")
    event = CharField(max_length=64, null=True)
    # queued → sending → sent, or back to queued with next_attempt_at after a failure, or failed for good.
    status = CharField(max_length=16, default="queued", index=True)
    backend = CharField(max_length=16, default="outbox")
    attempts = IntegerField(default=0)
    next_attempt_at = DateTimeField(null=True)
    last_error = CharField(max_length=255, default="")
    created_at = DateTimeField(default=datetime.datetime.utcnow, index=True)
    sent_at = DateTimeField(null=True)
    # From the gateway's delivery reports (DLR): delivered | undelivered | buffered | accepted | rejected.
    delivery = CharField(max_length=16, null=True)
    delivery_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("dossier", "event"), True),)


class SmsInbound(BaseModel):
    """One SMS a phone sent us (MO), and the reply it got."""

    phone = CharField(max_length=16, index=True)
    body = CharField(max_length=480)  # the first 480 characters: a long message is kept, not stored whole
    command = CharField(max_length=16)  # tracuu | huongdan | huy | dangky | throttled
    received_at = DateTimeField(default=datetime.datetime.utcnow, index=True)
    reply = ForeignKeyField(SmsMessage, null=True, on_delete="SET NULL")


class SmsOptOut(BaseModel):
    """A phone that asked for no more non-essential messages (receipts, posted, rating invitations)."""

    phone = CharField(max_length=16, unique=True)
    at = DateTimeField(default=datetime.datetime.utcnow)
