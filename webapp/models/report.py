"""Statistics over long periods, computed by a job and kept a while (webapp/reports/background.py)."""

from peewee import CharField, DateTimeField

from webapp.db import BaseModel
from webapp.models.dossier import utcnow
from webapp.models.fields import JSONField


class ReportCache(BaseModel):
    """One report's figures; `figures` is None while the job is still computing them."""

    key = CharField(unique=True, max_length=64)
    figures = JSONField(null=True)
    asked_at = DateTimeField(default=utcnow)
    computed_at = DateTimeField(null=True)
