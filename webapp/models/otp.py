"""One-time codes that prove a person holds a phone number."""

from peewee import CharField, DateTimeField, IntegerField

from webapp.db import BaseModel


class OtpChallenge(BaseModel):
    phone = CharField(max_length=16, index=True)  # E.164
    purpose = CharField(max_length=16)  # filing | my_dossiers
    code_hash = CharField(max_length=128)  # HMAC of the code, never the code
    created_at = DateTimeField()
    expires_at = DateTimeField()
    attempts = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    verified_at = DateTimeField(null=True)
