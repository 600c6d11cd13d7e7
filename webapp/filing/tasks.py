"""Background jobs of online filing."""

from huey import crontab

from webapp.filing.drafts import purge_expired
from webapp.jobs import periodic


@periodic(crontab(minute="17"))
def purge_expired_drafts():
    """Hourly: unfinished drafts past their expiry go, with their uploaded files."""
    return purge_expired()
