"""The shipped catalogue is current: checked against the register on the day the tests run."""

from webapp.db import db
from webapp.forms_engine.dates import local_today
from webapp.legal.citations import needs_attention
from webapp.legal.register import OUT_OF_FORCE


def test_no_published_procedure_cites_an_expired_document(app):
    """A version in force today citing a document expired or replaced today fails, unless a later
    version (already in the seed) no longer cites it. Expiring soon is the review page's business."""
    today = local_today()
    with app.app_context(), db.connection_context():
        stale = [
            f"{row.procedure.code} v{row.rule_set.version} cites {row.document.number} ({row.status.code} "
            f"from {row.status.until:%d/%m/%Y}{', replaced by ' + row.status.successor if row.status.successor else ''})"
            for row in needs_attention(today)
            if row.status.code in OUT_OF_FORCE and row.covered_by is None
        ]
    assert not stale, f"on {today:%d/%m/%Y}, published procedures cite documents out of force: {stale}"
