"""Every SMS MotCua sends, kept as the outbox whatever the gateway."""

import datetime

from peewee import CharField, DateTimeField, TextField

from webapp.db import BaseModel


class SmsMessage(BaseModel):
    phone = CharField(max_length=16, index=True)  # E.164, +84…
    template = CharField(max_length=32)
    body = TextField()  # without diacritics: one GSM-7 segment
    status = CharField(max_length=16, default="queued")  # queued | sent | failed
    backend = CharField(max_length=16, default="outbox")
    created_at = DateTimeField(default=datetime.datetime.utcnow, index=True)
