"""The register of legal documents the catalogue cites, and what the admins were last told about it."""

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from webapp.db import BaseModel
from webapp.models.dossier import utcnow
from webapp.models.fields import JSONField
from webapp.models.staff import Staff

DOCUMENT_KINDS = ("luat", "nghi_dinh", "nghi_quyet", "thong_tu", "quyet_dinh", "cong_van", "other")
# A row's keys as the seed files, an imported bundle and the register form give them.
DOCUMENT_KEYS = ("number", "kind", "title", "issuer", "issued_on", "effective_from", "expires_on")
DOCUMENT_KEYS += ("replaced_by", "amended_by", "url", "unconfirmed", "note")
DATE_KEYS = ("issued_on", "effective_from", "expires_on")
OPTIONAL_TEXT_KEYS = ("issuer", "replaced_by", "url", "note")


class LegalDocument(BaseModel):
    """One law, decree, circular, decision or letter, with the days it is in force.

    `expires_on` is the first day it no longer applies (None: in force); `replaced_by` names the
    document that replaces it wholly, `amended_by` those that change part of it (register numbers,
    kept as text so a row can be loaded before the one it points to)."""

    number = CharField(unique=True, max_length=64)
    kind = CharField(max_length=16)
    title = TextField()
    issuer = CharField(max_length=160, default="")
    issued_on = DateField(null=True)
    effective_from = DateField(null=True)
    expires_on = DateField(null=True)
    replaced_by = CharField(max_length=64, null=True)
    amended_by = JSONField(default=list)
    url = CharField(max_length=500, default="")
    unconfirmed = BooleanField(default=False)
    note = TextField(default="")
    # "seed" while the row is as the seed files say; "manual" once an admin created or edited it, and
    # then `flask seed` leaves it alone.
    source = CharField(max_length=8, default="seed")


class LegalReviewSeen(BaseModel):
    """How many procedures needed a review when this admin was last counted by the morning digest:
    the SMS goes out only when the list grew since then."""

    staff = ForeignKeyField(Staff, unique=True, on_delete="CASCADE")
    count = IntegerField(default=0)
    at = DateTimeField(default=utcnow)
