"""SMS one-time codes: what a person sees when codes are right, wrong, late or too many."""

import datetime
import re

from tests.factories import random_phone
from webapp.identity import otp
from webapp.models import OtpChallenge, SmsMessage


def last_code(phone):
    body = SmsMessage.select().where(SmsMessage.phone == phone).order_by(SmsMessage.id.desc()).first().body
    return re.search(r"\b(\d{6})\b", body).group(1)


def age(phone, seconds):
    """Pretend the latest challenge was made `seconds` ago."""
    past = datetime.timedelta(seconds=seconds)
    challenge = OtpChallenge.select().where(OtpChallenge.phone == phone).order_by(OtpChallenge.id.desc()).get()
    challenge.created_at -= past
    challenge.expires_at -= past
    challenge.save()


def test_a_code_is_sent_stored_hashed_and_accepted_once(ctx):
    phone = random_phone()
    assert otp.request_code(phone, "filing").ok
    code = last_code(phone)
    assert len(code) == 6
    assert code not in OtpChallenge.get(OtpChallenge.phone == phone).code_hash
    assert otp.verify_code(phone, "filing", code).ok
    assert not otp.verify_code(phone, "filing", code).ok, "a code works once"


def test_a_code_for_one_purpose_does_not_open_another(ctx):
    phone = random_phone()
    otp.request_code(phone, "filing")
    assert otp.verify_code(phone, "my_dossiers", last_code(phone)).reason == "none"


def test_wrong_codes_count_down_then_lock(ctx):
    phone = random_phone()
    otp.request_code(phone, "filing")
    code = last_code(phone)
    wrong = "000000" if code != "000000" else "111111"
    outcomes = [otp.verify_code(phone, "filing", wrong) for _ in range(5)]
    assert [o.tries_left for o in outcomes[:4]] == [4, 3, 2, 1]
    assert outcomes[4].reason == "locked" and outcomes[4].wait_seconds > 14 * 60
    assert otp.verify_code(phone, "filing", code).reason == "locked", "even the right code waits out the lock"
    assert otp.request_code(phone, "filing").reason == "locked"


def test_codes_expire_after_five_minutes(ctx):
    phone = random_phone()
    otp.request_code(phone, "filing")
    code = last_code(phone)
    age(phone, 5 * 60 + 1)
    assert otp.verify_code(phone, "filing", code).reason == "expired"


def test_resend_is_throttled_to_one_a_minute_and_five_an_hour(ctx):
    phone = random_phone()
    assert otp.request_code(phone, "filing").ok
    throttled = otp.request_code(phone, "filing")
    assert throttled.reason == "throttled" and 0 < throttled.wait_seconds <= 60
    for _ in range(4):
        age(phone, 61)
        assert otp.request_code(phone, "filing").ok
    age(phone, 61)
    assert otp.request_code(phone, "filing").reason == "throttled"
    assert SmsMessage.select().where(SmsMessage.phone == phone).count() == 5
