"""The procedure catalogue: fields, procedures, their versioned rule sets and forms."""

import datetime

from peewee import BooleanField, CharField, DateField, ForeignKeyField, IntegerField, TextField

from webapp.db import BaseModel
from webapp.models.fields import JSONField
from webapp.models.values import COUNTER

ONLINE_CLASSES = ("toan_trinh", "mot_phan", "thong_tin")


class Field(BaseModel):
    """Lĩnh vực: the grouping citizens browse by."""

    code = CharField(unique=True, max_length=16)
    name = CharField(max_length=160)
    name_en = CharField(max_length=160, default="")


class Procedure(BaseModel):
    code = CharField(unique=True, max_length=16)
    name = CharField(max_length=255)
    name_en = CharField(max_length=255, default="")
    tier = CharField(max_length=8, index=True)
    field = ForeignKeyField(Field, backref="procedures", on_delete="RESTRICT")
    online_class = CharField(max_length=16)
    legacy_level = IntegerField()
    # Lower-case, unaccented name, field and codes: what search matches against.
    search_text = TextField(default="")

    def display_name(self, lang="vi"):
        return (self.name_en or self.name) if lang == "en" else self.name

    def rules_on(self, day=None):
        """The rule set in force on a day (today by default): the newest one already effective."""
        day = day or datetime.date.today()
        return (
            self.rule_sets.where(RuleSet.effective_from <= day)
            .order_by(RuleSet.effective_from.desc(), RuleSet.version.desc())
            .first()
        )


class ProcedureAlias(BaseModel):
    """A code the procedure had before it was re-issued (1.003559 → 1.004873)."""

    procedure = ForeignKeyField(Procedure, backref="aliases", on_delete="CASCADE")
    code = CharField(unique=True, max_length=16)


class RuleSet(BaseModel):
    """One version of a procedure's rules; a dossier keeps the version it was received under."""

    procedure = ForeignKeyField(Procedure, backref="rule_sets", on_delete="CASCADE")
    version = IntegerField()
    effective_from = DateField()
    implementing_agency = CharField(max_length=255)
    applicants = CharField(max_length=255, default="")
    legal_bases = JSONField()
    steps = JSONField()
    channels = JSONField()
    documents = JSONField()
    time_limits = JSONField()
    cutoff_15h = BooleanField(default=False)
    supplement_clock = CharField(max_length=8, default="restart")
    fees = JSONField()
    exemptions = JSONField()
    result = TextField()
    conditions = JSONField()

    class Meta:
        indexes = ((("procedure", "version"), True),)

    def time_limit_for(self, channel):
        return next((t for t in self.time_limits if t["channel"] == channel), None)

    def binding_limit(self, channel):
        """The time limit a dossier of `channel` is held to: its own, else the counter's."""
        return self.time_limit_for(channel) or self.time_limit_for(COUNTER)


class FormDefinition(BaseModel):
    """The tờ khai as data: one definition drives the online form, the PDF and the DOCX."""

    rule_set = ForeignKeyField(RuleSet, unique=True, backref="forms", on_delete="CASCADE")
    definition = JSONField()
