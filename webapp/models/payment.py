"""Fee payments: one row per attempt to pay a dossier's fee through a gateway (VNPay, later PayGov), and
the receipt (biên lai) of a fee paid, numbered per agency and year."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from webapp.db import BaseModel
from webapp.models.dossier import Dossier, utcnow
from webapp.models.fields import JSONField
from webapp.models.units import Agency
from webapp.models.values import PAYMENT_PENDING


class Payment(BaseModel):
    """`txn_ref` is the order number the gateway echoes back (unguessable); only the gateway's
    server-to-server notice (IPN) moves `status` from pending to paid or failed."""

    txn_ref = CharField(max_length=40, unique=True)
    dossier = ForeignKeyField(Dossier, backref="payments", on_delete="CASCADE")
    # The dossier's id while this attempt is pending, else NULL: unique, so two tabs cannot both
    # open a payment of one fee (the second is stopped before the bank page).
    open_for = IntegerField(null=True, unique=True)
    gateway = CharField(max_length=16)  # vnpay | paygov
    amount = IntegerField()  # VND
    status = CharField(max_length=16, default=PAYMENT_PENDING, index=True)  # pending | paid | failed | cancelled
    payer = CharField(max_length=120, default="")
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    paid_at = DateTimeField(null=True)
    gateway_txn_no = CharField(max_length=40, default="")  # vnp_TransactionNo
    bank_code = CharField(max_length=20, default="")
    response_code = CharField(max_length=8, default="")
    notice = JSONField(default=dict)  # the IPN's parameters as received (signature checked)


class ReceiptSequence(BaseModel):
    """The last receipt number used per receiving agency and year: numbers without gaps or duplicates."""

    agency = ForeignKeyField(Agency, on_delete="CASCADE")
    year = IntegerField()
    last = IntegerField(default=0)

    class Meta:
        indexes = ((("agency", "year"), True),)


class Receipt(BaseModel):
    """The biên lai of a dossier's fee, issued in the transaction that records the payment (online or
    in cash at the desk): one per dossier, its number unique within its series (ký hiệu)."""

    dossier = ForeignKeyField(Dossier, unique=True, backref="receipts", on_delete="CASCADE")
    series = CharField(max_length=40)
    number = IntegerField()
    amount = IntegerField()  # VND
    channel = CharField(max_length=16)  # truc_tuyen | truc_tiep
    txn_ref = CharField(max_length=40, default="", index=True)  # the online payment's reference; "" in cash
    payer = CharField(max_length=120, default="")
    collector = CharField(max_length=120, default="")  # the officer who took the cash, or the gateway
    issued_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("series", "number"), True),)
