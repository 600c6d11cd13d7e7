"""VNPay 2.1.0 signing: the published example's signed string, independent recomputations, frozen vectors.

VNPay's integration guide (sandbox.vnpayment.vn/apis/docs/huong-dan-tich-hop/) publishes a pay URL
signed for the demo terminal DEMOV210 but not that terminal's secret, so its vnp_SecureHash cannot be
recomputed here (the "sandbox secrets" quoted in public code do not reproduce it). What it does fix
is the exact string that is signed: the URL's query before vnp_SecureHash. We check that string byte
for byte, then the HMAC against a separate computation, a vector computed once and frozen, and the
signed IPNs an independent open-source client publishes with its secret (which we reproduce exactly).
"""

import datetime
import hashlib
import hmac
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlencode, urlsplit

from webapp.payments import vnpay

# From VNPay's integration guide (2.1.0), the published pay URL.
PUBLISHED_URL = (
    "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html?vnp_Amount=1806000&vnp_Command=pay"
    "&vnp_CreateDate=20210801153333&vnp_CurrCode=VND&vnp_IpAddr=127.0.0.1&vnp_Locale=vn"
    "&vnp_OrderInfo=Thanh+toan+don+hang+%3A5&vnp_OrderType=other"
    "&vnp_ReturnUrl=https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl&vnp_TmnCode=DEMOV210&vnp_TxnRef=5"
    "&vnp_Version=2.1.0&vnp_SecureHash=3e0d61a0c0534b2e36680b3f7277743e8784cc4e1d68fa7d276e79c23be7d6318d338b4779"
    "10a27992f5057bb1582bd44bd82ae8009ffaf6d141219218625c42"
)
PUBLISHED_INPUTS = {
    "vnp_Version": "2.1.0",
    "vnp_Command": "pay",
    "vnp_TmnCode": "DEMOV210",
    "vnp_Amount": "1806000",
    "vnp_CurrCode": "VND",
    "vnp_TxnRef": "5",
    "vnp_OrderInfo": "Thanh toan don hang :5",
    "vnp_OrderType": "other",
    "vnp_Locale": "vn",
    "vnp_ReturnUrl": "https://domainmerchant.vn/ReturnUrl",
    "vnp_IpAddr": "127.0.0.1",
    "vnp_CreateDate": "20210801153333",
}
SECRET = "MOTCUATESTSECRETKEY0123456789ABC"
# Computed once with this module's inputs and SECRET, then frozen: a change to signing shows here.
FROZEN_PAY_HASH = (
    "d4f6c5d05a752a0bf9be7df9dda5d0282957bc6eca5729e7d8c6436566f88480"
    "7830c110777151aa6584ea246999b46be29958923f8cff10bc63262174c13a13"
)
QUERY = {
    "vnp_RequestId": "R1",
    "vnp_Version": "2.1.0",
    "vnp_Command": "querydr",
    "vnp_TmnCode": "DEMOV210",
    "vnp_TxnRef": "5",
    "vnp_TransactionDate": "20210801153333",
    "vnp_CreateDate": "20210801160000",
    "vnp_IpAddr": "127.0.0.1",
    "vnp_OrderInfo": "Truy van giao dich 5",
}
FROZEN_QUERY_HASH = (
    "7fec2d615fd6d0ac71a99f91d2efe346cf3aebf66298ae95270706f23de12c02"
    "acccae816ad7960431290f9d2105e0392e6e1df64ea1974128e3f3084c77e5fb"
)


def test_the_signed_string_is_the_published_example_byte_for_byte():
    published_query = urlsplit(PUBLISHED_URL).query
    assert vnpay.hash_data(PUBLISHED_INPUTS) == published_query.split("&vnp_SecureHash=")[0]


def test_the_published_url_parses_back_to_the_same_inputs_and_the_hash_is_left_out():
    params = dict(parse_qsl(urlsplit(PUBLISHED_URL).query))
    assert {k: v for k, v in params.items() if k != "vnp_SecureHash"} == PUBLISHED_INPUTS
    assert vnpay.hash_data(params) == vnpay.hash_data({**params, "vnp_SecureHashType": "HmacSHA512"})


def test_hmac_sha512_matches_an_independent_computation_and_the_frozen_vector():
    independent = hmac.new(
        SECRET.encode(), urlencode(sorted(PUBLISHED_INPUTS.items())).encode(), hashlib.sha512
    ).hexdigest()
    assert vnpay.sign(PUBLISHED_INPUTS, SECRET) == independent == FROZEN_PAY_HASH


def test_verify_is_exact():
    params = vnpay.signed(PUBLISHED_INPUTS, SECRET)
    assert vnpay.verify(params, SECRET)
    assert vnpay.verify({**params, "vnp_SecureHash": params["vnp_SecureHash"].upper()}, SECRET)
    assert not vnpay.verify({**params, "vnp_Amount": "1806100"}, SECRET)
    assert not vnpay.verify(params, SECRET + "x")
    assert not vnpay.verify(PUBLISHED_INPUTS, SECRET)  # no hash at all
    assert not vnpay.verify({**params, "vnp_Extra": "1"}, SECRET)  # an added vnp_ field is signed too


# The querydr field orders (request and reply) are those of VNPay's merchant API page, cross-checked on
# 2026-11-28 against an independent open-source client of that API (npm `vnpay`, src/services/query.service.ts),
# which lists the same nine request fields and fifteen reply fields in the same order.
REPLY_ORDER = (
    "vnp_ResponseId vnp_Command vnp_ResponseCode vnp_Message vnp_TmnCode vnp_TxnRef vnp_Amount vnp_BankCode "
    "vnp_PayDate vnp_TransactionNo vnp_TransactionType vnp_TransactionStatus vnp_OrderInfo vnp_PromotionCode "
    "vnp_PromotionAmount"
)


def test_querydr_reply_checksum_covers_the_documented_fields_in_order():
    assert tuple(REPLY_ORDER.split()) == vnpay.QUERY_REPLY_FIELDS


def test_querydr_checksum_is_the_pipe_joined_fields_in_order():
    text = "|".join(QUERY[name] for name in vnpay.QUERY_FIELDS)
    assert text.startswith("R1|2.1.0|querydr|DEMOV210|5|20210801153333|20210801160000|127.0.0.1|")
    independent = hmac.new(SECRET.encode(), text.encode(), hashlib.sha512).hexdigest()
    assert vnpay.query_checksum(QUERY, vnpay.QUERY_FIELDS, SECRET) == independent == FROZEN_QUERY_HASH


def test_pay_params_follow_version_2_1_0():
    gateway = vnpay.VNPay("MOTCUA01", SECRET, "https://bank.example/pay", "https://bank.example/api")
    payment = SimpleNamespace(
        amount=25000, txn_ref="ABCDEF0123456789ABCD", dossier=SimpleNamespace(code="H42.18073-260105-0001")
    )
    now = datetime.datetime(2026, 1, 5, 17, 30, 0)  # UTC → 00:30 the next day in Hà Nội
    params = gateway.pay_params(payment, "https://motcua.example/thanh-toan/ket-qua", "10.0.0.9", now)
    assert params["vnp_Version"] == "2.1.0" and params["vnp_Command"] == "pay"
    assert params["vnp_Amount"] == "2500000" and params["vnp_CurrCode"] == "VND" and params["vnp_Locale"] == "vn"
    assert params["vnp_CreateDate"] == "20260106003000" and params["vnp_ExpireDate"] == "20260106004500"
    assert params["vnp_OrderInfo"].isascii() and "H42.18073-260105-0001" in params["vnp_OrderInfo"]
    assert "vnp_SecureHashType" not in params and vnpay.verify(params, SECRET)
    url = gateway.pay_url(payment, "https://motcua.example/thanh-toan/ket-qua", "10.0.0.9", now)
    assert url.startswith("https://bank.example/pay?") and vnpay.verify(dict(parse_qsl(urlsplit(url).query)), SECRET)


def test_notices_read_amounts_and_codes():
    gateway = vnpay.VNPay("MOTCUA01", SECRET, "/pay", "/api")
    base = {"vnp_TxnRef": "T1", "vnp_Amount": "2500000", "vnp_ResponseCode": "00", "vnp_TransactionStatus": "00"}
    notice = gateway.check_notice(vnpay.signed(base, SECRET))
    assert notice.valid_signature and notice.success and notice.amount == 25000
    cancelled = gateway.check_notice(vnpay.signed({**base, "vnp_ResponseCode": "24"}, SECRET))
    assert cancelled.cancelled and not cancelled.success
    assert gateway.check_notice(vnpay.signed({**base, "vnp_Amount": "2500050"}, SECRET)).amount is None
    assert not gateway.check_notice({**base, "vnp_SecureHash": "00"}).valid_signature


# Vectors published with an independent open-source VNPay 2.1.0 client (npm `vnpay`,
# test/verify-ipn-call.test.ts): an IPN of the sandbox signed with the secret "test_secret".
INDEPENDENT_IPN = {
    "vnp_Amount": "1000000",
    "vnp_BankCode": "NCB",
    "vnp_BankTranNo": "VNP14422574",
    "vnp_CardType": "ATM",
    "vnp_OrderInfo": "Thanh toan don hang 2024-05-21T02:17:31.249Z",
    "vnp_PayDate": "20240521091806",
    "vnp_ResponseCode": "00",
    "vnp_TmnCode": "TEST_TMN_CODE",
    "vnp_TransactionNo": "14422574",
    "vnp_TransactionStatus": "00",
    "vnp_TxnRef": "1716257871703",
}
INDEPENDENT_HASHES = {
    "00": "649982421beb422556a1374713c74e58e716ecbd05007c0c0e1f7effdfaf361d"
    "bf146889ca446139afe11b9954c4d5c486e99e3b86fcfab6957f29eb0be72895",
    "99": "503194f6d93b57b357b2d1d09742565e67e86d771352c5dca4fc8d39df3d392c"
    "6b3809add9405f97cfb9631f445e36c80656cfbf47eac67d97fa165865c13e1b",
}


def test_ipn_signatures_match_an_independent_implementations_vectors():
    for code, published in INDEPENDENT_HASHES.items():
        notice = {**INDEPENDENT_IPN, "vnp_ResponseCode": code}
        assert vnpay.signed(notice, "test_secret")["vnp_SecureHash"] == published
        assert vnpay.verify({**notice, "vnp_SecureHash": published}, "test_secret")
        assert not vnpay.verify({**notice, "vnp_SecureHash": published}, "another_secret")
