"""The status page's switch for the optional SMS records each press as a consent (channel web)."""

from tests.staff_login import csrf
from tests.walks import LOOKUP, filed, proven
from webapp.db import db
from webapp.models import Consent


def test_stopping_and_resuming_on_the_status_page_are_recorded(filing_app):
    dossier = filed(filing_app)
    citizen = proven(filing_app, dossier)
    for choice in ("ngung", "nhan_lai"):
        data = {"csrf_token": csrf(citizen, LOOKUP), "nhan_tin": choice}
        assert citizen.post(f"{LOOKUP}/{dossier.code}/tin-nhan", data=data).status_code == 303
    with filing_app.app_context(), db.connection_context():
        rows = Consent.select().where(Consent.phone == dossier.applicant_phone).order_by(Consent.id)
        assert [(r.given, r.channel) for r in rows] == [(False, "web"), (True, "web")]
