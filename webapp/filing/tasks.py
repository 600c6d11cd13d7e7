"""Background jobs of online filing."""

from huey import crontab

from webapp.dossiers.drafts import purge_expired
from webapp.jobs import periodic


@periodic(crontab(minute="17"))
def purge_expired_drafts():
    """Hourly: unfinished drafts past their expiry go, with their uploaded files."""
    return purge_expired()


@periodic(crontab(minute="47"))
def purge_abandoned_uploads():
    """Hourly: chunked uploads left unfinished for a day go, with their partial files."""
    from webapp.filing.resumable import purge_abandoned

    return purge_abandoned()
