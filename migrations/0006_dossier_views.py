"""Who looked at which dossier, and when (personal data law: a log of who viewed a dossier)."""

from peewee import CharField, DateTimeField, ForeignKeyField, Model


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Dossier(Base):
        pass

    class Staff(Base):
        pass

    class DossierView(Base):
        dossier = ForeignKeyField(Dossier, on_delete="CASCADE")
        staff = ForeignKeyField(Staff, on_delete="CASCADE")
        at = DateTimeField()
        what = CharField(max_length=16)
        ip = CharField(max_length=45, null=True)

    return [DossierView]


def up(db, migrator):
    db.create_tables(_models(db))


def down(db, migrator):
    db.drop_tables(_models(db))
