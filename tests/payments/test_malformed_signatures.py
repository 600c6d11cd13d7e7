"""Issue 17 §3: whatever arrives as vnp_SecureHash, the gateway gets RspCode 97 and the person coming
back from the bank a Vietnamese page, never a 500; and the payment stays as it was."""

from urllib.parse import quote

import pytest

from tests.payments.test_payments import IPN, notice_params, record, text
from tests.walks import with_fee
from webapp.constant_time import same_secret
from webapp.payments import vnpay

RESULT = "/thanh-toan/ket-qua"
# Raw query-string values (already percent-encoded where needed), as a tester types them.
MALFORMED = {
    "non-ASCII": "%C3%A9",
    "non-ASCII at full length": "%C3%A9" + "a" * 127,
    "NUL": "%00",
    "NUL-padded": "%00" * 128,
    "too short": "ab",
    "too long": "ab" * 65,
    "empty": "",
    "invalid UTF-8": "%FF%FE",
    "emoji": "%F0%9F%98%80",
    "twice": "ab&vnp_SecureHash=%C3%A9",
}


def query(params, secure_hash):
    fields = "&".join(f"{key}={quote(value)}" for key, value in params.items() if key != "vnp_SecureHash")
    return f"{fields}&vnp_SecureHash={secure_hash}"


@pytest.mark.parametrize("secure_hash", MALFORMED.values(), ids=MALFORMED.keys())
def test_the_ipn_answers_97_to_a_malformed_signature(filing_app, secure_hash):
    dossier = with_fee(filing_app)
    good = notice_params(filing_app, dossier)
    response = filing_app.test_client().get(f"{IPN}?{query(good, secure_hash)}")
    assert response.status_code == 200 and response.get_json()["RspCode"] == "97"
    assert record(filing_app, dossier)[0] == ["pending"]


@pytest.mark.parametrize("secure_hash", MALFORMED.values(), ids=MALFORMED.keys())
def test_the_return_page_says_the_result_could_not_be_verified(filing_app, secure_hash):
    dossier = with_fee(filing_app)
    good = notice_params(filing_app, dossier)
    response = filing_app.test_client().get(f"{RESULT}?{query(good, secure_hash)}")
    assert response.status_code == 400
    assert "Không xác minh được kết quả thanh toán" in text(response)
    assert "no-store" in response.headers["Cache-Control"]


def test_the_ipn_without_a_signature_or_with_a_non_ascii_one_changes_nothing(filing_app):
    dossier = with_fee(filing_app)
    good = notice_params(filing_app, dossier)
    client = filing_app.test_client()
    for secure_hash in ("%C3%A9", "%00"):
        assert client.get(f"{IPN}?{query(good, secure_hash)}").get_json()["RspCode"] == "97"
    assert record(filing_app, dossier) == (["pending"], [], None)


def test_a_signature_in_capitals_is_still_the_signature(filing_app):
    dossier = with_fee(filing_app)
    good = notice_params(filing_app, dossier)
    response = filing_app.test_client().get(f"{IPN}?{query(good, good['vnp_SecureHash'].upper())}")
    assert response.get_json()["RspCode"] == "00"


@pytest.mark.parametrize(
    "given",
    [None, "", "é", "\x00", "\ud800", b"\xff", 12, ["ab"], {"a": 1}, "AB", "ab\x00", "abc"],
)
def test_the_comparison_never_raises_and_never_matches_malformed_input(given):
    assert same_secret(given, "ab") is False


def test_the_comparison_matches_only_the_secret():
    assert same_secret("ab", "ab") and same_secret(b"ab", "ab") and same_secret("AB", "ab", ignore_case=True)
    assert not same_secret("", "") and not same_secret(None, None) and not same_secret("ab", None)


def test_verify_with_a_malformed_hash_is_false():
    params = vnpay.signed({"vnp_TxnRef": "1", "vnp_Amount": "100"}, "secret")
    for bad in ("é" * 128, "\x00" * 128, None, 5, ["x"]):
        assert not vnpay.verify({**params, "vnp_SecureHash": bad}, "secret")
    assert vnpay.verify(params, "secret")


@pytest.mark.parametrize("body", [{"vnp_SecureHash": "é" * 128, "vnp_TxnRef": ["x"]}, ["not", "an", "object"], {}])
def test_the_simulated_querydr_answers_97_to_a_malformed_request(filing_app, body):
    response = filing_app.test_client().post("/gia-lap-thanh-toan/merchant_webapi/api/transaction", json=body)
    assert response.status_code == 200 and response.get_json()["vnp_ResponseCode"] == "97"
