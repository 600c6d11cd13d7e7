"""Catalogue drafts: a change to a procedure waits here until a second administrator approves it."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from webapp.db import BaseModel
from webapp.models.catalogue import Procedure, RuleSet
from webapp.models.dossier import utcnow
from webapp.models.fields import JSONField
from webapp.models.staff import Staff


class CatalogueDraft(BaseModel):
    """A whole procedure (mức-1 items, rule set, form definition) as one bundle, being edited or waiting.

    `procedure` is empty for a procedure that does not exist yet; `base_version` is the version the
    draft was started from, so approval can tell when another version was published meanwhile."""

    procedure = ForeignKeyField(Procedure, null=True, backref="drafts", on_delete="CASCADE")
    code = CharField(max_length=16, index=True)
    bundle = JSONField()
    base_version = IntegerField(null=True)
    status = CharField(max_length=16, index=True)
    source = CharField(max_length=16)  # bien-tap (editor) | nhap-tep (bundle import) | danh-muc (annex list)
    created_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)
    updated_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    updated_at = DateTimeField(default=utcnow)
    decided_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    decided_at = DateTimeField(null=True)
    decision_note = TextField(default="")
    effective_at = DateTimeField(null=True)  # naive UTC, chosen at approval
    rule_set = ForeignKeyField(RuleSet, null=True, on_delete="SET NULL")  # the version it became
