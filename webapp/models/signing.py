"""A paper MotCua signs digitally (a result, a receipt, form 01): requested in the step that issues
it, signed by a job, and how that went (webapp/dossiers/signed_papers.py)."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from webapp.db import BaseModel
from webapp.models.dossier import Attachment, Dossier, utcnow
from webapp.models.staff import Staff

PENDING, SIGNED, FAILED = "cho", "xong", "loi"


class Signing(BaseModel):
    dossier = ForeignKeyField(Dossier, backref="signings", on_delete="CASCADE")
    paper = CharField(max_length=16)  # ket_qua | bien_lai | mau_01
    # A result is signed in place: its Attachment's file is replaced by the signed one.
    attachment = ForeignKeyField(Attachment, null=True, on_delete="SET NULL")
    leader = ForeignKeyField(Staff, null=True, on_delete="SET NULL")  # a result's personal signature
    state = CharField(max_length=8, default=PENDING)
    attempts = IntegerField(default=0)
    error = TextField(default="")
    requested_at = DateTimeField(default=utcnow)
    signed_at = DateTimeField(null=True)
    # A receipt's or form 01's signed file (a result's lives in its Attachment).
    stored_name = CharField(max_length=80, null=True)
    sha256 = CharField(max_length=64, default="")

    class Meta:
        indexes = ((("dossier", "paper"), True),)
