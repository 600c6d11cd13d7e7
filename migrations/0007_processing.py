"""Processing: assignment, liên thông, supplements and their clock, form 04's new date, result and
return, the step's details, scanned documents, unit calendars and the once-a-day digest."""

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, Model, TextField
from playhouse.migrate import migrate


def _tables(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Unit(Base):
        pass

    class Staff(Base):
        pass

    class UnitCalendarDay(Base):
        unit = ForeignKeyField(Unit, on_delete="CASCADE")
        day = DateField()
        is_working = BooleanField()
        name = CharField(max_length=160, default="")

        class Meta:
            indexes = ((("unit", "day"), True),)

    class DigestSent(Base):
        staff = ForeignKeyField(Staff, on_delete="CASCADE")
        day = DateField()
        at = DateTimeField()

        class Meta:
            indexes = ((("staff", "day"), True),)

    return Unit, Staff, [UnitCalendarDay, DigestSent]


def up(db, migrator):
    Unit, Staff, tables = _tables(db)
    migrate(
        migrator.add_column(
            "dossier", "assignee_id", ForeignKeyField(Staff, null=True, field=Staff.id, on_delete="SET NULL")
        ),
        migrator.add_column(
            "dossier", "handling_unit_id", ForeignKeyField(Unit, null=True, field=Unit.id, on_delete="SET NULL")
        ),
        migrator.add_column("dossier", "supplement_token", CharField(max_length=64, null=True, unique=True)),
        migrator.add_column("dossier", "paused_at", DateTimeField(null=True)),
        migrator.add_column("dossier", "new_due_at", DateTimeField(null=True)),
        migrator.add_column("dossier", "finished_at", DateTimeField(null=True)),
        migrator.add_column("dossier", "result_on_paper", BooleanField(default=False)),
        migrator.add_column("dossier", "returned_at", DateTimeField(null=True)),
        migrator.add_column("dossier", "return_channel", CharField(max_length=16, null=True)),
        migrator.add_column("dossier", "returned_to", CharField(max_length=255, default="")),
        migrator.add_column("transition", "details", TextField(default="{}")),
        migrator.add_column("attachment", "kind", CharField(max_length=16, default="ho_so")),
        migrator.add_column("attachment", "digitised", BooleanField(default=False)),
    )
    db.create_tables(tables)


def down(db, migrator):
    _, _, tables = _tables(db)
    db.drop_tables(tables)
    migrate(
        migrator.drop_column("attachment", "digitised"),
        migrator.drop_column("attachment", "kind"),
        migrator.drop_column("transition", "details"),
        *(
            migrator.drop_column("dossier", name)
            for name in (
                "returned_to",
                "return_channel",
                "returned_at",
                "result_on_paper",
                "finished_at",
                "new_due_at",
                "paused_at",
            )
        ),
        migrator.drop_index("dossier", "dossier_supplement_token"),
        migrator.drop_column("dossier", "supplement_token"),
        migrator.drop_index("dossier", "dossier_handling_unit_id"),
        migrator.drop_column("dossier", "handling_unit_id"),
        migrator.drop_index("dossier", "dossier_assignee_id"),
        migrator.drop_column("dossier", "assignee_id"),
    )
