"""Fee payments: one row per attempt to pay a dossier's fee through a gateway (VNPay, later PayGov)."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from webapp.db import BaseModel
from webapp.models.dossier import Dossier, utcnow
from webapp.models.fields import JSONField
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
