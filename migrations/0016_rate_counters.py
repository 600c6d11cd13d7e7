"""Throttles count in one row per key and window, taken in one atomic statement (issue 17), instead
of a row per try counted before the next is written (which parallel tries could race past)."""

from peewee import BigIntegerField, BooleanField, CharField, DateTimeField, IntegerField, Model


def _tables(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class RateCounter(Base):
        key = CharField(max_length=80)
        window_s = IntegerField()
        started = BigIntegerField()
        taken = IntegerField(default=0)

        class Meta:
            indexes = ((("key", "window_s"), True),)

    class LoginAttempt(Base):
        key = CharField(max_length=80)
        at = DateTimeField(index=True)
        success = BooleanField(default=False)

        class Meta:
            indexes = ((("key", "at"), False),)

    return RateCounter, LoginAttempt


def up(db, migrator):
    counter, attempt = _tables(db)
    db.create_tables([counter])
    db.drop_tables([attempt])  # a day of past tries at most: throttles simply start open


def down(db, migrator):
    counter, attempt = _tables(db)
    db.create_tables([attempt])
    db.drop_tables([counter])
