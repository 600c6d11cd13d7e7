"""HUY and DK by SMS are a consent withdrawn and given again: each kept as a row, with the time and
the notice version, and the optional messages stop and resume with them."""

from tests.factories import make_draft
from webapp.dossiers.consent import NOTICE_VERSION
from webapp.dossiers.drafts import spec_of
from webapp.messaging.outbound import notify
from webapp.models import Consent, Dossier
from webapp.sms.inbound import handle
from webapp.workflow.intake import submit


def test_huy_then_dk_record_a_withdrawal_then_a_consent(ctx):
    draft = make_draft()
    dossier = submit(draft, spec_of(draft))[0]
    phone = dossier.applicant_phone
    assert "da ngung gui" in handle(phone, "huy").body
    words = {"code": dossier.code, "due": "17h00 30/11/2026"}
    assert notify(Dossier.get_by_id(dossier.id), "tiep_nhan:2", "received", **words) is None
    assert "nhan lai" in handle(phone, "DK").body
    assert notify(Dossier.get_by_id(dossier.id), "tiep_nhan:3", "received", **words) is not None
    rows = list(Consent.select().where(Consent.phone == phone).order_by(Consent.id))
    assert [(r.given, r.channel, r.text_version) for r in rows] == [
        (False, "sms", NOTICE_VERSION),
        (True, "sms", NOTICE_VERSION),
    ]
    assert rows[0].at <= rows[1].at
