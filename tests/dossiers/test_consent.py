"""Consent to the optional SMS: each answer kept as a row, the phone's opt-out and the dossiers in step,
and what the sender then does with a receipt (optional) and a supplement request (always sent)."""

import datetime

from tests.factories import make_draft
from webapp.dossiers import consent
from webapp.dossiers.drafts import spec_of
from webapp.messaging.outbound import notify
from webapp.models import Consent, Dossier, SmsOptOut
from webapp.workflow.intake import submit

WORDS = {"code": "H42.18073-261202-0001", "due": "17h00 30/11/2026"}


def filed(**draft_columns):
    draft = make_draft(**draft_columns)
    return submit(draft, spec_of(draft))[0]


def receipt(dossier, n=1):
    return notify(Dossier.get_by_id(dossier.id), f"tiep_nhan:{n}", "received", **WORDS)


def supplement(dossier):
    return notify(Dossier.get_by_id(dossier.id), "bo_sung:1", "supplement", code=WORDS["code"], url="http://x/y")


def opted_out(phone):
    return SmsOptOut.select().where(SmsOptOut.phone == phone).exists()


def test_declining_at_filing_silences_that_dossier_only_and_is_kept_with_its_wording(ctx):
    declined, other = filed(), filed()
    Dossier.update(applicant_phone=declined.applicant_phone).where(Dossier.id == other.id).execute()
    at = datetime.datetime(2026, 12, 4, 8, 30)
    row = consent.record(declined.applicant_phone, False, dossier=declined, at=at)
    assert (row.given, row.channel, row.text_version, row.at) == (False, "web", consent.NOTICE_VERSION, at)
    assert row.purpose == "tin_nhan_thong_bao" and row.dossier_id == declined.id
    assert Dossier.get_by_id(declined.id).reminders_consent is False
    assert receipt(declined) is None  # optional: not sent
    assert supplement(declined) is not None  # needed to handle the dossier: always sent
    assert not opted_out(declined.applicant_phone)  # not a withdrawal: the phone's other dossier still hears
    assert receipt(other) is not None


def test_agreeing_at_filing_lifts_an_earlier_stop_of_the_phone(ctx):
    dossier = filed()
    SmsOptOut.create(phone=dossier.applicant_phone)
    consent.record(dossier.applicant_phone, True, dossier=dossier)
    assert not opted_out(dossier.applicant_phone)
    assert Dossier.get_by_id(dossier.id).reminders_consent is True
    assert receipt(dossier) is not None


def test_withdrawing_for_the_phone_stops_it_and_giving_again_resumes_the_dossiers_that_were_asked(ctx):
    asked, before = filed(), filed()  # `before`: filed before consents were asked (None)
    phone = asked.applicant_phone
    Dossier.update(applicant_phone=phone).where(Dossier.id == before.id).execute()
    consent.record(phone, False, dossier=asked)
    consent.record(phone, False, channel=consent.SMS)
    assert opted_out(phone) and receipt(asked) is None and receipt(before) is None
    consent.record(phone, True, channel=consent.SMS)
    assert not opted_out(phone)
    assert Dossier.get_by_id(asked.id).reminders_consent is True  # DK is a yes for her dossiers too
    assert Dossier.get_by_id(before.id).reminders_consent is None  # never asked: stays as before
    assert receipt(asked, 2) is not None and receipt(before, 2) is not None


def test_rows_are_appended_and_current_is_the_newest(ctx):
    dossier = filed()
    phone = dossier.applicant_phone
    assert consent.current(phone) is None
    consent.record(phone, True, dossier=dossier)
    consent.record(phone, False, channel=consent.SMS)
    consent.record(phone, True, channel=consent.WEB)
    rows = Consent.select().where(Consent.phone == phone).order_by(Consent.id)
    assert [(r.given, r.channel) for r in rows] == [(True, "web"), (False, "sms"), (True, "web")]
    assert consent.current(phone).id == rows[-1].id
