"""A citizen's sign-out is kept server-side (issue 19): the ended session ids, so a copy of the cookie
taken before the sign-out is refused too."""

from peewee import CharField, DateTimeField, Model


def _tables(db):
    class EndedCitizenSession(Model):
        sid = CharField(max_length=32, unique=True)
        ended_at = DateTimeField(index=True)

        class Meta:
            database = db
            legacy_table_names = False

    return (EndedCitizenSession,)


def up(db, migrator):
    db.create_tables(_tables(db))


def down(db, migrator):
    db.drop_tables(_tables(db))
