"""Units, agencies and the procedure catalogue.

The models are frozen here as they were when this migration was written, so later
changes to webapp/models never rewrite history.
"""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Unit(Base):
        code = CharField(unique=True, max_length=16)
        name = CharField(max_length=120)
        full_name = CharField(max_length=160)
        name_en = CharField(max_length=120, default="")
        full_name_en = CharField(max_length=160, default="")
        kind = CharField(max_length=16)
        tier = CharField(max_length=8, index=True)
        parent = ForeignKeyField("self", null=True, on_delete="RESTRICT")
        position = IntegerField(default=0)

    class Agency(Base):
        unit = ForeignKeyField(Unit, unique=True, on_delete="CASCADE")
        code = CharField(unique=True, max_length=32)
        name = CharField(max_length=200)
        address = CharField(max_length=255, default="")
        phone = CharField(max_length=20, default="")

    class Field(Base):
        code = CharField(unique=True, max_length=16)
        name = CharField(max_length=160)
        name_en = CharField(max_length=160, default="")

    class Procedure(Base):
        code = CharField(unique=True, max_length=16)
        name = CharField(max_length=255)
        name_en = CharField(max_length=255, default="")
        tier = CharField(max_length=8, index=True)
        field = ForeignKeyField(Field, on_delete="RESTRICT")
        online_class = CharField(max_length=16)
        legacy_level = IntegerField()
        search_text = TextField(default="")

    class ProcedureAlias(Base):
        procedure = ForeignKeyField(Procedure, on_delete="CASCADE")
        code = CharField(unique=True, max_length=16)

    class RuleSet(Base):
        procedure = ForeignKeyField(Procedure, on_delete="CASCADE")
        version = IntegerField()
        effective_from = DateField()
        implementing_agency = CharField(max_length=255)
        applicants = CharField(max_length=255, default="")
        legal_bases = TextField()
        steps = TextField()
        channels = TextField()
        documents = TextField()
        time_limits = TextField()
        cutoff_15h = BooleanField(default=False)
        supplement_clock = CharField(max_length=8, default="restart")
        fees = TextField()
        exemptions = TextField()
        result = TextField()
        conditions = TextField()

        class Meta:
            indexes = ((("procedure", "version"), True),)

    class FormDefinition(Base):
        rule_set = ForeignKeyField(RuleSet, unique=True, on_delete="CASCADE")
        definition = TextField()

    return [Unit, Agency, Field, Procedure, ProcedureAlias, RuleSet, FormDefinition]


def up(db, migrator):
    db.create_tables(_models(db))


def down(db, migrator):
    db.drop_tables(list(reversed(_models(db))))
