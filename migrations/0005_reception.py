"""Reception fixes the binding dates: when the desk received the dossier and when its result is due."""

from peewee import DateTimeField
from playhouse.migrate import migrate


def up(db, migrator):
    migrate(
        migrator.add_column("dossier", "received_at", DateTimeField(null=True)),
        migrator.add_column("dossier", "due_at", DateTimeField(null=True)),
    )


def down(db, migrator):
    migrate(migrator.drop_column("dossier", "due_at"), migrator.drop_column("dossier", "received_at"))
