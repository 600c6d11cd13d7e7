"""Receipts (biên lai) numbered per agency and year, without gaps; fees already paid get theirs, in the
order they were paid."""

import datetime

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model

VIETNAM = datetime.timedelta(hours=7)  # the stored moments are UTC; the receipt's year is Hà Nội's


def _tables(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Agency(Base):
        code = CharField()

    class Dossier(Base):
        agency = ForeignKeyField(Agency)
        applicant_name = CharField()
        fee_amount = IntegerField()
        paid_at = DateTimeField(null=True)
        payment_channel = CharField(null=True)

    class ReceiptSequence(Base):
        agency = ForeignKeyField(Agency, on_delete="CASCADE")
        year = IntegerField()
        last = IntegerField(default=0)

        class Meta:
            indexes = ((("agency", "year"), True),)

    class Receipt(Base):
        dossier = ForeignKeyField(Dossier, unique=True, on_delete="CASCADE")
        series = CharField(max_length=40)
        number = IntegerField()
        amount = IntegerField()
        channel = CharField(max_length=16)
        txn_ref = CharField(max_length=40, default="", index=True)
        payer = CharField(max_length=120, default="")
        collector = CharField(max_length=120, default="")
        issued_at = DateTimeField()

        class Meta:
            indexes = ((("series", "number"), True),)

    return Agency, Dossier, ReceiptSequence, Receipt


def up(db, migrator):
    agency, dossier, sequence, receipt = _tables(db)
    db.create_tables([sequence, receipt])
    paid = (
        dossier.select(dossier, agency)
        .join(agency)
        .where(dossier.paid_at.is_null(False), dossier.fee_amount > 0)
        .order_by(dossier.paid_at, dossier.id)
    )
    last = {}
    for row in paid:
        year = (row.paid_at + VIETNAM).year
        key = (row.agency.id, year)
        last[key] = last.get(key, 0) + 1
        # A cash receipt keeps no reference, even when an online double payment came later (refunded).
        txn_ref, payer = _online_payment(db, row.id) if row.payment_channel == "truc_tuyen" else ("", "")
        receipt.create(
            dossier=row.id,
            series=f"{row.agency.code}-BL{year % 100:02d}",
            number=last[key],
            amount=row.fee_amount,
            channel=row.payment_channel or "truc_tiep",
            txn_ref=txn_ref,
            payer=payer or row.applicant_name,
            issued_at=row.paid_at,
        )
    for (agency_id, year), number in last.items():
        sequence.create(agency=agency_id, year=year, last=number)


def _online_payment(db, dossier_id):
    found = db.execute_sql(
        f"SELECT txn_ref, payer FROM payment WHERE dossier_id = {db.param} AND status = 'paid' ORDER BY paid_at LIMIT 1",
        (dossier_id,),
    ).fetchone()
    return (found[0], found[1]) if found else ("", "")


def down(db, migrator):
    _agency, _dossier, sequence, receipt = _tables(db)
    db.drop_tables([receipt, sequence])
