"""Resumable uploads: a file sent in chunks over a weak link, bound to the draft it belongs to."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from webapp.db import BaseModel
from webapp.models.dossier import Attachment, Draft, utcnow


class ResumableUpload(BaseModel):
    """One file on its way: `id` is the unguessable upload id, `received` the bytes the server holds.

    state: open (chunks still coming), done (checked and stored as `attachment`), refused (`error`
    says why, in the citizen's language, for the documents page to show next to the field).
    """

    id = CharField(primary_key=True, max_length=64)
    draft = ForeignKeyField(Draft, on_delete="CASCADE")
    document_index = IntegerField()
    original_name = CharField(max_length=255)
    size = IntegerField()
    received = IntegerField(default=0)
    state = CharField(max_length=16, default="open")
    error = CharField(max_length=255, default="")
    attachment = ForeignKeyField(Attachment, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow, index=True)
