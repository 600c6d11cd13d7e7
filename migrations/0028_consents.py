"""Consent for optional SMS (issue 22, Law 91/2025/QH15): an append-only Consent table, and the answer
given at filing kept on the draft and the dossier (NULL: filed before this, or at the counter)."""

import datetime

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, Model
from playhouse.migrate import migrate


def _tables(db):
    class Dossier(Model):
        class Meta:
            database = db
            table_name = "dossier"

    class Consent(Model):
        phone = CharField(max_length=16, index=True)
        citizen_key = CharField(max_length=64, null=True)
        dossier = ForeignKeyField(Dossier, null=True, on_delete="SET NULL")
        purpose = CharField(max_length=32)
        given = BooleanField()
        text_version = CharField(max_length=16)
        channel = CharField(max_length=8)
        at = DateTimeField(default=datetime.datetime.utcnow, index=True)

        class Meta:
            database = db
            legacy_table_names = False

    return (Consent,)


def up(db, migrator):
    migrate(
        migrator.add_column("dossier", "reminders_consent", BooleanField(null=True)),
        migrator.add_column("draft", "reminders_consent", BooleanField(null=True)),
    )
    db.create_tables(_tables(db))


def down(db, migrator):
    db.drop_tables(_tables(db))
    migrate(
        migrator.drop_column("draft", "reminders_consent"),
        migrator.drop_column("dossier", "reminders_consent"),
    )
