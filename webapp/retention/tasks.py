"""The daily retention sweep (webapp/retention/sweep.py), run by the huey consumer."""

import logging

from huey import crontab

from webapp.jobs import periodic
from webapp.retention import sweep

log = logging.getLogger("motcua.retention")


@periodic(crontab(hour="19", minute="23"))  # 02:23 in Viet Nam (UTC+7): the quiet hour
def sweep_daily():
    report = sweep.run()
    log.info("retention sweep", extra={"fields": {"counts": report.counts(), "files": report.files_removed}})
    return report.counts()
