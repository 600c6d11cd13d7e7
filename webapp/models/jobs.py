"""Background jobs that failed, counted in the database so every consumer on every host adds to the
same number (/metrics reads it)."""

import datetime

from peewee import CharField, DateTimeField, IntegerField

from webapp.db import BaseModel


class JobFailure(BaseModel):
    """How many times the job `task` (its huey name) raised, retries included, and the last time."""

    task = CharField(max_length=128, primary_key=True)
    failures = IntegerField(default=0)
    last_failed_at = DateTimeField(null=True)

    @classmethod
    def count(cls, task):
        """One more failure of `task`, in one statement whatever other consumers do meanwhile."""
        now = datetime.datetime.utcnow()
        cls.insert(task=task[:128], failures=1, last_failed_at=now).on_conflict(
            conflict_target=[cls.task],
            update={cls.failures: cls.failures + 1, cls.last_failed_at: now},
        ).execute()
