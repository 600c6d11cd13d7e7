"""VNPay 2.1.0 (DOMAIN §9): the pay redirect, the IPN/return check and the querydr call.

Signing: every vnp_* parameter but vnp_SecureHash/vnp_SecureHashType, sorted by key, joined as
`key=quote_plus(value)` with `&`, HMAC-SHA512 with the hash secret, hex. The querydr API signs a
`|`-joined list of fields in a fixed order instead (request and response alike).
"""

import datetime
import hashlib
import hmac
import json
import secrets
import urllib.request
from urllib.parse import quote_plus

from flask import current_app

from webapp.calendar.working_time import to_local
from webapp.constant_time import same_secret
from webapp.payments.gateway import Notice
from webapp.text import strip_marks

VERSION = "2.1.0"
UNSIGNED = ("vnp_SecureHash", "vnp_SecureHashType")
DATE_FORMAT = "%Y%m%d%H%M%S"  # yyyyMMddHHmmss, GMT+7
# querydr: the fields its checksums cover, in VNPay's order.
QUERY_FIELDS = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_TransactionDate",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
QUERY_REPLY_FIELDS = (
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
    "vnp_PromotionCode",
    "vnp_PromotionAmount",
)


def hash_data(params):
    """The string VNPay signs: sorted vnp_* pairs, values quote_plus-encoded, joined by &."""
    pairs = sorted((k, str(v)) for k, v in params.items() if k.startswith("vnp_") and k not in UNSIGNED and v != "")
    return "&".join(f"{key}={quote_plus(value)}" for key, value in pairs)


def _hmac(secret, text):
    return hmac.new(secret.encode(), text.encode("utf-8"), hashlib.sha512).hexdigest()


def sign(params, secret):
    return _hmac(secret, hash_data(params))


def signed(params, secret):
    """The parameters with their vnp_SecureHash added."""
    return {**params, "vnp_SecureHash": sign(params, secret)}


def verify(params, secret):
    """True if vnp_SecureHash matches, compared in constant time. Anything malformed (missing, non-ASCII,
    a NUL, the wrong length) is a bad signature, never an exception. Without a configured secret anyone
    could sign: nothing is ever genuine then."""
    return bool(secret) and same_secret(params.get("vnp_SecureHash"), sign(params, secret), ignore_case=True)


def url_with(base, params):
    return base + ("&" if "?" in base else "?") + "&".join(f"{k}={quote_plus(str(v))}" for k, v in params.items())


def query_checksum(values, fields, secret):
    """querydr's checksum: the fields' values joined by | in the documented order."""
    return _hmac(secret, "|".join(str(values.get(name, "")) for name in fields))


def vn_time(utc_naive):
    return to_local(utc_naive).strftime(DATE_FORMAT)


def order_info(payment):
    """ASCII without diacritics, as VNPay requires."""
    text = strip_marks(f"Thanh toan phi ho so {payment.dossier.code}")
    return text.encode("ascii", "ignore").decode()[:255]


class VNPay:
    name = "vnpay"
    actor = "Cổng thanh toán VNPay"

    def __init__(self, tmn_code, secret, pay_url, api_url, expire_minutes=15, timeout=10):
        self.tmn_code, self.secret = tmn_code, secret
        self.pay_base, self.api_url = pay_url, api_url
        self.expire_minutes, self.timeout = expire_minutes, timeout

    @classmethod
    def from_config(cls, config):
        return cls(
            config["VNPAY_TMN_CODE"],
            config["VNPAY_HASH_SECRET"],
            config["VNPAY_PAY_URL"],
            config["VNPAY_API_URL"],
            config.get("PAYMENT_EXPIRE_MINUTES", 15),
            config.get("VNPAY_TIMEOUT_SECONDS", 10),
        )

    def pay_params(self, payment, return_url, client_ip, now):
        params = {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": str(payment.amount * 100),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": payment.txn_ref,
            "vnp_OrderInfo": order_info(payment),
            "vnp_OrderType": "other",
            "vnp_Locale": "vn",
            "vnp_ReturnUrl": return_url,
            "vnp_IpAddr": client_ip or "127.0.0.1",
            "vnp_CreateDate": vn_time(now),
            "vnp_ExpireDate": vn_time(now + datetime.timedelta(minutes=self.expire_minutes)),
        }
        return signed(params, self.secret)

    def pay_url(self, payment, return_url, client_ip, now):
        return url_with(self.pay_base, self.pay_params(payment, return_url, client_ip, now))

    def check_notice(self, params):
        params = {k: v for k, v in dict(params).items() if k.startswith("vnp_")}
        if not verify(params, self.secret):
            return Notice(valid_signature=False, txn_ref=params.get("vnp_TxnRef", ""), params=params)
        code = params.get("vnp_ResponseCode", "")
        status = params.get("vnp_TransactionStatus", code)
        return Notice(
            valid_signature=True,
            txn_ref=params.get("vnp_TxnRef", ""),
            amount=_vnd(params.get("vnp_Amount")),
            success=code == "00" and status == "00",
            transaction_no=params.get("vnp_TransactionNo", "")[:40],
            bank_code=params.get("vnp_BankCode", "")[:20],
            response_code=code[:8],
            pay_date=params.get("vnp_PayDate", ""),
            cancelled=code == "24",
            params=params,
        )

    def query(self, payment, client_ip, now):
        """querydr: the bank's record of the payment; None unless it is final (paid or failed)."""
        request = {
            "vnp_RequestId": secrets.token_hex(16),
            "vnp_Version": VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TxnRef": payment.txn_ref,
            "vnp_OrderInfo": strip_marks(f"Truy van giao dich {payment.txn_ref}"),
            "vnp_TransactionDate": vn_time(payment.created_at),
            "vnp_CreateDate": vn_time(now),
            "vnp_IpAddr": client_ip or "127.0.0.1",
        }
        request["vnp_SecureHash"] = query_checksum(request, QUERY_FIELDS, self.secret)
        reply = self._post(request)
        if not isinstance(reply, dict) or not same_secret(
            reply.get("vnp_SecureHash"), query_checksum(reply, QUERY_REPLY_FIELDS, self.secret), ignore_case=True
        ):
            return None
        status = reply.get("vnp_TransactionStatus", "")
        if reply.get("vnp_ResponseCode") != "00" or reply.get("vnp_TxnRef") != payment.txn_ref or status == "01":
            return None  # unknown to the bank, or still open there
        return Notice(
            valid_signature=True,
            txn_ref=payment.txn_ref,
            amount=_vnd(reply.get("vnp_Amount")),
            success=status == "00",
            transaction_no=str(reply.get("vnp_TransactionNo", ""))[:40],
            bank_code=str(reply.get("vnp_BankCode", ""))[:20],
            response_code=status[:8],
            pay_date=str(reply.get("vnp_PayDate", "")),
            params={k: v for k, v in reply.items() if k.startswith("vnp_")},
        )

    def _post(self, body):
        """JSON POST to the merchant API; a path ("/…") is our own simulator, answered in-process."""
        try:
            if self.api_url.startswith("/"):
                return current_app.test_client().post(self.api_url, json=body).get_json()
            request = urllib.request.Request(
                self.api_url, json.dumps(body).encode(), {"Content-Type": "application/json"}
            )
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return json.loads(response.read().decode("utf-8"))
        except (OSError, ValueError) as problem:
            current_app.logger.warning("VNPay querydr %s failed: %s", body.get("vnp_TxnRef"), problem)
            return None


def _vnd(value):
    """vnp_Amount (VND × 100) → VND, or None if it is not a whole number of đồng."""
    try:
        hundredths = int(str(value))
    except ValueError:
        return None
    return hundredths // 100 if hundredths % 100 == 0 else None
