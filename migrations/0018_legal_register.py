"""The register of legal documents (issue 18) and the count the admins' digest last saw."""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)


def _tables(db):
    class Staff(Model):
        class Meta:
            database = db
            table_name = "staff"

    class LegalDocument(Model):
        number = CharField(unique=True, max_length=64)
        kind = CharField(max_length=16)
        title = TextField()
        issuer = CharField(max_length=160, default="")
        issued_on = DateField(null=True)
        effective_from = DateField(null=True)
        expires_on = DateField(null=True)
        replaced_by = CharField(max_length=64, null=True)
        amended_by = TextField()
        url = CharField(max_length=500, default="")
        unconfirmed = BooleanField(default=False)
        note = TextField(default="")
        source = CharField(max_length=8, default="seed")

        class Meta:
            database = db
            legacy_table_names = False

    class LegalReviewSeen(Model):
        staff = ForeignKeyField(Staff, unique=True, on_delete="CASCADE")
        count = IntegerField(default=0)
        at = DateTimeField()

        class Meta:
            database = db
            legacy_table_names = False

    return [LegalDocument, LegalReviewSeen]


def up(db, migrator):
    db.create_tables(_tables(db))


def down(db, migrator):
    db.drop_tables(list(reversed(_tables(db))))
