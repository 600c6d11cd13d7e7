"""What the app asks of a payment gateway, whichever it is (VNPay now, PayGov beside it later).

A gateway builds the signed address of its bank page, reads a notice it sent us (the IPN, the
browser's return, or an answer to our query) and can be asked about a payment it never told us
about. Everything protocol-specific (field names, amounts ×100, the hash) stays in its adapter:
PayGov's SHA-256 over `|`-joined fields with the secret last fits the same three methods.
"""

from dataclasses import dataclass, field
from typing import Protocol

from flask import current_app


@dataclass(frozen=True)
class Notice:
    """A gateway's word on one payment, already checked against its signature.

    `amount` is in VND (None if unreadable); `success` means the money was taken; `response_code`
    is the gateway's own code ("24" = the person cancelled, for VNPay); `params` are kept on the
    payment as received.
    """

    valid_signature: bool
    txn_ref: str = ""
    amount: int | None = None
    success: bool = False
    transaction_no: str = ""
    bank_code: str = ""
    response_code: str = ""
    pay_date: str = ""
    cancelled: bool = False
    params: dict = field(default_factory=dict)


class Gateway(Protocol):
    name: str  # stored on Payment.gateway
    actor: str  # the audit row's actor

    def pay_url(self, payment, return_url, client_ip, now) -> str:
        """The bank page's address for this payment, signed; `now` is naive UTC."""

    def check_notice(self, params) -> Notice:
        """Read the parameters of an IPN or a return; an invalid signature gives valid_signature=False."""

    def query(self, payment, client_ip, now) -> Notice | None:
        """Ask the gateway about a payment; None when it has no final answer (unknown, still open)."""


def gateway(name=None) -> Gateway:
    """The configured gateway (PAYMENT_GATEWAY), built from the app's configuration."""
    name = name or current_app.config.get("PAYMENT_GATEWAY", "vnpay")
    if name == "vnpay":
        from webapp.payments.vnpay import VNPay

        return VNPay.from_config(current_app.config)
    raise ValueError(f"unknown payment gateway {name!r}")
