"""The administrators' audit log (issue 18): catalogue, register, calendar and desk changes."""

from peewee import CharField, DateTimeField, ForeignKeyField, Model, TextField


def _table(db):
    class Staff(Model):
        class Meta:
            database = db
            table_name = "staff"

    class AdminEvent(Model):
        staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
        at = DateTimeField(index=True)
        area = CharField(max_length=24)
        action = CharField(max_length=32)
        subject = CharField(max_length=64, index=True)
        details = TextField()

        class Meta:
            database = db
            legacy_table_names = False

    return AdminEvent


def up(db, migrator):
    db.create_tables([_table(db)])


def down(db, migrator):
    db.drop_tables([_table(db)])
