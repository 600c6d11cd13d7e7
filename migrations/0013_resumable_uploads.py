"""Resumable uploads: files sent in chunks from weak links, resumed from the server's offset."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model


def _tables(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Draft(Base):
        pass

    class Attachment(Base):
        pass

    class ResumableUpload(Base):
        id = CharField(primary_key=True, max_length=64)
        draft = ForeignKeyField(Draft, on_delete="CASCADE")
        document_index = IntegerField()
        original_name = CharField(max_length=255)
        size = IntegerField()
        received = IntegerField(default=0)
        state = CharField(max_length=16, default="open")
        error = CharField(max_length=255, default="")
        attachment = ForeignKeyField(Attachment, null=True, on_delete="SET NULL")
        created_at = DateTimeField()
        updated_at = DateTimeField(index=True)

    return [ResumableUpload]


def up(db, migrator):
    db.create_tables(_tables(db))


def down(db, migrator):
    db.drop_tables(_tables(db))
