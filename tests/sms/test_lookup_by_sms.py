"""TRACUU by SMS tells a dossier's status only to the applicant's own phone, or to a number that adds
the last four digits of that phone or of the CCCD; a stranger walking a day's codes learns nothing."""

import re

import pytest

from tests.factories import commune_agency, make_draft
from tests.walks import CCCD, filed, from_address, lookup
from webapp.db import db
from webapp.dossiers.drafts import spec_of
from webapp.dossiers.second_factor import CODE_FAILURES
from webapp.messaging.templates import SEGMENT, sms_time
from webapp.models import SmsInbound, SmsMessage
from webapp.sms import inbound
from webapp.workflow.intake import submit

SECRET = "s3cret-for-kannel"
STRANGER = "+84987000123"
UNKNOWN = "H42.18073-990101-0001"
# Every way a reply could give a dossier away: its status in words, a due date, a time of day.
STATUS_PHRASES = sorted({*inbound.STATUS_WORDS.values(), inbound.FEE_DUE_WORDS, "Han tra"})
A_DATE = re.compile(r"\d{2}/\d{2}/\d{4}|\d{1,2}h\d{2}")


@pytest.fixture
def gateway_app(filing_app):
    filing_app.config["SMS_WEBHOOK_SECRET"] = SECRET
    yield filing_app
    filing_app.config["SMS_WEBHOOK_SECRET"] = ""


def a_dossier():
    draft = make_draft(agency=commune_agency())
    return submit(draft, spec_of(draft))[0]


def text(app, phone, body):
    """`phone` texts `body` to our number through the gateway's webhook; returns the reply's body or None."""
    before = SmsMessage.select().where(SmsMessage.phone == phone).count()
    answer = app.test_client().get("/sms/kannel/mo", query_string={"secret": SECRET, "from": phone, "text": body})
    assert answer.status_code == 200
    replies = SmsMessage.select().where(SmsMessage.phone == phone).order_by(SmsMessage.id)
    return replies[before].body if replies.count() > before else None


def wrong_factor(dossier):
    right = {dossier.applicant_phone[-4:], CCCD[-4:]}
    return next(f for f in ("0000", "1111", "2222", "9999") if f not in right)


def reveals(body):
    """What in a reply would tell a stranger about a dossier (empty: nothing)."""
    return [phrase for phrase in STATUS_PHRASES if phrase in body] + A_DATE.findall(body)


def test_the_applicants_own_phone_needs_no_factor(gateway_app, ctx):
    dossier = a_dossier()
    body = text(gateway_app, dossier.applicant_phone, f"tracuu {dossier.code.lower()}")
    assert dossier.code in body and "dang cho tiep nhan" in body and "Vui long cho" in body
    assert f"Han tra {sms_time(dossier.expected_due_at)}" in body


def test_a_stranger_without_the_factor_is_asked_for_it_and_told_nothing(gateway_app, ctx):
    dossier = a_dossier()
    body = text(gateway_app, STRANGER, f"TRACUU {dossier.code}")
    assert "TRACUU <ma ho so> <4 so cuoi SDT hoac CCCD>" in body
    assert reveals(body) == [], body
    unknown = text(gateway_app, STRANGER, f"TRACUU {UNKNOWN}")
    assert unknown == body.replace(dossier.code, UNKNOWN), "a code that exists is asked for like one that does not"
    assert body.isascii() and len(body) <= SEGMENT


@pytest.mark.parametrize("which", ["phone", "cccd"])
def test_a_stranger_with_the_last_four_digits_of_the_phone_or_the_cccd_gets_the_status(gateway_app, ctx, which):
    dossier = a_dossier()
    factor = dossier.applicant_phone[-4:] if which == "phone" else CCCD[-4:]
    body = text(gateway_app, STRANGER, f"  Tra cứu  {dossier.code.lower().replace('-', ' ')}   {factor} ")
    assert body == f"MotCua: ho so {dossier.code} dang cho tiep nhan. Han tra {sms_time(dossier.expected_due_at)}."


def test_a_wrong_factor_and_an_unknown_code_get_the_same_reply_byte_for_byte(gateway_app, ctx):
    dossier = a_dossier()
    wrong = text(gateway_app, STRANGER, f"TRACUU {dossier.code} {wrong_factor(dossier)}")
    unknown = text(gateway_app, "+84987000124", f"TC {UNKNOWN} 1234")
    assert wrong == unknown
    assert "khong tim thay ho so hoac 4 so cuoi khong dung" in wrong and reveals(wrong) == []


def test_the_four_digits_typed_are_not_kept_in_the_inbound_log(gateway_app, ctx):
    dossier = a_dossier()
    text(gateway_app, STRANGER, f"TRACUU {dossier.code} {CCCD[-4:]}")
    (logged,) = SmsInbound.select().where(SmsInbound.phone == STRANGER)
    assert logged.body == f"TRACUU {dossier.code} ****"


def test_a_stranger_walking_a_days_codes_learns_no_status_or_due_date(gateway_app, ctx):
    day = [a_dossier() for _ in range(20)]  # one desk, one day: -0001 … -0020
    assert [d.code[-4:] for d in day] == [f"{n:04d}" for n in range(1, 21)]
    tries = [f"TRACUU {d.code}" for d in day] + [f"TRACUU {d.code} {wrong_factor(d)}" for d in day]
    sims = [f"+849870007{n:02d}" for n in range(len(tries) // 5)]  # five messages from each of 8 SIMs
    replies = [text(gateway_app, sims[n % len(sims)], typed) for n, typed in enumerate(tries)]
    assert all(reveals(body) == [] for body in replies), replies
    assert sum("<4 so cuoi SDT hoac CCCD>" in body for body in replies) == 20
    assert sum("khong tim thay ho so hoac 4 so cuoi khong dung" in body for body in replies) == 20
    more = [text(gateway_app, sims[0], f"TRACUU {d.code} {wrong_factor(d)}") for d in day[:10]]
    assert more[: inbound.LIMIT - 5] and all(reveals(body) == [] for body in more[: inbound.LIMIT - 5])
    assert more[inbound.LIMIT - 5 :] == [None] * 5, "past its few messages an hour, a number gets no reply"
    assert SmsInbound.select().where(SmsInbound.command == "throttled").count() == 5


def test_many_phones_guessing_one_code_close_it_even_to_the_right_digits_but_not_to_the_applicant(gateway_app, ctx):
    dossier = a_dossier()
    phones = [f"+8498700020{n}" for n in range(CODE_FAILURES[0] + 2)]
    replies = [text(gateway_app, phone, f"TC {dossier.code} {wrong_factor(dossier)}") for phone in phones]
    limit = CODE_FAILURES[0]
    assert all("khong tim thay ho so" in body for body in replies[:limit])
    assert all(body == "MotCua: da nhap sai nhieu lan. Vui long thu lai sau 15 phut." for body in replies[limit:])
    closed = text(gateway_app, "+84987000300", f"TC {dossier.code} {CCCD[-4:]}")
    assert "thu lai sau" in closed and reveals(closed) == []
    assert "dang cho tiep nhan" in text(gateway_app, dossier.applicant_phone, f"TC {dossier.code}")


def test_an_unknown_code_is_throttled_by_sms_like_a_real_one(gateway_app, ctx):
    replies = [text(gateway_app, f"+8498700040{n}", f"TRACUU {UNKNOWN} 1234") for n in range(CODE_FAILURES[0] + 1)]
    assert len(set(replies[:-1])) == 1 and "thu lai sau" in replies[-1]


def test_failures_by_sms_close_the_code_on_the_web_too_and_the_other_way_round(gateway_app):
    # No app context around the browsers (it would share one CSRF token between them).
    def sms(phone, body):
        with gateway_app.app_context(), db.connection_context():
            return text(gateway_app, phone, body)

    by_sms, by_web = filed(gateway_app), filed(gateway_app)
    for n in range(CODE_FAILURES[0]):
        sms(f"+8498700050{n}", f"TRACUU {by_sms.code} {wrong_factor(by_sms)}")
    web = lookup(from_address(gateway_app, "10.30.0.1"), by_sms.code, by_sms.applicant_phone[-4:])
    assert web.status_code == 429, "five SMS failures close the code on the lookup page"
    for n in range(CODE_FAILURES[0]):
        assert lookup(from_address(gateway_app, f"10.30.1.{n}"), by_web.code, wrong_factor(by_web)).status_code == 200
    body = sms("+84987000600", f"TRACUU {by_web.code} {by_web.applicant_phone[-4:]}")
    assert "thu lai sau" in body and reveals(body) == []


def test_the_help_text_shows_the_lookup_with_its_factor(gateway_app, ctx):
    body = text(gateway_app, STRANGER, "HUONGDAN")
    assert "soan TRACUU <ma ho so> <4 so cuoi SDT hoac CCCD>" in body and len(body) <= SEGMENT


@pytest.mark.parametrize(
    "typed, code, factor",
    [
        ("TRACUU H42.18073-261127-0001 1234", "H42.18073-261127-0001", "1234"),
        ("tc  h42.18073 261127 0001   5678 ", "H42.18073 261127 0001", "5678"),
        ("Tra cứu h4218073 2611270001 0042", "H4218073 2611270001", "0042"),
        ("TRA CUU h42180732611270001 9999", "H42180732611270001", "9999"),
        ("tracuuH42.18073-261127-0001 1234", "H42.18073-261127-0001", "1234"),
        ("TRACUU 000.00.00.H42-261127-0001 1234", "000.00.00.H42-261127-0001", "1234"),
        # A code typed with spaces ends with its own number: no factor there.
        ("tc h42.18073 261127 0001", "H42.18073 261127 0001", None),
        ("TRACUU H42.18073-261127-0001", "H42.18073-261127-0001", None),
        ("TRACUU H42.18073-261127-0001 123", "H42.18073-261127-0001 123", None),
    ],
)
def test_the_code_and_the_factor_are_read_as_people_type_them(typed, code, factor):
    command, argument = inbound.parse(typed)
    assert command == "tracuu" and inbound.code_and_factor(argument) == (code, factor)
