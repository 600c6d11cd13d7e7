"""The administrators' audit log: who changed the catalogue, the register or a calendar, and when."""

from peewee import CharField, DateTimeField, ForeignKeyField

from webapp.db import BaseModel
from webapp.models.dossier import utcnow
from webapp.models.fields import JSONField
from webapp.models.staff import Staff


class AdminEvent(BaseModel):
    """One change an administrator made outside a dossier (a dossier's steps are its Transitions).

    `area` names the room (thu-tuc, van-ban, lich, gio-lam-viec, bo-phan), `subject` what was changed
    there (a procedure code, a document number, a unit code), `details` the values that a reader of
    the history needs to tell what changed."""

    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    at = DateTimeField(default=utcnow, index=True)
    area = CharField(max_length=24)
    action = CharField(max_length=32)
    subject = CharField(max_length=64, index=True)
    details = JSONField(default=dict)
