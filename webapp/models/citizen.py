"""Citizens who sign in with their national electronic identity: the sign-in log and, in demo mode
only, the local identity provider's one-time authorization codes. A citizen has no table of their
own: their identity claims are kept only on the drafts and dossiers that use them; what is kept of their
sessions is only the ids of those signed out."""

from peewee import CharField, DateTimeField, TextField

from webapp.db import BaseModel
from webapp.models.dossier import utcnow


class SignInEvent(BaseModel):
    """One citizen sign-in or sign-out, or a refused attempt (`outcome` names why)."""

    at = DateTimeField(default=utcnow, index=True)
    action = CharField(max_length=16)  # dang-nhap | dang-xuat
    outcome = CharField(max_length=32)  # ok, or the reason it was refused (state, nonce, signature, …)
    issuer = CharField(max_length=255, default="")
    subject_key = CharField(max_length=64, default="", index=True)  # identity.citizen.subject_key
    ip = CharField(max_length=45, default="")


class EndedCitizenSession(BaseModel):
    """A citizen's session signed out: its cookie, even a copy taken before, is refused from then on.
    Rows older than CITIZEN_SESSION_MINUTES are pruned: such a cookie has expired anyway."""

    sid = CharField(max_length=32, unique=True)
    ended_at = DateTimeField(default=utcnow, index=True)


class DemoSignInCode(BaseModel):
    """An authorization code of the demo identity provider: stored as a hash, used once."""

    code_hash = CharField(max_length=64, unique=True)
    client_id = CharField(max_length=128)
    redirect_uri = TextField()
    citizen = CharField(max_length=32)  # the demo citizen's key
    nonce = CharField(max_length=255, default="")
    code_challenge = CharField(max_length=128, default="")
    code_challenge_method = CharField(max_length=8, default="")
    fault = CharField(max_length=16, default="")  # a refusal the tester asked to see (demo page)
    expires_at = DateTimeField(index=True)
    used_at = DateTimeField(null=True)
