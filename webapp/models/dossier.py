"""Drafts being filled online, the dossiers they become, their files and their history."""

import datetime

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DeferredForeignKey,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from webapp.db import BaseModel
from webapp.models.catalogue import Procedure, RuleSet
from webapp.models.fields import JSONField
from webapp.models.units import Agency, Unit
from webapp.models.values import FILED, FILED_ONLINE, ONLINE


def utcnow():
    return datetime.datetime.utcnow()


class Draft(BaseModel):
    """An unfinished online filing; `token` is the unguessable resume link."""

    token = CharField(unique=True, max_length=64)
    idempotency_key = CharField(unique=True, max_length=64)
    procedure = ForeignKeyField(Procedure, on_delete="CASCADE")
    rule_set = ForeignKeyField(RuleSet, on_delete="CASCADE")
    agency = ForeignKeyField(Agency, null=True, on_delete="SET NULL")
    answers = JSONField(default=dict)
    phone = CharField(max_length=16, null=True, index=True)
    phone_verified_at = DateTimeField(null=True)
    # Signed in with the national electronic identity: whose (identity.citizen.subject_key) and the
    # claims the provider vouched for (full name, identity number, date of birth, sex, address).
    citizen_key = CharField(max_length=64, null=True, index=True)
    identity = JSONField(null=True)
    # How the result should come back: {"channel", and for the post "unit", "street", "recipient", "phone"}.
    delivery = JSONField(default=dict)
    # The optional SMS box on the check page: ticked (True), left unticked (False), not yet answered (None).
    reminders_consent = BooleanField(null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField(index=True)


class Dossier(BaseModel):
    """A submitted hồ sơ; `draft` is unique, which is what makes a submission happen once."""

    code = CharField(unique=True, max_length=40)
    draft = ForeignKeyField(Draft, null=True, unique=True, on_delete="SET NULL")
    procedure = ForeignKeyField(Procedure, on_delete="RESTRICT")
    rule_set = ForeignKeyField(RuleSet, on_delete="RESTRICT")
    agency = ForeignKeyField(Agency, on_delete="RESTRICT")
    channel = CharField(max_length=16, default=ONLINE)
    status = CharField(max_length=24, index=True)
    applicant_name = CharField(max_length=120)
    applicant_id_number = CharField(max_length=12, index=True)
    applicant_phone = CharField(max_length=16, index=True)
    answers = JSONField()
    possible_duplicate = BooleanField(default=False)
    submitted_at = DateTimeField()
    expected_due_at = DateTimeField(null=True)
    # Fixed at reception (form 01): the binding receipt time and due time.
    received_at = DateTimeField(null=True)
    due_at = DateTimeField(null=True)
    book_number = IntegerField(null=True)  # its line in the agency's log book (form 07) for the year
    # Bumped by every workflow action: a form carrying an older version was made stale by someone else.
    version = IntegerField(default=1)
    # Processing: the specialist it is assigned to, and the unit now handling it after a liên thông
    # transfer (None: the receiving agency's own unit). Both units' officers see the dossier.
    assignee = DeferredForeignKey("Staff", null=True, on_delete="SET NULL")
    handling_unit = ForeignKeyField(Unit, null=True, on_delete="SET NULL")
    # Supplements (form 02): the citizen's upload link, and when the clock was paused (rule set "pause").
    supplement_token = CharField(max_length=64, null=True, unique=True)
    paused_at = DateTimeField(null=True)
    # Form 04: the new date promised in the apology. `due_at` stays: the dossier still counts late.
    new_due_at = DateTimeField(null=True)
    # Result and return: when the leader signed, whether the result is paper only, and how it went back.
    finished_at = DateTimeField(null=True)
    result_on_paper = BooleanField(default=False)
    returned_at = DateTimeField(null=True)
    return_channel = CharField(max_length=16, null=True)  # truc_tiep | truc_tuyen | buu_chinh
    returned_to = CharField(max_length=255, default="")  # who collected, or the postal hand-over
    # The link in the "returned" SMS that lets the applicant rate the service without the lookup's second factor.
    rating_token = CharField(max_length=64, null=True, unique=True)
    citizen_key = CharField(max_length=64, null=True, index=True)  # as on the draft it came from
    identity = JSONField(null=True)  # the identity claims the applicant's fields came from
    # Fee (mức 4): the amount due after exemptions, the point it must be paid before (truoc_tiep_nhan: the
    # desk cannot receive it unpaid; truoc_tra_ket_qua: the result is not returned unpaid), the
    # exemption claimed, and how it was paid. `e_result`: the result was handed back as a signed file.
    fee_amount = IntegerField(default=0)
    fee_point = CharField(max_length=20, null=True)
    fee_exemption = CharField(max_length=255, default="")
    paid_at = DateTimeField(null=True)
    payment_channel = CharField(max_length=16, null=True)  # truc_tuyen | truc_tiep
    e_result = BooleanField(default=False)
    # How the applicant asked for the result at filing (truc_tiep | truc_tuyen | buu_chinh; None: not
    # asked, as before mức 4). By post (BCCI): the address, recipient and phone given, the postage quoted
    # (paid to the postman), and the post's delivery once recorded.
    delivery_channel = CharField(max_length=16, null=True)
    delivery_address = CharField(max_length=255, default="")
    delivery_recipient = CharField(max_length=120, default="")
    delivery_phone = CharField(max_length=16, default="")
    postage = IntegerField(default=0)
    delivered_at = DateTimeField(null=True)
    # Optional SMS (receipts, posted, rating invitations) for this dossier: agreed at filing (True),
    # declined (False: never sent), or None (filed before consents were asked, or at the counter: the
    # phone's opt-out alone decides, as before). See webapp/dossiers/consent.py.
    reminders_consent = BooleanField(null=True)


class DossierSequence(BaseModel):
    """The last number used per agency and day: codes without gaps or duplicates."""

    agency = ForeignKeyField(Agency, on_delete="CASCADE")
    day = DateField()
    last = IntegerField(default=0)

    class Meta:
        indexes = ((("agency", "day"), True),)


class LogBookSequence(BaseModel):
    """The last log-book number used per agency and year: one line per received dossier, no gaps."""

    agency = ForeignKeyField(Agency, on_delete="CASCADE")
    year = IntegerField()
    last = IntegerField(default=0)

    class Meta:
        indexes = ((("agency", "year"), True),)


class Transition(BaseModel):
    """One step of a dossier's life, kept forever (the audit trail and the statistics' source)."""

    dossier = ForeignKeyField(Dossier, backref="transitions", on_delete="CASCADE")
    action = CharField(max_length=32, default=FILED_ONLINE)
    from_status = CharField(max_length=24, null=True)
    to_status = CharField(max_length=24)
    actor = CharField(max_length=120)
    unit = ForeignKeyField(Unit, null=True, on_delete="SET NULL")
    ip = CharField(max_length=45, null=True)
    at = DateTimeField(default=utcnow)
    note = TextField(default="")
    # What the step issued beyond the note: form 02's items, form 04's new date, the unit transferred to…
    details = JSONField(default=dict)


class Attachment(BaseModel):
    """An uploaded file, stored outside static/ under a random name."""

    draft = ForeignKeyField(Draft, null=True, backref="attachments", on_delete="SET NULL")
    dossier = ForeignKeyField(Dossier, null=True, backref="attachments", on_delete="CASCADE")
    document_index = IntegerField()  # which of the rule set's documents it answers
    original_name = CharField(max_length=255)
    stored_name = CharField(unique=True, max_length=80)
    content_type = CharField(max_length=64)
    size = IntegerField()
    sha256 = CharField(max_length=64)
    created_at = DateTimeField(default=utcnow)
    # ho_so: filed with the dossier; bo_sung: a supplement; ket_qua: the result document.
    kind = CharField(max_length=16, default=FILED)
    digitised = BooleanField(default=False)  # a paper document scanned at the counter
    # A signed result's public check (the QR code on it leads to /xac-thuc/<verify_code>).
    verify_code = CharField(max_length=32, null=True, unique=True)
    # A result this system issued, attached again from "Giấy tờ của tôi" (a copy of its file).
    reused_from = ForeignKeyField("self", null=True, backref="reuses", on_delete="SET NULL")


class Rating(BaseModel):
    """A citizen's satisfaction rating of a returned dossier (the 766 index's "Mức độ hài lòng")."""

    dossier = ForeignKeyField(Dossier, unique=True, backref="ratings", on_delete="CASCADE")
    answers = JSONField(default=dict)  # criterion key → chosen option key
    overall = IntegerField()  # 3 rất hài lòng · 2 hài lòng · 1 không hài lòng
    comment = TextField(default="")
    channel = CharField(max_length=8)  # web (lookup page) | sms (link in the SMS)
    created_at = DateTimeField(default=utcnow)
