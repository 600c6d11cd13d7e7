"""Stored files no row names any more: a file is written before its row, so a crash or a rolled-back
transaction between the two leaves one behind. They are swept once they are old enough that no
request still on its way to writing the row could own them."""

import datetime
from itertools import islice

from flask import current_app
from huey import crontab

from webapp.dossiers.files import PIECES_PREFIX, remove_stored, uploads
from webapp.jobs import periodic
from webapp.models.dossier import Attachment, utcnow
from webapp.models.signing import Signing

BATCH = 500


def named_by_rows(names):
    """The subset of `names` some Attachment or Signing row names."""
    attached = Attachment.select(Attachment.stored_name).where(Attachment.stored_name.in_(names))
    signed = Signing.select(Signing.stored_name).where(Signing.stored_name.in_(names))
    return {row.stored_name for row in attached} | {row.stored_name for row in signed}


def orphans(now=None):
    """Stored names older than STORAGE_ORPHAN_HOURS that no row names (resumable pieces have their own purge)."""
    hours = current_app.config.get("STORAGE_ORPHAN_HOURS", 6)
    before = (now or utcnow()) - datetime.timedelta(hours=hours)
    old = (name for name, modified in uploads().names() if modified < before and not name.startswith(PIECES_PREFIX))
    while batch := list(islice(old, BATCH)):
        yield from sorted(set(batch) - named_by_rows(batch))


def sweep(now=None):
    """Remove the orphans; returns how many went."""
    gone = list(orphans(now))
    for name in gone:
        remove_stored(name)
    return len(gone)


@periodic(crontab(minute="41"))
def sweep_orphans():
    return sweep()
