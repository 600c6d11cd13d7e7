"""Failed background jobs counted per task for /metrics (issue 21): one row per task name."""

from peewee import CharField, DateTimeField, IntegerField, Model


def _tables(db):
    class JobFailure(Model):
        task = CharField(max_length=128, primary_key=True)
        failures = IntegerField(default=0)
        last_failed_at = DateTimeField(null=True)

        class Meta:
            database = db
            legacy_table_names = False

    return (JobFailure,)


def up(db, migrator):
    db.create_tables(_tables(db))


def down(db, migrator):
    db.drop_tables(_tables(db))
