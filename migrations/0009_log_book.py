"""Form 01 and form 07: each received dossier gets its number in the agency's log book for the year."""

from peewee import ForeignKeyField, IntegerField, Model
from playhouse.migrate import migrate


def _tables(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Agency(Base):
        pass

    class LogBookSequence(Base):
        agency = ForeignKeyField(Agency, on_delete="CASCADE")
        year = IntegerField()
        last = IntegerField(default=0)

        class Meta:
            indexes = ((("agency", "year"), True),)

    return [LogBookSequence]


def up(db, migrator):
    migrate(migrator.add_column("dossier", "book_number", IntegerField(null=True)))
    db.create_tables(_tables(db))


def down(db, migrator):
    db.drop_tables(_tables(db))
    migrate(migrator.drop_column("dossier", "book_number"))
