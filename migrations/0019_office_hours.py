"""Office hours as data (issue 18): seasonal rules per province or unit with effective dates, and
the desk's name marked when an admin has edited it, so the seed no longer overwrites it. A seeded
rule carries the seed's key, so a rule an admin renamed is still found (not seeded again)."""

from peewee import CharField, DateField, ForeignKeyField, Model, TextField, TimeField
from playhouse.migrate import migrate


def _table(db):
    class Unit(Model):
        class Meta:
            database = db
            table_name = "unit"

    class OfficeHoursRule(Model):
        unit = ForeignKeyField(Unit, null=True, on_delete="CASCADE")
        name = CharField(max_length=120)
        effective_from = DateField()
        effective_until = DateField(null=True)
        season_start = CharField(max_length=5, default="")
        season_end = CharField(max_length=5, default="")
        morning_start = TimeField()
        morning_end = TimeField()
        afternoon_start = TimeField()
        afternoon_end = TimeField()
        basis = TextField(default="")
        source = CharField(max_length=16, default="manual")
        seed_key = CharField(max_length=160, null=True, unique=True)

        class Meta:
            database = db
            legacy_table_names = False

    return OfficeHoursRule


def up(db, migrator):
    db.create_tables([_table(db)])
    migrate(migrator.add_column("agency", "name_source", CharField(max_length=16, default="seed")))


def down(db, migrator):
    migrate(migrator.drop_column("agency", "name_source"))
    db.drop_tables([_table(db)])
