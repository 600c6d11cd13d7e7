"""The gateways an SMS can leave by, chosen by configuration (SMS_BACKEND).

`outbox` keeps the message only (what `make run` uses, read at /dev/sms); `kannel` hands it to
Kannel's sendsms HTTP interface with a delivery-report URL. A gateway either accepts a message or
raises GatewayError; retrying is the caller's business.
"""

import urllib.error
import urllib.parse
import urllib.request

from flask import current_app


class GatewayError(Exception):
    pass


class OutboxBackend:
    name = "outbox"

    def submit(self, message):
        """Nothing leaves the machine: the stored row is the delivery."""


class KannelBackend:
    name = "kannel"
    DLR_ALL = 31  # delivered, undelivered, buffered, accepted by the SMSC, rejected by the SMSC

    def submit(self, message):
        config = current_app.config
        query = urllib.parse.urlencode(
            {
                "username": config["KANNEL_USERNAME"],
                "password": config["KANNEL_PASSWORD"],
                "from": config["SMS_SENDER"],
                "to": gateway_number(message.phone),
                "text": message.body,
                "coding": 0,  # GSM-7: the templates carry no diacritics
                "dlr-mask": self.DLR_ALL,
                "dlr-url": dlr_url(message),
            }
        )
        try:
            with urllib.request.urlopen(
                f"{config['KANNEL_SENDSMS_URL']}?{query}", timeout=config["SMS_TIMEOUT_SECONDS"]
            ) as answer:
                answer.read()
        except urllib.error.HTTPError as refused:  # Kannel answers 4xx/5xx with a reason in the body
            raise GatewayError(f"HTTP {refused.code}: {refused.read(200).decode(errors='replace').strip()}") from None
        except (OSError, ValueError) as down:  # refused connection, timeout, bad URL
            raise GatewayError(f"{type(down).__name__}: {down}") from None


def gateway_number(e164):
    """'+84912345678' → '84912345678': the international form without '+', as SMSCs expect it."""
    return e164[1:] if e164.startswith("+") else e164


def dlr_url(message):
    """Where Kannel reports delivery; %d is Kannel's escape for the report type."""
    config = current_app.config
    query = urllib.parse.urlencode({"secret": config["SMS_WEBHOOK_SECRET"], "id": message.public_id})
    return f"{config['SMS_CALLBACK_URL'].rstrip('/')}/sms/kannel/dlr?{query}&status=%d"


BACKENDS = {"outbox": OutboxBackend, "kannel": KannelBackend}


def backend():
    return BACKENDS[current_app.config.get("SMS_BACKEND", "outbox")]()
