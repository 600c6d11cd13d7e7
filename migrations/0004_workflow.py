"""Workflow: a version on each dossier (stale forms are refused) and a fuller audit row per step."""

from peewee import CharField, ForeignKeyField, IntegerField, Model
from playhouse.migrate import migrate


def up(db, migrator):
    class Unit(Model):
        class Meta:
            database = db
            table_name = "unit"

    migrate(
        migrator.add_column("dossier", "version", IntegerField(default=1)),
        migrator.add_column("transition", "action", CharField(max_length=32, default="nop_truc_tuyen")),
        migrator.add_column(
            "transition", "unit_id", ForeignKeyField(Unit, null=True, field=Unit.id, on_delete="SET NULL")
        ),
        migrator.add_column("transition", "ip", CharField(max_length=45, null=True)),
    )


def down(db, migrator):
    migrate(
        migrator.drop_column("transition", "ip"),
        migrator.drop_index("transition", "transition_unit_id"),
        migrator.drop_column("transition", "unit_id"),
        migrator.drop_column("transition", "action"),
        migrator.drop_column("dossier", "version"),
    )
