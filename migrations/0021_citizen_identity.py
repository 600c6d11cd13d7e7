"""Citizens sign in with their national electronic identity (issue 19): drafts and dossiers keep whose
they are and the claims used, a reused result points at the original, the sign-in log, and the demo
identity provider's one-time codes."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def _tables(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class SignInEvent(Base):
        at = DateTimeField(index=True)
        action = CharField(max_length=16)
        outcome = CharField(max_length=32)
        issuer = CharField(max_length=255, default="")
        subject_key = CharField(max_length=64, default="", index=True)
        ip = CharField(max_length=45, default="")

    class DemoSignInCode(Base):
        code_hash = CharField(max_length=64, unique=True)
        client_id = CharField(max_length=128)
        redirect_uri = TextField()
        citizen = CharField(max_length=32)
        nonce = CharField(max_length=255, default="")
        code_challenge = CharField(max_length=128, default="")
        code_challenge_method = CharField(max_length=8, default="")
        fault = CharField(max_length=16, default="")
        expires_at = DateTimeField(index=True)
        used_at = DateTimeField(null=True)

    return SignInEvent, DemoSignInCode


def _attachment(db):
    class Attachment(Model):
        id = IntegerField(primary_key=True)

        class Meta:
            database = db
            table_name = "attachment"

    return Attachment


def up(db, migrator):
    from playhouse.migrate import migrate

    attachment = _attachment(db)
    migrate(
        migrator.add_column("draft", "citizen_key", CharField(max_length=64, null=True)),
        migrator.add_column("draft", "identity", TextField(null=True)),
        migrator.add_index("draft", ("citizen_key",), False),
        migrator.add_column("dossier", "citizen_key", CharField(max_length=64, null=True)),
        migrator.add_column("dossier", "identity", TextField(null=True)),
        migrator.add_index("dossier", ("citizen_key",), False),
        migrator.add_column(
            "attachment",
            "reused_from_id",
            ForeignKeyField(attachment, field=attachment.id, null=True, on_delete="SET NULL"),
        ),
    )
    db.create_tables(_tables(db))


def down(db, migrator):
    from playhouse.migrate import migrate

    db.drop_tables(_tables(db))
    migrate(
        migrator.drop_index("attachment", "attachment_reused_from_id"),
        migrator.drop_column("attachment", "reused_from_id"),
        migrator.drop_index("dossier", "dossier_citizen_key"),
        migrator.drop_column("dossier", "identity"),
        migrator.drop_column("dossier", "citizen_key"),
        migrator.drop_index("draft", "draft_citizen_key"),
        migrator.drop_column("draft", "identity"),
        migrator.drop_column("draft", "citizen_key"),
    )
