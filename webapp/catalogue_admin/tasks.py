"""Background jobs of the catalogue admin."""

from huey import crontab

from webapp.db import write_transaction
from webapp.jobs import periodic
from webapp.versions.publish import apply_all_due


@periodic(crontab(minute="*"))
def apply_scheduled_versions():
    """Every minute: a version approved for a later moment comes into force, so the procedure's name,
    online class and other mức-1 items shown everywhere follow it (its rules already apply to new
    filings from that moment, read by moment)."""
    with write_transaction():
        return apply_all_due()
