"""Statistics over long periods: the figures a job computed, kept a while."""

from peewee import CharField, DateTimeField, Model, TextField


def _tables(db):
    class ReportCache(Model):
        key = CharField(unique=True, max_length=64)
        figures = TextField(null=True)
        asked_at = DateTimeField()
        computed_at = DateTimeField(null=True)

        class Meta:
            database = db
            legacy_table_names = False

    return [ReportCache]


def up(db, migrator):
    db.create_tables(_tables(db))


def down(db, migrator):
    db.drop_tables(_tables(db))
