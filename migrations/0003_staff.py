"""Back-office staff accounts, their units, and login attempts for throttling.

Frozen copies of the models as they were when this migration was written.
"""

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, Model


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    # Made by 0001, named only so a foreign key can point at it.
    class Unit(Base):
        pass

    class Staff(Base):
        username = CharField(unique=True, max_length=64)
        full_name = CharField(max_length=120)
        phone = CharField(max_length=16, default="")
        password_hash = CharField(max_length=255)
        role = CharField(max_length=24)
        is_active = BooleanField(default=True)
        is_demo = BooleanField(default=False)
        totp_secret = CharField(max_length=64, null=True)
        last_totp_step = IntegerField(null=True)
        created_at = DateTimeField()
        password_changed_at = DateTimeField()
        sessions_revoked_at = DateTimeField(null=True)

    class StaffUnit(Base):
        staff = ForeignKeyField(Staff, on_delete="CASCADE")
        unit = ForeignKeyField(Unit, on_delete="CASCADE")

        class Meta:
            indexes = ((("staff", "unit"), True),)

    class LoginAttempt(Base):
        key = CharField(max_length=80)
        at = DateTimeField(index=True)
        success = BooleanField(default=False)

        class Meta:
            indexes = ((("key", "at"), False),)

    return [Staff, StaffUnit, LoginAttempt]


def up(db, migrator):
    db.create_tables(_models(db))


def down(db, migrator):
    db.drop_tables(list(reversed(_models(db))))
