"""validation.check: each way a signature fails is told apart, in the verdict the pages word."""

import datetime

import pytest
from flask import Flask

from tests.apps import SHARED_PKI
from tests.factories import PDF
from tests.signing_helpers import (
    OUTSIDER,
    changed_after_signing,
    demo_root,
    demo_signed_pdf,
    expired_signed_pdf,
    flipped_in_signed_range,
    foreign_signed_pdf,
    person,
    revoked_signed_pdf,
    signed_by,
    without_its_certificates,
    write_crl,
)
from webapp.signing import validation
from webapp.signing.keys import issue_certificate


@pytest.fixture
def pki():
    """An app context on the tests' shared demo PKI, with nothing else of the app."""
    app = Flask(__name__)
    app.config.update(SIGNING_KEY_DIR=SHARED_PKI, SIGNING_DEMO_PKI=True, SIGNING_KEY_PASSPHRASE="motcua-test-keys")
    with app.app_context():
        yield app


def test_a_file_signed_under_the_demo_root_is_valid_and_names_its_signer(pki):
    report = validation.check(demo_signed_pdf())
    assert report.verdict == validation.VALID and report.valid
    (signature,) = report.signatures
    assert signature.signer == OUTSIDER and signature.title == "Chuyên viên"
    assert signature.organisation == "Công ty Ngoài Hệ Thống"
    assert signature.signed_at is not None and signature.signed_at.tzinfo is not None


def test_one_byte_changed_inside_the_signed_range_is_modified(pki):
    report = validation.check(flipped_in_signed_range(demo_signed_pdf()))
    assert report.verdict == validation.MODIFIED and not report.valid


def test_a_page_changed_in_a_later_revision_is_modified(pki):
    report = validation.check(changed_after_signing(demo_signed_pdf()))
    assert report.verdict == validation.MODIFIED and not report.valid


def test_a_certificate_of_another_root_is_untrusted(pki):
    assert validation.check(foreign_signed_pdf()).verdict == validation.UNTRUSTED


def test_a_certificate_expired_before_the_signing_time_is_expired(pki):
    assert validation.check(expired_signed_pdf()).verdict == validation.EXPIRED


def test_a_certificate_on_a_listed_crl_is_revoked(pki, tmp_path):
    crl = tmp_path / "root.crl"
    signed = revoked_signed_pdf(crl)
    assert validation.check(signed).verdict == validation.VALID  # no CRL configured: nothing says otherwise
    pki.config["SIGNING_CRL_FILES"] = [str(crl)]
    assert validation.check(signed).verdict == validation.REVOKED


def test_a_certificate_naming_no_crl_address_is_still_revoked_by_a_listed_crl(pki, tmp_path):
    key, cert, root = issue_certificate(person())  # like the demo's: no distribution point in it
    signed = signed_by(key, cert, [root])
    root_cert, root_key = demo_root()
    an_hour_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
    write_crl(tmp_path / "root.crl", root_cert, root_key, revoked=[cert.serial_number], revoked_at=an_hour_ago)
    pki.config["SIGNING_CRL_FILES"] = [str(tmp_path / "root.crl")]
    assert validation.check(signed).verdict == validation.REVOKED


def test_an_unsigned_pdf_and_a_file_that_is_no_pdf(pki):
    assert validation.check(PDF).verdict == validation.UNSIGNED
    assert validation.check(b"GIF89a not a pdf").verdict == validation.UNREADABLE
    assert validation.check(b"").verdict == validation.UNREADABLE


def test_the_worst_signature_decides_the_file(pki):
    twice = demo_signed_pdf(foreign_signed_pdf())
    verdicts = [s.verdict for s in validation.check(twice).signatures]
    assert sorted(verdicts) == sorted([validation.UNTRUSTED, validation.VALID])
    assert validation.check(twice).verdict == validation.UNTRUSTED


def test_every_verdict_has_its_sentence(pki):
    codes = {validation.VALID, validation.MODIFIED, validation.UNTRUSTED, validation.EXPIRED}
    codes |= {validation.REVOKED, validation.UNSIGNED, validation.UNREADABLE}
    assert set(validation.SUMMARIES) == codes


def test_a_signature_without_its_certificate_is_a_verdict_not_an_exception(pki):
    (signature,) = validation.check(without_its_certificates(demo_signed_pdf())).signatures
    assert signature.verdict == validation.MODIFIED and signature.signer == ""
