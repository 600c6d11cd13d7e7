"""Digital signatures (issue 20): each paper MotCua signs (a result, a receipt, form 01) and how its
signing job went."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def _tables(db):
    class Dossier(Model):
        class Meta:
            database = db
            legacy_table_names = False
            table_name = "dossier"

    class Attachment(Model):
        class Meta:
            database = db
            legacy_table_names = False
            table_name = "attachment"

    class Staff(Model):
        class Meta:
            database = db
            legacy_table_names = False
            table_name = "staff"

    class Signing(Model):
        dossier = ForeignKeyField(Dossier, on_delete="CASCADE")
        paper = CharField(max_length=16)
        attachment = ForeignKeyField(Attachment, null=True, on_delete="SET NULL")
        leader = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
        state = CharField(max_length=8, default="cho")
        attempts = IntegerField(default=0)
        error = TextField(default="")
        requested_at = DateTimeField()
        signed_at = DateTimeField(null=True)
        stored_name = CharField(max_length=80, null=True)
        sha256 = CharField(max_length=64, default="")

        class Meta:
            database = db
            legacy_table_names = False
            indexes = ((("dossier", "paper"), True),)

    return (Signing,)


def up(db, migrator):
    db.create_tables(_tables(db))


def down(db, migrator):
    db.drop_tables(_tables(db))
