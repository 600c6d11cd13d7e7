"""SMS through a real gateway: per-dossier events sent once, retries, delivery reports, inbound
messages, opt-outs; and the citizens' satisfaction ratings."""

import secrets

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField
from playhouse.migrate import migrate


def _tables(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Dossier(Base):
        pass

    class SmsMessage(Base):
        pass

    class SmsInbound(Base):
        phone = CharField(max_length=16, index=True)
        body = CharField(max_length=480)
        command = CharField(max_length=16)
        received_at = DateTimeField(index=True)
        reply = ForeignKeyField(SmsMessage, null=True, on_delete="SET NULL")

    class SmsOptOut(Base):
        phone = CharField(max_length=16, unique=True)
        at = DateTimeField()

    class Rating(Base):
        dossier = ForeignKeyField(Dossier, unique=True, on_delete="CASCADE")
        answers = TextField(default="{}")
        overall = IntegerField()
        comment = TextField(default="")
        channel = CharField(max_length=8)
        created_at = DateTimeField()

    return Dossier, [SmsInbound, SmsOptOut, Rating]


def up(db, migrator):
    Dossier, tables = _tables(db)
    migrate(
        migrator.add_column("sms_message", "public_id", CharField(max_length=32, null=True)),
        migrator.add_column("sms_message", "segments", IntegerField(default=1)),
        migrator.add_column(
            "sms_message", "dossier_id", ForeignKeyField(Dossier, null=True, field=Dossier.id, on_delete="CASCADE")
        ),
        migrator.add_column("sms_message", "event", CharField(max_length=64, null=True)),
        migrator.add_column("sms_message", "attempts", IntegerField(default=0)),
        migrator.add_column("sms_message", "next_attempt_at", DateTimeField(null=True)),
        migrator.add_column("sms_message", "last_error", CharField(max_length=255, default="")),
        migrator.add_column("sms_message", "sent_at", DateTimeField(null=True)),
        migrator.add_column("sms_message", "delivery", CharField(max_length=16, null=True)),
        migrator.add_column("sms_message", "delivery_at", DateTimeField(null=True)),
        migrator.add_column("dossier", "rating_token", CharField(max_length=64, null=True, unique=True)),
    )
    for (row_id,) in db.execute_sql("SELECT id FROM sms_message").fetchall():
        db.execute_sql(
            f"UPDATE sms_message SET public_id = {migrator.database.param} WHERE id = {migrator.database.param}",
            (secrets.token_urlsafe(16), row_id),
        )
    migrate(
        migrator.add_not_null("sms_message", "public_id"),
        migrator.add_index("sms_message", ("public_id",), True),
        migrator.add_index("sms_message", ("dossier_id", "event"), True),
        migrator.add_index("sms_message", ("status",), False),
    )
    db.create_tables(tables)


def down(db, migrator):
    _, tables = _tables(db)
    db.drop_tables(tables)
    migrate(
        migrator.drop_index("sms_message", "sms_message_status"),
        migrator.drop_index("sms_message", "sms_message_dossier_id_event"),
        migrator.drop_index("sms_message", "sms_message_public_id"),
        migrator.drop_index("sms_message", "sms_message_dossier_id"),
        *(
            migrator.drop_column("sms_message", column)
            for column in (
                "public_id",
                "segments",
                "dossier_id",
                "event",
                "attempts",
                "next_attempt_at",
                "last_error",
                "sent_at",
                "delivery",
                "delivery_at",
            )
        ),
        migrator.drop_index("dossier", "dossier_rating_token"),
        migrator.drop_column("dossier", "rating_token"),
    )
