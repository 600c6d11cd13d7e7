"""Mức 4: a dossier's fee and how it was paid, gateway payments, e-result verification codes,
delivery by post."""

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField
from playhouse.migrate import migrate

DOSSIER_COLUMNS = {
    "fee_amount": IntegerField(default=0),
    "fee_point": CharField(max_length=20, null=True),
    "fee_exemption": CharField(max_length=255, default=""),
    "paid_at": DateTimeField(null=True),
    "payment_channel": CharField(max_length=16, null=True),
    "e_result": BooleanField(default=False),
    "delivery_address": CharField(max_length=255, default=""),
    "delivered_at": DateTimeField(null=True),
}


def _tables(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Dossier(Base):
        pass

    class Payment(Base):
        txn_ref = CharField(max_length=40, unique=True)
        dossier = ForeignKeyField(Dossier, on_delete="CASCADE")
        open_for = IntegerField(null=True, unique=True)
        gateway = CharField(max_length=16)
        amount = IntegerField()
        status = CharField(max_length=16, default="pending", index=True)
        payer = CharField(max_length=120, default="")
        created_at = DateTimeField()
        updated_at = DateTimeField()
        paid_at = DateTimeField(null=True)
        gateway_txn_no = CharField(max_length=40, default="")
        bank_code = CharField(max_length=20, default="")
        response_code = CharField(max_length=8, default="")
        notice = TextField(default="{}")

    return [Payment]


def up(db, migrator):
    migrate(
        *(migrator.add_column("dossier", name, field) for name, field in DOSSIER_COLUMNS.items()),
        migrator.add_column("attachment", "verify_code", CharField(max_length=32, null=True, unique=True)),
    )
    db.create_tables(_tables(db))


def down(db, migrator):
    db.drop_tables(_tables(db))
    migrate(
        migrator.drop_index("attachment", "attachment_verify_code"),
        migrator.drop_column("attachment", "verify_code"),
        *(migrator.drop_column("dossier", name) for name in DOSSIER_COLUMNS),
    )
