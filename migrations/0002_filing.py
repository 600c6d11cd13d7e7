"""Online filing: calendar, drafts, dossiers and their codes, transitions, attachments, OTP, SMS outbox.

Frozen copies of the models as they were when this migration was written.
"""

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    # Tables made by 0001, named only so foreign keys can point at them.
    class Procedure(Base):
        pass

    class RuleSet(Base):
        pass

    class Agency(Base):
        pass

    class CalendarDay(Base):
        day = DateField(unique=True)
        is_working = BooleanField()
        name = CharField(max_length=160, default="")
        source = CharField(max_length=16, default="manual")

    class Draft(Base):
        token = CharField(unique=True, max_length=64)
        idempotency_key = CharField(unique=True, max_length=64)
        procedure = ForeignKeyField(Procedure, on_delete="CASCADE")
        rule_set = ForeignKeyField(RuleSet, on_delete="CASCADE")
        agency = ForeignKeyField(Agency, null=True, on_delete="SET NULL")
        answers = TextField()
        phone = CharField(max_length=16, null=True, index=True)
        phone_verified_at = DateTimeField(null=True)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        expires_at = DateTimeField(index=True)

    class Dossier(Base):
        code = CharField(unique=True, max_length=40)
        draft = ForeignKeyField(Draft, null=True, unique=True, on_delete="SET NULL")
        procedure = ForeignKeyField(Procedure, on_delete="RESTRICT")
        rule_set = ForeignKeyField(RuleSet, on_delete="RESTRICT")
        agency = ForeignKeyField(Agency, on_delete="RESTRICT")
        channel = CharField(max_length=16, default="truc_tuyen")
        status = CharField(max_length=24, index=True)
        applicant_name = CharField(max_length=120)
        applicant_id_number = CharField(max_length=12, index=True)
        applicant_phone = CharField(max_length=16, index=True)
        answers = TextField()
        possible_duplicate = BooleanField(default=False)
        submitted_at = DateTimeField()
        expected_due_at = DateTimeField(null=True)

    class DossierSequence(Base):
        agency = ForeignKeyField(Agency, on_delete="CASCADE")
        day = DateField()
        last = IntegerField(default=0)

        class Meta:
            indexes = ((("agency", "day"), True),)

    class Transition(Base):
        dossier = ForeignKeyField(Dossier, on_delete="CASCADE")
        from_status = CharField(max_length=24, null=True)
        to_status = CharField(max_length=24)
        actor = CharField(max_length=120)
        at = DateTimeField()
        note = TextField(default="")

    class Attachment(Base):
        draft = ForeignKeyField(Draft, null=True, on_delete="SET NULL")
        dossier = ForeignKeyField(Dossier, null=True, on_delete="CASCADE")
        document_index = IntegerField()
        original_name = CharField(max_length=255)
        stored_name = CharField(unique=True, max_length=80)
        content_type = CharField(max_length=64)
        size = IntegerField()
        sha256 = CharField(max_length=64)
        created_at = DateTimeField()

    class OtpChallenge(Base):
        phone = CharField(max_length=16, index=True)
        purpose = CharField(max_length=16)
        code_hash = CharField(max_length=128)
        created_at = DateTimeField()
        expires_at = DateTimeField()
        attempts = IntegerField(default=0)
        locked_until = DateTimeField(null=True)
        verified_at = DateTimeField(null=True)

    class SmsMessage(Base):
        phone = CharField(max_length=16, index=True)
        template = CharField(max_length=32)
        body = TextField()
        status = CharField(max_length=16, default="queued")
        backend = CharField(max_length=16, default="outbox")
        created_at = DateTimeField(index=True)

    return [CalendarDay, Draft, Dossier, DossierSequence, Transition, Attachment, OtpChallenge, SmsMessage]


def up(db, migrator):
    db.create_tables(_models(db))


def down(db, migrator):
    db.drop_tables(list(reversed(_models(db))))
