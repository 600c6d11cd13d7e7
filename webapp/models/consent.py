"""Consents a person gave or withdrew for processing the law does not require (Law 91/2025/QH15):
append-only, so the record shows what was agreed to, in which words, when and through which channel."""

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField

from webapp.db import BaseModel
from webapp.models.dossier import Dossier, utcnow

WEB, SMS, COUNTER = "web", "sms", "quay"
CHANNELS = (WEB, SMS, COUNTER)


class Consent(BaseModel):
    """One answer: `given` True (agreed) or False (declined or withdrawn) for `purpose`, to the notice
    text of `text_version`. Rows are never changed; the newest row for a phone and purpose is in force."""

    phone = CharField(max_length=16, index=True)  # E.164, +84…
    citizen_key = CharField(max_length=64, null=True)
    dossier = ForeignKeyField(Dossier, null=True, backref="consents", on_delete="SET NULL")
    purpose = CharField(max_length=32)
    given = BooleanField()
    text_version = CharField(max_length=16)
    channel = CharField(max_length=8)  # web | sms | quay
    at = DateTimeField(default=utcnow, index=True)
