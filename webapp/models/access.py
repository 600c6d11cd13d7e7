"""The log of lists of personal data that staff read or took away (the dossier-level reads are
DossierView's): append-only, like the audit trail (migration 0030 refuses UPDATE and DELETE)."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from webapp.db import BaseModel
from webapp.models.dossier import utcnow
from webapp.models.fields import JSONField
from webapp.models.staff import Staff
from webapp.models.units import Unit


class PersonalDataExport(BaseModel):
    """One list of applicants (names, phones, identity numbers) an officer saw or downloaded: the log
    book on screen or as a file, a search of the queues. `filters` say which list (the period, the
    queue), never a person's data: a search's words are not kept, only that there were some."""

    staff = ForeignKeyField(Staff)  # no cascade: an account with exports is kept, like its views
    unit = ForeignKeyField(Unit, null=True)  # the officer's unit when they act for one
    at = DateTimeField(default=utcnow, index=True)
    what = CharField(max_length=24)  # so-theo-doi | so-theo-doi.csv | .xlsx | .pdf | tim-kiem
    filters = JSONField(default=dict)
    rows = IntegerField(default=0)
    ip = CharField(max_length=45, null=True)
