"""The procedure catalogue: fields, procedures, their versioned rule sets and forms."""

import datetime

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from webapp.db import BaseModel
from webapp.models.fields import JSONField
from webapp.models.values import COUNTER

ONLINE_CLASSES = ("toan_trinh", "mot_phan", "thong_tin")
# Viet Nam keeps UTC+7 all year (no summer time), so a fixed offset turns a stored moment into its local day.
# webapp/calendar/working_time (to_local, to_utc) says the same with the time zone; the models cannot
# import the calendar package (it imports them), so this is the one other place the offset is written.
LOCAL_OFFSET = datetime.timedelta(hours=7)


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
        """The rule set in force on a local day (right now by default).

        "In force on D" means in force when D ends: a version taking effect at 17:00 on D is the one
        for D (the review of citations on D looks at it), and one from midnight on D+1 is not. So a
        day gives the same answer as rules_at at the last moment of that day; no separate rule."""
        if day is None:
            return self.rules_at(datetime.datetime.utcnow())
        return self.rules_at(end_of_local_day(day))

    def rules_at(self, moment):
        """The rule set in force at a moment (naive UTC): of those already started, the one that
        started last (the higher version when two start together)."""
        local_day = (moment + LOCAL_OFFSET).date()
        started = [rs for rs in self.rule_sets.where(RuleSet.effective_from <= local_day) if rs.starts_at() <= moment]
        return max(started, key=lambda rs: (rs.starts_at(), rs.version), default=None)

    @classmethod
    def with_version_in_force(cls, moment=None):
        """A condition for queries of procedures: those with a version in force at `moment` (naive
        UTC, now by default). A procedure published for a later moment is not in the catalogue yet."""
        started = RuleSet.select(RuleSet.procedure).where(RuleSet.started_by(moment or datetime.datetime.utcnow()))
        return cls.id.in_(started)


def end_of_local_day(day):
    """The last moment (naive UTC) of a local day."""
    next_midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return next_midnight - LOCAL_OFFSET - datetime.timedelta(microseconds=1)


class ProcedureAlias(BaseModel):
    """A code the procedure had before it was re-issued (1.003559 → 1.004873)."""

    procedure = ForeignKeyField(Procedure, backref="aliases", on_delete="CASCADE")
    code = CharField(unique=True, max_length=16)


class RuleSet(BaseModel):
    """One version of a procedure's rules; a dossier keeps the version it was received under."""

    procedure = ForeignKeyField(Procedure, backref="rule_sets", on_delete="CASCADE")
    version = IntegerField()
    effective_from = DateField()  # the local day it takes effect
    # The moment it takes effect (naive UTC); empty for versions seeded by day, in force from that
    # day's local midnight. Set by publication, which may name an hour.
    effective_at = DateTimeField(null=True)
    # The procedure's mức-1 items this version brings (name, name_en, field, tier, online_class,
    # legacy_level), written onto the Procedure once the version is in force; empty = unchanged.
    items = JSONField(null=True)
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
    # A death, a guardianship, a civil-status change…: SMS and public pages name only the field
    # (a shared phone shows its messages to others).
    sensitive = BooleanField(default=False)

    class Meta:
        indexes = ((("procedure", "version"), True),)

    @classmethod
    def started_by(cls, moment):
        """The SQL twin of `starts_at() <= moment`: a condition on RuleSet rows already in effect."""
        local_day = (moment + LOCAL_OFFSET).date()
        published = cls.effective_at.is_null(False) & (cls.effective_at <= moment)
        return published | (cls.effective_at.is_null() & (cls.effective_from <= local_day))

    def starts_at(self):
        """The moment (naive UTC) this version takes effect: its published moment, else its day's local midnight."""
        if self.effective_at is not None:
            return self.effective_at
        return datetime.datetime.combine(self.effective_from, datetime.time.min) - LOCAL_OFFSET

    def time_limit_for(self, channel):
        return next((t for t in self.time_limits if t["channel"] == channel), None)

    def binding_limit(self, channel):
        """The time limit a dossier of `channel` is held to: its own, else the counter's."""
        return self.time_limit_for(channel) or self.time_limit_for(COUNTER)


class FormDefinition(BaseModel):
    """The tờ khai as data: one definition drives the online form, the PDF and the DOCX."""

    rule_set = ForeignKeyField(RuleSet, unique=True, backref="forms", on_delete="CASCADE")
    definition = JSONField()
