"""How long each kind of personal record is kept (webapp/retention): one row per kind, and rows for a
field of procedures (lĩnh vực) or a single procedure whose dossiers are kept differently."""

from peewee import CharField, DateTimeField, IntegerField, TextField

from webapp.db import BaseModel
from webapp.models.dossier import utcnow


class RetentionRule(BaseModel):
    """`days` after the record's end (None: kept permanently), and the legal source of that period.

    `field_code` / `procedure_code` are "" for the general rule of a kind; a procedure's rule wins over
    its field's, which wins over the general one (only dossiers and results have them)."""

    kind = CharField(max_length=16)
    field_code = CharField(max_length=16, default="")
    procedure_code = CharField(max_length=16, default="")
    days = IntegerField(null=True)
    basis = TextField(default="")
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("kind", "field_code", "procedure_code"), True),)
