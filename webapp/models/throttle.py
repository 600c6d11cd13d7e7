"""The counters behind every throttle: one row per key and window length."""

from peewee import BigIntegerField, CharField, IntegerField

from webapp.db import BaseModel


class RateCounter(BaseModel):
    """Tries under `key` (such as "lookup-ip:1.2.3.4") in the window of `window_s` seconds that began
    at `started` (milliseconds since 1970, UTC); webapp/ratelimit.py counts them in one statement."""

    key = CharField(max_length=80)
    window_s = IntegerField()
    started = BigIntegerField()
    taken = IntegerField(default=0)

    class Meta:
        indexes = ((("key", "window_s"), True),)
