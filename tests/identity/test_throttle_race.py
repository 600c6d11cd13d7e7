"""Parallel tries against the login and SMS-code limits: exactly the limit is checked, never more."""

from collections import Counter

from tests.apps import in_threads
from tests.factories import random_phone
from webapp.db import db
from webapp.identity import otp, services, throttle
from webapp.models import OtpChallenge, SmsMessage


def test_twenty_four_parallel_wrong_passwords_from_as_many_addresses_check_five(migrated_app):
    def try_once(i):
        return services.password_step("ai-do", "sai-mat-khau", f"192.0.2.{i + 1}").reason

    reasons = in_threads(migrated_app, 24, try_once)
    assert Counter(reasons) == {"wrong": throttle.LIMITS["user"], "throttled": 24 - throttle.LIMITS["user"]}


def test_twenty_four_parallel_wrong_codes_compare_five_then_lock(filing_app):
    phone = random_phone()
    with filing_app.test_request_context(), db.connection_context():
        assert otp.request_code(phone, "filing").ok
    outcomes = in_threads(filing_app, 24, lambda i: otp.verify_code(phone, "filing", "000000"))
    wrong = [o.tries_left for o in outcomes if o.reason == "wrong"]
    assert sorted(wrong) == [1, 2, 3, 4], "each compared try is told its own tries left"
    assert Counter(o.reason for o in outcomes) == {"wrong": 4, "locked": 20}
    assert all(o.wait_seconds > 0 for o in outcomes if o.reason == "locked")
    with filing_app.app_context(), db.connection_context():
        assert OtpChallenge.get(OtpChallenge.phone == phone).attempts == otp.MAX_ATTEMPTS


def test_twenty_four_parallel_requests_for_a_code_send_one_sms(filing_app):
    phone = random_phone()
    outcomes = in_threads(filing_app, 24, lambda i: otp.request_code(phone, "filing"))
    assert Counter(o.reason for o in outcomes) == {"sent": 1, "throttled": 23}
    assert all(0 < o.wait_seconds <= 61 for o in outcomes if o.reason == "throttled")
    with filing_app.app_context(), db.connection_context():
        assert SmsMessage.select().where(SmsMessage.phone == phone).count() == 1
