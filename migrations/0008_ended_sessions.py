"""Sessions logged out on one device: plain logout ends only that session, even a copied cookie of it."""

from peewee import CharField, DateTimeField, ForeignKeyField, Model


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Staff(Base):
        pass

    class EndedSession(Base):
        sid = CharField(max_length=32, unique=True)
        staff = ForeignKeyField(Staff, on_delete="CASCADE")
        ended_at = DateTimeField(index=True)

    return [EndedSession]


def up(db, migrator):
    db.create_tables(_models(db))


def down(db, migrator):
    db.drop_tables(_models(db))
